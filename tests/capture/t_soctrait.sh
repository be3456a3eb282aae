#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# soctrait: (a) each trait fires with the right evidence on a shared capture that shows it, and
# not (or at a lower severity) on benign look-alikes; (b) per-flow agreement with nDPI's risk
# flags (soctrait_agree.py: precision/recall, thresholds justified there); (c) the
# huntpack_traits table in tshark.
# One tshark run per nDPI capture (all of ndpi/*.out: the agreement needs every flow nDPI
# judged, and the trait checks reuse the same output). Each run has -z huntpack_traits,table,
# which turns the huntpack postdissectors on from the first frame.
source "$(dirname "$0")/../lib/common.sh"
hp_require_plugin
ndpi=$(dirname "$(hp_shared ndpi/exe_download.pcap)")
out="$HP_HOME/out"
mkdir -p "$out"
chmod 777 "$out"
for o in "$ndpi"/*.out; do
    cap=${o%.out}
    name=$(basename "$cap")
    hp_shared "ndpi/$name" >/dev/null
    hp_tshark -r "$cap" -q -z huntpack_traits,table -Y soctrait -T fields -E aggregator='|' \
        -e frame.number -e ip.src -e ipv6.src -e tcp.srcport -e udp.srcport -e ip.dst -e ipv6.dst \
        -e tcp.dstport -e udp.dstport -e soctrait.id -e soctrait.severity -e soctrait.host \
        -e soctrait.evidence >"$out/$name.txt" 2>"$out/$name.err" || hp_fail "$name: tshark failed: $(head -3 "$out/$name.err")"
done

# One line per raised trait: capture<TAB>frame<TAB>id<TAB>severity<TAB>host<TAB>evidence
traits() {
    awk -F'\t' -v c="$1" 'NF >= 13 && $1 ~ /^[0-9]+$/ {
        n = split($10, id, "|"); split($11, sev, "|"); split($12, host, "|"); split($13, ev, "|")
        for (i = 1; i <= n; i++) print c "\t" $1 "\t" id[i] "\t" sev[i] "\t" host[i] "\t" ev[i] }' "$out/$1.txt"
}
# count CAPTURE ID [MIN_SEVERITY [EVIDENCE_REGEX]]
count() {
    traits "$1" | awk -F'\t' -v id="$2" -v s="${3:-0}" -v re="${4:-.}" '$3 == id && $4 >= s && $6 ~ re' | wc -l
}
fires() { # name capture id min_severity evidence_regex
    local n; n=$(count "$2" "$3" "$4" "$5")
    if [ "$n" -gt 0 ]; then hp_ok "$1: $n x $3 on $2"; else hp_fail "$1: no $3 (severity >= $4, evidence /$5/) on $2"; fi
}
silent() { # name capture id [min_severity]
    hp_eq "$1: $3 (severity >= ${4:-0}) on $2" 0 "$(count "$2" "$3" "${4:-0}")"
}

# --- (a) traits on captures that show them, and benign look-alikes -------------------------
fires "IP-literal Host, public" exe_download.pcap http-ip-host 2 'Host 144\.91\.69\.195 is a public IPv4'
fires "executable download" exe_download.pcap binary-download 2 'application/octet-stream, sniffed Windows PE'
fires "PE served as image/png is an alert" exe_download_as_png.pcap binary-download 3 'image/png, sniffed Windows PE.*mismatch'
fires "PE over raw TCP 4444" portable_executable.pcap binary-download 3 'Windows PE executable.*:4444'
fires "PE over TCP port 53" portable_executable.pcap binary-download 3 'Windows PE executable.*:53 '
fires "SSDP multicast Host" ssdp-m-search-ua.pcap http-ip-host 1 '239\.255\.255\.250:1900 is an IPv4 multicast'
silent "SSDP multicast Host stays below warn" ssdp-m-search-ua.pcap http-ip-host 2
fires "Windows Update by IP" windowsupdate_over_http.pcap http-ip-host 2 '151\.99\.72\.125 is a public'
fires "Windows Update octet-stream, unknown content" windowsupdate_over_http.pcap binary-download 1 'octet-stream, sniffed unrecognised'
silent "Windows Update: no executable alert" windowsupdate_over_http.pcap binary-download 2
fires "cleartext HTTP" exe_download.pcap cleartext-http 0 'HTTP request to 144\.91\.69\.195 on TCP port 80'
hp_eq "cleartext-http once per host" 1 "$(count exe_download.pcap cleartext-http)"
fires "TLS 1.0 negotiated, sibling servers on TLS 1.2" alexa-app.pcapng tls-deprecated 2 'TLS 1\.0 negotiated with .*other servers of amazon\.com negotiated TLS 1\.2\+ earlier'
fires "weak cipher with its rule" alexa-app.pcapng tls-weak-cipher 1 'TLS_RSA_WITH_AES_128_CBC_SHA is weak.*rule TLS_RSA_\* -> weak'
fires "CDN named" alexa-app.pcapng cdn-content 0 '.'
fires "machine-generated mDNS name" telegram.pcap dns-random-name 1 'looks machine-generated'
fires "Spotify LAN discovery" android.pcap p2p-discovery 1 'SpotUdp0 datagram from .*:57621'
hp_eq "p2p-discovery: one per SpotUdp datagram on android.pcap" 3 "$(count android.pcap p2p-discovery)"
fires "gQUIC user agent" quic_q46.pcap quic-client-exposure 1 'user agent "Chrome/74\.0\.3729\.157 Android'
fires "TLS on port 80" tls_port_80.pcapng port-protocol-mismatch 2 'tls-on-http-port'
fires "TLS on TCP 5228" alexa-app.pcapng port-protocol-mismatch 1 'TCP port 5228, not a standard TLS port'
for benign in chrome.pcap firefox.pcap google_ssl.pcap; do
    for t in http-ip-host binary-download tls-deprecated tls-weak-cipher port-protocol-mismatch p2p-discovery; do
        # google_ssl.pcap's TLS traits are judged below (a retransmitted TLS 1.0 ServerHello).
        case "$benign:$t" in google_ssl.pcap:tls-deprecated|google_ssl.pcap:tls-weak-cipher) continue ;; esac
        silent "benign browsing" "$benign" "$t"
    done
done
# google_ssl.pcap: the server's first flight is lost and comes back as retransmissions (frame 8
# on). huntpack reads the ServerHello from the flow's bytes (plugins/hp_tls.cpp), whatever
# Wireshark makes of the retransmission (4.0 and 4.4 dissect no ServerHello there, 4.6 does).
# Frame 8's payload, by hand: 16 03 01 00 4a (handshake record, 74 bytes), 02 00 00 46
# (ServerHello, 70 bytes), 03 01 (TLS 1.0), 32 random bytes, 20 (session id of 32 bytes), the
# session id, then the suite at byte 5 + 4 + 2 + 32 + 1 + 32 = 76: 00 05 =
# TLS_RSA_WITH_RC4_128_SHA. So both TLS traits fire, once each, on every version.
fires "google_ssl: TLS 1.0 ServerHello (retransmitted)" google_ssl.pcap tls-deprecated 2 'TLS 1\.0 negotiated with 216\.58\.212\.100: deprecated by RFC 8996'
hp_eq "google_ssl: one tls-deprecated" 1 "$(count google_ssl.pcap tls-deprecated 0)"
fires "google_ssl: RC4 ServerHello (retransmitted)" google_ssl.pcap tls-weak-cipher 1 'TLS_RSA_WITH_RC4_128_SHA is insecure.*RC4'
hp_eq "google_ssl: one tls-weak-cipher" 1 "$(count google_ssl.pcap tls-weak-cipher 0)"
silent "ordinary DNS names" dns.pcap dns-random-name 1
silent "QUIC without a user agent" quic-v2.pcapng quic-client-exposure

# --- (b) agreement with nDPI ------------------------------------------------------------------
if python3 "$(dirname "$0")/soctrait_agree.py" "$out" "$ndpi"; then hp_ok "nDPI agreement above thresholds"
else hp_fail "nDPI agreement below thresholds (see table above)"; fi

# --- (c) the Suspicious Traits table ----------------------------------------------------------
table=$(sed -n '/^huntpack\/Suspicious Traits:/,/^====/p' "$out/exe_download.pcap.txt")
echo "$table"
hp_eq "table header" 'Trait |Severity |Count |Hosts |First frame |Example evidence |Filter |' "$(sed -n 3p <<<"$table")"
for row in 'http-ip-host +\|warn +\| +1 \| +1 \| +4 \|Host header: Host 144\.91\.69\.195.*\|soctrait\.id == "http-ip-host" \|' \
           'cleartext-http +\|info +\| +1 \| +1 \| +4 \|' \
           'binary-download +\|warn +\| +1 \| +1 \| +6 \|executable download'; do
    if grep -Eq "^$row" <<<"$table"; then hp_ok "table row /$row/"; else hp_fail "table row /$row/ missing"; fi
done
hp_eq "table rows" 3 "$(grep -c 'soctrait\.id ==' <<<"$table")"

# --- (d) Enabled Protocols: soctrait shares huntpack's one postdissector (plugins/hp_post.cpp),
# which checks each module's own protocol: disabled, its traits go and tcplabel's labels stay.
exe="$ndpi/exe_download.pcap"
hp_eq "--disable-protocol soctrait: no soctrait item" 0 \
  "$(hp_tshark --disable-protocol soctrait -r "$exe" -Y soctrait -T fields -e frame.number | wc -l)"
l_on=$(hp_tshark -r "$exe" -Y tcplabel -T fields -e frame.number | wc -l)
hp_eq "--disable-protocol soctrait: tcplabel still labels ($l_on frames)" "$l_on" \
  "$(hp_tshark --disable-protocol soctrait -r "$exe" -Y tcplabel -T fields -e frame.number | wc -l)"
[ "$l_on" -gt 0 ] || hp_fail "exe_download: no tcplabel frame to compare"
hp_finish
