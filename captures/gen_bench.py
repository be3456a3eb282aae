#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""gen_bench.py: a large, realistic browsing capture for huntpack's benchmark (bench/run.sh).

Reproducible from --seed (same seed and frame count: byte-identical pcap). Written with struct
directly (scapy would take far too long for a million frames). Ethernet/IPv4, classic pcap,
microsecond timestamps. TCP/UDP checksums are left 0 (Wireshark does not check them by default);
IPv4 header checksums are correct.

Mix (per browsing "visit", flows interleaved in time):
  - DNS A query/answer for every host contacted, some PTR lookups answered with *.1e100.net;
  - TLS on 443: SYN/SYN-ACK/ACK, ClientHello with SNI/ALPN/supported_versions/key_share,
    ServerHello+CCS+encrypted handshake over several segments, client Finished, application data
    records spanning segments (Wireshark reassembles them), delayed ACKs, FIN teardown;
  - HTTP on 80: keep-alive requests, responses whose bodies span several segments (text/html,
    application/javascript, application/octet-stream with an MZ header, image/png), FIN;
  - QUIC v1: the RFC 9001 Appendix A.2 client Initial (decryptable: keys depend only on the DCID)
    from fresh client ports/addresses, then short-header packets both ways;
  - mDNS (224.0.0.251:5353) and SSDP (239.255.255.250:1900) multicast, a few SpotUdp0 broadcasts.
