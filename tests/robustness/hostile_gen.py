#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Hostile captures for huntpack's robustness checks (issue 9). Packet templates are built with
# scapy; the bulk captures are written by patching the template bytes directly (a million scapy
# packets would take many minutes), so generation stays within seconds to a minute.
#   /usr/bin/python3 tests/robustness/hostile_gen.py OUTDIR [--flows N] [--segments N]
# Writes:
#   million_flows.pcap   N (1,000,000) distinct TCP flows to port 443, one data segment each
#                        (a TLS record header), so every flow creates per-flow state
#   quic_huge_offsets.pcap  valid-looking QUIC v1 Initials, encrypted with the client keys of the
#                        RFC 9001 A.2 DCID (they decrypt), whose CRYPTO frames sit at huge offsets
#                        (2^62-1, 2^62-2, 16384, 1e9, ...), overlap, conflict, or never start at 0
#   endless_http.pcap    one HTTP request whose header block never ends (100,000 header lines over
#                        10,000 segments), plus one 64 KiB header line
#   dns_loop.pcap        DNS responses with compression loops (self-pointer, A->B->A, a 120-deep
#                        chain of pointers) in the question and answer names
#   long_flow.pcap       one TCP flow with S (200,000) segments of TLS application data
import hashlib, hmac, os, struct, sys
from scapy.all import IP, TCP, UDP, Ether, raw
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

def pcap_writer(path):
    f = open(path, "wb")
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))  # Ethernet
    return f

def write_pkt(f, data, ts):
    f.write(struct.pack("<IIII", int(ts), int((ts % 1) * 1e6), len(data), len(data)))
    f.write(data)

def tcp_template(sport, dport, payload, flags="PA", seq=1000, ack=1):
    return bytearray(raw(Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") /
                         IP(src="10.0.0.1", dst="10.9.0.1") /
                         TCP(sport=sport, dport=dport, flags=flags, seq=seq, ack=ack, window=65535) / payload))

def million_flows(path, n):
    payload = b"\x16\x03\x01\x02\x00\x01"  # TLS handshake record header + ClientHello type
    t = tcp_template(40000, 443, payload)
    with pcap_writer(path) as f:
        for i in range(n):
            # distinct 4-tuple: client address 10.x.y.z from i, port from i
            t[26:30] = struct.pack(">I", 0x0a000000 | ((i >> 6) & 0xffffff))
            t[34:36] = struct.pack(">H", 1024 + (i & 0x3f) * 1000 + (i % 997))
            write_pkt(f, bytes(t), 1_700_000_000 + i * 1e-5)

# --- QUIC v1 Initial protection (RFC 9001 §5) --------------------------------------------------
SALT_V1 = bytes.fromhex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a")
DCID = bytes.fromhex("8394c8f03e515708")

def hkdf_label(secret, label, length):
    full = b"tls13 " + label
    return HKDFExpand(hashes.SHA256(), length, struct.pack(">HB", length, len(full)) + full + b"\x00").derive(secret)

def client_keys(dcid):
    prk = hmac.new(SALT_V1, dcid, hashlib.sha256).digest()
    c = hkdf_label(prk, b"client in", 32)
    return hkdf_label(c, b"quic key", 16), hkdf_label(c, b"quic iv", 12), hkdf_label(c, b"quic hp", 16)

def varint(v):
    if v < 0x40: return bytes([v])
    if v < 0x4000: return struct.pack(">H", 0x4000 | v)
    if v < 0x40000000: return struct.pack(">I", 0x80000000 | v)
    return struct.pack(">Q", 0xc000000000000000 | v)

def crypto(off, data):
    return b"\x06" + varint(off) + varint(len(data)) + data

def initial(plain, pn, dcid=DCID):
    key, iv, hp = client_keys(dcid)
    plain = plain + b"\x00" * max(0, 1162 - len(plain))  # pad the datagram to >= 1200
    hdr = bytes([0xc3]) + struct.pack(">I", 1) + bytes([len(dcid)]) + dcid + b"\x00" + b"\x00"
    hdr += struct.pack(">H", 0x4000 | (4 + len(plain) + 16))
    pn_off = len(hdr)
    hdr += struct.pack(">I", pn)
    nonce = bytearray(iv)
    for k in range(8):
        nonce[11 - k] ^= (pn >> (8 * k)) & 0xff
    ct = AESGCM(key).encrypt(bytes(nonce), plain, hdr)
    pkt = bytearray(hdr + ct)
    enc = Cipher(algorithms.AES(hp), modes.ECB()).encryptor()
    mask = enc.update(bytes(pkt[pn_off + 4:pn_off + 20])) + enc.finalize()
    pkt[0] ^= mask[0] & 0x0f
    for k in range(4):
        pkt[pn_off + k] ^= mask[1 + k]
    return bytes(pkt)

