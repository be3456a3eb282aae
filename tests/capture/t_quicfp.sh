#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# quicfp: for every capture in ja4-wireshark-4.4.tsv, the set of quicfp.ja4 values equals the set
# Wireshark 4.4 computes (tls.handshake.ja4) and contains every client ja4 of FoxIO's snapshots;
# on every shared capture where Wireshark shows gquic.tag.uaid, the user agents and server names
# equal Wireshark's; QUIC SNIs equal Wireshark's own decryption.
source "$(dirname "$0")/../lib/common.sh"
hp_require_plugin
tsv=$(hp_shared ja4-wireshark-4.4.tsv)
root=$(dirname "$tsv")
for cap in $(cut -f1 "$tsv" | sort -u); do
    p=$(hp_shared "$cap")
    want=$(awk -F'\t' -v c="$cap" '$1==c {print $2}' "$tsv" | sort -u)
    got=$(hp_tshark -r "$p" -Y quicfp.ja4 -T fields -e quicfp.ja4 | sort -u)
    if [ "$want" == "$got" ]; then hp_ok "$cap: $(wc -l <<<"$got") JA4 values = Wireshark 4.4's"
    else hp_fail "$cap: JA4 sets differ: only Wireshark 4.4 [$(comm -23 <(echo "$want") <(echo "$got") | tr '\n' ' ')] only huntpack [$(comm -13 <(echo "$want") <(echo "$got") | tr '\n' ' ')]"; fi
    snap="$p.snap"
    if [ "$cap" == "ja4/tls-non-ascii-alpn.pcapng" ]; then
        # Known divergence between the two oracles: FoxIO's snapshot at the pinned commit uses the
        # old ALPN rule ("99" for non-alphanumeric), the JA4 spec and Wireshark 4.4 use the hex of
        # the first and last byte (0xba...0xad -> "bd"). huntpack follows the spec; everything but
        # the ALPN code must still equal FoxIO's value.
        foxio=$(grep -E '^\s+ja4: ' "$snap" | awk '{print $2}')
        hp_eq "$cap: FoxIO value apart from the ALPN code" "$(sed 's/^\(.\{8\}\)../\1__/' <<<"$foxio")" "$(sed 's/^\(.\{8\}\)../\1__/' <<<"$got")"
    elif [ -f "$snap" ]; then
        missing=$(grep -E '^\s+ja4: ' "$snap" | awk '{print $2}' | sort -u | comm -23 - <(echo "$got"))
        if [ -z "$missing" ]; then hp_ok "$cap: every FoxIO snapshot ja4 present"
        else hp_fail "$cap: FoxIO snapshot ja4 missing: $(echo $missing)"; fi
    fi
done
# gQUIC user agents, discovered: every shared capture (ndpi/, ja4/, ndpi-corpus/) on which
# Wireshark shows gquic.tag.uaid must give the same set of (user agent, server name) pairs as
# quicfp. Wireshark's pair: gquic.tag.uaid with gquic.tag.sni, or with the TLS SNI of the same
# frame when the gQUIC tags ride in a T050 ClientHello's google_quic_params transport parameter
# (no SNI tag there). quicfp's pair: quicfp.ua and quicfp.sni, from gQUIC CHLOs (Q024-Q046 in
# clear, Q050 decrypted) and from frames where Wireshark shows a UAID (T050: the
# google_user_agent transport parameter).
# Discovery runs Wireshark alone (no huntpack, default preferences, its own empty HOME): ~570
# tshark start-ups (~0.5 s of CPU each), HUNTPACK_QUICFP_JOBS (default: the CPU count) at a
# time, each bounded by HUNTPACK_CORPUS_TIMEOUT (60 s). Wireshark's answer for a capture only
# changes with the capture or with tshark, so it is kept in $HUNTPACK_BUILD_DIR/quicfp-gquic/
# keyed by tshark's version, the capture's content (md5) and this query; an interrupted run
# resumes there. HUNTPACK_QUICFP_NOCACHE=1 ignores it. huntpack runs only on the captures found.
for d in ndpi ja4 ndpi-corpus; do hp_shared "$d" >/dev/null; done
gq=$(mktemp -d /tmp/huntpack-gquic.XXXXXX)
mkdir -p "$gq/home/.config"
trap 'rm -rf "$HP_HOME" "$gq"' EXIT
cache=""
if [ -n "${HUNTPACK_BUILD_DIR:-}" ] && [ -z "${HUNTPACK_QUICFP_NOCACHE:-}" ]; then
    cache="$HUNTPACK_BUILD_DIR/quicfp-gquic"
    mkdir -p "$cache"
