// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for quic_transport_params: draft-27 transport parameters (u16 ids and lengths) as sent
// by Google QUIC T050 and IETF drafts up to 27; the quicfp path that uses them.
//
// Provenance: ndpi-corpus/quic_t50.pcap frame 1 (T050 client Initial). The ClientHello below is
// the CRYPTO data of Wireshark 4.0.17's "Decrypted QUIC" source from `tshark -x` (bytes 4..515,
// after the gQUIC CRYPTO frame header 08 00 42 00). Wireshark shows its quic_transport_parameters
// (drafts version, 0xffa5, Length 241) with "Parameters Length: 239" and the parameter types
// (tls.quic.parameter.type) 1,3,4,5,6,7,8,9,32,12583,12585,12586,18257,18258,12582 (the last a
// GREASE id, 0x3126), max_idle_timeout 30000, google_user_agent
// "Chrome/85.0.4183.83 Windows NT 6.1; Win64; x64", and the SNI fonts.googleapis.com.
#include "cmocka_cxx.h"
#include "quic_header.h"
#include "quic_transport_params.h"
#include "quicfp.h"
#include "tls_client_hello.h"

#include <cstring>
#include <string>
#include <vector>

using namespace huntpack;
using namespace huntpack::quic;

namespace {

static const char kT050ClientHello[] =
    "010001fc03038a9f977e219c284937146df1d4b85207cecaabd9d7e40323365a0beea42d859000000613031301130201"
    "0001cd000000190017000014666f6e74732e676f6f676c65617069732e636f6d000a00080006001d001700180010000a"
    "00080768332d54303530000d00140012040308040401050308050501080606010201003300260024001d0020db02f39d"
    "12f70a16a51ad6d817ee8ccb3cfb81d5777eb736d823fb1633787109002d00020101002b0003020304ffa500f100ef00"
    "010004800075300003000245c00004000480f00000000500048060000000060004806000000007000480600000000800"
    "0240640009000240640020000480010000312700048001750b3129002e4368726f6d652f38352e302e343138332e3833"
    "2057696e646f7773204e5420362e313b2057696e36343b20783634312a0000475100520000000003000000554149442e"
    "000000434f50542e00000049525454320000004368726f6d652f38352e302e343138332e38332057696e646f7773204e"
    "5420362e313b2057696e36343b207836340b75010047520004543035303126000dcf4ef9c51d0c9eb182510e28640015"
    "004e00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000"
    ;
const char *const kUa = "Chrome/85.0.4183.83 Windows NT 6.1; Win64; x64";
const uint64_t kWiresharkIds[] = {1,     3,     4,     5,     6,     7,     8,    9,
                                  32,    12583, 12585, 12586, 18257, 18258, 12582};

const tls::ExtensionRef *ext_of(const tls::ClientHello &ch, uint16_t type) {
    for (const auto &e : ch.extensions)
        if (e.type == type)
            return &e;
    return nullptr;
}

std::vector<tls::TransportParam> parse(const std::vector<uint8_t> &body, bool expect_ok) {
    std::vector<tls::TransportParam> out;
    assert_int_equal(parse_legacy_transport_params(ByteView(body.data(), body.size()), 100, out),
                     expect_ok);
    return out;
}

} // namespace

static void test_classify_version_legacy_transport_params(void **) {
    assert_true(classify_version(kGquicT050).legacy_transport_params);
    assert_false(classify_version(kGquicT051).legacy_transport_params);
    assert_true(classify_version(0xff000017).legacy_transport_params);  // draft-23
    assert_true(classify_version(0xff00001b).legacy_transport_params);  // draft-27
    assert_false(classify_version(0xff00001c).legacy_transport_params); // draft-28
    assert_false(classify_version(kVersion1).legacy_transport_params);
    assert_false(classify_version(kGquicQ050).legacy_transport_params); // no TLS at all
}

static void test_parse_legacy_transport_params_fields(void **) {
    // list length 13: id 1 len 4 (80007530 = 30000 as a varint), id 0x3129 len 1 "x".
    const std::vector<uint8_t> body = from_hex("000d" "00010004" "80007530" "31290001" "78");
    const auto tps = parse(body, true);
    assert_int_equal(tps.size(), 2);
    assert_int_equal(tps[0].id, 1);
    assert_int_equal(tps[0].offset, 100 + 6);
    assert_memory_equal(tps[0].value.data(), body.data() + 6, 4);
    assert_int_equal(tps[1].id, 0x3129);
    assert_int_equal(tps[1].offset, 100 + 14);
    assert_int_equal(tps[1].value.size(), 1);
    assert_int_equal(parse(from_hex("0000"), true).size(), 0); // an empty list is valid
}

