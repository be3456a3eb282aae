// SPDX-License-Identifier: GPL-2.0-or-later
// quicstack::Catalog::match (catalog heuristics/data/quic_stacks.tsv, loaded once) on a fuzzed
// ClientHelloInfo: version, transport parameter ids (GREASE and huge ids), the five numeric TPs
// (present or absent), ALPN list and JA4 string, as quicfp extracts them from a ClientHello.
#include "fuzz_common.h"
#include "quic_stack.h"
using namespace huntpack;

static quicstack::Catalog *g_cat;

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    g_cat = new quicstack::Catalog;
    std::string err;
    if (!g_cat->load_file(std::string(HUNTPACK_DATA_DIR) + "/quic_stacks.tsv", &err)) {
        std::fprintf(stderr, "cannot load the QUIC stack catalog: %s\n", err.c_str());
        std::abort();
    }
    return 0;
}

static std::optional<uint64_t> opt(FuzzedDataProvider &fdp) {
    if (!fdp.ConsumeBool())
        return std::nullopt;
    return fdp.ConsumeBool() ? fdp.ConsumeIntegral<uint64_t>()
                             : uint64_t(fdp.ConsumeIntegral<uint32_t>());
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzedDataProvider fdp(data, size);
    quicstack::ClientHelloInfo ch;
    const uint8_t vsel = fdp.ConsumeIntegral<uint8_t>();
    static const uint32_t kVersions[] = {1, 0x6b3343cf, 0xff00001d, 0xfaceb002, 0x51303436,
                                          0x54303531, 0x51303530};
    ch.version = (vsel < 7 * 16) ? kVersions[vsel % 7] : fdp.ConsumeIntegral<uint32_t>();
    const size_t ntp = fdp.ConsumeIntegralInRange<size_t>(0, 100);
    for (size_t i = 0; i < ntp && fdp.remaining_bytes(); i++) {
        const uint8_t k = fdp.ConsumeIntegral<uint8_t>();
        uint64_t id;
        if (k < 160)
            id = k % 32; // the RFC 9000 ids
        else if (k < 200)
            id = 27 + 31 * uint64_t(fdp.ConsumeIntegral<uint16_t>()); // GREASE
        else if (k < 230) {
            static const uint64_t kOdd[] = {0x3127, 0x3128, 0x3129, 0x312a, 0x312b, 0x4751,
                                            0x4752, 0xff00, 0x7158, 0x1057, 0x2ab2, 0xff73db};
            id = kOdd[k % 12];
        } else
            id = fdp.ConsumeIntegral<uint64_t>();
        ch.tp_ids.push_back(id);
    }
    ch.max_udp_payload_size = opt(fdp);
    ch.initial_max_data = opt(fdp);
    ch.initial_max_stream_data_bidi_local = opt(fdp);
    ch.active_connection_id_limit = opt(fdp);
    ch.max_idle_timeout = opt(fdp);
    const size_t nalpn = fdp.ConsumeIntegralInRange<size_t>(0, 40);
    for (size_t i = 0; i < nalpn && fdp.remaining_bytes(); i++)
        ch.alpn.push_back(fdp.ConsumeRandomLengthString(16));
    ch.ja4 = fdp.ConsumeRemainingBytesAsString();

    hp_use(ch.has_google_user_agent());
    hp_use(ch.has_grease_tp());
    const quicstack::Match m = g_cat->match(ch);
    if (m.matched) {
        HP_CHECK(!m.stack.empty());
        HP_CHECK(m.confidence >= 0 && m.confidence <= 100);
        HP_CHECK(m.line > 0);
    } else {
        HP_CHECK(!m.ambiguous);
    }
    for (uint64_t id : ch.tp_ids) {
        const uint64_t n = quicstack::normalize_tp(id);
        HP_CHECK(!quicstack::is_grease_tp(id) || n == quicstack::kTpGreaseNormalized);
    }
    return 0;
}
