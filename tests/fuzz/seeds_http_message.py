#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Seeds for fuzz_http_message (heuristics/http_message.h): HTTP messages from the shared captures
# (tcp.reassembled.data / tcp.payload / udp.payload of requests, responses, chunked and gzip
# bodies, SSDP NOTIFY / M-SEARCH / 200 OK) plus crafted ones for what no capture has (deflate,
# raw deflate, gzip FNAME/FHCRC, corrupt and truncated streams, odd chunk sizes, pipelining,
# a small bomb). make_seeds.py calls add_all(); run alone
# (/usr/bin/python3 tests/fuzz/seeds_http_message.py) it rewrites only corpus/fuzz_http_message/.
import gzip, zlib

import seedlib

HARNESS = "fuzz_http_message"

# (capture, display filter, field): the message bytes of one frame each.
CAPTURE_SEEDS = [
    ("ja4/http1.pcapng", "frame.number==73", "tcp.payload"),            # GET with Host
    ("ja4/http1.pcapng", "frame.number==13", "tcp.payload"),            # 204 No Content
    ("ja4/http1.pcapng", "frame.number==160", "tcp.reassembled.data"),  # chunked + gzip
    ("ja4/http1.pcapng", "frame.number==76", "tcp.reassembled.data"),   # text/xml, Content-Length
    ("ndpi-corpus/ookla.pcap", "frame.number==29", "tcp.payload"),      # gzip, Content-Length
    ("ndpi-corpus/dotenv.pcap", "frame.number==6", "tcp.payload"),      # chunked
    ("ndpi-corpus/ipp.pcap", "frame.number==249", "tcp.reassembled.data"),  # chunk size 000000b8
    ("ndpi-corpus/1kxun.pcap", "frame.number==1049", "tcp.reassembled.data"),  # rc4,gzip
    ("ndpi-corpus/starcraft_battle.pcap", "frame.number==30", "udp.payload"),  # SSDP NOTIFY
    ("ndpi/ssdp-m-search-ua.pcap", "frame.number==1", "udp.payload"),   # SSDP M-SEARCH
    ("ndpi-corpus/anyconnect-vpn.pcap", "frame.number==411", "udp.payload"),  # SSDP 200 OK
    ("ndpi/http_starting_with_reply.pcapng", "frame.number==3", "tcp.reassembled.data"),  # gzip
]

def response(headers, body):
    return (b"HTTP/1.1 200 OK\r\n" + headers + b"Content-Length: " + str(len(body)).encode() +
            b"\r\n\r\n" + body)

def raw_deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()

def crafted():
    text = b"hello deflate\n" * 3
    d = raw_deflate(text)
    trailer = zlib.crc32(text).to_bytes(4, "little") + len(text).to_bytes(4, "little")
    yield response(b"Content-Encoding: deflate\r\n", zlib.compress(text))
    yield response(b"Content-Encoding: deflate\r\n", d)
    gz = b"Content-Encoding: gzip\r\n"
    yield response(b"Content-Encoding: x-gzip\r\n", b"\x1f\x8b\x08\x1c\0\0\0\0\0\x03\x02\0ab" +
                   b"name\0" + b"comment\0" + d + trailer)              # FEXTRA FNAME FCOMMENT
    yield response(gz, b"\x1f\x8b\x08\x02\0\0\0\0\0\x03\xaa\xbb" + d + trailer)  # FHCRC
    yield response(gz, b"\x1f\x8b\x08\0\0\0\0\0\0\x03\x00\x64\x00\x9b\xff" + b"A" * 100 +
                   b"\x07" + b"\0" * 8)                                   # reserved block type
    yield response(gz, gzip.compress(bytes(range(256)) * 8, mtime=0)[:200])  # cut short
    yield response(gz, gzip.compress(b"\0" * (1 << 20), mtime=0))  # a small bomb
    yield (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n" +
           b"".join(b"%x;ext=1\r\n" % len(p) + p + b"\r\n"
                    for p in [gzip.compress(text, mtime=0)[i:i + 7] for i in range(0, 60, 7)]) +
           b"0\r\nTrailer: x\r\n\r\n")
    yield (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
           b"0x5\r\nhello\r\n -3\r\nabc\r\n100000000\r\nzz\r\n\r\n")
    yield (b"GET /a HTTP/1.1\r\nHost: a\r\n\r\n"
           b"POST /b HTTP/1.1\r\nHost: b\r\nContent-Length: 3\r\n\r\nabc"
           b"HTTP/1.1 204 No Content\r\n\r\n\r\nM-SEARCH * HTTP/1.1\r\nST: ssdp:all\r\n\r\n")
    yield (b"NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nNT: upnp:rootdevice\r\n"
           b"Bad Name: y\r\nLOCATION: http://10.0.0.1/d.xml\r\nSERVER: s\r\n\r")
    yield b"ICY 200 OK\r\nicy-name: r\r\nContent-Length: 12abc\r\n\rbogus line\r\nMP3"

def add_all(add, cap_fn=None, tshark_fn=None):
    if cap_fn and tshark_fn:
        for rel, dfilter, field in CAPTURE_SEEDS:
            for r in tshark_fn(cap_fn(rel), dfilter, field)[:1]:
                if r and r[0]:
                    add(HARNESS, bytes.fromhex(r[0].replace(":", "")))
    for s in crafted():
        add(HARNESS, s)

if __name__ == "__main__":
    seedlib.standalone([HARNESS], add_all)
