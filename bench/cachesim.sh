#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/cachesim.sh CAPTURE: why equal instruction counts do not take equal time. Runs huntpack's
# analysis (b) and Wireshark's `-z io,phs -z expert` (c) (the commands of run.sh) under callgrind
# with its cache simulator (L1 I/D and last level, sized like this machine's) and branch
# predictor simulator, then prints each run's events per object (bench/cg_by_object.py):
# instructions, L1 instruction/data misses, mispredicted conditional and indirect branches.
# No hardware counters in this VM (perf: <not supported>), so this is a model, not a measurement
# of the CPU: compare (b) with (c), not with seconds. About 3 minutes a run on 50,000 frames.
# PROFILE_OUT=DIR: outputs there (default bench/out/cachesim); HUNTPACK_PLUGIN: the plugin.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${PROFILE_OUT:-$HERE/out/cachesim}
F=${1:?capture}
mkdir -p "$OUT"
chmod a+rwx "$OUT"; chmod a+r "$F"
. "$HERE/homes.sh"
sim() { # name home args...
    local name=$1 home=$2; shift 2
    unpriv "$home" valgrind --tool=callgrind --cache-sim=yes --branch-sim=yes \
        --callgrind-out-file="$OUT/$name.out" tshark -n -r "$F" "$@" >/dev/null 2>"$OUT/$name.log"
}
sim huntpack-with "$HP" -q -z huntpack_revised,tree -z huntpack_breakdown,tree \
    -z huntpack_traits,table -z huntpack_devices,table &
sim wireshark-without "$NONE" -q -z io,phs -z expert &
wait
python3 "$HERE/cg_by_object.py" "$OUT/huntpack-with.out" "$OUT/wireshark-without.out" | tee "$OUT/by_object.txt"
