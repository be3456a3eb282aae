#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# huntpack.sh: set-up, build, install, analyse and test on Debian 12 (and later).
#   ./huntpack.sh analyze [CAPTURE]  install deps, build, install for this user, analyse CAPTURE
#                                    (default: the bundled demo capture)
#   ./huntpack.sh test               install deps, build with -Werror, run every test
#   ./huntpack.sh deps|build|install just that step
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${HUNTPACK_BUILD_DIR:-$HERE/build}
APT_PACKAGES=(cmake g++ make pkg-config python3 python3-scapy tshark wireshark-dev libwireshark-dev
    libwiretap-dev libwsutil-dev libglib2.0-dev libgcrypt20-dev libpsl-dev libpcre2-dev zlib1g-dev publicsuffix uap-core
    libcmocka-dev util-linux wamerican)
# The GUI test (tests/gui: a real Wireshark window under Xvfb) needs these too.
TEST_PACKAGES=(wireshark-qt xvfb xauth xdotool xclip imagemagick)

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

deps() {
    local missing=()
    for p in "${APT_PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "huntpack: installing ${missing[*]}"
    # tshark asks whether non-root users may capture; answer "no" without a prompt.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | sudo_if_needed debconf-set-selections
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
    # Profile-guided (HUNTPACK_PGO=0: without): the plugin is first built instrumented and run
    # over a training capture (pgo_train), then built with that profile; if any step of that
    # fails, it is built without one and says so.
    local profile=
    if [ "${HUNTPACK_PGO:-1}" = 1 ]; then
        if pgo_train "$BUILD/pgo" "$@"; then
            profile=$BUILD/pgo/data
        else
            echo "huntpack: profile-guided build failed (see $BUILD/pgo/train.log); building without a profile" >&2
        fi
    fi
    cmake -S "$HERE" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHUNTPACK_PGO_GENERATE= \
        -DHUNTPACK_PGO_USE="$profile" "$@" >/dev/null
    cmake --build "$BUILD" -j"$(nproc)"
}

# The training run of a profile-guided build: an instrumented plugin (same build directory as
# the final one: the profile's file names follow the object files) analyses a generated browsing
# capture (captures/gen_bench.py, seed 2: not the benchmark's seed 1) and the captures shipped in
# captures/, with every huntpack statistic, and the demo with the analyst report, in a private
# HOME, unprivileged (as root tshark ignores personal plugin folders). What it gains, and that it
# costs nothing on captures unlike the training: bench/RESULTS.md ("Session 18").
pgo_train() {
    local dir=$1; shift
    local home=$dir/home log=$dir/train.log majmin
    rm -rf "$dir"
    mkdir -p "$dir/data" "$home/.config/wireshark"
    : >"$log"
    majmin=$(tshark -v 2>/dev/null | sed -n 's/^TShark (Wireshark) \([0-9]*\.[0-9]*\).*/\1/p' | head -1)
    [ -n "$majmin" ] || { echo "pgo: no tshark version" >>"$log"; return 1; }
    cmake -S "$HERE" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHUNTPACK_PGO_USE= \
        -DHUNTPACK_PGO_GENERATE="$dir/data" "$@" >>"$log" 2>&1 || return 1
    cmake --build "$BUILD" -j"$(nproc)" --target huntpack >>"$log" 2>&1 || return 1
    local epan=$home/.local/lib/wireshark/plugins/$majmin/epan
    mkdir -p "$epan/huntpack"
    cp "$BUILD/huntpack.so" "$epan/" && cp -r "$HERE/heuristics/data/." "$epan/huntpack/" || return 1
    python3 "$HERE/captures/gen_bench.py" --seed 2 --frames 30000 -o "$dir/train.pcap" >>"$log" 2>&1 || return 1
    chmod -R a+rwX "$dir"
    pgo_tshark() { HOME="$home" XDG_CONFIG_HOME="$home/.config" tshark_user "$@"; }
    pgo_tshark -G plugins 2>>"$log" | grep -q huntpack.so || { echo "pgo: plugin not loaded" >>"$log"; return 1; }
    local cap
    for cap in "$dir/train.pcap" "$HERE"/captures/*.pcap*; do
        pgo_tshark -n -q -r "$cap" -z huntpack_revised,tree -z huntpack_breakdown,tree -z huntpack_traits,table \
            -z huntpack_devices,table -z huntpack_quic,table -z huntpack_tcperr,table >/dev/null 2>>"$log" || return 1
    done
    pgo_tshark -n -q -r "$HERE/captures/demo.pcapng" -X lua_script:"$HERE/lua-bridge/report.lua" >/dev/null 2>>"$log" || return 1
    ls "$dir/data"/*.gcda >/dev/null 2>&1 || { echo "pgo: no profile written" >>"$log"; return 1; }
}

install_plugins() { cmake --install "$BUILD" >/dev/null && echo "huntpack: installed into $(grep HUNTPACK_PLUGIN_DIR:PATH "$BUILD/CMakeCache.txt" | cut -d= -f2)/epan"; }

# tshark as the current user; as root it would ignore the personal plugin folder, so run it
# in a user namespace as an ordinary uid with the same HOME (files stay readable).
tshark_user() {
    if [ "$(id -u)" -eq 0 ]; then
        unshare --user --map-user=1000 --map-group=1000 env HOME="$HOME" tshark "$@"
    else
        tshark "$@"
    fi
}

analyze() {
    local cap=${1:-$HERE/captures/demo.pcapng}
    echo "== huntpack analysis of $cap"
    tshark_user -G plugins 2>/dev/null | grep -q huntpack.so || { echo "huntpack plugin did not load" >&2; exit 1; }
    # The analyst report (Markdown; add -X lua_script1:format=json for JSON), then the tables of
    # the Statistics ▸ huntpack menu.
    TZ=UTC tshark_user -q -n -r "$cap" -X lua_script:"$HERE/lua-bridge/report.lua" 2>/dev/null
    echo
    TZ=UTC tshark_user -q -n -r "$cap" -z huntpack_quic,table -z huntpack_tcperr,table -z huntpack_devices,table 2>/dev/null
}

run_tests() {
    if [ -z "${HUNTPACK_SHARED_CAPTURES:-}" ] && [ -d "$HERE/../shared/captures" ]; then
        export HUNTPACK_SHARED_CAPTURES=$(cd "$HERE/../shared/captures" && pwd)
    fi
    echo "huntpack: shared captures: ${HUNTPACK_SHARED_CAPTURES:-<unset: shared-capture tests will fail>}"
    (cd "$BUILD" && ctest --output-on-failure -j"$(nproc)")
}

case "${1:-analyze}" in
    deps) deps ;;
    build) deps; build ;;
    install) deps; build; install_plugins ;;
    analyze) deps; build; install_plugins; analyze "${2:-}" ;;
    test) deps "${TEST_PACKAGES[@]}"; build -DHUNTPACK_WERROR=ON; run_tests ;;
    *) sed -n '3,8p' "$0"; exit 2 ;;
esac
