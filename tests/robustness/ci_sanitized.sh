#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CI entry point for the sanitized capture suite (issue 9): builds huntpack with ASan + UBSan
# (-DHUNTPACK_SANITIZE=ON, leak checks on) into BUILD_DIR, then runs the unit tests and every
# capture test through ctest -- t_corpus.sh included, i.e. the whole shared corpus (ndpi/, ja4/,
# ndpi-corpus/) with all huntpack statistics -- with tshark under libasan
# (tests/robustness/sanitized_suite.sh, asan_env.sh). Fails on a test failure or on any
# sanitizer report written by tshark or by a test executable. Prints the wall time at the end.
#   tests/robustness/ci_sanitized.sh BUILD_DIR [ctest -R regex]
# Environment: HUNTPACK_SHARED_CAPTURES (default ../shared/captures), JOBS (build, default nproc),
# HUNTPACK_CORPUS_JOBS (parallel tshark runs in t_corpus.sh, default 2).
# Needs: the build dependencies of the main build and libasan8 (installed with apt if missing,
# when run as root as CI is).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:?usage: ci_sanitized.sh BUILD_DIR [ctest -R regex]}
shift
case $build in /*) ;; *) build=$PWD/$build ;; esac
export HUNTPACK_SHARED_CAPTURES=${HUNTPACK_SHARED_CAPTURES:-$(cd "$src/.." && pwd)/shared/captures}
[ -d "$HUNTPACK_SHARED_CAPTURES" ] || { echo "ci_sanitized: no shared captures at $HUNTPACK_SHARED_CAPTURES" >&2; exit 1; }
libasan=${HP_LIBASAN:-/usr/lib/x86_64-linux-gnu/libasan.so.8}
if [ ! -r "$libasan" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libasan8 >/dev/null
    else
        echo "ci_sanitized: missing $libasan (apt-get install libasan8)" >&2; exit 1
    fi
fi
t0=$(date +%s)
BUILD=$build JOBS=${JOBS:-$(nproc)} bash "$here/sanitized_suite.sh" "$@"
rc=$?
t1=$(date +%s)
echo "ci_sanitized: $([ $rc -eq 0 ] && echo passed || echo FAILED) in $((t1 - t0)) s (build dir $build)"
exit $rc
