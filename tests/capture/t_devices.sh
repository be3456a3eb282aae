#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# huntpack_devices on shared captures with mDNS, SSDP, LLMNR, NBNS and DHCP: every announcing host
# (by source MAC; DHCP by client hardware address) appears, with every name Wireshark's own
# fields show for it: mDNS/LLMNR answers' A/AAAA record names, NBNS registration/answer names
# (suffix <xx> removed), DHCP option 12. The summary row's packet count equals capinfos'.
source "$(dirname "$0")/../lib/common.sh"
hp_require_plugin
CAPS=(ndpi/android.pcap ndpi/telegram.pcap ndpi/netbios.pcap ndpi/ssdp-m-search-ua.pcap ndpi/wa_voice.pcap
      ndpi/whatsapp_login_chat.pcap ndpi-corpus/1kxun.pcap ndpi/alexa-app.pcapng)
for rel in "${CAPS[@]}"; do
    cap=$(hp_shared "$rel")
    ours=$(mktemp); theirs=$(mktemp)
    hp_tshark -q -r "$cap" -z huntpack_devices,table 2>/dev/null >"$ours"
    {   # "mac<TAB>name" (name empty: the host must only appear)
        # A/AAAA answers from the PDML structure: each resource record is a field whose direct
        # children are its dns.resp.name and dns.resp.type.
        hp_tshark -r "$cap" -Y '(mdns || llmnr) && dns.flags.response == 1' -T pdml 2>/dev/null | /usr/bin/python3 -c '
import sys, xml.etree.ElementTree as ET
for _, pkt in ET.iterparse(sys.stdin, events=("end",)):
    if pkt.tag != "packet":
        continue
    src = next((f.get("show") for f in pkt.iter("field") if f.get("name") == "eth.src"), "")
    print(src + "\t")
    for rr in pkt.iter("field"):
        kids = {c.get("name"): c.get("show") for c in rr if c.tag == "field"}
        if kids.get("dns.resp.type") in ("1", "28") and "dns.resp.name" in kids:
            print(src + "\t" + kids["dns.resp.name"])
    pkt.clear()'
        hp_tshark -r "$cap" -Y 'nbns && (nbns.flags.response == 1 || nbns.flags.opcode == 5 || nbns.flags.opcode == 8 || nbns.flags.opcode == 9)' \
            -T fields -E occurrence=a -E aggregator='|' -e eth.src -e nbns.name 2>/dev/null |
            awk -F'\t' '{n=split($2,a,"|"); print $1"\t"; for (i=1;i<=n;i++) {sub(/<.*$/,"",a[i]); sub(/ +$/,"",a[i]); if (a[i]!="" && a[i] !~ /^\*/) print $1"\t"a[i]}}'
        hp_tshark -r "$cap" -Y 'dhcp.type == 1' -T fields -E occurrence=f -e dhcp.hw.mac_addr -e dhcp.option.hostname 2>/dev/null
        hp_tshark -r "$cap" -Y 'ssdp || llmnr || mdns' -T fields -e eth.src 2>/dev/null | awk '{print $1"\t"}'
    } | sort -u >"$theirs"
    res=$(/usr/bin/python3 - "$ours" "$theirs" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    cols = line.rstrip("\n").split(" |")
    if len(cols) >= 9 and cols[0].count(":") == 5:
        rows[cols[0]] = {n.strip().lower() for n in cols[2].split(", ") if n.strip()}
hosts, names, missing = set(), 0, []
for line in open(sys.argv[2], encoding="utf-8", errors="replace"):
    mac, _, name = line.rstrip("\n").partition("\t")
    if not mac:
        continue
    hosts.add(mac)
    if mac not in rows:
        missing.append("host %s" % mac)
    elif name:
        names += 1
        if name.lower() not in rows[mac]:
            missing.append("%s name %r (have %s)" % (mac, name, sorted(rows[mac])))
print("%d hosts, %d names, %d rows" % (len(hosts), names, len(rows)))
for m in sorted(set(missing))[:10]:
    print("MISSING " + m)
sys.exit(1 if missing else 0)
PY
) && hp_ok "$rel: $res" || hp_fail "$rel: $res"
    pk=$(capinfos -c -M "$cap" | awk '/Number of packets/ {print $NF}')
    hp_eq "$rel summary packets" "$pk" "$(grep -o 'multicast/broadcast: [0-9]* of [0-9]*' "$ours" | awk '{print $NF}')"
    rm -f "$ours" "$theirs"
done
hp_finish
