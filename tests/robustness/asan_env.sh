# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the robustness scripts: makes every `tshark` found through PATH run with libasan
# preloaded, without putting LD_PRELOAD into the caller's own environment.
# Why a wrapper: tests/lib/common.sh runs `unshare ... env ... tshark`; an LD_PRELOAD in the
# environment would also instrument bash, mktemp, unshare, env and timeout (LeakSanitizer then
# fails mktemp and `set -e` aborts the test), and tshark's extcap helpers (androiddump hangs under
# ASan): the wrapper preloads libasan into tshark alone and points WIRESHARK_EXTCAP_DIR at an
# empty folder. Reports go to files in $HP_ASAN_LOGS (world-writable: tshark runs unprivileged),
# so a test that discards stderr still cannot hide one. A caller running several tsharks at once
# sets HP_ASAN_RUN_LOGS (a world-writable dir) per run, so each report lands with its own run.
# HP_ASAN_EXTRA (e.g. fast_unwind_on_malloc=0:malloc_context_size=255, for full leak stacks) is
# appended to ASAN_OPTIONS of that run. HP_REAL_TSHARK is the tshark behind the wrapper.
HP_LIBASAN=${HP_LIBASAN:-/usr/lib/x86_64-linux-gnu/libasan.so.8}
[ -r "$HP_LIBASAN" ] || { echo "missing $HP_LIBASAN (apt-get install libasan8)" >&2; exit 1; }
HP_REAL_TSHARK=${HP_REAL_TSHARK:-$(command -v tshark)}
export HP_REAL_TSHARK
HP_ASAN_DIR=$(mktemp -d /tmp/huntpack-asan.XXXXXX)
HP_ASAN_LOGS=$HP_ASAN_DIR/logs
mkdir -p "$HP_ASAN_DIR/bin" "$HP_ASAN_DIR/noextcap" "$HP_ASAN_LOGS"
chmod 755 "$HP_ASAN_DIR" "$HP_ASAN_DIR/bin" "$HP_ASAN_DIR/noextcap"
chmod 1777 "$HP_ASAN_LOGS"
cat >"$HP_ASAN_DIR/bin/tshark" <<WRAP
#!/bin/sh
exec env WIRESHARK_EXTCAP_DIR=$HP_ASAN_DIR/noextcap LD_PRELOAD=$HP_LIBASAN \\
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:log_path=\${HP_ASAN_RUN_LOGS:-$HP_ASAN_LOGS}/asan\${HP_ASAN_EXTRA:+:\$HP_ASAN_EXTRA} \\
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=\${HP_ASAN_RUN_LOGS:-$HP_ASAN_LOGS}/ubsan \\
    $HP_REAL_TSHARK "\$@"
WRAP
chmod 755 "$HP_ASAN_DIR/bin/tshark"
export PATH="$HP_ASAN_DIR/bin:$PATH"
# Prints the sanitizer reports written so far (nothing when clean).
# (cat fails on an empty folder; callers run under set -e.)
hp_asan_reports() { cat "$HP_ASAN_LOGS"/* 2>/dev/null || true; }
hp_asan_clear() { rm -f "$HP_ASAN_LOGS"/*; }
