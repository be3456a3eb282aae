// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for quic_frames: the frames an Initial may carry (RFC 9000 §12.4), ACK range validation
// (§19.3.1), CRYPTO bounds (§19.6), the CRYPTO frame cap, and truncation of each frame.
#include "cmocka_cxx.h"
#include "quic_frames.h"

#include <vector>

using namespace huntpack;
using namespace huntpack::quic;

static void test_scan_initial_frames_mixed(void **) {
    const uint8_t p[] = {
        0x01,                               // PING
        0x02, 0x0a, 0x00, 0x01, 0x02,       // ACK largest 10, delay 0, 1 range, first 2 (8..10)
        0x01, 0x03,                         //   gap 1 -> largest 5, length 3 -> 2..5
        0x06, 0x00, 0x03, 0xaa, 0xbb, 0xcc, // CRYPTO offset 0, length 3
        0x06, 0x40, 0x64, 0x02, 0xdd, 0xee, // CRYPTO offset 100 (2-byte varint), length 2
        0x03, 0x01, 0x00, 0x00, 0x01,       // ACK_ECN largest 1, first range 1 (0..1)
        0x05, 0x06, 0x07,                   //   ECT0, ECT1, CE counts
        0x00, 0x00, 0x00,                   // PADDING x3
    };
    const FrameScan s = scan_initial_frames(p, sizeof p);
    assert_int_equal(s.status, ParseStatus::Ok);
    assert_int_equal(s.stop_offset, sizeof p);
    assert_int_equal(s.ping_count, 1);
    assert_int_equal(s.ack_count, 2);
    assert_true(s.ack_ecn);
    assert_int_equal(s.padding_bytes, 3);
    assert_int_equal(s.crypto_count, 2);
    assert_int_equal(s.crypto[0].offset, 0);
    assert_int_equal(s.crypto[0].data_offset, 11);
    assert_int_equal(s.crypto[0].length, 3);
    assert_int_equal(s.crypto[1].offset, 100);
    assert_int_equal(s.crypto[1].data_offset, 18);
    assert_int_equal(s.crypto[1].length, 2);
    assert_false(s.crypto_overflow);
}

static void test_scan_initial_frames_ack_ranges_validated(void **) {
    // First ACK Range larger than Largest Acknowledged.
    const uint8_t first_too_big[] = {0x02, 0x03, 0x00, 0x00, 0x04};
    assert_int_equal(scan_initial_frames(first_too_big, sizeof first_too_big).status,
                     ParseStatus::Malformed);
    // Gap runs below zero: largest 5, first 1 -> smallest 4; gap 3 -> 4-3-2 < 0.
    const uint8_t gap_too_big[] = {0x02, 0x05, 0x00, 0x01, 0x01, 0x03, 0x00};
    assert_int_equal(scan_initial_frames(gap_too_big, sizeof gap_too_big).status,
                     ParseStatus::Malformed);
    // Range length runs below zero: smallest 4, gap 0 -> largest 2, length 3 -> -1.
    const uint8_t len_too_big[] = {0x02, 0x05, 0x00, 0x01, 0x01, 0x00, 0x03};
    assert_int_equal(scan_initial_frames(len_too_big, sizeof len_too_big).status,
                     ParseStatus::Malformed);
    // The exact edge is fine: smallest 4, gap 0 -> largest 2, length 2 -> 0.
    const uint8_t edge[] = {0x02, 0x05, 0x00, 0x01, 0x01, 0x00, 0x02};
    assert_int_equal(scan_initial_frames(edge, sizeof edge).status, ParseStatus::Ok);
    // Range count far larger than the payload could hold.
    const uint8_t count_huge[] = {0x02, 0x05, 0x00, 0xbf, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00};
    assert_int_equal(scan_initial_frames(count_huge, sizeof count_huge).status,
                     ParseStatus::Malformed);
}

static void test_scan_initial_frames_truncated_frames(void **) {
    const uint8_t ack[] = {0x02, 0x0a, 0x00, 0x01, 0x02, 0x01, 0x03};
    for (size_t n = 1; n < sizeof ack; ++n)
        assert_int_equal(scan_initial_frames(ack, n).status, ParseStatus::Malformed);
    const uint8_t ecn[] = {0x03, 0x01, 0x00, 0x00, 0x01, 0x05, 0x06, 0x07};
    for (size_t n = 5; n < sizeof ecn; ++n)
        assert_int_equal(scan_initial_frames(ecn, n).status, ParseStatus::Malformed);
    const uint8_t crypto[] = {0x06, 0x00, 0x03, 0xaa, 0xbb, 0xcc};
    for (size_t n = 1; n < sizeof crypto; ++n)
        assert_int_equal(scan_initial_frames(crypto, n).status, ParseStatus::Malformed);
    const uint8_t close[] = {0x1c, 0x0a, 0x06, 0x02, 'h', 'i'};
    for (size_t n = 1; n < sizeof close; ++n)
        assert_int_equal(scan_initial_frames(close, n).status, ParseStatus::Malformed);
    const uint8_t two_byte_type[] = {0x40};
    assert_int_equal(scan_initial_frames(two_byte_type, 1).status, ParseStatus::Malformed);
    assert_int_equal(scan_initial_frames(nullptr, 0).status, ParseStatus::Malformed);
}

