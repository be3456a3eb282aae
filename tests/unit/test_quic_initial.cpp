// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for quic_initial: RFC 9001 Appendix A (v1) and RFC 9369 Appendix A (v2) vectors, header
// protection, AEAD failure paths, packet number decoding (RFC 9000 Appendix A.3).
// Vector provenance: RFC 9001 A.1-A.3 and RFC 9369 A.1-A.3 text (hex copied byte for byte).
#include "cmocka_cxx.h"
#include "quic_header.h"
#include "quic_initial.h"

#include <cstring>
#include <vector>

using namespace huntpack;
using namespace huntpack::quic;

namespace {

std::vector<uint8_t> hex(const char *s) {
    std::vector<uint8_t> v;
    auto nib = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    for (size_t i = 0; s[i] && s[i + 1]; i += 2)
        v.push_back(static_cast<uint8_t>((nib(s[i]) << 4) | nib(s[i + 1])));
    return v;
}

void assert_bytes(const uint8_t *got, const char *want_hex) {
    const std::vector<uint8_t> want = hex(want_hex);
    assert_memory_equal(got, want.data(), want.size());
}

// RFC 9001 Appendix A: the client's first Destination Connection ID.
const char *const kDcid = "8394c8f03e515708";

// RFC 9001 A.2 (and RFC 9369 A.2): CRYPTO frame with the ClientHello; PADDING follows up to
// 1162 bytes of payload.
static const char kRfcClientCryptoFrame[] =
    "060040f1010000ed0303ebf8fa56f12939b9584a3896472ec40bb863cfd3e868"
    "04fe3a47f06a2b69484c00000413011302010000c000000010000e00000b6578"
    "616d706c652e636f6dff01000100000a00080006001d00170018001000070005"
    "04616c706e000500050100000000003300260024001d00209370b2c9caa47fba"
    "baf4559fedba753de171fa71f50f1ce15d43e994ec74d748002b000302030400"
    "0d0010000e0403050306030203080408050806002d00020101001c0002400100"
    "3900320408ffffffffffffffff05048000ffff07048000ffff08011001048000"
    "75300901100f088394c8f03e51570806048000ffff";

#include "rfc9001_vectors.h" // kRfc9001ClientInitial

// RFC 9369 A.2: the same client Initial protected with QUIC v2.
static const char kRfc9369ClientInitial[] =
    "d76b3343cf088394c8f03e5157080000449ea0c95e82ffe67b6abcdb4298b485"
    "dd04de806071bf03dceebfa162e75d6c96058bdbfb127cdfcbf903388e99ad04"
    "9f9a3dd4425ae4d0992cfff18ecf0fdb5a842d09747052f17ac2053d21f57c5d"
    "250f2c4f0e0202b70785b7946e992e58a59ac52dea6774d4f03b55545243cf1a"
    "12834e3f249a78d395e0d18f4d766004f1a2674802a747eaa901c3f10cda5500"
    "cb9122faa9f1df66c392079a1b40f0de1c6054196a11cbea40afb6ef5253cd68"
    "18f6625efce3b6def6ba7e4b37a40f7732e093daa7d52190935b8da58976ff33"
    "12ae50b187c1433c0f028edcc4c2838b6a9bfc226ca4b4530e7a4ccee1bfa2a3"
    "d396ae5a3fb512384b2fdd851f784a65e03f2c4fbe11a53c7777c023462239dd"
    "6f7521a3f6c7d5dd3ec9b3f233773d4b46d23cc375eb198c63301c21801f6520"
    "bcfb7966fc49b393f0061d974a2706df8c4a9449f11d7f3d2dcbb90c6b877045"
    "636e7c0c0fe4eb0f697545460c806910d2c355f1d253bc9d2452aaa549e27a1f"
    "ac7cf4ed77f322e8fa894b6a83810a34b361901751a6f5eb65a0326e07de7c12"
    "16ccce2d0193f958bb3850a833f7ae432b65bc5a53975c155aa4bcb4f7b2c4e5"
    "4df16efaf6ddea94e2c50b4cd1dfe06017e0e9d02900cffe1935e0491d77ffb4"
    "fdf85290fdd893d577b1131a610ef6a5c32b2ee0293617a37cbb08b847741c3b"
    "8017c25ca9052ca1079d8b78aebd47876d330a30f6a8c6d61dd1ab5589329de7"
    "14d19d61370f8149748c72f132f0fc99f34d766c6938597040d8f9e2bb522ff9"
    "9c63a344d6a2ae8aa8e51b7b90a4a806105fcbca31506c446151adfeceb51b91"
    "abfe43960977c87471cf9ad4074d30e10d6a7f03c63bd5d4317f68ff325ba3bd"
    "80bf4dc8b52a0ba031758022eb025cdd770b44d6d6cf0670f4e990b22347a7db"
    "848265e3e5eb72dfe8299ad7481a408322cac55786e52f633b2fb6b614eaed18"
    "d703dd84045a274ae8bfa73379661388d6991fe39b0d93debb41700b41f90a15"
    "c4d526250235ddcd6776fc77bc97e7a417ebcb31600d01e57f32162a8560cacc"
    "7e27a096d37a1a86952ec71bd89a3e9a30a2a26162984d7740f81193e8238e61"
    "f6b5b984d4d3dfa033c1bb7e4f0037febf406d91c0dccf32acf423cfa1e70710"
    "10d3f270121b493ce85054ef58bada42310138fe081adb04e2bd901f2f13458b"
    "3d6758158197107c14ebb193230cd1157380aa79cae1374a7c1e5bbcb80ee23e"
    "06ebfde206bfb0fcbc0edc4ebec309661bdd908d532eb0c6adc38b7ca7331dce"
    "8dfce39ab71e7c32d318d136b6100671a1ae6a6600e3899f31f0eed19e3417d1"
    "34b90c9058f8632c798d4490da4987307cba922d61c39805d072b589bd52fdf1"
    "e86215c2d54e6670e07383a27bbffb5addf47d66aa85a0c6f9f32e59d85a44dd"
    "5d3b22dc2be80919b490437ae4f36a0ae55edf1d0b5cb4e9a3ecabee93dfc6e3"
    "8d209d0fa6536d27a5d6fbb17641cde27525d61093f1b28072d111b2b4ae5f89"
    "d5974ee12e5cf7d5da4d6a31123041f33e61407e76cffcdcfd7e19ba58cf4b53"
    "6f4c4938ae79324dc402894b44faf8afbab35282ab659d13c93f70412e85cb19"
    "9a37ddec600545473cfb5a05e08d0b209973b2172b4d21fb69745a262ccde96b"
    "a18b2faa745b6fe189cf772a9f84cbfc";

constexpr size_t kRfcPayloadLen = 1162;

// RFC 9001 A.3: server Initial (ACK + CRYPTO/ServerHello), packet number 1.
const char *const kRfc9001ServerInitial =
    "cf000000010008f067a5502a4262b5004075c0d95a482cd0991cd25b0aac406a"
    "5816b6394100f37a1c69797554780bb38cc5a99f5ede4cf73c3ec2493a1839b3"
    "dbcba3f6ea46c5b7684df3548e7ddeb9c3bf9c73cc3f3bded74b562bfb19fb84"
    "022f8ef4cdd93795d77d06edbb7aaf2f58891850abbdca3d20398c276456cbc4"
    "2158407dd074ee";
// RFC 9369 A.3: the same server Initial protected with v2.
const char *const kRfc9369ServerInitial =
    "dc6b3343cf0008f067a5502a4262b5004075d92faaf16f05d8a4398c47089698"
    "baeea26b91eb761d9b89237bbf87263017915358230035f7fd3945d88965cf17"
    "f9af6e16886c61bfc703106fbaf3cb4cfa52382dd16a393e42757507698075b2"
    "c984c707f0a0812d8cd5a6881eaf21ceda98f4bd23f6fe1a3e2c43edd9ce7ca8"
    "4bed8521e2e140";
// RFC 9001 A.3 / RFC 9369 A.3 unprotected server payload.
const char *const kRfcServerPayload =
    "02000000000600405a020000560303eefce7f7b37ba1d1632e96677825ddf739"
    "88cfc79825df566dc5430b9a045a1200130100002e00330024001d00209d3c94"
    "0d89690b84d08a60993c144eca684d1081287c834d5311bcf32bb9da1a002b00"
    "020304";

struct Decrypted {
    DecryptResult res;
    std::vector<uint8_t> plain;
};

Decrypted parse_and_decrypt(const std::vector<uint8_t> &pkt, Sender who) {
    const LongHeaderResult h = parse_long_header(pkt.data(), pkt.size());
    assert_int_equal(h.status, ParseStatus::Ok);
    // RFC 9001 §5.2: both directions derive from the DCID of the client's first Initial; the
    // server's Initial carries the client's SCID (empty in Appendix A.3) instead.
    const std::vector<uint8_t> dcid = hex(kDcid);
    const KeysResult k = derive_initial_keys(h.hdr.version, dcid.data(), dcid.size(), who);
    assert_int_equal(k.status, ParseStatus::Ok);
    Decrypted d;
    d.plain.resize(pkt.size());
    d.res = decrypt_packet(pkt.data(), pkt.size(), h.hdr, k.keys, d.plain.data(), d.plain.size());
    d.plain.resize(d.res.plaintext_len);
    return d;
}

std::vector<uint8_t> rfc_client_payload() {
    std::vector<uint8_t> p = hex(kRfcClientCryptoFrame);
    p.resize(kRfcPayloadLen, 0x00);
    return p;
}

int setup_crypto(void **) { return crypto_init() ? 0 : -1; }

} // namespace

