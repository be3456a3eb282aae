// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for cdn-content: catalog suffix and header matching, obscure edge-like names, look-alikes,
// catalog extension and malformed lines, hostile names.
#include "cmocka_cxx.h"
#include "trait_cdn.h"

#include <string>

using namespace huntpack::traits;

namespace {
struct Fixture {
    CdnCatalog cat;
    PublicSuffixList psl;
};
int setup(void **state) {
    auto *f = new Fixture;
    std::string err;
    if (!f->cat.load_file(std::string(HUNTPACK_DATA_DIR) + "/cdn_suffixes.tsv", &err) ||
        !f->psl.ok()) {
        print_error("%s %s\n", err.c_str(), f->psl.error().c_str());
        delete f;
        return -1;
    }
    *state = f;
    return 0;
}
int teardown(void **state) {
    delete static_cast<Fixture *>(*state);
    return 0;
}
Fixture &fx(void **state) {
    return *static_cast<Fixture *>(*state);
}
} // namespace

static void test_classify_cdn_name_well_known(void **state) {
    Fixture &f = fx(state);
    struct Case {
        const char *name;
        const char *cdn;
    } cases[] = {
        {"e3067.dscg.akamaiedge.net", "Akamai"},
        {"a23-45-67-89.deploy.static.akamaitechnologies.com", "Akamai"},
        {"www.example.com.edgekey.net", "Akamai"},
        {"d1ge0kk1l5kms0.cloudfront.net", "Amazon CloudFront"},
        {"scdnco.spotify.map.fastly.net", "Fastly"},
        {"www.example.com.cdn.cloudflare.net", "Cloudflare"},
        {"blizzard.vo.llnwd.net", "Limelight (Edgio)"},
        {"example.azureedge.net", "Azure CDN"},
        {"zone.b-cdn.net", "Bunny CDN"},
        {"o.aolcdn.com", "AOL"},
        {"X.INCAPDNS.NET.", "Imperva Incapsula"},
        {"s.yimg.com.edgesuite.net:443", "Akamai"},
    };
    for (const Case &c : cases) {
        CdnVerdict v = classify_cdn_name(f.cat, f.psl, c.name, CdnWhere::Cname);
        if (!v.fired || v.cdn != c.cdn)
            print_error("%s → '%s'\n", c.name, v.cdn.c_str());
        assert_true(v.fired);
        assert_true(v.well_known);
        assert_int_equal(v.severity, kInfo);
        assert_string_equal(v.cdn.c_str(), c.cdn);
        assert_false(v.source.empty());
    }
    CdnVerdict v = classify_cdn_name(f.cat, f.psl, "e3067.dscg.akamaiedge.net", CdnWhere::Host);
    assert_string_equal(v.evidence.c_str(), "Host e3067.dscg.akamaiedge.net is served by Akamai "
                                            "(catalog suffix akamaiedge.net)");
}

static void test_classify_cdn_name_obscure_edge_like(void **state) {
    Fixture &f = fx(state);
    const char *names[] = {"n4cswhk3.gccdn.net",        "weibo.grid.sinaedge.com",
                           "cdn.example-news.com",      "static-assets.top.comcast.net",
                           "img1.shop.co.uk",           "edge-p1.l.noaa.gov",
                           "media.evil-cdn.xyz",        "cache02.some.host",
                           "akamaiedge.net.example.org"}; // a catalog name used as a label
    for (const char *n : names) {
        CdnVerdict v = classify_cdn_name(f.cat, f.psl, n, CdnWhere::Host);
        if (!v.edge_like)
            print_error("not edge-like: %s\n", n);
        assert_true(v.fired);
        assert_true(v.edge_like);
        assert_false(v.well_known);
        assert_int_equal(v.severity, kNote); // above a well-known CDN's info
    }
    CdnVerdict v = classify_cdn_name(f.cat, f.psl, "n4cswhk3.gccdn.net", CdnWhere::Cname);
    assert_string_equal(v.evidence.c_str(), "CNAME target n4cswhk3.gccdn.net looks like a CDN edge "
                                            "name ('cdn' in label gccdn) but gccdn.net is not in "
                                            "the CDN catalog");
}

static void test_classify_cdn_name_benign_lookalikes(void **state) {
    Fixture &f = fx(state);
    const char *names[] = {"www.example.com",
                           "knowledge.example.com",
                           "hedgefund.com",
                           "v4.example.com",
                           "1password.com",
                           "notcloudfront.net",
                           "cloudfront.net.evil.com",
                           "mail.google.com",
                           "cdn", // a lone public suffix has no label to judge
                           "",
                           ".",
                           "[::1]:443",
                           "1.2.3.4",
                           "statistics.gov.uk"};
    for (const char *n : names) {
        CdnVerdict v = classify_cdn_name(f.cat, f.psl, n, CdnWhere::Sni);
        if (v.fired)
            print_error("unexpected: %s → %s\n", n, v.evidence.c_str());
        assert_false(v.fired);
    }
}

