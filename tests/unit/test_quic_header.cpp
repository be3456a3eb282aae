// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for quic_header: long header fields (RFC 9000 §17.2), truncation at every field
// boundary, bad lengths, CIDs over 20 bytes, v2 type codes (RFC 9369 §3.2), coalesced packets,
// version classification (v1, v2, drafts 23..34, gQUIC T050/T051/Q0xx).
#include "cmocka_cxx.h"
#include "quic_header.h"

#include <cstring>
#include <vector>

using namespace huntpack;
using namespace huntpack::quic;

namespace {

// A v1 Initial with every field present and distinct (header protection ignored: the parser
// does not look under it):
const uint8_t kInitial[] = {
    0xc3,                               // long header, fixed bit, type Initial, pn len 4
    0x00, 0x00, 0x00, 0x01,             // version 1
    0x04, 0xd1, 0xd2, 0xd3, 0xd4,       // DCID len 4, DCID
    0x02, 0x51, 0x52,                   // SCID len 2, SCID
    0x03, 0x70, 0x71, 0x72,             // token length 3 (1-byte varint), token
    0x40, 0x18,                         // Length 24 (2-byte varint)
    0x00, 0x00, 0x00, 0x07,             // packet number (4 bytes)
    0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, // payload: 20 bytes
    0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed,
    0xee, 0xef, 0xf0, 0xf1, 0xf2, 0xf3,
};
constexpr size_t kInitialTokenOffset = 14;
constexpr size_t kInitialPnOffset = 19;

} // namespace

static void test_parse_long_header_fields(void **) {
    const LongHeaderResult r = parse_long_header(kInitial, sizeof kInitial);
    assert_int_equal(r.status, ParseStatus::Ok);
    const LongHeader &h = r.hdr;
    assert_int_equal(h.first_byte, 0xc3);
    assert_int_equal(h.version, kVersion1);
    assert_int_equal(h.type, PacketType::Initial);
    assert_int_equal(h.dcid_len, 4);
    assert_memory_equal(h.dcid, kInitial + 6, 4);
    assert_int_equal(h.scid_len, 2);
    assert_memory_equal(h.scid, kInitial + 11, 2);
    assert_int_equal(h.token_offset, kInitialTokenOffset);
    assert_int_equal(h.token_len, 3);
    assert_int_equal(h.length, 24);
    assert_int_equal(h.pn_offset, kInitialPnOffset);
    assert_int_equal(h.packet_len, sizeof kInitial);
}

static void test_parse_long_header_truncated_everywhere(void **) {
    // Every prefix shorter than the packet is Truncated, never Ok or Malformed: this covers each
    // field boundary (first byte, version, both CIDs, token length/token, Length, body).
    for (size_t n = 0; n < sizeof kInitial; ++n) {
        const LongHeaderResult r = parse_long_header(kInitial, n);
        assert_int_equal(r.status, ParseStatus::Truncated);
        assert_non_null(r.error);
        assert_true(r.error[0] != '\0');
    }
    assert_int_equal(parse_long_header(nullptr, 10).status, ParseStatus::Truncated);
}

static void test_parse_long_header_truncation_messages(void **) {
    assert_string_equal(parse_long_header(kInitial, 0).error, "no first byte");
    assert_string_equal(parse_long_header(kInitial, 3).error, "version cut off");
    assert_string_equal(parse_long_header(kInitial, 8).error, "connection ID cut off");
    assert_string_equal(parse_long_header(kInitial, 12).error, "connection ID cut off");
    assert_string_equal(parse_long_header(kInitial, 15).error, "token cut off");
    assert_string_equal(parse_long_header(kInitial, 18).error, "length field cut off");
    assert_string_equal(parse_long_header(kInitial, 30).error,
                        "packet shorter than its length field");
}

static void test_parse_long_header_cid_over_20(void **) {
    std::vector<uint8_t> p(64, 0x00);
    p[0] = 0xc0;
    p[4] = 0x01;
    p[5] = static_cast<uint8_t>(kMaxCidLen + 1); // DCID length 21
    LongHeaderResult r = parse_long_header(p.data(), p.size());
    assert_int_equal(r.status, ParseStatus::Malformed);
    p[5] = kMaxCidLen; // DCID exactly 20 is fine ...
    p[6 + kMaxCidLen] = kMaxCidLen + 1; // ... but SCID 21 is not
    r = parse_long_header(p.data(), p.size());
    assert_int_equal(r.status, ParseStatus::Malformed);
    assert_string_equal(r.error, "connection ID longer than 20 bytes");
}

