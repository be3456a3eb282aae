// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for tcplocate: the TCP/UDP header of a frame found from its bytes, as huntpack's glue
// now reads flags, sequence numbers, payload and TTL (instead of priming Wireshark's fields).
// Frames are built here byte by byte; each expected value is the field written, so the
// derivation is the builder itself (RFC 791 / 8200 / 9293 / 768 layouts).
#include "cmocka_cxx.h"
#include "tcp_locate.h"

#include <cstring>
#include <vector>

namespace tc = huntpack::tcplocate;
using Bytes = std::vector<uint8_t>;

namespace {

const uint8_t kSrc4[4] = {192, 0, 2, 10}, kDst4[4] = {198, 51, 100, 7};
const uint8_t kSrc6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
const uint8_t kDst6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};

void put16(Bytes &b, size_t at, uint16_t v) { b[at] = uint8_t(v >> 8); b[at + 1] = uint8_t(v); }
void put32(Bytes &b, size_t at, uint32_t v) { put16(b, at, uint16_t(v >> 16)); put16(b, at + 2, uint16_t(v)); }

// TCP header (20 bytes + opt_words*4) with ports 51000 → 443, seq 0x11223344, ack 0x55667788,
// flags PSH|ACK (0x018), then the payload.
Bytes tcp(const Bytes &payload, int opt_words = 0) {
    Bytes t(20 + 4 * opt_words, 0);
    put16(t, 0, 51000);
    put16(t, 2, 443);
    put32(t, 4, 0x11223344);
    put32(t, 8, 0x55667788);
    t[12] = uint8_t((5 + opt_words) << 4);
    t[13] = 0x18;
    t.insert(t.end(), payload.begin(), payload.end());
    return t;
}

Bytes udp(const Bytes &payload) {
    Bytes u(8, 0);
    put16(u, 0, 50000);
    put16(u, 2, 443);
    put16(u, 4, uint16_t(8 + payload.size()));
    u.insert(u.end(), payload.begin(), payload.end());
    return u;
}

// IPv4 header, IHL 5 (+ options), TTL 57, protocol proto, around l4.
Bytes ipv4(const Bytes &l4, uint8_t proto, int opt_words = 0, uint16_t frag = 0) {
    Bytes h(20 + 4 * opt_words, 0);
    h[0] = uint8_t(0x40 | (5 + opt_words));
    put16(h, 2, uint16_t(h.size() + l4.size()));
    put16(h, 6, frag);
    h[8] = 57;
    h[9] = proto;
    std::memcpy(&h[12], kSrc4, 4);
    std::memcpy(&h[16], kDst4, 4);
    h.insert(h.end(), l4.begin(), l4.end());
    return h;
}

// IPv6 fixed header, hop limit 63, next header nh, payload length of rest.
Bytes ipv6(const Bytes &rest, uint8_t nh) {
    Bytes h(40, 0);
    h[0] = 0x60;
    put16(h, 4, uint16_t(rest.size()));
    h[6] = nh;
    h[7] = 63;
    std::memcpy(&h[8], kSrc6, 16);
    std::memcpy(&h[24], kDst6, 16);
    h.insert(h.end(), rest.begin(), rest.end());
    return h;
}

Bytes ether(const Bytes &ip, uint16_t type = 0x0800) {
    Bytes e(14, 0xaa);
    put16(e, 12, type);
    e.insert(e.end(), ip.begin(), ip.end());
    return e;
}

const Bytes kHello = {'h', 'e', 'l', 'l', 'o'};

tc::TcpHeader loc4(const Bytes &f, size_t hint = tc::kNoHint) {
    return tc::locate(f.data(), f.size(), kSrc4, kDst4, 4, 51000, 443, hint);
}

} // namespace

