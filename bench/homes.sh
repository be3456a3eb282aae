# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by bench/run.sh, bench/profile.sh and bench/cachesim.sh (after setting OUT): the
# private HOMEs every benchmark tshark runs in. $HP holds huntpack.so (HUNTPACK_PLUGIN, default
# /work/build-bench's), its data and the Lua API (an installed huntpack.lua is part of "all
# features on"; until 2026-12-02 profile.sh left it out, and its per-frame Lua call, then 7 us a
# frame, went unseen); $NONE holds nothing. `unpriv HOME CMD...` runs CMD with that HOME,
# unprivileged in a user namespace when run as root (as root tshark ignores personal plugin
# folders). Checked: huntpack loads in $HP and not in $NONE (a system install would load it there).
SRC=${HUNTPACK_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
PLUGIN=${HUNTPACK_PLUGIN:-/work/build-bench/huntpack.so}
MAJMIN=${HUNTPACK_WS_MAJMIN:-4.0}
[ -r "$PLUGIN" ] || { echo "bench: plugin not found: $PLUGIN (build first)" >&2; exit 1; }
unpriv() { # home, command...
    local home=$1; shift
    local envs=(HOME="$home" XDG_CONFIG_HOME="$home/.config" TZ=UTC LC_ALL=C)
    if [ "$(id -u)" -eq 0 ]; then
        unshare --user --map-user=1000 --map-group=1000 env "${envs[@]}" "$@"
    else
        env "${envs[@]}" "$@"
    fi
}
HP=$OUT/home-hp NONE=$OUT/home-none
rm -rf "$HP" "$NONE"
EPAN=$HP/.local/lib/wireshark/plugins/$MAJMIN/epan
mkdir -p "$EPAN/huntpack" "$HP/.config/wireshark" "$NONE/.config/wireshark"
cp "$PLUGIN" "$EPAN/"
cp -r "$SRC/heuristics/data/." "$EPAN/huntpack/"
[ ! -f "$SRC/lua-bridge/huntpack.lua" ] || cp "$SRC/lua-bridge/huntpack.lua" "$HP/.local/lib/wireshark/plugins/"
chmod -R a+rX "$HP" "$NONE"
unpriv "$HP" tshark -G plugins | grep -q huntpack.so || { echo "bench: huntpack.so did not load" >&2; exit 1; }
if unpriv "$NONE" tshark -G plugins | grep -q huntpack.so; then
    echo "bench: huntpack.so loads without it (system install?)" >&2; exit 1
fi
# Benchmarks that measure with perf (perfprof.sh, ab_plugins.sh, feature_cost.sh) check for it.
need_perf() { # who
    command -v perf >/dev/null || { echo "$1: perf not found (apt-get install linux-perf)" >&2; exit 1; }
}
# `task_clock HOME ARGS...`: CPU time in ms (perf's task-clock: user + system of tshark and its
# children) of `tshark -n -q ARGS...` run unprivileged in HOME, output discarded.
task_clock() {
    local home=$1 stat
    shift
    stat=$(mktemp)
    perf stat -x, -e task-clock -o "$stat" -- bash -c "$(declare -f unpriv); unpriv \"\$@\"" _ "$home" \
        tshark -n -q "$@" >/dev/null 2>&1
    awk -F, '/task-clock/ {print $1}' "$stat"
    rm -f "$stat"
}
