// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for Google QUIC Q050 across the QUIC modules: version classification and salt
// (quic_header), Initial key derivation and decryption of a real Q050 Initial (quic_initial),
// gQUIC frame codes (quic_frames), and the whole client path in quicfp (decrypt, reassemble the
// CRYPTO stream, parse the gQUIC CHLO it carries) including hostile CRYPTO streams.
//
// Provenance of the real packet: ndpi/quic_q50.pcap frame 1 (client 39203 -> 443), its UDP
// payload from `tshark -r quic_q50.pcap -Y frame.number==1 -T fields -e udp.payload`. Wireshark
// 4.0.17 shows it as "QUIC IETF", Version "Google Q050 (0x51303530)", DCID df4a089e4eff5e7a,
// SCID length 0, Token Length 0, Length 1332, Packet Number 1, Packet Number Length 1 byte,
// Reserved 0, and a "Decrypted QUIC (1315 bytes)" data source (`tshark -x`) copied below
// byte for byte: a CRYPTO frame (gQUIC type 0x08, offset 0, length 1024) holding the CHLO, then
// PADDING. Its gquic.tag.uaid is "Chrome/83.0.4103.101 Android 8.0.0; LDN-L21" and
// gquic.tag.sni "www.googletagmanager.com".
//
// Expected keys: computed independently with Python's hmac/hashlib (RFC 5869 HKDF, RFC 8446
// HKDF-Expand-Label with "tls13 " labels) from the Q050 salt
// 504574efd066fe2f9d945cfcdbd3a7f0d3b56b45 (packet-quic.c hanshake_salt_draft_q50) and the
// DCID; the keys are right because AES-128-GCM with them (Python `cryptography`, and
// decrypt_packet below) authenticates the packet and yields exactly Wireshark's plaintext.
#include "cmocka_cxx.h"
#include "pcap_reader.h"
#include "q050_vectors.h"
#include "quic_frames.h"
#include "quic_header.h"
#include "quic_initial.h"
#include "quicfp.h"

#include <gcrypt.h>

#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace huntpack;
using namespace huntpack::quic;

