// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the TCP error interpretation: each pattern from its minimal evidence, the patterns
// that must not fire on look-alikes, per-direction TTL/MAC tracking, the frame that establishes
// a pattern, severities and thresholds.
#include "cmocka_cxx.h"
#include "tcperr.h"

#include <cstring>

using namespace huntpack::tcperr;

namespace {

const uint8_t kMacA[6] = {2, 0, 0, 0, 0, 1}, kMacB[6] = {2, 0, 0, 0, 0, 2}, kMacX[6] = {2, 0, 0, 0, 0, 0x66};

FrameEvent ev(uint32_t frame, uint8_t dir, uint16_t kinds, uint8_t ttl = 64, const uint8_t *mac = nullptr)
{
    FrameEvent e;
    e.frame = frame;
    e.dir = dir;
    e.kinds = kinds;
    e.has_ttl = true;
    e.ttl = ttl;
    if (!mac)
        mac = dir ? kMacB : kMacA;
    e.has_mac = true;
    std::memcpy(e.mac, mac, 6);
    return e;
}

// A conversation with a clean start in both directions (usual TTL 64 / 50).
FlowErrors clean()
{
    FlowErrors f;
    observe(f, ev(1, 0, 0, 64));
    observe(f, ev(2, 1, 0, 50));
    return f;
}

void test_kind_name_all(void **)
{
    assert_string_equal(kind_name(Kind::DupAck), "dup-ack");
    assert_string_equal(kind_name(Kind::AckedUnseen), "acked-unseen");
    assert_string_equal(kind_name(Kind::Rst), "rst");
    for (size_t i = 0; i < kKinds; i++)
        assert_string_not_equal(kind_name(static_cast<Kind>(i)), "?");
    for (size_t i = 0; i < kPatterns; i++)
        assert_string_not_equal(pattern_name(static_cast<uint16_t>(1u << i)), "?");
}

void test_observe_counts_and_first_frames(void **)
{
    FlowErrors f = clean();
    observe(f, ev(5, 1, bit(Kind::DupAck), 50));
    observe(f, ev(6, 1, bit(Kind::DupAck), 50));
    observe(f, ev(9, 0, bit(Kind::Retransmission) | bit(Kind::FastRetransmission), 64));
    assert_int_equal(f.count[static_cast<size_t>(Kind::DupAck)], 2);
    assert_int_equal(f.first_frame[static_cast<size_t>(Kind::DupAck)], 5);
    assert_int_equal(f.first_frame[static_cast<size_t>(Kind::FastRetransmission)], 9);
    assert_int_equal(f.first_error_frame, 5);
    assert_int_equal(errors(f), 4);
}

void test_patterns_loss_congestion(void **)
{
    FlowErrors f = clean();
    observe(f, ev(5, 1, bit(Kind::DupAck), 50));
    const uint16_t fresh = observe(f, ev(7, 0, bit(Kind::Retransmission) | bit(Kind::FastRetransmission)));
    assert_true(fresh & kLossCongestion); // established by the retransmission frame
    assert_int_equal(patterns(f), kLossCongestion);
    assert_int_equal(severity(patterns(f)), 1);
    assert_true(worth_trait(patterns(f)));
}

void test_patterns_timeout_loss(void **)
{
    FlowErrors f = clean();
    observe(f, ev(5, 0, bit(Kind::Retransmission)));
    assert_int_equal(patterns(f), kTimeoutLoss);
}

void test_patterns_spurious_is_not_loss(void **)
{
    FlowErrors f = clean();
    observe(f, ev(5, 0, bit(Kind::Retransmission) | bit(Kind::SpuriousRetransmission)));
    observe(f, ev(6, 1, bit(Kind::DupAck), 50));
    assert_int_equal(patterns(f), kSpurious); // no loss, and its dup ACK is not "without loss"
}

void test_patterns_dup_ack_without_loss(void **)
{
    FlowErrors f = clean();
    uint16_t fresh = observe(f, ev(5, 1, bit(Kind::DupAck), 50));
    assert_int_equal(fresh, kDupAckNoLoss);
    fresh = observe(f, ev(6, 1, bit(Kind::DupAck), 50));
    assert_int_equal(fresh, 0); // reported once
    // A later retransmission turns it into ordinary loss.
    observe(f, ev(7, 0, bit(Kind::Retransmission)));
    assert_int_equal(patterns(f), kLossCongestion);
}

void test_patterns_reordering_not_capture_loss(void **)
{
    FlowErrors f = clean();
    observe(f, ev(5, 0, bit(Kind::LostSegment)));
    observe(f, ev(6, 1, bit(Kind::DupAck), 50));
    observe(f, ev(7, 0, bit(Kind::OutOfOrder)));
    assert_int_equal(patterns(f), kReordering);
    assert_int_equal(severity(patterns(f)), 0);
    assert_false(worth_trait(patterns(f)));
}

void test_patterns_capture_loss(void **)
{
    FlowErrors f = clean();
    observe(f, ev(5, 0, bit(Kind::LostSegment)));
    observe(f, ev(6, 1, bit(Kind::AckedUnseen), 50));
    assert_int_equal(patterns(f), kCaptureLoss);
    assert_false(worth_trait(patterns(f)));
    // A retransmission means the network lost it, not the capture.
    observe(f, ev(8, 0, bit(Kind::Retransmission)));
    assert_false(patterns(f) & kCaptureLoss);
}

void test_patterns_injection_by_ttl(void **)
{
    FlowErrors f = clean();
    const uint16_t fresh = observe(f, ev(5, 1, bit(Kind::AckedUnseen), 64)); // usual is 50
    assert_true(fresh & kInjection);
    assert_true(fresh & kTtlMacChange);
    assert_false(fresh & kCaptureLoss); // the odd ACK does not count as capture loss
    assert_int_equal(f.odd_acked_unseen, 1);
    assert_int_equal(f.first_odd_error_frame, 5);
    assert_int_equal(severity(patterns(f)), 2);
    const Interpretation in = interpret(f);
    assert_non_null(strstr(in.summary.c_str(), "possible interception or injection"));
    assert_non_null(strstr(in.evidence.c_str(), "B->A TTL 50, then 64 at #5"));
}

void test_patterns_injection_by_mac(void **)
{
    FlowErrors f = clean();
    observe(f, ev(5, 1, bit(Kind::Rst), 50, kMacX));
    assert_true(patterns(f) & kInjection);
    assert_true(patterns(f) & kReset);
    const Interpretation in = interpret(f);
    assert_non_null(strstr(in.evidence.c_str(), "B->A MAC 02:00:00:00:00:02, then 02:00:00:00:00:66 at #5"));
}

void test_identity_change_without_error_is_not_a_trait(void **)
{
    FlowErrors f = clean();
    observe(f, ev(5, 1, 0, 49)); // route change: TTL differs, no error
    assert_int_equal(patterns(f), kTtlMacChange);
    assert_false(worth_trait(patterns(f)));
    assert_int_equal(f.dir[1].ttl_changes, 1);
    assert_int_equal(f.dir[0].ttl_changes, 0);
}

void test_identity_directions_are_separate(void **)
{
    FlowErrors f;
    observe(f, ev(1, 0, 0, 64));
    observe(f, ev(2, 1, 0, 50)); // different TTL, other direction: its own usual value
    assert_int_equal(f.dir[0].ttl_changes + f.dir[1].ttl_changes, 0);
    FrameEvent e = ev(3, 1, bit(Kind::DupAck), 0);
    e.has_ttl = false;
    e.has_mac = false;
    observe(f, e); // unknown identity is never "unusual"
    assert_int_equal(f.odd_dup_ack, 0);
}

void test_rst_storm_threshold(void **)
{
    FlowErrors f = clean();
    for (uint32_t i = 0; i + 1 < kRstStormMin; i++)
        observe(f, ev(10 + i, 1, bit(Kind::Rst), 50));
    assert_int_equal(patterns(f), kReset);
    const uint16_t fresh = observe(f, ev(20, 1, bit(Kind::Rst), 50));
    assert_int_equal(fresh, kRstStorm);
    assert_true(patterns(f) & kRstStorm);
    assert_false(patterns(f) & kReset);
    assert_int_equal(severity(patterns(f)), 2);
}

void test_zero_window_and_keep_alive(void **)
{
    FlowErrors f = clean();
    observe(f, ev(5, 0, bit(Kind::KeepAlive)));
    assert_int_equal(patterns(f), kKeepAlive);
    assert_int_equal(errors(f), 0);
    assert_int_equal(f.first_error_frame, 0);
    observe(f, ev(6, 1, bit(Kind::ZeroWindow), 50));
    assert_int_equal(patterns(f), kReceiverStalled); // keep-alive no longer the story
}

void test_interpret_order_and_empty(void **)
{
    FlowErrors f = clean();
    assert_string_equal(interpret(f).summary.c_str(), "no errors");
    observe(f, ev(5, 0, bit(Kind::OutOfOrder)));
    for (uint32_t i = 0; i < kRstStormMin; i++)
        observe(f, ev(10 + i, 1, bit(Kind::Rst), 50));
    const Interpretation in = interpret(f);
    // Strongest first: the storm (warn) before reordering (info).
    assert_true(in.summary.find("RST storm") < in.summary.find("reordering"));
    assert_int_equal(in.severity, 2);
    assert_non_null(strstr(in.evidence.c_str(), "out-of-order 1 (first #5)"));
}

} // namespace

