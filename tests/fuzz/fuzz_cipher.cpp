// SPDX-License-Identifier: GPL-2.0-or-later
// CipherCatalog::classify / classify_name (catalog from heuristics/data, loaded once),
// classify_tls_version and glob_match (pattern vs text: backtracking blow-ups show as timeouts).
// input = [u16 id][u16 version][pattern (<=64)][text].
#include "fuzz_common.h"
#include "trait_tls.h"
using namespace huntpack;

static traits::CipherCatalog *g_cat;

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    g_cat = new traits::CipherCatalog;
    std::string err;
    const std::string dir = HUNTPACK_DATA_DIR;
    if (!g_cat->load_suites_file(dir + "/cipher_suites.tsv", &err) ||
        !g_cat->load_rules_file(dir + "/cipher_rules.tsv", &err)) {
        std::fprintf(stderr, "cannot load the cipher catalog: %s\n", err.c_str());
        std::abort();
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzedDataProvider fdp(data, size);
    const uint16_t id = fdp.ConsumeIntegral<uint16_t>();
    const uint16_t ver = fdp.ConsumeIntegral<uint16_t>();
    const traits::CipherVerdict c = g_cat->classify(id);
    HP_CHECK(!c.suite.empty());
    hp_use(traits::cipher_class_name(c.cls));
    const std::string pattern = fdp.ConsumeRandomLengthString(64);
    const std::string text = fdp.ConsumeRemainingBytesAsString();
    hp_use(traits::classify_tls_version(ver, text));
    hp_use(g_cat->classify_name(text));
    hp_use(traits::glob_match(pattern, text));
    traits::CipherClass cls;
    hp_use(traits::parse_cipher_class(pattern, &cls));
    return 0;
}