namespace {



const char *const kDcidHex = "df4a089e4eff5e7a";
const char *const kUaid = "Chrome/83.0.4103.101 Android 8.0.0; LDN-L21";
const char *const kSni = "www.googletagmanager.com";
// The CHLO's tags in table order (Wireshark lists the same 17 gquic.tag.type values).
const char *const kTags = "PAD,SNI,VER,CCS,UAID,TCID,PDMD,SMHL,ICSL,NONP,MIDS,SCLS,CSCT,COPT,"
                          "IRTT,CFCW,SFCW";
constexpr size_t kPnOffset = 18; // 1 + 4 + 1 + 8 (DCID) + 1 + 1 (token length) + 2 (Length)
constexpr size_t kCryptoLen = 1024;

std::unique_ptr<quicfp::Connection> fresh() { return std::make_unique<quicfp::Connection>(); }

// A client Initial of `version` protected with the Initial keys of `dcid` (RFC 9001 §5), built
// here so hostile CRYPTO contents get past the AEAD tag: a test-only encoder.
std::vector<uint8_t> protect_initial(uint32_t version, const std::vector<uint8_t> &dcid,
                                     uint8_t pn, std::vector<uint8_t> plain) {
    const KeysResult k = derive_initial_keys(version, dcid.data(), dcid.size(), Sender::Client);
    assert_int_equal(k.status, ParseStatus::Ok);
    if (plain.size() < kHpSampleLen) // room for the header-protection sample
        plain.resize(kHpSampleLen, 0x00);
    std::vector<uint8_t> pkt = {0xc0}; // long header, Initial, 1-byte packet number
    for (int s = 24; s >= 0; s -= 8)
        pkt.push_back(static_cast<uint8_t>(version >> s));
    pkt.push_back(static_cast<uint8_t>(dcid.size()));
    pkt.insert(pkt.end(), dcid.begin(), dcid.end());
    pkt.push_back(0); // SCID length
    pkt.push_back(0); // token length
    const size_t length = 1 + plain.size() + kAeadTagLen;
    pkt.push_back(static_cast<uint8_t>(0x40 | (length >> 8))); // 2-byte varint
    pkt.push_back(static_cast<uint8_t>(length));
    const size_t pn_offset = pkt.size();
    pkt.push_back(pn);
    const size_t hdr_len = pkt.size();
    uint8_t nonce[kAeadIvLen];
    std::memcpy(nonce, k.keys.iv, sizeof nonce);
    nonce[kAeadIvLen - 1] ^= pn;
    pkt.resize(hdr_len + plain.size() + kAeadTagLen);
    gcry_cipher_hd_t h;
    assert_int_equal(gcry_cipher_open(&h, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_GCM, 0), 0);
    assert_int_equal(gcry_cipher_setkey(h, k.keys.key, kAeadKeyLen), 0);
    assert_int_equal(gcry_cipher_setiv(h, nonce, sizeof nonce), 0);
    assert_int_equal(gcry_cipher_authenticate(h, pkt.data(), hdr_len), 0);
    assert_int_equal(
        gcry_cipher_encrypt(h, pkt.data() + hdr_len, plain.size(), plain.data(), plain.size()), 0);
    assert_int_equal(gcry_cipher_gettag(h, pkt.data() + hdr_len + plain.size(), kAeadTagLen), 0);
    gcry_cipher_close(h);
    uint8_t mask[kHpSampleLen];
    assert_int_equal(gcry_cipher_open(&h, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB, 0), 0);
    assert_int_equal(gcry_cipher_setkey(h, k.keys.hp, kHpKeyLen), 0);
    assert_int_equal(gcry_cipher_encrypt(h, mask, kHpSampleLen,
                                         pkt.data() + pn_offset + kHpSampleOffset, kHpSampleLen),
                     0);
    gcry_cipher_close(h);
    pkt[0] ^= mask[0] & kLongHeaderProtectedBits;
    pkt[pn_offset] ^= mask[1];
    return pkt;
}

// A gQUIC CRYPTO frame (type 0x08, 2-byte varint offset and length) carrying `data`.
std::vector<uint8_t> crypto_frame(size_t offset, const std::vector<uint8_t> &data) {
    std::vector<uint8_t> f = {0x08, static_cast<uint8_t>(0x40 | (offset >> 8)),
                              static_cast<uint8_t>(offset),
                              static_cast<uint8_t>(0x40 | (data.size() >> 8)),
                              static_cast<uint8_t>(data.size())};
    f.insert(f.end(), data.begin(), data.end());
    return f;
}

// A CHLO: "CHLO", n u16 LE, 2 padding bytes, n x (tag, end offset u32 LE), values.
std::vector<uint8_t> chlo(const std::vector<std::pair<const char *, std::string>> &tags) {
    std::vector<uint8_t> m = {'C', 'H', 'L', 'O', static_cast<uint8_t>(tags.size()),
                              static_cast<uint8_t>(tags.size() >> 8), 0, 0};
    uint32_t end = 0;
    std::string values;
    for (const auto &t : tags) {
        for (size_t i = 0; i < 4; ++i)
            m.push_back(static_cast<uint8_t>(i < std::strlen(t.first) ? t.first[i] : 0));
        end += static_cast<uint32_t>(t.second.size());
        for (int s = 0; s < 32; s += 8)
            m.push_back(static_cast<uint8_t>(end >> s));
        values += t.second;
    }
    m.insert(m.end(), values.begin(), values.end());
    return m;
}

const std::vector<uint8_t> kCraftDcid = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};

quicfp::Feed feed(quicfp::Connection &c, const std::vector<uint8_t> &d) {
    uint32_t version = 0;
    return quicfp::feed_client_datagram(c, d.data(), d.size(), &version);
}

} // namespace

