// SPDX-License-Identifier: GPL-2.0-or-later
// TLS record-layer recognition; see tls_records.h for the rules and their sources.
#include "tls_records.h"

#include <cstring>

namespace huntpack::tls {

bool is_record_header(const uint8_t *p, size_t n) {
    if (!p || n < kRecordHeaderLen)
        return false;
    const uint8_t type = p[0];
    const uint16_t len = static_cast<uint16_t>(p[3] << 8 | p[4]);
    return type >= 20 && type <= 24 && p[1] == 3 && p[2] <= 4 && len > 0 && len <= kMaxRecordLen;
}

RecordScan scan_records(const uint8_t *p, size_t n, size_t offset) {
    RecordScan s;
    if (!p || offset >= n)
        return s;
    s.start = static_cast<uint32_t>(offset);
    size_t pos = offset;
    while (pos < n) {
        if (n - pos < kRecordHeaderLen) {
            // A header split across frames: accept only when it starts like one, and only
            // after a record (or the tracked end of one) in this payload.
            const bool plausible = p[pos] >= 20 && p[pos] <= 24 && (n - pos < 2 || p[pos + 1] == 3) &&
                                   (n - pos < 3 || p[pos + 2] <= 4);
            if (!plausible || (s.records == 0 && offset == 0))
                return RecordScan{};
            s.carry = 0;
            s.partial = static_cast<uint8_t>(n - pos);
            std::memcpy(s.partial_bytes, p + pos, n - pos);
            s.ok = true;
            return s;
        }
        if (!is_record_header(p + pos, n - pos))
            return RecordScan{};
        const size_t len = static_cast<size_t>(p[pos + 3] << 8 | p[pos + 4]);
        if (s.records == 0) {
            s.first_type = p[pos];
            s.version = static_cast<uint16_t>(p[pos + 1] << 8 | p[pos + 2]);
        }
        ++s.records;
        const size_t body = n - pos - kRecordHeaderLen;
        if (len > body) {
            s.carry = static_cast<uint32_t>(len - body);
            break;
        }
        pos += kRecordHeaderLen + len;
    }
    s.ok = s.records > 0;
    return s;
}

RecordScan find_record_chain(const uint8_t *p, size_t n) {
    if (!p)
        return {};
    for (size_t i = 0; i + kRecordHeaderLen <= n; ++i) {
        if (!is_record_header(p + i, n - i))
            continue;
        RecordScan s = scan_records(p, n, i);
        // One header whose record runs past the end is too weak when found by searching.
        if (s.ok && (s.records >= 2 || s.carry == 0))
            return s;
    }
    return {};
}

RecordScan RecordTracker::feed(uint32_t seq, const uint8_t *p, size_t n) {
    RecordScan s;
    if (!p || n == 0)
        return s;
    if (synced && seq == next_seq && partial > 0) {
        // Complete the header cut off at the end of the previous payload.
        uint8_t hdr[kRecordHeaderLen];
        const size_t need = kRecordHeaderLen - partial;
        if (n >= need) {
            std::memcpy(hdr, partial_bytes, partial);
            std::memcpy(hdr + partial, p, need);
            if (is_record_header(hdr, kRecordHeaderLen)) {
                partial = 0;
                carry = static_cast<uint32_t>(need + (static_cast<size_t>(hdr[3]) << 8 | hdr[4]));
                RecordScan r = feed(seq, p, n);
                if (r.ok && r.records == 0)
                    r.records = 1;
                if (r.ok && r.first_type == 0) {
                    r.first_type = hdr[0];
                    r.version = static_cast<uint16_t>(hdr[1] << 8 | hdr[2]);
                }
                return r;
            }
        }
        synced = false;
    }
    partial = 0;
    if (synced && seq == next_seq) {
        if (carry >= n) {
            carry -= static_cast<uint32_t>(n);
            next_seq = seq + static_cast<uint32_t>(n);
            s.ok = true; // wholly inside a record we are following
            s.carry = carry;
            return s;
        }
        s = scan_records(p, n, carry);
        if (!s.ok)
            s = find_record_chain(p, n);
    } else {
        s = scan_records(p, n, 0);
        if (!s.ok)
            s = find_record_chain(p, n);
    }
    synced = s.ok;
    carry = s.ok ? s.carry : 0;
    partial = s.ok ? s.partial : 0;
    if (partial)
        std::memcpy(partial_bytes, s.partial_bytes, partial);
    next_seq = seq + static_cast<uint32_t>(n);
    return s;
}

} // namespace huntpack::tls
