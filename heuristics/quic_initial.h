// SPDX-License-Identifier: GPL-2.0-or-later
// QUIC Initial packet protection: key derivation, header protection removal, AEAD decryption.
//
// Specs: RFC 9001 §5.1 (HKDF-Expand-Label use), §5.2 (Initial secrets), §5.3 (AEAD nonce and
// AAD), §5.4.1-5.4.3 (header protection, AES-based mask, sampling), Appendix A (vectors);
// RFC 8446 §7.1 (HKDF-Expand-Label); RFC 5869 (HKDF); RFC 9000 §17.1 + Appendix A.3 (packet
// number decoding); RFC 9369 §3.3 (QUIC v2 salt and "quicv2 ..." labels).
//
// Design: pure functions on byte spans. libgcrypt handles live only inside one call (RAII);
// HMAC uses gcry_md_hash_buffers, so key derivation opens no handle at all. Callers cache
// InitialKeys per DCID (they are plain bytes) and call crypto_init() once at start-up.
//
// Limitations: only the Initial cipher suite (TLS_AES_128_GCM_SHA256, RFC 9001 §5.2); no
// ChaCha20 header protection, no Handshake/1-RTT keys, no key updates. Retry integrity tags are
// not checked.
#pragma once

#include "byteview.h"
#include "quic_header.h"

#include <cstddef>
#include <cstdint>

namespace huntpack::quic {

// RFC 9001 §5.2: Initial packets use AEAD_AES_128_GCM with SHA-256 as the HKDF hash.
constexpr size_t kSha256Len = 32;
constexpr size_t kAeadKeyLen = 16; // AES-128
constexpr size_t kAeadIvLen = 12;  // RFC 8446 §5.3: iv_length = max(8, N_MIN) = 12
constexpr size_t kAeadTagLen = 16; // RFC 5116 §5.1: AEAD_AES_128_GCM tag
constexpr size_t kHpKeyLen = 16;   // RFC 9001 §5.4.3: AES-128 header protection
// RFC 9001 §5.4.2: sample_offset = pn_offset + 4; the sample is 16 bytes.
constexpr size_t kHpSampleOffset = 4;
constexpr size_t kHpSampleLen = 16;
constexpr size_t kMaxPnLen = 4; // RFC 9000 §17.1: 1..4 bytes
// RFC 9001 §5.4.1: long headers protect the low 4 bits of the first byte.
constexpr uint8_t kLongHeaderProtectedBits = 0x0f;
constexpr uint8_t kPnLenMask = 0x03;
// RFC 9000 §17.2: the two reserved bits must be 0 once protection is removed.
constexpr uint8_t kLongReservedBits = 0x0c;
// Means "no packet seen yet" for decode_packet_number.
constexpr uint64_t kNoPacketNumber = UINT64_MAX;

enum class Sender : uint8_t { Client, Server };

struct InitialKeys {
    uint8_t key[kAeadKeyLen];
    uint8_t iv[kAeadIvLen];
    uint8_t hp[kHpKeyLen];
};

struct KeysResult {
    ParseStatus status = ParseStatus::Unsupported;
    const char *error = ""; // static string, never null
    InitialKeys keys = {};
};

struct DecryptResult {
    ParseStatus status = ParseStatus::Malformed;
    const char *error = ""; // static string, never null ("" on success)
    uint64_t packet_number = 0;
    uint8_t pn_len = 0;
    uint8_t first_byte = 0;        // with header protection removed
    bool reserved_bits_set = false; // RFC 9000 §17.2 violation, reported not fatal
    size_t payload_offset = 0;     // first ciphertext byte inside the packet
    size_t plaintext_len = 0;      // bytes written to the caller buffer
};

// Call once at start-up (before threads). Checks the libgcrypt version and, when no one else
// has (Wireshark has), finishes libgcrypt initialisation. False if libgcrypt is too old.
bool crypto_init();

// RFC 5869 §2.2 HKDF-Extract with HMAC-SHA256.
bool hkdf_extract_sha256(const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                         size_t ikm_len, uint8_t out[kSha256Len]);
// RFC 8446 §7.1 HKDF-Expand-Label(secret, label, "", out_len); label without "tls13 ".
bool hkdf_expand_label_sha256(const uint8_t secret[kSha256Len], const char *label, uint8_t *out,
                              size_t out_len);
// RFC 9001 §5.2: initial_secret = HKDF-Extract(initial_salt(version), DCID).
KeysResult initial_secret(uint32_t version, const uint8_t *dcid, size_t dcid_len,
                          uint8_t out[kSha256Len]);
// RFC 9001 §5.1: key, iv, hp from a client or server Initial secret.
bool keys_from_secret(const uint8_t secret[kSha256Len], bool v2_labels, InitialKeys &keys);

// The whole chain: keys protecting Initials sent by `who` on the connection whose client chose
// `dcid` for its first Initial.
KeysResult derive_initial_keys(uint32_t version, const uint8_t *dcid, size_t dcid_len,
                               Sender who);

// RFC 9000 Appendix A.3.
uint64_t decode_packet_number(uint64_t largest_pn, uint64_t truncated_pn, size_t pn_len);

// Remove header protection and decrypt the packet `hdr` describes. `packet` points at its
// first byte and holds at least hdr.packet_len bytes (the datagram itself is not modified).
// The plaintext goes to out[0..plaintext_len); out_cap must be >= hdr.length.
DecryptResult decrypt_packet(const uint8_t *packet, size_t packet_len, const LongHeader &hdr,
                             const InitialKeys &keys, uint8_t *out, size_t out_cap,
                             uint64_t largest_pn = kNoPacketNumber);

} // namespace huntpack::quic
