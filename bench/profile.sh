#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/profile.sh CAPTURE: callgrind instruction counts (stable on a loaded machine) for
#   plain-without, plain-with, huntpack-with (the full analysis of bench/run.sh: revised, breakdown,
#   traits, devices), wireshark-without
#   (-z io,phs -z expert), on CAPTURE and on its first frame (start-up cost), plus annotated
#   profiles in bench/out/cg/ (PROFILE_OUT=DIR: elsewhere, e.g. to profile two captures at once).
#   Own private homes (bench/out/cg/home-*), like run.sh's.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${PROFILE_OUT:-$HERE/out/cg}
mkdir -p "$OUT"
F=${1:?capture}
ONE=$OUT/first-frame.pcap
editcap -r "$F" "$ONE" 1
chmod a+rwx "$OUT"; chmod a+r "$F" "$ONE"
# PROFILE_RUNS="name ..." limits the runs (default: all six).
run() { # name home file args...
    local name=$1 home=$2 file=$3; shift 3
    [ -z "${PROFILE_RUNS:-}" ] || [[ " $PROFILE_RUNS " == *" $name "* ]] || return 0
    unpriv "$home" valgrind --tool=callgrind --callgrind-out-file="$OUT/$name.out" \
        tshark -n -r "$file" "$@" >/dev/null 2>"$OUT/$name.log"
    echo -e "$name\t$(callgrind_annotate "$OUT/$name.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')"
}
. "$HERE/homes.sh"
{
echo -e "run\tinstructions"
run start-without "$NONE" "$ONE"
run start-with "$HP" "$ONE"
run plain-without "$NONE" "$F"
run plain-with "$HP" "$F"
run huntpack-with "$HP" "$F" -q -z huntpack_revised,tree -z huntpack_breakdown,tree \
    -z huntpack_traits,table -z huntpack_devices,table
run wireshark-without "$NONE" "$F" -q -z io,phs -z expert
} | tee "$OUT/instructions.tsv"
