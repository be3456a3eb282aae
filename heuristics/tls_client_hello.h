// SPDX-License-Identifier: GPL-2.0-or-later
// TLS ClientHello parser: the fields fingerprints (JA4) and the quicfp glue need, as plain values.
//
// Specs: RFC 8446 §4.1.2 (ClientHello), §4.2 (extensions), §5.1 (record layer);
// RFC 5246 §7.4.1.2 (TLS 1.2 ClientHello, extensions optional); RFC 6066 §3 (server_name);
// RFC 7301 §3.1 (ALPN); RFC 8422 §5.1 (supported_groups, ec_point_formats);
// RFC 9001 §8.2 + RFC 9000 §18 (quic_transport_parameters 0x39, drafts 27-32 use 0xffa5);
// RFC 8701 (GREASE).
//
// Limitations: the SSLv2-compatible ClientHello is reported Unsupported. Draft QUIC transport
// parameters before draft-27 (u16 ids/lengths) are reported as a malformed extension. When an
// extension type occurs twice (forbidden by RFC 8446 §4.2) every occurrence is listed in
// `extensions` but only the first fills the decoded fields; `duplicate_extension` is set.
// Extension contents that are syntactically bad make the status Malformed but parsing of the
// remaining extensions continues, so a partial result is still usable.
#pragma once

#include "byteview.h"
#include "tls_records.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace huntpack::tls {

// RFC 8446 §4: HandshakeType client_hello(1); the header is type u8 + length u24.
constexpr uint8_t kHandshakeClientHello = 1;
constexpr size_t kHandshakeHeaderLen = 4;
// RFC 8446 §5.1: ContentType handshake(22); record header type u8, version u16, length u16
// (kRecordHeaderLen, tls_records.h).
constexpr uint8_t kContentTypeHandshake = 22;
// RFC 8446 §5.1: "The length MUST NOT exceed 2^14 bytes" (plaintext records).
constexpr size_t kMaxRecordPayloadLen = 1u << 14;
// RFC 8446 §4.1.2 vector bounds.
constexpr size_t kRandomLen = 32;
constexpr size_t kMaxSessionIdLen = 32;           // legacy_session_id<0..32>
constexpr size_t kMinCipherSuitesLen = 2;         // cipher_suites<2..2^16-2>
constexpr size_t kMaxCipherSuitesLen = 0xfffe;
constexpr size_t kMinCompressionLen = 1;          // legacy_compression_methods<1..2^8-1>
constexpr size_t kMaxCompressionLen = 0xff;
constexpr size_t kMaxExtensionsLen = 0xffff;      // extensions<8..2^16-1>
// The largest body those bounds allow: anything longer cannot be a ClientHello.
constexpr size_t kMaxClientHelloBodyLen = 2 + kRandomLen + 1 + kMaxSessionIdLen + 2 +
                                          kMaxCipherSuitesLen + 1 + kMaxCompressionLen + 2 +
                                          kMaxExtensionsLen;
// Policy cap: records walked when reassembling one ClientHello (each carries >= 1 byte).
constexpr size_t kMaxRecordsPerHello = 16;

// Extension code points (IANA TLS ExtensionType registry).
enum ExtensionType : uint16_t {
    kExtServerName = 0x0000,          // RFC 6066 §3
    kExtSupportedGroups = 0x000a,     // RFC 8422 §5.1.1 / RFC 8446 §4.2.7
    kExtEcPointFormats = 0x000b,      // RFC 8422 §5.1.2
    kExtSignatureAlgorithms = 0x000d, // RFC 8446 §4.2.3
    kExtAlpn = 0x0010,                // RFC 7301 §3.1
    kExtSupportedVersions = 0x002b,   // RFC 8446 §4.2.1
    kExtPskKeyExchangeModes = 0x002d, // RFC 8446 §4.2.9
    kExtKeyShare = 0x0033,            // RFC 8446 §4.2.8
    kExtQuicTransportParams = 0x0039, // RFC 9001 §8.2
    kExtQuicTransportParamsDraft = 0xffa5,
};

