#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""gen_demo.py: "ten minutes of browsing" from one laptop, as the seed blog post describes it.

Writes a pcapng (Ethernet/IPv4, microsecond timestamps) and, with --plan, the expected findings
derived from this generator's own plan (tests/expected/demo_findings.txt), never from huntpack.

    /usr/bin/python3 captures/gen_demo.py --seed 7 --scale small -o captures/demo.pcapng \
        --plan tests/expected/demo_findings.txt
    /usr/bin/python3 captures/gen_demo.py --seed 7 --scale large -o bench/out/demo-large.pcapng

Reproducible: same seed and scale give the same bytes (one random.Random(seed), no clock, no
dict-order dependence, frames sorted by (time, creation order)). Frames are built with struct
(scapy would be slow for the large scale); scapy only reads the shared captures whose real QUIC
bytes are reused. IPv4 and TCP checksums are correct, UDP checksums are 0 ("none", RFC 768).

What is in it (every "special" appears once at both scales; the background grows with --scale):
  - the laptop 192.168.1.23 browsing: DNS A (+CNAME chains to akamaiedge.net, cloudfront.net,
    fastly.net and the obscure edge-like stackfast-cdn.net), then HTTP (port 80) and TLS (port 443)
    sessions: complete handshakes, responses spanning several segments, keep-alive, FIN teardown;
  - mid-stream flows whose start is missing (TLS records and an HTTP body cut in the middle);
  - contoso.com: login.contoso.com negotiates TLS 1.0 in its ServerHello, www/cdn.contoso.com TLS 1.2;
  - legacy-shop.example.net negotiates TLS_RSA_WITH_3DES_EDE_CBC_SHA (weak);
  - DNS PTR lookups answered with *.1e100.net names;
  - HTTP responses: JavaScript, a Flash SWF ("CWS"), application/octet-stream, an MZ/PE
    executable served as application/x-msdownload and one served as image/png;
  - an HTTP request with a public IP literal Host (93.184.216.34) and an SSDP M-SEARCH with Host
    239.255.255.250:1900;
  - QUIC Initials from Chrome: Google QUIC T051 with the google_user_agent transport parameter
    (ndpi/quic_t51.pcap frames 1-2) and QUIC v1 without one (ja4/quic-tls-handshake.pcapng frame 1),
    re-addressed; legacy gQUIC Q046 CHLO (ndpi/quic_q46.pcap frame 1);
  - SpotUdp0 broadcasts to 255.255.255.255 and 192.168.1.255 port 57621 and a LAN peer's reply;
  - TCP errors: retransmission, spurious retransmission, duplicate ACKs, out-of-order, a lost
    segment (previous segment not captured), ACK of an unseen segment, zero window, RST;
  - multicast/broadcast announcements: a printer (mDNS _ipp), a phone (mDNS, DHCP with host
    name), a TV (SSDP NOTIFY, mDNS _googlecast), a coworker PC (NBNS, LLMNR).
