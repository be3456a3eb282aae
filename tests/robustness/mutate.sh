#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Mutated captures, the way Wireshark tests itself (tools/fuzz-test.sh): `editcap -E P --seed S
# -o 14` mutates the shared captures (ndpi/, ja4/) and the project's captures/ for many seeds;
# tshark with the sanitized huntpack (libasan preloaded, leak checks on) dissects each with all
# huntpack statistics on and `-z expert`, plus field output to force the postdissectors.
# A crash, hang (> HANG_TIMEOUT s, 60), "Dissector bug", assertion or sanitizer report fails, and the mutated
# capture is kept under tests/robustness/regressions/ (named <capture>.seed<S>.pcapng). A "Dissector
# bug" or leak that tshark without huntpack shows as well (wireshark_baseline.sh) is Wireshark's
# own: counted apart (WSBUG) and kept under regressions/wireshark/.
# To amortise tshark's start-up (about 5 s under ASan), BATCH mutants are concatenated
# (mergecap -a) into one run; a failing batch is re-run mutant by mutant to find the culprit(s).
#   tests/robustness/mutate.sh [COUNT=200] [FIRST_SEED=1]
# Environment: PLUGIN (default /work/build-asan/huntpack.so, build it with
# sanitized_suite.sh or -DHUNTPACK_SANITIZE=ON), HUNTPACK_SHARED_CAPTURES, BATCH (10),
# JOBS (2), ERR (editcap error probability, 0.02), SANITIZE (1; 0 runs tshark plain), CORPUS
# (ndpi-corpus: mutate the nDPI corpus too). The summary counts the mutants actually dissected
# (a seed editcap cannot mutate, a merge or a tshark that did not open the file never counts as ok).
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
real_tshark=$(command -v tshark)
if [ "${SANITIZE:-1}" = 1 ]; then source "$here/asan_env.sh"; fi
source "$src/tests/lib/common.sh"
set +e
work=$(mktemp -d /tmp/huntpack-mutate.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$HP_HOME" "$work" "${bare:-}" ${HP_ASAN_DIR:+"$HP_ASAN_DIR"}' EXIT
regdir=$here/regressions
hp_require_plugin

mapfile -t stats < <(hp_tshark -z help 2>&1 | sed -n 's/^ *\(huntpack_[A-Za-z0-9_]*,[a-z]*\) *$/\1/p')
mapfile -t protos < <(hp_tshark -G protocols 2>/dev/null | awk -F'\t' '$1 ~ /^huntpack/ || $3 == "spotudp" {print $3}')
args=(-z expert)
for s in "${stats[@]}"; do args+=(-z "$s"); done
filter=$(printf '%s || ' "${protos[@]}"); filter=${filter% || }
args+=(-Y "$filter" -T fields -e frame.number)
for p in "${protos[@]}"; do args+=(-e "$p"); done

# CORPUS=ndpi-corpus adds the ~500-file nDPI corpus to the inputs (default: ndpi/, ja4/, captures/).
mapfile -t caps < <( { find "$shared/ndpi" "$shared/ja4" ${CORPUS:+"$shared/$CORPUS"} -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \);
                      find "$src/captures" -type f \( -name '*.pcap' -o -name '*.pcapng' \); } | sort)
[ "${#caps[@]}" -gt 0 ] || { echo "no captures found" >&2; exit 1; }

