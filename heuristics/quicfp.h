// SPDX-License-Identifier: GPL-2.0-or-later
// quicfp: client fingerprints from QUIC Initials (IETF QUIC, RFC 9000/9001/9369), gQUIC CHLOs
// and TLS ClientHellos over TCP. Ties the parsers together so the glue only copies results.
// gQUIC Q050 Initials are decrypted like IETF ones (Q050 salt) and their CRYPTO stream, which
// carries a gQUIC CHLO instead of a TLS ClientHello, goes to the gQUIC tag parser (gquic.h).
// Limitations: gQUIC versions after Q050 other than T050/T051 are not decrypted (Wireshark 4.0
// decrypts none either); one ClientHello/CHLO per connection (the first); a Retry changes keys
// and is followed through the packet's own DCID.
#pragma once

#include "quic_crypto_reassembly.h"
#include "quic_header.h"
#include "quic_initial.h"
#include "quic_stack.h"
#include "ua_parser.h"

#include <string>
#include <type_traits>

namespace huntpack::tls {
struct ClientHello;
}

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
    // JA4 and its variants (and the stack match, which reads JA4). Off when nothing will read
    // them: four hashes over sorted lists, the dearest part of a fingerprint.
    bool ja4 = true;
};

// A parsed ClientHello's SNI and the user agent it shows in clear (Google's QUIC transport
// parameter), as Fingerprint::sni and ::ua have them: non-printable bytes as \xNN, and only
// from a hello that parsed completely; "" when none. soctrait reads them from its own parse of a
// TCP ClientHello.
std::string client_hello_sni(const tls::ClientHello &ch);
std::string client_hello_user_agent(const tls::ClientHello &ch);

// A TLS ClientHello handshake message (type 1, u24 length, body).
Fingerprint from_client_hello(const uint8_t *msg, size_t len, bool quic, uint32_t version,
                              const Enrich &e = {});

// TLS record-layer bytes (a TCP payload) that start with a ClientHello handshake record.
Fingerprint from_tls_records(const uint8_t *records, size_t len, const Enrich &e = {});

// A gQUIC datagram (Q043..Q046 carry the CHLO in clear).
Fingerprint from_gquic(const uint8_t *datagram, size_t len, const Enrich &e = {});

// A gQUIC CHLO message (starting with the "CHLO" tag) taken from a decrypted, reassembled Q050
// CRYPTO stream; bytes after the message are ignored. `version` is the packet's QUIC version.
Fingerprint from_gquic_chlo(ByteView message, uint32_t version, const Enrich &e = {});

// Per-connection state for IETF QUIC client Initials; trivially copyable (wmem-friendly).
struct Connection {
    quic::CryptoReassembler crypto;
    uint8_t odcid[quic::kMaxCidLen] = {};
    uint8_t odcid_len = 0;
    bool have_odcid = false;
    bool done = false;
    uint16_t initials = 0; // client Initials decrypted
    uint32_t version = 0;  // QUIC version of the last client Initial decrypted
    // The client Initial keys of (odcid, odcid_keys_version), derived once: every later packet
    // of the connection (and each retry with the original DCID) reuses them. Version 0 (version
    // negotiation, never decryptable) means none yet.
    quic::InitialKeys odcid_keys = {};
    uint32_t odcid_keys_version = 0;
};
static_assert(std::is_trivially_copyable_v<Connection>);

enum class Feed : uint8_t { NotInitial, Undecryptable, Progress, Complete, Overflow };

// Feeds one UDP datagram sent by the client; returns Complete on the datagram that completes
// the first handshake message: the TLS ClientHello (IETF QUIC, T050/T051; then
// `crypto.message()` holds it) or the gQUIC CHLO (Q050: `quic::carries_gquic_chlo(c.version)`;
// then `crypto.contiguous()` starts with it, complete or found malformed). Overflow: the message
// can never fit kMaxCryptoBytes. `version` receives the QUIC version.
Feed feed_client_datagram(Connection &c, const uint8_t *d, size_t n, uint32_t *version);

// The fingerprint of a connection whose feed_client_datagram returned Complete or Overflow:
// from the ClientHello or the Q050 CHLO, or the reason there is none.
Fingerprint from_connection(const Connection &c, Feed f, const Enrich &e = {});

// Quick test: a datagram that starts an IETF-style long-header Initial of a version we can
// decrypt (IETF QUIC v1/v2/drafts, Google T050/T051 and Q050).
bool is_ietf_initial(const uint8_t *d, size_t n);

// Whether a client datagram can begin or continue a client's first flight: an IETF-style
// Initial (is_ietf_initial) or a gQUIC client packet header with a Q0xx version (from_gquic's
// precondition). The only datagrams quicfp keeps flow state for; the rest (DNS and the other
// UDP exchanges, QUIC's short-header packets) need none.
bool may_begin_client_flight(const uint8_t *d, size_t n);

} // namespace huntpack::quicfp
