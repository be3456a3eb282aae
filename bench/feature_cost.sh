#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/feature_cost.sh [ROUNDS] [CAPTURE]: what each statistic of huntpack's analysis (b) costs.
# For each of its four -z statistics, (b) with all four and (b) without that one run interleaved
# with one plugin (HUNTPACK_PLUGIN, homes.sh); then (b) against Wireshark's `-z io,phs -z
# expert` (c) and (c) against a read that builds no protocol tree (`-z conv,eth`). CPU time per
# run from `perf stat -e task-clock` (homes.sh: task_clock), medians (pairs.py); "+N ms" is what
# the second command adds. Defaults: 8 rounds, bench/out/t200k.pcap. Needs perf (linux-perf).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROUNDS=${1:-8}
F=${2:-$HERE/out/t200k.pcap}
OUT=${PROFILE_OUT:-$HERE/out/feature_cost}
mkdir -p "$OUT"
chmod a+rwx "$OUT"; chmod a+r "$F"
. "$HERE/homes.sh"
need_perf feature_cost
ALL=(huntpack_revised,tree huntpack_breakdown,tree huntpack_traits,table huntpack_devices,table)
zargs() { local s; for s in "$@"; do printf -- '-z %s ' "$s"; done; }
compare() { # label, home A, -z arguments A (one word), home B, -z arguments B
    local label=$1 ha=$2 za=$3 hb=$4 zb=$5 r
    for ((r = 1; r <= ROUNDS; r++)); do
        # shellcheck disable=SC2086
        echo "$(task_clock "$ha" -r "$F" $za) $(task_clock "$hb" -r "$F" $zb)"
    done | python3 "$HERE/pairs.py" "$label"
}
echo "$ROUNDS rounds each, $(basename "$F"), CPU ms (task-clock), medians"
for s in "${ALL[@]}"; do
    rest=()
    for t in "${ALL[@]}"; do [ "$t" = "$s" ] || rest+=("$t"); done
    compare "adding ${s%%,*}" "$HP" "$(zargs "${rest[@]}")" "$HP" "$(zargs "${ALL[@]}")"
done
compare "(c) io,phs+expert -> (b)" "$NONE" "-z io,phs -z expert" "$HP" "$(zargs "${ALL[@]}")"
compare "no tree (conv,eth) -> (c)" "$NONE" "-z conv,eth" "$NONE" "-z io,phs -z expert"