static void test_initial_secret_rfc9001(void **) {
    const std::vector<uint8_t> dcid = hex(kDcid);
    uint8_t prk[kSha256Len];
    assert_int_equal(initial_secret(kVersion1, dcid.data(), dcid.size(), prk).status,
                     ParseStatus::Ok);
    assert_bytes(prk, "7db5df06e7a69e432496adedb00851923595221596ae2ae9fb8115c1e9ed0a44");
    uint8_t client[kSha256Len], server[kSha256Len];
    assert_true(hkdf_expand_label_sha256(prk, "client in", client, kSha256Len));
    assert_true(hkdf_expand_label_sha256(prk, "server in", server, kSha256Len));
    assert_bytes(client, "c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea");
    assert_bytes(server, "3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b");
}

static void test_derive_initial_keys_rfc9001_client(void **) {
    const std::vector<uint8_t> dcid = hex(kDcid);
    const KeysResult k = derive_initial_keys(kVersion1, dcid.data(), dcid.size(), Sender::Client);
    assert_int_equal(k.status, ParseStatus::Ok);
    assert_bytes(k.keys.key, "1f369613dd76d5467730efcbe3b1a22d");
    assert_bytes(k.keys.iv, "fa044b2f42a3fd3b46fb255c");
    assert_bytes(k.keys.hp, "9f50449e04a0e810283a1e9933adedd2");
}

