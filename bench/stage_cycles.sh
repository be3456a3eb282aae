#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/stage_cycles.sh REV_A REV_B [ROUNDS] [CAPTURE]: the CPU cycles of each stage of
# huntpack's postdissector (tcplabel, quicfp, soctrait), summed by frame class, for two source
# revisions (a git revision, or WORKTREE for the working tree), run alternately (A, B, A, B, ...)
# on huntpack's analysis (b) of the bench capture (default: bench/out/bench-s1-1000000.pcapng).
#
# Why: end-to-end CPU time on this 2-core VM scatters by 1-3 % a run (system time most), more
# than most single changes make; the time-stamp counter read around each stage of each frame
# (plugins/hp_post.cpp, built with -DHUNTPACK_STAGE_CYCLES) sees only huntpack's own stages, and
# its per-run sums over a million frames scatter by about 3 % between runs, so a few alternating
# rounds show a change of a few per cent in one stage. It counts time, cache misses included,
# unlike callgrind's instruction counts (which session 23 found to move the other way from the
# cycles for a cache in front of a table). The taps (devices, traits, the breakdown trees' replay
# inside tcplabel's stage aside) are not covered.
#
# Each revision is built in $PROFILE_OUT (default bench/out/stage_cycles), RelWithDebInfo with LTO,
# no tests, no profile feedback (the product's PGO would need a training run per revision);
# STAGE_CYCLES_REUSE=1 runs more rounds on the builds already there.
# Revisions older than this script get today's plugins/hp_post.cpp (the only file with the
# counters) when theirs lacks them; both run with today's catalogs (heuristics/data, as
# bench/homes.sh installs them). Prints, per class and stage, the medians over the rounds
# (M cycles a run), and the medians of the per-run totals with their ratio.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
A=${1:?revision A (or WORKTREE)}
B=${2:?revision B (or WORKTREE)}
ROUNDS=${3:-4}
F=${4:-$HERE/out/bench-s1-1000000.pcapng}
BASE=${PROFILE_OUT:-$HERE/out/stage_cycles}
mkdir -p "$BASE"
chmod a+rwx "$BASE"
[ -r "$F" ] || { echo "stage_cycles: capture not found: $F (bash bench/run.sh makes it)" >&2; exit 1; }
chmod a+r "$F" 2>/dev/null || true
build() { # revision, directory
    local rev=$1 dir=$2
    rm -rf "$dir/src" "$dir/build" # git archive's old file times would leave a reused build stale
    mkdir -p "$dir/src"
    if [ "$rev" = WORKTREE ]; then
        (cd "$SRC" && tar -c CMakeLists.txt heuristics plugins taps lua-bridge) | tar -x -C "$dir/src"
    else
        git -C "$SRC" archive "$rev" CMakeLists.txt heuristics plugins taps lua-bridge | tar -x -C "$dir/src"
    fi
    grep -q HUNTPACK_STAGE_CYCLES "$dir/src/plugins/hp_post.cpp" || cp "$SRC/plugins/hp_post.cpp" "$dir/src/plugins/"
    cmake -S "$dir/src" -B "$dir/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHUNTPACK_TESTS=OFF \
        -DCMAKE_CXX_FLAGS=-DHUNTPACK_STAGE_CYCLES >"$dir/build.log" 2>&1 ||
        { echo "stage_cycles: configuring $rev failed (see $dir/build.log)" >&2; exit 1; }
    cmake --build "$dir/build" -j"$(nproc)" --target huntpack >>"$dir/build.log" 2>&1 ||
        { echo "stage_cycles: build of $rev failed (see $dir/build.log)" >&2; exit 1; }
}
[ -n "${STAGE_CYCLES_REUSE:-}" ] || build "$A" "$BASE/a"
[ -n "${STAGE_CYCLES_REUSE:-}" ] || build "$B" "$BASE/b"
OUT=$BASE/a HUNTPACK_PLUGIN=$BASE/a/build/huntpack.so . "$HERE/homes.sh"
HA=$HP
OUT=$BASE/b HUNTPACK_PLUGIN=$BASE/b/build/huntpack.so . "$HERE/homes.sh"
HB=$HP
Z=(-z huntpack_revised,tree -z huntpack_breakdown,tree -z huntpack_traits,table -z huntpack_devices,table)
: >"$BASE/runs.txt"
for ((r = 1; r <= ROUNDS; r++)); do
    for v in a b; do
        home=$HA
        [ "$v" = b ] && home=$HB
        unpriv "$home" tshark -n -q -r "$F" "${Z[@]}" 2>&1 >/dev/null |
            sed -n "s/^huntpack stage cycles: /$v $r /p" >>"$BASE/runs.txt"
    done
done
python3 - "$BASE/runs.txt" "$A" "$B" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(dict)  # (v, r) -> class -> (frames, tl, qf, st)
for line in open(sys.argv[1]):
    f = line.split()
    # v r CLASS frames N tcplabel T quicfp Q soctrait S
    v, r, c = f[0], int(f[1]), f[2]
    runs[(v, r)][c] = (int(f[4]), int(f[6]), int(f[8]), int(f[10]))
if not runs:
    sys.exit("stage_cycles: no counters printed (was the plugin built with HUNTPACK_STAGE_CYCLES?)")
names = {"a": sys.argv[2], "b": sys.argv[3]}
classes = sorted({c for d in runs.values() for c in d})
print("M cycles a run (median over the rounds): tcplabel / quicfp / soctrait")
for c in classes:
    cells = []
    for v in "ab":
        xs = [runs[k][c] for k in runs if k[0] == v and c in runs[k]]
        med = [statistics.median(x[i] for x in xs) / 1e6 if xs else float("nan") for i in (1, 2, 3)]
        cells.append("%s %7.1f %7.1f %7.1f" % (v.upper(), *med))
    print("%-13s %s" % (c, "   ".join(cells)))
tot = {v: {r: sum(sum(x[1:]) for x in d.values()) for (vv, r), d in runs.items() if vv == v} for v in "ab"}
if not tot["a"] or not tot["b"]:
    sys.exit("stage_cycles: one revision printed no counters")
ma, mb = statistics.median(tot["a"].values()), statistics.median(tot["b"].values())
pairs = [tot["b"][r] / tot["a"][r] for r in tot["a"] if r in tot["b"]]
print("total: A (%s) %.0f M, B (%s) %.0f M; B/A %.3f, per round median %.3f (%s)" % (
    names["a"], ma / 1e6, names["b"], mb / 1e6, mb / ma, statistics.median(pairs), ", ".join("%.3f" % p for p in pairs)))
PY
