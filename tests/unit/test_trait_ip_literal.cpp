// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the http-ip-host trait: IPv4/IPv6 literals in Host and URI authority, address
// classes (RFC 6890), evasive IPv4 spellings (WHATWG URL IPv4 parser), benign look-alikes.
#include "cmocka_cxx.h"
#include "trait_ip_literal.h"

#include <string>

using namespace huntpack::traits;

static void test_classify_host_header_multicast_blog_example(void **) {
    IpLiteralResult r = classify_host_header("239.255.255.250:1900");
    assert_true(r.fired);
    assert_int_equal(r.family, IpFamily::V4);
    assert_int_equal(r.addr_class, AddrClass::Multicast);
    assert_int_equal(r.severity, kNote);
    assert_true(r.has_port);
    assert_int_equal(r.port, 1900);
    assert_false(r.evasive_form);
    assert_string_equal(r.evidence.c_str(),
                        "Host 239.255.255.250:1900 is an IPv4 multicast address");
}

static void test_classify_host_header_classes_and_severity(void **) {
    struct Case {
        const char *host;
        AddrClass cls;
        uint8_t sev;
    } cases[] = {
        {"8.8.8.8", AddrClass::Public, kWarn},
        {"10.1.2.3", AddrClass::Private, kNote},
        {"172.16.0.1", AddrClass::Private, kNote},
        {"172.32.0.1", AddrClass::Public, kWarn}, // just outside 172.16/12
        {"192.168.1.1:8080", AddrClass::Private, kNote},
        {"127.0.0.1", AddrClass::Loopback, kInfo},
        {"169.254.10.1", AddrClass::LinkLocal, kNote},
        {"100.64.0.1", AddrClass::Cgnat, kNote},
        {"100.128.0.1", AddrClass::Public, kWarn}, // just outside 100.64/10
        {"192.0.2.7", AddrClass::Documentation, kWarn},
        {"198.51.100.1", AddrClass::Documentation, kWarn},
        {"203.0.113.9", AddrClass::Documentation, kWarn},
        {"224.0.0.251", AddrClass::Multicast, kNote},
        {"255.255.255.255", AddrClass::Broadcast, kWarn},
        {"0.0.0.0", AddrClass::Unspecified, kWarn},
        {"240.0.0.1", AddrClass::Reserved, kWarn},
        {"[::1]", AddrClass::Loopback, kInfo},
        {"[ff02::c]:1900", AddrClass::Multicast, kNote},
        {"[fe80::1%25eth0]:80", AddrClass::LinkLocal, kNote},
        {"[fd12:3456::1]", AddrClass::Private, kNote},
        {"[2001:db8::1]", AddrClass::Documentation, kWarn},
        {"[2a00:1450:4009:81f::200e]:443", AddrClass::Public, kWarn},
        {"[::ffff:192.168.0.1]", AddrClass::Private, kNote},
        {"[::]", AddrClass::Unspecified, kWarn},
    };
    for (const Case &c : cases) {
        IpLiteralResult r = classify_host_header(c.host);
        if (!r.fired || r.addr_class != c.cls || r.severity != c.sev)
            print_error("case %s: fired=%d class=%s sev=%d\n", c.host, r.fired,
                        addr_class_name(r.addr_class), r.severity);
        assert_true(r.fired);
        assert_int_equal(r.addr_class, c.cls);
        assert_int_equal(r.severity, c.sev);
    }
}

static void test_classify_host_header_ipv6_evidence(void **) {
    IpLiteralResult r = classify_host_header("[2A00:1450:4009:081F::200E]:8443");
    assert_true(r.fired);
    assert_int_equal(r.family, IpFamily::V6);
    assert_int_equal(r.port, 8443);
    assert_string_equal(r.canonical.c_str(), "2a00:1450:4009:81f::200e");
    assert_string_equal(r.evidence.c_str(),
                        "Host [2A00:1450:4009:081F::200E]:8443 is a public IPv6 address");
}

static void test_classify_host_header_evasive_forms(void **) {
    const char *loopbacks[] = {"2130706433", "0x7f.1",  "0x7f000001",   "0177.0.0.1",
                               "127.1",      "127.0.1", "0x7F.0.0.1:80"};
    for (const char *h : loopbacks) {
        IpLiteralResult r = classify_host_header(h);
        assert_true(r.fired);
        assert_true(r.evasive_form);
        assert_string_equal(r.canonical.c_str(), "127.0.0.1");
        assert_int_equal(r.addr_class, AddrClass::Loopback);
        assert_int_equal(r.severity, kWarn); // raised from info
    }
    IpLiteralResult pub = classify_host_header("134744072"); // 8.8.8.8
    assert_true(pub.fired);
    assert_int_equal(pub.severity, kAlert);
    assert_string_equal(pub.evidence.c_str(),
                        "Host 134744072 is a public IPv4 address (8.8.8.8) written as a single "
                        "integer, an evasion form");
}

