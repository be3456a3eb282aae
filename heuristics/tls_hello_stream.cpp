// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls_hello_stream.h"

#include <algorithm>
#include <cstring>

namespace huntpack::tls {

namespace {

constexpr uint16_t kExtSupportedVersionsId = 0x002b; // RFC 8446 §4.2.1

// RFC 8446 §4.1.3: a HelloRetryRequest is a ServerHello whose random is SHA-256 of
// "HelloRetryRequest".
constexpr uint8_t kHelloRetryRandom[kRandomLen] = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

enum : uint8_t { kLooking = 0, kCollecting = 1, kDone = 2 };

} // namespace

ServerHello parse_server_hello(ByteView r) {
    ServerHello sh;
    if (r.remaining() < kHandshakeHeaderLen)
        return sh; // Truncated
    if (r.read_u8() != kHandshakeServerHello) {
        sh.status = ParseStatus::Unsupported;
        return sh;
    }
    const uint32_t len = r.read_u24();
    const bool short_input = r.remaining() < len;
    ByteView b = r.sub(short_input ? r.remaining() : len);

    sh.legacy_version = b.read_u16();
    // A read past a complete message's end: its declared length is too short for its fields.
    const ParseStatus cut = short_input ? ParseStatus::Truncated : ParseStatus::Malformed;
    const uint8_t *random = b.data();
    if (!b.advance(kRandomLen)) {
        sh.status = cut;
        return sh;
    }
    sh.hello_retry_request = std::memcmp(random, kHelloRetryRandom, kRandomLen) == 0;
    const uint8_t sid_len = b.read_u8();
    if (b.ok() && sid_len > kMaxSessionIdLen) {
        sh.status = ParseStatus::Malformed;
        return sh;
    }
    b.advance(sid_len);
    sh.cipher_suite = b.read_u16();
    sh.compression_method = b.read_u8();
    if (b.failed()) {
        sh.status = cut;
        return sh;
    }
    // RFC 5246 §7.4.1.3: the extensions block may be absent entirely.
    if (!b.empty()) {
        const uint16_t ext_len = b.read_u16();
        if (b.failed() || (!short_input && ext_len != b.remaining())) {
            sh.status = cut;
            return sh;
        }
        ByteView e = b.sub(ext_len);
        while (!e.empty()) {
            const uint16_t type = e.read_u16();
            const uint16_t elen = e.read_u16();
            if (e.failed() || elen > e.remaining()) {
                sh.status = cut;
                return sh;
            }
            ByteView body = e.sub(elen);
            if (type == kExtSupportedVersionsId && !sh.selected_version) {
                // RFC 8446 §4.2.1: in a ServerHello the body is one ProtocolVersion.
                if (elen != 2) {
                    sh.status = ParseStatus::Malformed;
                    return sh;
                }
                sh.selected_version = body.read_u16();
            }
        }
        if (e.failed() || b.failed()) {
            sh.status = cut;
            return sh;
        }
    }
    sh.status = short_input ? ParseStatus::Truncated : ParseStatus::Ok;
    return sh;
}

void HelloStream::abandon(const HelloAllocator &a) {
    if (buf && a.free)
        a.free(a.ctx, buf);
    buf = nullptr;
    have = 0;
    state = kDone;
}

void HelloStream::rearm(const HelloAllocator &a, bool ccs_only) {
    // guard stays as it is: set at a completion, with next_seq only moving forward, so a second
    // re-arm (ccs_only after a ClientHello, then again for a HelloRetryRequest) keeps it.
    abandon(a);
    state = kLooking;
    looked = 0;
    ccs_first = ccs_only;
}

HelloFeed HelloStream::feed(const HelloAllocator &a, uint32_t seq, const uint8_t *p, size_t n,
                            HandshakeExtract *out) {
    if (state == kDone)
        return HelloFeed::Idle;
    if (!p || n == 0)
        return state == kCollecting ? HelloFeed::Collecting : HelloFeed::Idle;
    if (state == kLooking) {
        if (guard && static_cast<int32_t>(seq - next_seq) < 0)
            return HelloFeed::Idle; // old bytes again (a retransmission of the first hello)
        // Leading change_cipher_spec (type 20, length 1, RFC 8446 Appendix D.4) and alert
        // records (type 21, length 2, e.g. a warning unrecognized_name before a ServerHello,
        // RFC 6066 §3) are stepped over, two at most: their bytes count as taken.
        bool ccs = false;
        for (int skipped = 0; skipped < 2 && n >= 5; ++skipped) {
            const size_t len = size_t{p[3]} << 8 | p[4];
            const bool small = p[1] == 0x03 && ((p[0] == 20 && len == 1) || (p[0] == 21 && len == 2));
            if (!small || n < kRecordHeaderLen + len + 6)
                break;
            ccs = ccs || p[0] == 20;
            p += kRecordHeaderLen + len;
            n -= kRecordHeaderLen + len;
            seq += static_cast<uint32_t>(kRecordHeaderLen + len);
        }
        // A hello starts a payload with a handshake record header (RFC 8446 §5.1: type 22,
        // legacy_record_version 3.x, a length of 1..2^14) whose fragment starts with the type of
        // a ClientHello or ServerHello (the first 6 bytes decide).
        const size_t rlen = n >= 5 ? (size_t{p[3]} << 8 | p[4]) : 0;
        const bool starts = (ccs || !ccs_first) && n >= 6 && p[0] == kContentTypeHandshake && p[1] == 0x03 && rlen > 0 &&
                            rlen <= kMaxRecordPayloadLen &&
                            (p[5] == kHandshakeClientHello || p[5] == kHandshakeServerHello);
        if (!starts) {
            if (++looked >= kMaxHelloLookSegments)
                abandon(a);
            return HelloFeed::Idle;
        }
        state = kCollecting;
        next_seq = seq;
    }
    // Serial-number arithmetic (RFC 9293 §3.4): bytes before next_seq were taken already.
    const int32_t delta = static_cast<int32_t>(seq - next_seq);
    if (delta > 0) {
        abandon(a); // a gap: the bytes before this segment were not seen
        return HelloFeed::Abandoned;
    }
    const size_t skip = static_cast<size_t>(-static_cast<int64_t>(delta));
    if (skip >= n)
        return HelloFeed::Collecting; // a retransmission of bytes already taken
    p += skip;
    n -= skip;

    HandshakeExtract x;
    if (have == 0) {
        // Most hellos fit one segment: parse the payload in place, no buffer.
        x = extract_first_handshake(ByteView(p, n));
        if (x.status == ParseStatus::Ok) {
            *out = std::move(x);
            abandon(a);
            next_seq = next_seq + static_cast<uint32_t>(n); // the end of what was looked at
            guard = true;
            return HelloFeed::Complete;
        }
    }
    if (x.status != ParseStatus::Truncated || !a.realloc || have >= kMaxHelloStreamBytes) {
        abandon(a);
        return HelloFeed::Abandoned;
    }
    // Only what the bound allows is kept (a large TSO/GRO segment may hold the hello's rest and
    // much more): the hello is complete within it or never will be.
    const size_t take = std::min(n, kMaxHelloStreamBytes - have);
    auto *grown = static_cast<uint8_t *>(a.realloc(a.ctx, buf, have + take));
    if (!grown) {
        abandon(a);
        return HelloFeed::Abandoned;
    }
    buf = grown;
    std::memcpy(buf + have, p, take);
    have += static_cast<uint32_t>(take);
    next_seq += static_cast<uint32_t>(n);
    if (have > take)
        x = extract_first_handshake(ByteView(buf, have));
    if (x.status == ParseStatus::Truncated) {
        if (have >= kMaxHelloStreamBytes) {
            abandon(a);
            return HelloFeed::Abandoned;
        }
        return HelloFeed::Collecting;
    }
    if (x.status != ParseStatus::Ok) {
        abandon(a);
        return HelloFeed::Abandoned;
    }
    *out = std::move(x);
    abandon(a);
    guard = true; // next_seq: the end of this segment
    return HelloFeed::Complete;
}

} // namespace huntpack::tls