static void test_ipv4_ethernet(void **) {
    const Bytes f = ether(ipv4(tcp(kHello), 6));
    const tc::TcpHeader h = loc4(f);
    assert_true(h.ok);
    assert_int_equal(h.seq, 0x11223344u);
    assert_int_equal(h.ack, 0x55667788u);
    assert_int_equal(h.flags, 0x018);
    assert_int_equal(h.ttl, 57);
    assert_int_equal(h.payload_off, 14 + 20 + 20);
    assert_int_equal(h.payload_len, 5);
    assert_int_equal(h.payload_reported, 5);
    assert_memory_equal(f.data() + h.payload_off, kHello.data(), 5);
    // The right hint gives the same answer; a wrong one falls back to the scan.
    const tc::TcpHeader hinted = loc4(f, 14);
    assert_true(hinted.ok);
    assert_int_equal(hinted.payload_off, h.payload_off);
    const tc::TcpHeader wrong = loc4(f, 3);
    assert_true(wrong.ok);
    assert_int_equal(wrong.payload_off, h.payload_off);
}

static void test_ipv4_options_tcp_options_and_trailer(void **) {
    Bytes f = ether(ipv4(tcp(kHello, 3), 6, 2));
    f.insert(f.end(), 6, 0); // Ethernet padding after the IP packet: not payload
    const tc::TcpHeader h = loc4(f);
    assert_true(h.ok);
    assert_int_equal(h.payload_off, 14 + 28 + 32);
    assert_int_equal(h.payload_len, 5);
}

static void test_snaplen_truncation(void **) {
    const Bytes full = ether(ipv4(tcp(Bytes(1000, 0x17)), 6));
    const Bytes f(full.begin(), full.begin() + 14 + 20 + 20 + 100); // 100 of 1000 bytes captured
    const tc::TcpHeader h = loc4(f);
    assert_true(h.ok);
    assert_int_equal(h.payload_len, 100);
    assert_int_equal(h.payload_reported, 1000); // what tcp.len shows
    // Cut inside the TCP header: nothing to report.
    const Bytes cut(full.begin(), full.begin() + 14 + 20 + 19);
    assert_false(loc4(cut).ok);
}

static void test_ipv4_tso_zero_length(void **) {
    Bytes f = ether(ipv4(tcp(kHello), 6));
    put16(f, 14 + 2, 0); // total length 0 (segmentation offload): the captured length counts
    const tc::TcpHeader h = loc4(f);
    assert_true(h.ok);
    assert_int_equal(h.payload_len, 5);
}

static void test_ipv4_non_first_fragment(void **) {
    const Bytes f = ether(ipv4(tcp(kHello), 6, 0, 0x00b9)); // offset 185*8: no TCP header here
    assert_false(loc4(f).ok);
}

static void test_wrong_ports_or_protocol(void **) {
    const Bytes f = ether(ipv4(tcp(kHello), 6));
    assert_false(tc::locate(f.data(), f.size(), kSrc4, kDst4, 4, 443, 51000).ok);
    assert_false(tc::locate_udp(f.data(), f.size(), kSrc4, kDst4, 4, 51000, 443).ok);
}

static void test_tunnel_inner_header_wins(void **) {
    // GRE-like: outer IPv4 (protocol 47) with the same addresses, then the inner packet.
    Bytes inner = ipv4(tcp(kHello), 6);
    inner[8] = 5; // inner TTL differs from the outer 57
    Bytes gre(4, 0);
    put16(gre, 2, 0x0800);
    gre.insert(gre.end(), inner.begin(), inner.end());
    const Bytes f = ether(ipv4(gre, 47));
    const tc::TcpHeader h = loc4(f);
    assert_true(h.ok);
    assert_int_equal(h.ttl, 5);
    assert_int_equal(h.payload_off, 14 + 20 + 4 + 20 + 20);
}

