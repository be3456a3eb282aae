#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# screenshots.sh: regenerate docs/screenshots/*.png from a real Wireshark window under Xvfb
# (captures/demo.pcapng, the "huntpack" profile, the just-built plugin; see gui_lib.sh).
#
#   HUNTPACK_BUILD_DIR=/work/build tests/gui/screenshots.sh [OUTDIR]
#
#   main-window.png        packet list with the profile's columns, coloring rules and filter
#                          buttons, filtered to frames that carry a trait or a QUIC user agent
#   suspicious-traits.png  Statistics > huntpack/Suspicious Traits (opened with -z, see gui_test.sh)
#   revised-breakdown.png  Protocol Breakdown (revised by tcplabel) from the Statistics menu
#                          (4.0: Statistics > huntpack > ..., 4.4 and 4.6: Statistics > huntpack/...)
# Each PNG is kept under 300 KB (fewer colours if needed).
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/gui_lib.sh"
hp_gui_under_xvfb "$@"
command -v import >/dev/null || { echo "FAIL: imagemagick (import) missing" >&2; exit 1; }
out=$(mkdir -p "${1:-$HUNTPACK_SOURCE_DIR/docs/screenshots}" && cd "${1:-$HUNTPACK_SOURCE_DIR/docs/screenshots}" && pwd)
hp_gui_setup
hp_require_plugin
capre=$(basename "$HP_GUI_CAPTURE" | sed 's/[].[^$*+?(){}|\\]/\\&/g')

# Save window W as NAME.png below 300 KB.
save() { # window name
    local f="$out/$2.png" colors
    import -window "$1" -strip "$f"
    for colors in 256 128 64; do
        [ "$(stat -c %s "$f")" -lt 300000 ] && break
        convert "$f" -strip -colors "$colors" -define png:compression-level=9 "$f"
    done
    echo "wrote $f ($(($(stat -c %s "$f") / 1024)) KB)"
}

# Wait until a dialog's Copy text stops changing (its tap has finished drawing).
settle() { # window
    local last="" now i
    for i in $(seq 1 $((HP_GUI_TIMEOUT * 2))); do
        hp_dialog_copy "$1" "$HP_GUI_LOGS/settle.txt" || true
        now=$(md5sum <"$HP_GUI_LOGS/settle.txt")
        if [ -s "$HP_GUI_LOGS/settle.txt" ] && [ "$now" = "$last" ]; then return 0; fi
        last=$now
        sleep 0.5
    done
}

# 1. Main window.
hp_ws_start -Y 'soctrait || quicfp.ua'
main=$(hp_wait_window "^$capre\$") || { echo "FAIL: main window did not appear" >&2; exit 1; }
sleep 1 # let the packet list and the colouring finish painting
save "$main" main-window

# 2. Revised breakdown, from the Statistics menu (found by the window it opens: gui_lib.sh).
revised_found() { # window title where
    case $2 in
    *"Protocol Breakdown (revised by tcplabel)"*) return 2 ;; # stop the walk, keep the window
    "Wireshark · huntpack/"* | *" · Capture Summary · "* | *" · Protocol Breakdown (Wireshark) · "*) return 0 ;;
    *) return 1 ;;
    esac
}
HP_FAILS=0
hp_menu_walk "$main" revised_found
[ "$HP_MENU_STOPPED" -eq 1 ] && [ "$HP_FAILS" -eq 0 ] ||
    { echo "FAIL: no Statistics menu entry opens Protocol Breakdown (revised by tcplabel)" >&2; exit 1; }
w=$HP_MENU_WIN
xdotool windowmove "$w" 0 0 windowsize "$w" 1000 880
settle "$w"
save "$w" revised-breakdown
hp_ws_stop

# 3. Suspicious Traits.
hp_ws_start -z huntpack_traits,table
w=$(hp_wait_window "huntpack/Suspicious Traits") || { echo "FAIL: Suspicious Traits did not open" >&2; exit 1; }
xdotool windowmove "$w" 0 0 windowsize "$w" 1260 460
settle "$w"
save "$w" suspicious-traits
hp_ws_stop

# A Wireshark message box (gui_lib.sh: hp_gui_unblock) may have covered a screenshot.
if [ -s "$HP_GUI_LOGS/message-boxes.txt" ]; then
    echo "FAIL: Wireshark showed $(wc -l <"$HP_GUI_LOGS/message-boxes.txt") message box(es) (listed above): check the screenshots" >&2
    exit 1
fi
