// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for quicstack::Catalog: ClientHellos taken from the shared captures (tshark 4.0 decrypts
// the Initials: -Y 'tls.handshake.type==1 && quic' -e tls.quic.parameter.type ...), GREASE
// normalization, negative and ambiguous cases, analyst catalogs and malformed catalog lines.
// References: RFC 9000 §18.1; heuristics/data/quic_stacks.tsv (format in its header).
#include "cmocka_cxx.h"
#include "quic_stack.h"

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

using namespace huntpack::quicstack;

namespace {

using Opt = std::optional<uint64_t>;
constexpr Opt kAbsent = std::nullopt;

// version, TP ids in wire order, max_udp, max_data, bidi_local, acid, idle, ALPN.
ClientHelloInfo hello(uint32_t version, std::vector<uint64_t> tps, Opt max_udp, Opt max_data,
                      Opt bidi_local, Opt acid, Opt idle, std::vector<std::string> alpn) {
    ClientHelloInfo ch;
    ch.version = version;
    ch.tp_ids = std::move(tps);
    ch.max_udp_payload_size = max_udp;
    ch.initial_max_data = max_data;
    ch.initial_max_stream_data_bidi_local = bidi_local;
    ch.active_connection_id_limit = acid;
    ch.max_idle_timeout = idle;
    ch.alpn = std::move(alpn);
    return ch;
}

Catalog shipped() {
    Catalog c;
    std::string err;
    bool ok = c.load_file(std::string(HUNTPACK_DATA_DIR) + "/quic_stacks.tsv", &err);
    if (!ok)
        std::fprintf(stderr, "%s\n", err.c_str());
    assert_true(ok);
    assert_true(c.size() >= 10);
    return c;
}

void expect(const Catalog &c, const ClientHelloInfo &ch, const char *stack, int confidence) {
    Match m = c.match(ch);
    if (!m.matched || m.stack != stack || m.confidence != confidence)
        std::fprintf(stderr, "want %s/%d, got %s/%d (line %zu: %s)\n", stack, confidence,
                     m.stack.c_str(), m.confidence, m.line, m.source.c_str());
    assert_true(m.matched);
    assert_string_equal(m.stack.c_str(), stack);
    assert_int_equal(m.confidence, confidence);
    assert_true(m.line > 0);
    assert_false(m.source.empty());
    assert_true(m.origin.find("quic_stacks.tsv") != std::string::npos);
}

void expect_none(const Catalog &c, const ClientHelloInfo &ch) {
    Match m = c.match(ch);
    if (m.matched)
        std::fprintf(stderr, "unexpected %s (line %zu)\n", m.stack.c_str(), m.line);
    assert_false(m.matched);
    assert_int_equal(m.confidence, 0);
}

constexpr uint32_t kV1 = 0x00000001;
constexpr uint32_t kDraft29 = 0xff00001d;

} // namespace

static void test_is_grease_tp(void **) {
    assert_true(is_grease_tp(27));
    assert_true(is_grease_tp(27 + 31));
    assert_true(is_grease_tp(0x3cc15de548627274ULL)); // Chrome's, chrome-cloudflare frame 47
    assert_false(is_grease_tp(26));
    assert_false(is_grease_tp(28));
    assert_false(is_grease_tp(0x3129));
    assert_false(is_grease_tp(0));
    assert_int_equal(normalize_tp(0x113), kTpGreaseNormalized);
    assert_int_equal(normalize_tp(0x4752), 0x4752);
    ClientHelloInfo ch;
    ch.tp_ids = {0x1, 0x171be2ff92c99efcULL, 0x3129};
    assert_true(ch.has_grease_tp());
    assert_true(ch.has_google_user_agent());
    assert_false(ch.has_google_connection_options());
    assert_false(ch.has_version_information());
}

