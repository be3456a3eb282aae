#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Regenerates the seed corpora tests/fuzz/corpus/<harness>/ from the shared captures
# ($HUNTPACK_SHARED_CAPTURES, default ../shared/captures next to the repository) and the
# project's captures/, with tshark (-T fields -e udp.payload / tcp.payload / ...). QUIC client
# Initials are decrypted here (RFC 9001 §5, python3-cryptography) so the frame, reassembly and
# re-encrypting decrypt harnesses start from real plaintext. Keeps each harness to a few small,
# distinct files (about 200 in total).   Usage: /usr/bin/python3 tests/fuzz/make_seeds.py
import hashlib, os, struct, subprocess, sys
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
import hmac

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import seedlib
from seedlib import cap, tshark_fields
import seeds_discovery, seeds_dns_message, seeds_extra, seeds_http_message

def hexcol(path, dfilter, field):
    return [bytes.fromhex(r[0].replace(":", "")) for r in tshark_fields(path, dfilter, field) if r[0]]

seeds = seedlib.Seeds()
add = seeds.add

# --- QUIC Initial decryption (client side) -------------------------------------------------
SALTS = {1: "38762cf7f55934b34d179ae6a4c80cadccbb7f0a",
         0x6b3343cf: "0dede3def700a6db819381be6e269dcbf9bd2ed9",
         0xff00001d: "afbfec289993d24c9e9786f19c6111e04390a899"}

def hkdf_label(secret, label, length):
    full = b"tls13 " + label
    info = struct.pack(">HB", length, len(full)) + full + b"\x00"
    return HKDFExpand(hashes.SHA256(), length, info).derive(secret)

def varint(b, i):
    n = 1 << (b[i] >> 6)
    v = b[i] & 0x3f
    for k in range(1, n):
        v = (v << 8) | b[i + k]
    return v, i + n

def decrypt_initial(d):
    """Plaintext of the first client Initial in datagram d, or None."""
    try:
        if not d[0] & 0x80:
            return None
        ver = struct.unpack(">I", d[1:5])[0]
        if ver not in SALTS:
            return None
        v2 = ver == 0x6b3343cf
        if ((d[0] >> 4) & 3) != (1 if v2 else 0):
            return None
        i = 5
        dl = d[i]; dcid = d[i + 1:i + 1 + dl]; i += 1 + dl
        sl = d[i]; i += 1 + sl
        tl, i = varint(d, i); i += tl
        length, i = varint(d, i)
        pn_off = i
        prk = hmac.new(bytes.fromhex(SALTS[ver]), dcid, hashlib.sha256).digest()
        client = hkdf_label(prk, b"client in", 32)
        p = b"quicv2 " if v2 else b"quic "
        key, iv, hp = (hkdf_label(client, p + x, n) for x, n in ((b"key", 16), (b"iv", 12), (b"hp", 16)))
        sample = d[pn_off + 4:pn_off + 20]
        enc = Cipher(algorithms.AES(hp), modes.ECB()).encryptor()
        mask = enc.update(sample) + enc.finalize()
        first = d[0] ^ (mask[0] & 0x0f)
        pnl = (first & 3) + 1
        pn = bytes(d[pn_off + k] ^ mask[1 + k] for k in range(pnl))
        hdr = bytes([first]) + d[1:pn_off] + pn
        nonce = bytearray(iv)
        pnv = int.from_bytes(pn, "big")
        for k in range(8):
            nonce[11 - k] ^= (pnv >> (8 * k)) & 0xff
        ct = d[pn_off + pnl:pn_off + length]
        return AESGCM(key).decrypt(bytes(nonce), bytes(ct), hdr)
    except Exception:
        return None

def crypto_frames(plain):
    """(offset, data) of the CRYPTO frames in an Initial plaintext (PADDING/PING/ACK skipped)."""
    out, i = [], 0
    try:
        while i < len(plain):
            t, i = varint(plain, i)
            if t in (0, 1):
                continue
            if t == 6:
                off, i = varint(plain, i); ln, i = varint(plain, i)
                out.append((off, plain[i:i + ln])); i += ln
            elif t in (2, 3):
                _, i = varint(plain, i); _, i = varint(plain, i); n, i = varint(plain, i); _, i = varint(plain, i)
                for _ in range(n):
                    _, i = varint(plain, i); _, i = varint(plain, i)
                if t == 3:
                    for _ in range(3):
                        _, i = varint(plain, i)
            else:
                break
    except IndexError:
        pass
    return out

