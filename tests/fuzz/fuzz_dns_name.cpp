// SPDX-License-Identifier: GPL-2.0-or-later
// traits::score_dns_name (model from heuristics/data, loaded once) and score_label.
// Byte 0 picks the role; the rest is the name as Wireshark hands it over (any bytes).
#include "fuzz_common.h"
#include "trait_dns_random.h"
#include <string_view>
using namespace huntpack;

static traits::DnsRandomModel *g_model;

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    g_model = new traits::DnsRandomModel;
    std::string err;
    if (!g_model->load_benign_file(std::string(HUNTPACK_DATA_DIR) + "/benign_random_families.tsv",
                                   &err)) {
        std::fprintf(stderr, "cannot load the DNS model: %s\n", err.c_str());
        std::abort();
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1)
        return 0;
    const auto role = static_cast<traits::DnsNameRole>(data[0] % 4);
    const std::string_view name(reinterpret_cast<const char *>(data + 1), size - 1);
    const traits::DnsRandomVerdict v = traits::score_dns_name(*g_model, name, role);
    HP_CHECK(v.score >= 0 && v.score <= 1);
    hp_use(g_model->benign_family(name));
    const traits::LabelScore l = traits::score_label(name);
    HP_CHECK(l.score >= 0 && l.score <= 1);
    return 0;
}
