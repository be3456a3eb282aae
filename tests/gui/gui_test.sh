#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# gui_test.sh: huntpack in a real Wireshark (Qt) window under Xvfb (issue 7, GUI part).
#
#   tests/gui/gui_test.sh                 # uses $HUNTPACK_PLUGIN or $HUNTPACK_BUILD_DIR/huntpack.so
#   HUNTPACK_BUILD_DIR=/work/build tests/gui/gui_test.sh
#
# Checks, on captures/demo.pcapng with the "huntpack" profile:
#   1. huntpack.so loads (tshark -G plugins with the same private HOME);
#   2.+3. every stats-tree dialog (Capture Summary, both Protocol Breakdowns) and every table
#      dialog (Suspicious Traits, TCP Errors, QUIC and TLS Clients, Devices) opens from the
#      Statistics menu, found by walking the menu with the keyboard and identifying each entry by
#      the title of the window it opens (4.0: Statistics > huntpack > <tree> and
#      Statistics > huntpack/<table>; 4.4: Statistics > huntpack/<tree or table>; 4.6:
#      Statistics > huntpack/<tree> and Statistics > huntpack > <table>); its Copy
#      text has the same rows and counts as `tshark -q -z <abbr>,tree` / `,table` (or `tshark -2`);
#   4. `wireshark -z huntpack_traits,table` opens the traits dialog with the same content, also
#      with the Lua rule examples loaded (their rows appear in the GUI as in tshark).
# Exit status: 0 all passed, 1 any mismatch or missing window. A dialog's content is polled until
# it matches or HP_GUI_TIMEOUT (20 s) passes, so slow machines do not fail spuriously.
# HP_GUI_ARTIFACTS=DIR keeps the Copy texts, tshark outputs, logs and failure screenshots; without
# it a failed run leaves them in $HUNTPACK_BUILD_DIR/gui-artifacts (chroot_test.sh copies that out).
# HP_GUI_VERBOSE=1 also lists the other Statistics entries the menu walk opened.
# A Wireshark message box (modal: e.g. "Can't open preferences file") is a failure; it is
# photographed (failure-message-box-N.png) and dismissed so that the other checks still run.
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/gui_lib.sh"
hp_gui_under_xvfb "$@"
hp_gui_setup
t0=$(date +%s)
art=${HP_GUI_ARTIFACTS:-$HP_GUI_LOGS}
mkdir -p "$art"
export HP_GUI_SHOT_DIR=$art
keep=""
if [ -z "${HP_GUI_ARTIFACTS:-}" ] && [ -n "${HUNTPACK_BUILD_DIR:-}" ] && [ -d "$HUNTPACK_BUILD_DIR" ]; then
    keep=$HUNTPACK_BUILD_DIR/gui-artifacts
    rm -rf "$keep" # a previous failed run's
fi
# hp_finish, after keeping a failed run's artifacts (the private HOME is deleted on exit).
finish() {
    if [ "$HP_FAILS" -ne 0 ] && [ -n "$keep" ]; then
        mkdir -p "$keep" && cp -r "$art/." "$keep/" && cp "$HP_GUI_LOGS"/wireshark.*.log "$keep/" 2>/dev/null
        echo "failure artifacts (screenshots, Copy texts, logs): $keep" >&2
    fi
    hp_finish
}

hp_require_plugin

# Title (as in the menu / window) -> tshark -z argument.
declare -A TREES=(
    ["Capture Summary"]="huntpack_summary,tree"
    ["Protocol Breakdown (Wireshark)"]="huntpack_breakdown,tree"
    ["Protocol Breakdown (revised by tcplabel)"]="huntpack_revised,tree"
)
declare -A TABLES=(
    ["Suspicious Traits"]="huntpack_traits,table"
    ["TCP Errors"]="huntpack_tcperr,table"
    ["QUIC and TLS Clients"]="huntpack_quic,table"
    ["Devices"]="huntpack_devices,table"
)

# Reference outputs, all in one tshark pass.
zargs=()
for t in "${!TREES[@]}" "${!TABLES[@]}"; do zargs+=(-z "${TREES[$t]:-${TABLES[$t]:-}}"); done
hp_tshark -q -r "$HP_GUI_CAPTURE" "${zargs[@]}" >"$art/tshark-all.txt" 2>"$art/tshark.err" ||
    { hp_fail "tshark reference run failed: $(head -3 "$art/tshark.err")"; finish; }
