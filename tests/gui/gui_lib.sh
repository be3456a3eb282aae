# SPDX-License-Identifier: GPL-2.0-or-later
# gui_lib.sh: helpers for huntpack's Qt GUI checks (sourced by gui_test.sh and screenshots.sh).
# A real Wireshark window runs under Xvfb, unprivileged, with a private HOME holding the built
# plugin (tests/lib/common.sh), the "huntpack" profile and a private 0700 XDG_RUNTIME_DIR.
# Dialogs are found by title (xdotool search --name) and read through their Copy button (xclip).
#
# Inputs (environment, all optional):
#   HUNTPACK_PLUGIN     built huntpack.so (default: $HUNTPACK_BUILD_DIR/huntpack.so, then build/)
#   HUNTPACK_BUILD_DIR  build tree holding huntpack.so
#   HP_GUI_CAPTURE      capture to open (default: captures/demo.pcapng)
#   HP_GUI_TIMEOUT      seconds to wait for a window or for a dialog's content (default 20)
#   HP_GUI_MENU_WAIT    seconds to wait for the window a menu entry opens (default 8)
#   HP_GUI_MENU_MAX     most Statistics entries the menu walk visits (default 60)
#   HP_GUI_VERBOSE      set: list every menu entry the walk visits and what it opened
#   HP_GUI_DEBUG_SHOTS  DIR: a screenshot before each Return of the menu walk (debugging)
# A Wireshark message box (modal: it blocks all input) is reported, photographed and dismissed
# wherever the helpers wait (hp_gui_unblock).

HP_GUI_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export HUNTPACK_SOURCE_DIR=${HUNTPACK_SOURCE_DIR:-$(cd "$HP_GUI_HERE/../.." && pwd)}
if [ -z "${HUNTPACK_PLUGIN:-}" ]; then
    for cand in "${HUNTPACK_BUILD_DIR:-/nonexistent}/huntpack.so" "$HUNTPACK_SOURCE_DIR/build/huntpack.so"; do
        if [ -f "$cand" ]; then HUNTPACK_PLUGIN=$cand; break; fi
    done
fi
export HUNTPACK_PLUGIN=${HUNTPACK_PLUGIN:?no huntpack.so: set HUNTPACK_PLUGIN or HUNTPACK_BUILD_DIR}
export HUNTPACK_WS_MAJMIN=${HUNTPACK_WS_MAJMIN:-$(tshark -v 2>/dev/null | sed -n '1s/^[^0-9]*\([0-9]*\.[0-9]*\)\..*/\1/p')}
HP_GUI_CAPTURE=${HP_GUI_CAPTURE:-$HUNTPACK_SOURCE_DIR/captures/demo.pcapng}
HP_GUI_TIMEOUT=${HP_GUI_TIMEOUT:-20}
HP_GUI_XVFB_ARGS="-ac -screen 0 1280x900x24"

# Re-run the calling script under Xvfb unless already inside it (call before anything else).
hp_gui_under_xvfb() {
    local t missing=""
    for t in wireshark tshark xvfb-run xauth xdotool xclip python3; do
        command -v "$t" >/dev/null || missing="$missing $t"
    done
    if [ -n "$missing" ]; then
        echo "FAIL: missing tools:$missing (apt-get install wireshark-qt xvfb xauth xdotool xclip imagemagick)" >&2
        exit 1
    fi
    if [ -z "${HP_GUI_INNER:-}" ]; then
        exec env HP_GUI_INNER=1 xvfb-run -a -s "$HP_GUI_XVFB_ARGS" bash "$0" "$@"
    fi
}

