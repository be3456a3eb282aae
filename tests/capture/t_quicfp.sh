#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# quicfp: for every capture in ja4-wireshark-4.4.tsv, the set of quicfp.ja4 values equals the set
# Wireshark 4.4 computes (tls.handshake.ja4) and contains every client ja4 of FoxIO's snapshots;
# gQUIC UAIDs equal Wireshark's gquic.tag.uaid; QUIC SNIs equal Wireshark's own decryption.
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
# gQUIC: UAID and SNI equal Wireshark's own tags.
for cap in ndpi/quic_q46.pcap; do
    p=$(hp_shared "$cap")
    ws=$(hp_tshark -r "$p" -Y 'gquic.tag.uaid' -T fields -e gquic.tag.uaid -e gquic.tag.sni | sort -u)
    hp_tshark -r "$p" -Y 'gquic.tag.uaid' -T fields -e gquic.tag.uaid >/dev/null
    ours=$(hp_tshark -r "$p" -Y 'quicfp.kind == "gquic"' -T fields -e quicfp.ua -e quicfp.sni | sort -u)
    if [ -n "$ws" ] && [ "$ws" == "$ours" ]; then hp_ok "$cap: gQUIC UA/SNI = Wireshark's ($ws)"; else hp_fail "$cap: gquic [$ws] vs quicfp [$ours]"; fi
done
# IETF QUIC: SNI equals Wireshark's decryption of the same Initials.
for cap in ja4/quic-tls-handshake.pcapng ndpi/quic-v2.pcapng ndpi/quic-29.pcap ndpi/quic_t51.pcap \
           ndpi/quic_frags_ch_out_of_order_same_packet_craziness.pcapng ndpi/quic.pcap; do
    p=$(hp_shared "$cap")
    ws=$(hp_tshark -r "$p" -Y 'quic && tls.handshake.type == 1' -T fields -e tls.handshake.extensions_server_name | sort -u)
    ours=$(hp_tshark -r "$p" -Y 'quicfp.kind == "ietf"' -T fields -e quicfp.sni | sort -u)
    if [ "$ws" == "$ours" ]; then hp_ok "$cap: $(wc -l <<<"$ours") QUIC SNIs = Wireshark's"; else hp_fail "$cap: SNI Wireshark [$(echo $ws)] vs quicfp [$(echo $ours)]"; fi
done
# User agent split with uap-core: the Q046 UAID "Chrome/74.0.3729.157 Android 8.0.0; BND-L21" is
# Chrome 74.0.3729 (uap-core keeps major.minor.patch) on Android 8.0.0; BND-L21 is a Huawei model.
hp_eq "quic_q46 browser/os/device" "Chrome 74.0.3729 Android 8.0.0 Huawei BND-L21" \
  "$(hp_tshark -r "$(hp_shared ndpi/quic_q46.pcap)" -Y quicfp.ua -T fields -e quicfp.browser -e quicfp.browser_version -e quicfp.os -e quicfp.os_version -e quicfp.device | head -1 | tr '\t' ' ')"
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