# check LOG RC: prints why a run failed, nothing when it passed.
check() {
    local log=$1 rc=$2
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then echo "timeout"; return; fi
    [ "$rc" -gt 128 ] && echo "signal $((rc - 128))"
    # -z expert's table rows quote dissectors' expert texts ("ERROR: parameter value too small"):
    # not a finding by themselves (a Dissector bug also prints its own per-packet warning line).
    grep -E 'Dissector bug|ERROR:|CRITICAL|[Aa]ssertion|AddressSanitizer|LeakSanitizer|runtime error:|terminate called' "$log" |
        grep -vE '^ +[0-9]+ +[A-Z][a-z]+ +[^ ]+ +' | head -2
}
mutant() { # seed -> path of the mutated capture (pcapng, else the input's own format), "" on failure
    local s=$1 c=${caps[$(( $1 % ${#caps[@]} ))]}
    local o="$work/$(basename "${c%.*}").seed$s.pcapng"
    if ! editcap -F pcapng -E "$err" -o 14 --seed "$s" "$c" "$o" 2>/dev/null; then
        # some files cannot be written as pcapng (e.g. ja4/chrome-cloudflare-quic-with-secrets):
        # mutate them in their own format rather than silently dropping the seed
        rm -f "$o"; o="$work/$(basename "$c").seed$s"
        editcap -E "$err" -o 14 --seed "$s" "$c" "$o" 2>/dev/null || { rm -f "$o"; o=; }
    fi
    echo "$o"
}
run() { # capture log -> rc; sanitizer reports of this run (its own log dir) appended to log
    local rl; rl=$(mktemp -d "$work/asanlogs.XXXXXX"); chmod 1777 "$rl"
    HP_ASAN_RUN_LOGS=$rl hp_unpriv timeout -k 5 "$hang" tshark -n -r "$1" "${args[@]}" >"$2" 2>&1
    local rc=$?
    cat "$rl"/* >>"$2" 2>/dev/null
    rm -rf "$rl"
    return $rc
}
export -f check mutant run hp_unpriv
bare=$(mktemp -d /tmp/huntpack-bare.XXXXXX); mkdir -p "$bare/.config/wireshark"; chmod -R 755 "$bare"
hang=${HANG_TIMEOUT:-60}
export hang here HP_ASAN_RUN_LOGS=
export work err args_serialized HP_HOME HP_ASAN_LOGS caps_serialized real_tshark bare
args_serialized=$(declare -p args)
caps_serialized=$(declare -p caps)

# One batch: mutants seeds [a, a+batch): merged, run; on failure each alone.
do_batch() {
    eval "$args_serialized"; eval "$caps_serialized"
    local a=$1 b=$2 files=() s o nomut=0
    hp_asan_clear() { :; }
    for ((s = a; s < b; s++)); do
        o=$(mutant "$s")
        if [ -n "$o" ]; then files+=("$o"); else echo "NOMUTANT seed $s"; nomut=$((nomut + 1)); fi
    done
    [ "${#files[@]}" -gt 0 ] || return
    local merged="$work/batch$a.pcapng" log="$work/batch$a.log" rc why pk
    # A merge that fails (a mutant mergecap cannot read) must not skip the batch: run each alone.
    if mergecap -a -F pcapng -w "$merged" "${files[@]}" 2>/dev/null; then
        pk=$(capinfos -c -M "$merged" 2>/dev/null | awk -F: '/Number of packets/ {gsub(/ /,"",$2); print $2}')
        run "$merged" "$log"; rc=$?
        why=$(check "$log" "$rc")
        # tshark must at least have opened the file (rc 2 with "damaged"/"cut short" is a
        # mutated capture's right; "isn't a capture file" or a usage error is not a run).
        if [ -z "$why" ] && grep -qE "isn't a capture file|doesn't exist|unknown or unsupported|Invalid -z|were not found" "$log"; then
            why="tshark did not run: $(grep -m1 -E "isn't a capture file|doesn't exist|unknown or unsupported|Invalid -z|were not found" "$log")"
        fi
        if [ -z "$why" ]; then
            rm -f "${files[@]}" "$merged" "$log"
            echo "ok $a..$((b - 1)) mutants=${#files[@]} packets=${pk:-?} rc=$rc"; return
        fi
    else
        why="mergecap failed"; rc=0; log=/dev/null
        echo "MERGEFAIL $a..$((b - 1)): running the ${#files[@]} mutants one by one"
    fi
    local nf=0
    for f in "${files[@]}"; do
        run "$f" "$f.log"; rc=$?
        local w; w=$(check "$f.log" "$rc")
        if [ -z "$w" ]; then rm -f "$f" "$f.log"; continue; fi
        # Wireshark's own finding (a built-in dissector's assertion, a leak in libwireshark, as in
        # t_corpus.sh's Ceph case)? wireshark_baseline.sh re-runs the capture without huntpack and
        # compares report by report, stacks included: so first re-run it with huntpack and full
        # malloc stacks (a fast-unwound leak stack is 2 frames, too short to compare).
        HP_ASAN_EXTRA=fast_unwind_on_malloc=0:malloc_context_size=255 run "$f" "$f.full.log"
        if ! grep -qE '^(timeout|signal (4|7|8|9|11))' <<<"$w" &&
            REAL_TSHARK=$real_tshark bash "$here/wireshark_baseline.sh" --log "$f.full.log" "$f" >"$f.baseline" 2>&1; then
            echo "WSBUG $f: $(cut -c1-200 "$f.baseline" | head -1)"
        else
            echo "FAIL $f: $(echo "$w" | head -2 | tr '\n' ' ')"; nf=$((nf + 1))
        fi
    done
    echo "single $a..$((b - 1)) mutants=${#files[@]} failing=$nf (batch: $(echo "$why" | head -1))"
}
export -f do_batch
# Each tshark writes its sanitizer reports into its own directory (HP_ASAN_RUN_LOGS), so a report
# is charged to the run that produced it, also with JOBS > 1.
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
wsbugs=$(grep -c '^WSBUG ' "$work/results")
if [ "$wsbugs" -gt 0 ]; then # kept apart: Wireshark's findings, not huntpack's
    mkdir -p "$regdir/wireshark"
    grep '^WSBUG ' "$work/results" | while read -r _ f _; do
        f=${f%:}
        cp "$f" "$regdir/wireshark/" && cp "$f.log" "$regdir/wireshark/$(basename "$f").log" &&
            cp "$f.baseline" "$regdir/wireshark/$(basename "$f").baseline"
    done
fi
ran=$(awk '/^ok / {sub("mutants=","",$3); n+=$3} /^single / {sub("mutants=","",$3); n+=$3} END {print n+0}' "$work/results")
pkts=$(awk '/^ok / {sub("packets=","",$4); n+=$4} END {print n+0}' "$work/results")
nomut=$(grep -c '^NOMUTANT ' "$work/results")
echo "mutated captures: $count seeds ($first..$((last - 1)), editcap -E $err, batches of $batch) in $((t1 - t0)) s:" \
     "$ran dissected ($pkts packets in clean batches), $nomut seeds editcap could not mutate;" \
     "Wireshark's own dissector bugs (also without huntpack): $wsbugs; failing: $fails"
[ "$ran" -ge $((count - nomut)) ] || { echo "only $ran of $((count - nomut)) mutants were dissected" >&2; fails=$((fails + 1)); }
[ -n "$(ls "${HP_ASAN_LOGS:-/nonexistent}" 2>/dev/null)" ] && { echo "sanitizer reports:"; cat "$HP_ASAN_LOGS"/* | head -50; fails=$((fails + 1)); }
[ "$fails" -eq 0 ]
