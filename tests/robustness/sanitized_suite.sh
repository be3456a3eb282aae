#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Sanitized capture suite: builds huntpack with -DHUNTPACK_SANITIZE=ON (ASan + UBSan, leak checks
# on) in $BUILD (default /work/build-asan), runs the unit tests and every capture test
# (tests/capture/t_*.sh through ctest, t_corpus.sh included: the whole shared corpus) with tshark
# under libasan, and fails on any test failure or any sanitizer report (t_corpus.sh excuses, and
# lists, a report that tshark without huntpack gives identically: Wireshark's own).
#   tests/robustness/sanitized_suite.sh [ctest -R regex]
# Environment: BUILD, HUNTPACK_SHARED_CAPTURES (default ../shared/captures), JOBS (build, 2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${BUILD:-/work/build-asan}
export HUNTPACK_SHARED_CAPTURES=${HUNTPACK_SHARED_CAPTURES:-$(cd "$src/.." && pwd)/shared/captures}
cmake -S "$src" -B "$build" -DHUNTPACK_SANITIZE=ON -DHUNTPACK_TESTS=ON >/dev/null
cmake --build "$build" -j "${JOBS:-2}"
source "$here/asan_env.sh"
trap 'rm -rf "$HP_ASAN_DIR"' EXIT
rc=0
# Unit tests are sanitized executables themselves; capture tests go through the tshark wrapper.
( cd "$build" && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure ${1:+-R "$1"} ) || rc=1
# Sanitizer reports t_corpus.sh excused as Wireshark's own (they reappear without huntpack): ctest
# shows a passing test's output only in its log, so list them here.
excused=$(grep -hE '^(excused: |ok: sanitizer reports in )' "$build/Testing/Temporary/LastTest.log" 2>/dev/null || true)
[ -z "$excused" ] || { echo "Wireshark's own sanitizer reports (excused, also without huntpack):"; echo "$excused"; }
reports=$(hp_asan_reports)
if [ -n "$reports" ]; then
    echo "SANITIZER REPORTS inside tshark:" >&2
    echo "$reports" | head -200 >&2
    rc=1
fi
[ $rc -eq 0 ] && echo "sanitized suite: all tests passed, no sanitizer report" || echo "sanitized suite FAILED" >&2
exit $rc