static void test_classify_cdn_header_tokens(void **state) {
    Fixture &f = fx(state);
    struct Case {
        const char *header, *value, *cdn;
    } cases[] = {
        {"Server", "AkamaiGHost", "Akamai"},
        {"Server", "cloudflare", "Cloudflare"},
        {"Via", "1.1 5f2c.cloudfront.net (CloudFront)", "Amazon CloudFront"},
        {"X-Cache", "Hit from cloudfront", "Amazon CloudFront"},
        {"Server", "ECS (dca/24A0)", "Edgecast (Edgio)"},
        {"Server", "BunnyCDN-DE1-1054", "Bunny CDN"},
        {"X-CDN", "Incapsula", "Imperva Incapsula"},
    };
    for (const Case &c : cases) {
        CdnVerdict v = classify_cdn_header(f.cat, c.header, c.value);
        assert_true(v.fired);
        assert_string_equal(v.cdn.c_str(), c.cdn);
    }
    CdnVerdict v = classify_cdn_header(f.cat, "Server", "AkamaiGHost");
    assert_string_equal(v.evidence.c_str(), "Server: AkamaiGHost names Akamai");
    const char *benign[] = {
        "Apache/2.4.41 (Ubuntu)", "nginx/1.18.0", "Microsoft-IIS/10.0", "gws", "", "1.1 varnish"};
    for (const char *b : benign)
        assert_false(classify_cdn_header(f.cat, "Server", b).fired);
    std::string hostile = std::string(100000, 'x') + "cloudflare";
    assert_false(classify_cdn_header(f.cat, "Server", hostile).fired); // beyond the cap
    std::string nul("AkamaiGHost\0\xff", 13);
    CdnVerdict n = classify_cdn_header(f.cat, "Server", nul);
    assert_true(n.fired);
    assert_string_equal(n.evidence.c_str(), "Server: AkamaiGHost?? names Akamai");
}

static void test_classify_cdn_name_hostile(void **state) {
    Fixture &f = fx(state);
    assert_false(classify_cdn_name(f.cat, f.psl, std::string(100000, 'a'), CdnWhere::Host).fired);
    assert_false(
        classify_cdn_name(f.cat, f.psl, std::string("cdn.ex\0ample.com", 16), CdnWhere::Host)
            .fired);
    assert_false(classify_cdn_name(f.cat, f.psl, "cdn.\xc3\x28.com", CdnWhere::Host).fired);
    std::string dots(200, '.');
    assert_false(classify_cdn_name(f.cat, f.psl, dots, CdnWhere::Host).fired);
}

static void test_edge_like_token_words(void **) {
    assert_string_equal(edge_like_token("gccdn").c_str(), "cdn");
    assert_string_equal(edge_like_token("static-assets").c_str(), "static");
    assert_string_equal(edge_like_token("img01").c_str(), "img");
    assert_string_equal(edge_like_token("sinaedge").c_str(), "edge");
    assert_string_equal(edge_like_token("edgecache").c_str(), "edge");
    assert_string_equal(edge_like_token("knowledge").c_str(), "");
    assert_string_equal(edge_like_token("acknowledge").c_str(), "");
    assert_string_equal(edge_like_token("statistics").c_str(), "");
    assert_string_equal(edge_like_token("imagery").c_str(), "");
    assert_string_equal(edge_like_token("").c_str(), "");
}

static void test_catalog_extension_and_errors(void **) {
    CdnCatalog c;
    std::string err;
    assert_true(c.load_file(std::string(HUNTPACK_DATA_DIR) + "/cdn_suffixes.tsv", &err));
    size_t n = c.size();
    assert_true(
        c.add("suffix\tgccdn.net\tChinaCache (site)\tlocal analyst note\n", "site.tsv", &err));
    assert_int_equal(c.size(), n + 1);
    PublicSuffixList psl;
    CdnVerdict v = classify_cdn_name(c, psl, "n4cswhk3.gccdn.net", CdnWhere::Cname);
    assert_true(v.well_known);
    assert_string_equal(v.cdn.c_str(), "ChinaCache (site)");
    // A more specific suffix wins over a shorter one regardless of order.
    assert_true(
        c.add("suffix\tspecial.akamaiedge.net\tAkamai (special)\tlocal\n", "site2.tsv", &err));
    assert_string_equal(c.match_name("x.special.akamaiedge.net")->cdn.c_str(), "Akamai (special)");
    assert_string_equal(c.match_name("x.other.akamaiedge.net")->cdn.c_str(), "Akamai");

    struct Bad {
        const char *text, *want;
    } bad[] = {
        {"prefix\tx.net\tX\tsrc\n", "b.tsv:1: kind must be 'suffix' or 'header'"},
        {"suffix\tx.net\tX\n", "b.tsv:1: expected at least 4"},
        {"# c\nsuffix\tbad name.net\tX\tsrc\n", "b.tsv:2: 'bad name.net' is not a DNS suffix"},
        {"suffix\t\tX\tsrc\n", "b.tsv:1: field 2 is empty"},
    };
    for (const Bad &b : bad) {
        CdnCatalog e;
        assert_false(e.add(b.text, "b.tsv", &err));
        if (err.find(b.want) != 0)
            print_error("got '%s'\n", err.c_str());
        assert_true(err.find(b.want) == 0);
        assert_int_equal(e.size(), 0);
    }
    assert_false(c.load_file("/nonexistent.tsv", &err));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify_cdn_name_well_known),
        cmocka_unit_test(test_classify_cdn_name_obscure_edge_like),
        cmocka_unit_test(test_classify_cdn_name_benign_lookalikes),
        cmocka_unit_test(test_classify_cdn_header_tokens),
        cmocka_unit_test(test_classify_cdn_name_hostile),
        cmocka_unit_test(test_edge_like_token_words),
        cmocka_unit_test(test_catalog_extension_and_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
