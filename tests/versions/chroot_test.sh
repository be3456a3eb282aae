#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# chroot_test.sh SUITE: build and test huntpack against another Wireshark in a Debian chroot.
#   SUITE: trixie (Debian 13, Wireshark 4.4) or sid (Wireshark 4.6)
# Creates /work/chroots/SUITE with debootstrap if missing (cached for later runs), installs the
# build/test packages, then in a private mount namespace mounts /proc, bind-mounts the shared
# captures read-only, copies a snapshot of the source tree into the chroot (/huntpack), builds
# with -DHUNTPACK_WERROR=ON in a build dir inside the chroot, runs the whole ctest suite and tests/versions/ja4_crosscheck.sh,
# and prints a summary. Needs root (debootstrap, mount, chroot). Exit status 0 only if all passed
# (a JA4 cross-check skipped with HUNTPACK_SKIP_JA4=1 does not count against it).
# A failed gui.gui_test leaves its screenshots, Copy texts and logs in $CHROOTS/SUITE.gui-artifacts.
# Environment: HUNTPACK_CHROOTS (default /work/chroots), HUNTPACK_SHARED_CAPTURES (default
# ../shared/captures beside the source tree), HUNTPACK_MIRROR (default http://deb.debian.org/debian),
# HUNTPACK_PREPARE_ONLY=1 (make the chroot and install its packages, then stop),
# HUNTPACK_CTEST_ARGS (extra ctest arguments, e.g. "-R unit"), HUNTPACK_SKIP_JA4=1 (skip the JA4
# cross-check, e.g. while iterating on one test; the summary then says "not run").
set -euo pipefail

SUITE=${1:-}
case "$SUITE" in
    trixie|sid) ;;
    *) echo "usage: $0 trixie|sid" >&2; exit 2 ;;
esac
[ "$(id -u)" -eq 0 ] || { echo "chroot_test.sh: needs root (debootstrap, mount, chroot)" >&2; exit 2; }

SRC=$(cd "$(dirname "$0")/../.." && pwd)
CHROOTS=${HUNTPACK_CHROOTS:-/work/chroots}
ROOT=$CHROOTS/$SUITE
MIRROR=${HUNTPACK_MIRROR:-http://deb.debian.org/debian}
CAPS=${HUNTPACK_SHARED_CAPTURES:-$SRC/../shared/captures}
[ -d "$CAPS" ] && CAPS=$(cd "$CAPS" && pwd)
PACKAGES=(libwireshark-dev wireshark-dev tshark g++ cmake make pkg-config libgcrypt20-dev libglib2.0-dev
    libpsl-dev libpcre2-dev zlib1g-dev publicsuffix uap-core libcmocka-dev python3 python3-scapy wamerican util-linux
    wireshark xvfb xauth xdotool xclip imagemagick)   # the last six: ctest's gui.gui_test (Qt Wireshark under Xvfb; imagemagick for its failure screenshots)
LOG=$CHROOTS/$SUITE.last-run.log
say() { echo "== chroot_test[$SUITE]: $*"; }

# --- 1. the chroot (cached) -----------------------------------------------------------------
mkdir -p "$CHROOTS"
# One run per suite at a time: runs share the chroot, its packages and its build dir.
if [ -z "${HP_CHROOT_INNER:-}" ]; then
    exec 9>"$CHROOTS/$SUITE.lock"
    if ! flock -n 9; then
        say "another run of this suite holds $CHROOTS/$SUITE.lock; waiting for it"
        flock 9
    fi
fi
if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
    command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
    say "creating $ROOT with debootstrap (about a minute)"
    rm -rf "$ROOT.tmp"
    debootstrap --variant=minbase "$SUITE" "$ROOT.tmp" "$MIRROR" >"$CHROOTS/$SUITE.debootstrap.log" 2>&1 \
        || { tail -20 "$CHROOTS/$SUITE.debootstrap.log" >&2; exit 1; }
    mv "$ROOT.tmp" "$ROOT"
fi

# --- 2. everything else runs in a private mount namespace: mounts vanish when it ends ---------
if [ -z "${HP_CHROOT_INNER:-}" ]; then
    set +e
    HP_CHROOT_INNER=1 unshare --mount --propagation private bash "$0" "$@" 2>&1 | tee "$LOG"
    rc=${PIPESTATUS[0]}
    exit "$rc"
fi

mount -t proc proc "$ROOT/proc"
for d in dev/null dev/zero dev/urandom dev/random; do
    [ -e "$ROOT/$d" ] || { touch "$ROOT/$d"; mount --bind "/$d" "$ROOT/$d"; }
done
mkdir -p "$ROOT/dev/pts" && mount -t devpts -o newinstance,ptmxmode=0666 devpts "$ROOT/dev/pts" 2>/dev/null || true
# A snapshot of the source tree, not a bind mount of the live one: a file saved while the build
# runs would otherwise give a plugin built half from old sources (seen: a primer filter naming a
# field the older objects did not register). Build output and generated benchmark files excluded.
rm -rf "$ROOT/huntpack"
mkdir -p "$ROOT/huntpack" "$ROOT/captures"
tar -C "$SRC" --exclude=./.git --exclude='./build*' --exclude=./bench/out -cf - . | tar -C "$ROOT/huntpack" -xf -
chmod -R a-w "$ROOT/huntpack"
if [ -d "$CAPS" ]; then
    mount --bind "$CAPS" "$ROOT/captures" && mount -o remount,bind,ro "$ROOT/captures"
else
    say "WARNING: shared captures not found at $CAPS (capture tests will fail)"
fi
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
in_chroot() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

# --- 3. packages (only when one is missing) ---------------------------------------------------
missing=()
for p in "${PACKAGES[@]}"; do
    in_chroot dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -ne 0 ]; then
    say "installing ${missing[*]}"
    echo "wireshark-common wireshark-common/install-setuid boolean false" | in_chroot debconf-set-selections 2>/dev/null || true
    # A mirror may serve a frozen sid whose Release is past its Valid-Until (seen: 22 days):
    # signatures are still checked, only the expiry is then ignored, with a warning.
    if ! in_chroot apt-get update -qq 2>"$ROOT/tmp/apt-update.err" || grep -q '^E:' "$ROOT/tmp/apt-update.err"; then
        say "WARNING: apt-get update: $(grep '^E:' "$ROOT/tmp/apt-update.err" | head -1); retrying with Acquire::Check-Valid-Until=false"
        in_chroot apt-get update -qq -o Acquire::Check-Valid-Until=false
        echo 'Acquire::Check-Valid-Until "false";' >"$ROOT/etc/apt/apt.conf.d/99huntpack-no-valid-until"
    fi
    in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
