// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the ServerHello parser (RFC 8446 §4.1.3, RFC 5246 §7.4.1.3) and for following the
// first handshake message of a TCP direction across segments (RFC 8446 §5.1 records,
// RFC 9293 §3.4 sequence numbers). Every message below is built field by field; the length
// bytes are worked out in the comments.
#include "cmocka_cxx.h"
#include "tls_hello_stream.h"

#include <cstdlib>
#include <cstring>
#include <initializer_list>

namespace tls = huntpack::tls;
using huntpack::ByteView;
using huntpack::ParseStatus;

namespace {

using Bytes = std::vector<uint8_t>;

Bytes u16(uint16_t v) { return {static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v & 0xff)}; }
Bytes u24(uint32_t v) { return {static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)}; }
Bytes fill(size_t n, uint8_t b) { return Bytes(n, b); }

// Handshake message: type u8, length u24, body (RFC 8446 §4).
Bytes handshake(uint8_t type, const Bytes &body) { return cat({{type}, u24(static_cast<uint32_t>(body.size())), body}); }
// Record: type 22, version 03 03, length u16, fragment (RFC 8446 §5.1).
Bytes record(const Bytes &fragment, uint8_t type = 22) {
    return cat({{type, 0x03, 0x03}, u16(static_cast<uint16_t>(fragment.size())), fragment});
}

// TLS 1.2 ServerHello without extensions: version 03 03, random 32 x 0x11, session id length 0,
// suite c0 2f (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256), compression 00.
// Body 2 + 32 + 1 + 2 + 1 = 38 = 0x26: message 02 00 00 26 ... (42 bytes).
Bytes sh_tls12() { return handshake(2, cat({u16(0x0303), fill(32, 0x11), {0x00}, u16(0xc02f), {0x00}})); }

// TLS 1.3 ServerHello: version 03 03, random 32 x 0x22, session id 32 x 0x33, suite 13 01,
// compression 00, extensions (12 bytes): supported_versions 00 2b 00 02 03 04 and key_share
// 00 33 00 02 00 1d (a stub body; this parser does not read it).
// Body 2 + 32 + 1 + 32 + 2 + 1 + 2 + 12 = 84 = 0x54.
Bytes sh_tls13(uint8_t random = 0x22) {
    return handshake(2, cat({u16(0x0303), fill(32, random), {32}, fill(32, 0x33), u16(0x1301), {0x00}, u16(12),
                             {0x00, 0x2b, 0x00, 0x02, 0x03, 0x04}, {0x00, 0x33, 0x00, 0x02, 0x00, 0x1d}}));
}

// Counting allocator (malloc underneath): every buffer must be freed when an attempt ends.
struct Counter {
    int live = 0;
};
void *count_realloc(void *ctx, void *p, size_t n) {
    auto *c = static_cast<Counter *>(ctx);
    if (!p)
        c->live++;
    return std::realloc(p, n);
}
void count_free(void *ctx, void *p) {
    static_cast<Counter *>(ctx)->live--;
    std::free(p);
}
tls::HelloAllocator allocator(Counter &c) { return {count_realloc, count_free, &c}; }

} // namespace

// ---- parse_server_hello ---------------------------------------------------------------------

static void test_server_hello_tls12_no_extensions(void **) {
    const Bytes m = sh_tls12();
    assert_int_equal(m.size(), 42);
    assert_int_equal(m[3], 0x26);
    const tls::ServerHello sh = tls::parse_server_hello(ByteView(m.data(), m.size()));
    assert_int_equal(sh.status, ParseStatus::Ok);
    assert_int_equal(sh.legacy_version, 0x0303);
    assert_int_equal(sh.cipher_suite, 0xc02f);
    assert_int_equal(sh.selected_version, 0);
    assert_int_equal(sh.version(), 0x0303);
    assert_false(sh.hello_retry_request);
}

static void test_server_hello_tls13_selected_version(void **) {
    const Bytes m = sh_tls13();
    assert_int_equal(m[3], 0x54); // body 84 bytes
    const tls::ServerHello sh = tls::parse_server_hello(ByteView(m.data(), m.size()));
    assert_int_equal(sh.status, ParseStatus::Ok);
    assert_int_equal(sh.legacy_version, 0x0303);
    assert_int_equal(sh.cipher_suite, 0x1301);
    assert_int_equal(sh.selected_version, 0x0304);
    assert_int_equal(sh.version(), 0x0304);
}