static void test_parse_long_header_bad_lengths(void **) {
    std::vector<uint8_t> p(kInitial, kInitial + sizeof kInitial);
    // Length 0: no room even for a packet number.
    p[17] = 0x40;
    p[18] = 0x00;
    assert_int_equal(parse_long_header(p.data(), p.size()).status, ParseStatus::Malformed);
    // Length 2^62-1 (8-byte varint) in a short datagram: Truncated, and no overflow.
    const uint8_t huge_len[] = {0xc0, 0, 0, 0, 1, 0, 0, 0, // no CIDs, empty token
                                0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00};
    assert_int_equal(parse_long_header(huge_len, sizeof huge_len).status,
                     ParseStatus::Truncated);
    // Token length larger than the datagram.
    const uint8_t huge_token[] = {0xc0, 0, 0, 0, 1, 0, 0, 0x80, 0x10, 0x00, 0x00, 0x00};
    assert_int_equal(parse_long_header(huge_token, sizeof huge_token).status,
                     ParseStatus::Truncated);
}

static void test_parse_long_header_coalesced(void **) {
    // RFC 9000 §12.2: an Initial followed by a Handshake packet in one datagram.
    std::vector<uint8_t> d(kInitial, kInitial + sizeof kInitial);
    const uint8_t handshake[] = {0xe1, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, // type 2, no CIDs
                                 0x05, 0x00, 0x01, 0xaa, 0xbb, 0xcc};      // Length 5
    d.insert(d.end(), handshake, handshake + sizeof handshake);
    d.insert(d.end(), 3, 0x00); // trailing padding after the last packet
    const LongHeaderResult a = parse_long_header(d.data(), d.size());
    assert_int_equal(a.status, ParseStatus::Ok);
    assert_int_equal(a.hdr.packet_len, sizeof kInitial);
    const size_t rest = d.size() - a.hdr.packet_len;
    const LongHeaderResult b = parse_long_header(d.data() + a.hdr.packet_len, rest);
    assert_int_equal(b.status, ParseStatus::Ok);
    assert_int_equal(b.hdr.type, PacketType::Handshake);
    assert_int_equal(b.hdr.token_len, 0);
    assert_int_equal(b.hdr.packet_len, sizeof handshake);
    // The zero padding after it is a short-header-looking byte: not a long header.
    const LongHeaderResult c =
        parse_long_header(d.data() + a.hdr.packet_len + b.hdr.packet_len, 3);
    assert_int_equal(c.status, ParseStatus::Unsupported);
}

static void test_parse_long_header_v2_types(void **) {
    // RFC 9369 §3.2: 0b01 is Initial, 0b00 Retry in v2.
    assert_int_equal(long_packet_type(kVersion2, 0xd0), PacketType::Initial);
    assert_int_equal(long_packet_type(kVersion2, 0xe0), PacketType::ZeroRtt);
    assert_int_equal(long_packet_type(kVersion2, 0xf0), PacketType::Handshake);
    assert_int_equal(long_packet_type(kVersion2, 0xc0), PacketType::Retry);
    assert_int_equal(long_packet_type(kVersion1, 0xc0), PacketType::Initial);
    assert_int_equal(long_packet_type(kVersion1, 0xf0), PacketType::Retry);
    // A v2 Initial carries a token; a v2 "0b00" (Retry) consumes the whole datagram.
    std::vector<uint8_t> p(kInitial, kInitial + sizeof kInitial);
    p[0] = 0xd3;
    p[1] = 0x6b, p[2] = 0x33, p[3] = 0x43, p[4] = 0xcf;
    LongHeaderResult r = parse_long_header(p.data(), p.size());
    assert_int_equal(r.status, ParseStatus::Ok);
    assert_int_equal(r.hdr.type, PacketType::Initial);
    assert_int_equal(r.hdr.token_len, 3);
    p[0] = 0xc3;
    r = parse_long_header(p.data(), p.size());
    assert_int_equal(r.hdr.type, PacketType::Retry);
    assert_int_equal(r.hdr.packet_len, p.size());
}

