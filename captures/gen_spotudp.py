#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate captures/spotudp.pcap: SpotUdp positives and negatives for huntpack's tests.

Deterministic: fixed timestamps, addresses and bytes; run `python3 gen_spotudp.py OUT`.
Each frame's docstring below says what it exercises. Expected dissection is in
tests/expected/spotudp.fields, worked out from these bytes (see that file's header).
"""
import sys
from scapy.all import Ether, IP, UDP, Raw, wrpcap

MAGIC = b"SpotUdp0"
BCAST = "192.168.7.255"
DIGEST_A = bytes(range(0x10, 0x24))          # 20 bytes 10..23
DIGEST_B = bytes(range(0xa0, 0xb4))          # 20 bytes a0..b3


def dgram(src, payload, sport=57621, dport=57621, dst=BCAST, mac="02:00:00:00:00:01"):
    return (Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") / IP(src=src, dst=dst, ttl=64)
            / UDP(sport=sport, dport=dport) / Raw(payload))


def frames():
    out = []
    # 1: 44-byte datagram as sent by Spotify desktop: ext_len 4, 4-byte extension, digest.
    out.append(dgram("192.168.7.10", MAGIC + bytes.fromhex("0102030405060708") + b"\x00\x01"
                     + b"\x00\x04" + bytes.fromhex("4895c203") + DIGEST_A))
    # 2: same sender again (multi-packet case: same instance id).
    out.append(dgram("192.168.7.10", MAGIC + bytes.fromhex("0102030405060708") + b"\x00\x01"
                     + b"\x00\x04" + bytes.fromhex("4895c203") + DIGEST_A))
    # 3: 40-byte datagram from a second host: ext_len 0, no extension.
    out.append(dgram("192.168.7.20", MAGIC + bytes.fromhex("a1a2a3a4a5a6a7a8") + b"\x00\x01"
                     + b"\x00\x00" + DIGEST_B, mac="02:00:00:00:00:02"))
    # 4: SpotUdp on a non-standard port pair (heuristic must find it by magic alone).
    out.append(dgram("192.168.7.30", MAGIC + bytes.fromhex("b1b2b3b4b5b6b7b8") + b"\x00\x01"
                     + b"\x00\x00" + DIGEST_B, sport=40000, dport=40001, mac="02:00:00:00:00:03"))
    # 5: NEGATIVE wrong magic on port 57621 ("SpotUdp1"): must not be spotudp.
    out.append(dgram("192.168.7.40", b"SpotUdp1" + bytes(32)))
    # 6: NEGATIVE other payload on port 57621: must not be spotudp.
    out.append(dgram("192.168.7.40", b"hello, this is not spotify at all!!!"))
    # 7: NEGATIVE zero-length UDP payload on 57621.
    out.append(dgram("192.168.7.40", b""))
    # 8: truncated: magic + 6 bytes of instance id only -> spotudp with truncated expert.
    out.append(dgram("192.168.7.50", MAGIC + bytes.fromhex("c1c2c3c4c5c6")))
    # 9: truncated digest: magic, id, version, ext_len 0, 10 of 20 digest bytes.
    out.append(dgram("192.168.7.50", MAGIC + bytes.fromhex("d1d2d3d4d5d6d7d8") + b"\x00\x01"
                     + b"\x00\x00" + DIGEST_A[:10]))
    # 10: malformed: extension length 0xffff (beyond the 256-byte limit).
    out.append(dgram("192.168.7.60", MAGIC + bytes.fromhex("e1e2e3e4e5e6e7e8") + b"\x00\x01"
                     + b"\xff\xff" + DIGEST_A))
    # 11: NEGATIVE: magic only 7 bytes long ("SpotUdp").
    out.append(dgram("192.168.7.40", b"SpotUdp"))
    # 12: complete message followed by 3 trailing bytes.
    out.append(dgram("192.168.7.70", MAGIC + bytes.fromhex("f1f2f3f4f5f6f7f8") + b"\x00\x02"
                     + b"\x00\x00" + DIGEST_B + b"\x01\x02\x03"))
    for i, p in enumerate(out):
        p.time = 1700000000 + i
    return out


if __name__ == "__main__":
    wrpcap(sys.argv[1] if len(sys.argv) > 1 else "spotudp.pcap", frames())
