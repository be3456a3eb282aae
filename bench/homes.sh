# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by bench/profile.sh and bench/cachesim.sh: private HOMEs under $OUT for tshark runs as
# run.sh makes them: $HP holds huntpack.so (HUNTPACK_PLUGIN, default /work/build-bench's), its
# data and the Lua API; $NONE holds nothing. unpriv HOME CMD... runs CMD unprivileged in a user
# namespace with that HOME (as root tshark ignores personal plugin folders).
unpriv() {
    local home=$1; shift
    unshare --user --map-user=1000 --map-group=1000 env HOME="$home" XDG_CONFIG_HOME="$home/.config" TZ=UTC LC_ALL=C "$@"
}
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HP=$OUT/home-hp NONE=$OUT/home-none
rm -rf "$HP" "$NONE"
EPAN=$HP/.local/lib/wireshark/plugins/4.0/epan
mkdir -p "$EPAN/huntpack" "$HP/.config/wireshark" "$NONE/.config/wireshark"
cp "${HUNTPACK_PLUGIN:-/work/build-bench/huntpack.so}" "$EPAN/"
cp -r "$SRC/heuristics/data/." "$EPAN/huntpack/"
# As run.sh: the Lua API too (an installed huntpack.lua is part of "all features on"; until
# 2026-12-02 profile.sh left it out, and its per-frame Lua call, then 7 us a frame, went unseen).
[ ! -f "$SRC/lua-bridge/huntpack.lua" ] || cp "$SRC/lua-bridge/huntpack.lua" "$HP/.local/lib/wireshark/plugins/"
chmod -R a+rX "$HP" "$NONE"
unpriv "$HP" tshark -G plugins | grep -q huntpack.so || { echo "huntpack.so did not load" >&2; exit 1; }