# Private HOME (common.sh) plus the profile, a screen-sized main window and a runtime dir.
hp_gui_setup() {
    # shellcheck source=../lib/common.sh
    source "$HUNTPACK_SOURCE_DIR/tests/lib/common.sh"
    local cfg="$HP_HOME/.config/wireshark"
    mkdir -p "$cfg/profiles"
    cp -r "$HUNTPACK_SOURCE_DIR/profile/huntpack" "$cfg/profiles/"
    # cp keeps the source's modes, and a source tree may be read-only (chroot_test.sh makes its
    # snapshot so): Wireshark writes the profile (e.g. 4.4's I/O Graphs dialog saves preferences)
    # and a write error is a modal message box that blocks the whole GUI.
    chmod -R u+w "$cfg"
    cat >"$cfg/recent_common" <<'EOF'
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: 1280
gui.geometry_main_height: 900
gui.geometry_main_maximized: FALSE
privs.warn_if_elevated: FALSE
EOF
    chmod -R a+rX "$HP_HOME"
    HP_GUI_RUN="$HP_HOME/run"
    mkdir -p "$HP_GUI_RUN"
    chmod 700 "$HP_GUI_RUN"
    # With the setpriv fallback (no user namespaces, e.g. inside a chroot) the runtime dir and the
    # configuration (Wireshark writes the profile's preferences and recent files; a write error is
    # a modal message box that blocks the GUI) must belong to nobody.
    if [ "$(id -u)" -eq 0 ] && ! unshare --user --map-user=1000 --map-group=1000 true 2>/dev/null; then
        chown 65534:65534 "$HP_GUI_RUN"
        chown -R 65534:65534 "$HP_HOME/.config"
    fi
    HP_GUI_LOGS="$HP_HOME/logs"
    mkdir -p "$HP_GUI_LOGS"
    HP_WS_PID=""
    trap 'hp_ws_stop; rm -rf "$HP_HOME"' EXIT
}

# Start Wireshark on the capture with the huntpack profile; extra args (e.g. -z x,table) first.
hp_ws_start() {
    hp_ws_stop
    HP_WS_LOG="$HP_GUI_LOGS/wireshark.$(date +%s%N).log"
    hp_unpriv env XDG_RUNTIME_DIR="$HP_GUI_RUN" wireshark -C huntpack -n "$@" -r "$HP_GUI_CAPTURE" \
        >"$HP_WS_LOG" 2>&1 &
    HP_WS_PID=$!
}

hp_ws_stop() {
    [ -n "${HP_WS_PID:-}" ] || return 0
    if kill -0 "$HP_WS_PID" 2>/dev/null; then
        kill "$HP_WS_PID" 2>/dev/null || true
        local i
        for i in $(seq 1 30); do kill -0 "$HP_WS_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$HP_WS_PID" 2>/dev/null || true
    fi
    wait "$HP_WS_PID" 2>/dev/null || true
    HP_WS_PID=""
}

hp_ws_alive() { [ -n "${HP_WS_PID:-}" ] && kill -0 "$HP_WS_PID" 2>/dev/null; }

# Wireshark's message boxes (errors, warnings) are modal: while one is up the GUI ignores every
# other input, so a menu entry opens nothing and a dialog's buttons do not react. hp_gui_unblock
# WHERE reports each one (with a screenshot: its text is only in the picture), records it in
# $HP_GUI_LOGS/message-boxes.txt (callers may run in a subshell; gui_test.sh fails if the file is
# not empty) and dismisses it, so that the rest of the test still runs. Returns 0 if there was
# one. xwin.py tells a message box (untitled, transient, managed) from a menu popup (untitled,
# override-redirect).
hp_gui_unblock() { # where
    local ids w shot n i
    ids=$(python3 "$HP_GUI_HERE/xwin.py" blockers 2>/dev/null) || return 1
    [ -n "$ids" ] || return 1
    for w in $ids; do
        echo "$1" >>"$HP_GUI_LOGS/message-boxes.txt"
        n=$(wc -l <"$HP_GUI_LOGS/message-boxes.txt")
        shot="${HP_GUI_SHOT_DIR:-$HP_GUI_LOGS}/failure-message-box-$n.png"
        import -window root "$shot" 2>/dev/null || true
        echo "FAIL: $1: Wireshark shows a message box (screenshot $(basename "$shot")); dismissing it" >&2
        for i in $(seq 1 20); do
            python3 "$HP_GUI_HERE/xwin.py" blockers 2>/dev/null | grep -qx "$w" || break
            xdotool windowfocus --sync "$w" 2>/dev/null || true
            if [ $((i % 2)) -eq 1 ]; then xdotool key Return; else xdotool key Escape; fi
            sleep 0.2
        done
    done
    return 0
}

