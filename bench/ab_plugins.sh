#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/ab_plugins.sh A.so B.so [ROUNDS] [CAPTURE]: huntpack's analysis (b) (run.sh's command)
# with two builds of the plugin, interleaved (A, B, A, B, ...), CPU time of each run from
# `perf stat -e task-clock` (user + system of tshark and its children); prints both medians,
# B/A of the medians and the median of the per-round ratios. For changes of a few per cent on
# this 2-core VM: rounds differ by about ±1 %, so use 12 rounds or more and trust a ratio only
# well outside that. Defaults: 12 rounds, bench/out/t200k.pcap. Needs perf (Debian: linux-perf).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
A=${1:?plugin A}
B=${2:?plugin B}
ROUNDS=${3:-12}
F=${4:-$HERE/out/t200k.pcap}
command -v perf >/dev/null || { echo "ab_plugins: perf not found (apt-get install linux-perf)" >&2; exit 1; }
BASE=${PROFILE_OUT:-$HERE/out/ab}
mkdir -p "$BASE"
chmod a+rwx "$BASE"; chmod a+r "$F"
OUT=$BASE/a HUNTPACK_PLUGIN=$A . "$HERE/homes.sh"
HA=$HP
OUT=$BASE/b HUNTPACK_PLUGIN=$B . "$HERE/homes.sh"
HB=$HP
# task-clock (ms) of one analysis run in home $1
clock() {
    perf stat -x, -e task-clock -o "$BASE/stat.txt" -- \
        bash -c "$(declare -f unpriv); unpriv \"\$@\"" _ "$1" tshark -n -q -r "$F" \
        -z huntpack_revised,tree -z huntpack_breakdown,tree -z huntpack_traits,table -z huntpack_devices,table \
        >/dev/null 2>&1
    awk -F, '/task-clock/ {print $1}' "$BASE/stat.txt"
}
for ((r = 1; r <= ROUNDS; r++)); do
    echo "$(clock "$HA") $(clock "$HB")"
done | python3 -c '
import statistics as st, sys
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
a = [r[0] for r in rows]; b = [r[1] for r in rows]
print(f"A {st.median(a):.1f} ms, B {st.median(b):.1f} ms (medians of {len(rows)} rounds); "
      f"B/A {st.median(b) / st.median(a):.4f}, per-round median {st.median([y / x for x, y in rows]):.4f}")'