static void test_server_hello_tls10(void **) {
    // TLS 1.0 with suite 00 05 (TLS_RSA_WITH_RC4_128_SHA): only the version and suite differ.
    const Bytes m = handshake(2, cat({u16(0x0301), fill(32, 0x44), {0x00}, u16(0x0005), {0x00}}));
    const tls::ServerHello sh = tls::parse_server_hello(ByteView(m.data(), m.size()));
    assert_int_equal(sh.status, ParseStatus::Ok);
    assert_int_equal(sh.version(), 0x0301);
    assert_int_equal(sh.cipher_suite, 0x0005);
}

static void test_server_hello_retry_request(void **) {
    // The fixed random of RFC 8446 §4.1.3 (SHA-256 of "HelloRetryRequest").
    const Bytes hrr_random = from_hex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");
    Bytes m = sh_tls13();
    std::memcpy(m.data() + 6, hrr_random.data(), 32); // type 1 + length 3 + version 2
    const tls::ServerHello sh = tls::parse_server_hello(ByteView(m.data(), m.size()));
    assert_int_equal(sh.status, ParseStatus::Ok);
    assert_true(sh.hello_retry_request);
    m[6] ^= 1;
    assert_false(tls::parse_server_hello(ByteView(m.data(), m.size())).hello_retry_request);
}

static void test_server_hello_every_prefix_truncated(void **) {
    for (const Bytes &m : {sh_tls12(), sh_tls13()}) {
        for (size_t n = 0; n < m.size(); ++n) {
            const tls::ServerHello sh = tls::parse_server_hello(ByteView(m.data(), n));
            assert_int_equal(sh.status, ParseStatus::Truncated);
        }
    }
    // A prefix that holds the suite already reports it: 4 + 2 + 32 + 1 + 2 = 41 bytes of sh_tls12.
    const Bytes m = sh_tls12();
    const tls::ServerHello sh = tls::parse_server_hello(ByteView(m.data(), 41));
    assert_int_equal(sh.cipher_suite, 0xc02f);
}

static void test_server_hello_malformed(void **) {
    // Session id length 33 > 32 (RFC 8446 §4.1.3 legacy_session_id_echo<0..32>).
    Bytes sid = sh_tls13();
    sid[38] = 33; // 4 + 2 + 32: the session id length byte
    assert_int_equal(tls::parse_server_hello(ByteView(sid.data(), sid.size())).status, ParseStatus::Malformed);
    // supported_versions with a 3-byte body: 84 + 1 = 85 body bytes, extensions 13.
    const Bytes sv3 = handshake(2, cat({u16(0x0303), fill(32, 0x22), {0}, u16(0x1301), {0}, u16(7),
                                        {0x00, 0x2b, 0x00, 0x03, 0x03, 0x04, 0x00}}));
    assert_int_equal(tls::parse_server_hello(ByteView(sv3.data(), sv3.size())).status, ParseStatus::Malformed);
    // Extensions length 13 while 12 bytes follow inside a complete message.
    Bytes extlen = sh_tls13();
    extlen[4 + 2 + 32 + 1 + 32 + 2 + 1 + 1] = 13;
    assert_int_equal(tls::parse_server_hello(ByteView(extlen.data(), extlen.size())).status, ParseStatus::Malformed);
    // An extension whose length runs past the block: key_share claims 3 bytes, 2 remain.
    Bytes ext = sh_tls13();
    ext[ext.size() - 3] = 3;
    assert_int_equal(tls::parse_server_hello(ByteView(ext.data(), ext.size())).status, ParseStatus::Malformed);
    // A declared length too short for the fixed fields: body of 10 bytes.
    const Bytes tiny = handshake(2, fill(10, 0x03));
    assert_int_equal(tls::parse_server_hello(ByteView(tiny.data(), tiny.size())).status, ParseStatus::Malformed);
}

static void test_server_hello_other_type_unsupported(void **) {
    const Bytes m = handshake(1, fill(40, 0));
    assert_int_equal(tls::parse_server_hello(ByteView(m.data(), m.size())).status, ParseStatus::Unsupported);
}

// ---- HelloStream ----------------------------------------------------------------------------

