// SPDX-License-Identifier: GPL-2.0-or-later
// tcperr: per-conversation TCP error counters and their interpretation; see tcperr.h.
#include "tcperr.h"

#include "tcp_analysis.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace huntpack::tcperr {

const char *kind_name(Kind k)
{
    switch (k) {
    case Kind::Retransmission: return "retransmission";
    case Kind::FastRetransmission: return "fast-retransmission";
    case Kind::SpuriousRetransmission: return "spurious-retransmission";
    case Kind::DupAck: return "dup-ack";
    case Kind::OutOfOrder: return "out-of-order";
    case Kind::LostSegment: return "lost-segment";
    case Kind::AckedUnseen: return "acked-unseen";
    case Kind::ZeroWindow: return "zero-window";
    case Kind::WindowFull: return "window-full";
    case Kind::KeepAlive: return "keep-alive";
    case Kind::Rst: return "rst";
    }
    return "?";
}

const char *pattern_name(uint16_t p)
{
    switch (p) {
    case kLossCongestion: return "loss-congestion";
    case kTimeoutLoss: return "timeout-loss";
    case kSpurious: return "spurious-retransmission";
    case kInjection: return "possible-injection";
    case kDupAckNoLoss: return "dup-ack-without-loss";
    case kCaptureLoss: return "capture-loss";
    case kRstStorm: return "rst-storm";
    case kReset: return "reset";
    case kReceiverStalled: return "receiver-stalled";
    case kReordering: return "reordering";
    case kKeepAlive: return "keep-alive";
    case kTtlMacChange: return "ttl-mac-change";
    default: return "?";
    }
}

namespace {

uint32_t n(const FlowErrors &f, Kind k) { return f.count[static_cast<size_t>(k)]; }

// Updates the direction's usual identity; true when this frame's TTL or MAC is unusual.
bool note_identity(DirIdentity &d, const FrameEvent &e)
{
    bool odd = false;
    d.frames++;
    if (e.has_ttl) {
        if (!d.ttl_known) {
            d.ttl_known = true;
            d.ttl = e.ttl;
        } else {
            const int diff = e.ttl > d.ttl ? e.ttl - d.ttl : d.ttl - e.ttl;
            if (diff > kTtlTolerance) {
                if (d.ttl_changes++ == 0) {
                    d.odd_ttl = e.ttl;
                    d.first_odd_ttl_frame = e.frame;
                }
                odd = true;
            }
        }
    }
    if (e.has_mac) {
        if (!d.mac_known) {
            d.mac_known = true;
            std::memcpy(d.mac, e.mac, kMacLen);
        } else if (std::memcmp(d.mac, e.mac, kMacLen) != 0) {
            if (d.mac_changes++ == 0) {
                std::memcpy(d.odd_mac, e.mac, kMacLen);
                d.first_odd_mac_frame = e.frame;
            }
            odd = true;
        }
    }
    return odd;
}

} // namespace

uint16_t observe(FlowErrors &f, const FrameEvent &e)
{
    const bool odd = note_identity(f.dir[e.dir & 1u], e);
    // Nearly every frame: no error, usual TTL and MAC. Nothing that patterns() reads changed, so
    // nothing new can be established (established already holds every pattern seen so far).
    if (!e.kinds && !odd)
        return 0;
    for (size_t i = 0; i < kKinds; i++) {
        if (!(e.kinds & (1u << i)))
            continue;
        if (f.count[i]++ == 0)
            f.first_frame[i] = e.frame;
    }
    if (e.kinds & ~bit(Kind::KeepAlive)) {
        if (!f.first_error_frame)
            f.first_error_frame = e.frame;
        if (odd) {
            const bool au = e.kinds & bit(Kind::AckedUnseen), da = e.kinds & bit(Kind::DupAck),
                       rst = e.kinds & bit(Kind::Rst);
            f.odd_acked_unseen += au;
            f.odd_dup_ack += da;
            f.odd_rst += rst;
            if ((au || da || rst) && !f.first_odd_error_frame)
                f.first_odd_error_frame = e.frame;
        }
    }
    const uint16_t now = patterns(f);
    const uint16_t fresh = static_cast<uint16_t>(now & ~f.established);
    f.established |= now;
    return fresh;
}

