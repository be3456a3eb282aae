// SPDX-License-Identifier: GPL-2.0-or-later
// The analyst-extendable catalog readers on fuzzed text (Lua scripts add CDN suffixes at run
// time; analysts drop .tsv files next to the plugin): parse_tsv, CdnCatalog::add,
// CipherCatalog::add_suites / add_rules, DnsRandomModel::add_benign, quicstack::Catalog::load_text
// (all-or-nothing), and ua::parse_uap_yaml (the regexes.yaml subset reader).
// Byte 0 picks the reader; the rest is the file text.
#include "fuzz_common.h"
#include "quic_stack.h"
#include "trait_cdn.h"
#include "trait_dns_random.h"
#include "trait_tls.h"
#include "trait_tsv.h"
#include "ua_parser.h"
using namespace huntpack;


extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1)
        return 0;
    const std::string_view text(reinterpret_cast<const char *>(data + 1), size - 1);
    std::string err;
    switch (data[0] % 6) {
    case 0: {
        std::vector<traits::TsvRecord> recs;
        const bool ok = traits::parse_tsv(text, "fuzz.tsv", 1 + data[0] / 64, &recs, &err);
        HP_CHECK(ok || !err.empty());
        for (const auto &r : recs)
            HP_CHECK(!r.where.empty());
        break;
    }
    case 1: {
        traits::CdnCatalog c;
        const bool ok = c.add(text, "fuzz.tsv", &err);
        HP_CHECK(ok || !err.empty());
        if (ok && c.size()) {
            hp_use(c.match_name(text));
            hp_use(c.match_header(text));
        }
        break;
    }
    case 2: {
        traits::CipherCatalog c;
        const bool ok = (data[0] & 0x80) ? c.add_rules(text, "fuzz.tsv", &err)
                                         : c.add_suites(text, "fuzz.tsv", &err);
        HP_CHECK(ok || !err.empty());
        if (ok)
            hp_use(c.classify_name(text));
        break;
    }
    case 3: {
        // A fresh model per input: a model kept across inputs grows, and every growing input
        // makes libFuzzer run a full LeakSanitizer scan (14x slower). On libpsl's built-in list:
        // psl_latest() reads the distribution's list file, most of each input's time.
        traits::DnsRandomModel dns(traits::PublicSuffixList::builtin());
        const bool ok = dns.add_benign(text, "fuzz.tsv", &err);
        HP_CHECK(ok || !err.empty());
        if (ok)
            hp_use(dns.benign_family(text));
        break;
    }
    case 4: {
        quicstack::Catalog c;
        const bool ok = c.load_text(text, "fuzz.tsv", &err);
        HP_CHECK(ok || !err.empty());
        HP_CHECK(ok || c.size() == 0); // all or nothing
        HP_CHECK(c.size() <= quicstack::kMaxSignatures);
        if (ok) {
            quicstack::ClientHelloInfo ch;
            ch.version = 1;
            ch.tp_ids = {1, 3, 4, 5, 27};
            ch.alpn = {"h3"};
            hp_use(c.match(ch));
        }
        break;
    }
    default: {
        std::vector<ua::YamlSection> secs;
        const bool ok = ua::parse_uap_yaml(text, &secs, &err);
        HP_CHECK(ok || !err.empty());
        break;
    }
    }
    return 0;
}
