// SPDX-License-Identifier: GPL-2.0-or-later
// tls::scan_records, find_record_chain and RecordTracker::feed. The input is split into TCP
// segments: [u8 len][u8 seq-jitter] headers taken by FuzzedDataProvider, so the tracker sees
// in-order, overlapping, retransmitted and skipped segments.
#include "fuzz_common.h"
#include "tls_records.h"
using namespace huntpack;

static void check_scan(const tls::RecordScan &s, size_t n) {
    HP_CHECK(s.partial <= 4);
    if (s.ok)
        HP_CHECK(s.start <= n);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    // Whole input as one payload.
    check_scan(tls::scan_records(data, size), size);
    check_scan(tls::find_record_chain(data, size), size);
    if (size > 0)
        check_scan(tls::scan_records(data, size, data[0] % (size + 1)), size);
    hp_use(tls::is_record_header(data, size));

    FuzzedDataProvider fdp(data, size);
    tls::RecordTracker tr;
    uint32_t seq = fdp.ConsumeIntegral<uint32_t>();
    while (fdp.remaining_bytes() > 0) {
        const uint8_t mode = fdp.ConsumeIntegral<uint8_t>();
        const size_t len = fdp.ConsumeIntegralInRange<size_t>(0, 2000);
        std::vector<uint8_t> seg = fdp.ConsumeBytes<uint8_t>(len);
        uint32_t s = seq;
        switch (mode & 3) {
        case 0: break;                                          // in order
        case 1: s = seq - (mode >> 2); break;                   // overlap / retransmission
        case 2: s = seq + (uint32_t{mode} << 4); break;         // gap
        case 3: s = fdp.ConsumeIntegral<uint32_t>(); break;     // anywhere (wrap included)
        }
        const tls::RecordScan r = tr.feed(s, seg.data(), seg.size());
        check_scan(r, seg.size());
        HP_CHECK(tr.partial <= 4);
        seq = s + static_cast<uint32_t>(seg.size());
    }
    return 0;
}