def strip_padding(plain):
    return plain.rstrip(b"\x00") or plain[:1]

# --- extraction ------------------------------------------------------------------------------
quic_caps = ["ja4/quic-tls-handshake.pcapng", "ja4/quic-with-several-tls-frames.pcapng",
             "ndpi/quic-v2.pcapng", "ndpi/quic-29.pcap", "ndpi/quic_frags_ch_in_multiple_packets.pcapng",
             "ndpi/quic_frags_ch_out_of_order_same_packet_craziness.pcapng", "ja4/tls3.pcapng"]
for rel in quic_caps:
    dgs = hexcol(cap(rel), "quic.long.packet_type == 0 && udp.srcport != 443", "udp.payload")[:6]
    for d in dgs:
        add("fuzz_quic_header", d)
        add("fuzz_quic_decrypt", b"\x00" + struct.pack(">H", len(d)) + d)  # raw mode
        plain = decrypt_initial(d)
        if plain is None:
            continue
        plain = strip_padding(plain)
        add("fuzz_quic_frames", b"\x00" + plain)
        # encrypt mode: flags 0 = v1, 1-byte PN, RFC 9001 A.2 DCID
        add("fuzz_quic_decrypt", b"\x01" + b"\x00" + struct.pack(">IH", 0, len(plain[:1400])) + plain[:1400])
        frames = crypto_frames(plain)
        for off, data in frames:
            if off == 0 and len(data) > 4:
                add("fuzz_tls_client_hello", data)
        # reassembly harness input is FuzzedDataProvider-shaped; whole CRYPTO data still seeds it
        for off, data in frames:
            add("fuzz_quic_reassembly", data[:512])

for rel in ["ja4/tls3.pcapng", "ja4/latest.pcapng", "ja4/tls-alpn-h2.pcap", "ja4/tls-non-ascii-alpn.pcapng",
            "ja4/badcurveball.pcap", "ndpi/tls_port_80.pcapng", "ndpi/alexa-app.pcapng", "ja4/tls-sni.pcapng"]:
    for p in hexcol(cap(rel), "tls.handshake.type == 1", "tcp.payload")[:3]:
        add("fuzz_tls_extract", p)
        add("fuzz_tls_records", p)
        if len(p) > 9 and p[0] == 22:
            add("fuzz_tls_client_hello", p[5:])
    for p in hexcol(cap(rel), "tls.handshake.type == 2 || tls.app_data", "tcp.payload")[:2]:
        add("fuzz_tls_records", p)
        add("fuzz_content", p[:1024])
    for p in hexcol(cap(rel), "tls.handshake.type == 2", "tcp.payload")[:2]:
        if len(p) > 9 and p[0] == 22:
            add("fuzz_tls_hello_stream", p[5:])  # the ServerHello message (parse_server_hello)

for rel in ["ndpi/android.pcap", "ndpi/telegram.pcap", "ndpi/wa_voice.pcap", "ndpi/whatsapp_login_chat.pcap"]:
    for p in hexcol(cap(rel), "udp.port == 57621", "udp.payload")[:4]:
        add("fuzz_spotudp", p)

for rel in ["ndpi/gquic.pcap", "ndpi/quic_q46.pcap", "ndpi/quic_q50.pcap", "ndpi/quic_t51.pcap", "ndpi/quic.pcap"]:
    for p in hexcol(cap(rel), "gquic || quic", "udp.payload")[:3]:
        add("fuzz_gquic", p)
for rel in ["ndpi/quic_q46.pcap", "ndpi/quic_t51.pcap", "ndpi/gquic.pcap"]:
    for r in tshark_fields(cap(rel), "gquic.tag.uaid || tls.quic.parameter.google.user_agent",
                           "gquic.tag.uaid", "tls.quic.parameter.google.user_agent"):
        for v in r:
            if v:
                add("fuzz_ua", v.encode())
