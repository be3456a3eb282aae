#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/ab_plugins.sh A.so B.so [ROUNDS] [CAPTURE]: huntpack's analysis (b) (run.sh's command)
# with two builds of the plugin, interleaved (A, B, A, B, ...), CPU time of each run from
# `perf stat -e task-clock` (homes.sh: task_clock); prints both medians, B/A of the medians and
# the median of the per-round ratios (pairs.py). For changes of a few per cent on this 2-core VM:
# rounds differ by about ±1 %, so use 12 rounds or more and trust a ratio only well outside that.
# Defaults: 12 rounds, bench/out/t200k.pcap. Needs perf (Debian: linux-perf).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
A=${1:?plugin A}
B=${2:?plugin B}
ROUNDS=${3:-12}
F=${4:-$HERE/out/t200k.pcap}
BASE=${PROFILE_OUT:-$HERE/out/ab}
mkdir -p "$BASE"
chmod a+rwx "$BASE"; chmod a+r "$F"
OUT=$BASE/a HUNTPACK_PLUGIN=$A . "$HERE/homes.sh"
HA=$HP
OUT=$BASE/b HUNTPACK_PLUGIN=$B . "$HERE/homes.sh"
HB=$HP
need_perf ab_plugins
Z=(-z huntpack_revised,tree -z huntpack_breakdown,tree -z huntpack_traits,table -z huntpack_devices,table)
for ((r = 1; r <= ROUNDS; r++)); do
    echo "$(task_clock "$HA" -r "$F" "${Z[@]}") $(task_clock "$HB" -r "$F" "${Z[@]}")"
done | python3 "$HERE/pairs.py" "analysis (b), plugin A -> B"
