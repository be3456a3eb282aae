// SPDX-License-Identifier: GPL-2.0-or-later
// The QUIC Initial decrypt path: quicfp::feed_client_datagram (header walk, key derivation,
// header-protection removal, AEAD open, frame scan, CRYPTO reassembly), then
// quicfp::from_client_hello on a completed message, as the dissector does.
//
// Random bytes never pass the AEAD tag, so the harness re-encrypts: input byte 0 picks
//   even: raw mode: the rest is split into datagrams ([u16 len][bytes]) fed as they are;
//   odd:  encrypt mode: the rest is a list of packets
//         [u8 flags][u32 pn][u16 len][plaintext], each protected with the client Initial keys
// (all integers big-endian, read front to back so seeds are easy to write by hand),
//         for the RFC 9001 Appendix A.2 DCID (or a fuzzed DCID) and the version in flags, then
//         fed (flags bit 7: coalesce with the next packet into one datagram).
// So the fuzzer drives frames, CRYPTO offsets and ClientHello bytes behind a valid tag.
#include "fuzz_common.h"
#include "quic_initial.h"
#include "quicfp.h"
#include <cstring>
#include <gcrypt.h>
#include <map>
using namespace huntpack;

namespace {

const uint8_t kRfcDcid[8] = {0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08};
const uint32_t kVersions[4] = {quic::kVersion1, quic::kVersion2, 0xff00001d /* draft-29 */,
                               quic::kGquicT051};

void put_varint2(std::vector<uint8_t> &o, size_t v) { // 2-byte varint, v < 16384
    o.push_back(static_cast<uint8_t>(0x40 | (v >> 8)));
    o.push_back(static_cast<uint8_t>(v));
}

// The encrypting side's client Initial keys, derived once per (version, DCID): the harness's
// own HKDF work otherwise doubled the cost of every input. The decrypting side (the code under
// test) derives its own, once per connection for the original DCID (quicfp::Connection).
const quic::KeysResult &client_keys(uint32_t version, const uint8_t *dcid, size_t dcid_len) {
    // At most 4 versions x (the RFC DCID + 3 lengths x 256 pn-derived DCIDs): bounded.
    static std::map<std::pair<uint32_t, std::vector<uint8_t>>, quic::KeysResult> cache;
    auto key = std::make_pair(version, std::vector<uint8_t>(dcid, dcid + dcid_len));
    auto it = cache.find(key);
    if (it == cache.end())
        it = cache.emplace(std::move(key), quic::derive_initial_keys(version, dcid, dcid_len,
                                                                     quic::Sender::Client))
                 .first;
    return it->second;
}

// Builds one protected Initial; returns false when gcrypt fails (never expected).
bool build_initial(uint32_t version, const uint8_t *dcid, size_t dcid_len, uint32_t pn,
                   size_t pn_len, std::vector<uint8_t> plain, std::vector<uint8_t> &out) {
    const quic::KeysResult &k = client_keys(version, dcid, dcid_len);
    if (k.status != ParseStatus::Ok)
        return false;
    if (plain.size() + pn_len < 4) // room for the header-protection sample
        plain.resize(4 - pn_len, 0);
    const quic::VersionInfo vi = quic::classify_version(version);
    const uint8_t type_bits = vi.v2_packet_types ? 0x10 : 0x00; // Initial: 0b00, v2: 0b01
    std::vector<uint8_t> pkt;
    pkt.push_back(static_cast<uint8_t>(0xc0 | type_bits | (pn_len - 1)));
    for (int s = 24; s >= 0; s -= 8)
        pkt.push_back(static_cast<uint8_t>(version >> s));
    pkt.push_back(static_cast<uint8_t>(dcid_len));
    pkt.insert(pkt.end(), dcid, dcid + dcid_len);
    pkt.push_back(0); // SCID length
    pkt.push_back(0); // token length
    put_varint2(pkt, pn_len + plain.size() + quic::kAeadTagLen);
    const size_t pn_offset = pkt.size();
    for (size_t i = 0; i < pn_len; ++i)
        pkt.push_back(static_cast<uint8_t>(pn >> (8 * (pn_len - 1 - i))));
    const size_t hdr_len = pkt.size();
    // AEAD_AES_128_GCM, nonce = iv XOR pn (RFC 9001 §5.3).
    uint8_t nonce[quic::kAeadIvLen];
    std::memcpy(nonce, k.keys.iv, sizeof nonce);
    for (size_t i = 0; i < 8; ++i)
        nonce[quic::kAeadIvLen - 1 - i] ^= static_cast<uint8_t>(uint64_t{pn} >> (8 * i));
    gcry_cipher_hd_t h;
    if (gcry_cipher_open(&h, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_GCM, 0))
        return false;
    bool ok = !gcry_cipher_setkey(h, k.keys.key, quic::kAeadKeyLen) &&
              !gcry_cipher_setiv(h, nonce, sizeof nonce) &&
              !gcry_cipher_authenticate(h, pkt.data(), hdr_len);
    pkt.resize(hdr_len + plain.size() + quic::kAeadTagLen);
    ok = ok && !gcry_cipher_encrypt(h, pkt.data() + hdr_len, plain.size(), plain.data(),
                                    plain.size()) &&
         !gcry_cipher_gettag(h, pkt.data() + hdr_len + plain.size(), quic::kAeadTagLen);
    gcry_cipher_close(h);
    if (!ok)
        return false;
    // Header protection (RFC 9001 §5.4): AES-ECB over the sample at pn_offset + 4.
    uint8_t mask[16];
    if (gcry_cipher_open(&h, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB, 0))
        return false;
    ok = !gcry_cipher_setkey(h, k.keys.hp, quic::kHpKeyLen) &&
         !gcry_cipher_encrypt(h, mask, 16, pkt.data() + pn_offset + 4, 16);
    gcry_cipher_close(h);
    if (!ok)
        return false;
    pkt[0] ^= mask[0] & 0x0f;
    for (size_t i = 0; i < pn_len; ++i)
        pkt[pn_offset + i] ^= mask[1 + i];
    out.insert(out.end(), pkt.begin(), pkt.end());
    return true;
}

// Front-to-back reader; reads past the end give zeros / short vectors.
struct Reader {
    const uint8_t *p;
    size_t n;
    size_t left() const { return n; }
    uint64_t be(size_t k) {
        uint64_t v = 0;
        for (size_t i = 0; i < k; ++i) {
            v = (v << 8) | (n ? *p : 0);
            if (n) { ++p; --n; }
        }
        return v;
    }
    std::vector<uint8_t> bytes(size_t k) {
        k = k < n ? k : n;
        std::vector<uint8_t> v(p, p + k);
        p += k;
        n -= k;
        return v;
    }
};

void feed(quicfp::Connection &c, const std::vector<uint8_t> &dg) {
    uint32_t version = 0;
    const quicfp::Feed f = quicfp::feed_client_datagram(c, dg.data(), dg.size(), &version);
    HP_CHECK(c.crypto.contiguous_len() <= quic::kMaxCryptoBytes);
    if (f == quicfp::Feed::Complete) {
        HP_CHECK(c.crypto.complete());
        const quicfp::Fingerprint fp = quicfp::from_client_hello(
            c.crypto.message(), c.crypto.message_len(), true, version);
        hp_use(fp);
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    if (!quic::crypto_init()) {
        std::fprintf(stderr, "libgcrypt initialisation failed\n");
        std::abort();
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1)
        return 0;
    // One connection reset in place per input, not a fresh 18 KiB heap object: under ASan
    // every fresh allocation lands on quarantine-cold pages (page faults were half the time).
    static quicfp::Connection connection;
    connection = quicfp::Connection{};
    quicfp::Connection *conn = &connection;
    Reader rd{data + 1, size - 1};
    int n = 0;
    if (!(data[0] & 1)) {
        while (rd.left() > 0 && n++ < 16)
            feed(*conn, rd.bytes(rd.be(2) % 1501));
        return 0;
    }
    std::vector<uint8_t> dg;
    while (rd.left() > 0 && n++ < 16) {
        const uint8_t flags = static_cast<uint8_t>(rd.be(1));
        const uint32_t pn = static_cast<uint32_t>(rd.be(4));
        std::vector<uint8_t> plain = rd.bytes(rd.be(2) % 1401);
        const uint32_t version = kVersions[flags & 3];
        const size_t pn_len = 1 + ((flags >> 2) & 3);
        uint8_t dcid[quic::kMaxCidLen];
        size_t dcid_len = sizeof kRfcDcid;
        std::memcpy(dcid, kRfcDcid, sizeof kRfcDcid);
        if (flags & 0x10) { // another DCID: tests the original-DCID fallback
            dcid_len = (flags >> 5) & 3 ? 4 * ((flags >> 5) & 3) : 0;
            for (size_t i = 0; i < dcid_len; ++i)
                dcid[i] = static_cast<uint8_t>(pn + i);
        }
        if (!build_initial(version, dcid, dcid_len, pn, pn_len, std::move(plain), dg))
            continue;
        if (!(flags & 0x80) || rd.left() == 0) {
            feed(*conn, dg);
            dg.clear();
        }
    }
    if (!dg.empty())
        feed(*conn, dg);
    return 0;
}