// Chrome, IETF QUIC v1, shuffled TP order.
static void test_match_chromium_shuffled(void **) {
    Catalog c = shipped();
    // ja4/chrome-cloudflare-quic-with-secrets.pcapng frame 47.
    expect(c,
           hello(kV1,
                 {0x6, 0xf, 0x20, 0x3cc15de548627274ULL, 0x3128, 0x4, 0x7, 0x8, 0xff73db, 0x1, 0x9,
                  0x5, 0x4752, 0x3},
                 1472, 15728640, 6291456, kAbsent, 30000, {"h3"}),
           "Chromium/quiche", 90);
    // ja4/tls-sni.pcapng frame 2 (another order, another GREASE id).
    ClientHelloInfo ch = hello(kV1,
                               {0x4, 0xf, 0x6, 0x3, 0x5, 0x3127, 0xff73db, 0x8, 0x3128, 0x7, 0x20,
                                0x9, 0x171be2ff92c99efcULL, 0x4752, 0x1},
                               1472, 15728640, 6291456, kAbsent, 30000, {"h3"});
    ch.ja4 = "q13d0310h3_55b375c5d22e_cd85d2d88918"; // ja4-wireshark-4.4.tsv
    expect(c, ch, "Chromium/quiche", 90);
}

// Chrome with the QUIC user agent id, ascending TP order (2020-2021 builds).
static void test_match_chromium_with_uaid(void **) {
    Catalog c = shipped();
    // ndpi/quic_frags_ch_out_of_order_same_packet_craziness.pcapng frame 1 (dev Chrome/92).
    expect(c,
           hello(kDraft29,
                 {0x1, 0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0x20, 0xf, 0x3129, 0x4752,
                  0x1a5c3c7f207b1a1eULL},
                 1472, 15728640, 6291456, kAbsent, 30000, {"h3-29"}),
           "Chromium/quiche", 95);
    // ndpi/quic_t51.pcap frame 1: gQUIC T051 over TLS, with 0x312b.
    expect(c,
           hello(0x54303531,
                 {0x1, 0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0x20, 0xf, 0x3129, 0x312b, 0x4752,
                  0x7a2cc40e16224bbULL},
                 1472, 15728640, 6291456, kAbsent, 30000, {"h3-T051"}),
           "Chromium/quiche", 95);
}

// ndpi/quic_q46.pcap frame 1: gQUIC Q046 CHLO, no TLS, no transport parameters.
static void test_match_gquic_version_only(void **) {
    Catalog c = shipped();
    expect(c, hello(0x51303436, {}, kAbsent, kAbsent, kAbsent, kAbsent, kAbsent, {}),
           "Chromium/quiche", 85);
}

static void test_match_cronet_apps(void **) {
    Catalog c = shipped();
    // ndpi-corpus/quic_crypto_aes_auth_size.pcap frame 1 (Snapchat, idle 240 s).
    Match m = c.match(hello(
        kV1,
        {0x7, 0x5, 0x4752, 0x9, 0x8, 0xf, 0x3, 0x49d631e110a5e2aULL, 0x1, 0x4, 0x3127, 0x6, 0x20},
        1472, 15728640, 6291456, kAbsent, 240000, {"h3"}));
    assert_string_equal(m.stack.c_str(), "Cronet (Chromium net stack in an app)");
    assert_int_equal(m.confidence, 80);
    assert_string_equal(m.runner_up.c_str(), "Chromium/quiche"); // the generic 0x4752 line
    assert_false(m.ambiguous);
    // ndpi-corpus/snapchat_call_v1.pcapng frame 1.
    expect(c,
           hello(kV1,
                 {0x1, 0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0x20, 0xf, 0x4752, 0x3f74be5b807ec6b1ULL},
                 1472, 16384, 16384, kAbsent, 30000, {"h3"}),
           "Cronet (Chromium net stack in an app)", 75);
}

// ndpi-corpus/sites.pcapng frame 481 (hangouts.google.com), Firefox.
static void test_match_firefox_neqo(void **) {
    Catalog c = shipped();
    expect(c,
           hello(kV1,
                 {0x4, 0x7, 0xc, 0xf, 0x2ab2, 0x5, 0x6, 0x8, 0x9, 0xff02de1a, 0xb, 0x20, 0xe, 0x1},
                 kAbsent, 25165824, 12582912, 8, 30000, {"h3"}),
           "Firefox/neqo", 85);
}

