#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tcplabel on the shared captures: no bare TCP frame on a web port without a label, labels agree
# with Wireshark's own identification of the conversation and with nDPI's flow labels (≥ 99 % of
# frames), mid-stream flows labelled from content, breakdown percentages add up.
source "$(dirname "$0")/../lib/common.sh"
hp_require_plugin
cd "$HUNTPACK_SOURCE_DIR"
CHECK=tests/capture/tcplabel_check.py
source tests/capture/tcplabel_rows.sh
root=$(dirname "$(hp_shared ndpi/chrome.pcap)")/..
ndpi_tsv=$(mktemp)
for cap in "$root"/ndpi/*.pcap* "$root"/ja4/*.pcap*; do
    case "$cap" in *.out|*.snap|*.json) continue ;; esac
    name=${cap#"$root"/}
    out=$(mktemp)
    tcplabel_rows "$cap" >"$out"
    args=("$name")
    [ -f "$cap.out" ] && args+=("$cap.out")
    if res=$(/usr/bin/python3 $CHECK "${args[@]}" <"$out"); then
        grep -v '^NDPI' <<<"$res" | sed 's/^/  /'; grep '^NDPI' <<<"$res" >>"$ndpi_tsv" || true
    else
        hp_fail "$(grep -v '^NDPI' <<<"$res")"
    fi
    rm -f "$out"
done
# nDPI agreement over all frames of HTTP/TLS flows on web ports.
read -r agree total < <(awk -F'\t' '{a+=$3; t+=$4} END {print a+0, t+0}' "$ndpi_tsv")
rm -f "$ndpi_tsv"
if [ "$total" -gt 0 ] && [ $((agree * 1000 / total)) -ge 990 ]; then
    hp_ok "nDPI agreement: $agree / $total frames ($((agree * 1000 / total)) per mille)"
else
    hp_fail "nDPI agreement below 99 %: $agree / $total"
fi

# Mid-stream: cut the first 10 frames of chrome.pcap (the first flow's handshake and ClientHello):
# flow 0 keeps label tls, and its data frames that carry record headers have basis content.
cut=$(mktemp /tmp/cut.XXXXXX.pcap)
editcap -r "$(hp_shared ndpi/chrome.pcap)" "$cut" 11-1000000 >/dev/null
chmod 644 "$cut"   # readable by the setpriv fallback (uid 65534)
# Wireshark still decodes most records of a cut TLS flow on 443, so its TLS dissector is switched off
# here: every frame of the flow is then bare TCP and tcplabel must find TLS from content alone.
rows=$(hp_tshark --disable-protocol tls -r "$cut" -Y 'tcp.stream == 0 && tcplabel' -T fields -e frame.number -e tcplabel.app -e tcplabel.basis -e tcplabel.kind -e tcplabel.evidence)
rm -f "$cut"
hp_eq "mid-stream flow: apps" "tls" "$(cut -f2 <<<"$rows" | sort -u | tr '\n' ' ' | sed 's/ $//')"
n_content=$(awk -F'\t' '$5=="tls-records" && $3=="content"' <<<"$rows" | wc -l)
n_records=$(awk -F'\t' '$5=="tls-records" && $3!="reassembly"' <<<"$rows" | wc -l)
if [ "$n_records" -gt 0 ] && [ "$n_content" -eq "$n_records" ]; then hp_ok "mid-stream: $n_content data frames with own records have basis content"
else hp_fail "mid-stream: $n_content of $n_records frames with own records have basis content"; fi

# TLS on port 80 (Wireshark leaves it bare): labelled tls with a mismatch; the ClientHello frame
# (12) from its own bytes, the rest of the flow from the flow.
p80=$(hp_shared ndpi/tls_port_80.pcapng)
hp_eq "tls_port_80 data frames" "tls tls-on-http-port" \
  "$(hp_tshark -r "$p80" -Y 'tcplabel.evidence == "tls-records"' -T fields -e tcplabel.app -e tcplabel.mismatch | sort -u | tr '\t' ' ')"
hp_eq "tls_port_80 frame 12" "content" "$(hp_tshark -r "$p80" -Y 'frame.number == 12' -T fields -e tcplabel.basis)"
hp_eq "tls_port_80 expert" "2" "$(hp_tshark -r "$p80" -Y 'tcplabel.port_mismatch' -T fields -e frame.number | wc -l)"
# The web ports are a preference (tcplabel.ports): tls_port_80's frames
# on port 80 (13) are labelled with the default ports, none with 443 alone, the same with 79-81.
on80=$(hp_tshark -r "$p80" -Y tcplabel -T fields -e frame.number | tr '\n' ' ')
[ -n "$on80" ] || hp_fail "tls_port_80: no tcplabel frame with the default ports"
# The reference the port lists below are compared with, itself checked against Wireshark: the
# frames on port 80 whose Protocol column says TCP (all 13 of the capture; tcplabel does not
# change the column).
ws80=$(hp_tshark -r "$p80" -Y 'tcp.port == 80' -T fields -e frame.number -e _ws.col.Protocol |
    awk -F'\t' '$2 == "TCP" {printf "%s ", $1}')
hp_eq "tls_port_80: the default ports label every frame Wireshark leaves TCP on port 80" "$ws80" "$on80"
# Each run's exit status is checked: a rejected preference (tshark exits non-zero) must not read
# as "labels nothing" (ports_run then answers a text no check expects).
ports_run() { # ports: the frames tcplabel labels with tcplabel.ports set to them
    local out
    out=$(hp_tshark -o "tcplabel.ports:$1" -r "$p80" -Y tcplabel -T fields -e frame.number) ||
        { echo "(tshark -o tcplabel.ports:$1 failed)"; return; }
    tr '\n' ' ' <<<"$out" | sed 's/ *$//'
}
hp_eq "tcplabel.ports:443 labels nothing on port 80" "" "$(ports_run 443)"
hp_eq "tcplabel.ports:79-81 labels what the defaults label" "${on80% }" "$(ports_run 79-81)"
# More than eight ports are looked up in a bitmap, not a list (plugins/tcplabel.cpp, web_port):
# 70-90 holds 80 and neither client port of the capture (50541).
hp_eq "tcplabel.ports:70-90 labels what the defaults label" "${on80% }" "$(ports_run 70-90)"
hp_eq "tcplabel.ports:1-79,81-1000 labels nothing on port 80" "" "$(ports_run 1-79,81-1000)"
# tcplabel, quicfp and soctrait share one postdissector (plugins/hp_post.cpp), which checks each
# module's own protocol: disabling tcplabel removes its items and leaves quicfp's ClientHello.
hp_eq "--disable-protocol tcplabel: no tcplabel item" "0" \
  "$(hp_tshark --disable-protocol tcplabel -r "$p80" -Y tcplabel -T fields -e frame.number | wc -l)"
q_on=$(hp_tshark -r "$p80" -Y quicfp -T fields -e frame.number | tr '\n' ' ')
hp_eq "--disable-protocol tcplabel: quicfp still there (frames ${q_on:-none})" "$q_on" \
  "$(hp_tshark --disable-protocol tcplabel -r "$p80" -Y quicfp -T fields -e frame.number | tr '\n' ' ')"
[ -n "$q_on" ] || hp_fail "tls_port_80: no quicfp frame to compare"

# Breakdown trees: each tree's buckets add up to its total.
tree=$(hp_tshark -q -r "$(hp_shared ndpi/alexa-app.pcapng)" -z huntpack_breakdown,tree -z huntpack_revised,tree -z huntpack_summary,tree)
sums=$(/usr/bin/python3 tests/capture/stats_tree_sums.py <<<"$tree")
echo "$sums" | sed 's/^/  /'
if grep -q MISMATCH <<<"$sums" || [ -z "$sums" ]; then hp_fail "a stats tree's children do not add up"; else hp_ok "every stats-tree node's children add up to it"; fi
pk=$(awk '/^Packets  / {print $2; exit}' <<<"$tree")
hp_eq "summary packets = capinfos" "$(capinfos -c -M "$(hp_shared ndpi/alexa-app.pcapng)" | awk '/Number of packets/ {print $NF}')" "$pk"
# Sessions: the summary counts the frames' conversations (asked for only by the summary,
# HP_STATS_SESSIONS); Wireshark's own conversation tables list the same flows. quic_interop_V
# with the traits on as well: until 2026-12-05 soctrait and quicfp created a conversation for
# UDP frames Wireshark gives none (an ICMP error quoting UDP), and the summary counted 66, not 63.
qi=$(hp_shared ndpi-corpus/quic_interop_V.pcapng)
tree_qi=$(hp_tshark -q -r "$qi" -z huntpack_summary,tree -z huntpack_traits,table)
for t in tcp udp; do
    n=$(awk -v k="${t^^} sessions" 'index($0, k) == 1 {print $3; exit}' <<<"$tree")
    hp_eq "summary ${t^^} sessions = Wireshark's conv,$t" \
        "$(hp_tshark -q -r "$(hp_shared ndpi/alexa-app.pcapng)" -z conv,$t | grep -c '<->')" "$n"
    n=$(awk -v k="${t^^} sessions" 'index($0, k) == 1 {print $3; exit}' <<<"$tree_qi")
    hp_eq "quic_interop_V, traits on: summary ${t^^} sessions = Wireshark's conv,$t" \
        "$(hp_tshark -q -r "$qi" -z conv,$t | grep -c '<->')" "$n"
done
hp_finish