uint32_t errors(const FlowErrors &f)
{
    uint32_t s = 0;
    for (size_t i = 0; i < kKinds; i++)
        if (i != static_cast<size_t>(Kind::KeepAlive))
            s += f.count[i];
    return s;
}

uint16_t patterns(const FlowErrors &f)
{
    uint16_t p = 0;
    // Wireshark also marks fast and spurious retransmissions as retransmissions; count the
    // plain ones that were not spurious as evidence of real loss.
    const uint32_t retx = n(f, Kind::Retransmission) + n(f, Kind::FastRetransmission);
    const uint32_t spurious = n(f, Kind::SpuriousRetransmission);
    const bool real_retx = retx > spurious;
    const uint32_t dup = n(f, Kind::DupAck), lost = n(f, Kind::LostSegment),
                   unseen = n(f, Kind::AckedUnseen), ooo = n(f, Kind::OutOfOrder),
                   rst = n(f, Kind::Rst);
    if (dup && real_retx)
        p |= kLossCongestion;
    if (real_retx && !dup)
        p |= kTimeoutLoss;
    if (spurious)
        p |= kSpurious;
    if (f.odd_acked_unseen + f.odd_dup_ack + f.odd_rst)
        p |= kInjection;
    if (dup && !retx && !spurious && !lost && !ooo)
        p |= kDupAckNoLoss;
    // Gaps nobody retransmitted: the receiver had the data, the capture missed it. Gaps that a
    // reordered segment filled, and ACKs that came from an unusual TTL/MAC, do not count.
    if ((lost > ooo || unseen > f.odd_acked_unseen) && !retx)
        p |= kCaptureLoss;
    if (rst >= kRstStormMin)
        p |= kRstStorm;
    else if (rst)
        p |= kReset;
    if (n(f, Kind::ZeroWindow))
        p |= kReceiverStalled;
    if (ooo)
        p |= kReordering;
    if (n(f, Kind::KeepAlive) && errors(f) == 0)
        p |= kKeepAlive;
    for (const DirIdentity &d : f.dir)
        if (d.ttl_changes || d.mac_changes)
            p |= kTtlMacChange;
    return p;
}

static uint8_t pattern_severity(uint16_t p)
{
    switch (p) {
    case kInjection: case kRstStorm: return 2;
    case kDupAckNoLoss: case kLossCongestion: case kTimeoutLoss: case kReceiverStalled:
    case kSpurious: case kTtlMacChange: return 1;
    default: return 0;
    }
}

uint8_t severity(uint16_t pats)
{
    uint8_t s = 0;
    for (size_t i = 0; i < kPatterns; i++)
        if (pats & (1u << i))
            s = std::max(s, pattern_severity(static_cast<uint16_t>(1u << i)));
    return s;
}

bool worth_trait(uint16_t pats)
{
    // A TTL/MAC change alone is evidence, not a finding: it needs an error to matter.
    return severity(static_cast<uint16_t>(pats & ~kTtlMacChange)) >= 1;
}