static void test_classify_version_q050(void **) {
    const VersionInfo v = classify_version(kGquicQ050);
    assert_int_equal(v.family, VersionFamily::GquicCryptoInitial);
    assert_memory_equal(v.initial_salt, from_hex("504574efd066fe2f9d945cfcdbd3a7f0d3b56b45").data(),
                        kInitialSaltLen);
    assert_true(is_supported_version(kGquicQ050));
    assert_true(is_gquic_version(kGquicQ050));
    assert_true(carries_gquic_chlo(kGquicQ050));
    assert_int_equal(long_packet_type(kGquicQ050, 0xc0), PacketType::Initial);
    assert_int_equal(frame_dialect(kGquicQ050), FrameDialect::Gquic);
    // Wireshark 4.0 decrypts no other Q version: neither do we.
    for (uint32_t q : {0x51303433u, 0x51303436u, 0x51303531u, 0x51303939u}) {
        assert_false(is_supported_version(q));
        assert_false(carries_gquic_chlo(q));
    }
}

static void test_derive_initial_keys_q050_quic_q50(void **) {
    const std::vector<uint8_t> dcid = from_hex(kDcidHex);
    uint8_t prk[kSha256Len];
    assert_int_equal(initial_secret(kGquicQ050, dcid.data(), dcid.size(), prk).status,
                     ParseStatus::Ok);
    assert_memory_equal(
        prk, from_hex("8254995c0667b7f6946014ea26896104d08e113793f8228885e08be21f076a8a").data(),
        kSha256Len);
    const KeysResult k = derive_initial_keys(kGquicQ050, dcid.data(), dcid.size(), Sender::Client);
    assert_int_equal(k.status, ParseStatus::Ok);
    assert_memory_equal(k.keys.key, from_hex("da6a0b4b6c2d353d07959dbc75622002").data(),
                        kAeadKeyLen);
    assert_memory_equal(k.keys.iv, from_hex("10b04263bbe9ee8cbfee0b60").data(), kAeadIvLen);
    assert_memory_equal(k.keys.hp, from_hex("e9545b072ce6b931992bab5e463950c9").data(),
                        kHpKeyLen);
}

static void test_decrypt_packet_q050_quic_q50(void **) {
    const std::vector<uint8_t> pkt = from_hex(kQ050Frame1);
    const std::vector<uint8_t> want = from_hex(kQ050Frame1Decrypted);
    assert_int_equal(pkt.size(), 1350);
    const LongHeaderResult h = parse_long_header(pkt.data(), pkt.size());
    assert_int_equal(h.status, ParseStatus::Ok);
    assert_true(h.hdr.version == kGquicQ050);
    assert_int_equal(h.hdr.type, PacketType::Initial);
    assert_int_equal(h.hdr.dcid_len, 8);
    assert_memory_equal(h.hdr.dcid, from_hex(kDcidHex).data(), 8);
    assert_int_equal(h.hdr.scid_len, 0);
    assert_int_equal(h.hdr.token_len, 0);
    assert_int_equal(h.hdr.length, 1332);
    assert_int_equal(h.hdr.pn_offset, kPnOffset);
    assert_int_equal(h.hdr.packet_len, pkt.size());
    const KeysResult k =
        derive_initial_keys(kGquicQ050, h.hdr.dcid, h.hdr.dcid_len, Sender::Client);
    std::vector<uint8_t> out(pkt.size());
    const DecryptResult r = decrypt_packet(pkt.data(), pkt.size(), h.hdr, k.keys, out.data(),
                                           out.size());
    assert_int_equal(r.status, ParseStatus::Ok);
    assert_int_equal(r.packet_number, 1);
    assert_int_equal(r.pn_len, 1);
    assert_int_equal(r.first_byte, 0xc0); // Initial, reserved 0, 1-byte packet number
    assert_false(r.reserved_bits_set);
    assert_int_equal(r.plaintext_len, want.size());
    assert_memory_equal(out.data(), want.data(), want.size());
    // The wrong salt (T051's) must not authenticate the same packet.
    const KeysResult t51 = derive_initial_keys(kGquicT051, h.hdr.dcid, h.hdr.dcid_len,
                                               Sender::Client);
    assert_int_equal(decrypt_packet(pkt.data(), pkt.size(), h.hdr, t51.keys, out.data(),
                                    out.size())
                         .status,
                     ParseStatus::Malformed);
}