fi
query="gquic.tag.uaid|gquic.tag.sni|tls.handshake.extensions_server_name"
tsver=$(env HOME="$gq/home" tshark --version 2>/dev/null | head -1)
( cd "$root" && find ndpi ja4 ndpi-corpus -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) | sort ) >"$gq/list"
[ -s "$gq/list" ] || { echo "FAIL: no captures under $root" >&2; exit 1; }
ws_uaids() { # index, path relative to $root: Wireshark's (UAID, SNI) pairs, rc
    local key rc c=""
    key="$query|$tsver|$(md5sum <"$root/$2" | cut -d" " -f1)"
    [ -n "$cache" ] && c="$cache/$(tr '/' '%' <<<"$2")"
    if [ -n "$c" ] && [ -f "$c.meta" ] && [ "$(head -1 "$c.meta")" == "$key" ] && [ -f "$c.tsv" ]; then
        cp "$c.tsv" "$gq/$1.tsv"
        sed -n 2p "$c.meta" >"$gq/$1.rc"
        : >"$gq/$1.err"
        : >"$gq/$1.cached"
        return
    fi
    env HOME="$gq/home" XDG_CONFIG_HOME="$gq/home/.config" TZ=UTC LC_ALL=C \
        timeout -k 5 "${HUNTPACK_CORPUS_TIMEOUT:-60}" \
        tshark -n -r "$root/$2" -Y gquic.tag.uaid -T fields -E occurrence=f \
        -e gquic.tag.uaid -e gquic.tag.sni -e tls.handshake.extensions_server_name >"$gq/$1.tsv" 2>"$gq/$1.err"
    rc=$?
    echo "$rc" >"$gq/$1.rc"
    if [ -n "$c" ] && { [ "$rc" = 0 ] || [ "$rc" = 2 ] || [ "$rc" = 14 ]; }; then
        cp "$gq/$1.tsv" "$c.tsv.$$" && mv "$c.tsv.$$" "$c.tsv"
        printf '%s\n%s\n' "$key" "$rc" >"$c.meta.$$" && mv "$c.meta.$$" "$c.meta"
    fi
}
export -f ws_uaids
export gq root cache query tsver
nl -ba "$gq/list" | sed 's/^ *//' | xargs -P "${HUNTPACK_QUICFP_JOBS:-$(nproc)}" -L1 bash -c 'ws_uaids "$0" "$1"'
found=()
while IFS=$'\t' read -r i cap; do
    rc=$(cat "$gq/$i.rc" 2>/dev/null || echo missing)
    # tshark exits 2 (4.0, 4.4) or 14 (4.6: WS_EXIT_READ_ERROR) on a capture cut short
    # (Wireshark's own verdict, the output stays valid);
    # a signal or no result at all is a failure.
    if [ "$rc" != 0 ] && [ "$rc" != 2 ] && [ "$rc" != 14 ]; then hp_fail "$cap: tshark exit $rc: $(grep -v '^Running as user' "$gq/$i.err" | head -c 300)"; continue; fi
    ws=$(awk -F'\t' '$1 != "" {print $1 "\t" ($2 != "" ? $2 : $3)}' "$gq/$i.tsv" | sort -u)
    [ -n "$ws" ] || continue
    found+=("$cap")
    ours=$(hp_tshark -r "$root/$cap" -Y quicfp.ua -T fields -E occurrence=f -e quicfp.kind -e quicfp.ua -e quicfp.sni -e gquic.tag.uaid </dev/null |
           awk -F'\t' '$1 == "gquic" || $4 != "" {print $2 "\t" $3}' | sort -u)
    if [ "$ws" == "$ours" ]; then
        hp_ok "$cap: $(wc -l <<<"$ws") gQUIC (UA, SNI) pairs = Wireshark's: $(tr '\t\n' '@;' <<<"$ws")"
    else
        hp_fail "$cap: gQUIC (UA, SNI) differ: only Wireshark [$(comm -23 <(echo "$ws") <(echo "$ours") | tr '\t\n' '@;')] only quicfp [$(comm -13 <(echo "$ws") <(echo "$ours") | tr '\t\n' '@;')]"
    fi
done < <(nl -ba "$gq/list" | sed 's/^ *//')
# The discovery itself must work: the gQUIC captures known to carry a UAID are among those found
# (Q046 in clear, Q050 decrypted by Wireshark and huntpack, T050 through the TLS transport parameters).
for cap in ndpi/quic_q46.pcap ndpi/quic_q50.pcap ndpi/gquic.pcap ndpi-corpus/quic_t50.pcap; do
    if [[ " ${found[*]} " == *" $cap "* ]]; then hp_ok "discovered $cap"; else hp_fail "discovery missed $cap (Wireshark shows no gquic.tag.uaid?)"; fi
