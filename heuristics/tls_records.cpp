// SPDX-License-Identifier: GPL-2.0-or-later
// TLS record-layer recognition; see tls_records.h for the rules and their sources.
#include "tls_records.h"

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
            // A header split across frames: accept only when it starts like one.
            const bool plausible = p[pos] >= 20 && p[pos] <= 24 && (n - pos < 2 || p[pos + 1] == 3);
            if (!plausible || s.records == 0)
                return RecordScan{};
            s.carry = 0;
            break;
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
    if (synced && seq == next_seq) {
        if (carry >= n) {
            carry -= static_cast<uint32_t>(n);
            next_seq = seq + static_cast<uint32_t>(n);
            s.ok = true; // wholly inside a record we are following
            s.carry = carry;
            return s;
        }
        s = scan_records(p, n, carry);
    } else {
        s = scan_records(p, n, 0);
        if (!s.ok)
            s = find_record_chain(p, n);
    }
    synced = s.ok;
    carry = s.ok ? s.carry : 0;
    next_seq = seq + static_cast<uint32_t>(n);
    return s;
}

} // namespace huntpack::tls