def quic_huge_offsets(path):
    ch_start = b"\x01\x00\x01\xfc\x03\x03" + b"\x11" * 32  # ClientHello header, body missing
    cases = [
        [crypto((1 << 62) - 1, b"")], [crypto((1 << 62) - 2, b"AB")],
        [crypto((1 << 62) - 100, b"X" * 100)],        # ends exactly at 2^62
        [crypto(16384, b"Y" * 500)], [crypto(16383, b"Z" * 2)], [crypto(10**9, b"W" * 900)],
        [crypto(0, ch_start), crypto((1 << 62) - 1000, b"V" * 900)],
        [crypto(0, ch_start), crypto(2, b"\xff" * 40)],     # conflicting overlap
        [crypto(40, b"Q" * 1000)] * 1,                      # never starts at 0
        [crypto(0, b"\x01\xff\xff\xff")],                   # declares a 16 MiB ClientHello
        [crypto(i * 7, b"R" * 7) for i in range(60)],       # 60 small frames
        [crypto(5, b"S" * 3)] * 100,                        # 100 frames (above the 64 recorded)
    ]
    with pcap_writer(path) as f:
        ts = 1_700_000_000.0
        for conn, frames in enumerate(cases):
            # each case its own connection (source port); the RFC DCID keeps it decryptable
            for pn in range(3):
                dg = initial(b"".join(frames), pn)
                p = raw(Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") /
                        IP(src="10.0.0.1", dst="10.9.0.2") / UDP(sport=50000 + conn, dport=443) / dg)
                write_pkt(f, p, ts); ts += 0.001

def endless_http(path, lines=100_000, per_seg=10):
    with pcap_writer(path) as f:
        ts, seq = 1_700_000_000.0, 1000
        syn = tcp_template(41000, 80, b"", "S", seq - 1, 0)
        write_pkt(f, bytes(syn), ts)
        first = b"GET /never-ending HTTP/1.1\r\nHost: example.com\r\n"
        body = [first] + [b"".join(b"X-Endless-%06d: %s\r\n" % (i + k, b"a" * 20) for k in range(per_seg))
                          for i in range(0, lines, per_seg)]
        body.append(b"X-Huge: " + b"h" * 65536)  # one 64 KiB line, still no blank line
        for chunk in body:
            for off in range(0, len(chunk), 1400):
                piece = chunk[off:off + 1400]
                ts += 1e-4
                write_pkt(f, bytes(tcp_template(41000, 80, piece, "PA", seq)), ts)
                seq += len(piece)

def dns_name_loop():
    # header: id, flags (response), qd=1, an=3
    hdr = struct.pack(">HHHHHH", 0x1234, 0x8180, 1, 3, 0, 0)
    q = b"\xc0\x0c" + struct.pack(">HH", 1, 1)               # question name points at itself
    a1 = b"\x03abc\xc0\x1e" + struct.pack(">HHIH", 1, 1, 60, 4) + b"\x01\x02\x03\x04"
    # offset 0x1e = 30 is the start of a1's label: a1 -> itself via its own label
    a2_off = 12 + len(q) + len(a1)
    a2 = b"\x01a" + struct.pack(">H", 0xc000 | (a2_off + 4)) + b"\x01b" + struct.pack(">H", 0xc000 | a2_off)
    a2 += struct.pack(">HHIH", 5, 1, 60, 2) + struct.pack(">H", 0xc000 | a2_off)  # CNAME -> loop
    msg = hdr + q + a1 + a2
    # a 120-deep chain: each name is a label then a pointer to the previous name
    chain, base = b"", len(msg)
    prev = base
    chain += b"\x01z\x00"
    for k in range(120):
        here = base + len(chain)
        chain += b"\x01y" + struct.pack(">H", 0xc000 | prev)
        prev = here
    msg = msg + chain
    return msg

def dns_loop(path):
    with pcap_writer(path) as f:
        m = dns_name_loop()
        for i in range(5):
            p = raw(Ether(src="02:00:00:00:00:03", dst="02:00:00:00:00:04") /
                    IP(src="10.53.0.1", dst="10.0.0.1") / UDP(sport=53, dport=33000 + i) / m)
            write_pkt(f, p, 1_700_000_000 + i)
        # the same over TCP (2-byte length prefix)
        write_pkt(f, raw(Ether() / IP(src="10.53.0.1", dst="10.0.0.1") /
                        TCP(sport=53, dport=34000, flags="PA", seq=1, ack=1) / (struct.pack(">H", len(m)) + m)),
                  1_700_000_010)

def long_flow(path, segs):
    rec = b"\x17\x03\x03\x05\x00" + b"\xaa" * 1280   # one TLS app-data record per segment
    t = tcp_template(42000, 443, rec, "PA", 1)
    with pcap_writer(path) as f:
        ts = 1_700_000_000.0
        write_pkt(f, bytes(tcp_template(42000, 443, b"", "S", 0, 0)), ts)
        seq = 1
        for i in range(segs):
            t[38:42] = struct.pack(">I", seq & 0xffffffff)
            ts += 1e-5
            write_pkt(f, bytes(t), ts)
            seq += len(rec)

def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__ if False else "usage: hostile_gen.py OUTDIR [--flows N] [--segments N]")
    out = sys.argv[1]
    flows = int(sys.argv[sys.argv.index("--flows") + 1]) if "--flows" in sys.argv else 1_000_000
    segs = int(sys.argv[sys.argv.index("--segments") + 1]) if "--segments" in sys.argv else 200_000
    os.makedirs(out, exist_ok=True)
    quic_huge_offsets(os.path.join(out, "quic_huge_offsets.pcap"))
    dns_loop(os.path.join(out, "dns_loop.pcap"))
    endless_http(os.path.join(out, "endless_http.pcap"))
    long_flow(os.path.join(out, "long_flow.pcap"), segs)
    million_flows(os.path.join(out, "million_flows.pcap"), flows)
    for n in sorted(os.listdir(out)):
        print(f"{n}\t{os.path.getsize(os.path.join(out, n))} bytes")

if __name__ == "__main__":
    main()
