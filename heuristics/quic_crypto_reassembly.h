// SPDX-License-Identifier: GPL-2.0-or-later
// Bounded reassembly of the Initial CRYPTO stream up to the first TLS handshake message.
//
// Specs: RFC 9000 §19.6 (CRYPTO frames: offsets in a per-encryption-level stream, may arrive
// out of order, duplicated or overlapping), §2.2 (data at an offset must not change);
// RFC 9001 §4.1.3 (the ClientHello may span several Initial packets); RFC 8446 §4 (handshake
// message header: type u8, length u24).
//
// Design: a fixed buffer plus a received-byte bitmap, no heap, trivially copyable so it can
// live in wmem file-scope conversation data. The first copy of each byte wins; a later copy
// with different contents sets `conflict()` (RFC 9000 §2.2 permits treating that as an error;
// analysts prefer to see it).
//
// Limitations: bytes at or beyond kMaxCryptoBytes are dropped and reported (`add` returns
// Unsupported, `dropped_bytes()` counts them); a first handshake message longer than the cap
// can never complete (`message_too_large()`). Only the first handshake message is exposed;
// `message()`, `declared_len()` and `message_too_large()` assume TLS framing, so callers that
// carry other messages (gQUIC CHLO) read `contiguous()` instead.
#pragma once

#include "byteview.h"

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace huntpack::quic {

// Cap on reassembled CRYPTO bytes per connection and direction. Current Chrome ClientHellos with
// post-quantum key shares (X25519MLKEM768: a 1,216-byte share) are ~1.8-2.5 KB; 16 KiB is one
// full TLS record (RFC 8446 §5.1: 2^14) and leaves 6x headroom for extension-heavy clients.
constexpr size_t kMaxCryptoBytes = 16384;
// RFC 8446 §4: msg_type u8 + length u24.
constexpr size_t kHandshakeHeaderLen = 4;
// RFC 9000 §19.6: offset + length <= 2^62 - 1.
constexpr uint64_t kMaxCryptoStreamOffset = (uint64_t{1} << 62) - 1;

class CryptoReassembler {
public:
    // Store CRYPTO data at stream `offset`. Ok: stored (duplicates/overlaps included).
    // Unsupported: some bytes lie at or beyond kMaxCryptoBytes and were dropped (the rest is
    // stored). Malformed: offset + len exceeds 2^62-1 or data is null with len > 0.
    ParseStatus add(uint64_t offset, const uint8_t *data, size_t len);

    // True once the first handshake message (header + body) is present from offset 0.
    bool complete() const { return message_len() != 0; }
    // The first handshake message including its 4-byte header, or nullptr until complete.
    const uint8_t *message() const { return complete() ? buf_ : nullptr; }
    size_t message_len() const;
    // Handshake type of the first message (1 = ClientHello) once its header arrived, else -1.
    int message_type() const { return contiguous_ >= 1 ? buf_[0] : -1; }
    // Declared length (header + body) of the first message, 0 until its header arrived.
    size_t declared_len() const;
    bool message_too_large() const { return declared_len() > kMaxCryptoBytes; }

    size_t contiguous_len() const { return contiguous_; } // bytes present from offset 0
    // The bytes present from offset 0, whatever message they hold. Google QUIC Q050 carries a
    // gQUIC CHLO (not a TLS handshake message) on this stream; its parser finds the end itself.
    ByteView contiguous() const { return ByteView(buf_, contiguous_); }
    size_t dropped_bytes() const { return dropped_; }
    bool conflict() const { return conflict_; }

private:
    static constexpr size_t kWordBits = 64;
    bool has(size_t i) const { return (seen_[i / kWordBits] >> (i % kWordBits)) & 1u; }
    void store(size_t pos, uint8_t byte);
    void advance_contiguous();

    uint8_t buf_[kMaxCryptoBytes] = {};
    uint64_t seen_[kMaxCryptoBytes / kWordBits] = {};
    size_t contiguous_ = 0;
    size_t dropped_ = 0;
    bool conflict_ = false;
};
static_assert(std::is_trivially_copyable_v<CryptoReassembler>,
              "CryptoReassembler lives in wmem file-scope conversation data");
static_assert(kMaxCryptoBytes % 64 == 0, "bitmap words must cover the buffer exactly");

} // namespace huntpack::quic
