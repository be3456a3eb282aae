// SPDX-License-Identifier: GPL-2.0-or-later
// quic::scan_initial_frames on a decrypted Initial payload, both dialects (first byte picks).
#include "fuzz_common.h"
#include "quic_frames.h"
using namespace huntpack;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1)
        return 0;
    const quic::FrameDialect d = (data[0] & 1) ? quic::FrameDialect::Gquic : quic::FrameDialect::Ietf;
    const uint8_t *p = data + 1;
    const size_t n = size - 1;
    const quic::FrameScan fs = quic::scan_initial_frames(p, n, d);
    HP_CHECK(fs.error != nullptr);
    HP_CHECK(fs.stop_offset <= n);
    HP_CHECK(fs.crypto_count <= quic::kMaxCryptoFrames);
    HP_CHECK(fs.crypto_count <= fs.crypto_total);
    for (size_t i = 0; i < fs.crypto_count; ++i) {
        const quic::CryptoFrameRef &c = fs.crypto[i];
        HP_CHECK(c.data_offset <= n && c.length <= n - c.data_offset);
        HP_CHECK(c.offset <= quic::kMaxStreamOffset);
    }
    hp_use(quic::frame_dialect(static_cast<uint32_t>(size)));
    return 0;
}