static void test_ipv6_plain_and_extension_headers(void **) {
    const Bytes t = tcp(kHello);
    const Bytes plain = ether(ipv6(t, 6), 0x86dd);
    tc::TcpHeader h = tc::locate(plain.data(), plain.size(), kSrc6, kDst6, 16, 51000, 443);
    assert_true(h.ok);
    assert_int_equal(h.ttl, 63);
    assert_int_equal(h.payload_off, 14 + 40 + 20);
    // Hop-by-Hop (8 bytes: next 60, len 0) then Destination Options (16 bytes: next 6, len 1).
    Bytes ext = {60, 0, 1, 4, 0, 0, 0, 0, 6, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    ext.insert(ext.end(), t.begin(), t.end());
    const Bytes withext = ether(ipv6(ext, 0), 0x86dd);
    h = tc::locate(withext.data(), withext.size(), kSrc6, kDst6, 16, 51000, 443);
    assert_true(h.ok);
    assert_int_equal(h.payload_off, 14 + 40 + 24 + 20);
    assert_int_equal(h.payload_len, 5);
    // A fragment header with a non-zero offset: no upper-layer header to find.
    Bytes frag = {6, 0, 0x00, 0x08, 0, 0, 0, 1};
    frag.insert(frag.end(), t.begin(), t.end());
    const Bytes fragged = ether(ipv6(frag, 44), 0x86dd);
    assert_false(tc::locate(fragged.data(), fragged.size(), kSrc6, kDst6, 16, 51000, 443).ok);
    // An extension header whose length runs past the packet.
    Bytes bad = {6, 200, 0, 0, 0, 0, 0, 0};
    const Bytes badf = ether(ipv6(bad, 0), 0x86dd);
    assert_false(tc::locate(badf.data(), badf.size(), kSrc6, kDst6, 16, 51000, 443).ok);
}

static void test_udp(void **) {
    const Bytes f = ether(ipv4(udp(kHello), 17));
    const tc::TcpHeader h = tc::locate_udp(f.data(), f.size(), kSrc4, kDst4, 4, 50000, 443);
    assert_true(h.ok);
    assert_int_equal(h.payload_off, 14 + 20 + 8);
    assert_int_equal(h.payload_len, 5);
    assert_int_equal(h.ttl, 57);
    // UDP length 0x0400 past the IP payload (13 bytes): still located, payload cut at the IP end,
    // as Wireshark's UDP dissects it (first fragments, bogus lengths).
    Bytes u = udp(kHello);
    u[4] = 0x04;
    u[5] = 0x00;
    const Bytes g = ether(ipv4(u, 17));
    const tc::TcpHeader k = tc::locate_udp(g.data(), g.size(), kSrc4, kDst4, 4, 50000, 443);
    assert_true(k.ok);
    assert_int_equal(k.payload_len, 5);
    assert_int_equal(k.payload_reported, 0x400 - 8);
}

static void test_every_truncation_is_safe(void **) {
    const Bytes f = ether(ipv4(tcp(kHello), 6));
    for (size_t n = 0; n <= f.size(); ++n) {
        const Bytes cut(f.begin(), f.begin() + static_cast<long>(n));
        const tc::TcpHeader h = tc::locate(cut.data(), cut.size(), kSrc4, kDst4, 4, 51000, 443, 14);
        if (h.ok)
            assert_true(h.payload_off + h.payload_len <= n);
    }
    assert_false(tc::locate(nullptr, 0, kSrc4, kDst4, 4, 1, 2).ok);
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipv4_ethernet),
        cmocka_unit_test(test_ipv4_options_tcp_options_and_trailer),
        cmocka_unit_test(test_snaplen_truncation),
        cmocka_unit_test(test_ipv4_tso_zero_length),
        cmocka_unit_test(test_ipv4_non_first_fragment),
        cmocka_unit_test(test_wrong_ports_or_protocol),
        cmocka_unit_test(test_tunnel_inner_header_wins),
        cmocka_unit_test(test_ipv6_plain_and_extension_headers),
        cmocka_unit_test(test_udp),
        cmocka_unit_test(test_every_truncation_is_safe),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
