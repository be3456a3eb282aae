#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SpotUdp end to end: generated captures (positives, negatives, malformed), every field as a
# display filter, enable/disable switches, and every SpotUdp datagram of the shared captures.
source "$(dirname "$0")/../lib/common.sh"
hp_require_plugin
cd "$HUNTPACK_SOURCE_DIR"

# 1. The committed capture is what the committed generator makes.
regen=$(mktemp /tmp/spotudp.XXXXXX.pcap)
/usr/bin/python3 captures/gen_spotudp.py "$regen" >/dev/null
if cmp -s "$regen" captures/spotudp.pcap; then hp_ok "captures/spotudp.pcap reproduces"; else
    hp_fail "captures/spotudp.pcap differs from its generator's output"; fi
rm -f "$regen"

# 2. Field values against the hand-derived expectations.
FIELDS=(-e frame.number -e spotudp.magic -e spotudp.instance_id -e spotudp.version -e spotudp.ext_len
        -e spotudp.ext -e spotudp.digest -e spotudp.trailing -e spotudp.length -e _ws.expert.message)
actual=$(mktemp)
# spotudp on its own: the traits module would add its own p2p-discovery expert info.
hp_tshark --disable-protocol soctrait --disable-protocol huntpack_lua -r captures/spotudp.pcap -Y spotudp -T fields "${FIELDS[@]}" >"$actual"
hp_expect_file "spotudp fields" <(grep -v '^#' tests/expected/spotudp.fields) "$actual"
rm -f "$actual"

# 3. Every spotudp field works as a display filter (counts derived from the expected file).
count() { hp_tshark -r "$1" -Y "$2" -T fields -e frame.number | wc -l; }
C=captures/spotudp.pcap
hp_eq "frames matching spotudp" 8 "$(count $C spotudp)"
hp_eq "spotudp.magic == \"SpotUdp0\"" 8 "$(count $C 'spotudp.magic == "SpotUdp0"')"
hp_eq "spotudp.instance_id == 01:02:03:04:05:06:07:08" 2 "$(count $C 'spotudp.instance_id == 01:02:03:04:05:06:07:08')"
hp_eq "spotudp.version == 2" 1 "$(count $C 'spotudp.version == 2')"
hp_eq "spotudp.ext_len == 4" 2 "$(count $C 'spotudp.ext_len == 4')"
hp_eq "spotudp.ext" 2 "$(count $C 'spotudp.ext == 48:95:c2:03')"
hp_eq "spotudp.digest" 5 "$(count $C 'spotudp.digest')"
hp_eq "spotudp.trailing" 1 "$(count $C 'spotudp.trailing == 01:02:03')"
hp_eq "spotudp.length < 40" 2 "$(count $C 'spotudp.length < 40')"
hp_eq "expert spotudp.p2p_discovery" 5 "$(count $C 'spotudp.p2p_discovery')"
hp_eq "expert spotudp.truncated" 2 "$(count $C 'spotudp.truncated')"
hp_eq "expert spotudp.malformed" 1 "$(count $C 'spotudp.malformed')"
hp_eq "negatives on 57621 stay UDP" "5 6 7 11" "$(hp_tshark -r $C -Y 'udp.port == 57621 && !spotudp' -T fields -e frame.number | tr '\n' ' ' | sed 's/ $//')"

# 4. The user can switch things off like built-ins.
hp_eq "--disable-protocol spotudp" 0 "$(hp_tshark --disable-protocol spotudp -r $C -Y spotudp -T fields -e frame.number | wc -l)"
hp_eq "--disable-heuristic spotudp_udp leaves the port registration" "1 2 3 8 9 10 12" \
    "$(hp_tshark --disable-heuristic spotudp_udp -r $C -Y spotudp -T fields -e frame.number | tr '\n' ' ' | sed 's/ $//')"

# 5. Shared captures: every datagram whose UDP payload starts with SpotUdp0 (by Wireshark's own
#    fields) is spotudp with consistent fields, and nothing else is.
for f in ndpi/android.pcap ndpi/telegram.pcap ndpi/whatsapp_login_chat.pcap ndpi/wa_voice.pcap; do
    p=$(hp_shared "$f")
    want=$(hp_tshark --disable-protocol spotudp -r "$p" -Y 'udp && data.data[0:8] == 53:70:6f:74:55:64:70:30' -T fields -e frame.number | sort -n)
    got=$(hp_tshark -r "$p" -Y spotudp -T fields -e frame.number | sort -n)
    if [ -n "$want" ] && [ "$want" == "$got" ]; then hp_ok "$f: $(wc -l <<<"$got") SpotUdp datagrams, same frames as the payload test"
    else hp_fail "$f: SpotUdp frames by payload [$(echo $want)] vs by spotudp [$(echo $got)]"; fi
    # Layout consistency on real data: length = 8+8+2+2+ext_len+20, version 1, magic SpotUdp0.
    bad=$(hp_tshark -r "$p" -Y spotudp -T fields -E separator=, -e frame.number -e spotudp.magic \
          -e spotudp.version -e spotudp.ext_len -e spotudp.length -e spotudp.p2p_discovery |
          awk -F, '$2!="SpotUdp0" || $3!=1 || $5 != 40+$4 {print}')
    if [ -z "$bad" ]; then hp_ok "$f: magic, version and lengths consistent"; else hp_fail "$f: inconsistent: $bad"; fi
done
hp_finish