done
hp_ok "gQUIC UAID captures found: ${#found[@]} of $(wc -l <"$gq/list") (Wireshark's answer for $(find "$gq" -name '*.cached' | wc -l) from the cache)"
# IETF QUIC: SNI equals Wireshark's decryption of the same Initials.
# quic-23/quic-24 and T050 encode transport parameters the draft-27 way (u16 ids and lengths).
for cap in ja4/quic-tls-handshake.pcapng ndpi/quic-v2.pcapng ndpi/quic-29.pcap ndpi/quic_t51.pcap \
           ndpi/quic_frags_ch_out_of_order_same_packet_craziness.pcapng ndpi/quic.pcap \
           ndpi-corpus/quic_t50.pcap ndpi-corpus/quic-23.pcap ndpi-corpus/quic-24.pcap; do
    p=$(hp_shared "$cap")
    ws=$(hp_tshark -r "$p" -Y 'quic && tls.handshake.type == 1' -T fields -e tls.handshake.extensions_server_name | sort -u)
    ours=$(hp_tshark -r "$p" -Y 'quicfp.kind == "ietf"' -T fields -e quicfp.sni | sort -u)
    if [ "$ws" == "$ours" ]; then hp_ok "$cap: $(wc -l <<<"$ours") QUIC SNIs = Wireshark's"; else hp_fail "$cap: SNI Wireshark [$(echo $ws)] vs quicfp [$(echo $ours)]"; fi
done
# User agent split with uap-core: the Q046 UAID "Chrome/74.0.3729.157 Android 8.0.0; BND-L21" is
# Chrome 74.0.3729 (uap-core keeps major.minor.patch) on Android 8.0.0; BND-L21 is a Huawei model.
hp_eq "quic_q46 browser/os/device" "Chrome 74.0.3729 Android 8.0.0 Huawei BND-L21" \
  "$(hp_tshark -r "$(hp_shared ndpi/quic_q46.pcap)" -Y quicfp.ua -T fields -e quicfp.browser -e quicfp.browser_version -e quicfp.os -e quicfp.os_version -e quicfp.device | head -1 | tr '\t' ' ')"
# Q050 (decrypted CHLO): "Chrome/83.0.4103.101 Android 8.0.0; LDN-L21", LDN-L21 a Huawei model.
hp_eq "quic_q50 browser/os/device" "Chrome 83.0.4103 Android 8.0.0 Huawei LDN-L21" \
  "$(hp_tshark -r "$(hp_shared ndpi/quic_q50.pcap)" -Y quicfp.ua -T fields -e quicfp.browser -e quicfp.browser_version -e quicfp.os -e quicfp.os_version -e quicfp.device | head -1 | tr '\t' ' ')"
# Q050 canary build on "Windows NT 10.0" (Windows 10).
hp_eq "gquic.pcap browser/os" "Chrome 85.0.4169 Windows 10" \
  "$(hp_tshark -r "$(hp_shared ndpi/gquic.pcap)" -Y quicfp.ua -T fields -e quicfp.browser -e quicfp.browser_version -e quicfp.os -e quicfp.os_version | head -1 | tr '\t' ' ')"
# T050: the UA from the draft-27-encoded transport parameters; "Windows NT 6.1" is Windows 7.
hp_eq "quic_t50 browser/os" "Chrome 85.0.4183 Windows 7" \
  "$(hp_tshark -r "$(hp_shared ndpi-corpus/quic_t50.pcap)" -Y quicfp.ua -T fields -e quicfp.browser -e quicfp.browser_version -e quicfp.os -e quicfp.os_version | head -1 | tr '\t' ' ')"
# "Windows NT 6.1" is Windows 7 (uap-core's os_v1_replacement for NT 6.1).
hp_eq "Windows NT 6.1 client" "Windows 7" \
  "$(hp_tshark -r "$(hp_shared ndpi/quic_frags_ch_out_of_order_same_packet_craziness.pcapng)" -Y 'quicfp.ua contains "NT 6.1"' -T fields -e quicfp.os -e quicfp.os_version | sort -u | tr '\t' ' ')"
# Expert info for clients that reveal their user agent; disabling works.
hp_eq "quicfp.client_exposure on quic_q46" "1" "$(hp_tshark -r "$(hp_shared ndpi/quic_q46.pcap)" -Y quicfp.client_exposure -T fields -e frame.number | wc -l | awk '{print ($1>0)}')"
hp_eq "--disable-protocol quicfp" "0" "$(hp_tshark --disable-protocol quicfp -r "$(hp_shared ja4/tls3.pcapng)" -Y quicfp -T fields -e frame.number | wc -l)"
# huntpack_quic table: one row per (client, kind, SNI, JA4); handshake counts add up to the
# number of fingerprinted frames.
p=$(hp_shared ndpi/quic_frags_ch_out_of_order_same_packet_craziness.pcapng)
frames=$(hp_tshark -r "$p" -Y quicfp.kind -T fields -e frame.number | wc -l)
handshakes=$(hp_tshark -q -r "$p" -z huntpack_quic,table | awk -F'|' '/^Client/ {for (i = 1; i <= NF; i++) if ($i ~ /Handshakes/) c = i; next} c && $c ~ /^[0-9]+ *$/ {s += $c} END {print s+0}')
hp_eq "huntpack_quic handshakes = fingerprinted frames" "$frames" "$handshakes"
hp_finish
