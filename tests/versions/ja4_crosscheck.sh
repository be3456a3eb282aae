#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ja4_crosscheck.sh: huntpack's JA4 must equal Wireshark's own, frame by frame.
# Wireshark 4.2+ computes `tls.handshake.ja4` itself. On every TCP frame of every shared capture
# that carries a TLS ClientHello (or on which huntpack shows a quicfp.ja4), this compares
# quicfp.ja4 with tls.handshake.ja4 and fails on any difference (a value on one side only counts,
# except: a ClientHello that Wireshark itself marks malformed and huntpack declines to hash; a
# ClientHello huntpack reads from the flow's bytes on a frame Wireshark does not dissect as TLS
# at all (no tls in frame.protocols: TLS on a port Wireshark does not try, e.g. 80 or 8080); one
# inside OpenVPN's or the PROXY protocol's framing (openvpn / proxy in frame.protocols), which
# huntpack does not unwrap; and the ClientHellos of ndpi-corpus/heuristic_tcp_ack_payload.pcap,
# each behind a stray 2-byte segment, which 4.6 shows as TLS "Continuation Data [Illegal
# Segments]" and 4.0/4.4 not as TLS at all (t_corpus leaves them out for the same reason).
# Each exception is listed and counted).
# Run with the plugin built for the tshark on PATH (tests/versions/chroot_test.sh runs it inside
# the chroot); environment as for the capture tests:
#   HUNTPACK_SOURCE_DIR HUNTPACK_PLUGIN HUNTPACK_WS_MAJMIN HUNTPACK_SHARED_CAPTURES
# Optional: HUNTPACK_JA4_JOBS (parallel tsharks, default nproc).
# On Wireshark 4.0 (no tls.handshake.ja4) it prints SKIP and exits 0; on 4.2+ a missing field fails.
source "$(dirname "$0")/../lib/common.sh"

echo "== JA4 cross-check: huntpack quicfp.ja4 vs Wireshark tls.handshake.ja4 ($(tshark --version | head -1))"
# Strict load check: tshark's "Couldn't load plugin 'huntpack.so'" warning must not count.
# (Outputs are captured first: grep -q closing a pipe early would fail it under pipefail.)
plugins=$(hp_tshark -G plugins 2>&1 || true)
if ! grep -qE '^huntpack\.so[[:space:]]' <<<"$plugins"; then
    echo "FAIL: huntpack.so did not load into tshark:" >&2
    grep -iE 'huntpack|error|couldn' <<<"$plugins" | head -5 >&2
    exit 1
fi
echo "ok: plugin loaded: $(grep -E '^huntpack\.so' <<<"$plugins" | tr -s '\t ' ' ')"
# (4.2+ accepts -G only as tshark's first option: "tshark -n -G fields" prints nothing there.)
fields=$(hp_tshark -G fields 2>"${TMPDIR:-/tmp}/hp-ja4x-G.$$" | cut -f3 || true)
if [ -z "$fields" ]; then
    echo "FAIL: tshark -G fields printed nothing: $(head -3 "${TMPDIR:-/tmp}/hp-ja4x-G.$$" | tr '\n' ' ')" >&2
    rm -f "${TMPDIR:-/tmp}/hp-ja4x-G.$$"
    exit 1
fi
rm -f "${TMPDIR:-/tmp}/hp-ja4x-G.$$"
if ! grep -qx 'tls.handshake.ja4' <<<"$fields"; then
    major=${HUNTPACK_WS_MAJMIN%%.*} minor=${HUNTPACK_WS_MAJMIN#*.}
    if [ "$major" -lt 4 ] || { [ "$major" -eq 4 ] && [ "$minor" -lt 2 ]; }; then
        echo "SKIP: Wireshark $HUNTPACK_WS_MAJMIN has no tls.handshake.ja4 (4.2+ has)"
        exit 0
    fi
    echo "FAIL: Wireshark $HUNTPACK_WS_MAJMIN should have tls.handshake.ja4 but tshark -G fields lacks it" >&2
    exit 1
fi

root="${HUNTPACK_SHARED_CAPTURES:-}"
[ -n "$root" ] && [ -d "$root" ] || { echo "FAIL: HUNTPACK_SHARED_CAPTURES is not a directory: '$root'" >&2; exit 1; }
mapfile -t caps < <(cd "$root" && find . -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \
    -o -name '*.pcap.gz' -o -name '*.pcapng.gz' \) | sed 's|^\./||' | LC_ALL=C sort)
