#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# wireshark_baseline.sh's first verdict, "huntpack named in a report", on made-up logs (a named
# report is never excused, so the script stops before its bare re-run; the one case with an
# unnamed report runs it on a missing capture, and only the "named" verdict is read here).
# Each named case matches one alternative of the pattern only.
# A report's stack frame, UBSan line or dissector bug naming huntpack's code must be caught; the
# plugin's own INFO log lines (g_log prints file:line, e.g. plugins/hp_conv.cpp:207) must not be:
# that false positive turned CI red once (2026-12-04, rdp3.pcap's Wireshark-own 4-byte leak).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d /tmp/huntpack-named.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
verdict() { # name expect(named|not) log-text
    printf '%s\n' "$3" >"$tmp/$1.log"
    local v; v=$(bash "$here/wireshark_baseline.sh" --log "$tmp/$1.log" /nonexistent.pcap 2>&1)
    if grep -q 'huntpack named in a report' <<<"$v"; then got=named; else got=not; fi
    if [ "$got" = "$2" ]; then echo "ok: $1: $got"
    else echo "FAIL: $1: expected $2, got: $v" >&2; fails=$((fails + 1)); fi
}
info='** (tshark:22378) 13:43:34.892708 [huntpack INFO] /work/main/plugins/hp_conv.cpp:207 -- hp_conversation_cleanup(): huntpack: 6 answered
** (tshark:22378) 13:43:34.878389 [huntpack INFO] /work/main/taps/devices.cpp:649 -- deferral_draw(): devices summary'
leak_ws='Direct leak of 4 byte(s) in 1 object(s) allocated from:
    #0 0x7f8dd58b89cf in __interceptor_malloc ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:69
    #1 0x7f8dcd9c2658 in wmem_memdup (/lib/x86_64-linux-gnu/libwsutil.so.14+0x214f8)
    #2 0x7f8dcff0d927  (/lib/x86_64-linux-gnu/libwireshark.so.16+0x230d927)'
verdict info-lines-only not "$info"
verdict info-and-wireshark-leak not "$info
$leak_ws"
verdict leak-in-plugin-source named "$leak_ws
    #3 0x7f8dd1000000 in hp_conv_lookup /work/main/plugins/hp_conv.cpp:120"
verdict leak-in-huntpack-so named "$leak_ws
    #3 0x7f8dd1000000  (/tmp/h/.local/lib/wireshark/plugins/4.0/epan/huntpack.so+0x1234)"
verdict ubsan-in-heuristics named "/work/main/heuristics/tls_record.cpp:88:5: runtime error: load of misaligned address"
verdict dissector-bug named "** (tshark:1) [Epan WARNING] -- Dissector bug, protocol quicfp, in packet 3: failed assertion"
[ "$fails" -eq 0 ] || { echo "$fails case(s) wrong" >&2; exit 1; }