"""
import argparse
import heapq
import random
import re
import struct
import sys
import zlib

def _rfc9001_client_initial():
    """RFC 9001 A.2's protected client Initial, read from the one copy the C++ tests and
    benchmarks use (tests/unit/rfc9001_vectors.h), so the generator cannot drift from it."""
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    text = open(os.path.join(here, "..", "tests", "unit", "rfc9001_vectors.h")).read()
    body = text.split("kRfc9001ClientInitial[] =", 1)[1].split(";", 1)[0]
    return bytes.fromhex("".join(re.findall(r'"([0-9a-f]*)"', body)))


RFC9001_CLIENT_INITIAL = _rfc9001_client_initial()
assert len(RFC9001_CLIENT_INITIAL) == 1200

MSS = 1448
GW_MAC = bytes.fromhex("001122334455")
HOSTS = ["www.google.com", "fonts.gstatic.com", "www.youtube.com", "i.ytimg.com", "www.wikipedia.org",
         "upload.wikimedia.org", "github.com", "avatars.githubusercontent.com", "cdn.jsdelivr.net",
         "www.bbc.co.uk", "static.files.bbci.co.uk", "news.ycombinator.com", "www.reddit.com",
         "i.redd.it", "www.amazon.com", "m.media-amazon.com", "login.microsoftonline.com",
         "www.office.com", "apis.google.com", "play.google.com", "accounts.google.com",
         "ajax.googleapis.com", "connect.facebook.net", "www.nytimes.com", "static01.nyt.com",
         "cdn.cookielaw.org", "www.googletagmanager.com", "stats.g.doubleclick.net",
         "example.com", "download.example.org", "update.vendor-cdn.net", "x7kq2mz9vpl3.info"]
HTTP_HOSTS = ["example.com", "neverssl.com", "download.example.org", "update.vendor-cdn.net",
              "ocsp.digicert.com", "crl.pki.goog", "detectportal.firefox.com", "10.0.0.5"]
UAS = [b"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
       b"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
       b"curl/7.88.1"]


def ip_csum(h):
    s = sum(struct.unpack("!10H", h))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return (~s) & 0xFFFF


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.pool = bytes(self.r.getrandbits(8) for _ in range(1 << 17))
        self.ipid = 0
        self.clients = [(bytes([192, 168, 1, 10 + i]), bytes([0x02, 0, 0, 0, 1, 10 + i])) for i in range(24)]
        self.servers = {h: bytes([self.r.choice([142, 151, 104, 185, 13, 20, 31, 52]), self.r.randrange(256),
                                  self.r.randrange(256), self.r.randrange(1, 255)]) for h in HOSTS + HTTP_HOSTS}
        self.servers["10.0.0.5"] = bytes([10, 0, 0, 5])
        self.port = 30000

    def rnd(self, n):
        if n <= 0:
            return b""
        out = []
        while n > 0:
            off = self.r.randrange(len(self.pool) - 1)
            k = min(n, len(self.pool) - off)
            out.append(self.pool[off:off + k])
            n -= k
        return b"".join(out)

    def eport(self):
        self.port = 30000 + (self.port - 29999) % 30000
        return self.port

    # --- layers ------------------------------------------------------------------------------
    def eth_ip(self, smac, dmac, src, dst, proto, l4, ttl=64):
        self.ipid = (self.ipid + 1) & 0xFFFF
        h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), self.ipid, 0x4000, ttl, proto, 0, src, dst)
        h = h[:10] + struct.pack("!H", ip_csum(h)) + h[12:]
        return dmac + smac + b"\x08\x00" + h + l4

    def udp(self, smac, dmac, src, dst, sp, dp, payload, ttl=64):
        return self.eth_ip(smac, dmac, src, dst, 17, struct.pack("!HHHH", sp, dp, 8 + len(payload), 0) + payload, ttl)


class TcpFlow:
    """Both directions of one TCP connection; emits (ts, frame) into out."""

    def __init__(self, g, out, t, cli, srv_ip, dport, ttl_s):
        self.g, self.out, self.t = g, out, t
        self.cip, self.cmac = cli
        self.sip, self.dport, self.sport = srv_ip, dport, g.eport()
        self.cseq, self.sseq = g.r.getrandbits(32), g.r.getrandbits(32)
        self.ttl_s = ttl_s
        self.rtt = g.r.uniform(0.005, 0.08)

    def seg(self, from_client, flags, payload=b"", dt=0.0002):
        g = self.g
        self.t += dt
        if from_client:
            seq, ack = self.cseq, self.sseq
        else:
            seq, ack = self.sseq, self.cseq
        win = 502 if from_client else 1040
        tcp = struct.pack("!HHIIBBHHH", self.sport if from_client else self.dport, self.dport if from_client else self.sport,
                          seq, ack if flags & 0x10 else 0, 0x50, flags, win, 0, 0) + payload
        n = len(payload) + (1 if flags & 0x03 else 0)
        if from_client:
            self.cseq = (self.cseq + n) & 0xFFFFFFFF
            fr = g.eth_ip(self.cmac, GW_MAC, self.cip, self.sip, 6, tcp, 64)
        else:
            self.sseq = (self.sseq + n) & 0xFFFFFFFF
            fr = g.eth_ip(GW_MAC, self.cmac, self.sip, self.cip, 6, tcp, self.ttl_s)
        self.out.append((self.t, fr))

    def handshake(self):
        self.seg(True, 0x02, dt=0)
        self.seg(False, 0x12, dt=self.rtt)
        self.seg(True, 0x10, dt=0.0001)

    def send(self, from_client, data, ack_every=2):
        """Data in MSS segments (PSH on the last), the receiver ACKs every ack_every segments."""
        n = 0
        for off in range(0, len(data), MSS):
            chunk = data[off:off + MSS]
            last = off + MSS >= len(data)
            self.seg(from_client, 0x18 if last else 0x10, chunk, dt=0.00012)
            n += 1
            if n % ack_every == 0 or last:
                self.seg(not from_client, 0x10, dt=0.00005)
        self.t += self.rtt / 2

    def close(self):
        self.seg(True, 0x11, dt=0.01)
        self.seg(False, 0x11, dt=self.rtt)
        self.seg(True, 0x10, dt=0.0001)


def tls_record(ctype, body):
    return struct.pack("!BHH", ctype, 0x0303, len(body)) + body


def client_hello(g, sni):
    ext = b""
    name = sni.encode()
    sn = struct.pack("!BH", 0, len(name)) + name
    ext += struct.pack("!HHH", 0, len(sn) + 2, len(sn)) + sn
    ext += struct.pack("!HH", 0x0017, 0) + struct.pack("!HHB", 0xff01, 1, 0)
    groups = struct.pack("!4H", 0x001d, 0x0017, 0x0018, 0x0019)
    ext += struct.pack("!HHH", 0x000a, len(groups) + 2, len(groups)) + groups
    ext += struct.pack("!HHBB", 0x000b, 2, 1, 0)
    ext += struct.pack("!HH", 0x0023, 0)
    alpn = b"\x02h2\x08http/1.1"
    ext += struct.pack("!HHH", 0x0010, len(alpn) + 2, len(alpn)) + alpn
    ext += struct.pack("!HHB", 0x0005, 5, 1) + b"\0\0\0\0"
    ks = struct.pack("!HH", 0x001d, 32) + g.rnd(32)
    ext += struct.pack("!HHH", 0x0033, len(ks) + 2, len(ks)) + ks
    sv = struct.pack("!3H", 0x0304, 0x0303, 0x0302)
    ext += struct.pack("!HHB", 0x002b, len(sv) + 1, len(sv)) + sv
    sig = struct.pack("!8H", 0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501)
    ext += struct.pack("!HHH", 0x000d, len(sig) + 2, len(sig)) + sig
    ext += struct.pack("!HHBB", 0x002d, 2, 1, 1)
    pad = 512 - 4 - (2 + 32 + 33 + 2 + 34 + 2 + 2 + len(ext)) - 4
    if pad > 0:
        ext += struct.pack("!HH", 0x0015, pad) + b"\0" * pad
    ciphers = struct.pack("!17H", 0x1301, 0x1303, 0x1302, 0xc02b, 0xc02f, 0xcca9, 0xcca8, 0xc02c, 0xc030,
                          0xc00a, 0xc009, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035)
    body = struct.pack("!H", 0x0303) + g.rnd(32) + b"\x20" + g.rnd(32) + struct.pack("!H", len(ciphers)) + ciphers \
        + b"\x01\x00" + struct.pack("!H", len(ext)) + ext
    return tls_record(22, b"\x01" + struct.pack("!I", len(body))[1:] + body)


def server_hello(g):
    ext = struct.pack("!HHH", 0x002b, 2, 0x0304) + struct.pack("!HHHH", 0x0033, 36, 0x001d, 32) + g.rnd(32)
    body = struct.pack("!H", 0x0303) + g.rnd(32) + b"\x20" + g.rnd(32) + struct.pack("!HB", 0x1301, 0) \
        + struct.pack("!H", len(ext)) + ext
    return tls_record(22, b"\x02" + struct.pack("!I", len(body))[1:] + body)


def tls_flow(g, out, t, cli, host):
    f = TcpFlow(g, out, t, cli, g.servers[host], 443, g.r.choice([52, 56, 57, 118, 121]))
    f.handshake()
    f.seg(True, 0x18, client_hello(g, host), dt=0.0002)
    f.seg(False, 0x10, dt=f.rtt)
    # ServerHello + CCS + encrypted extensions/certificate/verify/finished (3-5 KiB: several segments)
    srv = server_hello(g) + tls_record(20, b"\x01") + tls_record(23, g.rnd(g.r.randint(2500, 5000)))
    f.send(False, srv)
    f.send(True, tls_record(20, b"\x01") + tls_record(23, g.rnd(53)))
    for _ in range(g.r.randint(1, 4)):  # request/response exchanges
        f.send(True, tls_record(23, g.rnd(g.r.randint(80, 700))))
        size = int(g.r.paretovariate(1.2) * 3000)
        size = min(size, 200000)
        data = b"".join(tls_record(23, g.rnd(min(16401, size - o))) for o in range(0, size, 16401))
        f.send(False, data)
    f.send(True, tls_record(21, g.rnd(26)))
    f.close()


JS = b"(function(){var a=document.querySelectorAll('a');for(var i=0;i<a.length;i++){a[i].rel='noopener';}})();\n"
HTML = b"<!DOCTYPE html><html><head><title>Example</title><script src=\"/app.js\"></script></head><body><p>Hello</p></body></html>\n"


def png_chunk(ctype, data):
    return struct.pack("!I", len(data)) + ctype + data + struct.pack("!I", zlib.crc32(ctype + data))


def http_flow(g, out, t, cli, host):
    f = TcpFlow(g, out, t, cli, g.servers[host], 80, g.r.choice([52, 56, 118]))
    f.handshake()
    ua = g.r.choice(UAS)
    for _ in range(g.r.randint(1, 3)):
        kind = g.r.random()
        if kind < 0.45:
            path, ctype, body = b"/index.html", b"text/html; charset=utf-8", (HTML * 40)[:g.r.randint(600, 9000)]
        elif kind < 0.8:
            path, ctype, body = b"/static/app.js", b"application/javascript", (JS * 200)[:g.r.randint(2000, 18000)]
        elif kind < 0.93:
            idat = g.rnd(g.r.randint(1000, 12000))
            body = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack("!IIBBBBB", 64, 64, 8, 6, 0, 0, 0)) + \
                png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")
            path, ctype = b"/img/logo.png", b"image/png"
        else:
            path, ctype = b"/files/setup.exe", b"application/octet-stream"
            body = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + g.rnd(g.r.randint(20000, 60000))
        req = b"GET " + path + b" HTTP/1.1\r\nHost: " + host.encode() + b"\r\nUser-Agent: " + ua + \
            b"\r\nAccept: */*\r\nAccept-Encoding: identity\r\nConnection: keep-alive\r\n\r\n"
        f.send(True, req)
        resp = b"HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: " + ctype + b"\r\nContent-Length: " + \
            str(len(body)).encode() + b"\r\nCache-Control: max-age=3600\r\n\r\n" + body
        f.send(False, resp)
    f.close()


def dns_name(name):
    return b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"


def dns_pair(g, out, t, cli, qname, qtype, answer):
    cip, cmac = cli
    resolver = bytes([192, 168, 1, 1])
    txid = g.r.getrandbits(16)
    sp = g.eport()
    q = struct.pack("!HHHHHH", txid, 0x0100, 1, 0, 0, 0) + dns_name(qname) + struct.pack("!HH", qtype, 1)
    out.append((t, g.udp(cmac, GW_MAC, cip, resolver, sp, 53, q)))
    if qtype == 1:
        rdata = answer
    else:
        rdata = dns_name(answer)
    a = struct.pack("!HHHHHH", txid, 0x8180, 1, 1, 0, 0) + dns_name(qname) + struct.pack("!HH", qtype, 1) + \
        struct.pack("!HHHIH", 0xc00c, qtype, 1, 300, len(rdata)) + rdata
    out.append((t + g.r.uniform(0.002, 0.03), g.udp(GW_MAC, cmac, resolver, cip, 53, sp, a)))


def quic_flow(g, out, t, cli):
    cip, cmac = cli
    sip = bytes([142, 250, g.r.randrange(256), g.r.randrange(1, 255)])
    sp = g.eport()
    out.append((t, g.udp(cmac, GW_MAC, cip, sip, sp, 443, RFC9001_CLIENT_INITIAL)))
    for i in range(g.r.randint(4, 16)):
        t += g.r.uniform(0.0005, 0.02)
        if i % 3 == 2:
            p = bytes([0x40 | g.r.randrange(0x3f)]) + g.rnd(g.r.randint(30, 60))
            out.append((t, g.udp(cmac, GW_MAC, cip, sip, sp, 443, p)))
        else:
            p = bytes([0x40 | g.r.randrange(0x3f)]) + g.rnd(g.r.randint(200, 1250))
            out.append((t, g.udp(GW_MAC, cmac, sip, cip, 443, sp, p, 57)))


def multicast(g, out, t, cli):
    cip, cmac = cli
    k = g.r.random()
    if k < 0.5:
        q = struct.pack("!HHHHHH", 0, 0, 2, 0, 0, 0) + dns_name("_googlecast._tcp.local") + struct.pack("!HH", 12, 1) + \
            dns_name("_spotify-connect._tcp.local") + struct.pack("!HH", 12, 1)
        out.append((t, g.eth_ip(cmac, bytes.fromhex("01005e0000fb"), cip, bytes([224, 0, 0, 251]), 17,
                                struct.pack("!HHHH", 5353, 5353, 8 + len(q), 0) + q, 255)))
    elif k < 0.9:
        p = b"M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\n" \
            b"ST: urn:dial-multiscreen-org:service:dial:1\r\nUSER-AGENT: Google Chrome/126.0 Linux\r\n\r\n"
        out.append((t, g.eth_ip(cmac, bytes.fromhex("01005e7ffffa"), cip, bytes([239, 255, 255, 250]), 17,
                                struct.pack("!HHHH", g.eport(), 1900, 8 + len(p), 0) + p, 1)))
    else:
        p = b"SpotUdp0" + cmac + b"\0\0" + struct.pack("!HH", 1, 0) + g.rnd(20)
        out.append((t, g.eth_ip(cmac, b"\xff" * 6, cip, bytes([255, 255, 255, 255]), 17,
                                struct.pack("!HHHH", 57621, 57621, 8 + len(p), 0) + p, 64)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--frames", type=int, default=1000000)
    ap.add_argument("-o", "--out", required=True)
    a = ap.parse_args()
    g = Gen(a.seed)
    r = g.r
    heap, seq, written = [], 0, 0
    t = 1700000000.0
    with open(a.out, "wb", buffering=1 << 22) as fo:
        fo.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))

        def emit(limit):
            nonlocal written
            buf = []
            while heap and heap[0][0] <= limit and written < a.frames:
                ts, _, fr = heapq.heappop(heap)
                sec = int(ts)
                buf.append(struct.pack("<IIII", sec, int((ts - sec) * 1e6), len(fr), len(fr)))
                buf.append(fr)
                written += 1
            fo.write(b"".join(buf))

        while written < a.frames:
            t += r.expovariate(1 / 0.012)
            cli = g.clients[r.randrange(len(g.clients))]
            out = []
            k = r.random()
            if k < 0.62:
                host = r.choice(HOSTS)
                dns_pair(g, out, t, cli, host, 1, g.servers[host])
                tls_flow(g, out, t + 0.03, cli, host)
            elif k < 0.77:
                host = r.choice(HTTP_HOSTS)
                if host != "10.0.0.5":
                    dns_pair(g, out, t, cli, host, 1, g.servers[host])
                http_flow(g, out, t + 0.03, cli, host)
            elif k < 0.87:
                quic_flow(g, out, t, cli)
            elif k < 0.93:
                ip = [r.randrange(1, 255) for _ in range(2)]
                dns_pair(g, out, t, cli, "%d.%d.250.142.in-addr.arpa" % (ip[1], ip[0]), 12,
                         "%s%02ds%02d-in-f%d.1e100.net" % (r.choice(["lhr", "fra", "ams", "mad"]),
                                                           r.randrange(10, 50), r.randrange(1, 40), r.randrange(1, 20)))
            elif k < 0.97:
                dns_pair(g, out, t, cli, "%s.%s" % ("".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789")
                                                            for _ in range(r.randint(8, 16))), r.choice(["com", "net", "info"])),
                         1, bytes([r.randrange(1, 224), r.randrange(256), r.randrange(256), r.randrange(1, 255)]))
            else:
                multicast(g, out, t, cli)
            for ts, fr in out:
                heapq.heappush(heap, (ts, seq, fr))
                seq += 1
            emit(t)
        emit(float("inf"))
    print("%s: %d frames" % (a.out, written), file=sys.stderr)


if __name__ == "__main__":
    main()