// observe() returns what patterns() says became true with the frame, keeps every pattern ever
// seen in established, and counts every kind; its short path (a frame without errors and with
// the usual TTL and MAC) must keep all three. Random flows (fixed seed) of mostly clean frames
// with errors, TTL and MAC changes mixed in; after each frame the flow is checked against
// patterns() and against counts kept here (each kind's count and first frame, the first error).
static void test_observe_returns_exactly_the_new_patterns(void **)
{
    uint32_t x = 12345;
    auto rnd = [&x](uint32_t n) { x = x * 1103515245u + 12345u; return (x >> 8) % n; };
    int fresh_frames = 0, clean_frames = 0;
    for (int flow = 0; flow < 200; flow++) {
        FlowErrors f;
        uint32_t count[kKinds] = {}, first[kKinds] = {}, first_error = 0;
        for (uint32_t frame = 1; frame <= 60; frame++) {
            const uint8_t dir = static_cast<uint8_t>(rnd(2));
            const uint16_t kinds = rnd(8) == 0 ? static_cast<uint16_t>(1u << rnd(kKinds)) : 0;
            const uint8_t ttl = static_cast<uint8_t>(rnd(12) == 0 ? 128 : dir ? 50 : 64);
            const uint8_t *mac = rnd(20) == 0 ? kMacX : nullptr;
            const uint16_t before = f.established;
            const uint16_t fresh = observe(f, ev(frame, dir, kinds, ttl, mac));
            assert_int_equal(fresh, patterns(f) & ~before);
            assert_int_equal(f.established, before | patterns(f));
            for (size_t i = 0; i < kKinds; i++)
                if (kinds & (1u << i) && count[i]++ == 0)
                    first[i] = frame;
            if ((kinds & ~bit(Kind::KeepAlive)) && !first_error)
                first_error = frame;
            for (size_t i = 0; i < kKinds; i++) {
                assert_int_equal(f.count[i], count[i]);
                assert_int_equal(f.first_frame[i], first[i]);
            }
            assert_int_equal(f.first_error_frame, first_error);
            fresh_frames += fresh != 0;
            clean_frames += !kinds && ttl != 128 && !mac;
        }
    }
    assert_true(fresh_frames > 100); // the flows did establish patterns
    assert_true(clean_frames > 5000); // and most frames were clean (the short path's)
}

