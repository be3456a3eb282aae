#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/run.sh: huntpack's end-to-end benchmark (issue 8). Not a test.
#
#  1. generates bench/out/gen-s<SEED>-<FRAMES>.pcap (captures/gen_bench.py) unless present, merges
#     the shared captures (HUNTPACK_SHARED_CAPTURES: ndpi/, ja4/, ndpi-corpus/) into
#     bench/out/shared.pcapng, and appends them: bench/out/bench.pcapng;
#  2. runs tshark on it, alternating with and without huntpack (ABBA order per round), RUNS rounds:
#       plain     tshark -n -r F                                      (summary lines to /dev/null)
#       huntpack  tshark -n -q -r F -z huntpack_revised,tree -z huntpack_breakdown,tree
#                 [+ -z huntpack_traits,table -z huntpack_devices,table when tshark -z help lists them]
#                 (with huntpack only: the statistics do not exist without it)
#       wireshark tshark -n -q -r F -z io,phs -z expert               (Wireshark's own analysis)
#     wall, user, sys and peak RSS from /usr/bin/time; load average before each run;
#  3. bench/out/runs.tsv (every run), bench/out/summary.md (medians, ratios, verdicts);
#  4. bench_core microbenchmarks (when BENCH_CORE names the binary) to bench/out/bench_core.txt.
#
# Every tshark runs unprivileged in a user namespace with a private HOME (as root tshark ignores
# personal plugin folders): home-hp holds huntpack.so + its data, home-none holds nothing.
# Environment: HUNTPACK_PLUGIN (default /work/build-bench/huntpack.so: build it as the product is
# built, `HUNTPACK_BUILD_DIR=/work/build-bench ./huntpack.sh build`, LTO and PGO), HUNTPACK_SOURCE_DIR,
# HUNTPACK_WS_MAJMIN (4.0), RUNS (5), FRAMES (1000000), SEED (1), MODES ("plain huntpack wireshark"),
# CAPTURE (use this file instead of generating), BENCH_CORE (bench_core binary or empty).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=${HUNTPACK_SOURCE_DIR:-$(dirname "$HERE")}
RUNS=${RUNS:-5}
FRAMES=${FRAMES:-1000000}
SEED=${SEED:-1}
MODES=${MODES:-"plain huntpack wireshark"}
SHARED=${HUNTPACK_SHARED_CAPTURES:-$(cd "$SRC/.." && pwd)/shared/captures}
OUT=$HERE/out
mkdir -p "$OUT"
. "$HERE/homes.sh" # private homes; checks the plugin first (before minutes of generating)
PY=/usr/bin/python3


# --- captures --------------------------------------------------------------------------------
if [ -n "${CAPTURE:-}" ]; then
    F=$CAPTURE
else
    GEN=$OUT/gen-s$SEED-$FRAMES.pcap
    if [ ! -s "$GEN" ]; then
        echo "== generating $GEN"
        /usr/bin/time -f "generated in %e s" "$PY" "$SRC/captures/gen_bench.py" --seed "$SEED" --frames "$FRAMES" -o "$GEN.tmp"
        mv "$GEN.tmp" "$GEN"
    fi
    if [ ! -s "$OUT/shared.pcapng" ]; then
        [ -d "$SHARED" ] || { echo "run.sh: shared captures missing: $SHARED" >&2; exit 1; }
        mapfile -t files < <(find "$SHARED/ndpi" "$SHARED/ja4" "$SHARED/ndpi-corpus" -maxdepth 1 -type f \
            \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) 2>/dev/null | sort)
        echo "== merging ${#files[@]} shared captures"
        # Chronological merge; files mergecap cannot read are reported and left out.
        good=()
        for f in "${files[@]}"; do capinfos -c "$f" >/dev/null 2>&1 && good+=("$f") || echo "   skipped (unreadable): $f"; done
        mergecap -w "$OUT/shared.pcapng" "${good[@]}"
    fi
    F=$OUT/bench-s$SEED-$FRAMES.pcapng
    if [ ! -s "$F" ]; then
        mergecap -a -w "$F" "$GEN" "$OUT/shared.pcapng"
    fi
fi
NFRAMES=$(capinfos -c -M "$F" | awk -F: '/Number of packets/ {gsub(/ /, "", $2); print $2}')
echo "== capture: $F ($NFRAMES frames, $(du -h "$F" | cut -f1))"

chmod a+r "$F"
ZHELP=$(unpriv "$HP" tshark -z help 2>&1 || true)
HP_STATS=(-z huntpack_revised,tree -z huntpack_breakdown,tree)
for t in huntpack_traits huntpack_devices; do
    if grep -q "^ *$t,table" <<<"$ZHELP"; then HP_STATS+=(-z "$t,table"); fi
done
echo "== huntpack statistics available: $(grep -o 'huntpack_[a-z]*,[a-z]*' <<<"$ZHELP" | tr '\n' ' ')"
echo "== huntpack run: tshark -n -q -r F ${HP_STATS[*]}"

# --- runs ------------------------------------------------------------------------------------
TSV=$OUT/runs.tsv
printf 'round\tmode\tvariant\twall_s\tuser_s\tsys_s\tmaxrss_kb\tload1\n' >"$TSV"
one() { # round mode variant
    local round=$1 mode=$2 variant=$3 home args=()
    home=$([ "$variant" = with ] && echo "$HP" || echo "$NONE")
    case $mode in
    plain) args=(-n -r "$F") ;;
    huntpack) args=(-n -q -r "$F" "${HP_STATS[@]}") ;;
    wireshark) args=(-n -q -r "$F" -z io,phs -z expert) ;;
    esac
    local load t
    load=$(cut -d' ' -f1 /proc/loadavg)
    t=$(mktemp)
    unpriv "$home" /usr/bin/time -o "$t" -f '%e\t%U\t%S\t%M' tshark "${args[@]}" >/dev/null 2>"$OUT/last-$mode-$variant.err" ||
        { echo "run.sh: tshark failed ($mode $variant):" >&2; tail -5 "$OUT/last-$mode-$variant.err" >&2; exit 1; }
    printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$mode" "$variant" "$(tail -1 "$t")" "$load" >>"$TSV"
    echo "   round $round $mode/$variant: $(tail -1 "$t" | awk -F'\t' '{printf "wall %ss user %ss sys %ss rss %d MiB", $1, $2, $3, $4/1024}') (load $load)"
    rm -f "$t"
}
# Keep one output of each huntpack/wireshark analysis for the record.
unpriv "$HP" tshark -n -q -r "$F" "${HP_STATS[@]}" >"$OUT/analysis-huntpack.txt" 2>&1 || true
for round in $(seq 1 "$RUNS"); do
    for mode in $MODES; do
        if [ "$mode" = huntpack ]; then
            one "$round" "$mode" with
        elif [ $((round % 2)) -eq 1 ]; then
            one "$round" "$mode" without; one "$round" "$mode" with
        else
            one "$round" "$mode" with; one "$round" "$mode" without
        fi
    done
done

"$PY" "$HERE/summarize.py" "$TSV" --frames "$NFRAMES" --capture "$F" | tee "$OUT/summary.md"

if [ -n "${BENCH_CORE:-}" ] && [ -x "$BENCH_CORE" ]; then
    echo "== bench_core"
    "$BENCH_CORE" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true | tee "$OUT/bench_core.txt"
fi