static void test_derive_initial_keys_rfc9001_server(void **) {
    const std::vector<uint8_t> dcid = hex(kDcid);
    const KeysResult k = derive_initial_keys(kVersion1, dcid.data(), dcid.size(), Sender::Server);
    assert_int_equal(k.status, ParseStatus::Ok);
    assert_bytes(k.keys.key, "cf3a5331653c364c88f0f379b6067e37");
    assert_bytes(k.keys.iv, "0ac1493ca1905853b0bba03e");
    assert_bytes(k.keys.hp, "c206b8d9b9f0f37644430b490eeaa314");
}

static void test_derive_initial_keys_rfc9369_v2(void **) {
    const std::vector<uint8_t> dcid = hex(kDcid);
    uint8_t prk[kSha256Len], client[kSha256Len], server[kSha256Len];
    assert_int_equal(initial_secret(kVersion2, dcid.data(), dcid.size(), prk).status,
                     ParseStatus::Ok);
    assert_true(hkdf_expand_label_sha256(prk, "client in", client, kSha256Len));
    assert_true(hkdf_expand_label_sha256(prk, "server in", server, kSha256Len));
    assert_bytes(client, "14ec9d6eb9fd7af83bf5a668bc17a7e283766aade7ecd0891f70f9ff7f4bf47b");
    assert_bytes(server, "0263db1782731bf4588e7e4d93b7463907cb8cd8200b5da55a8bd488eafc37c1");
    const KeysResult c = derive_initial_keys(kVersion2, dcid.data(), dcid.size(), Sender::Client);
    assert_bytes(c.keys.key, "8b1a0bc121284290a29e0971b5cd045d");
    assert_bytes(c.keys.iv, "91f73e2351d8fa91660e909f");
    assert_bytes(c.keys.hp, "45b95e15235d6f45a6b19cbcb0294ba9");
    const KeysResult s = derive_initial_keys(kVersion2, dcid.data(), dcid.size(), Sender::Server);
    assert_bytes(s.keys.key, "82db637861d55e1d011f19ea71d5d2a7");
    assert_bytes(s.keys.iv, "dd13c276499c0249d3310652");
    assert_bytes(s.keys.hp, "edf6d05c83121201b436e16877593c3a");
}

