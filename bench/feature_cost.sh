#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/feature_cost.sh [ROUNDS] [CAPTURE]: what each statistic of huntpack's analysis (b) costs.
# For each of its four -z statistics, (b) with all four and (b) without that one run interleaved
# with one plugin (HUNTPACK_PLUGIN, homes.sh); then (b) against Wireshark's `-z io,phs -z
# expert` (c) and against a read that builds no protocol tree (`-z conv,eth`). CPU time per run
# from `perf stat -e task-clock`; medians; "+N ms" is what the statistic adds. Defaults: 8
# rounds, bench/out/t200k.pcap. Needs perf (Debian: linux-perf).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROUNDS=${1:-8}
F=${2:-$HERE/out/t200k.pcap}
command -v perf >/dev/null || { echo "feature_cost: perf not found (apt-get install linux-perf)" >&2; exit 1; }
OUT=${PROFILE_OUT:-$HERE/out/feature_cost}
mkdir -p "$OUT"
chmod a+rwx "$OUT"; chmod a+r "$F"
. "$HERE/homes.sh"
ALL=(huntpack_revised,tree huntpack_breakdown,tree huntpack_traits,table huntpack_devices,table)
zargs() { local s; for s in "$@"; do printf -- '-z %s ' "$s"; done; }
clock() { # home, tshark -z arguments (one word, split here)...
    local home=$1; shift
    # shellcheck disable=SC2068
    perf stat -x, -e task-clock -o "$OUT/stat.txt" -- \
        bash -c "$(declare -f unpriv); unpriv \"\$@\"" _ "$home" tshark -n -q -r "$F" $@ >/dev/null 2>&1
    awk -F, '/task-clock/ {print $1}' "$OUT/stat.txt"
}
compare() { # label, home A, args A, home B, args B: B - A
    local label=$1 ha=$2 za=$3 hb=$4 zb=$5 r
    for ((r = 1; r <= ROUNDS; r++)); do
        echo "$(clock "$ha" $za) $(clock "$hb" $zb)"
    done | python3 -c '
import statistics as st, sys
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
a = st.median(r[0] for r in rows); b = st.median(r[1] for r in rows)
print(f"{sys.argv[1]:34s} {a:8.1f} -> {b:8.1f} ms  {b - a:+7.1f} ms  per-round median {st.median([y / x for x, y in rows]):.4f}")' "$label"
}
echo "$ROUNDS rounds each, $(basename "$F"), CPU ms (task-clock), medians"
for s in "${ALL[@]}"; do
    rest=()
    for t in "${ALL[@]}"; do [ "$t" = "$s" ] || rest+=("$t"); done
    compare "adding ${s%%,*}" "$HP" "$(zargs "${rest[@]}")" "$HP" "$(zargs "${ALL[@]}")"
done
compare "(c) io,phs+expert -> (b)" "$NONE" "-z io,phs -z expert" "$HP" "$(zargs "${ALL[@]}")"
compare "no tree (conv,eth) -> (c)" "$NONE" "-z conv,eth" "$NONE" "-z io,phs -z expert"