// The kinds of packet-tcp.c's TCP_A_* bits: retransmission also for fast and spurious ones (the
// same expert fields packet-tcp.c raises), nothing for bits tcperr does not count (0x0040 zero
// window probe, 0x0080 its ACK, 0x0100 keep-alive ACK, 0x0800 window update, 0x2000 reused
// ports, 0x8000 old data); Rst never comes from them.
static void test_kinds_from_tcp_a(void **) {
    assert_int_equal(kinds_from_tcp_a(0), 0);
    assert_int_equal(kinds_from_tcp_a(0x0001), bit(Kind::Retransmission));
    assert_int_equal(kinds_from_tcp_a(0x0400), bit(Kind::Retransmission) | bit(Kind::FastRetransmission));
    assert_int_equal(kinds_from_tcp_a(0x4000), bit(Kind::Retransmission) | bit(Kind::SpuriousRetransmission));
    assert_int_equal(kinds_from_tcp_a(0x0010), bit(Kind::DupAck));
    assert_int_equal(kinds_from_tcp_a(0x0200), bit(Kind::OutOfOrder));
    assert_int_equal(kinds_from_tcp_a(0x0002), bit(Kind::LostSegment));
    assert_int_equal(kinds_from_tcp_a(0x0004), bit(Kind::AckedUnseen));
    assert_int_equal(kinds_from_tcp_a(0x0020), bit(Kind::ZeroWindow));
    assert_int_equal(kinds_from_tcp_a(0x1000), bit(Kind::WindowFull));
    assert_int_equal(kinds_from_tcp_a(0x0008), bit(Kind::KeepAlive));
    assert_int_equal(kinds_from_tcp_a(0x0040 | 0x0080 | 0x0100 | 0x0800 | 0x2000 | 0x8000), 0);
}

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds_from_tcp_a),
        cmocka_unit_test(test_observe_returns_exactly_the_new_patterns),
        cmocka_unit_test(test_kind_name_all),
        cmocka_unit_test(test_observe_counts_and_first_frames),
        cmocka_unit_test(test_patterns_loss_congestion),
        cmocka_unit_test(test_patterns_timeout_loss),
        cmocka_unit_test(test_patterns_spurious_is_not_loss),
        cmocka_unit_test(test_patterns_dup_ack_without_loss),
        cmocka_unit_test(test_patterns_reordering_not_capture_loss),
        cmocka_unit_test(test_patterns_capture_loss),
        cmocka_unit_test(test_patterns_injection_by_ttl),
        cmocka_unit_test(test_patterns_injection_by_mac),
        cmocka_unit_test(test_identity_change_without_error_is_not_a_trait),
        cmocka_unit_test(test_identity_directions_are_separate),
        cmocka_unit_test(test_rst_storm_threshold),
        cmocka_unit_test(test_zero_window_and_keep_alive),
        cmocka_unit_test(test_interpret_order_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
