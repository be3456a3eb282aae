#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Batched statistics trees (taps/stats_batch.h) print exactly what direct updates print: tshark
# runs huntpack_breakdown, huntpack_revised and huntpack_summary with batching (the default) and
# with -o huntpack.batch_stats:FALSE (every frame updates the trees directly, through the same
# stats_tree calls Wireshark's dialogs use), and the outputs must be equal byte for byte, Burst
# Rate and Burst Start columns included (they depend on when each update is filed). Inputs:
#  - a dense generated capture (captures/gen_bench.py, 20,000 frames: many frames per 5 ms burst
#    bucket: the tally's usual case, an update in the bucket of the frame before);
#  - the ndpi/ and ja4/ captures appended one after another (mergecap -a), so time jumps forward
#    by years and back again between files (out-of-order buckets: the tree's head/middle cases);
#  - the same with the burst resolution at 1 ms and 50 ms, a window of 1,000 buckets (1 ms in
#    1 s) and burst info off (preferences).
# The info log must show that batching ran (fewer tree updates than updates, never "then
# direct"; the breakdown trees' frames all from the log, the summary's none); a run that fell
# back to direct updates would compare direct with direct. A last run mixes a filtered tree
# (frames from its tap) with one that logs.
# huntpack_devices rides along: with batching its summary row (the multicast share) is formatted
# once, by a listener tshark draws before the table, instead of on every frame; its log line
# must show that this happened on all frames but the first.
source "$(dirname "$0")/../lib/common.sh"
hp_require_plugin
cd "$HUNTPACK_SOURCE_DIR"
root=$(dirname "$(hp_shared ndpi/chrome.pcap)")/..
tmp=$(mktemp -d); trap 'rm -rf "$tmp" "$HP_HOME"' EXIT
chmod 755 "$tmp"
/usr/bin/python3 captures/gen_bench.py --seed 7 --frames 20000 -o "$tmp/dense.pcap" >/dev/null
caps=()
for f in "$root"/ndpi/*.pcap* "$root"/ja4/*.pcap*; do
    case "$f" in *.out|*.snap|*.json) continue ;; esac
    capinfos -c "$f" >/dev/null 2>&1 && caps+=("$f")
done
mergecap -a -F pcapng -w "$tmp/appended.pcapng" "${caps[@]}"
chmod a+r "$tmp"/*
stats=(-z huntpack_breakdown,tree -z huntpack_revised,tree -z huntpack_summary,tree -z huntpack_devices,table)
batch_line_ok() { # name line frames-expected-from-the-log
    local u d r t
    u=$(sed -n 's/.*: \([0-9][0-9]*\) updates (.*/\1/p' <<<"$2")
    d=$(sed -n 's/.* updates (\([0-9][0-9]*\) frames from the log in [0-9]* replays).*/\1/p' <<<"$2")
    r=$(sed -n 's/.* frames from the log in \([0-9][0-9]*\) replays).*/\1/p' <<<"$2")
    t=$(sed -n 's/.* became \([0-9][0-9]*\) tree updates.*/\1/p' <<<"$2")
    if [[ "$2" == *"then direct"* ]] || [ -z "$u" ] || [ -z "$t" ] || [ "$t" -ge "$u" ]; then
        hp_fail "$1: batching did not run as expected: $2"
    fi
    [ "$d" = "$3" ] || hp_fail "$1: ${d:-no} frames from the log, expected $3: $2"
    # Logged frames of one burst bucket that make the same updates are replayed together
    # (tick_batch.h, group_span). Both captures have such frames.
    if [ "${d:-0}" -gt 0 ]; then
        [ -n "$r" ] && [ "$r" -gt 0 ] && [ "$r" -lt "$d" ] || hp_fail "$1: ${r:-no} replays for $d logged frames: $2"
    elif [ "${r:-0}" != 0 ]; then
        hp_fail "$1: $r replays without logged frames: $2"
    fi
}
# tshark with batching (info log in <name>.log) and without; the outputs must be equal bytes.
both() { # name tshark-arguments...
    local name=$1; shift
    hp_tshark "$@" --log-level info >"$tmp/$name.batched" 2>"$tmp/$name.log" || true
    hp_tshark "$@" -o huntpack.batch_stats:FALSE >"$tmp/$name.direct" 2>/dev/null || true
    if [ -s "$tmp/$name.direct" ] && cmp -s "$tmp/$name.batched" "$tmp/$name.direct"; then
        hp_ok "$name: batched = direct ($(wc -l <"$tmp/$name.direct") lines)"
    else
        hp_fail "$name: batched output differs from direct:"; diff "$tmp/$name.direct" "$tmp/$name.batched" | head -20 >&2 || true
    fi
}
tree_line_ok() { # name tree frames-expected-from-the-log
    local line
    line=$(grep -o "statistics batch: $2:.*" "$tmp/$1.log" || true)
    batch_line_ok "$1" "${line:-no log line for $2}" "$3"
}
run() { # name capture prefs...
    local name=$1 cap=$2; shift 2
    both "$name" -q -r "$cap" "$@" "${stats[@]}"
    local frames
    frames=$(sed -n 's/^Packets  *\([0-9][0-9]*\) .*/\1/p' "$tmp/$name.direct")
    if [ -z "$frames" ] || [ "$frames" -eq 0 ]; then
        hp_fail "$name: no summary in the direct run"; return
    fi
    # "statistics batch: huntpack_breakdown: 34208 updates (20000 frames from the log in 8552
    # replays) became 16 tree updates": the breakdown trees get every frame from the log
    # (stats_batch.h, logged frames), the summary none.
    local n=0 line
    while read -r line; do
        n=$((n + 1))
        batch_line_ok "$name" "$line" "$([[ "$line" == *huntpack_summary* ]] && echo 0 || echo "$frames")"
    done < <(grep -o 'statistics batch: .*' "$tmp/$name.log")
    [ "$n" -eq 3 ] || hp_fail "$name: $n of 3 trees reported their batch (info log)"
    [ "$n" -eq 3 ] && echo "  $(grep -o 'statistics batch: huntpack_revised.*' "$tmp/$name.log")"
    # "devices summary: formatted at the draw, not on 19999 frames"
    local d
    d=$(sed -n 's/.*devices summary: formatted at the draw, not on \([0-9][0-9]*\) frames.*/\1/p' "$tmp/$name.log")
    if [ "$d" != "$((frames - 1))" ]; then # exactly one such line, with that number
        hp_fail "$name: the devices summary was deferred on ${d:-no} frames, expected $((frames - 1))"
    fi
}
run dense "$tmp/dense.pcap"
run appended "$tmp/appended.pcapng"
run appended-1ms "$tmp/appended.pcapng" -o statistics.st_burst_resolution:1
run dense-50ms "$tmp/dense.pcap" -o statistics.st_burst_resolution:50 -o statistics.st_burst_windowlen:500
run appended-1000-buckets "$tmp/appended.pcapng" -o statistics.st_burst_resolution:1 -o statistics.st_burst_windowlen:1000
run dense-noburst "$tmp/dense.pcap" -o statistics.st_enable_burstinfo:FALSE
# A tree with a filter takes its frames one by one from its tap (HP_TREE_TAP, then queued on
# every frame) while the other one logs and must ignore them: the same as direct updates, and
# the log line of each says where its frames came from.
mixed=(-z huntpack_revised,tree,tcp -z huntpack_breakdown,tree)
both mixed -q -r "$tmp/dense.pcap" "${mixed[@]}"
tree_line_ok mixed huntpack_breakdown "$(capinfos -c -M "$tmp/dense.pcap" | awk '/Number of packets/ {print $NF}')"
tree_line_ok mixed huntpack_revised 0
# Window counts at the edge of gint: Bytes nodes near INT32_MAX within one burst bucket, so the
# log must replay before a frame would pass the room its trees have left, then stop grouping
# for good (tick_batch.h, FrameLog), and a frame longer than INT32_MAX (a negative gint). Frames
# of 2,147,483,547 bytes (INT32_MAX - 100), then 60, 60, 2,147,483,664 (> INT32_MAX) and 60, all
# at 0.0-0.4 ms (one 5 ms bucket), then 60 at 10 ms: one by one the tree records INT32_MAX - 40
# before it wraps; merged past the room it would not. Batched output = direct output.
/usr/bin/python3 - "$tmp/wrap.pcap" <<'PY'
import struct, sys
def frame(t_us, orig):
    eth = b'\xff' * 6 + b'\x02\x00\x00\x00\x00\x01\x08\x00'
    udp = struct.pack('>HHHH', 1234, 5678, 12, 0) + b'abcd'
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    pkt = eth + ip + udp
    return struct.pack('<IIII', 1, t_us, len(pkt), orig) + pkt
frames = [(0, 2147483547), (100, 60), (200, 60), (300, 2147483664), (400, 60), (10000, 60)]
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1) + b''.join(frame(t, n) for t, n in frames))
PY
chmod a+r "$tmp/wrap.pcap"
both wrap -q -r "$tmp/wrap.pcap" -z huntpack_breakdown,tree -z huntpack_revised,tree
# Two passes (-2): tcplabel runs in the first pass too, where tshark runs no taps, so the trees
# take their frames from their tap (a tree that logged counted every frame twice).
both two-passes -2 -q -r "$tmp/dense.pcap" "${mixed[@]}"
tree_line_ok two-passes huntpack_breakdown 0
hp_finish