static void test_stream_one_segment(void **) {
    Counter c;
    tls::HelloStream s;
    const Bytes m = sh_tls13();
    const Bytes seg = cat({record(m), record(fill(40, 0xaa), 23)}); // ServerHello, then app data
    tls::HandshakeExtract x;
    assert_int_equal(s.feed(allocator(c), 1000, seg.data(), seg.size(), &x), tls::HelloFeed::Complete);
    assert_true(x.message == m);
    assert_int_equal(c.live, 0); // parsed in place, nothing kept
    assert_int_equal(s.feed(allocator(c), 1000 + seg.size(), seg.data(), seg.size(), &x), tls::HelloFeed::Idle);
}

static void test_stream_split_everywhere(void **) {
    // Every split of record(sh_tls12()) into two segments from the 6th byte on (the record header
    // and the handshake type must be in the first): Collecting after the first, Complete after
    // the second, with the same message.
    const Bytes m = sh_tls12();
    const Bytes r = record(m); // 47 bytes
    for (size_t cut = 6; cut < r.size(); ++cut) {
        Counter c;
        tls::HelloStream s;
        tls::HandshakeExtract x;
        assert_int_equal(s.feed(allocator(c), 7, r.data(), cut, &x), tls::HelloFeed::Collecting);
        assert_int_equal(c.live, 1);
        assert_int_equal(s.feed(allocator(c), 7 + cut, r.data() + cut, r.size() - cut, &x), tls::HelloFeed::Complete);
        assert_true(x.message == m);
        assert_int_equal(c.live, 0);
    }
}

static void test_stream_retransmissions(void **) {
    const Bytes m = sh_tls13();
    const Bytes r = record(m); // 5 + 88 = 93 bytes
    Counter c;
    tls::HelloStream s;
    tls::HandshakeExtract x;
    assert_int_equal(s.feed(allocator(c), 100, r.data(), 30, &x), tls::HelloFeed::Collecting);
    // The same 30 bytes again, then a retransmission overlapping 10 old and 20 new bytes.
    assert_int_equal(s.feed(allocator(c), 100, r.data(), 30, &x), tls::HelloFeed::Collecting);
    assert_int_equal(s.feed(allocator(c), 120, r.data() + 20, 30, &x), tls::HelloFeed::Collecting);
    assert_int_equal(s.have, 50);
    assert_int_equal(s.feed(allocator(c), 150, r.data() + 50, r.size() - 50, &x), tls::HelloFeed::Complete);
    assert_true(x.message == m);
    assert_int_equal(c.live, 0);
}

static void test_stream_gap_abandons(void **) {
    const Bytes r = record(sh_tls13());
    Counter c;
    tls::HelloStream s;
    tls::HandshakeExtract x;
    assert_int_equal(s.feed(allocator(c), 100, r.data(), 30, &x), tls::HelloFeed::Collecting);
    // Bytes 130..139 are missing: the segment at 140 cannot be placed.
    assert_int_equal(s.feed(allocator(c), 140, r.data() + 40, r.size() - 40, &x), tls::HelloFeed::Abandoned);
    assert_int_equal(c.live, 0);
    assert_int_equal(s.feed(allocator(c), 130, r.data() + 30, 10, &x), tls::HelloFeed::Idle);
}

static void test_stream_sequence_wraps(void **) {
    // RFC 9293 §3.4: sequence numbers are modulo 2^32; the record crosses 0xffffffff -> 0.
    const Bytes m = sh_tls12();
    const Bytes r = record(m);
    Counter c;
    tls::HelloStream s;
    tls::HandshakeExtract x;
    const uint32_t start = 0xfffffff0u;
    assert_int_equal(s.feed(allocator(c), start, r.data(), 20, &x), tls::HelloFeed::Collecting);
    // start + 20 wraps to 4.
    assert_int_equal(s.feed(allocator(c), 4u, r.data() + 20, r.size() - 20, &x), tls::HelloFeed::Complete);
    assert_true(x.message == m);
}

static void test_stream_hello_after_cleartext(void **) {
    // STARTTLS and friends: cleartext payloads first, then a segment that starts with the hello.
    Counter c;
    tls::HandshakeExtract x;
    const Bytes cmd = {'S', 'T', 'A', 'R', 'T', 'T', 'L', 'S', '\r', '\n'};
    const Bytes m = sh_tls12();
    const Bytes r = record(m);
    tls::HelloStream s;
    assert_int_equal(s.feed(allocator(c), 1, cmd.data(), cmd.size(), &x), tls::HelloFeed::Idle);
    assert_int_equal(s.feed(allocator(c), 11, r.data(), r.size(), &x), tls::HelloFeed::Complete);
    assert_true(x.message == m);
}

