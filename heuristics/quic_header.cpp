// SPDX-License-Identifier: GPL-2.0-or-later
// QUIC long header parsing and version classification (see quic_header.h for specs and limits).
#include "quic_header.h"

namespace huntpack::quic {
namespace {

// RFC 9001 §5.2.
constexpr uint8_t kSaltV1[kInitialSaltLen] = {0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34,
                                              0xb3, 0x4d, 0x17, 0x9a, 0xe6, 0xa4, 0xc8,
                                              0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a};
// RFC 9369 §3.3.1.
constexpr uint8_t kSaltV2[kInitialSaltLen] = {0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6,
                                              0xdb, 0x81, 0x93, 0x81, 0xbe, 0x6e, 0x26,
                                              0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9};
// draft-ietf-quic-tls-29 §5.2 (used by drafts 29-32).
constexpr uint8_t kSaltDraft29[kInitialSaltLen] = {0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2,
                                                   0x4c, 0x9e, 0x97, 0x86, 0xf1, 0x9c, 0x61,
                                                   0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99};
// draft-ietf-quic-tls-23 §5.2 (used by drafts 23-28).
constexpr uint8_t kSaltDraft23[kInitialSaltLen] = {0xc3, 0xee, 0xf7, 0x12, 0xc7, 0x2e, 0xbb,
                                                   0x5a, 0x11, 0xa7, 0xd2, 0x43, 0x2b, 0xb4,
                                                   0x63, 0x65, 0xbe, 0xf9, 0xf5, 0x02};
// Google QUIC T050/T051 salts: public constants from Wireshark's packet-quic.c
// (handshake_salt_draft_t50 / _t51); chromium quic_versions.cc has the same values.
constexpr uint8_t kSaltT050[kInitialSaltLen] = {0x7f, 0xf5, 0x79, 0xe5, 0xac, 0xd0, 0x72,
                                                0x91, 0x55, 0x80, 0x30, 0x4c, 0x43, 0xa2,
                                                0x36, 0x7c, 0x60, 0x48, 0x83, 0x10};
constexpr uint8_t kSaltT051[kInitialSaltLen] = {0x7a, 0x4e, 0xde, 0xf4, 0xe7, 0xcc, 0xee,
                                                0x5f, 0xa4, 0x50, 0x6c, 0x19, 0x12, 0x4f,
                                                0xc8, 0xcc, 0xda, 0x6e, 0x03, 0x3d};
// Google QUIC Q050 salt: public constant from Wireshark's packet-quic.c
// (hanshake_salt_draft_q50, sic). Verified by decrypting ndpi/quic_q50.pcap (test_quic_q050.cpp).
constexpr uint8_t kSaltQ050[kInitialSaltLen] = {0x50, 0x45, 0x74, 0xef, 0xd0, 0x66, 0xfe,
                                                0x2f, 0x9d, 0x94, 0x5c, 0xfc, 0xdb, 0xd3,
                                                0xa7, 0xf0, 0xd3, 0xb5, 0x6b, 0x45};
// Drafts 29-32 share one salt; 33 and 34 already use the v1 salt.
constexpr uint8_t kFirstDraftSalt29 = 29;
// draft-ietf-quic-transport-28 §18 moved transport parameters to varints.
constexpr uint8_t kFirstDraftVarintTransportParams = 28;
constexpr uint8_t kFirstDraftSaltV1 = 33;

// RFC 9369 §3.2: Initial 0b01, 0-RTT 0b10, Handshake 0b11, Retry 0b00.
constexpr PacketType kV2Types[4] = {PacketType::Retry, PacketType::Initial, PacketType::ZeroRtt,
                                    PacketType::Handshake};
// RFC 9000 §17.2: Initial 0x0, 0-RTT 0x1, Handshake 0x2, Retry 0x3.
constexpr PacketType kV1Types[4] = {PacketType::Initial, PacketType::ZeroRtt,
                                    PacketType::Handshake, PacketType::Retry};

bool is_ascii_digit(uint32_t c) { return c >= '0' && c <= '9'; }

bool has_three_digits(uint32_t version) {
    return is_ascii_digit((version >> 16) & 0xff) && is_ascii_digit((version >> 8) & 0xff) &&
           is_ascii_digit(version & 0xff);
}

VersionInfo draft_info(uint8_t draft) {
    VersionInfo info;
    if (draft < kFirstDraftWithPublicSalt || draft > kLastDraft)
        return info;
    info.family = VersionFamily::IetfDraft;
    info.initial_salt = draft >= kFirstDraftSaltV1   ? kSaltV1
                        : draft >= kFirstDraftSalt29 ? kSaltDraft29
                                                     : kSaltDraft23;
    info.legacy_transport_params = draft < kFirstDraftVarintTransportParams;
    return info;
}

// Reads a CID length byte and the CID into `out`; false (reader failed or > kMaxCidLen).
bool read_cid(ByteView &r, uint8_t &len, uint8_t *out, LongHeaderResult &res) {
    len = r.read_u8();
    if (r.failed())
        return false;
    if (len > kMaxCidLen) {
        res.status = ParseStatus::Malformed;
        res.error = "connection ID longer than 20 bytes";
        return false;
    }
    return r.read_bytes(out, len);
}

bool read_token(ByteView &r, LongHeader &h) {
    uint64_t token_len = r.read_varint();
    if (r.failed() || token_len > r.remaining()) {
        r.set_failed();
        return false;
    }
    h.token_offset = r.offset();
    h.token_len = static_cast<size_t>(token_len);
    return r.advance(h.token_len);
}

LongHeaderResult truncated(LongHeaderResult res, const char *what) {
    res.status = ParseStatus::Truncated;
    res.error = what;
    return res;
}

} // namespace

bool is_gquic_version(uint32_t version) {
    return (version >> 24) == kGquicQ && has_three_digits(version);
}

VersionInfo classify_version(uint32_t version) {
    VersionInfo info;
    if (version == kVersionNegotiation) {
        info.family = VersionFamily::Negotiation;
    } else if (version == kVersion1) {
        info.family = VersionFamily::V1;
        info.initial_salt = kSaltV1;
    } else if (version == kVersion2) {
        info.family = VersionFamily::V2;
        info.initial_salt = kSaltV2;
        info.v2_labels = true;
        info.v2_packet_types = true;
    } else if ((version & kDraftVersionMask) == kDraftVersionBase) {
        info = draft_info(static_cast<uint8_t>(version & 0xff));
    } else if (version == kGquicT050 || version == kGquicT051) {
        info.family = VersionFamily::GquicTls;
        info.initial_salt = version == kGquicT050 ? kSaltT050 : kSaltT051;
        // T050 follows draft-27, T051 draft-29 (Wireshark 4.0 reads them so).
        info.legacy_transport_params = version == kGquicT050;
    } else if (version == kGquicQ050) {
        info.family = VersionFamily::GquicCryptoInitial;
        info.initial_salt = kSaltQ050;
    } else if (is_gquic_version(version)) {
        info.family = VersionFamily::GquicCrypto;
    }
    return info;
}

bool carries_gquic_chlo(uint32_t version) {
    return classify_version(version).family == VersionFamily::GquicCryptoInitial;
}

bool is_supported_version(uint32_t version) {
    return classify_version(version).initial_salt != nullptr;
}

PacketType long_packet_type(uint32_t version, uint8_t first_byte) {
    const unsigned bits = (first_byte >> kLongTypeShift) & kLongTypeMask;
    return classify_version(version).v2_packet_types ? kV2Types[bits] : kV1Types[bits];
}

LongHeaderResult parse_long_header(const uint8_t *data, size_t len) {
    LongHeaderResult res;
    LongHeader &h = res.hdr;
    ByteView r(data, len);
    h.first_byte = r.read_u8();
    if (r.failed())
        return truncated(res, "no first byte");
    if (!(h.first_byte & kHeaderFormBit)) {
        res.status = ParseStatus::Unsupported;
        res.error = "short header";
        return res;
    }
    h.version = r.read_u32();
    if (r.failed())
        return truncated(res, "version cut off");
    if (!is_supported_version(h.version)) {
        res.status = ParseStatus::Unsupported;
        res.error = h.version == kVersionNegotiation ? "version negotiation"
                    : is_gquic_version(h.version)    ? "gQUIC Q0xx header"
                                                     : "unknown version";
        return res;
    }
    h.type = long_packet_type(h.version, h.first_byte);
    if (!read_cid(r, h.dcid_len, h.dcid, res) || !read_cid(r, h.scid_len, h.scid, res))
        return res.status == ParseStatus::Malformed ? res : truncated(res, "connection ID cut off");
    if (h.type == PacketType::Retry) {
        // RFC 9000 §17.2.5: no Length field; a Retry fills the rest of the datagram.
        h.packet_len = len;
        res.status = ParseStatus::Ok;
        return res;
    }
    if (h.type == PacketType::Initial && !read_token(r, h))
        return truncated(res, "token cut off");
    h.length = r.read_varint();
    if (r.failed())
        return truncated(res, "length field cut off");
    h.pn_offset = r.offset();
    if (h.length == 0) {
        res.status = ParseStatus::Malformed;
        res.error = "length field is zero (no packet number)";
        return res;
    }
    if (h.length > r.remaining())
        return truncated(res, "packet shorter than its length field");
    h.packet_len = h.pn_offset + static_cast<size_t>(h.length);
    res.status = ParseStatus::Ok;
    return res;
}

} // namespace huntpack::quic