WS_PKG=$(in_chroot dpkg-query -W -f='${Version}' tshark)
WS_VER=$(in_chroot tshark --version | head -1)
say "$WS_VER (Debian package tshark $WS_PKG)"
# HUNTPACK_PREPARE_ONLY=1: stop here, with the chroot made and its packages in (.ci/run does this
# in the background while the host's tests run: it is mostly download and unpacking).
if [ "${HUNTPACK_PREPARE_ONLY:-0}" = 1 ]; then
    say "prepared"
    exit 0
fi

# --- 4. build ---------------------------------------------------------------------------------
# The build tree lives in the chroot (never in the read-only source tree).
BUILD_IN=/root/build-huntpack
rc_build=0
in_chroot cmake -S /huntpack -B $BUILD_IN -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHUNTPACK_WERROR=ON >/dev/null \
    && in_chroot cmake --build $BUILD_IN -j"$(nproc)" || rc_build=$?
MAJMIN=$(sed -n 's/^HUNTPACK_WS_MAJMIN:[A-Z]*=//p' "$ROOT$BUILD_IN/CMakeCache.txt" 2>/dev/null || true)
[ -n "$MAJMIN" ] || MAJMIN=$(in_chroot tshark --version | sed -n '1s/.* \([0-9]*\.[0-9]*\)\..*/\1/p') # sed reads to the end: no SIGPIPE

# --- 5. tests ---------------------------------------------------------------------------------
rc_ctest=skipped rc_ja4=skipped ctest_line="" ja4_line="" t_start=$(date +%s)
GUI_ART=$CHROOTS/$SUITE.gui-artifacts
rm -rf "$GUI_ART" "$ROOT$BUILD_IN/gui-artifacts"
if [ "$rc_build" -eq 0 ]; then
    set +e
    # shellcheck disable=SC2086
    in_chroot env HUNTPACK_SHARED_CAPTURES=/captures bash -c \
        "cd $BUILD_IN && ctest --output-on-failure -j$(nproc) ${HUNTPACK_CTEST_ARGS:-}" | tee "$ROOT/tmp/ctest.out"
    rc_ctest=${PIPESTATUS[0]}
    ctest_line=$(grep -E 'tests passed|tests failed' "$ROOT/tmp/ctest.out" | tail -1)
    # gui_test.sh keeps a failed run's artifacts in the build dir (tests/gui/gui_test.sh).
    [ -d "$ROOT$BUILD_IN/gui-artifacts" ] && cp -r "$ROOT$BUILD_IN/gui-artifacts" "$GUI_ART"
    if [ "${HUNTPACK_SKIP_JA4:-0}" != 1 ]; then
        in_chroot env HUNTPACK_SHARED_CAPTURES=/captures HUNTPACK_SOURCE_DIR=/huntpack \
            HUNTPACK_PLUGIN=$BUILD_IN/huntpack.so HUNTPACK_WS_MAJMIN="$MAJMIN" \
            bash /huntpack/tests/versions/ja4_crosscheck.sh | tee "$ROOT/tmp/ja4.out"
        rc_ja4=${PIPESTATUS[0]}
        ja4_line=$(grep '^captures scanned:' "$ROOT/tmp/ja4.out" | tail -1)
    fi
    set -e
fi

# --- 6. summary -------------------------------------------------------------------------------
verdict() { case "$1" in 0) echo pass ;; skipped) echo "not run" ;; *) echo "FAIL ($1)" ;; esac; }
echo
say "summary"
echo "  suite:          $SUITE"
echo "  wireshark:      $WS_VER (tshark $WS_PKG, plugin dir */$MAJMIN/epan)"
echo "  build -Werror:  $(verdict "$rc_build")"
echo "  ctest:          $(verdict "$rc_ctest") ${ctest_line:+($ctest_line)}"
echo "  ja4 crosscheck: $(verdict "$rc_ja4")${ja4_line:+ ($ja4_line)}"
echo "  test time:      $(($(date +%s) - t_start)) s (ctest${HUNTPACK_CTEST_ARGS:+ $HUNTPACK_CTEST_ARGS} + ja4 crosscheck)"
[ -d "$GUI_ART" ] && echo "  gui artifacts:  $GUI_ART (screenshots, Copy texts, logs of the failed GUI test)"
[ "$rc_ja4" = skipped ] && [ "${HUNTPACK_SKIP_JA4:-0}" = 1 ] && [ "$rc_ctest" != skipped ] && rc_ja4=0
[ "$rc_build" = 0 ] && [ "$rc_ctest" = 0 ] && [ "$rc_ja4" = 0 ]
