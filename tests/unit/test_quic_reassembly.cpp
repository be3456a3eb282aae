// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for quic_crypto_reassembly (RFC 9000 §19.6 CRYPTO offsets; RFC 8446 §4 handshake
// header): duplicates, overlaps, out-of-order data, conflicts, the byte cap, huge offsets; and
// the whole Initial pipeline (header -> keys -> decrypt -> frames -> reassembly) on shared
// captures, asserting the ClientHello's SNI bytes.
//
// Expected SNIs come from Wireshark 4.0.17, which decrypts Initials itself:
//   tshark -r FILE -Y tls.handshake.type==1 -T fields -e tls.handshake.extensions_server_name
// The captures live under $HUNTPACK_SHARED_CAPTURES; if it is unset or a file is missing the
// capture tests FAIL (never skip), so CI cannot pass without them.
#include "cmocka_cxx.h"
#include "pcap_reader.h"
#include "quic_crypto_reassembly.h"
#include "quic_frames.h"
#include "quic_header.h"
#include "quic_initial.h"

#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace huntpack;
using namespace huntpack::quic;

namespace {

// A 4-byte handshake header (type 1 = ClientHello, body length 6) plus 6 body bytes.
const uint8_t kMsg[] = {0x01, 0x00, 0x00, 0x06, 'a', 'b', 'c', 'd', 'e', 'f', 0x99, 0x98};
constexpr size_t kMsgLen = 10; // the two trailing bytes belong to the next message

std::unique_ptr<CryptoReassembler> fresh() { return std::make_unique<CryptoReassembler>(); }

} // namespace

static void test_add_in_order(void **) {
    auto r = fresh();
    assert_false(r->complete());
    assert_int_equal(r->message_type(), -1);
    assert_int_equal(r->add(0, kMsg, 3), ParseStatus::Ok);
    assert_false(r->complete()); // header incomplete
    assert_int_equal(r->declared_len(), 0);
    assert_int_equal(r->add(3, kMsg + 3, 4), ParseStatus::Ok);
    assert_int_equal(r->declared_len(), kMsgLen);
    assert_false(r->complete());
    assert_null(r->message());
    assert_int_equal(r->add(7, kMsg + 7, sizeof kMsg - 7), ParseStatus::Ok);
    assert_true(r->complete());
    assert_int_equal(r->message_type(), 1);
    assert_int_equal(r->message_len(), kMsgLen);
    assert_memory_equal(r->message(), kMsg, kMsgLen);
}

static void test_add_out_of_order_duplicates_overlaps(void **) {
    auto r = fresh();
    assert_int_equal(r->add(6, kMsg + 6, 4), ParseStatus::Ok);  // tail first
    assert_int_equal(r->contiguous_len(), 0);
    assert_int_equal(r->add(6, kMsg + 6, 4), ParseStatus::Ok);  // exact duplicate
    assert_int_equal(r->add(2, kMsg + 2, 6), ParseStatus::Ok);  // overlaps the tail
    assert_false(r->complete());
    assert_int_equal(r->add(0, kMsg, 3), ParseStatus::Ok);      // overlaps the middle
    assert_true(r->complete());
    assert_false(r->conflict());
    assert_memory_equal(r->message(), kMsg, kMsgLen);
}

static void test_add_conflicting_overlap_keeps_first(void **) {
    auto r = fresh();
    assert_int_equal(r->add(0, kMsg, kMsgLen), ParseStatus::Ok);
    const uint8_t other[] = {'X', 'Y'};
    assert_int_equal(r->add(4, other, 2), ParseStatus::Ok);
    assert_true(r->conflict());
    assert_memory_equal(r->message(), kMsg, kMsgLen); // the first copy wins
}