# Echo the id of the first visible window whose title matches REGEX, waiting up to TIMEOUT s.
hp_wait_window() {
    local re=$1 timeout=${2:-$HP_GUI_TIMEOUT} end w
    end=$(($(date +%s) + timeout))
    while [ "$(date +%s)" -lt "$end" ]; do
        w=$(xdotool search --onlyvisible --name "$re" 2>/dev/null | head -1 || true)
        if [ -n "$w" ]; then echo "$w"; return 0; fi
        hp_gui_unblock "waiting for a window titled '$re'" || true
        hp_ws_alive || return 1
        sleep 0.2
    done
    return 1
}

# Press a dialog's Copy button (TapParameterDialog: Copy, Save as..., Close at the bottom right)
# and write the clipboard to FILE. Fails when the clipboard does not hold the dialog's text.
hp_dialog_copy() {
    local w=$1 out=$2 WIDTH HEIGHT X Y SCREEN WINDOW
    eval "$(xdotool getwindowgeometry --shell "$w")"
    printf '' | xclip -selection clipboard
    xdotool mousemove --window "$w" $((WIDTH - 236)) $((HEIGHT - 24)) click 1
    local i
    for i in $(seq 1 20); do
        if xclip -o -selection clipboard >"$out" 2>/dev/null && grep -q "^Topic / Item\|huntpack/" "$out"; then return 0; fi
        sleep 0.1
    done
    return 1
}

# Press a dialog's Apply button (right of its display filter field).
hp_dialog_apply() {
    local w=$1 WIDTH HEIGHT X Y SCREEN WINDOW
    eval "$(xdotool getwindowgeometry --shell "$w")"
    xdotool mousemove --window "$w" $((WIDTH - 52)) $((HEIGHT - 55)) click 1
}

# --- the Statistics menu, walked by what its entries open ------------------------------------
# Where huntpack's entries sit differs between Wireshark versions. Seen: 4.0 puts the stats trees in
# a "huntpack" submenu, the last entry of Statistics, and the four tables as top-level entries
# "huntpack/<name>" in the middle, sorted with the other packet statistics; 4.4 lists the trees as
# top-level entries "huntpack/<name>" at the end and the tables where 4.0 has them; 4.6 lists the
# trees like 4.4 and puts the tables in a "huntpack" submenu where 4.0 has them. QMenu has no
# type-ahead and huntpack's entries have no mnemonics, so the menu is walked with the keyboard,
# entry by entry, and each entry is identified by the window it opens (its title), never by its
# position. After Return on an entry, a menu popup still open means the entry is a submenu.
#
# A path is a list of steps, one per menu level: N >= 0 is Down N times from the level's first
# entry, -N is Up N times (wrapping round: -1 is the last entry); each step ends with Return.

# Visible popups (open menus): Wireshark's visible windows without a WM_NAME (Qt names its
# popups only in _NET_WM_NAME, which `xdotool search --name` does not match).
hp_menu_popups() {
    comm -23 <(xdotool search --onlyvisible --classname '^wireshark$' 2>/dev/null | sort) \
        <(xdotool search --onlyvisible --name '.' 2>/dev/null | sort) | wc -l
}

# Visible windows with a title, sorted (dialogs and the main window).
hp_menu_windows() { xdotool search --onlyvisible --name '.' 2>/dev/null | sort; }

hp_menu_escape() {
    local i
    for i in 1 2 3 4 5; do
        [ "$(hp_menu_popups)" -eq 0 ] && return 0
        xdotool key Escape
        sleep 0.15
    done
}

# Close a dialog opened from the menu (Escape = reject) and wait until it is gone. Xvfb has no
# window manager, so `xdotool windowactivate` fails: give the dialog the input focus instead.
hp_menu_close_window() {
    local w=$1 i
    xdotool windowfocus --sync "$w" 2>/dev/null || true
    xdotool key Escape
    for i in $(seq 1 20); do
        xdotool search --onlyvisible --name '.' 2>/dev/null | grep -qx "$w" || return 0
        sleep 0.1
    done
    echo "   (could not close window '$(xdotool getwindowname "$w" 2>/dev/null)')"
}

