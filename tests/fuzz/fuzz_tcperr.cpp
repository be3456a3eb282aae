// SPDX-License-Identifier: GPL-2.0-or-later
// tcperr::observe over a fuzzed sequence of frame events (what Wireshark's TCP analysis, the RST
// flag, TTL and source MAC say per frame), then patterns / errors / severity / interpret.
// Each event takes 14 bytes: [u32 frame][u8 dir][u16 kinds][u8 flags][u8 ttl][6 mac] (flags bit0
// has_ttl, bit1 has_mac, bit2 repeats the event 8 times: thresholds such as the RST storm with little input).
#include "fuzz_common.h"
#include "tcperr.h"
using namespace huntpack;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzedDataProvider fdp(data, size);
    tcperr::FlowErrors f;
    uint16_t seen = 0;
    while (fdp.remaining_bytes() >= 14) {
        tcperr::FrameEvent e;
        e.frame = fdp.ConsumeIntegral<uint32_t>();
        e.dir = fdp.ConsumeIntegral<uint8_t>(); // any byte: observe must cope with dir > 1
        e.kinds = fdp.ConsumeIntegral<uint16_t>();
        const uint8_t flags = fdp.ConsumeIntegral<uint8_t>();
        e.has_ttl = flags & 1;
        e.has_mac = flags & 2;
        e.ttl = fdp.ConsumeIntegral<uint8_t>();
        for (uint8_t &b : e.mac)
            b = fdp.ConsumeIntegral<uint8_t>();
        const unsigned reps = (flags & 4) ? 8 : 1;
        for (unsigned r = 0; r < reps; r++) {
            const uint16_t now = tcperr::observe(f, e);
            HP_CHECK((now & seen) == 0); // a pattern is reported once
            HP_CHECK((now & ~((1u << tcperr::kPatterns) - 1)) == 0);
            seen |= now;
        }
    }
    const uint16_t p = tcperr::patterns(f);
    HP_CHECK((p & ~((1u << tcperr::kPatterns) - 1)) == 0);
    hp_use(tcperr::errors(f));
    const uint8_t sev = tcperr::severity(p);
    HP_CHECK(sev <= 3);
    hp_use(tcperr::worth_trait(p));
    for (size_t i = 0; i < tcperr::kPatterns; i++)
        HP_CHECK(tcperr::pattern_name(uint16_t(1u << i)) != nullptr);
    for (size_t k = 0; k < tcperr::kKinds; k++)
        HP_CHECK(tcperr::kind_name(static_cast<tcperr::Kind>(k)) != nullptr);
    const tcperr::Interpretation in = tcperr::interpret(f);
    HP_CHECK(in.severity <= 3);
    HP_CHECK(in.summary.size() < 4096 && in.evidence.size() < 4096);
    return 0;
}