static void test_match_library_stacks(void **) {
    Catalog c = shipped();
    // ndpi/quic-v2.pcapng frame 1: picoquic, QUIC v2 draft version.
    expect(c,
           hello(0x6b3343cf,
                 {0x5, 0x4, 0x8, 0x1, 0x3, 0x9, 0x6, 0x7, 0xe, 0xb, 0xf, 0x113, 0xff02de1a, 0x7158,
                  0x2ab2, 0x11},
                 1440, 1048576, 2097152, 8, 30000, {"h3"}),
           "picoquic", 90);
    // ndpi/quic-29.pcap frame 1 and ndpi-corpus/doq_adguard.pcapng frame 1: ngtcp2.
    expect(c,
           hello(kDraft29, {0xf, 0x5, 0x6, 0x7, 0x4, 0x9, 0x1, 0xe}, kAbsent, 1048576, 262144, 7,
                 30000, {"h3-29"}),
           "ngtcp2", 80);
    expect(c,
           hello(kDraft29, {0xf, 0x5, 0x6, 0x7, 0x4, 0x8, 0x1, 0xe}, kAbsent, 1048576, 262144, 7,
                 180000, {"doq-i00"}),
           "ngtcp2", 80);
    // ndpi-corpus/quic-mvfst-22.pcap frame 1.
    expect(c,
           hello(0xfaceb001, {0x5, 0x6, 0x7, 0x4, 0x8, 0x9, 0x1, 0xa, 0x3, 0xe, 0xff00}, 1255,
                 6291456, 163840, 0, 30000, {"h3-fb-05", "h1q-fb"}),
           "mvfst (Facebook)", 95);
    // ndpi-corpus/quic_interop_V.pcapng frame 1 (forced version negotiation 0x0a0a0a0a).
    expect(c,
           hello(0x0a0a0a0a, {0x1, 0x3, 0x4, 0x5, 0x6, 0x7, 0x9, 0xa, 0xb, 0xe, 0xf}, 1472,
                 16777216, 32768, 4, 10000, {"hq-30", "h3-30", "hq-29", "h3-29"}),
           "msquic", 70);
    // ndpi-corpus/quic-23.pcap frame 1 (to quic.aiortc.org).
    expect(c,
           hello(0xff000017, {0x1, 0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0xa, 0xb, 0xe}, kAbsent, 1048576,
                 1048576, 8, 60000, {"h3-22"}),
           "aioquic", 60);
    // quic-go's Marshal order (no capture holds one): GREASE 27+31*5 first.
    expect(c,
           hello(kV1, {27 + 31 * 5, 0x5, 0x6, 0x7, 0x4, 0x8, 0x9, 0x1, 0x3, 0xe, 0xf}, 1452, 786432,
                 524288, 4, 30000, {"h3"}),
           "quic-go", 80);
}

static void test_match_unknown_clients(void **) {
    Catalog c = shipped();
    // ndpi-corpus/dlt_ppp.pcap frame 1: hq-29 client with grease_quic_bit, not in the catalog.
    expect_none(c, hello(kDraft29,
                         {0x7, 0x9, 0x1, 0x2ab2, 0x3, 0x2e64656a1ULL, 0x5, 0xe, 0xf, 0x8, 0x6, 0x4},
                         1472, 8388480, 65535, 8, 150000, {"hq-29"}));
    // ndpi-corpus/doq.pcapng frame 1: a DoQ client, not in the catalog.
    expect_none(c, hello(0xff000020, {0x5, 0x4, 0x1, 0x3, 0xe, 0xb, 0xf}, 1232, 65536, 65535, 3,
                         20000, {"doq-i00"}));
    // ndpi-corpus/os_detected.pcapng frame 1: a google_user_agent TP carrying a browser UA but
    // no other quiche trait: not called Chromium.
    expect_none(c, hello(kDraft29, {0x5, 0x7, 0x4, 0x8, 0x9, 0x1, 0xe, 0x3, 0xf, 0x3129}, 1472,
                         32768, 16384, 4, 15000, {"h3-29"}));
    expect_none(c, ClientHelloInfo{});
    // Chrome's values but without its TPs: the value-only lines need the TP set too.
    expect_none(c, hello(kV1, {0x1, 0x4}, 1472, 15728640, 6291456, kAbsent, 30000, {"h3"}));
}

