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
    cmake -S "$HERE" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$BUILD" -j"$(nproc)"
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