namespace {

void mac_str(char *out, size_t len, const uint8_t *m)
{
    std::snprintf(out, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

std::string sentence(uint16_t p, const FlowErrors &f)
{
    char b[256];
    switch (p) {
    case kInjection:
        std::snprintf(b, sizeof b,
            "possible interception or injection: %u ACKed-unseen, %u dup-ACK and %u RST frame(s) "
            "came with a TTL or source MAC unlike the rest of their direction",
            f.odd_acked_unseen, f.odd_dup_ack, f.odd_rst);
        return b;
    case kRstStorm:
        std::snprintf(b, sizeof b, "RST storm: %u resets in one conversation", n(f, Kind::Rst));
        return b;
    case kDupAckNoLoss:
        return "duplicate ACKs without loss, retransmission or reordering: ACKs possibly injected "
               "by a middlebox";
    case kLossCongestion:
        return "packet loss or congestion on the path: duplicate ACKs and retransmissions";
    case kTimeoutLoss:
        return "retransmissions without duplicate ACKs: timeouts (lost tail or unresponsive peer)";
    case kSpurious:
        return "spurious retransmissions: data had arrived (RTO too short or ACKs lost)";
    case kReceiverStalled:
        return "receiver stalled: it advertised a zero window";
    case kTtlMacChange:
        return "TTL or source MAC changed within a direction";
    case kCaptureLoss:
        return "capture-side loss: segments missing from the capture were never retransmitted";
    case kReset:
        return "connection reset";
    case kReordering:
        return "reordering: out-of-order segments";
    case kKeepAlive:
        return "idle connection kept alive";
    default:
        return {};
    }
}

} // namespace

Interpretation interpret(const FlowErrors &f)
{
    Interpretation r;
    r.patterns = patterns(f);
    r.severity = severity(r.patterns);
    // Strongest first: by severity, then in enum order.
    for (int sev = 3; sev >= 0; sev--) {
        for (size_t i = 0; i < kPatterns; i++) {
            const auto p = static_cast<uint16_t>(1u << i);
            if (!(r.patterns & p) || pattern_severity(p) != sev)
                continue;
            if (!r.summary.empty())
                r.summary += "; ";
            r.summary += sentence(p, f);
        }
    }
    if (r.summary.empty())
        r.summary = "no errors";
    char b[160];
    for (size_t i = 0; i < kKinds; i++) {
        if (!f.count[i])
            continue;
        std::snprintf(b, sizeof b, "%s%s %u (first #%u)", r.evidence.empty() ? "" : ", ",
            kind_name(static_cast<Kind>(i)), f.count[i], f.first_frame[i]);
        r.evidence += b;
    }
    static const char *const dir_name[2] = {"A->B", "B->A"};
    for (int d = 0; d < 2; d++) {
        const DirIdentity &id = f.dir[d];
        if (id.ttl_changes) {
            std::snprintf(b, sizeof b, "%s%s TTL %u, then %u at #%u (%u of %u frames unusual)",
                r.evidence.empty() ? "" : "; ", dir_name[d], id.ttl, id.odd_ttl,
                id.first_odd_ttl_frame, id.ttl_changes, id.frames);
            r.evidence += b;
        }
        if (id.mac_changes) {
            char m1[18], m2[18];
            mac_str(m1, sizeof m1, id.mac);
            mac_str(m2, sizeof m2, id.odd_mac);
            std::snprintf(b, sizeof b, "%s%s MAC %s, then %s at #%u (%u of %u frames unusual)",
                r.evidence.empty() ? "" : "; ", dir_name[d], m1, m2, id.first_odd_mac_frame,
                id.mac_changes, id.frames);
            r.evidence += b;
        }
    }
    if (f.first_odd_error_frame) {
        std::snprintf(b, sizeof b, "; first error frame with unusual TTL/MAC #%u", f.first_odd_error_frame);
        r.evidence += b;
    }
    return r;
}

uint16_t kinds_from_tcp_a(uint16_t f) {
    if (!f)
        return 0; // most frames
    namespace tcpa = huntpack::tcpa;
    static constexpr struct {
        uint16_t tcp_a;
        Kind kind;
    } kMap[] = {{tcpa::kFastRetransmission, Kind::FastRetransmission},
                {tcpa::kSpuriousRetransmission, Kind::SpuriousRetransmission}, {tcpa::kDuplicateAck, Kind::DupAck},
                {tcpa::kOutOfOrder, Kind::OutOfOrder}, {tcpa::kLostPacket, Kind::LostSegment},
                {tcpa::kAckLostPacket, Kind::AckedUnseen}, {tcpa::kZeroWindow, Kind::ZeroWindow},
                {tcpa::kWindowFull, Kind::WindowFull}, {tcpa::kKeepAlive, Kind::KeepAlive}};
    uint16_t k = tcpa::shows_retransmission(f) ? bit(Kind::Retransmission) : 0;
    for (const auto &m : kMap)
        if (f & m.tcp_a)
            k |= bit(m.kind);
    return k;
}

} // namespace huntpack::tcperr
