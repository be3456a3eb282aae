// SPDX-License-Identifier: GPL-2.0-or-later
// Bounded CRYPTO stream reassembly (see quic_crypto_reassembly.h for specs and limits).
#include "quic_crypto_reassembly.h"

namespace huntpack::quic {

void CryptoReassembler::store(size_t pos, uint8_t byte) {
    uint64_t &word = seen_[pos / kWordBits];
    const uint64_t bit = uint64_t{1} << (pos % kWordBits);
    if (word & bit) {
        conflict_ = conflict_ || buf_[pos] != byte;
        return; // the first copy wins
    }
    buf_[pos] = byte;
    word |= bit;
}

void CryptoReassembler::advance_contiguous() {
    while (contiguous_ < kMaxCryptoBytes && has(contiguous_))
        ++contiguous_;
}

ParseStatus CryptoReassembler::add(uint64_t offset, const uint8_t *data, size_t len) {
    if (len == 0)
        return ParseStatus::Ok;
    if (!data || offset > kMaxCryptoStreamOffset || len > kMaxCryptoStreamOffset - offset)
        return ParseStatus::Malformed;
    // Subtract, never add: how many of the bytes fall below the cap.
    const size_t room =
        offset >= kMaxCryptoBytes ? 0 : kMaxCryptoBytes - static_cast<size_t>(offset);
    const size_t keep = len < room ? len : room;
    for (size_t i = 0; i < keep; ++i)
        store(static_cast<size_t>(offset) + i, data[i]);
    advance_contiguous();
    dropped_ += len - keep;
    return keep == len ? ParseStatus::Ok : ParseStatus::Unsupported;
}

size_t CryptoReassembler::declared_len() const {
    if (contiguous_ < kHandshakeHeaderLen)
        return 0;
    const size_t body = (size_t{buf_[1]} << 16) | (size_t{buf_[2]} << 8) | buf_[3];
    return kHandshakeHeaderLen + body;
}

size_t CryptoReassembler::message_len() const {
    const size_t n = declared_len();
    return n != 0 && n <= contiguous_ ? n : 0;
}

} // namespace huntpack::quic
