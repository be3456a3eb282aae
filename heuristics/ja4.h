// SPDX-License-Identifier: GPL-2.0-or-later
// JA4 TLS client fingerprint (ja4, ja4_r, ja4_o, ja4_ro) from a parsed ClientHello.
//
// Spec: FoxIO JA4 technical details (github.com/FoxIO-LLC/ja4, technical_details/JA4.md):
// GREASE (RFC 8701) ignored everywhere; version from supported_versions (highest non-GREASE),
// else legacy_version; SNI present -> 'd' else 'i'; counts capped at 99; ALPN first/last
// character of the first protocol, hex rule when either end byte is not alphanumeric;
// ciphers sorted; extensions sorted without SNI (0x0000) and ALPN (0x0010), then "_" and the
// signature algorithms in wire order; SHA-256 truncated to 12 lowercase hex characters;
// "000000000000" for an empty list. Cross-checked with Wireshark 4.4 (tls.handshake.ja4).
//
// Limitations: "highest" version is numeric, as in Wireshark and FoxIO's tools (for DTLS the
// numerically highest is the oldest). The older FoxIO rule printing "99" for a non-ASCII ALPN
// (still in the Rust snapshot of tls-non-ascii-alpn.pcapng) is not implemented; the current
// spec's hex rule is.
// The hash needs libgcrypt; the caller (Wireshark, or a test's main) initialises it.
#pragma once

#include "tls_client_hello.h"

#include <cstdint>
#include <string>

namespace huntpack::tls {

enum class Ja4Transport : char { Tcp = 't', Quic = 'q', Dtls = 'd' };

// JA4 spec: "If there's > 99 ... then output 99".
constexpr size_t kJa4MaxCount = 99;
// JA4 spec: hashes are truncated to their first 12 hex characters.
constexpr size_t kJa4HashChars = 12;

struct Ja4 {
    std::string ja4;    // a_b_c, sorted, hashed
    std::string ja4_r;  // a_ciphers_extensions[_sigalgs], sorted, raw
    std::string ja4_o;  // original order, hashed (SNI and ALPN kept)
    std::string ja4_ro; // original order, raw
};

Ja4 compute_ja4(const ClientHello &ch, Ja4Transport transport);

// The pieces, exposed for tests and for the glue's field breakdown.
std::string ja4_a(const ClientHello &ch, Ja4Transport transport);
const char *ja4_version_code(uint16_t version);
std::string ja4_alpn_code(const std::string &first_alpn);
// First 12 hex characters of SHA-256(text), or "000000000000" for an empty text.
std::string ja4_hash12(const std::string &text);

} // namespace huntpack::tls
