#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/perfprof.sh CAPTURE [RUNS]: where the time of huntpack's analysis (b) goes, against
# Wireshark's `-z io,phs -z expert` (c) (run.sh's commands), measured in time, not modelled.
# This VM has no hardware counters, but the kernel's cpu-clock timer can still sample: perf
# records each run with a sample every 100,000 ns of CPU (-c, a period rather than a frequency,
# so a sample is 0.1 ms whatever rate the kernel allows), RUNS times each (default 3),
# alternating (b) and (c); bench/perf_diff.py sums the samples per object and per function and
# prints (b) - (c): what huntpack costs on its own (huntpack.so) and what it makes Wireshark's
# libraries do more or less. callgrind (profile.sh, cachesim.sh) counts instructions and models
# caches; this says which of them cost time. Needs perf (Debian: linux-perf) and root or
# kernel.perf_event_paranoid <= 1. PROFILE_OUT=DIR: outputs there (default bench/out/perfprof).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${PROFILE_OUT:-$HERE/out/perfprof}
F=${1:?capture}
RUNS=${2:-3}
mkdir -p "$OUT"
chmod a+rwx "$OUT"; chmod a+r "$F"
. "$HERE/homes.sh"
need_perf perfprof
rec() { # name home args...
    local name=$1 home=$2; shift 2
    perf record -q -e cpu-clock -c 100000 -o "$OUT/$name.data" -- \
        bash -c "$(declare -f unpriv); unpriv \"\$@\"" _ "$home" tshark -n -r "$F" "$@" >/dev/null 2>"$OUT/$name.log"
    perf report -i "$OUT/$name.data" --no-children -n --sort dso,sym --stdio -g none 2>/dev/null |
        awk '!/^#/ && NF >= 4 {n = $2; dso = $3; $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); print n "\t" dso "\t" $0}' \
        >"$OUT/$name.tsv"
    rm -f "$OUT/$name.data"
}
rm -f "$OUT"/[bc][0-9]*.tsv # an earlier run's, with more rounds, would be summed too
for ((r = 1; r <= RUNS; r++)); do
    rec "b$r" "$HP" -q -z huntpack_revised,tree -z huntpack_breakdown,tree -z huntpack_traits,table -z huntpack_devices,table
    rec "c$r" "$NONE" -q -z io,phs -z expert
done
python3 "$HERE/perf_diff.py" "$OUT"/b[0-9]*.tsv -- "$OUT"/c[0-9]*.tsv | tee "$OUT/diff.txt"