static void test_stream_gives_up_looking(void **) {
    // kMaxHelloLookSegments payloads without a hello's start: the direction is given up, and a
    // hello after that is not looked at.
    Counter c;
    tls::HandshakeExtract x;
    const Bytes http = {'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1'};
    tls::HelloStream s;
    uint32_t seq = 1;
    for (uint8_t i = 0; i < tls::kMaxHelloLookSegments; ++i, seq += http.size())
        assert_int_equal(s.feed(allocator(c), seq, http.data(), http.size(), &x), tls::HelloFeed::Idle);
    const Bytes r = record(sh_tls12());
    assert_int_equal(s.feed(allocator(c), seq, r.data(), r.size(), &x), tls::HelloFeed::Idle);
    assert_int_equal(c.live, 0);
}

static void test_stream_not_a_hello_start(void **) {
    Counter c;
    tls::HandshakeExtract x;
    // Application data (a capture that starts mid-flow), a handshake record holding a Finished
    // (type 20), a record of length 0, a record longer than 2^14: none starts a hello.
    const Bytes app = record(fill(40, 0xaa), 23);
    const Bytes fin = record(handshake(20, fill(12, 0x77)));
    const Bytes empty = {22, 3, 3, 0, 0, 1};
    const Bytes huge = {22, 3, 3, 0x40, 0x01, 1}; // 16,385
    for (const Bytes *b : {&app, &fin, &empty, &huge}) {
        tls::HelloStream s;
        assert_int_equal(s.feed(allocator(c), 1, b->data(), b->size(), &x), tls::HelloFeed::Idle);
        assert_int_equal(s.state, 0); // still looking
        assert_int_equal(s.looked, 1);
    }
    assert_int_equal(c.live, 0);
}

static void test_stream_message_across_records(void **) {
    // The message split over two records (RFC 8446 §5.1 allows it), the records split over
    // three segments; completion waits for the second record.
    const Bytes m = sh_tls13();
    const Bytes r = cat({record(Bytes(m.begin(), m.begin() + 50)), record(Bytes(m.begin() + 50, m.end()))});
    Counter c;
    tls::HelloStream s;
    tls::HandshakeExtract x;
    assert_int_equal(s.feed(allocator(c), 1, r.data(), 55, &x), tls::HelloFeed::Collecting); // first record
    assert_int_equal(s.feed(allocator(c), 56, r.data() + 55, 10, &x), tls::HelloFeed::Collecting);
    assert_int_equal(s.feed(allocator(c), 66, r.data() + 65, r.size() - 65, &x), tls::HelloFeed::Complete);
    assert_true(x.message == m);
    assert_int_equal(x.records_used, 2);
}

static void test_stream_waits_for_the_whole_record(void **) {
    // ServerHello and the start of a Certificate in one 300-byte record: the hello's bytes are
    // all in the first segment, but Wireshark dissects the record only when it is complete, and
    // so does this (the frame that counts is the record's last).
    const Bytes m = sh_tls12(); // 42 bytes
    const Bytes rec = record(cat({m, handshake(11, fill(300 - 42 - 4, 0x55))}));
    assert_int_equal(rec.size(), 305);
    Counter c;
    tls::HelloStream s;
    tls::HandshakeExtract x;
    assert_int_equal(s.feed(allocator(c), 1, rec.data(), 100, &x), tls::HelloFeed::Collecting);
    assert_int_equal(s.feed(allocator(c), 101, rec.data() + 100, rec.size() - 100, &x), tls::HelloFeed::Complete);
    assert_true(x.message == m);
}

static void test_stream_bounded(void **) {
    // A handshake message declaring 0x00ffff bytes in full 16,384-byte records: the buffer fills
    // at kMaxHelloStreamBytes (two records), the message is still incomplete, and the attempt is
    // abandoned there, memory freed.
    Bytes first = fill(16384, 0x01);
    first[0] = 1; // client_hello, length 00 ff ff
    first[1] = 0x00;
    first[2] = 0xff;
    first[3] = 0xff;
    const Bytes r1 = record(first), r2 = record(fill(16384, 0x02)), r3 = record(fill(16384, 0x03));
    Counter c;
    tls::HelloStream s;
    tls::HandshakeExtract x;
    uint32_t seq = 1;
    assert_int_equal(s.feed(allocator(c), seq, r1.data(), r1.size(), &x), tls::HelloFeed::Collecting);
    seq += r1.size();
    assert_int_equal(r1.size() + r2.size(), tls::kMaxHelloStreamBytes);
    assert_int_equal(s.feed(allocator(c), seq, r2.data(), r2.size(), &x), tls::HelloFeed::Abandoned);
    seq += r2.size();
    assert_int_equal(c.live, 0);
    assert_int_equal(s.feed(allocator(c), seq, r3.data(), 1, &x), tls::HelloFeed::Idle);
}