static void test_match_ambiguous_analyst_catalog(void **) {
    Catalog c = shipped();
    std::string err;
    // An analyst line tying with the Chrome line (same confidence, other stack).
    assert_true(c.load_text("Edge/quiche\t90\ttp_has=4752;max_data=15728640\tanalyst note\n",
                            "analyst.tsv", &err));
    Match m = c.match(hello(kV1,
                            {0x6, 0xf, 0x20, 0x3cc15de548627274ULL, 0x3128, 0x4, 0x7, 0x8, 0xff73db,
                             0x1, 0x9, 0x5, 0x4752, 0x3},
                            1472, 15728640, 6291456, kAbsent, 30000, {"h3"}));
    assert_string_equal(m.stack.c_str(), "Chromium/quiche"); // more conditions wins the tie
    assert_true(m.ambiguous);
    assert_string_equal(m.runner_up.c_str(), "Edge/quiche");
    // A more confident analyst line wins outright and reports its own origin and line.
    assert_true(c.load_text("# comment\n\nMyBrowser\t99\tja4_prefix=q13d0310h3;alpn=h3;grease=yes"
                            "\tlab capture 2024-05 frame 3\n",
                            "lab.tsv", &err));
    ClientHelloInfo ch = hello(kV1, {0x1, 0x4752, 0x3cc15de548627274ULL}, kAbsent, kAbsent, kAbsent,
                               kAbsent, kAbsent, {"h3"});
    ch.ja4 = "q13d0310h3_55b375c5d22e_cd85d2d88918";
    m = c.match(ch);
    assert_string_equal(m.stack.c_str(), "MyBrowser");
    assert_string_equal(m.origin.c_str(), "lab.tsv");
    assert_int_equal(m.line, 3);
    assert_string_equal(m.source.c_str(), "lab capture 2024-05 frame 3");
    assert_false(m.ambiguous);
}

static void test_match_condition_keys(void **) {
    Catalog c;
    std::string err;
    const char *text = "order\t50\ttp_order=1,G,3\tt\n"
                       "set\t40\ttp_set=3,1,G\tt\n"
                       "absent\t30\tmax_udp=-;acid=-;grease=no;version=0x1\tt\n"
                       "alpn\t20\talpn_has=h3-29,h3\tt\n";
    assert_true(c.load_text(text, "keys", &err));
    assert_int_equal(c.size(), 4);
    // Any GREASE id fills the 'G' slot.
    assert_string_equal(
        c.match(hello(1, {0x1, 27 + 31 * 77, 0x3}, kAbsent, kAbsent, kAbsent, kAbsent, kAbsent, {}))
            .stack.c_str(),
        "order");
    assert_string_equal(
        c.match(hello(1, {0x3, 0x1, 27}, kAbsent, kAbsent, kAbsent, kAbsent, kAbsent, {}))
            .stack.c_str(),
        "set");
    assert_string_equal(
        c.match(hello(1, {0x4}, kAbsent, kAbsent, kAbsent, kAbsent, kAbsent, {})).stack.c_str(),
        "absent");
    assert_string_equal(
        c.match(hello(2, {0x4}, 1200, kAbsent, kAbsent, kAbsent, kAbsent, {"x", "h3"}))
            .stack.c_str(),
        "alpn");
    assert_false(
        c.match(hello(2, {0x4}, 1200, kAbsent, kAbsent, kAbsent, kAbsent, {"h2"})).matched);
}

static void test_match_many_tps_is_bounded(void **) {
    Catalog c = shipped();
    std::vector<uint64_t> tps;
    for (uint64_t i = 0; i < 10000; ++i)
        tps.push_back(i * 977);
    ClientHelloInfo ch = hello(kV1, tps, 1472, 15728640, 6291456, kAbsent, 30000, {"h3"});
    ch.alpn.assign(10000, "h3");
    Match m = c.match(ch); // only the first kMaxTps ids count; must not crash or hang
    (void)m;
    assert_true(tps.size() > kMaxTps);
}

