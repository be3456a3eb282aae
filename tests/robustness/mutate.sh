#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Mutated captures, the way Wireshark tests itself (tools/fuzz-test.sh): `editcap -E P --seed S
# -o 14` mutates the shared captures (ndpi/, ja4/) and the project's captures/ for many seeds;
# tshark with the sanitized huntpack (libasan preloaded, leak checks on) dissects each with all
# huntpack statistics on and `-z expert`, plus field output to force the postdissectors.
# A crash, hang (> 60 s), "Dissector bug", assertion or sanitizer report fails, and the mutated
# capture is kept under tests/robustness/regressions/ (named <capture>.seed<S>.pcapng).
# To amortise tshark's start-up (about 5 s under ASan), BATCH mutants are concatenated
# (mergecap -a) into one run; a failing batch is re-run mutant by mutant to find the culprit(s).
#   tests/robustness/mutate.sh [COUNT=200] [FIRST_SEED=1]
# Environment: PLUGIN (default /work/build-asan/huntpack.so, build it with
# sanitized_suite.sh or -DHUNTPACK_SANITIZE=ON), HUNTPACK_SHARED_CAPTURES, BATCH (10),
# JOBS (2), ERR (editcap error probability, 0.02), SANITIZE (1; 0 runs tshark plain).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
count=${1:-200}
first=${2:-1}
batch=${BATCH:-10}
jobs=${JOBS:-2}
err=${ERR:-0.02}
export HUNTPACK_SOURCE_DIR=$src HUNTPACK_WS_MAJMIN=${HUNTPACK_WS_MAJMIN:-4.0}
export HUNTPACK_PLUGIN=${PLUGIN:-/work/build-asan/huntpack.so}
shared=${HUNTPACK_SHARED_CAPTURES:-$(cd "$src/.." && pwd)/shared/captures}
[ -r "$HUNTPACK_PLUGIN" ] || { echo "no plugin at $HUNTPACK_PLUGIN" >&2; exit 1; }
if [ "${SANITIZE:-1}" = 1 ]; then source "$here/asan_env.sh"; fi
source "$src/tests/lib/common.sh"
set +e
work=$(mktemp -d /tmp/huntpack-mutate.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$HP_HOME" "$work" ${HP_ASAN_DIR:+"$HP_ASAN_DIR"}' EXIT
regdir=$here/regressions
hp_require_plugin

mapfile -t stats < <(hp_tshark -z help 2>&1 | sed -n 's/^ *\(huntpack_[A-Za-z0-9_]*,[a-z]*\) *$/\1/p')
mapfile -t protos < <(hp_tshark -G protocols 2>/dev/null | awk -F'\t' '$1 ~ /^huntpack/ || $3 == "spotudp" {print $3}')
args=(-z expert)
for s in "${stats[@]}"; do args+=(-z "$s"); done
filter=$(printf '%s || ' "${protos[@]}"); filter=${filter% || }
args+=(-Y "$filter" -T fields -e frame.number)
for p in "${protos[@]}"; do args+=(-e "$p"); done

mapfile -t caps < <( { find "$shared/ndpi" "$shared/ja4" -type f \( -name '*.pcap' -o -name '*.pcapng' \);
                      find "$src/captures" -type f \( -name '*.pcap' -o -name '*.pcapng' \); } | sort)
[ "${#caps[@]}" -gt 0 ] || { echo "no captures found" >&2; exit 1; }

# check LOG RC: prints why a run failed, nothing when it passed.
check() {
    local log=$1 rc=$2
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then echo "timeout"; return; fi
    [ "$rc" -gt 128 ] && echo "signal $((rc - 128))"
    grep -m2 -E 'Dissector bug|ERROR:|CRITICAL|[Aa]ssertion|AddressSanitizer|LeakSanitizer|runtime error:|terminate called' "$log"
}
mutant() { # seed -> path of the mutated capture (pcapng)
    local s=$1 c=${caps[$(( $1 % ${#caps[@]} ))]}
    local o="$work/$(basename "${c%.*}").seed$s.pcapng"
    editcap -F pcapng -E "$err" -o 14 --seed "$s" "$c" "$o" 2>/dev/null
    echo "$o"
}
run() { # capture log -> rc
    hp_asan_clear 2>/dev/null
    hp_unpriv timeout -k 5 60 tshark -n -r "$1" "${args[@]}" >"$2" 2>&1
    local rc=$?
    [ -n "${HP_ASAN_LOGS:-}" ] && cat "$HP_ASAN_LOGS"/* >>"$2" 2>/dev/null
    return $rc
}
export -f check mutant run hp_unpriv
export work err args_serialized HP_HOME HP_ASAN_LOGS caps_serialized
args_serialized=$(declare -p args)
caps_serialized=$(declare -p caps)

# One batch: mutants seeds [a, a+batch): merged, run; on failure each alone.
do_batch() {
    eval "$args_serialized"; eval "$caps_serialized"
    local a=$1 b=$2 files=() s
    hp_asan_clear() { :; }
    for ((s = a; s < b; s++)); do files+=("$(mutant "$s")"); done
    local merged="$work/batch$a.pcapng" log="$work/batch$a.log"
    mergecap -a -F pcapng -w "$merged" "${files[@]}" 2>/dev/null
    run "$merged" "$log"; local rc=$?
    local why; why=$(check "$log" "$rc")
    if [ -z "$why" ]; then rm -f "${files[@]}" "$merged" "$log"; echo "ok $a..$((b - 1))"; return; fi
    for f in "${files[@]}"; do
        run "$f" "$f.log"; rc=$?
        why=$(check "$f.log" "$rc")
        if [ -n "$why" ]; then echo "FAIL $f: $(echo "$why" | head -2 | tr '\n' ' ')"; else rm -f "$f" "$f.log"; fi
    done
    echo "batch $a..$((b - 1)) failed as a whole: $(check "$log" "$rc" | head -1)"
}
export -f do_batch
# Sanitizer logs are shared by concurrent runs: with JOBS > 1 each run appends all of them, so a
# report shows up in (at least) the run that caused it; the per-mutant re-run pins it down.
t0=$(date +%s)
last=$((first + count))
for ((a = first; a < last; a += batch)); do
    b=$((a + batch)); [ $b -gt $last ] && b=$last
    echo "$a $b"
done | xargs -P "$jobs" -L1 bash -c 'do_batch "$0" "$1"' | tee "$work/results"
t1=$(date +%s)
fails=$(grep -c '^FAIL ' "$work/results")
if [ "$fails" -gt 0 ]; then
    mkdir -p "$regdir"
    grep '^FAIL ' "$work/results" | while read -r _ f _; do
        f=${f%:}
        cp "$f" "$regdir/" && cp "$f.log" "$regdir/$(basename "$f").log"
    done
fi
echo "mutated captures: $count (seeds $first..$((last - 1)), editcap -E $err, batches of $batch) in $((t1 - t0)) s; failing: $fails"
[ -n "$(ls "${HP_ASAN_LOGS:-/nonexistent}" 2>/dev/null)" ] && { echo "sanitizer reports:"; cat "$HP_ASAN_LOGS"/* | head -50; fails=$((fails + 1)); }
[ "$fails" -eq 0 ]