add("fuzz_ua", b"dev Chrome/92.0.4503.0 Android 10; SM-A125F")
add("fuzz_ua", b"Chrome/114.0.5735.199 Windows NT 10.0; Win64; x64")

for rel in ["ja4/http1.pcapng", "ndpi/exe_download.pcap", "ndpi/http_ipv6.pcap",
            "ndpi/http_starting_with_reply.pcapng", "ndpi/windowsupdate_over_http.pcap"]:
    for p in hexcol(cap(rel), "http.request || http.response", "tcp.payload")[:3]:
        add("fuzz_content", p[:1024])
        add("fuzz_tcplabel", p[:512])
    for r in tshark_fields(cap(rel), "http.host", "http.host"):
        add("fuzz_host_header", r[0].encode())
for h in [b"127.0.0.1:8080", b"0x7f.1", b"[fe80::1%eth0]:443", b"2130706433", b"017700000001",
          b"[::ffff:10.0.0.1]", b"192.168.0.1.", b"example.com:80"]:
    add("fuzz_host_header", h)
add("fuzz_content", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
add("fuzz_content", b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")

for rel in ["ndpi/dns.pcap", "ndpi/telegram.pcap", "ndpi/android.pcap", "ndpi/punycode-idn.pcap"]:
    for r in tshark_fields(cap(rel), "dns.qry.name", "dns.qry.name")[:4]:
        add("fuzz_dns_name", b"\x00" + r[0].encode())
for n in [b"\x01lhr25s34-in-f14.1e100.net", b"\x00dnscat.0b9801c1a7b8e8f3f8.example.com",
          b"\x03r4---sn-4g5e6nzz.googlevideo.com", b"\x00xn--bcher-kva.example"]:
    add("fuzz_dns_name", n)

for rel in ["ndpi/exe_download.pcap", "ndpi/exe_download_as_png.pcap", "ndpi/portable_executable.pcap",
            "ndpi/windowsupdate_over_http.pcap"]:
    for p in hexcol(cap(rel), "http.response", "tcp.payload")[:2]:
        body = p.split(b"\r\n\r\n", 1)[-1][:1024]
        add("fuzz_magic", body)
for m in [b"\x7fELF\x02\x01\x01", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"%PDF-1.7", b"#!/bin/sh\n",
          b"\xca\xfe\xba\xbe\x00\x00\x00\x34", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]:
    add("fuzz_magic", m)

for s in [b"\x00\x2f\x03\x01*CBC*TLS_RSA_WITH_AES_128_CBC_SHA", b"\xc0\x2b\x03\x03TLS_*_GCM_*",
          b"\x00\x05\x03\x00*RC4*TLS_RSA_WITH_RC4_128_SHA", b"\x13\x01\x03\x04**a*a*a*a*b"]:
    add("fuzz_cipher", s)

# tcplocate: [mode][src 16][dst 16][sport][dport][frame]; mode 2/3 copy addresses from the frame
for rel, mode in [("ndpi/chrome.pcap", 2), ("ndpi/http_ipv6.pcap", 3), ("ndpi/dns.pcap", 2)]:
    out = subprocess.run(["tshark", "-n", "-r", cap(rel), "-c", "4", "-x"], capture_output=True, text=True).stdout
    frames, cur = [], bytearray()
    for line in out.splitlines():
        if not line.strip():
            if cur:
                frames.append(bytes(cur)); cur = bytearray()
            continue
        parts = line.split("  ")
        if len(parts) > 1 and len(parts[0]) == 4:
            cur += bytes.fromhex(parts[1].replace(" ", ""))
    if cur:
        frames.append(bytes(cur))
    for f in frames[:4]:
        add("fuzz_tcplocate", bytes([mode]) + b"\x00" * 36 + f)

# The harnesses whose seeds live in their own scripts (each also runs alone).
for script in (seeds_extra, seeds_dns_message, seeds_http_message, seeds_discovery):
    script.add_all(add, cap, tshark_fields)

total = seeds.write()
print(f"total {total} seeds in {seedlib.OUT}")