static void test_classify_host_header_benign_lookalikes(void **) {
    const char *names[] = {"v4.example.com",
                           "1password.com",
                           "example.com:8080",
                           "123.example.com",
                           "10.0.0.1.nip.io",
                           "1.2.3.4.5",
                           "256.1.1.1",
                           "1.2.3.256",
                           "1.2.3.4x",
                           "x1.2.3.4",
                           "nginx/1.18.0",
                           "v1.2.3",
                           "1.2.3-rc1",
                           "Mozilla/5.0",
                           "0xg",
                           "08.1.1.1",
                           "4294967296",
                           "1.2.3.4:99999",
                           "1.2.3.4:80x",
                           "[1.2.3.4]",
                           "[::1",
                           "::1]",
                           "[:::1]",
                           "localhost",
                           "",
                           " ",
                           "."};
    for (const char *h : names) {
        IpLiteralResult r = classify_host_header(h);
        if (r.fired)
            print_error("unexpected fire on '%s': %s\n", h, r.evidence.c_str());
        assert_false(r.fired);
    }
}

static void test_classify_host_header_hostile(void **) {
    std::string big(100000, '1');
    assert_false(classify_host_header(big).fired);
    std::string dots;
    for (int i = 0; i < 5000; ++i)
        dots += "1.";
    assert_false(classify_host_header(dots).fired);
    assert_false(classify_host_header(std::string("1.2.3.4\0evil", 12)).fired);
    assert_false(classify_host_header(std::string("\0"
                                                  "1.2.3.4",
                                                  8))
                     .fired);
    assert_false(classify_host_header("1.2.3.\xff").fired);
    assert_false(classify_host_header("[\xc3\x28::1]").fired);
    std::string long6 = "[" + std::string(200, ':') + "]";
    assert_false(classify_host_header(long6).fired);
    // Whitespace around a Host value is tolerated (RFC 9110 §5.5 OWS).
    assert_true(classify_host_header(" 8.8.4.4 \r").fired);
}

static void test_classify_uri_authority_forms(void **) {
    IpLiteralResult r = classify_uri_authority("http://user:pw@10.0.0.5:8080/path?q=1.2.3.4");
    assert_true(r.fired);
    assert_string_equal(r.canonical.c_str(), "10.0.0.5");
    assert_int_equal(r.port, 8080);
    assert_string_equal(r.evidence.c_str(),
                        "URI authority 10.0.0.5:8080 is an IPv4 private address");
    assert_true(classify_uri_authority("https://[::1]:443/").fired);
    assert_true(classify_uri_authority("//8.8.8.8/x").fired);
    assert_true(classify_uri_authority("8.8.8.8:80").fired); // authority-form (CONNECT)
    assert_false(classify_uri_authority("/index.html?host=1.2.3.4").fired);
    assert_false(classify_uri_authority("http://example.com/1.2.3.4").fired);
    assert_false(classify_uri_authority("http://1.2.3.4@example.com/").fired);
    assert_false(classify_uri_authority("").fired);
}

static void test_parse_ipv4_host_boundaries(void **) {
    assert_true(parse_ipv4_host("255.255.255.255").ok);
    assert_false(parse_ipv4_host("255.255.255.256").ok);
    assert_true(parse_ipv4_host("1.16777215").ok); // 2-part: last part up to 2^24-1
    assert_false(parse_ipv4_host("1.16777216").ok);
    assert_true(parse_ipv4_host("4294967295").ok);
    assert_false(parse_ipv4_host("4294967296").ok);
    assert_true(parse_ipv4_host("1.2.3.4.").ok); // trailing dot dropped (WHATWG)
    assert_false(parse_ipv4_host("1.2.3.4..").ok);
    assert_false(parse_ipv4_host("1..3.4").ok);
    assert_true(parse_ipv4_host("0x.0.0.0").ok); // "0x" is zero in the WHATWG parser
    assert_false(parse_ipv4_host("0x1g.0.0.0").ok);
    assert_false(parse_ipv4_host("09.0.0.0").ok); // 9 is not an octal digit
    assert_false(parse_ipv4_host("1.2.3.4").evasive);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify_host_header_multicast_blog_example),
        cmocka_unit_test(test_classify_host_header_classes_and_severity),
        cmocka_unit_test(test_classify_host_header_ipv6_evidence),
        cmocka_unit_test(test_classify_host_header_evasive_forms),
        cmocka_unit_test(test_classify_host_header_benign_lookalikes),
        cmocka_unit_test(test_classify_host_header_hostile),
        cmocka_unit_test(test_classify_uri_authority_forms),
        cmocka_unit_test(test_parse_ipv4_host_boundaries),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