static void test_scan_initial_frames_q050_quic_q50(void **) {
    const std::vector<uint8_t> plain = from_hex(kQ050Frame1Decrypted);
    const FrameScan s = scan_initial_frames(plain.data(), plain.size(), frame_dialect(kGquicQ050));
    assert_int_equal(s.status, ParseStatus::Ok);
    assert_int_equal(s.crypto_count, 1);
    assert_int_equal(s.crypto[0].offset, 0);
    assert_int_equal(s.crypto[0].data_offset, 4);
    assert_int_equal(s.crypto[0].length, kCryptoLen);
    assert_int_equal(s.padding_bytes, plain.size() - 4 - kCryptoLen);
    assert_memory_equal(plain.data() + 4, "CHLO", 4);
}

static void test_feed_client_datagram_q050_quic_q50(void **) {
    auto c = fresh();
    const std::vector<uint8_t> d = from_hex(kQ050Frame1);
    assert_true(quicfp::is_ietf_initial(d.data(), d.size()));
    uint32_t version = 0;
    assert_int_equal(quicfp::feed_client_datagram(*c, d.data(), d.size(), &version),
                     quicfp::Feed::Complete);
    assert_true(version == kGquicQ050);
    assert_true(c->version == kGquicQ050);
    assert_true(c->done);
    assert_int_equal(c->initials, 1);
    assert_int_equal(c->crypto.contiguous_len(), kCryptoLen);
    assert_false(c->crypto.complete()); // TLS framing does not apply to a CHLO
    const quicfp::Fingerprint fp = quicfp::from_connection(*c, quicfp::Feed::Complete);
    assert_true(fp.ok);
    assert_string_equal(fp.kind.c_str(), "gquic");
    assert_true(fp.version == kGquicQ050);
    assert_string_equal(fp.ua.c_str(), kUaid);
    assert_string_equal(fp.sni.c_str(), kSni);
    assert_string_equal(fp.tp_order.c_str(), kTags);
    assert_true(fp.ja4.empty()); // JA4 is a TLS fingerprint: a CHLO has none
    // One CHLO per connection: the client's later Initials are not read again.
    assert_int_equal(feed(*c, d), quicfp::Feed::NotInitial);
}

// Hostile: the real packet cut at every length, and with one ciphertext byte flipped.
static void test_feed_client_datagram_q050_truncated_and_tampered(void **) {
    const std::vector<uint8_t> d = from_hex(kQ050Frame1);
    auto c = fresh();
    for (size_t n = 0; n < d.size(); ++n) {
        *c = quicfp::Connection();
        const quicfp::Feed f = quicfp::feed_client_datagram(*c, d.data(), n, nullptr);
        assert_true(f == quicfp::Feed::NotInitial || f == quicfp::Feed::Undecryptable);
        assert_int_equal(c->initials, 0);
    }
    for (size_t at : {size_t{0}, kPnOffset, kPnOffset + 5, size_t{700}, d.size() - 1}) {
        std::vector<uint8_t> bad = d;
        bad[at] ^= 0x01;
        *c = quicfp::Connection();
        const quicfp::Feed f = feed(*c, bad);
        assert_true(f == quicfp::Feed::NotInitial || f == quicfp::Feed::Undecryptable);
        assert_false(c->done);
    }
    assert_int_equal(feed(*c, d), quicfp::Feed::Complete); // untouched state still works
}