static void test_scan_initial_frames_crypto_huge_offset(void **) {
    // Offset 2^62-1 (largest varint) with length 1: offset + length exceeds 2^62-1.
    const uint8_t p[] = {0x06, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0xaa};
    const FrameScan s = scan_initial_frames(p, sizeof p);
    assert_int_equal(s.status, ParseStatus::Malformed);
    assert_int_equal(s.crypto_count, 0);
    // The same offset with length 0 is legal (sum == 2^62-1).
    const uint8_t q[] = {0x06, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00};
    const FrameScan t = scan_initial_frames(q, sizeof q);
    assert_int_equal(t.status, ParseStatus::Ok);
    assert_true(t.crypto[0].offset == kMaxStreamOffset);
}

static void test_scan_initial_frames_connection_close(void **) {
    const uint8_t p[] = {0x1c, 0x0a, 0x06, 0x02, 'h', 'i', 0x00};
    FrameScan s = scan_initial_frames(p, sizeof p);
    assert_int_equal(s.status, ParseStatus::Ok);
    assert_true(s.connection_close);
    assert_false(s.app_close_in_initial);
    assert_int_equal(s.close_error_code, 0x0a);
    const uint8_t app[] = {0x1d, 0x01, 0x00};
    s = scan_initial_frames(app, sizeof app);
    assert_int_equal(s.status, ParseStatus::Ok);
    assert_true(s.app_close_in_initial);
}

static void test_scan_initial_frames_unsupported_type(void **) {
    // STREAM (0x08) may not appear in an Initial: stop there, keep what came before.
    const uint8_t p[] = {0x06, 0x00, 0x01, 0xaa, 0x08, 0x00, 0x00};
    const FrameScan s = scan_initial_frames(p, sizeof p);
    assert_int_equal(s.status, ParseStatus::Unsupported);
    assert_int_equal(s.unsupported_type, 0x08);
    assert_int_equal(s.stop_offset, 4);
    assert_int_equal(s.crypto_count, 1);
}

static void test_scan_initial_frames_crypto_cap(void **) {
    // kMaxCryptoFrames + 3 one-byte CRYPTO frames: the extra ones are counted and flagged.
    std::vector<uint8_t> p;
    for (size_t i = 0; i < kMaxCryptoFrames + 3; ++i) {
        p.push_back(0x06);
        p.push_back(static_cast<uint8_t>(0x40 | (i >> 8)));
        p.push_back(static_cast<uint8_t>(i));
        p.push_back(0x01);
        p.push_back(static_cast<uint8_t>(i));
    }
    const FrameScan s = scan_initial_frames(p.data(), p.size());
    assert_int_equal(s.status, ParseStatus::Ok);
    assert_int_equal(s.crypto_count, kMaxCryptoFrames);
    assert_int_equal(s.crypto_total, kMaxCryptoFrames + 3);
    assert_true(s.crypto_overflow);
    assert_int_equal(s.crypto[kMaxCryptoFrames - 1].offset, kMaxCryptoFrames - 1);
}

static void test_scan_initial_frames_all_padding(void **) {
    const std::vector<uint8_t> p(1162, 0x00);
    const FrameScan s = scan_initial_frames(p.data(), p.size());
    assert_int_equal(s.status, ParseStatus::Ok);
    assert_int_equal(s.padding_bytes, 1162);
}

static void test_scan_initial_frames_gquic_dialect(void **) {
    // T051: PING 0x07, CRYPTO 0x08 (varint offset, length), PADDING; 0x06 is not CRYPTO here.
    const uint8_t p[] = {0x07, 0x08, 0x00, 0x02, 0xaa, 0xbb, 0x00, 0x00};
    FrameScan s = scan_initial_frames(p, sizeof p, FrameDialect::Gquic);
    assert_int_equal(s.status, ParseStatus::Ok);
    assert_int_equal(s.ping_count, 1);
    assert_int_equal(s.crypto_count, 1);
    assert_int_equal(s.crypto[0].data_offset, 4);
    assert_int_equal(s.padding_bytes, 2);
    const uint8_t ietf_crypto[] = {0x06, 0x00, 0x01, 0xaa};
    s = scan_initial_frames(ietf_crypto, sizeof ietf_crypto, FrameDialect::Gquic);
    assert_int_equal(s.status, ParseStatus::Unsupported);
    assert_int_equal(frame_dialect(0x54303531), FrameDialect::Gquic);
    assert_int_equal(frame_dialect(0x51303530), FrameDialect::Gquic); // Q050
    assert_int_equal(frame_dialect(0x51303436), FrameDialect::Ietf);  // Q046: never decrypted
    assert_int_equal(frame_dialect(0x00000001), FrameDialect::Ietf);
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan_initial_frames_mixed),
        cmocka_unit_test(test_scan_initial_frames_ack_ranges_validated),
        cmocka_unit_test(test_scan_initial_frames_truncated_frames),
        cmocka_unit_test(test_scan_initial_frames_crypto_huge_offset),
        cmocka_unit_test(test_scan_initial_frames_connection_close),
        cmocka_unit_test(test_scan_initial_frames_unsupported_type),
        cmocka_unit_test(test_scan_initial_frames_crypto_cap),
        cmocka_unit_test(test_scan_initial_frames_all_padding),
        cmocka_unit_test(test_scan_initial_frames_gquic_dialect),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
