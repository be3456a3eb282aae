#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Seeds for the harnesses added for issue 9 (fuzz_tcperr, fuzz_devices, fuzz_cdn, fuzz_catalogs,
# fuzz_ua_parse, fuzz_quic_stack). make_seeds.py calls add_all(); run alone
# (/usr/bin/python3 tests/fuzz/seeds_extra.py) it rewrites only these harnesses' corpus dirs.
import os, struct

import seedlib

DATA = os.path.join(seedlib.ROOT, "heuristics", "data")
HARNESSES = ["fuzz_tcperr", "fuzz_devices", "fuzz_cdn", "fuzz_catalogs", "fuzz_ua_parse",
             "fuzz_quic_stack"]

def ev(frame, d, kinds, ttl=None, mac=None, rep=False):
    flags = (1 if ttl is not None else 0) | (2 if mac is not None else 0) | (4 if rep else 0)
    return struct.pack("<IBHBB", frame, d, kinds, flags, ttl or 0) + (mac or b"\0" * 6)

def rec(op, s):
    return bytes([op, len(s)]) + s   # FuzzedDataProvider strings are close enough for a seed

def add_all(add, cap=None, tshark_fields=None):
    # tcperr: loss, injection (TTL change + RST), storm, keep-alive only
    m1, m2 = b"\x00\x11\x22\x33\x44\x55", b"\x66\x77\x88\x99\xaa\xbb"
    add("fuzz_tcperr", ev(1, 0, 0, 64, m1) + ev(2, 1, 1 << 3, 57, m2) * 3 + ev(5, 0, 1 << 1, 64, m1))
    add("fuzz_tcperr", ev(1, 0, 0, 64, m1) + ev(9, 1, 1 << 10, 12, m1) + ev(10, 1, 1 << 6, 12, m1))
    add("fuzz_tcperr", b"".join(ev(i, i & 1, 1 << 10) for i in range(6)))
    add("fuzz_tcperr", ev(3, 0, 1 << 9) + ev(4, 0, 0x7ff, 1, m2, rep=True))
    add("fuzz_tcperr", ev(7, 0, 1 << 7) + ev(8, 1, 1 << 8) + ev(9, 0, 1 << 4))
    # devices: [op][len][bytes] records (see fuzz_devices.cpp for the ops)
    add("fuzz_devices", rec(0x80, b"aa:bb:cc:dd:ee:ff") + rec(1, b"Office._ipp._tcp.local") +
        rec(2, b"ty=HP LaserJet 400") + rec(3, b"SERVER: Linux/5.4 UPnP/1.0 Sonos/70.3") +
        rec(4, b"DESKTOP-1<20>") + rec(5, b"192.168.1.20"))
    add("fuzz_devices", rec(0, b"10.0.0.7") + rec(1, b"Living Room._googlecast._tcp.local") +
        rec(2, b"md=Chromecast") + rec(3, b"NT: urn:schemas-upnp-org:device:MediaRenderer:1"))
    add("fuzz_devices", rec(0x80, b"00:11:22:33:44:55") + rec(6, b"MSFT 5.0") + rec(9, b"x" * 60) +
        rec(0x3a, b"10.1.") + rec(8, b"\xff"))
    # cdn: [sel][hdr name len][hdr name][name]
    for sel, hdr, name in [(0, b"Server", b"e1234.a.akamaiedge.net"), (1, b"Via", b"d1ge0kk1l5kms0.cloudfront.net."),
                           (2, b"X-Cache", b"static-assets.gccdn.example.co.uk"), (0x13, b"Server", b"cloudflare"),
                           (0x62, b"", b"WWW.Example.COM:443"), (0x71, b"X-Served-By", b"cache-lhr7321-LHR")]:
        add("fuzz_cdn", bytes([sel, len(hdr)]) + hdr + name)
    # catalogs: [selector][file text]; the shipped catalogs' first lines
    for sel, fn in [(1, "cdn_suffixes.tsv"), (2, "cipher_suites.tsv"), (0x82, "cipher_rules.tsv"),
                    (3, "benign_random_families.tsv"), (4, "quic_stacks.tsv"), (0, "std_ports.tsv")]:
        p = os.path.join(DATA, fn)
        if os.path.exists(p):
            lines = open(p, "rb").read().splitlines()
            body = [l for l in lines if l and not l.startswith(b"#")][:12]
            add("fuzz_catalogs", bytes([sel]) + b"# seed\n" + b"\n".join(body) + b"\n")
    yaml = "/usr/share/uap-core/regexes.yaml"
    if os.path.exists(yaml):
        add("fuzz_catalogs", b"\x05" + open(yaml, "rb").read()[:3000])
    add("fuzz_catalogs", b"\x05user_agent_parsers:\n  - regex: '(Foo)/(\\d+)'\n    family_replacement: \"F\\x41\\u00e9\"\n")
    # UA strings
    for u in [b"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
              b"Mozilla/5.0 (Linux; Android 10; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/92.0.4503.0 Mobile Safari/537.36",
              b"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
              b"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
              b"curl/7.88.1", b"Microsoft-CryptoAPI/10.0", b"dev Chrome/92.0.4503.0 Android 10; SM-A125F",
              b"Dalvik/2.1.0 (Linux; U; Android 11; Pixel 5 Build/RQ3A.210805.001.A1)"]:
        add("fuzz_ua_parse", u)
    if cap and tshark_fields:
        for rel in ["ja4/http1.pcapng", "ndpi/exe_download.pcap", "ndpi/windowsupdate_over_http.pcap"]:
            try:
                for r in tshark_fields(cap(rel), "http.user_agent", "http.user_agent")[:2]:
                    add("fuzz_ua_parse", r[0].encode())
            except SystemExit:
                pass
    # quic_stack: [vsel][ntp][tp bytes...][opts][alpn][ja4]; FuzzedDataProvider reads integrals
    # from the end, so these are shapes, not exact ClientHellos.
    add("fuzz_quic_stack", bytes([0, 12]) + bytes([1, 3, 4, 5, 6, 7, 8, 9, 15, 212, 214, 170]) +
        b"\x01\x00h3q13d0310h3_55b375c5d22e_cd85d2d88918")
    add("fuzz_quic_stack", bytes([3, 8, 1, 4, 5, 6, 7, 8, 9, 15, 225]) + b"\x01h3")
    add("fuzz_quic_stack", bytes([200, 3]) + b"\xfa\xce\xb0\x02" + bytes([220, 221, 165]) + b"q13i0310h3_")

if __name__ == "__main__":
    seedlib.standalone(HARNESSES, add_all)
