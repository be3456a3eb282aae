// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for tls-deprecated (RFC 8996/7568) and tls-weak-cipher (IANA names + ordered rules from
// heuristics/data), catalog extension and malformed-line errors, registrable_domain via libpsl.
#include "cmocka_cxx.h"
#include "trait_tls.h"

#include <cstdio>
#include <cstring>
#include <string>

using namespace huntpack::traits;

namespace {
const std::string kSuites = std::string(HUNTPACK_DATA_DIR) + "/cipher_suites.tsv";
const std::string kRules = std::string(HUNTPACK_DATA_DIR) + "/cipher_rules.tsv";

int load_catalog(void **state) {
    auto *cat = new CipherCatalog;
    std::string err;
    if (!cat->load_suites_file(kSuites, &err) || !cat->load_rules_file(kRules, &err)) {
        print_error("%s\n", err.c_str());
        delete cat;
        return -1;
    }
    *state = cat;
    return 0;
}
int free_catalog(void **state) {
    delete static_cast<CipherCatalog *>(*state);
    return 0;
}
const CipherCatalog &cat_of(void **state) {
    return *static_cast<CipherCatalog *>(*state);
}
} // namespace

static void test_classify_tls_version_deprecated(void **) {
    TlsVersionVerdict v = classify_tls_version(0x0301, "www.example.com");
    assert_true(v.fired);
    assert_int_equal(v.severity, kWarn);
    assert_string_equal(v.evidence.c_str(),
                        "TLS 1.0 negotiated with www.example.com: deprecated by RFC 8996");
    assert_int_equal(classify_tls_version(0x0302).severity, kWarn);
    assert_int_equal(classify_tls_version(0xfeff).severity, kWarn);
    TlsVersionVerdict ssl3 = classify_tls_version(0x0300);
    assert_true(ssl3.fired);
    assert_int_equal(ssl3.severity, kAlert);
    assert_string_equal(ssl3.name, "SSL 3.0");
    assert_int_equal(classify_tls_version(0x0002).severity, kAlert);
}

static void test_classify_tls_version_current_and_unknown(void **) {
    const uint16_t ok[] = {0x0303, 0x0304, 0xfefd, 0xfefc, 0x7f1c, 0x0000, 0xffff, 0x0a0a};
    for (uint16_t v : ok) {
        TlsVersionVerdict r = classify_tls_version(v, std::string(100000, 'a'));
        assert_false(r.fired);
        assert_true(r.evidence.empty());
    }
    assert_string_equal(tls_version_name(0x7f1c), "unknown");
    // The server name is capped in the evidence.
    assert_true(classify_tls_version(0x0301, std::string(100000, 'a')).evidence.size() < 400);
}