static void test_add_beyond_cap_and_huge_offsets(void **) {
    auto r = fresh();
    const uint8_t b[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    // Straddles the cap: 3 bytes stored, 5 dropped and reported.
    assert_int_equal(r->add(kMaxCryptoBytes - 3, b, sizeof b), ParseStatus::Unsupported);
    assert_int_equal(r->dropped_bytes(), 5);
    assert_int_equal(r->add(kMaxCryptoBytes, b, 1), ParseStatus::Unsupported);
    assert_int_equal(r->add(uint64_t{1} << 40, b, sizeof b), ParseStatus::Unsupported);
    // offset + len past 2^62-1, and values that would wrap a 64-bit sum.
    assert_int_equal(r->add(kMaxCryptoStreamOffset, b, 1), ParseStatus::Malformed);
    assert_int_equal(r->add(UINT64_MAX, b, 1), ParseStatus::Malformed);
    assert_int_equal(r->add(UINT64_MAX - 2, b, sizeof b), ParseStatus::Malformed);
    assert_int_equal(r->add(0, nullptr, 4), ParseStatus::Malformed);
    assert_int_equal(r->add(5, nullptr, 0), ParseStatus::Ok); // empty CRYPTO frames are legal
    assert_int_equal(r->contiguous_len(), 0);
}

static void test_add_message_larger_than_cap(void **) {
    auto r = fresh();
    const uint8_t hdr[] = {0x01, 0x01, 0x00, 0x00}; // declares 65,536 body bytes
    assert_int_equal(r->add(0, hdr, sizeof hdr), ParseStatus::Ok);
    assert_true(r->message_too_large());
    assert_false(r->complete());
    // Filling the whole buffer still never completes it.
    std::vector<uint8_t> fill(kMaxCryptoBytes - sizeof hdr, 0x42);
    assert_int_equal(r->add(sizeof hdr, fill.data(), fill.size()), ParseStatus::Ok);
    assert_int_equal(r->contiguous_len(), kMaxCryptoBytes);
    assert_false(r->complete());
}

static void test_reassembler_is_copyable_state(void **) {
    auto a = fresh();
    a->add(0, kMsg, 5);
    CryptoReassembler b;
    std::memcpy(static_cast<void *>(&b), a.get(), sizeof b); // what wmem storage does
    b.add(5, kMsg + 5, 5);
    assert_true(b.complete());
    assert_false(a->complete());
}

// ---- whole pipeline on shared captures ------------------------------------------------------

namespace {

struct Connection {
    std::string key_dcid;
    InitialKeys keys = {};
    std::unique_ptr<CryptoReassembler> crypto = std::make_unique<CryptoReassembler>();
    bool counted = false;
};

struct PipelineResult {
    size_t initials_decrypted = 0;
    size_t frame_errors = 0;      // Malformed or Truncated payloads
    size_t frame_unsupported = 0; // walks stopped at a frame type the scanner does not parse
    size_t max_crypto_frames = 0;
    std::vector<std::vector<uint8_t>> hellos; // completed first handshake messages
};

std::string flow_key(const testing::UdpDatagram &d) {
    char buf[128];
    std::string k;
    for (size_t i = 0; i < 16; ++i) {
        std::snprintf(buf, sizeof buf, "%02x", d.src_ip[i]);
        k += buf;
    }
    for (size_t i = 0; i < 16; ++i) {
        std::snprintf(buf, sizeof buf, "%02x", d.dst_ip[i]);
        k += buf;
    }
    std::snprintf(buf, sizeof buf, ":%u>%u", d.src_port, d.dst_port);
    return k + buf;
}

// Client Initial keys come from the DCID of the client's first Initial (RFC 9001 §5.2); later
// client Initials may carry the server's chosen CID, so fall back to the flow's earlier keys.
Connection *decrypt_client(std::vector<std::unique_ptr<Connection>> &conns, const uint8_t *pkt,
                           size_t len, const LongHeader &h, std::vector<uint8_t> &plain,
                           DecryptResult &res) {
    const std::string dcid(reinterpret_cast<const char *>(h.dcid), h.dcid_len);
    for (auto &c : conns) {
        res = decrypt_packet(pkt, len, h, c->keys, plain.data(), plain.size());
        if (res.status == ParseStatus::Ok)
            return c.get();
    }
    const KeysResult k = derive_initial_keys(h.version, h.dcid, h.dcid_len, Sender::Client);
    if (k.status != ParseStatus::Ok)
        return nullptr;
    res = decrypt_packet(pkt, len, h, k.keys, plain.data(), plain.size());
    if (res.status != ParseStatus::Ok)
        return nullptr; // a server Initial, or undecryptable
    conns.push_back(std::make_unique<Connection>());
    conns.back()->key_dcid = dcid;
    conns.back()->keys = k.keys;
    return conns.back().get();
}

void feed_frames(Connection &c, const uint8_t *plain, const FrameScan &s, PipelineResult &out) {
    for (size_t i = 0; i < s.crypto_count; ++i)
        c.crypto->add(s.crypto[i].offset, plain + s.crypto[i].data_offset, s.crypto[i].length);
    if (s.crypto_count > out.max_crypto_frames)
        out.max_crypto_frames = s.crypto_count;
    if (!c.counted && c.crypto->complete()) {
        c.counted = true;
        out.hellos.emplace_back(c.crypto->message(), c.crypto->message() + c.crypto->message_len());
    }
}

PipelineResult run_pipeline(const char *rel) {
    PipelineResult out;
    const std::string path = shared_capture(rel);
    if (path.empty())
        fail_msg("HUNTPACK_SHARED_CAPTURES is not set: the QUIC capture tests need %s", rel);
    std::vector<testing::UdpDatagram> dgrams;
    std::string err;
    if (!testing::read_udp_datagrams(path, dgrams, err))
        fail_msg("cannot read shared capture %s: %s", path.c_str(), err.c_str());
    std::map<std::string, std::vector<std::unique_ptr<Connection>>> flows;
    std::vector<uint8_t> plain(65536);
    for (const auto &d : dgrams) {
        size_t pos = 0;
        while (pos < d.payload.size()) { // RFC 9000 §12.2 coalesced packets
            const uint8_t *pkt = d.payload.data() + pos;
            const size_t left = d.payload.size() - pos;
            const LongHeaderResult h = parse_long_header(pkt, left);
            if (h.status != ParseStatus::Ok)
                break;
            pos += h.hdr.packet_len;
            if (h.hdr.type != PacketType::Initial)
                continue;
            DecryptResult res;
            Connection *c = decrypt_client(flows[flow_key(d)], pkt, left, h.hdr, plain, res);
            if (!c)
                continue;
            out.initials_decrypted += 1;
            const FrameScan s =
                scan_initial_frames(plain.data(), res.plaintext_len, frame_dialect(h.hdr.version));
            out.frame_errors +=
                s.status == ParseStatus::Malformed || s.status == ParseStatus::Truncated;
            out.frame_unsupported += s.status == ParseStatus::Unsupported;
            feed_frames(*c, plain.data(), s, out);
        }
    }
    return out;
}

// RFC 6066 §3: ServerName { NameType host_name(0); HostName opaque<1..2^16-1> }.
bool has_sni(const std::vector<uint8_t> &hello, const std::string &name) {
    std::vector<uint8_t> pat = {0x00, static_cast<uint8_t>(name.size() >> 8),
                                static_cast<uint8_t>(name.size())};
    pat.insert(pat.end(), name.begin(), name.end());
    for (size_t i = 0; i + pat.size() <= hello.size(); ++i)
        if (std::memcmp(hello.data() + i, pat.data(), pat.size()) == 0)
            return true;
    return false;
}

void expect_single_sni(const char *rel, const char *sni, uint32_t min_initials) {
    const PipelineResult r = run_pipeline(rel);
    assert_true(r.initials_decrypted >= min_initials);
    assert_int_equal(r.frame_errors, 0);
    assert_int_equal(r.hellos.size(), 1);
    assert_int_equal(r.hellos[0][0], 1); // ClientHello
    assert_true(has_sni(r.hellos[0], sni));
}

} // namespace

static void test_capture_ja4_quic_tls_handshake(void **) {
    expect_single_sni("ja4/quic-tls-handshake.pcapng", "www.google.com", 1);
}

static void test_capture_ndpi_quic_v2(void **) {
    expect_single_sni("ndpi/quic-v2.pcapng", "test", 1);
}

static void test_capture_ndpi_quic_t51(void **) {
    // Google QUIC T051: TLS Initial with the gQUIC-specific salt and gQUIC frame codes. The
    // client's second Initial (frame 3) starts with a gQUIC ACK (0x40), which the scanner
    // reports as Unsupported by design.
    expect_single_sni("ndpi/quic_t51.pcap", "www.google.com", 2);
}

static void test_capture_ndpi_quic_29_with_retry(void **) {
    // Draft-29 with a Retry: the first ClientHello (frame 1) and the one sent again after the
    // Retry under new keys (frames 3 + 5, the latter with the server-chosen DCID).
    const PipelineResult r = run_pipeline("ndpi/quic-29.pcap");
    assert_int_equal(r.initials_decrypted, 3);
    assert_int_equal(r.hellos.size(), 2);
    for (const auto &h : r.hellos)
        assert_true(has_sni(h, "localhost"));
}

static void test_capture_ndpi_frags_ch_in_multiple_packets(void **) {
    // The ClientHello spans two Initials (tshark: 1182 + 396 bytes, handshake length 1574) and
    // carries no server_name; check its length and an ALPN entry instead.
    const PipelineResult r = run_pipeline("ndpi/quic_frags_ch_in_multiple_packets.pcapng");
    assert_int_equal(r.hellos.size(), 1);
    assert_int_equal(r.hellos[0].size(), 1574 + kHandshakeHeaderLen);
    const std::string hello(r.hellos[0].begin(), r.hellos[0].end());
    assert_true(hello.find("\x05h3-29") != std::string::npos); // ALPN ProtocolName<1..255>
}

static void test_capture_ndpi_frags_out_of_order_craziness(void **) {
    // 179 draft-29 client Initials, 113 ClientHellos split into many out-of-order CRYPTO frames.
    static const struct {
        const char *sni;
        int count;
    } kExpected[] = {
        {"accounts.google.com", 4},
        {"ade.googlesyndication.com", 1},
        {"adservice.google.com", 2},
        {"android.clients.google.com", 3},
        {"b1.nel.goog", 5},
        {"beacons.gcp.gvt2.com", 5},
        {"beacons.gvt2.com", 3},
        {"beacons2.gvt2.com", 1},
        {"beacons3.gvt2.com", 1},
        {"beacons4.gvt2.com", 1},
        {"clients2.google.com", 1},
        {"clients2.googleusercontent.com", 1},
        {"clients4.google.com", 1},
        {"clientservices.googleapis.com", 9},
        {"content-autofill.googleapis.com", 4},
        {"dns.google", 7},
        {"fonts.gstatic.com", 3},
        {"googleads.g.doubleclick.net", 5},
        {"i.ytimg.com", 1},
        {"lh4.googleusercontent.com", 1},
        {"litepages.googlezip.net", 1},
        {"media.fmct2-1.fna.whatsapp.net", 1},
        {"ogs.google.com", 2},
        {"optimizationguide-pa.googleapis.com", 1},
        {"pagead2.googlesyndication.com", 4},
        {"r1---sn-hju7enel.googlevideo.com", 1},
        {"r1---sn-vh5ouxa-hju6.googlevideo.com", 1},
        {"r1---sn-vh5ouxa-hjuk.googlevideo.com", 1},
        {"r11---sn-vh5ouxa-hjuk.googlevideo.com", 1},
        {"r2---sn-vh5ouxa-hjuk.googlevideo.com", 1},
        {"r3---sn-hju7enel.googlevideo.com", 1},
        {"r3---sn-vh5ouxa-hju6.googlevideo.com", 1},
        {"r3---sn-vh5ouxa-hjud.googlevideo.com", 1},
        {"r4---sn-vh5ouxa-hjud.googlevideo.com", 1},
        {"r5---sn-vh5ouxa-hju6.googlevideo.com", 1},
        {"r9---sn-vh5ouxa-hjuk.googlevideo.com", 2},
        {"s-img.adskeeper.co.uk", 1},
        {"safebrowsing.googleapis.com", 5},
        {"sb-ssl.google.com", 1},
        {"static.doubleclick.net", 2},
        {"suggestqueries-clients6.youtube.com", 4},
        {"update.googleapis.com", 5},
        {"www.freearabianporn.com", 1},
        {"www.google.com", 5},
        {"www.googleadservices.com", 3},
        {"www.googleapis.com", 1},
        {"www.gstatic.com", 1},
        {"www.youtube.com", 3},
        {"yt3.ggpht.com", 1},
    };
    const PipelineResult r =
        run_pipeline("ndpi/quic_frags_ch_out_of_order_same_packet_craziness.pcapng");
    assert_int_equal(r.initials_decrypted, 179);
    assert_int_equal(r.frame_errors, 0);
    assert_int_equal(r.frame_unsupported, 0);
    std::printf("max CRYPTO frames in one Initial: %zu (cap %zu)\n", r.max_crypto_frames,
                kMaxCryptoFrames);
    assert_true(r.max_crypto_frames < kMaxCryptoFrames);
    std::map<std::string, int> seen;
    for (const auto &h : r.hellos)
        for (const auto &e : kExpected)
            if (has_sni(h, e.sni))
                seen[e.sni] += 1;
    size_t total = 0;
    for (const auto &e : kExpected) {
        if (seen[e.sni] != e.count)
            fail_msg("SNI %s: expected %d ClientHellos, found %d", e.sni, e.count, seen[e.sni]);
        total += static_cast<size_t>(e.count);
    }
    assert_int_equal(r.hellos.size(), total);
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_in_order),
        cmocka_unit_test(test_add_out_of_order_duplicates_overlaps),
        cmocka_unit_test(test_add_conflicting_overlap_keeps_first),
        cmocka_unit_test(test_add_beyond_cap_and_huge_offsets),
        cmocka_unit_test(test_add_message_larger_than_cap),
        cmocka_unit_test(test_reassembler_is_copyable_state),
        cmocka_unit_test(test_capture_ja4_quic_tls_handshake),
        cmocka_unit_test(test_capture_ndpi_quic_v2),
        cmocka_unit_test(test_capture_ndpi_quic_t51),
        cmocka_unit_test(test_capture_ndpi_quic_29_with_retry),
        cmocka_unit_test(test_capture_ndpi_frags_ch_in_multiple_packets),
        cmocka_unit_test(test_capture_ndpi_frags_out_of_order_craziness),
    };
    if (!crypto_init()) {
        std::fprintf(stderr, "libgcrypt too old\n");
        return 1;
    }
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
