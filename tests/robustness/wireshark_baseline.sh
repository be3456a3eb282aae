#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Is a failure Wireshark's own? For a capture CAP whose sanitized huntpack run failed (its output
# and sanitizer reports in LOG; by default CAP.log next to it, as mutate.sh keeps them), re-runs
# tshark WITHOUT huntpack (a HOME with no plugin), libasan preloaded (leak checks on, full malloc
# stacks: fast_unwind_on_malloc=0, malloc_context_size=255), and compares:
#   - every "Dissector bug, protocol P, in packet N: file:line" of LOG must reappear;
#   - every sanitizer report of LOG (LeakSanitizer "Direct/Indirect leak of N byte(s) in M
#     object(s)", AddressSanitizer "ERROR: ...", UBSan "runtime error:") must reappear without
#     huntpack as the same report: same header (kind, bytes, objects) and the same allocation /
#     access stack (LOG's stack, frame by frame, is the bare run's stack or its first frames: a
#     fast-unwound LOG may be truncated; a stack of fewer than 4 frames is never enough);
#   - a report or "Dissector bug" naming huntpack, a signal other than the leak abort (SIGABRT
#     after a leak report), a timeout: never excused.
# The bare run uses ARGS (default `-V -z expert`: a full tree, some dissector bugs only fire with
# one); when ARGS is not that and something did not reappear, `-V -z expert` is tried as well.
# Prints "WIRESHARK-OWN CAP: <one-line reason>" or "HUNTPACK? CAP: <why>" per capture; exits 1 if
# any is HUNTPACK?.
#   tests/robustness/wireshark_baseline.sh CAP...
#   tests/robustness/wireshark_baseline.sh --log LOG [--args 'TSHARK OPTIONS'] CAP
#   tests/robustness/wireshark_baseline.sh --sigs LOG | --reappears REPORT SIGSFILE [MIN] (helpers)
# Environment: REAL_TSHARK or HP_REAL_TSHARK (not an ASan wrapper), HP_LIBASAN,
# HP_BASELINE_TIMEOUT (600 s).
set -uo pipefail
libasan=${HP_LIBASAN:-/usr/lib/x86_64-linux-gnu/libasan.so.8}
tshark_bin=${REAL_TSHARK:-${HP_REAL_TSHARK:-$(command -v tshark)}}
full_tree="-V -z expert"
logopt="" bargs=$full_tree
while [ $# -gt 0 ]; do
    case $1 in
    --sigs | --reappears) break ;;
    --log) logopt=$2; shift 2 ;;
    --args) bargs=$2; shift 2 ;;
    --) shift; break ;;
    *) break ;;
    esac
