// SPDX-License-Identifier: GPL-2.0-or-later
// CDN and Public Suffix List look-ups on attacker-controlled names (Host, CNAME, SNI, PTR,
// Server/Via/X-Cache): classify_cdn_name, classify_cdn_header, edge_like_token,
// PublicSuffixList::public_suffix_offset / registrable_domain (the plugin's psl_latest() list
// and libpsl's built-in one), normalize_host, domain_matches. Catalog loaded once.
// input = [u8 selector][u8 header-name length][header name][name / value].
#include "fuzz_common.h"
#include "trait_cdn.h"
#include "trait_psl.h"
#include "trait_tsv.h"
using namespace huntpack;

static traits::CdnCatalog *g_cat;
static traits::PublicSuffixList *g_psl, *g_builtin;

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    g_cat = new traits::CdnCatalog;
    std::string err;
    if (!g_cat->load_file(std::string(HUNTPACK_DATA_DIR) + "/cdn_suffixes.tsv", &err)) {
        std::fprintf(stderr, "cannot load the CDN catalog: %s\n", err.c_str());
        std::abort();
    }
    g_psl = new traits::PublicSuffixList();
    g_builtin = new traits::PublicSuffixList(traits::PublicSuffixList::builtin());
    if (!g_psl->ok() || !g_builtin->ok()) {
        std::fprintf(stderr, "no public suffix list\n");
        std::abort();
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzedDataProvider fdp(data, size);
    const uint8_t sel = fdp.ConsumeIntegral<uint8_t>();
    const std::string hname = fdp.ConsumeRandomLengthString(64);
    const std::string raw = fdp.ConsumeRemainingBytesAsString();

    const auto where = static_cast<traits::CdnWhere>(sel % 4);
    hp_use(traits::cdn_where_name(where));
    const traits::PublicSuffixList &psl = (sel & 0x10) ? *g_builtin : *g_psl;
    const traits::CdnVerdict v = traits::classify_cdn_name(*g_cat, psl, raw, where);
    HP_CHECK(v.severity <= 3);
    HP_CHECK(!(v.well_known && v.edge_like));
    const traits::CdnVerdict h = traits::classify_cdn_header(*g_cat, hname, raw);
    HP_CHECK(h.severity <= 3);
    const std::string tok = traits::edge_like_token(raw);
    HP_CHECK(tok.size() <= raw.size());

    const std::string host = traits::normalize_host(raw);
    HP_CHECK(host.size() <= 253);
    const bool priv = sel & 0x20, star = sel & 0x40;
    const size_t off = psl.public_suffix_offset(host, priv, star);
    HP_CHECK(off <= host.size());
    const std::string rd = psl.registrable_domain(host, priv);
    HP_CHECK(rd.size() <= host.size());
    if (!rd.empty())
        HP_CHECK(traits::domain_matches(host, rd));
    const std::string rd2 = traits::registrable_domain(raw);
    HP_CHECK(rd2.size() <= raw.size());
    hp_use(traits::domain_matches(raw, hname));
    hp_use(traits::ascii_lower(raw));
    hp_use(traits::trim_ascii(raw));
    return 0;
}