hp_tshark -2 -q -r "$HP_GUI_CAPTURE" "${zargs[@]}" >"$art/tshark2-all.txt" 2>>"$art/tshark.err" || true
# Split tshark's output into one file per statistic (blocks start with a '=' rule, then the title).
split_tshark() { # all-file prefix
    python3 - "$1" "$art" "$2" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
for block in re.split(r"\n(?==+\n)", "\n" + text):
    m = re.search(r"^huntpack/([^:\n]+):", block, re.M)
    if m:
        open(f"{sys.argv[2]}/{sys.argv[3]}-{m.group(1).replace('/', '_')}.txt", "w").write(block)
EOF
}
split_tshark "$art/tshark-all.txt" tshark
split_tshark "$art/tshark2-all.txt" tshark2

shot_on_failure() { import -window root "$art/failure-$1.png" 2>/dev/null || true; }

# Poll a dialog's Copy text until it matches tshark's, or it stays the same (mismatching) for
# 2 s even after the dialog's Apply (a retap), or HP_GUI_TIMEOUT passes. Wireshark's GUI dissects
# twice (load, then the dialog's retap on visited frames), so a match with `tshark -2` counts too.
check_dialog() { # window kind title
    local w=$1 kind=$2 title=$3 ref="$art/tshark-$3.txt" ref2="$art/tshark2-$3.txt"
    local gui="$art/gui-$3.txt" cmp="$art/compare-$3.txt" end rc applied=0 sum last="" same=0 which=""
    if [ ! -s "$ref" ]; then hp_fail "$title: no tshark output"; return; fi
    end=$(($(date +%s) + HP_GUI_TIMEOUT))
    while :; do
        rc=2
        hp_gui_unblock "$title dialog" || true
        if hp_dialog_copy "$w" "$gui"; then
            rc=0; which="tshark"
            python3 "$HP_GUI_HERE/compare.py" "$kind" "$gui" "$ref" >"$cmp" 2>&1 || rc=$?
            if [ "$rc" -ne 0 ] && [ -s "$ref2" ] &&
                python3 "$HP_GUI_HERE/compare.py" "$kind" "$gui" "$ref2" >"$cmp.2" 2>&1; then
                rc=0; which="tshark -2"; mv "$cmp.2" "$cmp"
            fi
            rm -f "$cmp.2"
            sum=$(md5sum <"$gui")
            if [ "$sum" = "$last" ]; then same=$((same + 1)); else same=0; last=$sum; fi
        fi
        [ "$rc" -eq 0 ] && break
        [ "$(date +%s)" -ge "$end" ] && break
        if [ "$same" -ge 4 ]; then
            [ "$applied" -eq 1 ] && break # stable and still different: a real mismatch
            hp_dialog_apply "$w"; applied=1; same=0; last=""
        fi
        sleep 0.5
    done
    if [ "$rc" -eq 0 ]; then
        hp_ok "$title: GUI dialog matches $which -z ($(head -1 "$cmp"))"
    elif [ "$rc" -eq 2 ] && [ ! -s "$cmp" ]; then
        hp_fail "$title: could not read the dialog through its Copy button"
        shot_on_failure "$title"
    else
        hp_fail "$title: GUI dialog differs from tshark -z and tshark -2 -z$([ "$applied" -eq 1 ] && echo ' (also after Apply)'):"
        sed 's/^/    /' "$cmp" | cut -c1-220 >&2
        shot_on_failure "$title"
    fi
}

# Window titles as regexes (xdotool's regex is byte-wise: no '·' in patterns).
capre=$(basename "$HP_GUI_CAPTURE" | sed 's/[].[^$*+?(){}|\\]/\\&/g')

# --- the Statistics menu, walked by what its entries open (gui_lib.sh: hp_menu_walk) ------------
# Wireshark 4.0 has the trees in a "huntpack" submenu (last entry) and the tables as top-level
# entries "huntpack/<name>"; 4.4 lists all seven as top-level "huntpack/<name>"; 4.6 lists the trees
# so and has the tables in a "huntpack" submenu. The walk does not depend on that: every entry is
# identified by the title of the window it opens.
declare -A IN_MENU=()
menu_seen() { # window title where
    local w=$1 title=$2 where=$3 name t
    # Dialogs are titled "Wireshark · <name> · <file>" or "Wireshark · huntpack/<name> · <file>"
    # (4.0 titles stats-tree dialogs without the "huntpack/" of their menu path).
    name=$(sed -n 's/^Wireshark · \(huntpack\/\)\{0,1\}\(.*\) · [^·]*$/\2/p' <<<"$title")
    name=${name:-"($title)"} # (an empty subscript is an error for bash arrays)
    if [ -z "${TREES[$name]:-}" ] && [ -z "${TABLES[$name]:-}" ]; then
        case $title in
        "Wireshark · huntpack/"*) hp_fail "$where opens '$title': not a known huntpack dialog (update gui_test.sh)"; return 0 ;;
        esac
        [ -n "${HP_GUI_VERBOSE:-}" ] && echo "   ($where: '$title')"
        return 1
    fi
    [ -n "${IN_MENU[$name]:-}" ] && return 0 # seen again (the walk met itself)
    IN_MENU[$name]=1
    hp_ok "$where opens '$title'"
    if [ -n "${TREES[$name]:-}" ]; then check_dialog "$w" tree "$name"; else check_dialog "$w" table "$name"; fi
    for t in "${!TREES[@]}" "${!TABLES[@]}"; do [ -n "${IN_MENU[$t]:-}" ] || return 0; done
    hp_menu_close_window "$w"
    return 2 # all found
}
hp_ws_start
main=$(hp_wait_window '^demo\.pcapng$|^Wireshark$' ) || { hp_fail "main window did not appear"; cat "$HP_WS_LOG" >&2; finish; }
main=$(hp_wait_window "^$capre\$") ||
    { hp_fail "capture did not open in the main window"; finish; }