done
[ -z "$logopt" ] || [ $# -eq 1 ] || { echo "usage: $0 --log LOG [--args ARGS] CAP (one capture)" >&2; exit 2; }
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
bare() { # tshark without huntpack: stderr and sanitizer reports on stdout
    rm -f "$home/logs/"*
    # shellcheck disable=SC2086 # ARGS is a word list
    unpriv env HOME="$home" XDG_CONFIG_HOME="$home/.config" WIRESHARK_EXTCAP_DIR="$home/noextcap" \
        TZ=UTC LC_ALL=C LD_PRELOAD="$libasan" \
        ASAN_OPTIONS="detect_leaks=1:fast_unwind_on_malloc=0:malloc_context_size=255:log_path=$home/logs/asan" \
        timeout -k 5 "${HP_BASELINE_TIMEOUT:-600}" "$tshark_bin" "$@" 2>&1 >/dev/null
    cat "$home/logs/"* 2>/dev/null
}
# Sanitizer reports of a log, one per line: "HEADER<TAB>frame 1<TAB>frame 2...", frames without
# their "#n 0xADDRESS" (the rest, "in func file:line" or "(module+offset)", is stable between runs
# of the same binaries). HEADER: "Direct leak of 24 byte(s) in 1 object(s)",
# "AddressSanitizer: heap-buffer-overflow READ of size 4", "runtime error: <message>". The stack is
# the first one after the header (for an ASan error: the access, not the allocation).
sigs() {
    awk '
    function flush() { if (head != "") print head frames; head = ""; frames = ""; n = 0; stop = 0 }
    /(Direct|Indirect) leak of [0-9]+ byte\(s\) in [0-9]+ object\(s\)/ {
        flush(); match($0, /(Direct|Indirect) leak of [0-9]+ byte\(s\) in [0-9]+ object\(s\)/)
        head = substr($0, RSTART, RLENGTH); next }
    /ERROR: AddressSanitizer: / {
        flush(); h = $0; sub(/.*ERROR: /, "", h); sub(/ on (unknown )?address.*/, "", h); head = h; access = 1; next }
    /runtime error: / { flush(); h = $0; sub(/.*runtime error: /, "runtime error: ", h); head = h; next }
    access && /^(READ|WRITE) of size/ { h = $0; sub(/ at 0x.*/, "", h); head = head " " h; access = 0; next }
    /^ *#[0-9]+ 0x[0-9a-f]+ / {
        if (head != "" && !stop) { f = $0; sub(/^ *#[0-9]+ 0x[0-9a-f]+ /, "", f); frames = frames "\t" f; n++ }
        next }
    /^[[:space:]]*$/ { if (n > 0) stop = 1; next }
    END { flush() }' "$@"
}
# Does report R (a sigs line) appear in the sigs lines of FILE? Same header, R's frames the first
# frames of the other's (at least MIN, default 4, or all of the other's).
reappears() {
    awk -F'\t' -v r="$1" -v min="${3:-4}" '
    BEGIN { nr = split(r, a, "\t") }
    $1 == a[1] && nr - 1 <= NF - 1 && (nr - 1 >= min || nr == NF) {
        ok = 1; for (i = 2; i <= nr; i++) if ($i != a[i]) { ok = 0; break }
        if (ok) { found = 1; exit } }
    END { exit !found }' "$2"
}
# One-line reason for a report: its header and the first frames after the allocator.
short() {
    local IFS=$'\t' f s k=0 parts
    read -r -a parts <<<"$1"
    s=${parts[0]}
    for f in "${parts[@]:1}"; do
        [ $k -lt 3 ] || break
        [[ $f =~ (malloc|calloc|realloc|memalign|operator\ new|g_malloc|g_realloc|g_slice|g_strdup|g_memdup|__interceptor_|__asan_) ]] && continue
        f=$(sed -E 's#^ *(in )?##; s#\((/[^()]*/)?([^/()]+\+0x[0-9a-f]+)\)#\2#; s# /[^ ]*/([^/ ]+:[0-9]+)(:[0-9]+)?$# \1#' <<<"$f")
        s+="$([ $k -eq 0 ] && echo ": " || echo " <- ")$f"; k=$((k + 1))
    done
    echo "$s"
}
# Helpers for t_corpus.sh: the report lines of a log, and whether one reappears in such lines.
case ${1:-} in
--sigs) sigs "$2"; exit 0 ;;
--reappears) reappears "$2" "$3" "${4:-4}"; exit ;;
esac
status=0
for cap in "$@"; do
    log=${logopt:-$cap.log}
    [ -r "$log" ] || { echo "HUNTPACK? $cap: no log $log"; status=1; continue; }
    why=""
    # Only a report's own lines count (a stack frame, a UBSan "runtime error:" line, a dissector
    # bug): huntpack's INFO log lines also carry its source paths (g_log's file:line).
    if grep -E '^ *#[0-9]+ |runtime error:|Dissector bug' "$log" |
        grep -qE 'Dissector bug, protocol (huntpack|tcplabel|quicfp|spotudp|soctrait)|huntpack\.so|/plugins/[a-z_]+\.(cpp|c):[0-9]|/heuristics/[a-z_0-9]+\.(cpp|h):[0-9]|/taps/[a-z_0-9]+\.(cpp|h):[0-9]'; then
        why="huntpack named in a report"
    fi
    grep -qE '^(timeout|signal (9|11|7|8|4))' "$log" && why="${why:+$why; }crash or timeout"
    reports=$(sigs "$log")
    bugs=$(grep -oE 'Dissector bug, protocol [^,]+, in packet [0-9]+: [^ ]+' "$log" | sort -u)
    missing=()
    if [ -z "$why" ] && { [ -n "$reports" ] || [ -n "$bugs" ]; }; then
        tried=("$bargs"); [ "$bargs" = "$full_tree" ] || tried+=("$full_tree")
        left_r=$reports left_b=$bugs
        for a in "${tried[@]}"; do
            [ -n "$left_r$left_b" ] || break
            # shellcheck disable=SC2086
            out=$(bare -n -r "$cap" $a)
            if grep -qE '^huntpack\.so|huntpack\.so' <<<"$out"; then why="the bare run loaded huntpack"; break; fi
            sigs <<<"$out" >"$home/bare.sigs"
            nr="" nb=""
            while IFS= read -r r; do
                [ -n "$r" ] || continue
                reappears "$r" "$home/bare.sigs" || nr+=$r$'\n'
            done <<<"$left_r"
            while IFS= read -r b; do
                [ -n "$b" ] || continue
                grep -qF "$b" <<<"$out" || nb+=$b$'\n'
            done <<<"$left_b"
            left_r=${nr%$'\n'} left_b=${nb%$'\n'}
        done
        while IFS= read -r r; do [ -n "$r" ] && why="${why:+$why; }not without huntpack: $(short "$r")"; done <<<"$left_r"
        while IFS= read -r b; do [ -n "$b" ] && why="${why:+$why; }not without huntpack: $b"; done <<<"$left_b"
    fi
    if [ -z "$why" ] && [ -z "$reports" ] && [ -z "$bugs" ]; then
        why="nothing to compare (no sanitizer report, no Dissector bug in $log)"
    fi
    if [ -z "$why" ]; then
        nrep=$(grep -c . <<<"$reports")
        first=$( { [ -n "$reports" ] && short "$(head -1 <<<"$reports")"; } || head -1 <<<"$bugs")
        echo "WIRESHARK-OWN $cap: $([ -n "$reports" ] && echo "$nrep sanitizer report(s) also without huntpack, e.g. ")$first$([ -n "$bugs" ] && echo "; $(wc -l <<<"$bugs") Dissector bug(s) also without huntpack")"
    else
        echo "HUNTPACK? $cap: $why"; status=1
    fi
done
exit $status
