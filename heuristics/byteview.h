// SPDX-License-Identifier: GPL-2.0-or-later
// ByteView: the one bounds-checked reader for all huntpack parsing.
// Modelled on quiche's QuicheDataReader: a failed read makes the reader fail and
// stay failed; every later read returns zero/empty. Integers are assembled byte by
// byte (network order), never by pointer casts. Lengths from the wire are compared
// against what remains (subtract, never add an untrusted length).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace huntpack {

enum class ParseStatus : uint8_t { Ok, Truncated, Malformed, Unsupported };

const char *parse_status_name(ParseStatus s);

// Are n bytes at a and b equal? The address lengths (4, 16) in registers, without a call to
// memcmp: through the PLT such a call cost about 5 ns, and huntpack made about ten a frame
// (addresses and flow keys; bench/perfprof.sh: 11 ms on 200,000 frames).
inline bool bytes_equal(const void *a, const void *b, size_t n)
{
    if (n == 4) {
        uint32_t x, y;
        std::memcpy(&x, a, 4);
        std::memcpy(&y, b, 4);
        return x == y;
    }
    if (n == 16) {
        uint64_t x[2], y[2];
        std::memcpy(x, a, 16);
        std::memcpy(y, b, 16);
        return ((x[0] ^ y[0]) | (x[1] ^ y[1])) == 0;
    }
    return n == 0 || std::memcmp(a, b, n) == 0;
}

class ByteView {
public:
    constexpr ByteView() = default;
    constexpr ByteView(const uint8_t *data, size_t len) : data_(data), len_(data ? len : 0) {}

    const uint8_t *data() const { return data_ + pos_; }
    size_t remaining() const { return failed_ ? 0 : len_ - pos_; }
    size_t offset() const { return pos_; }
    size_t size() const { return len_; }
    bool ok() const { return !failed_; }
    bool failed() const { return failed_; }
    bool done() const { return !failed_ && pos_ == len_; }
    bool empty() const { return remaining() == 0; }

    // Peek at byte i ahead without consuming; 0 if out of range (does not fail).
    uint8_t peek(size_t i = 0) const { return i < remaining() ? data_[pos_ + i] : 0; }

    bool advance(size_t n) {
        if (!need(n))
            return false;
        pos_ += n;
        return true;
    }
    uint8_t read_u8() { return static_cast<uint8_t>(read_be(1)); }
    uint16_t read_u16() { return static_cast<uint16_t>(read_be(2)); }
    uint32_t read_u24() { return static_cast<uint32_t>(read_be(3)); }
    uint32_t read_u32() { return static_cast<uint32_t>(read_be(4)); }
    uint64_t read_u64() { return read_be(8); }
    uint64_t read_be(size_t n) {
        if (n > 8 || !need(n))
            return 0;
        uint64_t v = 0;
        for (size_t i = 0; i < n; ++i)
            v = (v << 8) | data_[pos_ + i];
        pos_ += n;
        return v;
    }
    // QUIC variable-length integer (RFC 9000 §16).
    uint64_t read_varint() {
        if (!need(1))
            return 0;
        size_t n = size_t{1} << (data_[pos_] >> 6);
        if (!need(n))
            return 0;
        uint64_t v = data_[pos_] & 0x3f;
        for (size_t i = 1; i < n; ++i)
            v = (v << 8) | data_[pos_ + i];
        pos_ += n;
        return v;
    }
    // Copy n bytes out; false (and failed) if fewer remain.
    bool read_bytes(void *out, size_t n) {
        if (!need(n))
            return false;
        if (n)
            std::memcpy(out, data_ + pos_, n);
        pos_ += n;
        return true;
    }
    // A sub-reader over the next n bytes, consumed from this one.
    ByteView sub(size_t n) {
        if (!need(n))
            return failed_view();
        ByteView v(data_ + pos_, n);
        pos_ += n;
        return v;
    }
    // Length-prefixed block (TLS vector style): prefix of `prefix_bytes` bytes,
    // declared length must lie in [min_len, max_len] and fit what remains.
    ByteView vector(size_t prefix_bytes, size_t min_len = 0, size_t max_len = SIZE_MAX) {
        uint64_t n = read_be(prefix_bytes);
        if (failed_)
            return failed_view();
        if (n < min_len || n > max_len || n > remaining()) {
            failed_ = true;
            return failed_view();
        }
        return sub(static_cast<size_t>(n));
    }
    // The rest, consumed.
    ByteView rest() { return sub(remaining()); }
    void set_failed() { failed_ = true; }

private:
    static ByteView failed_view() {
        ByteView v;
        v.failed_ = true;
        return v;
    }
    bool need(size_t n) {
        if (failed_ || n > len_ - pos_) {
            failed_ = true;
            return false;
        }
        return true;
    }

    const uint8_t *data_ = nullptr;
    size_t len_ = 0;
    size_t pos_ = 0;
    bool failed_ = false;
};

} // namespace huntpack