static void test_parse_long_header_unsupported(void **) {
    const uint8_t short_hdr[] = {0x40, 0x01, 0x02, 0x03, 0x04, 0x05};
    assert_int_equal(parse_long_header(short_hdr, sizeof short_hdr).status,
                     ParseStatus::Unsupported);
    const uint8_t vn[] = {0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    assert_string_equal(parse_long_header(vn, sizeof vn).error, "version negotiation");
    const uint8_t q046[] = {0xc3, 'Q', '0', '4', '6', 0x50, 1, 2, 3, 4, 5, 6, 7, 8};
    assert_string_equal(parse_long_header(q046, sizeof q046).error, "gQUIC Q0xx header");
    const uint8_t unknown[] = {0xc3, 0x1a, 0x2a, 0x3a, 0x4a, 0x00, 0x00};
    assert_string_equal(parse_long_header(unknown, sizeof unknown).error, "unknown version");
}

static void test_classify_version(void **) {
    assert_int_equal(classify_version(kVersion1).family, VersionFamily::V1);
    const VersionInfo v2 = classify_version(kVersion2);
    assert_int_equal(v2.family, VersionFamily::V2);
    assert_true(v2.v2_labels && v2.v2_packet_types);
    const uint8_t salt_v2[] = {0x0d, 0xed, 0xe3, 0xde}; // RFC 9369 §3.3.1 prefix
    assert_memory_equal(v2.initial_salt, salt_v2, sizeof salt_v2);
    // Drafts: 23-28 share one salt, 29-32 another, 33-34 use v1's.
    const VersionInfo d23 = classify_version(0xff000017), d28 = classify_version(0xff00001c);
    const VersionInfo d29 = classify_version(0xff00001d), d32 = classify_version(0xff000020);
    const VersionInfo d34 = classify_version(0xff000022);
    assert_int_equal(d23.family, VersionFamily::IetfDraft);
    assert_ptr_equal(d23.initial_salt, d28.initial_salt);
    assert_ptr_equal(d29.initial_salt, d32.initial_salt);
    assert_ptr_not_equal(d23.initial_salt, d29.initial_salt);
    assert_ptr_equal(d34.initial_salt, classify_version(kVersion1).initial_salt);
    const uint8_t salt_d29[] = {0xaf, 0xbf, 0xec, 0x28};
    assert_memory_equal(d29.initial_salt, salt_d29, sizeof salt_d29);
    assert_int_equal(classify_version(0xff000016).family, VersionFamily::Unknown); // draft-22
    assert_int_equal(classify_version(0xff000023).family, VersionFamily::Unknown); // draft-35
    // Google QUIC.
    const VersionInfo t51 = classify_version(kGquicT051);
    assert_int_equal(t51.family, VersionFamily::GquicTls);
    const uint8_t salt_t51[] = {0x7a, 0x4e, 0xde, 0xf4}; // packet-quic.c handshake_salt_draft_t51
    assert_memory_equal(t51.initial_salt, salt_t51, sizeof salt_t51);
    assert_non_null(classify_version(kGquicT050).initial_salt);
    // Q050: IETF Initials with the salt of packet-quic.c hanshake_salt_draft_q50, gQUIC CHLO
    // inside (test_quic_q050.cpp decrypts a real one); other Q versions stay undecrypted.
    const VersionInfo q50 = classify_version(kGquicQ050);
    assert_int_equal(q50.family, VersionFamily::GquicCryptoInitial);
    const uint8_t salt_q50[] = {0x50, 0x45, 0x74, 0xef};
    assert_memory_equal(q50.initial_salt, salt_q50, sizeof salt_q50);
    assert_false(q50.v2_labels);
    assert_false(q50.v2_packet_types);
    assert_true(carries_gquic_chlo(kGquicQ050));
    assert_false(carries_gquic_chlo(kGquicT051));
    assert_false(carries_gquic_chlo(kVersion1));
    assert_int_equal(classify_version(0x51303436).family, VersionFamily::GquicCrypto); // Q046
    assert_null(classify_version(0x51303436).initial_salt);
    assert_false(carries_gquic_chlo(0x51303436));
    assert_int_equal(classify_version(0x51303531).family, VersionFamily::GquicCrypto); // Q051
    assert_null(classify_version(0x51303531).initial_salt);
    assert_int_equal(classify_version(kVersionNegotiation).family, VersionFamily::Negotiation);
}

static void test_is_gquic_version(void **) {
    assert_true(is_gquic_version(0x51303436));  // Q046
    assert_true(is_gquic_version(0x51303530));  // Q050
    assert_false(is_gquic_version(kGquicT051)); // TLS-based T051 is not Q0xx
    assert_false(is_gquic_version(0x51414243)); // "QABC": not digits
    assert_false(is_gquic_version(kVersion1));
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_long_header_fields),
        cmocka_unit_test(test_parse_long_header_truncated_everywhere),
        cmocka_unit_test(test_parse_long_header_truncation_messages),
        cmocka_unit_test(test_parse_long_header_cid_over_20),
        cmocka_unit_test(test_parse_long_header_bad_lengths),
        cmocka_unit_test(test_parse_long_header_coalesced),
        cmocka_unit_test(test_parse_long_header_v2_types),
        cmocka_unit_test(test_parse_long_header_unsupported),
        cmocka_unit_test(test_classify_version),
        cmocka_unit_test(test_is_gquic_version),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
