// SPDX-License-Identifier: GPL-2.0-or-later
// quicfp: client fingerprints from QUIC Initials (IETF QUIC, RFC 9000/9001/9369), gQUIC CHLOs
// and TLS ClientHellos over TCP. Ties the parsers together so the glue only copies results.
// Limitations: Q050 and later gQUIC CHLOs are encrypted and not read; one ClientHello per
// connection (the first); a Retry changes keys and is followed through the packet's own DCID.
#pragma once

#include "quic_crypto_reassembly.h"
#include "quic_header.h"
#include "quic_stack.h"
#include "ua_parser.h"

#include <string>
#include <type_traits>

namespace huntpack::quicfp {

struct Fingerprint {
    bool ok = false;
    std::string kind;          // "ietf", "gquic" or "tls"
    uint32_t version = 0;      // QUIC version (0 for TLS over TCP)
    std::string sni, alpn, ua; // alpn: comma-separated, non-printable bytes as \xNN
    std::string ja4, ja4_r, ja4_o, ja4_ro;
    std::string tp_order;      // QUIC transport parameter ids in order, GREASE as "grease"
    std::string browser, browser_version, os, os_version, device; // from the user agent
    std::string stack;         // client QUIC stack from the signature catalog, "" if none
    int stack_confidence = 0;  // 0-100
    std::string stack_source;  // the signature that fired (file:line and its source)
    std::string error;         // why not ok
};

// Optional enrichment: user-agent parsing and the QUIC stack catalog (either may be null).
struct Enrich {
    ua::UaParser *ua = nullptr;
    const quicstack::Catalog *stacks = nullptr;
};

// A TLS ClientHello handshake message (type 1, u24 length, body).
Fingerprint from_client_hello(const uint8_t *msg, size_t len, bool quic, uint32_t version,
                              const Enrich &e = {});

// TLS record-layer bytes (a TCP payload) that start with a ClientHello handshake record.
Fingerprint from_tls_records(const uint8_t *records, size_t len, const Enrich &e = {});

// A gQUIC datagram (Q043..Q046 carry the CHLO in clear).
Fingerprint from_gquic(const uint8_t *datagram, size_t len, const Enrich &e = {});

// Per-connection state for IETF QUIC client Initials; trivially copyable (wmem-friendly).
struct Connection {
    quic::CryptoReassembler crypto;
    uint8_t odcid[quic::kMaxCidLen] = {};
    uint8_t odcid_len = 0;
    bool have_odcid = false;
    bool done = false;
    uint16_t initials = 0; // client Initials decrypted
};
static_assert(std::is_trivially_copyable_v<Connection>);

enum class Feed : uint8_t { NotInitial, Undecryptable, Progress, Complete, Overflow };

// Feeds one UDP datagram sent by the client; returns Complete on the datagram that completes
// the ClientHello (then `crypto.message()` holds it). `version` receives the QUIC version.
Feed feed_client_datagram(Connection &c, const uint8_t *d, size_t n, uint32_t *version);

// Quick test: a datagram that starts a long-header Initial of a version we can decrypt.
bool is_ietf_initial(const uint8_t *d, size_t n);

} // namespace huntpack::quicfp
