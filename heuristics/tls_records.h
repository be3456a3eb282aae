// SPDX-License-Identifier: GPL-2.0-or-later
// TLS record-layer recognition in raw TCP payload, for labelling frames Wireshark left bare.
// RFC 8446 §5.1 (TLSPlaintext: type, legacy_record_version, uint16 length ≤ 2^14 (+2048 for
// ciphertext, RFC 5246 §6.2.3)); content types 20..24 (RFC 8446 §5, RFC 6520 heartbeat).
// Limitations: SSLv2 records are not recognised; a payload that starts inside a record is
// only recognised when a chain of record headers inside it checks out (find_record_chain) or
// when the caller tracks record boundaries across frames (RecordTracker).
#pragma once

#include "byteview.h"

namespace huntpack::tls {

inline constexpr size_t kRecordHeaderLen = 5;
inline constexpr size_t kMaxRecordLen = 16384 + 2048; // RFC 5246 §6.2.3 TLSCiphertext bound

struct RecordScan {
    bool ok = false;          // at least one valid header and a consistent chain
    uint32_t records = 0;     // headers seen in this payload
    uint32_t start = 0;       // offset of the first header in the payload
    uint32_t carry = 0;       // bytes of the last record that lie beyond this payload
    uint8_t partial = 0;      // bytes of a record header cut off at the payload's end (1..4)
    uint8_t partial_bytes[4] = {};
    uint8_t first_type = 0;   // content type of the first record
    uint16_t version = 0;     // legacy_record_version of the first record
};

bool is_record_header(const uint8_t *p, size_t n);

// Walks record headers from `offset`; ok when every header in the payload is valid.
RecordScan scan_records(const uint8_t *p, size_t n, size_t offset = 0);

// Looks for a chain of records starting anywhere in the payload that ends exactly at the
// payload's end or spans at least two headers: a payload that begins mid-record.
RecordScan find_record_chain(const uint8_t *p, size_t n);

// Follows record boundaries across the frames of one direction of a TCP flow.
// Trivially copyable so it can live in wmem conversation data.
struct RecordTracker {
    uint32_t next_seq = 0;   // sequence number where the next unseen byte starts
    uint32_t carry = 0;      // bytes still to skip before the next record header
    uint8_t partial = 0;     // bytes of a header seen at the end of the previous payload
    uint8_t partial_bytes[4] = {};
    bool synced = false;

    // Feeds one in-order payload; returns the scan of the records this payload holds.
    // A payload that does not continue the tracked sequence re-synchronises from scratch.
    RecordScan feed(uint32_t seq, const uint8_t *p, size_t n);
};

} // namespace huntpack::tls