static void test_catalog_loads_shipped_data(void **state) {
    const CipherCatalog &c = cat_of(state);
    assert_true(c.suite_count() > 350);
    assert_true(c.rule_count() > 20);
    assert_string_equal(c.suite_name(0xC02F)->c_str(), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    assert_string_equal(c.suite_name(0x1301)->c_str(), "TLS_AES_128_GCM_SHA256");
    assert_null(c.suite_name(0x0A0A)); // GREASE is not a catalog entry
}

static void test_classify_known_suites(void **state) {
    const CipherCatalog &c = cat_of(state);
    struct Case {
        uint16_t id;
        CipherClass cls;
        bool fired;
        uint8_t sev;
    } cases[] = {
        {0x1301, CipherClass::Recommended, false, kInfo}, // TLS_AES_128_GCM_SHA256
        {0x1303, CipherClass::Recommended, false, kInfo}, // TLS_CHACHA20_POLY1305_SHA256
        {0x1305, CipherClass::Secure, false, kInfo},      // TLS_AES_128_CCM_8_SHA256
        {0xC02B, CipherClass::Recommended, false, kInfo}, // ECDHE_ECDSA AES128 GCM
        {0xC02F, CipherClass::Secure, false, kInfo},      // ECDHE_RSA AES128 GCM
        {0xCCA8, CipherClass::Secure, false, kInfo},      // ECDHE_RSA CHACHA20
        {0x009E, CipherClass::Secure, false, kInfo},      // DHE_RSA AES128 GCM
        {0x009C, CipherClass::Weak, true, kNote},         // RSA AES128 GCM: no PFS
        {0x002F, CipherClass::Weak, true, kNote},         // RSA AES128 CBC SHA
        {0xC013, CipherClass::Weak, true, kNote},         // ECDHE_RSA AES128 CBC SHA
        {0x000A, CipherClass::Weak, true, kNote},         // RSA 3DES
        {0x0005, CipherClass::Insecure, true, kAlert},    // RSA RC4 SHA
        {0x0004, CipherClass::Insecure, true, kAlert},    // RSA RC4 MD5
        {0x0009, CipherClass::Insecure, true, kAlert},    // RSA DES CBC
        {0x0000, CipherClass::Insecure, true, kAlert},    // NULL_WITH_NULL_NULL
        {0x0002, CipherClass::Insecure, true, kAlert},    // RSA NULL SHA
        {0x0003, CipherClass::Insecure, true, kAlert},    // RSA EXPORT RC4 40 MD5
        {0x0034, CipherClass::Insecure, true, kAlert},    // DH_anon AES128 CBC
        {0x00FF, CipherClass::Secure, false, kInfo},      // renegotiation SCSV
    };
    for (const Case &k : cases) {
        CipherVerdict v = c.classify(k.id);
        if (v.cls != k.cls)
            print_error("0x%04X %s: %s\n", k.id, v.suite.c_str(), v.evidence.c_str());
        assert_int_equal(v.cls, k.cls);
        assert_int_equal(v.fired, k.fired);
        assert_int_equal(v.severity, k.sev);
    }
}

static void test_classify_evidence_names_rule(void **state) {
    CipherVerdict v = cat_of(state).classify(0x0005);
    assert_string_equal(v.suite.c_str(), "TLS_RSA_WITH_RC4_128_SHA");
    assert_string_equal(v.rule.c_str(), "*_RC4_* -> insecure: RC4 stream cipher is broken");
    assert_string_equal(v.evidence.c_str(), "TLS_RSA_WITH_RC4_128_SHA is insecure (rule *_RC4_* -> "
                                            "insecure: RC4 stream cipher is broken)");
    assert_non_null(strstr(v.rule_where.c_str(), "cipher_rules.tsv:"));
    // DES rule must not catch 3DES.
    CipherVerdict t = cat_of(state).classify(0x000A);
    assert_string_equal(t.rule.c_str(), "*_3DES_* -> weak: 3DES: 64-bit block cipher (Sweet32)");
}

static void test_classify_grease_and_unknown(void **state) {
    const CipherCatalog &c = cat_of(state);
    for (unsigned hi = 0x0a; hi <= 0xfa; hi += 0x10) {
        uint16_t g = static_cast<uint16_t>(hi << 8 | hi);
        assert_true(is_grease(g));
        CipherVerdict v = c.classify(g);
        assert_true(v.grease);
        assert_false(v.fired);
    }
    assert_false(is_grease(0x0a1a));
    CipherVerdict u = c.classify(0x1234);
    assert_false(u.fired);
    assert_int_equal(u.cls, CipherClass::Unknown);
    assert_string_equal(u.evidence.c_str(), "0x1234 is not in the cipher-suite catalog");
}

// Every catalog suite with a known-broken primitive must come out insecure, and no ephemeral
// AEAD TLS 1.2 suite may be classed below secure.
static void test_classify_whole_catalog_properties(void **state) {
    const CipherCatalog &c = cat_of(state);
    int counts[5] = {0, 0, 0, 0, 0};
    for (unsigned id = 0; id <= 0xffff; ++id) {
        const std::string *n = c.suite_name(static_cast<uint16_t>(id));
        if (!n)
            continue;
        CipherVerdict v = c.classify(static_cast<uint16_t>(id));
        counts[static_cast<int>(v.cls)]++;
        bool broken =
            n->find("_RC4_") != std::string::npos || n->find("EXPORT") != std::string::npos ||
            n->find("_anon_") != std::string::npos || n->find("_NULL_") != std::string::npos ||
            (n->size() > 4 && n->compare(n->size() - 4, 4, "_MD5") == 0);
        if (broken && v.cls != CipherClass::Insecure)
            print_error("%s classed %s\n", n->c_str(), cipher_class_name(v.cls));
        if (broken)
            assert_int_equal(v.cls, CipherClass::Insecure);
        bool pfs_aead =
            (n->rfind("TLS_ECDHE_", 0) == 0 || n->rfind("TLS_DHE_", 0) == 0) &&
            (n->find("_GCM_") != std::string::npos || n->find("CHACHA20") != std::string::npos);
        if (pfs_aead)
            assert_true(v.cls == CipherClass::Secure || v.cls == CipherClass::Recommended);
    }
    print_message("catalog classes: unknown=%d insecure=%d weak=%d secure=%d recommended=%d\n",
                  counts[0], counts[1], counts[2], counts[3], counts[4]);
}

static void test_catalog_extension_later_files_win(void **) {
    CipherCatalog c;
    std::string err;
    assert_true(c.load_suites_file(kSuites, &err));
    assert_true(c.load_rules_file(kRules, &err));
    // Verdicts are remembered per id; a file added later must not be hidden by them.
    assert_int_equal(c.classify(0x009C).cls, CipherClass::Weak);
    assert_int_equal(c.classify(0x009C).cls, CipherClass::Weak);
    assert_int_equal(c.classify(0x1234).cls, CipherClass::Unknown);
    assert_true(c.add_suites("0x1234\tTLS_EXAMPLE_WITH_AES_128_GCM_SHA256\tlocal test\n",
                             "site.tsv", &err));
    assert_string_equal(c.classify(0x1234).suite.c_str(), "TLS_EXAMPLE_WITH_AES_128_GCM_SHA256");
    assert_string_equal(c.suite_name(0x1234)->c_str(), "TLS_EXAMPLE_WITH_AES_128_GCM_SHA256");
    assert_true(
        c.add_rules("TLS_RSA_WITH_AES_128_GCM_SHA256\tsecure\tsite policy accepts it\tlocal\n",
                    "site-rules.tsv", &err));
    CipherVerdict v = c.classify(0x009C);
    assert_int_equal(v.cls, CipherClass::Secure);
    assert_string_equal(v.rule_where.c_str(), "site-rules.tsv:1");
    assert_int_equal(c.classify(0x009D).cls, CipherClass::Weak); // other RSA suites unchanged
}

static void test_catalog_malformed_lines_report_file_line(void **) {
    struct Bad {
        const char *text;
        size_t len; // 0: up to the first NUL
        bool rules;
        const char *want;
    } bad[] = {
        {"# ok\n0xZZZZ\tTLS_X\tsrc\n", 0, false, "s.tsv:2: cipher suite id must look like 0xC02F"},
        {"0x12345\tTLS_X\tsrc\n", 0, false, "s.tsv:1: cipher suite id"},
        {"0x1234\tTLS_X\n", 0, false, "s.tsv:1: expected at least 3"},
        {"0x1234\t\tsrc\n", 0, false, "s.tsv:1: field 2 is empty"},
        {"\n\n0x1234\tTLS_\0X\tsrc\n", 20, false, "s.tsv:3: control byte"},
        {"*_RC4_*\tbroken\twhy\tsrc\n", 0, true, "s.tsv:1: unknown class 'broken'"},
        {"*_RC4_*\tinsecure\twhy\n", 0, true, "s.tsv:1: expected at least 4"},
    };
    for (const Bad &b : bad) {
        CipherCatalog c;
        std::string err;
        std::string text = b.len ? std::string(b.text, b.len) : std::string(b.text);
        bool ok = b.rules ? c.add_rules(text, "s.tsv", &err) : c.add_suites(text, "s.tsv", &err);
        assert_false(ok);
        if (err.find(b.want) != 0)
            print_error("got '%s', want prefix '%s'\n", err.c_str(), b.want);
        assert_true(err.find(b.want) == 0);
        assert_int_equal(c.suite_count(), 0); // a failed file adds nothing
        assert_int_equal(c.rule_count(), 0);
    }
    CipherCatalog c;
    std::string err;
    std::string longline = "0x1234\t" + std::string(5000, 'A') + "\tsrc\n";
    assert_false(c.add_suites(longline, "s.tsv", &err));
    assert_false(c.load_rules_file("/nonexistent/rules.tsv", &err));
    assert_string_equal(err.c_str(), "/nonexistent/rules.tsv: cannot open");
}

static void test_glob_match_edges(void **) {
    assert_true(glob_match("*", ""));
    assert_true(glob_match("*_RC4_*", "TLS_RSA_WITH_RC4_128_SHA"));
    assert_false(glob_match("*_DES_*", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"));
    assert_true(glob_match("TLS_RSA_*", "TLS_RSA_"));
    assert_false(glob_match("TLS_DH_*", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"));
    assert_true(glob_match("*_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"));
    assert_false(glob_match("*_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA256"));
    assert_false(glob_match("", "x"));
    assert_true(glob_match("a*b*c*d", std::string(10000, 'a') + "bcd"));
    assert_false(glob_match("*a*a*a*a*b", std::string(2000, 'a'))); // no blow-up
}

static void test_classify_name_hostile(void **state) {
    const CipherCatalog &c = cat_of(state);
    assert_false(c.classify_name("").fired);
    CipherVerdict big = c.classify_name(std::string(100000, '_') + "RC4_");
    assert_true(big.suite.size() <= 256);
    std::string nul("TLS_RSA_WITH_RC4\0_128_SHA", 25);
    assert_int_equal(c.classify_name(nul).cls, CipherClass::Weak); // TLS_RSA_* still applies
    assert_false(c.classify_name("TLS_\xff\xfe").fired);
}

// The remembered answers (trait_psl.h): per libpsl type (the same name has a suffix under the
// star rule and none without it), the same on a repeat, and still right after the memo was
// forgotten at its cap. "foo.bar.co.uk": "co.uk" starts at offset 8 ("foo." 4 + "bar." 4); the
// TLD "zzqqxx" is unlisted: a suffix only by the star rule, at its own offset.
static void test_psl_memo(void **) {
    PublicSuffixList psl;
    assert_true(psl.ok());
    const std::string h = "a.dnscat.zzqqxx";
    for (int round = 0; round < 2; round++) { // the second round is answered from the memo
        assert_int_equal(psl.public_suffix_offset(h, false, true), h.rfind('.') + 1);
        assert_int_equal(psl.public_suffix_offset(h, false, false), h.size());
        assert_int_equal(psl.public_suffix_offset("foo.bar.co.uk"), 8);
        assert_string_equal(psl.registrable_domain("foo.bar.co.uk").c_str(), "bar.co.uk");
    }
    assert_int_equal(psl.memo_size(), 3);
    for (int i = 0; i < 5000; i++) { // more names than the memo keeps
        assert_int_equal(psl.public_suffix_offset("h" + std::to_string(i) + ".example.com"),
                         std::to_string(i).size() + 10); // "h" i "." "example." then "com"
        assert_true(psl.memo_size() <= PublicSuffixList::kMemoCap);
    }
    assert_int_equal(psl.public_suffix_offset("foo.bar.co.uk"), 8);
    assert_int_equal(psl.public_suffix_offset(h, false, false), h.size());
}

// unstarred_offset derives the no-star answer from the starred one (trait_psl.h); checked
// against libpsl's own no-star look-up, with and without the private section, on names that
// exercise each kind of rule: unlisted TLDs (the star rule only), a plain TLD, two-level
// suffixes, a wildcard (*.ck) and its exception (!www.ck), *.kawasaki.jp with
// !city.kawasaki.jp, private rules (blogspot.com, github.io), IDN TLDs, bare TLDs and
// single labels. A derivation that took the starred answer as it is would fail on the unlisted
// TLDs; one that always dropped single-label suffixes, on "a.example.com".
static void test_psl_unstarred(void **) {
    const char *const hosts[] = {"a.dnscat.zzqqxx", "zzqqxx", "x.zzqqxx", "a.example.com", "example.com", "com",
        "foo.bar.co.uk", "co.uk", "uk", "x.y.ck", "y.ck", "ck", "www.ck", "a.www.ck", "city.kawasaki.jp",
        "a.city.kawasaki.jp", "b.a.kawasaki.jp", "kawasaki.jp", "foo.blogspot.com", "blogspot.com",
        "x.foo.github.io", "github.io", "a.xn--fiqs8s", "xn--fiqs8s", "a.b.c.d.example.co.jp", "localhost",
        "a.local", "printer.lan", "1.2.3.4", "a.b", "a..b", "a.", ".a"};
    PublicSuffixList psl;
    assert_true(psl.ok());
    for (bool priv : {false, true})
        for (const char *h : hosts) {
            const size_t starred = psl.public_suffix_offset(h, priv, true);
            const size_t direct = psl.public_suffix_offset(h, priv, false);
            if (psl.unstarred_offset(h, starred, priv) != direct)
                fail_msg("%s (private %d): derived %zu, libpsl %zu", h, priv, psl.unstarred_offset(h, starred, priv), direct);
        }
    // The two answers do differ on an unlisted TLD (so the test compares something).
    assert_int_not_equal(psl.public_suffix_offset("a.dnscat.zzqqxx", false, true),
                         psl.public_suffix_offset("a.dnscat.zzqqxx", false, false));
}

static void test_registrable_domain_psl(void **) {
    assert_string_equal(registrable_domain("www.microsoft.com").c_str(), "microsoft.com");
    assert_string_equal(registrable_domain("WWW.Example.COM.:443").c_str(), "example.com");
    assert_string_equal(registrable_domain("foo.bar.co.uk").c_str(), "bar.co.uk");
    assert_string_equal(registrable_domain("lhr25s34-in-f14.1e100.net").c_str(), "1e100.net");
    assert_string_equal(registrable_domain("d1ge0kk1l5kms0.cloudfront.net").c_str(),
                        "cloudfront.net");
    assert_string_equal(registrable_domain("com").c_str(), "");
    assert_string_equal(registrable_domain("co.uk").c_str(), "");
    assert_string_equal(registrable_domain("").c_str(), "");
    assert_string_equal(registrable_domain("1.2.3.4").c_str(), "");
    assert_string_equal(registrable_domain("[::1]:443").c_str(), "");
    assert_string_equal(registrable_domain(std::string("a.com\0b", 7)).c_str(), "");
    assert_string_equal(registrable_domain(std::string(300, 'a') + ".com").c_str(), "");
    PublicSuffixList psl;
    assert_true(psl.ok());
    assert_string_equal(psl.registrable_domain("d1ge0kk1l5kms0.cloudfront.net", true).c_str(),
                        "d1ge0kk1l5kms0.cloudfront.net");
    PublicSuffixList missing("/nonexistent/psl.dat");
    assert_false(missing.ok());
    assert_string_equal(missing.registrable_domain("www.example.com").c_str(), "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify_tls_version_deprecated),
        cmocka_unit_test(test_classify_tls_version_current_and_unknown),
        cmocka_unit_test(test_catalog_loads_shipped_data),
        cmocka_unit_test(test_classify_known_suites),
        cmocka_unit_test(test_classify_evidence_names_rule),
        cmocka_unit_test(test_classify_grease_and_unknown),
        cmocka_unit_test(test_classify_whole_catalog_properties),
        cmocka_unit_test(test_catalog_extension_later_files_win),
        cmocka_unit_test(test_catalog_malformed_lines_report_file_line),
        cmocka_unit_test(test_glob_match_edges),
        cmocka_unit_test(test_classify_name_hostile),
        cmocka_unit_test(test_registrable_domain_psl),
        cmocka_unit_test(test_psl_memo),
        cmocka_unit_test(test_psl_unstarred),
    };
    return cmocka_run_group_tests(tests, load_catalog, free_catalog);
}
