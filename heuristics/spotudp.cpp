// SPDX-License-Identifier: GPL-2.0-or-later
// Spotify LAN discovery parser; layout and its provenance are in spotudp.h.
#include "spotudp.h"

namespace huntpack::spotudp {

bool has_magic(const uint8_t *data, size_t len) {
    return data && len >= kMagicLen && std::memcmp(data, kMagic, kMagicLen) == 0;
}

namespace {
// Takes the next n bytes as a field if they are all there.
bool take(ByteView &r, size_t n, Field &f) {
    if (r.remaining() < n)
        return false;
    f.offset = static_cast<uint16_t>(r.offset());
    f.length = static_cast<uint16_t>(n);
    r.advance(n);
    return true;
}
} // namespace

Message parse(const uint8_t *data, size_t len) {
    Message m;
    m.payload_len = len;
    if (!has_magic(data, len)) {
        m.status = ParseStatus::Malformed;
        return m;
    }
    // UDP payloads are below 64 KiB, so uint16_t offsets are enough; refuse bigger spans.
    if (len > 0xffff) {
        m.status = ParseStatus::Malformed;
        return m;
    }
    ByteView r(data, len);
    m.status = ParseStatus::Truncated;
    take(r, kMagicLen, m.magic);
    if (!take(r, kInstanceIdLen, m.instance_id))
        return m;
    if (!take(r, 2, m.version))
        return m;
    m.version_value = static_cast<uint16_t>(data[m.version.offset] << 8 | data[m.version.offset + 1]);
    if (!take(r, 2, m.ext_len))
        return m;
    m.ext_len_value = static_cast<uint16_t>(data[m.ext_len.offset] << 8 | data[m.ext_len.offset + 1]);
    if (m.ext_len_value > kMaxExtLen) {
        m.status = ParseStatus::Malformed;
        return m;
    }
    if (m.ext_len_value > 0 && !take(r, m.ext_len_value, m.ext))
        return m;
    if (!take(r, kDigestLen, m.digest))
        return m;
    if (r.remaining() > 0)
        take(r, r.remaining(), m.trailing);
    m.status = ParseStatus::Ok;
    return m;
}

} // namespace huntpack::spotudp
