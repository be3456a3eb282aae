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
    # With the setpriv fallback (no user namespaces) the runtime dir must belong to nobody.
    if [ "$(id -u)" -eq 0 ] && ! unshare --user --map-user=1000 --map-group=1000 true 2>/dev/null; then
        chown 65534:65534 "$HP_GUI_RUN"
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

# Echo the id of the first visible window whose title matches REGEX, waiting up to TIMEOUT s.
hp_wait_window() {
    local re=$1 timeout=${2:-$HP_GUI_TIMEOUT} end w
    end=$(($(date +%s) + timeout))
    while [ "$(date +%s)" -lt "$end" ]; do
        w=$(xdotool search --onlyvisible --name "$re" 2>/dev/null | head -1 || true)
        if [ -n "$w" ]; then echo "$w"; return 0; fi
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

# Open entry K (0-based) of Statistics > huntpack from the main window with the keyboard:
# Alt+S opens Statistics, Up wraps to its last entry (the plugin group), Right enters the submenu.
hp_menu_open() {
    local main=$1 k=$2 d
    xdotool windowfocus --sync "$main" 2>/dev/null || true
    xdotool key --clearmodifiers alt+s
    sleep 0.3
    xdotool key Up
    xdotool key Right
    sleep 0.2
    for d in $(seq 1 "$k"); do xdotool key Down; done
    xdotool key Return
}