# hp_menu_visit MAIN STEP...: open Statistics in window MAIN and follow the path. Sets
# HP_MENU_KIND to "window" (HP_MENU_WIN: the new window, HP_MENU_TITLE: its title), "submenu"
# (the last step opened a submenu; it is closed again) or "none" (nothing opened within
# HP_GUI_MENU_WAIT seconds, default 8: a dialog that shows up later would be taken for the next
# entry's).
hp_menu_visit() {
    local main=$1 step before new end n subs=0
    shift
    HP_MENU_KIND=none HP_MENU_WIN="" HP_MENU_TITLE=""
    hp_gui_unblock "before the Statistics menu path $*" || true
    before=$(hp_menu_windows)
    # The pointer stays where a dialog's Copy button was clicked; over a submenu's popup it makes Qt
    # close the submenu again. Park it in the top right corner (menu bar, right of the menus).
    xdotool mousemove 1279 0
    xdotool windowfocus --sync "$main" 2>/dev/null || true
    xdotool key --clearmodifiers alt+s
    sleep 0.3
    for step in "$@"; do
        if [ "$step" -lt 0 ]; then
            for n in $(seq 1 $((-step))); do xdotool key Up; done
        else
            for n in $(seq 1 "$step"); do xdotool key Down; done
        fi
        [ -n "${HP_GUI_DEBUG_SHOTS:-}" ] && import -window root "$HP_GUI_DEBUG_SHOTS/visit-$(date +%s%N)-$*.png"
        xdotool key Return
        sleep 0.3
    done
    end=$(($(date +%s) + ${HP_GUI_MENU_WAIT:-8}))
    while :; do
        new=$(comm -13 <(echo "$before") <(hp_menu_windows) | head -1)
        if [ -n "$new" ]; then
            HP_MENU_KIND=window HP_MENU_WIN=$new
            HP_MENU_TITLE=$(xdotool getwindowname "$new" 2>/dev/null || true)
            hp_menu_escape
            return 0
        fi
        # A message box (e.g. an error the entry's dialog raised while being built) holds the
        # dialog back until it is dismissed: dismiss it, then wait for the dialog afresh.
        if hp_gui_unblock "Statistics menu path $*"; then
            end=$(($(date +%s) + ${HP_GUI_MENU_WAIT:-8}))
            continue
        fi
        # A submenu adds a popup to the $# levels opened so far; an action closes them all (their
        # unmapping may lag while the action's dialog is being built: wait for two polls).
        if [ "$(hp_menu_popups)" -gt "$#" ]; then
            subs=$((subs + 1))
            if [ "$subs" -ge 2 ]; then
                HP_MENU_KIND=submenu
                hp_menu_escape
                return 0
            fi
        else
            subs=0
        fi
        [ "$(date +%s)" -ge "$end" ] && return 0
        hp_ws_alive || return 0
        sleep 0.2
    done
}