// QUIC transport parameter ids (RFC 9000 §18.2) and Google's user agent (0x3129).
enum TransportParamId : uint64_t {
    kTpMaxIdleTimeout = 0x01,
    kTpMaxUdpPayloadSize = 0x03,
    kTpInitialMaxData = 0x04,
    kTpInitialMaxStreamDataBidiLocal = 0x05,
    kTpInitialMaxStreamDataBidiRemote = 0x06,
    kTpInitialMaxStreamDataUni = 0x07,
    kTpInitialMaxStreamsBidi = 0x08,
    kTpInitialMaxStreamsUni = 0x09,
    kTpAckDelayExponent = 0x0a,
    kTpMaxAckDelay = 0x0b,
    kTpDisableActiveMigration = 0x0c,
    kTpActiveConnectionIdLimit = 0x0e,
    kTpInitialSourceConnectionId = 0x0f,
    kTpGoogleUserAgent = 0x3129,
};

// RFC 8701 §2: 0x0a0a, 0x1a1a, ... 0xfafa.
constexpr bool is_grease(uint16_t v) {
    return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

struct ExtensionRef {
    uint16_t type = 0;
    uint32_t offset = 0; // of the extension body, from the handshake type byte
    uint32_t length = 0;
};

struct TransportParam {
    uint64_t id = 0;
    uint32_t offset = 0; // of the value, from the handshake type byte
    std::vector<uint8_t> value;
};

struct ClientHello {
    ParseStatus status = ParseStatus::Truncated;
    uint32_t message_length = 0; // declared u24 body length
    uint16_t legacy_version = 0;
    uint8_t random[kRandomLen] = {};
    uint8_t session_id_length = 0;
    std::vector<uint16_t> cipher_suites;
    std::vector<uint8_t> compression_methods;
    bool has_extensions_block = false;
    std::vector<ExtensionRef> extensions; // in wire order, duplicates and GREASE included
    bool duplicate_extension = false;
    std::optional<uint16_t> bad_extension; // first extension whose body did not parse

    bool has_sni_extension = false;
    std::string sni; // first host_name entry (RFC 6066: name_type 0)
    bool has_alpn_extension = false;
    std::vector<std::string> alpn; // raw protocol names, may hold any byte
    std::vector<uint16_t> supported_versions;
    std::vector<uint16_t> signature_algorithms;
    std::vector<uint16_t> supported_groups;
    std::vector<uint8_t> ec_point_formats;
    std::vector<uint16_t> key_share_groups;
    std::vector<uint8_t> psk_modes;
    bool has_quic_transport_params = false;
    uint16_t quic_transport_params_type = 0; // 0x39 or 0xffa5
    std::vector<TransportParam> quic_transport_params;

    bool has_extension(uint16_t type) const;
    // Highest non-GREASE supported_versions entry, else legacy_version (RFC 8446 §4.2.1).
    uint16_t max_version() const;
    const TransportParam *transport_param(uint64_t id) const;
    // A varint-valued transport parameter (RFC 9000 §18.2); nullopt if absent or malformed.
    std::optional<uint64_t> transport_param_varint(uint64_t id) const;
    std::optional<std::string> google_user_agent() const;
    std::optional<uint64_t> max_idle_timeout() const;
    std::optional<uint64_t> initial_max_data() const;
    std::optional<uint64_t> max_udp_payload_size() const;
    std::optional<uint64_t> initial_max_streams_bidi() const;
};

// Parse one handshake message beginning with the type byte (0x01) and u24 length.
// Truncated: the input ends before the declared length (fields read so far are kept).
// Malformed: the message or an extension violates its own lengths or RFC bounds.
// Unsupported: not a ClientHello.
ClientHello parse_client_hello(ByteView handshake);

struct HandshakeExtract {
    ParseStatus status = ParseStatus::Truncated;
    std::vector<uint8_t> message; // type + u24 length + body (as much as was present)
    size_t records_used = 0;
    size_t bytes_consumed = 0; // record-layer bytes covering the message
};

// Reassemble the first handshake message from record-layer bytes (records of type 22,
// RFC 8446 §5.1: handshake messages may span records but not interleave other types).
HandshakeExtract extract_first_handshake(ByteView records);

} // namespace huntpack::tls