hp_ok "main window up ($(($(date +%s) - t0)) s)"
tw=$(date +%s)
hp_menu_walk "$main" menu_seen
echo "menu walk: $HP_MENU_ENTRIES Statistics entries visited in $(($(date +%s) - tw)) s"
for t in "${!TREES[@]}" "${!TABLES[@]}"; do
    [ -n "${IN_MENU[$t]:-}" ] || { hp_fail "no Statistics menu entry opens '$t'"; shot_on_failure "menu-$t"; }
done
hp_ws_stop

# --- a table dialog requested on the command line (wireshark -z <abbr>,table) -----------------
# (Wireshark 4.0 accepts one -z table per window: several at once make nested retaps and abort.)
t="Suspicious Traits"
hp_ws_start -z "${TABLES[$t]}"
if w=$(hp_wait_window "huntpack/$t"); then
    hp_ok "wireshark -z ${TABLES[$t]} opens '$(xdotool getwindowname "$w")'"
    check_dialog "$w" table "$t"
else
    hp_fail "wireshark -z ${TABLES[$t]}: no window titled 'huntpack/$t'"
    tail -5 "$HP_WS_LOG" >&2
    shot_on_failure "$t"
fi
hp_ws_stop

# --- the Lua rule examples (lua-bridge/examples) in the same dialog ----------------------------
lt="Suspicious Traits (Lua rules)"
lua=()
for f in "$HUNTPACK_SOURCE_DIR"/lua-bridge/examples/*.lua; do lua+=(-X "lua_script:$f"); done
hp_tshark -q -r "$HP_GUI_CAPTURE" "${lua[@]}" -z huntpack_traits,table >"$art/tshark-$lt.txt" 2>>"$art/tshark.err"
for id in $(sed -n 's/^ *id = "\([a-z0-9-]*\)",.*/\1/p' "$HUNTPACK_SOURCE_DIR"/lua-bridge/examples/*.lua); do
    grep -q "^$id " "$art/tshark-$lt.txt" || hp_fail "tshark with the Lua examples: no '$id' row in huntpack_traits"
done
hp_ws_start "${lua[@]}" -z huntpack_traits,table
if w=$(hp_wait_window "huntpack/Suspicious Traits"); then
    check_dialog "$w" table "$lt"
else
    hp_fail "wireshark with the Lua examples: no Suspicious Traits window"
    tail -5 "$HP_WS_LOG" >&2
fi
hp_ws_stop

# huntpack's own warnings count too: e.g. "cannot prime tcp.analysis fields" (a statistic's priming
# filter did not compile, so a GUI retap lacks the fields it reads and its dialog loses rows).
err_re='CRITICAL|ERROR|Aborted|assertion|\[huntpack WARNING\]'
if grep -q -E "$err_re" "$HP_GUI_LOGS"/wireshark.*.log "$art/tshark.err" 2>/dev/null; then
    hp_fail "Wireshark or tshark logged errors:"
    grep -h -E "$err_re" "$HP_GUI_LOGS"/wireshark.*.log "$art/tshark.err" 2>/dev/null | cut -c1-300 | head -5 >&2 || true
fi
if [ -s "$HP_GUI_LOGS/message-boxes.txt" ]; then
    hp_fail "$(wc -l <"$HP_GUI_LOGS/message-boxes.txt") Wireshark message box(es) blocked the GUI (listed above; screenshots failure-message-box-*.png)"
fi
if [ "$art" != "$HP_GUI_LOGS" ]; then cp "$HP_GUI_LOGS"/wireshark.*.log "$art/" 2>/dev/null || true; fi
echo "GUI test time: $(($(date +%s) - t0)) s"
finish
