# SPDX-License-Identifier: GPL-2.0-or-later
# common.sh: shared helpers for huntpack's capture tests (sourced, not run).
# Every tshark runs unprivileged (as root tshark ignores personal plugin folders), with a
# private HOME holding the just-built plugin, TZ=UTC and LC_ALL=C for stable output.
set -euo pipefail

: "${HUNTPACK_SOURCE_DIR:?run through ctest (HUNTPACK_SOURCE_DIR unset)}"
: "${HUNTPACK_PLUGIN:?run through ctest (HUNTPACK_PLUGIN unset)}"
: "${HUNTPACK_WS_MAJMIN:?run through ctest (HUNTPACK_WS_MAJMIN unset)}"

HP_FAILS=0
hp_fail() { echo "FAIL: $*" >&2; HP_FAILS=$((HP_FAILS + 1)); }
hp_ok() { echo "ok: $*"; }
hp_finish() {
    if [ "$HP_FAILS" -ne 0 ]; then echo "$HP_FAILS check(s) failed" >&2; exit 1; fi
    echo "all checks passed"
}

# A private HOME with the plugin and its data installed the way `cmake --install` lays them out.
HP_HOME=$(mktemp -d /tmp/huntpack-test.XXXXXX)
chmod 755 "$HP_HOME"
trap 'rm -rf "$HP_HOME"' EXIT
HP_EPAN="$HP_HOME/.local/lib/wireshark/plugins/$HUNTPACK_WS_MAJMIN/epan"
mkdir -p "$HP_EPAN" "$HP_HOME/.config/wireshark"
cp "$HUNTPACK_PLUGIN" "$HP_EPAN/"
if [ -d "$HUNTPACK_SOURCE_DIR/heuristics/data" ]; then
    mkdir -p "$HP_EPAN/huntpack" && cp -r "$HUNTPACK_SOURCE_DIR/heuristics/data/." "$HP_EPAN/huntpack/"
fi
if [ -f "$HUNTPACK_SOURCE_DIR/lua-bridge/huntpack.lua" ]; then
    cp "$HUNTPACK_SOURCE_DIR/lua-bridge/huntpack.lua" "$HP_HOME/.local/lib/wireshark/plugins/"
fi
chmod -R a+rX "$HP_HOME"

# Run a command unprivileged with the private HOME.
hp_unpriv() {
    local envs=(HOME="$HP_HOME" TZ=UTC LC_ALL=C XDG_CONFIG_HOME="$HP_HOME/.config")
    if [ "$(id -u)" -eq 0 ]; then
        if unshare --user --map-user=1000 --map-group=1000 true 2>/dev/null; then
            unshare --user --map-user=1000 --map-group=1000 env "${envs[@]}" "$@"
        else
            setpriv --reuid=65534 --regid=65534 --clear-groups env "${envs[@]}" "$@"
        fi
    else
        env "${envs[@]}" "$@"
    fi
}
hp_tshark() {
    if [ "${1:-}" = "-G" ]; then hp_unpriv tshark "$@"; else hp_unpriv tshark -n "$@"; fi
}

# Fails the whole test at once if the plugin did not load (nothing else is meaningful then).
hp_require_plugin() {
    local out
    out=$(hp_tshark -G plugins 2>&1) || true
    # Only the plugin table's line counts: a load failure also names huntpack.so.
    if ! grep -qE '^huntpack\.so[[:space:]]' <<<"$out"; then
        echo "FAIL: huntpack.so did not load into tshark:" >&2
        echo "$out" | head -20 >&2
        exit 1
    fi
    hp_ok "plugin loaded: $(grep -E '^huntpack\.so[[:space:]]' <<<"$out" | tr -s '\t ' ' ')"
}

# Path of a shared capture; a missing file is a failure, never a skip.
hp_shared() {
    local root="${HUNTPACK_SHARED_CAPTURES:-}"
    if [ -z "$root" ]; then
        echo "FAIL: HUNTPACK_SHARED_CAPTURES is not set (see README)" >&2
        exit 1
    fi
    if [ ! -r "$root/$1" ]; then
        echo "FAIL: shared capture missing: $root/$1" >&2
        exit 1
    fi
    echo "$root/$1"
}

# Compare a command's output with an expected file; on a difference print it.
hp_expect_file() {
    local name=$1 expected=$2 actual=$3
    if diff -u "$expected" "$actual" >/tmp/hp-diff.$$ 2>&1; then
        hp_ok "$name matches $(basename "$expected")"
    else
        hp_fail "$name differs from $(basename "$expected"):"
        head -40 /tmp/hp-diff.$$ >&2
    fi
    rm -f /tmp/hp-diff.$$
}

hp_eq() { # name expected actual
    if [ "$2" == "$3" ]; then hp_ok "$1 = $3"; else hp_fail "$1: expected '$2', got '$3'"; fi
}