"""
import argparse
import hashlib
import os
import struct
import sys
import zlib

import random

SHARED = os.environ.get("HUNTPACK_SHARED_CAPTURES",
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "captures"))

LAPTOP = "192.168.1.23"
LAPTOP_MAC = bytes.fromhex("3c22fb112233")
GW = "192.168.1.1"
GW_MAC = bytes.fromhex("001122334455")
PRINTER, PRINTER_MAC = "192.168.1.40", bytes.fromhex("a0481c4004a1")
PHONE, PHONE_MAC = "192.168.1.41", bytes.fromhex("f01898410402")
TV, TV_MAC = "192.168.1.42", bytes.fromhex("8c79f5420403")
COWORKER, COWORKER_MAC = "192.168.1.50", bytes.fromhex("54ee75500404")
SPOT_PEER, SPOT_PEER_MAC = "192.168.1.60", bytes.fromhex("b827eb600405")
BCAST_MAC = b"\xff" * 6
DURATION = 600.0  # seconds
MSS = 1448

UA = b"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.75 Safari/537.36"

# Browsing background: name -> (kind, CNAME chain). kind "tls", "http" or "both".
BACKGROUND = [
    ("www.google.com", "tls", []), ("fonts.gstatic.com", "tls", []), ("www.youtube.com", "tls", []),
    ("www.wikipedia.org", "tls", []), ("github.com", "tls", []), ("www.reddit.com", "tls", []),
    ("news.example-times.com", "http", []), ("www.bbc.co.uk", "both", ["www.bbc.co.uk.edgekey.net", "e3891.dscx.akamaiedge.net"]),
    ("images.example-times.com", "http", ["d1a2b3c4d5e6f7.cloudfront.net"]),
    ("www.weather-example.org", "http", ["weather-example.map.fastly.net"]),
    ("ads.example-adnet.com", "both", []), ("static.newsportal-example.com", "http", ["e7.stackfast-cdn.net"]),
    ("api.twitter.com", "tls", []), ("www.facebook.com", "tls", []), ("www.linkedin.com", "tls", []),
]


def ip4(s):
    return bytes(int(x) for x in s.split("."))


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


class Capture:
    """Frames as (time_us, order, bytes); written sorted by time then creation order."""

    def __init__(self):
        self.frames = []
        self.ipid = 1

    def add(self, t, frame):
        self.frames.append((int(round(t * 1e6)), len(self.frames), frame))

    def ipv4(self, t, smac, dmac, src, dst, proto, l4, ttl=64):
        self.ipid = (self.ipid + 1) & 0xFFFF
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), self.ipid, 0x4000, ttl, proto, 0,
                          ip4(src), ip4(dst))
        hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
        self.add(t, dmac + smac + b"\x08\x00" + hdr + l4)

    def udp(self, t, smac, dmac, src, sport, dst, dport, payload, ttl=64):
        self.ipv4(t, smac, dmac, src, dst, 17, struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload, ttl)

    def tcp(self, t, smac, dmac, src, sport, dst, dport, seq, ack, flags, win, payload=b"", opts=b""):
        off = (20 + len(opts)) // 4
        hdr = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, off << 4, flags,
                          win, 0, 0) + opts
        pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, 6, len(hdr) + len(payload))
        c = csum(pseudo + hdr + payload)
        hdr = hdr[:16] + struct.pack("!H", c) + hdr[18:]
        self.ipv4(t, smac, dmac, src, dst, 6, hdr + payload)

    def write_pcapng(self, path, comment):
        self.frames.sort(key=lambda f: (f[0], f[1]))

        def block(btype, body):
            body += b"\0" * ((4 - len(body) % 4) % 4)
            n = 12 + len(body)
            return struct.pack("<II", btype, n) + body + struct.pack("<I", n)

        def opt(code, val):
            return struct.pack("<HH", code, len(val)) + val + b"\0" * ((4 - len(val) % 4) % 4)

        out = [block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) + opt(1, comment.encode()) +
                     opt(4, b"huntpack gen_demo.py") + opt(0, b""))]
        out.append(block(1, struct.pack("<HHI", 1, 0, 262144) + opt(9, b"\x06") + opt(0, b"")))
        for us, _, frame in self.frames:
            out.append(block(6, struct.pack("<IIIII", 0, us >> 32, us & 0xFFFFFFFF, len(frame), len(frame)) + frame))
        with open(path, "wb") as f:
            f.write(b"".join(out))


# ---- DNS ------------------------------------------------------------------------------------
def dns_name(name):
    return b"".join(bytes([len(p)]) + p.encode() for p in name.rstrip(".").split(".") if p) + b"\0"


def dns_rr(name, rtype, rdata, ttl=300, rclass=1):
    return dns_name(name) + struct.pack("!HHIH", rtype, rclass, ttl, len(rdata)) + rdata


def dns_msg(txid, flags, qs, ans=(), auth=(), add=()):
    body = b"".join(dns_name(n) + struct.pack("!HH", t, c) for n, t, c in qs)
    return struct.pack("!HHHHHH", txid, flags, len(qs), len(ans), len(auth), len(add)) + body + \
        b"".join(ans) + b"".join(auth) + b"".join(add)


# ---- TLS ------------------------------------------------------------------------------------
def tls_record(ctype, body, version=0x0303):
    return struct.pack("!BHH", ctype, version, len(body)) + body


def hs(htype, body):
    return struct.pack("!B", htype) + len(body).to_bytes(3, "big") + body


def ext(etype, body):
    return struct.pack("!HH", etype, len(body)) + body


def client_hello(rng, sni, legacy=False):
    suites = [0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0xC013, 0xC014,
              0x009C, 0x009D, 0x002F, 0x0035, 0x000A]
    exts = ext(0, struct.pack("!HBH", len(sni) + 3, 0, len(sni)) + sni.encode())
    exts += ext(23, b"") + ext(0xFF01, b"\0")
    exts += ext(10, struct.pack("!HHHH", 6, 0x001D, 0x0017, 0x0018))
    exts += ext(11, b"\x01\x00")
    exts += ext(35, b"")
    alpn = b"\x02h2\x08http/1.1"
    exts += ext(16, struct.pack("!H", len(alpn)) + alpn)
    exts += ext(13, struct.pack("!H", 8) + struct.pack("!HHHH", 0x0403, 0x0804, 0x0401, 0x0201))
    if not legacy:
        exts += ext(43, b"\x06\x03\x04\x03\x03\x03\x02")
        exts += ext(51, struct.pack("!HHH", 36, 0x001D, 32) + rng.randbytes(32))
    body = struct.pack("!H", 0x0303) + rng.randbytes(32) + b"\x20" + rng.randbytes(32)
    body += struct.pack("!H", 2 * len(suites)) + b"".join(struct.pack("!H", s) for s in suites) + b"\x01\x00"
    body += struct.pack("!H", len(exts)) + exts
    return tls_record(22, hs(1, body), 0x0301)


def server_flight(rng, version, suite):
    exts = ext(0xFF01, b"\0") + ext(23, b"")
    if version == 0x0303:
        exts += ext(16, struct.pack("!H", 9) + b"\x08http/1.1")
    sh = struct.pack("!H", version) + rng.randbytes(32) + b"\x20" + rng.randbytes(32) + \
        struct.pack("!HB", suite, 0) + struct.pack("!H", len(exts)) + exts
    # An empty certificate_list keeps the flight syntactically valid without a fake X.509.
    msgs = hs(2, sh) + hs(11, b"\0\0\0") + hs(14, b"")
    return tls_record(22, msgs, version)


def client_finish(rng, version, suite):
    if (suite >> 8) == 0xC0 or (suite >> 8) == 0xCC:  # ECDHE: an uncompressed P-256 point
        cke = b"\x41\x04" + rng.randbytes(64)
    else:  # RSA key transport: the encrypted premaster secret
        cke = struct.pack("!H", 128) + rng.randbytes(128)
    return (tls_record(22, hs(16, cke), version) + tls_record(20, b"\x01", version) +
            tls_record(22, rng.randbytes(40), version))


def server_finish(rng, version):
    return tls_record(20, b"\x01", version) + tls_record(22, rng.randbytes(40), version)


def app_data(rng, n, version=0x0303, rec=16384):
    out = b""
    while n > 0:
        k = min(n, rec)
        out += tls_record(23, rng.randbytes(k), version)
        n -= k
    return out


# ---- HTTP bodies ----------------------------------------------------------------------------
def pe_exe(rng, size):
    """A minimal PE image: MZ header, e_lfanew -> "PE\\0\\0", an i386 COFF header, an optional
    header magic 0x10b; the rest random (enough for magic sniffers, not runnable)."""
    b = bytearray(rng.randbytes(max(size, 512)))
    b[0:2] = b"MZ"
    b[2:0x3C] = bytes(0x3A)
    b[0x3C:0x40] = struct.pack("<I", 0x80)
    b[0x40:0x80] = b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21This program cannot be run in DOS mode.\r\r\n$" + bytes(7)
    b[0x80:0x84] = b"PE\0\0"
    b[0x84:0x98] = struct.pack("<HHIIIHH", 0x014C, 3, 0x5F000000, 0, 0, 0xE0, 0x0102)
    b[0x98:0x9A] = struct.pack("<H", 0x010B)
    return bytes(b)


def swf(rng, size):
    return b"CWS" + bytes([10]) + struct.pack("<I", size * 3) + b"\x78\x9c" + rng.randbytes(size - 10)


def js(rng, size):
    line = b"function track(e){var u='https://ads.example-adnet.com/p?id='+e;(new Image()).src=u;}\n"
    return (line * (size // len(line) + 1))[:size]


def html(rng, size):
    head = b"<!DOCTYPE html><html><head><title>News</title><script src=\"/app.js\"></script></head><body>"
    filler = b"<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>\n"
    return (head + filler * (size // len(filler) + 1))[:size - 14] + b"</body></html>"


def png(rng, size):
    def chunk(ctype, data):
        return struct.pack("!I", len(data)) + ctype + data + struct.pack("!I", zlib.crc32(ctype + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack("!IIBBBBB", 64, 64, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", rng.randbytes(max(size - 57, 1))) + chunk(b"IEND", b""))


GIF_1X1 = bytes.fromhex("47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b")


# ---- TCP flows ------------------------------------------------------------------------------
class Flow:
    """One TCP connection between the laptop and a server; times advance with each call.

    Error injection (each at most once, on the server->client data of the flow):
      lost: a server segment is not in the capture (next one: "previous segment not captured",
            the client's dup ACKs follow, then the retransmission);
      ooo: two server segments swapped (out-of-order);
      retrans: a server segment sent twice (retransmission);
      spurious: a server segment re-sent after the client ACKed it (spurious retransmission);
      unseen: a server segment missing but ACKed by the client (ACKed unseen segment);
      zerowin: the client advertises a zero window, then a window update;
      rst: the client ends the flow with RST instead of FIN.
    """

    def __init__(self, cap, rng, t, cport, server, sport, errors=()):
        self.cap, self.rng, self.t = cap, rng, t
        self.c, self.cp, self.s, self.sp = LAPTOP, cport, server, sport
        self.cseq = rng.randrange(1 << 32)
        self.sseq = rng.randrange(1 << 32)
        self.errors = set(errors)
        self.rtt = rng.uniform(0.010, 0.060)

    def tick(self, lo=0.0002, hi=0.002):
        self.t += self.rng.uniform(lo, hi)
        return self.t

    def c2s(self, flags, payload=b"", win=64240, seq=None, opts=b""):
        self.cap.tcp(self.t, LAPTOP_MAC, GW_MAC, self.c, self.cp, self.s, self.sp,
                     self.cseq if seq is None else seq, self.sseq, flags, win, payload, opts)

    def s2c(self, flags, payload=b"", seq=None, ack=None, win=65535, opts=b""):
        self.cap.tcp(self.t, GW_MAC, LAPTOP_MAC, self.s, self.sp, self.c, self.cp,
                     self.sseq if seq is None else seq, self.cseq if ack is None else ack, flags, win, payload, opts)

    def handshake(self):
        self.cap.tcp(self.t, LAPTOP_MAC, GW_MAC, self.c, self.cp, self.s, self.sp, self.cseq, 0, 0x02, 64240,
                     b"", b"\x02\x04\x05\xb4\x01\x03\x03\x08\x01\x01\x04\x02")
        self.cseq += 1
        self.t += self.rtt
        self.sseq_syn = self.sseq
        self.cap.tcp(self.t, GW_MAC, LAPTOP_MAC, self.s, self.sp, self.c, self.cp, self.sseq, self.cseq,
                     0x12, 65535, b"", b"\x02\x04\x05\xb4\x01\x01\x04\x02\x01\x03\x03\x07")
        self.sseq += 1
        self.tick()
        self.c2s(0x10)

    def client_send(self, data):
        self.tick()
        for i in range(0, len(data), MSS):
            chunk = data[i:i + MSS]
            self.c2s(0x18 if i + MSS >= len(data) else 0x10, chunk)
            self.cseq += len(chunk)
            self.tick(0.00005, 0.0002)
        self.t += self.rtt
        self.s2c(0x10)

    def server_send(self, data):
        """Server data in MSS segments, the client ACKing every second one; errors injected here."""
        self.tick(0.001, 0.02)
        segs = []
        seq = self.sseq
        for i in range(0, len(data), MSS):
            segs.append((seq, data[i:i + MSS]))
            seq += len(data[i:i + MSS])
        end = seq
        order = list(range(len(segs)))
        if "ooo" in self.errors and len(segs) >= 4:
            self.errors.discard("ooo")
            order[1], order[2] = order[2], order[1]
        received = set()  # segment indexes the client has (the cumulative ACK follows them)

        def cum_ack():
            i = 0
            while i in received:
                i += 1
            return self.sseq if i == 0 else segs[i - 1][0] + len(segs[i - 1][1])

        def client_ack(ack, win=64240):
            self.cap.tcp(self.t, LAPTOP_MAC, GW_MAC, self.c, self.cp, self.s, self.sp, self.cseq, ack, 0x10, win)

        pending = 0
        last_ack = None
        lost = None
        for k, idx in enumerate(order):
            sq, chunk = segs[idx]
            flags = 0x18 if idx == len(segs) - 1 else 0x10
            if "lost" in self.errors and len(segs) >= 4 and idx == 1:
                self.errors.discard("lost")  # lost before the capture point: the client never gets it
                lost = (idx, sq, chunk, flags)
                self.tick(0.00005, 0.0003)
                continue
            if "unseen" in self.errors and len(segs) >= 4 and idx == 2:
                self.errors.discard("unseen")  # the client gets it, the capture misses it
                received.add(idx)
                self.tick(0.00005, 0.0003)
                continue
            self.s2c(flags, chunk, seq=sq)
            received.add(idx)
            if "retrans" in self.errors and idx == 2:
                self.errors.discard("retrans")
                self.t += 0.2
                self.s2c(flags, chunk, seq=sq)
            self.tick(0.00005, 0.0003)
            if lost is not None:
                # The client keeps ACKing the hole (duplicate ACKs), then the fast retransmit.
                for _ in range(3):
                    last_ack = cum_ack()
                    client_ack(last_ack)
                    self.tick(0.00005, 0.0003)
                if k == len(order) - 1 or k >= 3:
                    self.s2c(lost[3], lost[2], seq=lost[1])
                    received.add(lost[0])
                    self.tick()
                    lost = None
                continue
            pending += 1
            if pending == 2 or k == len(order) - 1:
                pending = 0
                last_ack = cum_ack()
                if "zerowin" in self.errors and len(segs) >= 4 and idx >= 2:
                    self.errors.discard("zerowin")
                    client_ack(last_ack, 0)
                    self.t += 0.15
                client_ack(last_ack)
                self.tick(0.00005, 0.0003)
        if lost is not None:
            self.s2c(lost[3], lost[2], seq=lost[1])
            received.add(lost[0])
            self.tick()
        if cum_ack() != last_ack:
            client_ack(cum_ack())
        self.sseq = end
        self.tick()
        if "spurious" in self.errors and segs:
            self.errors.discard("spurious")
            self.t += 0.3
            sq, chunk = segs[-1]
            self.s2c(0x18, chunk, seq=sq)
            self.tick()
            self.c2s(0x10)

    def close(self):
        self.t += self.rng.uniform(0.5, 5.0)
        if "rst" in self.errors:
            self.c2s(0x14)
            return self.t
        self.c2s(0x11)
        self.cseq += 1
        self.t += self.rtt
        self.s2c(0x11)
        self.sseq += 1
        self.tick()
        self.c2s(0x10)
        return self.t


# ---- the plan -------------------------------------------------------------------------------
class Demo:
    def __init__(self, seed, scale):
        self.rng = random.Random(seed)
        self.seed, self.scale = seed, scale
        self.cap = Capture()
        self.ips = {}
        self.port = 49152
        self.txid = 0x1000
        self.findings = []  # (kind, key, value, why)
        self.sessions = 0

    def find(self, kind, key, value, why):
        if (kind, key, value) not in [(f[0], f[1], f[2]) for f in self.findings]:
            self.findings.append((kind, key, value, why))

    def ip_of(self, name):
        if name not in self.ips:
            h = hashlib.sha256(name.encode()).digest()
            self.ips[name] = "%d.%d.%d.%d" % (23 + h[0] % 150, h[1], h[2], 1 + h[3] % 250)
        return self.ips[name]

    def cport(self):
        self.port = 49152 + (self.port - 49152 + 1 + self.rng.randrange(7)) % 16000
        return self.port

    def dns(self, t, name, chain=(), rtype=1):
        """A lookup of `name` answered with its CNAME chain and an A record; returns the address."""
        self.txid += 1
        sport = self.cport()
        q = [(name, rtype, 1)]
        self.cap.udp(t, LAPTOP_MAC, GW_MAC, LAPTOP, sport, GW, 53, dns_msg(self.txid, 0x0100, q))
        ans, owner = [], name
        for target in chain:
            ans.append(dns_rr(owner, 5, dns_name(target)))
            owner = target
        addr = self.ip_of(name)
        ans.append(dns_rr(owner, 1, ip4(addr), ttl=60))
        self.cap.udp(t + self.rng.uniform(0.005, 0.03), GW_MAC, LAPTOP_MAC, GW, 53, LAPTOP, sport,
                     dns_msg(self.txid, 0x8180, q, ans))
        self.sessions += 1
        return addr

    def ptr(self, t, addr, answer):
        self.txid += 1
        sport = self.cport()
        rev = ".".join(reversed(addr.split("."))) + ".in-addr.arpa"
        q = [(rev, 12, 1)]
        self.cap.udp(t, LAPTOP_MAC, GW_MAC, LAPTOP, sport, GW, 53, dns_msg(self.txid, 0x0100, q))
        self.cap.udp(t + 0.012, GW_MAC, LAPTOP_MAC, GW, 53, LAPTOP, sport,
                     dns_msg(self.txid, 0x8180, q, [dns_rr(rev, 12, dns_name(answer), ttl=86400)]))
        self.sessions += 1

    # -- HTTP --
    def http_session(self, t, host, objects, addr=None, errors=(), chain=()):
        """objects: [(path, content-type, body)]; one keep-alive connection."""
        if addr is None:
            addr = self.dns(t, host, chain)
            t += 0.04
        f = Flow(self.cap, self.rng, t, self.cport(), addr, 80, errors)
        self.sessions += 1
        f.handshake()
        for path, ctype, body in objects:
            req = (b"GET " + path.encode() + b" HTTP/1.1\r\nHost: " + host.encode() + b"\r\nUser-Agent: " + UA +
                   b"\r\nAccept: */*\r\nAccept-Encoding: identity\r\nConnection: keep-alive\r\n\r\n")
            f.client_send(req)
            resp = (b"HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: " + ctype.encode() +
                    b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\nConnection: keep-alive\r\n\r\n" + body)
            f.server_send(resp)
            f.t += self.rng.uniform(0.05, 0.5)
        return f.close()

    # -- TLS --
    def tls_session(self, t, host, version=0x0303, suite=0xC02F, sizes=(6000,), errors=(), chain=(), addr=None):
        if addr is None:
            addr = self.dns(t, host, chain)
            t += 0.04
        f = Flow(self.cap, self.rng, t, self.cport(), addr, 443, errors)
        self.sessions += 1
        f.handshake()
        f.client_send(client_hello(self.rng, host, legacy=version < 0x0303))
        f.server_send(server_flight(self.rng, version, suite))
        f.client_send(client_finish(self.rng, version, suite))
        f.server_send(server_finish(self.rng, version))
        for n in sizes:
            f.client_send(app_data(self.rng, self.rng.randrange(300, 700), version))
            f.server_send(app_data(self.rng, n, version))
            f.t += self.rng.uniform(0.05, 1.0)
        return f.close()

    def midstream_tls(self, t, host, n=9000):
        """A TLS flow already running when the capture started: a record tail, then whole records."""
        addr = self.ip_of(host)
        f = Flow(self.cap, self.rng, t, self.cport(), addr, 443)
        self.sessions += 1
        f.server_send(self.rng.randbytes(700) + app_data(self.rng, n))
        f.client_send(app_data(self.rng, 400))
        f.server_send(app_data(self.rng, n // 2))
        return f.close()

    def midstream_http(self, t, host, n=6000):
        """An HTTP response body in flight at capture start, then one more request on the connection."""
        addr = self.ip_of(host)
        f = Flow(self.cap, self.rng, t, self.cport(), addr, 80)
        self.sessions += 1
        f.server_send(html(self.rng, n))
        req = (b"GET /next.html HTTP/1.1\r\nHost: " + host.encode() + b"\r\nUser-Agent: " + UA + b"\r\n\r\n")
        f.client_send(req)
        body = html(self.rng, 3000)
        f.server_send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + str(len(body)).encode() +
                      b"\r\n\r\n" + body)
        return f.close()

    # -- UDP specials --
    def quic(self, t, pkts, server, sport):
        cport = self.cport()
        self.sessions += 1
        for i, (from_client, payload) in enumerate(pkts):
            tt = t + 0.03 * i
            if from_client:
                self.cap.udp(tt, LAPTOP_MAC, GW_MAC, LAPTOP, cport, server, sport, payload)
            else:
                self.cap.udp(tt, GW_MAC, LAPTOP_MAC, server, sport, LAPTOP, cport, payload)

    def spotudp(self, t):
        inst = bytes.fromhex("5a1b2c3d4e5f6071")
        digest = hashlib.sha1(b"huntpack demo spotify").digest()
        msg = b"SpotUdp0" + inst + b"\x00\x01\x00\x04" + bytes.fromhex("4895c203") + digest
        self.cap.udp(t, LAPTOP_MAC, BCAST_MAC, LAPTOP, 57621, "255.255.255.255", 57621, msg)
        self.cap.udp(t + 0.0005, LAPTOP_MAC, BCAST_MAC, LAPTOP, 57621, "192.168.1.255", 57621, msg)

    def spot_peer(self, t):
        digest = hashlib.sha1(b"huntpack demo spotify peer").digest()
        msg = b"SpotUdp0" + bytes.fromhex("0a0b0c0d0e0f1011") + b"\x00\x01\x00\x00" + digest
        self.cap.udp(t, SPOT_PEER_MAC, BCAST_MAC, SPOT_PEER, 57621, "192.168.1.255", 57621, msg)

    def mdns(self, t, mac, src, answers):
        self.cap.udp(t, mac, bytes.fromhex("01005e0000fb"), src, 5353, "224.0.0.251", 5353,
                     dns_msg(0, 0x8400, [], answers), ttl=255)

    def announcements(self, t):
        p_inst = "HP LaserJet M404dn._ipp._tcp.local"
        self.mdns(t, PRINTER_MAC, PRINTER, [
            dns_rr("_ipp._tcp.local", 12, dns_name(p_inst), 4500),
            dns_rr(p_inst, 33, struct.pack("!HHH", 0, 0, 631) + dns_name("HPLJM404.local"), 120, 0x8001),
            dns_rr(p_inst, 16, b"\x09txtvers=1\x13ty=HP LaserJet M404", 4500, 0x8001),
            dns_rr("HPLJM404.local", 1, ip4(PRINTER), 120, 0x8001)])
        self.mdns(t + 1.3, PHONE_MAC, PHONE, [
            dns_rr("Annas-iPhone.local", 1, ip4(PHONE), 120, 0x8001),
            dns_rr("_companion-link._tcp.local", 12, dns_name("Annas iPhone._companion-link._tcp.local"), 4500)])
        tv_inst = "Living Room TV._googlecast._tcp.local"
        self.mdns(t + 2.1, TV_MAC, TV, [
            dns_rr("_googlecast._tcp.local", 12, dns_name(tv_inst), 120),
            dns_rr(tv_inst, 16, b"\x0dmd=Chromecast\x0efn=Living Room", 4500, 0x8001)])
        notify = ("NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=1800\r\n"
                  "LOCATION: http://192.168.1.42:7676/rcr/\r\nNT: urn:schemas-upnp-org:device:MediaRenderer:1\r\n"
                  "NTS: ssdp:alive\r\nSERVER: SHP, UPnP/1.0, Samsung UPnP SDK/1.0\r\n"
                  "USN: uuid:0ee6b280-00fb-1000-8ad4-8c79f5420403::urn:schemas-upnp-org:device:MediaRenderer:1\r\n\r\n")
        self.cap.udp(t + 2.5, TV_MAC, bytes.fromhex("01005e7ffffa"), TV, 1900, "239.255.255.250", 1900,
                     notify.encode(), ttl=4)
        # NBNS name registration (broadcast) and an LLMNR query from a coworker's PC.
        nb = b"\x20" + b"".join(bytes([0x41 + (c >> 4), 0x41 + (c & 15)]) for c in b"DESKTOP-4F2K9  \x00") + b"\x00"
        nbns = struct.pack("!HHHHHH", 0x8001, 0x2910, 1, 0, 0, 1) + nb + struct.pack("!HH", 0x20, 1) + \
            b"\xc0\x0c" + struct.pack("!HHIHH", 0x20, 1, 300000, 6, 0) + ip4(COWORKER)
        self.cap.udp(t + 3.0, COWORKER_MAC, BCAST_MAC, COWORKER, 137, "192.168.1.255", 137, nbns)
        self.cap.udp(t + 3.2, COWORKER_MAC, bytes.fromhex("01005e0000fc"), COWORKER, 51432, "224.0.0.252", 5355,
                     dns_msg(0x3c2a, 0, [("wpad", 1, 1)]), ttl=1)
        # DHCP request from the phone with its host name (option 12) and vendor class (60).
        opts = b"\x35\x01\x03" + b"\x0c\x0cAnnas-iPhone" + b"\x3c\x0dandroid-dhcp-" + b"\x32\x04" + ip4(PHONE) + \
            b"\x37\x04\x01\x03\x06\x0f\xff"
        bootp = struct.pack("!BBBBIHH4s4s4s4s", 1, 1, 6, 0, 0x2b5e77a1, 0, 0x8000, b"\0" * 4, b"\0" * 4,
                            b"\0" * 4, b"\0" * 4) + PHONE_MAC + b"\0" * 10 + b"\0" * 192 + b"\x63\x82\x53\x63" + opts
        self.cap.udp(t + 4.0, PHONE_MAC, BCAST_MAC, "0.0.0.0", 68, "255.255.255.255", 67, bootp)

    def ssdp_msearch(self, t):
        m = ("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\n"
             "ST: urn:dial-multiscreen-org:service:dial:1\r\nUSER-AGENT: Google Chrome/86.0.4240.75 Windows\r\n\r\n")
        self.cap.udp(t, LAPTOP_MAC, bytes.fromhex("01005e7ffffa"), LAPTOP, self.cport(), "239.255.255.250", 1900,
                     m.encode(), ttl=1)
        self.sessions += 1

    # -- the whole capture --
    def build(self):
        rng = self.rng
        big = self.scale == "large"
        n_background = 520 if big else 90
        body_scale = 5 if big else 1

        # Specials, at fixed fractions of the ten minutes.
        self.announcements(2.0)
        self.announcements(302.0)
        for k in range(0, 600, 30 if big else 120):
            self.spotudp(5.0 + k)
        self.spot_peer(6.2)
        self.find("field", "spotudp.instance_id", "5a1b2c3d4e5f6071", "laptop SpotUdp0 broadcasts")
        self.find("trait", LAPTOP, "p2p-discovery", "SpotUdp0 broadcasts from the laptop")
        self.find("trait", SPOT_PEER, "p2p-discovery", "SpotUdp0 reply from a LAN peer")
        for host, what in ((PRINTER, "printer mDNS _ipp"), (PHONE, "phone mDNS"), (TV, "TV SSDP NOTIFY/mDNS"),
                           (COWORKER, "NBNS/LLMNR")):
            self.find("trait", host, "multicast-exposure", what)

        # Mid-stream flows at the very start.
        self.midstream_tls(0.01, "www.google.com")
        self.midstream_http(0.02, "news.example-times.com")
        self.find("field", "tcplabel.kind", "midstream", "flows already running at capture start")

        # contoso.com: www and cdn negotiate TLS 1.2 first, login negotiates TLS 1.0.
        self.tls_session(20.0, "www.contoso.com", sizes=(9000,))
        self.tls_session(24.0, "cdn.contoso.com", sizes=(4000,))
        self.tls_session(30.0, "login.contoso.com", version=0x0301, suite=0xC013, sizes=(5000,))
        self.find("trait", "login.contoso.com", "tls-deprecated", "ServerHello TLS 1.0; www/cdn.contoso.com TLS 1.2")
        # Weak cipher suite on one server.
        self.tls_session(40.0, "legacy-shop.example.net", suite=0x000A, sizes=(3000,))
        self.find("trait", "legacy-shop.example.net", "tls-weak-cipher", "TLS_RSA_WITH_3DES_EDE_CBC_SHA")

        # CDN lookups and content.
        self.tls_session(50.0, "www.bbc.co.uk", chain=["www.bbc.co.uk.edgekey.net", "e3891.dscx.akamaiedge.net"])
        self.find("trait", "e3891.dscx.akamaiedge.net", "cdn-content", "CNAME to Akamai")
        self.http_session(55.0, "images.example-times.com", [("/logo.png", "image/png", png(rng, 5000))],
                          chain=["d1a2b3c4d5e6f7.cloudfront.net"])
        self.find("trait", "d1a2b3c4d5e6f7.cloudfront.net", "cdn-content", "CNAME to CloudFront")
        self.http_session(60.0, "static.newsportal-example.com",
                          [("/lib/jquery.min.js", "application/javascript", js(rng, 7000))],
                          chain=["e7.stackfast-cdn.net"])
        self.find("trait", "e7.stackfast-cdn.net", "cdn-content", "obscure edge-like CNAME target")
        self.find("trait", "static.newsportal-example.com", "active-content", "JavaScript")

        # PTR lookups answered with 1e100.net names.
        for i, addr in enumerate(["142.250.64.78", "172.217.10.110", "142.250.80.46"]):
            self.ptr(70.0 + i * 0.3, addr, "lga%02ds%02d-in-f%d.1e100.net" % (25 + i, 30 + i, 14 + i))
        self.find("trait", "lga25s30-in-f14.1e100.net", "dns-random-name", "1e100.net PTR (benign, Google)")

        # Active content and binaries.
        self.http_session(80.0, "media.example-games.com",
                          [("/player/game.swf", "application/x-shockwave-flash", swf(rng, 12000))])
        self.find("trait", "media.example-games.com", "active-content", "Flash SWF (CWS)")
        self.http_session(90.0, "download.example-tools.com",
                          [("/files/setup.exe", "application/x-msdownload", pe_exe(rng, 20000)),
                           ("/files/data.bin", "application/octet-stream", rng.randbytes(8000))])
        self.find("trait", "download.example-tools.com", "binary-download", "MZ/PE executable and octet-stream")
        self.http_session(100.0, "cdn.imgshare-example.com",
                          [("/img/cat.png", "image/png", pe_exe(rng, 15000))])
        self.find("trait", "cdn.imgshare-example.com", "binary-download", "MZ/PE served as image/png")

        # IP literal Host and the SSDP M-SEARCH.
        self.http_session(110.0, "93.184.216.34", [("/index.html", "text/html", html(rng, 2500))],
                          addr="93.184.216.34")
        self.find("trait", "93.184.216.34", "http-ip-host", "Host: 93.184.216.34")
        self.ssdp_msearch(115.0)
        self.find("trait", "239.255.255.250", "http-ip-host", "SSDP M-SEARCH Host 239.255.255.250:1900 (multicast)")

        # QUIC and gQUIC from Chrome, re-addressed.
        t51, v1, q46 = load_quic()
        self.quic(120.0, [(True, t51[0]), (False, t51[1])], "142.250.64.100", 443)
        self.find("field", "quicfp.ua", "dev Chrome/86.0.4240.9 Windows NT 6.1; Win64; x64", "T051 Initial with UA")
        self.find("trait", LAPTOP, "quic-client-exposure", "google_user_agent transport parameter")
        self.quic(125.0, [(True, v1)], "142.251.163.147", 443)
        self.find("field", "quicfp.sni", "www.google.com", "QUIC v1 Initial without UA")
        self.find("field", "quicfp.version", "0x00000001", "QUIC v1")
        self.quic(130.0, [(True, q46)], "172.217.12.131", 443)
        self.find("field", "quicfp.kind", "gquic", "Q046 CHLO")
        self.find("field", "quicfp.sni", "play.google.com", "Q046 CHLO SNI")

        # TCP errors, each in its own flow.
        errs = [("lost", "lost-segment"), ("lost", "dup-ack"), ("ooo", "out-of-order"), ("retrans", "retransmission"),
                ("spurious", "spurious-retransmission"), ("unseen", "ack-unseen"), ("zerowin", "zero-window")]
        for i, (e, kind) in enumerate(errs):
            self.tls_session(140.0 + 5 * i, "video%d.example-stream.com" % i, sizes=(12000,), errors=(e,))
            self.find("field", "tcplabel.kind", kind, "injected %s" % e)
        self.http_session(180.0, "tracker.example-adnet.com", [("/pixel.gif", "image/gif", GIF_1X1)],
                          errors=("rst",))
        self.find("trait", LAPTOP, "tcp-errors", "retransmissions, dup ACKs, zero window, RST")
        self.find("field", "tcplabel.app", "tls", "TLS sessions")
        self.find("field", "tcplabel.app", "http", "HTTP sessions")
        self.find("trait", "news.example-times.com", "cleartext-http", "HTTP browsing")

        # Background browsing over the ten minutes.
        kinds = [("text/html", html), ("application/javascript", js), ("image/png", png)]
        for i in range(n_background):
            t = 190.0 + rng.uniform(0, DURATION - 200.0)
            name, kind, chain = BACKGROUND[rng.randrange(len(BACKGROUND))]
            if kind == "both":
                kind = rng.choice(["tls", "http"])
            if kind == "tls":
                self.tls_session(t, name, chain=chain,
                                 sizes=[rng.randrange(800, 9000 * body_scale) for _ in range(rng.randrange(1, 4))])
            else:
                objs = []
                for _ in range(rng.randrange(1, 4)):
                    ctype, fn = kinds[rng.randrange(len(kinds))]
                    objs.append(("/%s/%d" % (ctype.split("/")[1], rng.randrange(10000)), ctype,
                                 fn(rng, rng.randrange(600, 6000 * body_scale))))
                self.http_session(t, name, objs, chain=chain)
        return self

    def write(self, out, plan):
        self.cap.write_pcapng(out, "huntpack demo: gen_demo.py --seed %d --scale %s" % (self.seed, self.scale))
        if plan:
            with open(plan, "w") as f:
                f.write("# Expected findings of captures/demo.pcapng, written by captures/gen_demo.py from its own\n"
                        "# plan (what it put in the capture), not from huntpack's output.\n"
                        "# Columns: kind <TAB> key <TAB> value <TAB> why\n"
                        "#   trait: huntpack raises soctrait.id == value with soctrait.host == key on some frame\n"
                        "#   field: some frame carries the field named key with exactly this value\n")
                for k, key, val, why in self.findings:
                    f.write("%s\t%s\t%s\t%s\n" % (k, key, val, why))


def load_quic():
    """Real client bytes: T051 Initial (with UA) and the server's reply, v1 Initial, Q046 CHLO."""
    from scapy.all import UDP, rdpcap  # only here: the rest of the generator needs no scapy
    def payloads(rel):
        return [bytes(p[UDP].payload) for p in rdpcap(os.path.join(SHARED, rel)) if UDP in p]
    t51 = payloads("ndpi/quic_t51.pcap")[:2]
    v1 = payloads("ja4/quic-tls-handshake.pcapng")[0]
    q46 = payloads("ndpi/quic_q46.pcap")[0]
    return t51, v1, q46


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scale", choices=["small", "large"], default="small")
    ap.add_argument("-o", "--output", default=None)
    ap.add_argument("--plan", default=None, help="write the expected findings here")
    a = ap.parse_args()
    out = a.output or os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo.pcapng" if a.scale == "small"
                                   else os.path.join("..", "bench", "out", "demo-large.pcapng"))
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    d = Demo(a.seed, a.scale).build()
    d.write(out, a.plan)
    print("%s: %d frames, %d sessions (planned)" % (out, len(d.cap.frames), d.sessions), file=sys.stderr)


if __name__ == "__main__":
    main()
