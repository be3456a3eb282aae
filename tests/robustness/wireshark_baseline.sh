#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Is a failure Wireshark's own? For each capture CAP whose sanitized huntpack run failed (its log
# next to it as CAP.log, as mutate.sh keeps them), re-runs tshark WITHOUT huntpack (a HOME with no
# plugin), with libasan preloaded (leak checks on, full malloc stacks), `-V -z expert` (a full tree:
# some dissector bugs only fire with one), and compares:
#   - every "Dissector bug, protocol P, in packet N: file:line" of the huntpack log must reappear;
#   - every LeakSanitizer "SUMMARY: ... N byte(s) leaked in M allocation(s)" must reappear;
#   - any other finding (huntpack names, AddressSanitizer errors other than leaks, UBSan
#     "runtime error:", a signal other than the leak abort, a timeout) is never excused.
# Prints "WIRESHARK-OWN CAP: ..." or "HUNTPACK? CAP: ..." per capture; exits 1 if any is HUNTPACK?.
#   tests/robustness/wireshark_baseline.sh CAP...
set -uo pipefail
libasan=${HP_LIBASAN:-/usr/lib/x86_64-linux-gnu/libasan.so.8}
tshark_bin=${REAL_TSHARK:-$(command -v tshark)} # not an ASan wrapper: mutate.sh passes the real one
home=$(mktemp -d /tmp/huntpack-bare.XXXXXX)
mkdir -p "$home/.config/wireshark" "$home/noextcap" "$home/logs"
chmod -R 755 "$home"; chmod 1777 "$home/logs"
trap 'rm -rf "$home"' EXIT
unpriv() {
    if [ "$(id -u)" -eq 0 ]; then
        if unshare --user --map-user=1000 --map-group=1000 true 2>/dev/null; then
            unshare --user --map-user=1000 --map-group=1000 "$@"
        else
            setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
        fi
    else "$@"; fi
}
status=0
for cap in "$@"; do
    log=$cap.log
    [ -r "$log" ] || { echo "HUNTPACK? $cap: no log $log"; status=1; continue; }
    rm -f "$home/logs/"*
    out=$(unpriv env HOME="$home" XDG_CONFIG_HOME="$home/.config" WIRESHARK_EXTCAP_DIR="$home/noextcap" \
        LD_PRELOAD="$libasan" ASAN_OPTIONS="detect_leaks=1:fast_unwind_on_malloc=0:log_path=$home/logs/asan" \
        timeout -k 5 600 "$tshark_bin" -n -r "$cap" -V -z expert 2>&1 >/dev/null; cat "$home/logs/"* 2>/dev/null)
    why=""
    if grep -qE 'Dissector bug, protocol (huntpack|tcplabel|quicfp|spotudp|soctrait)|#[0-9]+ .*huntpack\.so' "$log"; then
        why="huntpack named in a report"
    fi
    grep -qE 'runtime error:|ERROR: AddressSanitizer' "$log" && why="${why:+$why; }non-leak sanitizer report"
    grep -qE '^(timeout|signal (9|11|7|8|4))' "$log" && why="${why:+$why; }crash or timeout"
    while read -r sig; do
        [ -n "$sig" ] || continue
        grep -qF "$sig" <<<"$out" || why="${why:+$why; }not without huntpack: $sig"
    done < <(grep -oE 'Dissector bug, protocol [^,]+, in packet [0-9]+: [^ ]+' "$log" | sort -u)
    while read -r sig; do
        [ -n "$sig" ] || continue
        grep -qF "$sig" <<<"$out" || why="${why:+$why; }leak not without huntpack: $sig"
    done < <(grep -oE 'SUMMARY: AddressSanitizer: [0-9]+ byte\(s\) leaked in [0-9]+ allocation\(s\)' "$log" | sort -u)
    if [ -z "$why" ]; then
        echo "WIRESHARK-OWN $cap: $(grep -oE 'Dissector bug, protocol [^,]+, in packet [0-9]+: [^ ]+|SUMMARY: AddressSanitizer: [0-9]+ byte\(s\) leaked' "$log" | sort -u | head -2 | tr '\n' ' ')"
    else
        echo "HUNTPACK? $cap: $why"; status=1
    fi
done
exit $status
