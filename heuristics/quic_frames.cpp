// SPDX-License-Identifier: GPL-2.0-or-later
// Frame walker for decrypted QUIC Initial payloads (see quic_frames.h for specs and limits).
#include "quic_frames.h"

#include "quic_header.h"

namespace huntpack::quic {
namespace {

// RFC 9000 §19.3: an ACK range is at least two one-byte varints (Gap, ACK Range Length).
constexpr size_t kMinAckRangeBytes = 2;

bool fail_with(FrameScan &s, ParseStatus st, const char *why) {
    s.status = st;
    s.error = why;
    return false;
}

// RFC 9000 §19.1: count the run of 0x00 bytes (the type byte was already consumed). Padding
// is most of a client Initial, so scan the bytes directly instead of one read per byte.
void skip_padding(ByteView &r, FrameScan &s) {
    const uint8_t *p = r.data();
    const size_t n = r.remaining();
    size_t run = 0;
    while (run < n && p[run] == 0x00)
        ++run;
    r.advance(run);
    s.padding_bytes += 1 + run;
}

// RFC 9000 §19.3.1: every range must stay at or above packet number 0.
bool read_ack(ByteView &r, FrameScan &s, bool ecn) {
    uint64_t largest = r.read_varint();
    r.read_varint(); // ACK Delay
    uint64_t range_count = r.read_varint();
    uint64_t first_range = r.read_varint();
    if (r.failed())
        return fail_with(s, ParseStatus::Malformed, "ACK frame cut off");
    if (first_range > largest)
        return fail_with(s, ParseStatus::Malformed, "ACK first range below packet number 0");
    if (range_count > r.remaining() / kMinAckRangeBytes)
        return fail_with(s, ParseStatus::Malformed, "ACK range count exceeds the payload");
    uint64_t smallest = largest - first_range;
    for (uint64_t i = 0; i < range_count; ++i) {
        uint64_t gap = r.read_varint();
        uint64_t len = r.read_varint();
        if (r.failed())
            return fail_with(s, ParseStatus::Malformed, "ACK range cut off");
        // next largest = smallest - gap - 2; next smallest = next largest - len.
        if (smallest < 2 || gap > smallest - 2)
            return fail_with(s, ParseStatus::Malformed, "ACK gap below packet number 0");
        uint64_t next_largest = smallest - gap - 2;
        if (len > next_largest)
            return fail_with(s, ParseStatus::Malformed, "ACK range below packet number 0");
        smallest = next_largest - len;
    }
    if (ecn) { // RFC 9000 §19.3.2: ECT0, ECT1, ECN-CE counts
        r.read_varint();
        r.read_varint();
        r.read_varint();
        if (r.failed())
            return fail_with(s, ParseStatus::Malformed, "ACK ECN counts cut off");
        s.ack_ecn = true;
    }
    s.ack_count += 1;
    return true;
}

// RFC 9000 §19.6.
bool read_crypto(ByteView &r, FrameScan &s) {
    uint64_t offset = r.read_varint();
    uint64_t length = r.read_varint();
    if (r.failed())
        return fail_with(s, ParseStatus::Malformed, "CRYPTO frame header cut off");
    if (length > kMaxStreamOffset - offset) // offset <= 2^62-1 as a varint, so no wrap
        return fail_with(s, ParseStatus::Malformed, "CRYPTO offset + length exceeds 2^62-1");
    if (length > r.remaining())
        return fail_with(s, ParseStatus::Malformed, "CRYPTO data longer than the payload");
    const size_t data_offset = r.offset();
    r.advance(static_cast<size_t>(length));
    s.crypto_total += 1;
    if (s.crypto_count == kMaxCryptoFrames) {
        s.crypto_overflow = true;
        return true;
    }
    CryptoFrameRef &ref = s.crypto[s.crypto_count++];
    ref.offset = offset;
    ref.data_offset = data_offset;
    ref.length = static_cast<size_t>(length);
    return true;
}

// RFC 9000 §19.19.
bool read_connection_close(ByteView &r, FrameScan &s, bool app) {
    s.close_error_code = r.read_varint();
    if (!app)
        r.read_varint(); // Frame Type
    uint64_t reason_len = r.read_varint();
    if (r.failed() || reason_len > r.remaining())
        return fail_with(s, ParseStatus::Malformed, "CONNECTION_CLOSE cut off");
    r.advance(static_cast<size_t>(reason_len));
    s.connection_close = true;
    s.app_close_in_initial = s.app_close_in_initial || app;
    return true;
}

bool unsupported(FrameScan &s, uint64_t type) {
    s.unsupported_type = type;
    return fail_with(s, ParseStatus::Unsupported, "frame type not allowed in Initial packets");
}

bool read_gquic_frame(ByteView &r, FrameScan &s) {
    const uint8_t type = r.read_u8();
    if (r.failed())
        return fail_with(s, ParseStatus::Malformed, "frame type cut off");
    switch (type) {
    case kGquicFramePadding: skip_padding(r, s); return true;
    case kGquicFramePing: s.ping_count += 1; return true;
    case kGquicFrameCrypto: return read_crypto(r, s);
    default: return unsupported(s, type);
    }
}

bool read_frame(ByteView &r, FrameScan &s) {
    const uint64_t type = r.read_varint();
    if (r.failed())
        return fail_with(s, ParseStatus::Malformed, "frame type cut off");
    switch (type) {
    case kFramePadding: skip_padding(r, s); return true;
    case kFramePing: s.ping_count += 1; return true;
    case kFrameAck: return read_ack(r, s, false);
    case kFrameAckEcn: return read_ack(r, s, true);
    case kFrameCrypto: return read_crypto(r, s);
    case kFrameConnectionClose: return read_connection_close(r, s, false);
    case kFrameConnectionCloseApp: return read_connection_close(r, s, true);
    default: return unsupported(s, type);
    }
}

} // namespace

FrameDialect frame_dialect(uint32_t version) {
    const VersionFamily f = classify_version(version).family;
    return f == VersionFamily::GquicTls || f == VersionFamily::GquicCryptoInitial
               ? FrameDialect::Gquic
               : FrameDialect::Ietf;
}

FrameScan scan_initial_frames(const uint8_t *payload, size_t len, FrameDialect dialect) {
    FrameScan s;
    ByteView r(payload, len);
    // RFC 9000 §12.4: a packet carries at least one frame.
    if (r.empty())
        fail_with(s, ParseStatus::Malformed, "payload has no frames");
    while (s.status == ParseStatus::Ok && !r.empty()) {
        const size_t start = r.offset();
        const bool ok = dialect == FrameDialect::Gquic ? read_gquic_frame(r, s) : read_frame(r, s);
        if (!ok)
            s.stop_offset = start;
    }
    if (s.status == ParseStatus::Ok)
        s.stop_offset = r.offset();
    return s;
}

} // namespace huntpack::quic
