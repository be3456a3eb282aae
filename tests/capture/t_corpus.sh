#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# corpus: every capture under $HUNTPACK_SHARED_CAPTURES (ndpi/, ja4/, ndpi-corpus/: ~560 files,
# malformed and fuzzed ones included) dissected by tshark with huntpack, ALL huntpack statistics
# on (every huntpack_* of `tshark -z help`, found at run time), `-z expert`, and field output
# for every frame of a huntpack protocol (forces the postdissectors and tree building).
# Fails on: an exit by signal, a run longer than HUNTPACK_CORPUS_TIMEOUT (60 s), "Dissector bug",
# an assertion / GLib "ERROR:" / "CRITICAL" line, a sanitizer report. Wireshark's own baseline
# (MANIFEST.md): Ceph's "Dissector bug" in ndpi-corpus/ceph.pcap is excluded, exactly that one
# (with a protocol tree it fires in frames 30 and 33; tshark without huntpack prints both too).
# Files run in parallel (HUNTPACK_CORPUS_JOBS, default 2). HUNTPACK_CORPUS_FILTER: a grep -E on
# the relative path to run a subset. Sanitized runs: put a tshark wrapper first in PATH
# (tests/robustness/sanitized_suite.sh does).
source "$(dirname "$0")/../lib/common.sh"
hp_require_plugin
root=${HUNTPACK_SHARED_CAPTURES:-}
[ -n "$root" ] && [ -d "$root" ] || { echo "FAIL: HUNTPACK_SHARED_CAPTURES is not set or missing" >&2; exit 1; }
jobs=${HUNTPACK_CORPUS_JOBS:-2}
limit=${HUNTPACK_CORPUS_TIMEOUT:-60}

# Statistics and protocols, as this tshark + plugin registers them.
mapfile -t stats < <(hp_tshark -z help 2>&1 | sed -n 's/^ *\(huntpack_[A-Za-z0-9_]*,[a-z]*\) *$/\1/p')
[ "${#stats[@]}" -ge 3 ] || { echo "FAIL: huntpack statistics not registered (got: ${stats[*]:-none})" >&2; exit 1; }
mapfile -t protos < <(hp_tshark -G protocols 2>/dev/null | awk -F'\t' '$1 ~ /^huntpack/ || $3 == "spotudp" {print $3}')
[ "${#protos[@]}" -ge 3 ] || { echo "FAIL: huntpack protocols not registered" >&2; exit 1; }
mapfile -t fields < <(hp_tshark -G fields 2>/dev/null | awk -F'\t' -v p=" ${protos[*]} " '$1=="F" && index(p, " " $5 " ") {print $3}')
hp_ok "statistics: ${stats[*]}"
hp_ok "protocols: ${protos[*]} (${#fields[@]} fields)"
args=(-z expert)
for s in "${stats[@]}"; do args+=(-z "$s"); done
filter=$(printf '%s || ' "${protos[@]}"); filter=${filter% || }
args+=(-Y "$filter" -T fields -E occurrence=a)
for f in "${fields[@]}"; do args+=(-e "$f"); done

out=$(mktemp -d /tmp/huntpack-corpus.XXXXXX)
chmod 777 "$out"
trap 'rm -rf "$HP_HOME" "$out"' EXIT
( cd "$root" && find ndpi ja4 ndpi-corpus -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) | sort ) |
    grep -E "${HUNTPACK_CORPUS_FILTER:-.}" >"$out/list"
n=$(wc -l <"$out/list")
[ "$n" -gt 0 ] || { echo "FAIL: no captures under $root" >&2; exit 1; }

# One capture: stdout+stderr to <out>/<n>.log, "rc seconds path" to <out>/<n>.rc.
run_one() {
    local i=$1 rel=$2 start rc
    start=$(date +%s.%N)
    hp_unpriv timeout -k 5 "$limit" tshark -n -r "$root/$rel" "${args[@]}" >"$out/$i.log" 2>&1
    rc=$?
    echo "$rc $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') $rel" >"$out/$i.rc"
}
export -f run_one hp_unpriv
export out root limit HP_HOME
export args_serialized
args_serialized=$(declare -p args)
t0=$(date +%s)
nl -ba "$out/list" | sed 's/^ *//' |
    xargs -P "$jobs" -L1 bash -c 'eval "$args_serialized"; run_one "$0" "$1"'
t1=$(date +%s)

bad=0 nonzero=0
while read -r i rel; do
    read -r rc secs _ <"$out/$i.rc" || { hp_fail "$rel: no result"; bad=$((bad + 1)); continue; }
    log="$out/$i.log"
    why=""
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then why="timeout after ${limit}s"
    elif [ "$rc" -gt 128 ]; then why="killed by signal $((rc - 128))"
    fi
    bugs=$(grep -E 'Dissector bug' "$log" | grep -vE '^ *[0-9]+ ' || true)
    if [ "$rel" = "ndpi-corpus/ceph.pcap" ]; then
        bugs=$(grep -vE 'Dissector bug, protocol Ceph, in packet (30|33): Illegal call of proto_item_add_bitmask_tree' <<<"$bugs" || true)
    fi
    # -z expert's table lines ("   1  Malformed  Ceph  ...Dissector bug...") come from the same
    # events; count only the per-packet log lines above, plus any table line naming huntpack.
    bugs+=$(grep -E 'Dissector bug.*(huntpack|tcplabel|quicfp|spotudp|soctrait)' "$log" || true)
    [ -n "$bugs" ] && why="${why:+$why; }dissector bug: $(head -2 <<<"$bugs" | tr '\n' ' ')"
    errs=$(grep -E 'ERROR:|CRITICAL|[Aa]ssertion|AddressSanitizer|LeakSanitizer|runtime error:|terminate called' "$log" || true)
    [ -n "$errs" ] && why="${why:+$why; }$(head -2 <<<"$errs" | tr '\n' ' ')"
    if [ -n "$why" ]; then
        hp_fail "$rel: $why (rc=$rc, ${secs}s)"
        bad=$((bad + 1))
    elif [ "$rc" -ne 0 ]; then
        nonzero=$((nonzero + 1)) # e.g. "appears to be damaged or corrupt": tshark's own verdict
        echo "note: $rel: tshark exit $rc ($(grep -m1 -vE '^\s*$' "$log" | cut -c1-100))"
    fi
done < <(nl -ba "$out/list" | sed 's/^ *//')
slowest=$(cat "$out"/*.rc | sort -k2 -n -r | head -3 | awk '{printf "%s (%ss) ", $3, $2}')
hp_ok "$n captures in $((t1 - t0)) s with $jobs jobs; $bad failing; $nonzero with tshark's own non-zero exit; slowest: $slowest"
hp_finish