static void test_load_malformed_lines_report_line(void **) {
    struct Bad {
        const char *text;
        const char *prefix;
    };
    const Bad bad[] = {
        {"# ok\nX\t50\ttp_has=1\n", "bad.tsv:2:"}, // 3 columns
        {"X\t101\ttp_has=1\ts\n", "bad.tsv:1:"},   // confidence range
        {"X\t-1\ttp_has=1\ts\n", "bad.tsv:1:"},    // negative
        {"X\tfifty\ttp_has=1\ts\n", "bad.tsv:1:"},
        {"\n\nX\t50\tbogus=1\ts\n", "bad.tsv:3:"},  // unknown key
        {"X\t50\ttp_has=zz\ts\n", "bad.tsv:1:"},    // bad TP id
        {"X\t50\ttp_has=1,,2\ts\n", "bad.tsv:1:"},  // empty item
        {"X\t50\tmax_data=12k\ts\n", "bad.tsv:1:"}, // not decimal
        {"X\t50\tgrease=maybe\ts\n", "bad.tsv:1:"},
        {"X\t50\ttp_first=1,2\ts\n", "bad.tsv:1:"},
        {"X\t50\ttp_has\ts\n", "bad.tsv:1:"},                    // no '='
        {"X\t50\tversion=123456789\ts\n", "bad.tsv:1:"},         // > 32 bits
        {"X\t50\t;;\ts\n", "bad.tsv:1:"},                        // no conditions
        {"\t50\ttp_has=1\ts\n", "bad.tsv:1:"},                   // no stack
        {"X\t50\ttp_has=1\t\n", "bad.tsv:1:"},                   // no source
        {"X\t50\ttp_has=1\ts\textra\n", "bad.tsv:1:"},           // 5 columns
        {"X\t50\ttp_has=ffffffffffffffffff\ts\n", "bad.tsv:1:"}, // > 64 bits
    };
    for (const Bad &b : bad) {
        Catalog c;
        std::string err;
        assert_true(c.load_text("Good\t10\ttp_has=1\tfirst file\n", "good.tsv", &err));
        bool ok = c.load_text(b.text, "bad.tsv", &err);
        if (ok || err.rfind(b.prefix, 0) != 0)
            std::fprintf(stderr, "case [%s]: ok=%d err=%s\n", b.text, ok, err.c_str());
        assert_false(ok);
        assert_true(err.rfind(b.prefix, 0) == 0);
        assert_int_equal(c.size(), 1); // all or nothing: the bad file added nothing
    }
    std::string longline = "X\t50\ttp_has=1\t" + std::string(kMaxLineBytes, 's') + "\n";
    Catalog c;
    std::string err;
    assert_false(c.load_text(longline, "long.tsv", &err));
    assert_true(err.rfind("long.tsv:1:", 0) == 0);
    assert_false(c.load_file("/nonexistent/quic_stacks.tsv", &err));
    // Binary junk: an error, never a crash.
    const char junk[] = "\x00\x01\t\xff\t\t\n\t\t\t\n";
    assert_false(c.load_text(std::string_view(junk, sizeof junk - 1), "junk", &err));
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_grease_tp),
        cmocka_unit_test(test_match_chromium_shuffled),
        cmocka_unit_test(test_match_chromium_with_uaid),
        cmocka_unit_test(test_match_gquic_version_only),
        cmocka_unit_test(test_match_cronet_apps),
        cmocka_unit_test(test_match_firefox_neqo),
        cmocka_unit_test(test_match_library_stacks),
        cmocka_unit_test(test_match_unknown_clients),
        cmocka_unit_test(test_match_ambiguous_analyst_catalog),
        cmocka_unit_test(test_match_condition_keys),
        cmocka_unit_test(test_match_many_tps_is_bounded),
        cmocka_unit_test(test_load_malformed_lines_report_line),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