// Hostile CRYPTO streams behind a valid AEAD tag.
static void test_feed_client_datagram_q050_hostile_crypto(void **) {
    auto c = fresh();
    // Not a CHLO (a TLS ClientHello header): judged at once, never parsed as TLS.
    const std::vector<uint8_t> tls = {0x01, 0x00, 0x00, 0x04, 1, 2, 3, 4};
    assert_int_equal(feed(*c, protect_initial(kGquicQ050, kCraftDcid, 0, crypto_frame(0, tls))),
                     quicfp::Feed::Complete);
    quicfp::Fingerprint fp = quicfp::from_connection(*c, quicfp::Feed::Complete);
    assert_false(fp.ok);
    assert_string_equal(fp.kind.c_str(), "gquic");
    assert_non_null(std::strstr(fp.error.c_str(), "CHLO"));

    // A CHLO with zero tags, or more than quiche's 128: malformed, reported.
    for (uint8_t count_hi : {uint8_t{0}, uint8_t{1}}) {
        std::vector<uint8_t> m = {'C', 'H', 'L', 'O', 0, count_hi, 0, 0};
        m.resize(64, 0);
        *c = quicfp::Connection();
        assert_int_equal(feed(*c, protect_initial(kGquicQ050, kCraftDcid, 0, crypto_frame(0, m))),
                         quicfp::Feed::Complete);
        fp = quicfp::from_connection(*c, quicfp::Feed::Complete);
        assert_false(fp.ok);
        assert_non_null(std::strstr(fp.error.c_str(), "invalid"));
    }

    // A CHLO whose last end offset says 1 MiB: it can never fit the reassembly cap.
    std::vector<uint8_t> huge = chlo({{"SNI", "a.example"}});
    huge[12] = 0x00, huge[13] = 0x00, huge[14] = 0x10, huge[15] = 0x00; // end = 0x100000
    *c = quicfp::Connection();
    assert_int_equal(feed(*c, protect_initial(kGquicQ050, kCraftDcid, 0, crypto_frame(0, huge))),
                     quicfp::Feed::Overflow);
    fp = quicfp::from_connection(*c, quicfp::Feed::Overflow);
    assert_false(fp.ok);
    assert_string_equal(fp.kind.c_str(), "gquic");
    assert_non_null(std::strstr(fp.error.c_str(), "reassembly limit"));

    // A CHLO whose values run 100 bytes past what was sent: it waits, it does not complete.
    std::vector<uint8_t> cut = chlo({{"SNI", "a.example"}, {"UAID", std::string(120, 'x')}});
    cut.resize(cut.size() - 100);
    *c = quicfp::Connection();
    assert_int_equal(feed(*c, protect_initial(kGquicQ050, kCraftDcid, 0, crypto_frame(0, cut))),
                     quicfp::Feed::Progress);
    assert_false(c->done);

    // A CRYPTO frame longer than the packet: the frame walk stops, nothing is stored.
    std::vector<uint8_t> liar = crypto_frame(0, chlo({{"SNI", "a.example"}}));
    liar[3] = 0x7f, liar[4] = 0xff; // length 0x3fff
    *c = quicfp::Connection();
    assert_int_equal(feed(*c, protect_initial(kGquicQ050, kCraftDcid, 0, liar)),
                     quicfp::Feed::Progress);
    assert_int_equal(c->crypto.contiguous_len(), 0);
}

// A CHLO split over two Initials that arrive out of order completes on the second one.
static void test_feed_client_datagram_q050_split_out_of_order(void **) {
    const std::vector<uint8_t> m =
        chlo({{"PAD", std::string(40, '-')}, {"SNI", "split.example"}, {"UAID", "Test/1.0"}});
    const size_t half = 30; // inside the tag table
    const std::vector<uint8_t> a(m.begin(), m.begin() + half), b(m.begin() + half, m.end());
    auto c = fresh();
    assert_int_equal(feed(*c, protect_initial(kGquicQ050, kCraftDcid, 2, crypto_frame(half, b))),
                     quicfp::Feed::Progress);
    assert_int_equal(c->crypto.contiguous_len(), 0);
    assert_int_equal(feed(*c, protect_initial(kGquicQ050, kCraftDcid, 1, crypto_frame(0, a))),
                     quicfp::Feed::Complete);
    assert_int_equal(c->initials, 2);
    const quicfp::Fingerprint fp = quicfp::from_connection(*c, quicfp::Feed::Complete);
    assert_true(fp.ok);
    assert_string_equal(fp.sni.c_str(), "split.example");
    assert_string_equal(fp.ua.c_str(), "Test/1.0");
    assert_string_equal(fp.tp_order.c_str(), "PAD,SNI,UAID");
}

