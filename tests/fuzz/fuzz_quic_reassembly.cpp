// SPDX-License-Identifier: GPL-2.0-or-later
// quic::CryptoReassembler with structured input: a sequence of CRYPTO frames
// [offset: u8 selector + varint-sized value][len: u16][data], any order, overlaps, huge
// offsets. Checks the reassembler's documented bounds after every add.
#include "fuzz_common.h"
#include "quic_crypto_reassembly.h"
#include <memory>
using namespace huntpack;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzedDataProvider fdp(data, size);
    auto r = std::make_unique<quic::CryptoReassembler>();
    int frames = 0;
    while (fdp.remaining_bytes() > 0 && frames++ < 512) {
        const uint8_t sel = fdp.ConsumeIntegral<uint8_t>();
        uint64_t off;
        switch (sel & 3) {
        case 0: off = fdp.ConsumeIntegralInRange<uint64_t>(0, 256); break;
        case 1: off = fdp.ConsumeIntegralInRange<uint64_t>(0, quic::kMaxCryptoBytes + 64); break;
        case 2: off = fdp.ConsumeIntegralInRange<uint64_t>(0, quic::kMaxCryptoStreamOffset); break;
        default: off = fdp.ConsumeIntegral<uint64_t>(); break; // beyond 2^62 too
        }
        const size_t len = fdp.ConsumeIntegralInRange<size_t>(0, (sel & 4) ? 20000 : 300);
        std::vector<uint8_t> buf = fdp.ConsumeBytes<uint8_t>(len);
        // Either the real bytes, or a zero-length frame at an extreme offset.
        const ParseStatus st = r->add(off, buf.empty() ? nullptr : buf.data(), buf.size());
        hp_use(st);
        HP_CHECK(r->contiguous_len() <= quic::kMaxCryptoBytes);
        const size_t ml = r->message_len();
        HP_CHECK(ml <= r->contiguous_len());
        if (ml) {
            HP_CHECK(r->message() != nullptr);
            HP_CHECK(ml >= quic::kHandshakeHeaderLen);
            volatile uint8_t last = r->message()[ml - 1];
            (void)last;
        }
        hp_use(r->message_type());
        hp_use(r->message_too_large());
        hp_use(r->conflict());
        hp_use(r->dropped_bytes());
    }
    return 0;
}
