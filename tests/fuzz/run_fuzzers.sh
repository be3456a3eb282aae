#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs huntpack's libFuzzer harnesses (driven by the fuzz-short / fuzz-long / fuzz-regressions
# targets of tests/fuzz/CMakeLists.txt; usable by hand too):
#   run_fuzzers.sh --build DIR --src DIR (--seconds N | --runs N [--max-seconds S] | --regressions)
#                  [--jobs J] fuzz_x...
# --max-seconds caps a --runs run by time too (libFuzzer stops at whichever comes first; the
# summary then shows fewer executions than asked: say so when quoting the figure).
# Each harness fuzzes <build>/corpus/<h> (seeded from <src>/corpus/<h>, new inputs stay in the
# build tree), writes crashes to <build>/artifacts/<h>/ and its log to <build>/logs/<h>.log.
# FUZZ_TIMEOUT: seconds before one input counts as a hang (10; a starved process on a loaded machine
# needs more: a 10 s timeout under load 12 gave three "timeouts" whose inputs replay in < 1 s).
# Prints one line per harness: executions, seconds, executions/second, result; exits non-zero
# when any harness found a crash, leak, timeout or OOM.
set -uo pipefail
build= src= seconds= runs= maxsec=0 regress=0 jobs=1
while [ $# -gt 0 ]; do
    case $1 in
    --build) build=$2; shift 2 ;;
    --src) src=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --max-seconds) maxsec=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --regressions) regress=1; shift ;;
    --) shift; break ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
[ -n "$build" ] && [ -n "$src" ] || { echo "need --build and --src" >&2; exit 2; }
[ $# -gt 0 ] || set -- $(cd "$build" && ls fuzz_* 2>/dev/null | grep -v '\.')
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

if [ "$regress" = 1 ]; then
    fails=0 total=0
    for h in "$@"; do
        d="$src/regressions/$h"
        [ -d "$d" ] || continue
        for f in "$d"/*; do
            [ -f "$f" ] || continue
            total=$((total + 1))
            if "$build/$h" -runs=1 "$f" >"$build/regress-$h-$(basename "$f").log" 2>&1; then
                echo "fixed:  $h $(basename "$f")"
            else
                echo "FAILS:  $h $(basename "$f") (log: $build/regress-$h-$(basename "$f").log)"
                fails=$((fails + 1))
            fi
        done
    done
    echo "regressions: $total replayed, $fails still failing"
    [ "$fails" -eq 0 ]; exit
fi

run_one() {
    local h=$1 build=$2 src=$3 seconds=$4 runs=$5 maxsec=$6
    mkdir -p "$build/corpus/$h" "$build/artifacts/$h" "$build/logs"
    local seeds=()
    [ -d "$src/corpus/$h" ] && seeds=("$src/corpus/$h")
    local limit=()
    if [ -n "$runs" ]; then
        limit=("-runs=$runs")
        [ "$maxsec" != 0 ] && limit+=("-max_total_time=$maxsec")
    else
        limit=("-max_total_time=$seconds")
    fi
    local log="$build/logs/$h.log" start end rc
    start=$(date +%s.%N)
    "$build/$h" "${limit[@]}" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
        -artifact_prefix="$build/artifacts/$h/" "$build/corpus/$h" "${seeds[@]}" >"$log" 2>&1
    rc=$?
    end=$(date +%s.%N)
    local execs secs
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    secs=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b-a}')
    execs=${execs:-0}
    local verdict=ok
    [ "$rc" -ne 0 ] && verdict="FINDING (rc=$rc, see $log and $build/artifacts/$h/)"
    [ "$rc" -eq 0 ] && [ -n "$runs" ] && [ "$execs" -lt "$runs" ] && verdict="ok (time-capped)"
    printf '%-24s %12s execs %8ss %10s exec/s  %s\n' "$h" "$execs" "$secs" \
        "$(awk -v e="$execs" -v s="$secs" 'BEGIN{printf "%d", (s>0)?e/s:0}')" "$verdict"
}
export -f run_one
summary=${FUZZ_SUMMARY:-$build/fuzz-summary.txt}
printf '%s\n' "$@" | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} "$build" "$src" "${seconds:-0}" "$runs" "$maxsec" |
    tee "$summary"
if grep -q FINDING "$summary"; then
    echo "fuzzing found problems (crash inputs in $build/artifacts/)" >&2
    exit 1
fi
echo "all harnesses clean"