// Hostile: cut at every byte, list length that disagrees with the body, value past the end,
// more parameters than the cap.
static void test_parse_legacy_transport_params_hostile(void **) {
    const std::vector<uint8_t> body = from_hex("000d" "00010004" "80007530" "31290001" "78");
    for (size_t n = 0; n < body.size(); ++n) {
        std::vector<uint8_t> cut(body.begin(), body.begin() + n);
        if (n >= 2) { // keep the list length honest so only the parameter framing is cut
            cut[0] = 0;
            cut[1] = static_cast<uint8_t>(n - 2);
        }
        std::vector<tls::TransportParam> out;
        const bool ok = parse_legacy_transport_params(ByteView(cut.data(), cut.size()), 0, out);
        // Only the empty list (n == 2) and the list ending after the first parameter (n == 10)
        // are whole.
        assert_int_equal(ok, n == 2 || n == 10);
        if (!ok)
            assert_int_equal(out.size(), 0);
    }
    // The list length one short of, and one past, the 13 bytes that follow it.
    assert_int_equal(parse(from_hex("000c00010004800075303129000178"), false).size(), 0);
    assert_int_equal(parse(from_hex("000e00010004800075303129000178"), false).size(), 0);
    assert_int_equal(parse(from_hex("0005" "0001ffff" "80"), false).size(), 0);
    std::vector<uint8_t> many = {0, 0};
    for (size_t i = 0; i <= kMaxLegacyTransportParams; ++i)
        many.insert(many.end(), {0x00, static_cast<uint8_t>(i), 0x00, 0x00});
    many[0] = static_cast<uint8_t>((many.size() - 2) >> 8);
    many[1] = static_cast<uint8_t>(many.size() - 2);
    parse(many, false);
    many.resize(many.size() - 4);
    many[0] = static_cast<uint8_t>((many.size() - 2) >> 8);
    many[1] = static_cast<uint8_t>(many.size() - 2);
    assert_int_equal(parse(many, true).size(), kMaxLegacyTransportParams);
    std::vector<tls::TransportParam> out;
    assert_false(parse_legacy_transport_params(ByteView(nullptr, 5), 0, out));
}

// The T050 ClientHello: the TLS parser reads 0xffa5 as varints and flags it; the draft-27
// reading makes it whole, with Wireshark's parameter ids and user agent.
static void test_apply_legacy_transport_params_quic_t50(void **) {
    const std::vector<uint8_t> m = from_hex(kT050ClientHello);
    tls::ClientHello ch = tls::parse_client_hello(ByteView(m.data(), m.size()));
    assert_int_equal(ch.status, ParseStatus::Malformed);
    assert_true(ch.bad_extension == tls::kExtQuicTransportParamsDraft);
    apply_legacy_transport_params(m.data(), m.size(), ch);
    assert_int_equal(ch.status, ParseStatus::Ok);
    assert_false(ch.bad_extension.has_value());
    assert_int_equal(ch.quic_transport_params.size(),
                     sizeof kWiresharkIds / sizeof kWiresharkIds[0]);
    for (size_t i = 0; i < ch.quic_transport_params.size(); ++i)
        assert_int_equal(ch.quic_transport_params[i].id, kWiresharkIds[i]);
    assert_true(ch.max_idle_timeout() == uint64_t{30000});
    assert_true(ch.google_user_agent() == std::string(kUa));
    assert_string_equal(ch.sni.c_str(), "fonts.googleapis.com");
    // Offsets point into the message.
    const tls::TransportParam *ua = ch.transport_param(tls::kTpGoogleUserAgent);
    assert_non_null(ua);
    assert_memory_equal(m.data() + ua->offset, kUa, std::strlen(kUa));
}

// Another fault after the legacy extension keeps the ClientHello Malformed: the padding
// extension renamed to ec_point_formats (0x000b) with an empty list (RFC 8422 §5.1.2: <1..2^8-1>).
static void test_apply_legacy_transport_params_other_fault_stays(void **) {
    std::vector<uint8_t> m = from_hex(kT050ClientHello);
    tls::ClientHello first = tls::parse_client_hello(ByteView(m.data(), m.size()));
    const tls::ExtensionRef *pad = ext_of(first, 0x0015);
    assert_non_null(pad);
    m[pad->offset - 4] = 0x00;
    m[pad->offset - 3] = 0x0b;
    tls::ClientHello ch = tls::parse_client_hello(ByteView(m.data(), m.size()));
    assert_true(ch.bad_extension == tls::kExtQuicTransportParamsDraft); // the first bad one
    apply_legacy_transport_params(m.data(), m.size(), ch);
    assert_int_equal(ch.status, ParseStatus::Malformed);
    assert_int_equal(ch.quic_transport_params.size(), 15); // still read, for the analyst
}

