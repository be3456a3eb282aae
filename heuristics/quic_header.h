// SPDX-License-Identifier: GPL-2.0-or-later
// QUIC long header parsing and version classification, enough to find and decrypt Initials.
//
// Specs: RFC 8999 §5.1 (version-independent long header), RFC 9000 §17.2 (long header),
// §17.2.2 (Initial: token), §17.2.5 (Retry: no Length), §16 (varints); RFC 9369 §3.2 (QUIC v2
// packet type codes); draft-ietf-quic-transport-23..34 (0xff0000xx); Google QUIC T050/T051
// (IETF long header with TLS, gQUIC-specific Initial salt, see quic_initial.h); Google QUIC
// Q050 (the same IETF long header and Initial protection with its own salt, but the CRYPTO
// stream carries a gQUIC CHLO instead of a TLS ClientHello: Wireshark packet-quic.c treats Q050,
// T050 and T051 as draft-27 headers, packet-gquic.c reads the CHLO tags from the CRYPTO frame).
//
// Limitations: gQUIC Q0xx versions other than Q050 (Q046 packs both CID lengths into one byte;
// Q043 and older use the public header) and other unknown versions are reported Unsupported
// once the version-independent part (RFC 8999) is parsed; Version Negotiation packets are
// Unsupported. Facebook mvfst versions
// (0xfaceb00x) are not classified. Header protection is NOT removed here: the reserved and
// packet-number-length bits of `first_byte` are still protected (see quic_initial.h).
#pragma once

#include "byteview.h"

#include <cstddef>
#include <cstdint>

namespace huntpack::quic {

// RFC 9000 §17.2: "Header Form (1) = 1", "Fixed Bit (1) = 1", "Long Packet Type (2)".
constexpr uint8_t kHeaderFormBit = 0x80;
constexpr uint8_t kFixedBit = 0x40;
constexpr unsigned kLongTypeShift = 4;
constexpr uint8_t kLongTypeMask = 0x03;
// RFC 9000 §17.2: connection IDs of version 1 are at most 20 bytes.
constexpr size_t kMaxCidLen = 20;
// RFC 9000 §17.2: first byte + version + DCID length + SCID length.
constexpr size_t kMinLongHeaderLen = 1 + 4 + 1 + 1;

// Versions. RFC 9000 §15 (v1), RFC 9369 §3.1 (v2), RFC 8999 §6 (0 = Version Negotiation).
constexpr uint32_t kVersionNegotiation = 0x00000000;
constexpr uint32_t kVersion1 = 0x00000001;
constexpr uint32_t kVersion2 = 0x6b3343cf;
// draft-ietf-quic-transport-NN used 0xff000000 + NN.
constexpr uint32_t kDraftVersionMask = 0xffffff00;
constexpr uint32_t kDraftVersionBase = 0xff000000;
constexpr uint8_t kFirstDraftWithPublicSalt = 23;
constexpr uint8_t kLastDraft = 34;
// Google QUIC: 'Q' or 'T' followed by three ASCII digits; T05x are TLS-based.
constexpr uint32_t kGquicT050 = 0x54303530; // "T050"
constexpr uint32_t kGquicT051 = 0x54303531; // "T051"
constexpr uint32_t kGquicQ050 = 0x51303530; // "Q050": the only Q version with IETF Initials
constexpr uint8_t kGquicQ = 'Q';

enum class VersionFamily : uint8_t {
    Unknown,
    Negotiation, // version 0
    V1,          // RFC 9000
    V2,          // RFC 9369
    IetfDraft,   // draft-23..34
    GquicTls,    // T050, T051: IETF Initial protection with Google salts
    GquicCryptoInitial, // Q050: IETF Initial protection, CRYPTO frames carry a gQUIC CHLO
    GquicCrypto, // other Q0xx: QUIC crypto handshake in gQUIC packets, not decrypted here
};

enum class PacketType : uint8_t { Initial, ZeroRtt, Handshake, Retry };

struct VersionInfo {
    VersionFamily family = VersionFamily::Unknown;
    // 20-byte Initial salt (RFC 9001 §5.2, RFC 9369 §3.3.1) or nullptr when unknown.
    const uint8_t *initial_salt = nullptr;
    // RFC 9369 §3.3.2: v2 uses "quicv2 key"/"quicv2 iv"/"quicv2 hp".
    bool v2_labels = false;
    // RFC 9369 §3.2: v2 renumbers the long packet types.
    bool v2_packet_types = false;
    // draft-ietf-quic-transport-27 §18: drafts up to 27 and Google T050 encode transport
    // parameters with u16 ids and lengths (see quic_transport_params.h); later ones use varints.
    bool legacy_transport_params = false;
};
constexpr size_t kInitialSaltLen = 20;

VersionInfo classify_version(uint32_t version);
// True for Google QUIC Q0xx ("Q" then three ASCII digits).
bool is_gquic_version(uint32_t version);
// True when the Initial CRYPTO stream of `version` holds a gQUIC handshake message (CHLO, tags
// little-endian, see gquic.h) rather than a TLS ClientHello: Q050.
bool carries_gquic_chlo(uint32_t version);
// True when this code knows the long header layout and Initial salt of `version`.
bool is_supported_version(uint32_t version);
// Long packet type from the two type bits of the first byte.
PacketType long_packet_type(uint32_t version, uint8_t first_byte);

struct LongHeader {
    uint8_t first_byte = 0; // as on the wire (still header-protected)
    uint32_t version = 0;
    PacketType type = PacketType::Initial;
    uint8_t dcid_len = 0;
    uint8_t scid_len = 0;
    uint8_t dcid[kMaxCidLen] = {};
    uint8_t scid[kMaxCidLen] = {};
    size_t token_offset = 0; // Initial only
    size_t token_len = 0;
    uint64_t length = 0;  // the Length field: packet number + protected payload
    size_t pn_offset = 0; // where the (protected) packet number starts
    size_t packet_len = 0; // bytes of this packet in the datagram (coalesced walk)
};

struct LongHeaderResult {
    ParseStatus status = ParseStatus::Truncated;
    const char *error = ""; // static string, never null
    LongHeader hdr;
};

// Parse the long header at the start of `data` (one datagram or its tail).
LongHeaderResult parse_long_header(const uint8_t *data, size_t len);

} // namespace huntpack::quic