// The same CHLO under T051 is read as TLS (and is no ClientHello): the version decides.
static void test_feed_client_datagram_t051_is_not_read_as_chlo(void **) {
    auto c = fresh();
    const std::vector<uint8_t> m = chlo({{"SNI", "a.example"}});
    assert_int_equal(feed(*c, protect_initial(kGquicT051, kCraftDcid, 0, crypto_frame(0, m))),
                     quicfp::Feed::Progress);
    assert_false(c->done);
}

// Every client datagram of the shared captures, per UDP flow, through the plugin's path: one
// fingerprint per capture, equal to Wireshark 4.0's gquic.tag.uaid / gquic.tag.sni.
static void expect_capture(const char *rel, const char *ua, const char *sni) {
    const std::string path = shared_capture(rel);
    if (path.empty())
        fail_msg("HUNTPACK_SHARED_CAPTURES is not set: the Q050 capture tests need %s", rel);
    std::vector<testing::UdpDatagram> dgrams;
    std::string err;
    if (!testing::read_udp_datagrams(path, dgrams, err))
        fail_msg("cannot read shared capture %s: %s", path.c_str(), err.c_str());
    std::map<uint32_t, std::unique_ptr<quicfp::Connection>> flows; // by client port
    std::vector<quicfp::Fingerprint> got;
    for (const auto &d : dgrams) {
        if (d.dst_port != 443)
            continue;
        auto &c = flows[d.src_port];
        if (!c)
            c = fresh();
        const quicfp::Feed f = feed(*c, d.payload);
        if (f == quicfp::Feed::Complete || f == quicfp::Feed::Overflow)
            got.push_back(quicfp::from_connection(*c, f));
    }
    assert_int_equal(got.size(), 1);
    assert_true(got[0].ok);
    assert_string_equal(got[0].kind.c_str(), "gquic");
    assert_true(got[0].version == kGquicQ050);
    assert_string_equal(got[0].ua.c_str(), ua);
    assert_string_equal(got[0].sni.c_str(), sni);
}

static void test_capture_ndpi_quic_q50(void **) {
    expect_capture("ndpi/quic_q50.pcap", kUaid, kSni);
}

static void test_capture_ndpi_gquic(void **) {
    // tshark -r gquic.pcap -Y gquic.tag.uaid -T fields -e gquic.tag.uaid -e gquic.tag.sni
    expect_capture("ndpi/gquic.pcap", "canary Chrome/85.0.4169.0 Windows NT 10.0; Win64; x64",
                   "www.gstatic.com");
}

int main() {
    if (!crypto_init())
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify_version_q050),
        cmocka_unit_test(test_derive_initial_keys_q050_quic_q50),
        cmocka_unit_test(test_decrypt_packet_q050_quic_q50),
        cmocka_unit_test(test_scan_initial_frames_q050_quic_q50),
        cmocka_unit_test(test_feed_client_datagram_q050_quic_q50),
        cmocka_unit_test(test_feed_client_datagram_q050_truncated_and_tampered),
        cmocka_unit_test(test_feed_client_datagram_q050_hostile_crypto),
        cmocka_unit_test(test_feed_client_datagram_q050_split_out_of_order),
        cmocka_unit_test(test_feed_client_datagram_t051_is_not_read_as_chlo),
        cmocka_unit_test(test_capture_ndpi_quic_q50),
        cmocka_unit_test(test_capture_ndpi_gquic),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