static void test_derive_initial_keys_rejects(void **) {
    const uint8_t cid[kMaxCidLen + 1] = {};
    assert_int_equal(derive_initial_keys(0x51303436 /* Q046 */, cid, 8, Sender::Client).status,
                     ParseStatus::Unsupported);
    assert_int_equal(derive_initial_keys(0xff000016 /* draft-22 */, cid, 8, Sender::Client).status,
                     ParseStatus::Unsupported);
    assert_int_equal(derive_initial_keys(kVersion1, cid, sizeof cid, Sender::Client).status,
                     ParseStatus::Malformed);
    assert_int_equal(derive_initial_keys(kVersion1, nullptr, 8, Sender::Client).status,
                     ParseStatus::Malformed);
    // A zero-length DCID is legal for the server's choice and must still derive.
    assert_int_equal(derive_initial_keys(kVersion1, nullptr, 0, Sender::Client).status,
                     ParseStatus::Ok);
}

static void test_decrypt_packet_rfc9001_client_initial(void **) {
    const Decrypted d = parse_and_decrypt(hex(kRfc9001ClientInitial), Sender::Client);
    assert_int_equal(d.res.status, ParseStatus::Ok);
    assert_int_equal(d.res.first_byte, 0xc3); // A.2 unprotected header c300000001...
    assert_int_equal(d.res.pn_len, 4);
    assert_int_equal(d.res.packet_number, 2);
    assert_false(d.res.reserved_bits_set);
    assert_int_equal(d.res.payload_offset, 22); // header c300...449e00000002 is 22 bytes
    const std::vector<uint8_t> want = rfc_client_payload();
    assert_int_equal(d.plain.size(), want.size());
    assert_memory_equal(d.plain.data(), want.data(), want.size());
}

static void test_decrypt_packet_rfc9001_server_initial(void **) {
    const Decrypted d = parse_and_decrypt(hex(kRfc9001ServerInitial), Sender::Server);
    assert_int_equal(d.res.status, ParseStatus::Ok);
    assert_int_equal(d.res.first_byte, 0xc1);
    assert_int_equal(d.res.packet_number, 1);
    const std::vector<uint8_t> want = hex(kRfcServerPayload);
    assert_int_equal(d.plain.size(), want.size());
    assert_memory_equal(d.plain.data(), want.data(), want.size());
}

static void test_decrypt_packet_rfc9369_client_initial(void **) {
    const Decrypted d = parse_and_decrypt(hex(kRfc9369ClientInitial), Sender::Client);
    assert_int_equal(d.res.status, ParseStatus::Ok);
    assert_int_equal(d.res.first_byte, 0xd3); // RFC 9369 A.2: d36b3343cf...
    assert_int_equal(d.res.packet_number, 2);
    const std::vector<uint8_t> want = rfc_client_payload();
    assert_int_equal(d.plain.size(), want.size());
    assert_memory_equal(d.plain.data(), want.data(), want.size());
}

static void test_decrypt_packet_rfc9369_server_initial(void **) {
    const Decrypted d = parse_and_decrypt(hex(kRfc9369ServerInitial), Sender::Server);
    assert_int_equal(d.res.status, ParseStatus::Ok);
    assert_int_equal(d.res.first_byte, 0xd1);
    assert_int_equal(d.res.packet_number, 1);
    const std::vector<uint8_t> want = hex(kRfcServerPayload);
    assert_memory_equal(d.plain.data(), want.data(), want.size());
}

static void test_decrypt_packet_wrong_keys_or_tampered(void **) {
    std::vector<uint8_t> pkt = hex(kRfc9001ClientInitial);
    // Server keys cannot open a client packet.
    assert_int_equal(parse_and_decrypt(pkt, Sender::Server).res.status, ParseStatus::Malformed);
    // One flipped ciphertext bit fails the tag.
    pkt[600] ^= 0x01;
    const Decrypted d = parse_and_decrypt(pkt, Sender::Client);
    assert_int_equal(d.res.status, ParseStatus::Malformed);
    assert_true(std::strstr(d.res.error, "AEAD") != nullptr);
    // A flipped bit in the unprotected header is caught by the AAD: a DCID byte (the keys
    // still come from kDcid in parse_and_decrypt).
    std::vector<uint8_t> pkt2 = hex(kRfc9001ClientInitial);
    pkt2[1 + 4 + 1 + 3] ^= 0x40;
    assert_int_equal(parse_and_decrypt(pkt2, Sender::Client).res.status, ParseStatus::Malformed);
}