[ ${#caps[@]} -gt 0 ] || { echo "FAIL: no captures under $root" >&2; exit 1; }

work=$(mktemp -d /tmp/hp-ja4x.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$HP_HOME" "$work"' EXIT

# One tshark per capture: frame, Wireshark's JA4 (all occurrences), huntpack's JA4, Wireshark's
# malformed marker, expert messages. Separator "|", not a tab: `read` collapses runs of IFS
# whitespace, so with tabs an empty JA4 column shifts the next column into its place.
one() {
    local i=$1 cap=$2 rc=0
    hp_tshark -r "$root/$cap" -Y 'tcp && (tls.handshake.type == 1 || quicfp.ja4)' \
        -T fields -E separator='|' -E occurrence=a -E aggregator=, \
        -e frame.number -e tls.handshake.ja4 -e quicfp.ja4 -e _ws.malformed -e _ws.expert.message -e frame.protocols \
        >"$work/$i.out" 2>"$work/$i.err" || rc=$?
    echo "$rc" >"$work/$i.rc"
}
jobs_max=${HUNTPACK_JA4_JOBS:-$(nproc)}
for i in "${!caps[@]}"; do
    one "$i" "${caps[$i]}" &
    while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || true; done
done
wait

frames=0 same=0 diffs=0 with_hello=0 crashed=0 malformed=0 neither=0 notls=0 framed=0
for i in "${!caps[@]}"; do
    cap=${caps[$i]}
    rc=$(cat "$work/$i.rc")
    if [ "$rc" -ge 128 ]; then
        hp_fail "$cap: tshark died (exit $rc): $(head -3 "$work/$i.err" | tr '\n' ' ')"
        crashed=$((crashed + 1))
    fi
    n=0
    while IFS='|' read -r frame ws hp wsmal expert protos; do
        [ -n "$frame" ] || continue
        n=$((n + 1))
        if [ "$ws" == "$hp" ]; then
            if [ -n "$ws" ]; then same=$((same + 1)); else neither=$((neither + 1)); fi
        elif [ -z "$hp" ] && [ -n "$wsmal" ] && [[ "$expert" == *"Client fingerprint incomplete"* ]]; then
            # A ClientHello that huntpack's strict parser rejects and that Wireshark itself marks
            # malformed (_ws.malformed), yet hashes what it read: reported, not a disagreement.
            malformed=$((malformed + 1))
            echo "  malformed ClientHello (Wireshark: _ws.malformed), no huntpack JA4: $cap frame $frame (Wireshark's JA4 of what it read: ${ws:-none})"
        elif [ -z "$ws" ] && [ -n "$hp" ] && { [[ ":$protos:" != *:tls:* ]] ||
                [ "$cap" = ndpi-corpus/heuristic_tcp_ack_payload.pcap ]; }; then
            notls=$((notls + 1))
            echo "  huntpack only (Wireshark does not dissect a TLS ClientHello here: $protos): $cap frame $frame $hp"
        elif [ -n "$ws" ] && [ -z "$hp" ] && [[ ":$protos:" == *:openvpn:* || ":$protos:" == *:proxy:* ]]; then
            framed=$((framed + 1))
            echo "  Wireshark only (ClientHello inside OpenVPN's or PROXY's framing): $cap frame $frame $ws"
        else
            diffs=$((diffs + 1))
            [ "$diffs" -le 50 ] && hp_fail "$cap frame $frame: Wireshark '${ws}' huntpack '${hp}'"
        fi
    done <"$work/$i.out"
    frames=$((frames + n))
    [ "$n" -gt 0 ] && with_hello=$((with_hello + 1))
done
[ "$diffs" -gt 50 ] && echo "... $((diffs - 50)) more differences not shown" >&2

echo "captures scanned: ${#caps[@]}, with TCP ClientHellos: $with_hello, ClientHello frames: $frames," \
    "equal: $same, different: $diffs, malformed (no huntpack JA4): $malformed, no JA4 on either side: $neither," \
    "huntpack only where Wireshark does not dissect TLS: $notls, inside OpenVPN/PROXY framing: $framed, tshark crashes: $crashed"
if [ "$same" -eq 0 ]; then hp_fail "no TCP TLS ClientHello with a JA4 found in any shared capture (vacuous check)"; fi
if [ "$diffs" -eq 0 ] && [ "$same" -gt 0 ]; then
    hp_ok "quicfp.ja4 = tls.handshake.ja4 on all $same ClientHello frames where Wireshark has one, apart from $malformed malformed ones listed above; neither has one on $neither"
fi
hp_finish
