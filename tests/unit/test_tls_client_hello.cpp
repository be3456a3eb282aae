// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the TLS ClientHello parser and record-layer extraction (RFC 8446 §4.1.2, §5.1):
// a crafted hello with every decoded extension, truncation at every byte, hostile lengths,
// duplicates, GREASE, and real ClientHellos from the shared JA4 captures.
#include "cmocka_cxx.h"
#include "tls_client_hello.h"

#include <cstring>
#include <string>
#include <vector>

using huntpack::ByteView;
using huntpack::ParseStatus;
using namespace huntpack::tls;

namespace {


// Writes TLS-style fields; open()/close() patch a length prefix once its block is written.
struct Builder {
    std::vector<uint8_t> b;
    void u8(uint8_t v) { b.push_back(v); }
    void u16(uint16_t v) { u8(v >> 8), u8(v & 0xff); }
    void raw(std::initializer_list<uint8_t> v) { b.insert(b.end(), v); }
    void str(const char *s) { b.insert(b.end(), s, s + std::strlen(s)); }
    size_t open(size_t prefix) {
        size_t at = b.size();
        b.resize(at + prefix);
        return at;
    }
    void close(size_t at, size_t prefix) {
        size_t n = b.size() - at - prefix;
        for (size_t i = 0; i < prefix; ++i)
            b[at + i] = static_cast<uint8_t>(n >> (8 * (prefix - 1 - i)));
    }
    void ext(uint16_t type, std::initializer_list<uint8_t> body) {
        u16(type);
        u16(static_cast<uint16_t>(body.size()));
        raw(body);
    }
};

constexpr size_t kCraftedCompressionEnd = 4 + 2 + 32 + 1 + 4 + 2 + 8 + 2;

// A TLS 1.3 ClientHello with GREASE in ciphers, extensions and supported_versions.
std::vector<uint8_t> crafted_hello() {
    Builder w;
    w.u8(kHandshakeClientHello);
    size_t len = w.open(3);
    w.u16(0x0303);
    for (uint8_t i = 0; i < 32; ++i)
        w.u8(0x11);
    w.raw({4, 0xaa, 0xbb, 0xcc, 0xdd});                          // session id
    w.raw({0x00, 0x08, 0x2a, 0x2a, 0x13, 0x01, 0x13, 0x02, 0xc0, 0x2b}); // ciphers
    w.raw({0x01, 0x00});                                           // compression: null
    size_t exts = w.open(2);
    w.ext(0x0a0a, {});                                             // GREASE
    w.u16(kExtServerName);
    size_t sni = w.open(2), list = w.open(2);
    w.u8(0);
    size_t name = w.open(2);
    w.str("example.com");
    w.close(name, 2), w.close(list, 2), w.close(sni, 2);
    w.ext(kExtAlpn, {0x00, 0x0c, 2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'});
    w.ext(kExtSupportedVersions, {6, 0x2a, 0x2a, 0x03, 0x04, 0x03, 0x03});
    w.ext(kExtSignatureAlgorithms, {0x00, 0x04, 0x04, 0x03, 0x08, 0x04});
    w.ext(kExtSupportedGroups, {0x00, 0x04, 0x00, 0x1d, 0x00, 0x17});
    w.ext(kExtEcPointFormats, {1, 0});
    w.ext(kExtKeyShare, {0x00, 0x0b, 0x00, 0x1d, 0x00, 0x02, 0xaa, 0xbb, 0x00, 0x17, 0x00, 0x01, 0xff});
    w.ext(kExtPskKeyExchangeModes, {1, 1});
    w.u16(kExtQuicTransportParams);
    size_t tp = w.open(2);
    w.raw({0x01, 0x04, 0x80, 0x00, 0x75, 0x30});       // max_idle_timeout 30000
    w.raw({0x04, 0x04, 0x80, 0xf0, 0x00, 0x00});       // initial_max_data 15728640
    w.raw({0x71, 0x29, 10});                           // google_user_agent (0x3129)
    w.str("Chrome/120");
    w.raw({0x0f, 0x00});                               // initial_source_connection_id, empty
    w.close(tp, 2);
    w.close(exts, 2);
    w.close(len, 3);
    return w.b;
}

ClientHello parse(const std::vector<uint8_t> &m, size_t n = SIZE_MAX) {
    return parse_client_hello(ByteView(m.data(), std::min(n, m.size())));
}

const ExtensionRef *find_ext(const ClientHello &ch, uint16_t type) {
    for (const ExtensionRef &e : ch.extensions)
        if (e.type == type)
            return &e;
    return nullptr;
}

} // namespace

// ja4/tls-alpn-h2.pcap frame 4, record layer:
// tshark -r tls-alpn-h2.pcap -Y frame.number==4 -T fields -e tcp.payload
static const char kAlpnH2Records[] =
    "16030100e8010000e40303858226c04fbaeddef4246093b4cfdab38f9dcfef145360e417686575cac49c7000005cc030"
    "c02cc028c024c014c00a009f006b0039cca9cca8ccaaff8500c400880081009d003d003500c00084c02fc02bc027c023"
    "c013c009009e0067003300be0045009c003c002f00ba0041c011c00700050004c012c0080016000a00ff0100005f0000"
    "001700150000127777772e636c6f7564666c6172652e636f6d000b00020100000a00080006001d00170018000d001c00"
    "1a06010603efef0501050304010403eeeeeded03010303020102030010000e000c02683208687474702f312e31"
    ;

// ja4/quic-tls-handshake.pcapng frame 1: the decrypted ClientHello handshake message. Wireshark
// 4.0 decrypts the Initial; the bytes are its "Reassembled QUIC CRYPTO (297 bytes)" data source
// from `tshark -r quic-tls-handshake.pcapng -x` (CRYPTO frames at offsets 0..296 joined).
static const char kQuicChromeHello[] =
    "010001250303383d3bcc378f2dad654f7b937409876967b41befe42ba1acdebb8b9445787b8400000613011302130301"
    "0000f6002d00020101001b0003020002446900050003026833000d001400120403080404010503080505010806060102"
    "01002b000302030400000013001100000e7777772e676f6f676c652e636f6d000a00080006001d001700180039006704"
    "0480f000000f00060480600000030245c0050480600000712702502480ff73db0c00000001aada0a7a00000001080240"
    "647128045256434d07048060000020048001000009024067d71be2ff92c99efc060efac8e782f2800047520400000001"
    "010480007530001000050003026833003300260024001d00201dab42d2c5adfce8c137239e8de6b042bbd706b97af5dc"
    "7331dae4b80d1c5937"
    ;

static void test_parse_client_hello_crafted_fields(void **) {
    const std::vector<uint8_t> m = crafted_hello();
    const ClientHello ch = parse(m);
    assert_int_equal(ch.status, ParseStatus::Ok);
    assert_int_equal(ch.message_length, m.size() - 4);
    assert_int_equal(ch.legacy_version, 0x0303);
    assert_int_equal(ch.random[0], 0x11);
    assert_int_equal(ch.session_id_length, 4);
    assert_true((ch.cipher_suites == std::vector<uint16_t>{0x2a2a, 0x1301, 0x1302, 0xc02b}));
    assert_true((ch.compression_methods == std::vector<uint8_t>{0}));
    assert_int_equal(ch.extensions.size(), 10);
    assert_int_equal(ch.extensions[0].type, 0x0a0a); // GREASE kept in wire order
    assert_false(ch.duplicate_extension);
    assert_false(ch.bad_extension.has_value());
    assert_true(ch.has_sni_extension);
    assert_string_equal(ch.sni.c_str(), "example.com");
    assert_true(ch.has_alpn_extension);
    assert_true((ch.alpn == std::vector<std::string>{"h2", "http/1.1"}));
    assert_true((ch.supported_versions == std::vector<uint16_t>{0x2a2a, 0x0304, 0x0303}));
    assert_int_equal(ch.max_version(), 0x0304);
    assert_true((ch.signature_algorithms == std::vector<uint16_t>{0x0403, 0x0804}));
    assert_true((ch.supported_groups == std::vector<uint16_t>{0x001d, 0x0017}));
    assert_true((ch.ec_point_formats == std::vector<uint8_t>{0}));
    assert_true((ch.key_share_groups == std::vector<uint16_t>{0x001d, 0x0017}));
    assert_true((ch.psk_modes == std::vector<uint8_t>{1}));
    assert_true(ch.has_quic_transport_params);
    assert_int_equal(ch.quic_transport_params_type, 0x39);
    assert_int_equal(ch.quic_transport_params.size(), 4);
    assert_int_equal(ch.max_idle_timeout().value_or(0), 30000);
    assert_int_equal(ch.initial_max_data().value_or(0), 15728640);
    assert_string_equal(ch.google_user_agent().value_or("").c_str(), "Chrome/120");
    assert_false(ch.max_udp_payload_size().has_value());
    const TransportParam *scid = ch.transport_param(kTpInitialSourceConnectionId);
    assert_non_null(scid);
    assert_true(scid->value.empty());
}

static void test_parse_client_hello_extension_offsets(void **) {
    const std::vector<uint8_t> m = crafted_hello();
    const ClientHello ch = parse(m);
    const ExtensionRef *alpn = find_ext(ch, kExtAlpn);
    assert_non_null(alpn);
    assert_int_equal(alpn->length, 14);
    assert_int_equal(m[alpn->offset + 2], 2); // first ProtocolName length
    assert_memory_equal(&m[alpn->offset + 3], "h2", 2);
    const TransportParam *ua = ch.transport_param(kTpGoogleUserAgent);
    assert_non_null(ua);
    assert_memory_equal(&m[ua->offset], "Chrome/120", 10);
}

// Every prefix of the message is shorter than its declared length: Truncated, never a crash,
// and what was read before the cut is kept.
static void test_parse_client_hello_truncated_every_byte(void **) {
    const std::vector<uint8_t> m = crafted_hello();
    for (size_t n = 0; n < m.size(); ++n) {
        const ClientHello ch = parse(m, n);
        assert_int_equal(ch.status, ParseStatus::Truncated);
        if (n >= kCraftedCompressionEnd - 2)
            assert_int_equal(ch.cipher_suites.size(), 4);
        else
            assert_true(ch.cipher_suites.empty());
    }
}

// The declared length cut to every boundary: only "no extensions" (TLS 1.2 style) and the
// whole message are well formed; everything else breaks a vector length.
static void test_parse_client_hello_short_declared_length(void **) {
    const std::vector<uint8_t> m = crafted_hello();
    for (size_t n = 4; n < m.size(); ++n) {
        std::vector<uint8_t> cut(m.begin(), m.begin() + n);
        const size_t body = n - 4;
        cut[1] = static_cast<uint8_t>(body >> 16), cut[2] = static_cast<uint8_t>(body >> 8);
        cut[3] = static_cast<uint8_t>(body);
        const ClientHello ch = parse(cut);
        if (n == kCraftedCompressionEnd) {
            assert_int_equal(ch.status, ParseStatus::Ok);
            assert_false(ch.has_extensions_block);
        } else {
            assert_int_equal(ch.status, ParseStatus::Malformed);
        }
    }
}

static void test_parse_client_hello_not_a_client_hello(void **) {
    std::vector<uint8_t> m = crafted_hello();
    m[0] = 0x02; // server_hello
    assert_int_equal(parse(m).status, ParseStatus::Unsupported);
    assert_int_equal(parse(m, 3).status, ParseStatus::Truncated);
}

static void test_parse_client_hello_hostile_lengths(void **) {
    const std::vector<uint8_t> base = crafted_hello();
    std::vector<uint8_t> m = base;
    m[1] = 0xff; // u24 length far above what a ClientHello can hold
    assert_int_equal(parse(m).status, ParseStatus::Malformed);

    m = base;
    m[38] = 33; // legacy_session_id<0..32>
    assert_int_equal(parse(m).status, ParseStatus::Malformed);

    m = base;
    m[43] = 0x01, m[44] = 0x00; // cipher_suites claims 256 bytes inside a complete message
    assert_int_equal(parse(m).status, ParseStatus::Malformed);

    m = base;
    m[44] = 0x07; // odd cipher_suites length
    assert_int_equal(parse(m).status, ParseStatus::Malformed);

    m = base;
    m[kCraftedCompressionEnd] = 0xff; // extensions block longer than the message
    const ClientHello ch = parse(m);
    assert_int_equal(ch.status, ParseStatus::Malformed);
    assert_int_equal(ch.cipher_suites.size(), 4); // what came before is kept
}

// A bad extension body flags that extension; the ones around it are still decoded.
static void test_parse_client_hello_bad_extension_body(void **) {
    const std::vector<uint8_t> base = crafted_hello();
    const ClientHello clean = parse(base);
    std::vector<uint8_t> m = base;
    m[find_ext(clean, kExtAlpn)->offset + 2] = 0x7f; // first ProtocolName overruns its list
    ClientHello ch = parse(m);
    assert_int_equal(ch.status, ParseStatus::Malformed);
    assert_int_equal(ch.bad_extension.value_or(0xffff), kExtAlpn);
    assert_string_equal(ch.sni.c_str(), "example.com");
    assert_int_equal(ch.supported_versions.size(), 3);
    assert_int_equal(ch.quic_transport_params.size(), 4);

    m = base;
    const ExtensionRef *tp = find_ext(clean, kExtQuicTransportParams);
    m[tp->offset + 1] = 0x3f; // max_idle_timeout value length 63 > what remains
    ch = parse(m);
    assert_int_equal(ch.bad_extension.value_or(0), kExtQuicTransportParams);

    m = base;
    m[find_ext(clean, kExtSupportedVersions)->offset] = 5; // odd versions length
    ch = parse(m);
    assert_int_equal(ch.bad_extension.value_or(0), kExtSupportedVersions);
}

// Overwrite every byte with hostile values: any status is acceptable, a crash or an
// inconsistent result is not (run under ASan with -DHUNTPACK_SANITIZE=ON).
static void test_parse_client_hello_mutated_every_byte(void **) {
    const std::vector<uint8_t> base = crafted_hello();
    for (size_t i = 0; i < base.size(); ++i) {
        for (uint8_t v : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
            std::vector<uint8_t> m = base;
            m[i] = v;
            const ClientHello ch = parse(m);
            for (const ExtensionRef &e : ch.extensions)
                assert_true(size_t{e.offset} + e.length <= m.size());
            for (const TransportParam &tp : ch.quic_transport_params)
                assert_true(tp.offset + tp.value.size() <= m.size());
            assert_true(ch.session_id_length <= kMaxSessionIdLen);
        }
    }
}

// A minimal TLS 1.2 ClientHello up to its extensions block: zero random, no session id, one
// suite (TLS_AES_128_GCM_SHA256), null compression. Returns the body's length offset.
static size_t minimal_hello_head(Builder &w) {
    w.u8(kHandshakeClientHello);
    const size_t len = w.open(3);
    w.u16(0x0303);
    w.b.resize(w.b.size() + 32);
    w.raw({0, 0x00, 0x02, 0x13, 0x01, 0x01, 0x00});
    return len;
}

static void test_parse_client_hello_duplicate_extension(void **) {
    Builder w;
    const size_t len = minimal_hello_head(w);
    size_t exts = w.open(2);
    w.ext(kExtServerName, {0x00, 0x04, 0x00, 0x00, 0x01, 'a'});
    w.ext(kExtServerName, {0x00, 0x04, 0x00, 0x00, 0x01, 'b'});
    w.close(exts, 2);
    w.close(len, 3);
    const ClientHello ch = parse(w.b);
    assert_int_equal(ch.status, ParseStatus::Ok);
    assert_true(ch.duplicate_extension);
    assert_int_equal(ch.extensions.size(), 2);
    assert_string_equal(ch.sni.c_str(), "a"); // first occurrence wins
}

// Duplicates are found whether the earlier occurrence is among the first extensions (kept in a
// short list) or beyond them (a bitset takes over past 48 distinct types), and many distinct
// types are no duplicate.
static void test_parse_client_hello_duplicates_among_many_extensions(void **) {
    for (const int dup_of : {-1, 3, 47, 48, 70}) {
        Builder w;
        const size_t len = minimal_hello_head(w);
        size_t exts = w.open(2);
        for (int i = 0; i < 80; i++)
            w.ext(static_cast<uint16_t>(0x7000 + i), {}); // private-use types, empty bodies
        if (dup_of >= 0)
            w.ext(static_cast<uint16_t>(0x7000 + dup_of), {});
        w.close(exts, 2);
        w.close(len, 3);
        const ClientHello ch = parse(w.b);
        assert_int_equal(ch.status, ParseStatus::Ok);
        assert_int_equal(ch.duplicate_extension, dup_of >= 0);
        assert_int_equal(ch.extensions.size(), dup_of >= 0 ? 81 : 80);
    }
}

static void test_parse_client_hello_grease_only_versions(void **) {
    Builder w;
    w.u8(kHandshakeClientHello);
    size_t len = w.open(3);
    w.u16(0x0301);
    w.b.resize(w.b.size() + 32);
    w.raw({0, 0x00, 0x02, 0x00, 0x2f, 0x01, 0x00});
    size_t exts = w.open(2);
    w.ext(kExtSupportedVersions, {2, 0x7a, 0x7a});
    w.close(exts, 2);
    w.close(len, 3);
    const ClientHello ch = parse(w.b);
    assert_int_equal(ch.status, ParseStatus::Ok);
    assert_true(is_grease(0x7a7a));
    assert_false(is_grease(0x7a7b));
    assert_int_equal(ch.max_version(), 0x0301); // falls back to legacy_version
}

static std::vector<uint8_t> as_records(const std::vector<uint8_t> &m, size_t split) {
    std::vector<uint8_t> r;
    for (size_t at = 0; at < m.size(); at += split) {
        size_t n = std::min(split, m.size() - at);
        r.insert(r.end(), {22, 0x03, 0x01, static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)});
        r.insert(r.end(), m.begin() + at, m.begin() + at + n);
    }
    return r;
}

static void test_extract_first_handshake_split_records(void **) {
    const std::vector<uint8_t> m = crafted_hello();
    const std::vector<uint8_t> recs = as_records(m, 100);
    HandshakeExtract x = extract_first_handshake(ByteView(recs.data(), recs.size()));
    assert_int_equal(x.status, ParseStatus::Ok);
    assert_int_equal(x.records_used, (m.size() + 99) / 100);
    assert_int_equal(x.bytes_consumed, recs.size());
    assert_true(x.message == m);
    // Every prefix of the record stream is Truncated.
    for (size_t n = 0; n < recs.size(); ++n)
        assert_int_equal(extract_first_handshake(ByteView(recs.data(), n)).status,
                         ParseStatus::Truncated);
}

static void test_extract_first_handshake_trailing_message(void **) {
    std::vector<uint8_t> m = crafted_hello();
    const size_t len = m.size();
    m.insert(m.end(), {0x10, 0x00, 0x00, 0x00}); // another handshake message after ours
    const std::vector<uint8_t> recs = as_records(m, 1 << 14);
    HandshakeExtract x = extract_first_handshake(ByteView(recs.data(), recs.size()));
    assert_int_equal(x.status, ParseStatus::Ok);
    assert_int_equal(x.message.size(), len);
}

static void test_extract_first_handshake_bad_records(void **) {
    const std::vector<uint8_t> m = crafted_hello();
    std::vector<uint8_t> recs = as_records(m, 100);
    recs[105] = 23; // second record is application data: no interleaving (RFC 8446 §5.1)
    assert_int_equal(extract_first_handshake(ByteView(recs.data(), recs.size())).status,
                     ParseStatus::Malformed);
    const uint8_t zero_len[] = {22, 3, 1, 0, 0, 1};
    assert_int_equal(extract_first_handshake(ByteView(zero_len, sizeof zero_len)).status,
                     ParseStatus::Malformed);
    const uint8_t too_long[] = {22, 3, 1, 0x40, 0x01, 1};
    assert_int_equal(extract_first_handshake(ByteView(too_long, sizeof too_long)).status,
                     ParseStatus::Malformed);
    const uint8_t sslv2[] = {0x80, 0x2e, 0x01, 0x00, 0x02};
    assert_int_equal(extract_first_handshake(ByteView(sslv2, sizeof sslv2)).status,
                     ParseStatus::Unsupported);
    const std::vector<uint8_t> tiny = as_records(m, 1); // 1-byte records beyond the cap
    assert_int_equal(extract_first_handshake(ByteView(tiny.data(), tiny.size())).status,
                     ParseStatus::Unsupported);
}

// Expected values from `tshark -V` on the same frame.
static void test_parse_client_hello_real_tcp(void **) {
    const std::vector<uint8_t> recs = from_hex(kAlpnH2Records);
    HandshakeExtract x = extract_first_handshake(ByteView(recs.data(), recs.size()));
    assert_int_equal(x.status, ParseStatus::Ok);
    const ClientHello ch = parse(x.message);
    assert_int_equal(ch.status, ParseStatus::Ok);
    assert_string_equal(ch.sni.c_str(), "www.cloudflare.com");
    assert_int_equal(ch.cipher_suites.size(), 46);
    assert_int_equal(ch.extensions.size(), 5);
    assert_true((ch.alpn == std::vector<std::string>{"h2", "http/1.1"}));
    assert_true(ch.supported_versions.empty());
    assert_int_equal(ch.max_version(), 0x0303);
    assert_true((ch.supported_groups == std::vector<uint16_t>{0x001d, 0x0017, 0x0018}));
}

static void test_parse_client_hello_real_quic(void **) {
    const std::vector<uint8_t> m = from_hex(kQuicChromeHello);
    const ClientHello ch = parse(m);
    assert_int_equal(ch.status, ParseStatus::Ok);
    assert_string_equal(ch.sni.c_str(), "www.google.com");
    assert_true((ch.alpn == std::vector<std::string>{"h3"}));
    assert_true((ch.cipher_suites == std::vector<uint16_t>{0x1301, 0x1302, 0x1303}));
    assert_int_equal(ch.extensions.size(), 10);
    assert_true((ch.psk_modes == std::vector<uint8_t>{1}));
    assert_true((ch.key_share_groups == std::vector<uint16_t>{0x001d}));
    assert_int_equal(ch.quic_transport_params.size(), 15);
    assert_int_equal(ch.initial_max_data().value_or(0), 15728640);
    assert_int_equal(ch.max_idle_timeout().value_or(0), 30000);
    assert_int_equal(ch.max_udp_payload_size().value_or(0), 1472);
    assert_int_equal(ch.initial_max_streams_bidi().value_or(0), 100);
    assert_false(ch.google_user_agent().has_value());
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_client_hello_crafted_fields),
        cmocka_unit_test(test_parse_client_hello_extension_offsets),
        cmocka_unit_test(test_parse_client_hello_truncated_every_byte),
        cmocka_unit_test(test_parse_client_hello_short_declared_length),
        cmocka_unit_test(test_parse_client_hello_not_a_client_hello),
        cmocka_unit_test(test_parse_client_hello_hostile_lengths),
        cmocka_unit_test(test_parse_client_hello_bad_extension_body),
        cmocka_unit_test(test_parse_client_hello_mutated_every_byte),
        cmocka_unit_test(test_parse_client_hello_duplicate_extension),
        cmocka_unit_test(test_parse_client_hello_duplicates_among_many_extensions),
        cmocka_unit_test(test_parse_client_hello_grease_only_versions),
        cmocka_unit_test(test_extract_first_handshake_split_records),
        cmocka_unit_test(test_extract_first_handshake_trailing_message),
        cmocka_unit_test(test_extract_first_handshake_bad_records),
        cmocka_unit_test(test_parse_client_hello_real_tcp),
        cmocka_unit_test(test_parse_client_hello_real_quic),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