static void test_decrypt_packet_too_short_to_sample(void **) {
    const std::vector<uint8_t> pkt = hex(kRfc9001ClientInitial);
    LongHeaderResult h = parse_long_header(pkt.data(), pkt.size());
    const KeysResult k = derive_initial_keys(kVersion1, h.hdr.dcid, h.hdr.dcid_len, Sender::Client);
    uint8_t out[1200];
    // Pretend the Length field said 19: pn_offset + 4 + 16 would lie past the packet.
    LongHeader shortened = h.hdr;
    shortened.length = kHpSampleOffset + kHpSampleLen - 1;
    shortened.packet_len = shortened.pn_offset + static_cast<size_t>(shortened.length);
    DecryptResult r = decrypt_packet(pkt.data(), pkt.size(), shortened, k.keys, out, sizeof out);
    assert_int_equal(r.status, ParseStatus::Malformed);
    // The header claims more bytes than the caller passed.
    r = decrypt_packet(pkt.data(), 100, h.hdr, k.keys, out, sizeof out);
    assert_int_equal(r.status, ParseStatus::Truncated);
    // Output buffer one byte too small.
    r = decrypt_packet(pkt.data(), pkt.size(), h.hdr, k.keys, out, kRfcPayloadLen - 1);
    assert_int_equal(r.status, ParseStatus::Unsupported);
    assert_int_equal(decrypt_packet(nullptr, 0, h.hdr, k.keys, out, sizeof out).status,
                     ParseStatus::Truncated);
}

static void test_decode_packet_number_rfc9000(void **) {
    // RFC 9000 Appendix A.3 example.
    assert_true(decode_packet_number(0xa82f30ea, 0x9b32, 2) == 0xa82f9b32);
    // No packet seen yet: the truncated value is the packet number.
    assert_int_equal(decode_packet_number(kNoPacketNumber, 2, 4), 2);
    // Wrap forward: expected 256 (largest 255), truncated 0x00 in one byte -> 256.
    assert_int_equal(decode_packet_number(255, 0x00, 1), 256);
    // Wrap backward: expected 0x100 + 1, truncated 0xff -> 0xff.
    assert_int_equal(decode_packet_number(0x100, 0xff, 1), 0xff);
}

static void test_hkdf_expand_label_bounds(void **) {
    uint8_t secret[kSha256Len] = {};
    uint8_t out[64];
    assert_false(hkdf_expand_label_sha256(secret, "quic key", out, 0));
    // Longer than one hash block works (two HMAC rounds).
    assert_true(hkdf_expand_label_sha256(secret, "quic key", out, sizeof out));
    uint8_t first16[16];
    assert_true(hkdf_expand_label_sha256(secret, "quic key", first16, sizeof first16));
    // Different L changes HkdfLabel.length, so outputs differ (RFC 8446 7.1).
    assert_memory_not_equal(out, first16, sizeof first16);
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_initial_secret_rfc9001),
        cmocka_unit_test(test_derive_initial_keys_rfc9001_client),
        cmocka_unit_test(test_derive_initial_keys_rfc9001_server),
        cmocka_unit_test(test_derive_initial_keys_rfc9369_v2),
        cmocka_unit_test(test_derive_initial_keys_rejects),
        cmocka_unit_test(test_decrypt_packet_rfc9001_client_initial),
        cmocka_unit_test(test_decrypt_packet_rfc9001_server_initial),
        cmocka_unit_test(test_decrypt_packet_rfc9369_client_initial),
        cmocka_unit_test(test_decrypt_packet_rfc9369_server_initial),
        cmocka_unit_test(test_decrypt_packet_wrong_keys_or_tampered),
        cmocka_unit_test(test_decrypt_packet_too_short_to_sample),
        cmocka_unit_test(test_decode_packet_number_rfc9000),
        cmocka_unit_test(test_hkdf_expand_label_bounds),
    };
    return cmocka_run_group_tests(tests, setup_crypto, nullptr);
}