static void test_stream_big_segment_after_a_small_one(void **) {
    // 100 bytes of a hello, then one large (TSO/GRO) segment with the rest and 40,000 bytes of
    // application data: only what fits the bound is kept, and the hello completes.
    Counter c;
    tls::HandshakeExtract x;
    const Bytes m = handshake(1, fill(300, 0x07));
    const Bytes r = record(m); // 5 + 304 = 309 bytes
    const Bytes big = cat({Bytes(r.begin() + 100, r.end()), record(fill(16000, 0xaa), 23),
                           record(fill(16000, 0xaa), 23), record(fill(8000, 0xaa), 23)});
    tls::HelloStream s;
    assert_int_equal(s.feed(allocator(c), 1, r.data(), 100, &x), tls::HelloFeed::Collecting);
    assert_true(big.size() + 100 > tls::kMaxHelloStreamBytes);
    assert_int_equal(s.feed(allocator(c), 101, big.data(), big.size(), &x), tls::HelloFeed::Complete);
    assert_true(x.message == m);
    assert_int_equal(c.live, 0);
}

static void test_stream_bad_record_abandons(void **) {
    // Second record of the message has content type 23 (application data): not a handshake.
    const Bytes m = sh_tls13();
    const Bytes r = cat({record(Bytes(m.begin(), m.begin() + 50)), record(Bytes(m.begin() + 50, m.end()), 23)});
    Counter c;
    tls::HelloStream s;
    tls::HandshakeExtract x;
    assert_int_equal(s.feed(allocator(c), 1, r.data(), 55, &x), tls::HelloFeed::Collecting);
    assert_int_equal(s.feed(allocator(c), 56, r.data() + 55, r.size() - 55, &x), tls::HelloFeed::Abandoned);
    assert_int_equal(c.live, 0);
}

static void test_stream_second_hello_after_retry(void **) {
    // After a HelloRetryRequest the caller re-arms both directions; the client's second
    // ClientHello arrives behind a change_cipher_spec record (14 03 03 00 01 01).
    Counter c;
    tls::HandshakeExtract x;
    const Bytes ch1 = handshake(1, fill(60, 0x01)), ch2 = handshake(1, fill(70, 0x02));
    const Bytes seg1 = record(ch1);
    const Bytes seg2 = cat({{20, 3, 3, 0, 1, 1}, record(ch2)});
    tls::HelloStream s;
    assert_int_equal(s.feed(allocator(c), 1, seg1.data(), seg1.size(), &x), tls::HelloFeed::Complete);
    assert_true(x.message == ch1);
    const uint32_t seq2 = 1 + static_cast<uint32_t>(seg1.size());
    assert_int_equal(s.feed(allocator(c), seq2, seg2.data(), seg2.size(), &x), tls::HelloFeed::Idle); // done
    s.rearm(allocator(c));
    assert_int_equal(s.feed(allocator(c), seq2, seg2.data(), seg2.size(), &x), tls::HelloFeed::Complete);
    assert_true(x.message == ch2);
    // The same, split inside the hello (byte 20, behind the 6-byte CCS record): sequence numbers
    // stay right.
    tls::HelloStream t;
    t.rearm(allocator(c));
    assert_int_equal(t.feed(allocator(c), 100, seg2.data(), 20, &x), tls::HelloFeed::Collecting);
    assert_int_equal(t.feed(allocator(c), 120, seg2.data() + 20, seg2.size() - 20, &x), tls::HelloFeed::Complete);
    assert_true(x.message == ch2);
    assert_int_equal(c.live, 0);
}