# hp_menu_walk MAIN CALLBACK: visit the entries of Statistics until CALLBACK says it is done.
# CALLBACK WIN TITLE WHERE is called for every window an entry opens and returns
# 0 = a huntpack window (the walk closes it), 1 = someone else's (closed), 2 = stop the walk (the
# window is left as it is). A submenu is entered when its first entry opens a huntpack window,
# and then walked to its end. Order (only for speed, not for correctness): from the bottom up
# while the entries are huntpack's, then from the top down until the walk meets an entry already
# seen from the bottom, or after HP_GUI_MENU_MAX (60) entries.
# Sets HP_MENU_STOPPED=1 when CALLBACK returned 2, HP_MENU_ENTRIES to the number of entries seen.
hp_menu_walk() {
    local main=$1 cb=$2 dir step i sig ours
    local -A seen_sig=()
    local nones=0
    HP_MENU_STOPPED=0 HP_MENU_ENTRIES=0
    for dir in up down; do
        for i in $(seq 1 "${HP_GUI_MENU_MAX:-60}"); do
            if [ "$dir" = up ]; then step=$((-i)); else step=$((i - 1)); fi
            [ "$HP_MENU_ENTRIES" -ge "${HP_GUI_MENU_MAX:-60}" ] && return 0
            hp_ws_alive || { hp_fail "Wireshark exited during the Statistics menu walk"; return 0; }
            _hp_menu_entry "$main" "$cb" "$step"
            [ "$HP_MENU_STOPPED" -eq 1 ] && return 0
            sig=$_HP_MENU_SIG ours=$_HP_MENU_OURS
            [ -n "${HP_GUI_VERBOSE:-}" ] && echo "   (menu walk $dir, entry $step: $sig)"
            # Entries that open nothing are rare (4.0, 4.4, 4.6: none); several in a row mean the GUI
            # stopped taking input (e.g. a modal message box without a title).
            if [ "${sig%%:*}" = none ]; then nones=$((nones + 1)); else nones=0; fi
            if [ "$nones" -ge 3 ]; then
                hp_fail "Statistics menu walk: 3 entries in a row opened nothing (at entry $step); GUI blocked?"
                import -window root "${HP_GUI_SHOT_DIR:-$HP_GUI_LOGS}/failure-menu-walk-blocked.png" 2>/dev/null || true
                return 0
            fi
            if [ "$dir" = up ]; then
                if [ -n "${seen_sig[$sig]:-}" ]; then return 0; fi # wrapped round a short menu
                seen_sig[$sig]=1
                HP_MENU_ENTRIES=$((HP_MENU_ENTRIES + 1))
                [ "$ours" -eq 1 ] || break # end of huntpack's block at the bottom
            else
                [ -n "${seen_sig[$sig]:-}" ] && return 0 # met the bottom-up walk
                seen_sig[$sig]=1
                HP_MENU_ENTRIES=$((HP_MENU_ENTRIES + 1))
            fi
        done
    done
}

# One top-level entry (STEP). Sets _HP_MENU_SIG (what it opened) and _HP_MENU_OURS (1 if a
# huntpack window or a submenu holding them).
_hp_menu_entry() {
    local main=$1 cb=$2 step=$3 j first sig
    _HP_MENU_OURS=0
    hp_menu_visit "$main" "$step"
    case $HP_MENU_KIND in
    none)
        _HP_MENU_SIG="none:$step"
        ;;
    window)
        _HP_MENU_SIG="window:$HP_MENU_TITLE"
        _hp_menu_call "$cb" "Statistics entry $step" || return 0
        ;;
    submenu)
        hp_menu_visit "$main" "$step" 0
        if [ "$HP_MENU_KIND" != window ]; then _HP_MENU_SIG="submenu:$step:$HP_MENU_KIND"; return 0; fi
        first=$HP_MENU_TITLE
        _HP_MENU_SIG="submenu:$first"
        _hp_menu_call "$cb" "Statistics entry $step, submenu entry 0" || return 0
        [ "$_HP_MENU_OURS" -eq 1 ] || return 0
        for j in $(seq 1 "${HP_GUI_MENU_MAX:-60}"); do
            hp_ws_alive || return 0
            hp_menu_visit "$main" "$step" "$j"
            [ "$HP_MENU_KIND" = window ] || break
            if [ "$HP_MENU_TITLE" = "$first" ]; then hp_menu_close_window "$HP_MENU_WIN"; break; fi # wrapped
            _hp_menu_call "$cb" "Statistics entry $step, submenu entry $j" || return 0
        done
        _HP_MENU_OURS=1
        ;;
    esac
}

# Hand the window just opened to the callback; returns 1 when the walk must stop.
_hp_menu_call() {
    local cb=$1 where=$2 rc=0
    "$cb" "$HP_MENU_WIN" "$HP_MENU_TITLE" "$where" || rc=$?
    case $rc in
    0) _HP_MENU_OURS=1; hp_menu_close_window "$HP_MENU_WIN" ;;
    2) _HP_MENU_OURS=1; HP_MENU_STOPPED=1; return 1 ;;
    *) hp_menu_close_window "$HP_MENU_WIN" ;;
    esac
    return 0
}
