#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Seeds for fuzz_discovery: [selector][input] (see fuzz_discovery.cpp: 0 DHCP, 1 DHCP on the
# proxyDHCP port, 2 LLDPDU, 3 CDP PDU, 4 Ethernet frame, 5 string rules). The packets are the
# ones tests/unit/test_discovery.cpp uses: real ones from the shared captures (named below, taken
# with tshark -T fields -e udp.payload / -x) and hand-built ones (derivations in the unit test).
# make_seeds.py calls add_all(); run alone (/usr/bin/python3 tests/fuzz/seeds_discovery.py) it
# rewrites only corpus/fuzz_discovery/ (file names: seedlib.py).
import struct

import seedlib

HARNESS = "fuzz_discovery"
H = bytes.fromhex

# ndpi-corpus/gnutella.pcap frame 7: Windows DHCP Request (hostname, vendor class, 50, 61, 81).
GNUTELLA_REQUEST = H(
    "01010600a6784b7d0000000000000000000000000000000000000000080027e6e559" + "00" * 202 +
    "638253633501033d0701080027e6e55932040a00020f0c0b4d534544474557494e3130510e0000004d534544"
    "474557494e31303c084d53465420352e30370e0103060f1f212b2c2e2f7779f9fcff")
# ndpi-corpus/1kxun.pcap frame 5: DHCP ACK (op 2).
ONEKXUN_REPLY = H(
    "02010600c091205200008000c0a80524c0a80524c0a877010000000000265ac26355" + "00" * 202 +
    "638253633501053604c0a8770133040000003c0104ffff00000304c0a877010610a85f010108080808a85fc0"
    "01080804042a08a85fc30c7bcc2d74ff00000000")
# ndpi-corpus/starcraft_battle.pcap frame 28: LLDP frame (chassis, port, TTL, 802.3, MED, End).
STARCRAFT_LLDP = H(
    "0180c200000e2089846bc5ba88cc0207042089846bc5ba0407032089846bc5ba06020e11fe0900120f0103"
    "00010000fe070012bb010001010000")
# ndpi-corpus/capwap.pcap frame 4: CDP from a Cisco AP over 802.3 + LLC/SNAP.
CAPWAP_CDP = H(
    "01000cccccccb83861f305ac015faaaa0300000c200002b475bd000100144150623833382e363166332e3035"
    "6163000500f2436973636f20494f5320536f6674776172652c20433236303020536f66747761726520284150"
    "3347322d4b3957382d4d292c2056657273696f6e2031352e322834294a41312c2052454c4541534520534f46"
    "54574152452028666332290a546563686e6963616c20537570706f72743a20687474703a2f2f7777772e6369"
    "73636f2e636f6d2f74656368737570706f72740a436f707972696768742028632920313938362d3230313320"
    "627920436973636f2053797374656d732c20496e632e0a436f6d70696c6564205475652033302d4a756c2d31"
    "332032323a35372062792070726f645f72656c5f7465616d0006001b636973636f204149522d434150323630"
    "32492d512d4b3900020011000000010101cc0004c0a80a0a000300144769676162697445746865726e657430"
    "0004000800000003000b000501")

def bootp(op, sname=b"", file=b""):
    # RFC 2131 §2: op htype hlen hops | xid | secs flags | ciaddr yiaddr siaddr giaddr | chaddr[16]
    return (bytes([op, 1, 6, 0]) + H("12345678") + bytes(20) + H("001122334455") + bytes(10) +
            sname.ljust(64, b"\0") + file.ljust(128, b"\0"))

COOKIE = H("63825363")
# Hand-built LLDPDU: chassis MAC, port MAC, TTL 120, name "switch-1", description, management
# address 192.0.2.10, End.
LLDP_PDU = H("020704001122334455040703001122334455060200780a087377697463682d310c1445"
             "78616d706c654f5320312e32206275696c6437100c0501c000020a0200000001000000")
ETH_DST = H("0180c200000e001122334455")
CDP_LINES = H("02b400000001000953572d30310005002b494f532031352e320d0a6c696e652074776f0d6c696e650974"
              "687265650a0a66697665006375740006000d57532d4332393630ff1002000873736964")

def seeds():
    yield 0, GNUTELLA_REQUEST
    yield 0, ONEKXUN_REPLY
    yield 0, bootp(1, H("0c08696e2d736e616d65ff"), H("3c07696e2d66696c65ff")) + COOKIE + \
        H("3501013401030c046d61696eff")                                    # option overload
    yield 0, bootp(2) + bytes(64) + H("0c04626f6f74ff")                     # BOOTP, no cookie
    # 81 (E flag, "abc"), 60, 119 ("foo" + pointer), 121 (default route via 1.2.3.4)
    yield 0, bootp(1) + COOKIE + H("350101" "5108050000" "0361626300" "3c0378797a"
                                   "77070366 6f6f00c000" "790500 01020304" "ff")
    # 125 CableLabs (4491) modem capabilities, then a client id whose DUID-LLT is too short
    yield 0, bootp(1) + COOKIE + H("7d0d0000118b08 0506010101020102"
                                   "3d0bff0102030400010001aabb" "ff")
    yield 1, bootp(1) + COOKIE + H("0c0161ff")
    yield 2, LLDP_PDU
    yield 2, STARCRAFT_LLDP[14:]
    yield 2, H("020704001122334455040703001122334455060400780a026e310a026e320000")  # TTL of 4
    yield 3, CAPWAP_CDP[22:]
    yield 3, CDP_LINES
    yield 4, STARCRAFT_LLDP
    yield 4, CAPWAP_CDP
    yield 4, ETH_DST + H("81000064") + H("88cc") + LLDP_PDU
    yield 4, ETH_DST + H("88a8000a81000064") + H("88cc") + LLDP_PDU
    yield 4, CAPWAP_CDP[:12] + H("81000064") + CAPWAP_CDP[12:]
    yield 5, H("61017f62c28563eda08064c08065ff7ac3a9e282")

def add_all(add, cap=None, tshark_fields=None):
    for sel, body in seeds():
        add(HARNESS, bytes([sel]) + body)

if __name__ == "__main__":
    seedlib.standalone([HARNESS], add_all)