// A legacy version whose 0xffa5 body is not draft-27 either; offsets that do not fit the message.
static void test_apply_legacy_transport_params_hostile(void **) {
    std::vector<uint8_t> m = from_hex(kT050ClientHello);
    tls::ClientHello ch = tls::parse_client_hello(ByteView(m.data(), m.size()));
    const tls::ExtensionRef *tp = ext_of(ch, tls::kExtQuicTransportParamsDraft);
    assert_non_null(tp);
    m[tp->offset + 1] ^= 0x01; // the list length no longer fills the extension
    ch = tls::parse_client_hello(ByteView(m.data(), m.size()));
    apply_legacy_transport_params(m.data(), m.size(), ch);
    assert_int_equal(ch.status, ParseStatus::Malformed);
    assert_true(ch.bad_extension == tls::kExtQuicTransportParamsDraft);
    assert_int_equal(ch.quic_transport_params.size(), 0);
    // The result of one message applied to a shorter one: flagged, never read out of bounds.
    const std::vector<uint8_t> good = from_hex(kT050ClientHello);
    ch = tls::parse_client_hello(ByteView(good.data(), good.size()));
    apply_legacy_transport_params(good.data(), 64, ch);
    assert_int_equal(ch.status, ParseStatus::Malformed);
    apply_legacy_transport_params(nullptr, 0, ch); // no message: nothing to do
}

// quicfp: the version decides the encoding (T050 legacy, T051 varints).
static void test_from_client_hello_t050_user_agent(void **) {
    const std::vector<uint8_t> m = from_hex(kT050ClientHello);
    quicfp::Fingerprint fp = quicfp::from_client_hello(m.data(), m.size(), true, kGquicT050);
    assert_true(fp.ok);
    assert_string_equal(fp.kind.c_str(), "ietf");
    assert_string_equal(fp.ua.c_str(), kUa);
    assert_string_equal(fp.sni.c_str(), "fonts.googleapis.com");
    assert_string_equal(fp.tp_order.c_str(), "0x1,0x3,0x4,0x5,0x6,0x7,0x8,0x9,0x20,0x3127,0x3129,"
                                             "0x312a,0x4751,0x4752,grease");
    assert_false(fp.ja4.empty());
    // Without JA4 (Enrich::ja4 off: nothing will read it) the rest is the same.
    quicfp::Enrich lean;
    lean.ja4 = false;
    const quicfp::Fingerprint l = quicfp::from_client_hello(m.data(), m.size(), true, kGquicT050, lean);
    assert_true(l.ok);
    assert_true(l.ja4.empty() && l.ja4_r.empty() && l.ja4_o.empty() && l.ja4_ro.empty());
    assert_true(l.sni == fp.sni && l.ua == fp.ua && l.alpn == fp.alpn && l.tp_order == fp.tp_order);
    fp = quicfp::from_client_hello(m.data(), m.size(), true, kGquicT051);
    assert_false(fp.ok);
    fp = quicfp::from_client_hello(m.data(), m.size(), false, 0); // TLS over TCP: never legacy
    assert_false(fp.ok);
    // soctrait's reading of a TCP ClientHello (client_hello_sni, _user_agent) is the fingerprint's:
    // empty for a hello that did not parse (this one as TLS over TCP), the same text when it did.
    tls::ClientHello ch = tls::parse_client_hello(ByteView(m.data(), m.size()));
    assert_int_equal(ch.status, ParseStatus::Malformed);
    assert_true(quicfp::client_hello_sni(ch).empty() && quicfp::client_hello_user_agent(ch).empty());
    assert_true(fp.sni.empty() && fp.ua.empty());
    apply_legacy_transport_params(m.data(), m.size(), ch);
    assert_int_equal(ch.status, ParseStatus::Ok);
    assert_string_equal(quicfp::client_hello_sni(ch).c_str(), "fonts.googleapis.com");
    assert_string_equal(quicfp::client_hello_user_agent(ch).c_str(), kUa);
    // Non-printable bytes as quicfp shows them (\xNN), not raw.
    ch.sni = std::string("a\x01" "b", 3);
    assert_string_equal(quicfp::client_hello_sni(ch).c_str(), "a\\x01b");
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify_version_legacy_transport_params),
        cmocka_unit_test(test_parse_legacy_transport_params_fields),
        cmocka_unit_test(test_parse_legacy_transport_params_hostile),
        cmocka_unit_test(test_apply_legacy_transport_params_quic_t50),
        cmocka_unit_test(test_apply_legacy_transport_params_other_fault_stays),
        cmocka_unit_test(test_apply_legacy_transport_params_hostile),
        cmocka_unit_test(test_from_client_hello_t050_user_agent),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
