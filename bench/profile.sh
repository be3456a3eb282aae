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
unpriv() {
    local home=$1; shift
    unshare --user --map-user=1000 --map-group=1000 env HOME="$home" XDG_CONFIG_HOME="$home/.config" TZ=UTC LC_ALL=C "$@"
}
# PROFILE_RUNS="name ..." limits the runs (default: all six).
run() { # name home file args...
    local name=$1 home=$2 file=$3; shift 3
    [ -z "${PROFILE_RUNS:-}" ] || [[ " $PROFILE_RUNS " == *" $name "* ]] || return 0
    unpriv "$home" valgrind --tool=callgrind --callgrind-out-file="$OUT/$name.out" \
        tshark -n -r "$file" "$@" >/dev/null 2>"$OUT/$name.log"
    echo -e "$name\t$(callgrind_annotate "$OUT/$name.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')"
}
SRC=$(dirname "$HERE")
HP=$OUT/home-hp NONE=$OUT/home-none
rm -rf "$HP" "$NONE"
EPAN=$HP/.local/lib/wireshark/plugins/4.0/epan
mkdir -p "$EPAN/huntpack" "$HP/.config/wireshark" "$NONE/.config/wireshark"
cp "${HUNTPACK_PLUGIN:-/work/build-bench/huntpack.so}" "$EPAN/"
cp -r "$SRC/heuristics/data/." "$EPAN/huntpack/"
# As run.sh: the Lua API too (an installed huntpack.lua is part of "all features on"; until
# 2026-12-02 this script left it out, and its per-frame Lua call, then 7 us a frame, went unseen).
[ -f "$SRC/lua-bridge/huntpack.lua" ] && cp "$SRC/lua-bridge/huntpack.lua" "$HP/.local/lib/wireshark/plugins/"
chmod -R a+rX "$HP" "$NONE"
unpriv "$HP" tshark -G plugins | grep -q huntpack.so || { echo "huntpack.so did not load" >&2; exit 1; }
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