static void test_stream_alert_before_server_hello(void **) {
    // A warning alert (15 03 03 00 02 01 70: unrecognized_name, RFC 6066 §3) in front of the
    // ServerHello, as ndpi/http_ipv6.pcap's servers send it.
    Counter c;
    tls::HandshakeExtract x;
    const Bytes m = sh_tls12();
    const Bytes seg = cat({{21, 3, 3, 0, 2, 1, 112}, record(m)});
    tls::HelloStream s;
    assert_int_equal(s.feed(allocator(c), 1, seg.data(), seg.size(), &x), tls::HelloFeed::Complete);
    assert_true(x.message == m);
    // A fatal alert alone is no hello.
    const Bytes fatal = {21, 3, 3, 0, 2, 2, 40};
    tls::HelloStream t;
    assert_int_equal(t.feed(allocator(c), 1, fatal.data(), fatal.size(), &x), tls::HelloFeed::Idle);
}

static void test_stream_rearm_guards(void **) {
    // Re-armed after a first ClientHello with ccs_only (the HelloRetryRequest not captured): a
    // retransmission of the first hello is old bytes, a hello without the CCS in front is not
    // a second ClientHello, the CCS-prefixed one is.
    Counter c;
    tls::HandshakeExtract x;
    const Bytes ch1 = handshake(1, fill(60, 0x01)), ch2 = handshake(1, fill(70, 0x02));
    const Bytes seg1 = record(ch1);
    const Bytes plain2 = record(ch2);
    const Bytes seg2 = cat({{20, 3, 3, 0, 1, 1}, record(ch2)});
    tls::HelloStream s;
    assert_int_equal(s.feed(allocator(c), 1, seg1.data(), seg1.size(), &x), tls::HelloFeed::Complete);
    s.rearm(allocator(c), true);
    assert_int_equal(s.feed(allocator(c), 1, seg1.data(), seg1.size(), &x), tls::HelloFeed::Idle); // retransmission
    assert_int_equal(s.looked, 0); // not even counted
    const uint32_t seq2 = 1 + static_cast<uint32_t>(seg1.size());
    assert_int_equal(s.feed(allocator(c), seq2, plain2.data(), plain2.size(), &x), tls::HelloFeed::Idle);
    assert_int_equal(s.looked, 1);
    assert_int_equal(s.feed(allocator(c), seq2 + static_cast<uint32_t>(plain2.size()), seg2.data(), seg2.size(), &x),
                     tls::HelloFeed::Complete);
    assert_true(x.message == ch2);
    assert_int_equal(c.live, 0);
    // Re-armed twice (ccs_only after the ClientHello, again for a HelloRetryRequest): the first
    // hello retransmitted is still old bytes.
    tls::HelloStream t;
    assert_int_equal(t.feed(allocator(c), 1, seg1.data(), seg1.size(), &x), tls::HelloFeed::Complete);
    t.rearm(allocator(c), true);
    t.rearm(allocator(c));
    assert_int_equal(t.feed(allocator(c), 1, seg1.data(), seg1.size(), &x), tls::HelloFeed::Idle);
    assert_int_equal(t.feed(allocator(c), seq2, seg2.data(), seg2.size(), &x), tls::HelloFeed::Complete);
    assert_true(x.message == ch2);
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_server_hello_tls12_no_extensions),
        cmocka_unit_test(test_server_hello_tls13_selected_version),
        cmocka_unit_test(test_server_hello_tls10),
        cmocka_unit_test(test_server_hello_retry_request),
        cmocka_unit_test(test_server_hello_every_prefix_truncated),
        cmocka_unit_test(test_server_hello_malformed),
        cmocka_unit_test(test_server_hello_other_type_unsupported),
        cmocka_unit_test(test_stream_one_segment),
        cmocka_unit_test(test_stream_split_everywhere),
        cmocka_unit_test(test_stream_retransmissions),
        cmocka_unit_test(test_stream_gap_abandons),
        cmocka_unit_test(test_stream_sequence_wraps),
        cmocka_unit_test(test_stream_hello_after_cleartext),
        cmocka_unit_test(test_stream_gives_up_looking),
        cmocka_unit_test(test_stream_not_a_hello_start),
        cmocka_unit_test(test_stream_message_across_records),
        cmocka_unit_test(test_stream_waits_for_the_whole_record),
        cmocka_unit_test(test_stream_bounded),
        cmocka_unit_test(test_stream_big_segment_after_a_small_one),
        cmocka_unit_test(test_stream_bad_record_abandons),
        cmocka_unit_test(test_stream_second_hello_after_retry),
        cmocka_unit_test(test_stream_rearm_guards),
        cmocka_unit_test(test_stream_alert_before_server_hello),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
