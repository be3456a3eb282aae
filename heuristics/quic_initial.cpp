// SPDX-License-Identifier: GPL-2.0-or-later
// QUIC Initial packet protection with libgcrypt (see quic_initial.h for specs and limits).
#include "quic_initial.h"

#include <gcrypt.h>

#include <cstring>

namespace huntpack::quic {
namespace {

// HMAC over gcry_md_hash_buffers needs the 1.6 API; 1.8 is the oldest Wireshark 4.0 accepts.
constexpr const char *kMinGcryptVersion = "1.8.0";
// RFC 8446 §7.1: labels are prefixed with "tls13 "; HkdfLabel.label is opaque<7..255>.
constexpr char kTls13Prefix[] = "tls13 ";
constexpr size_t kTls13PrefixLen = sizeof(kTls13Prefix) - 1;
constexpr size_t kMaxLabelLen = 255;
// RFC 5869 §2.3: L <= 255 * HashLen.
constexpr size_t kMaxExpandLen = 255 * kSha256Len;
// RFC 9000 §17.1 / Appendix A.3: packet numbers are below 2^62.
constexpr uint64_t kMaxPacketNumber = (uint64_t{1} << 62) - 1;
// RFC 9001 §5.2 and RFC 9369 §3.3.2.
constexpr const char *kClientIn = "client in";
constexpr const char *kServerIn = "server in";

// Owns a gcry cipher handle for the duration of one call.
class Cipher {
public:
    Cipher(int algo, int mode) {
        if (gcry_cipher_open(&h_, algo, mode, 0) != 0)
            h_ = nullptr;
    }
    ~Cipher() {
        if (h_)
            gcry_cipher_close(h_);
    }
    Cipher(const Cipher &) = delete;
    Cipher &operator=(const Cipher &) = delete;
    gcry_cipher_hd_t get() const { return h_; }
    explicit operator bool() const { return h_ != nullptr; }

private:
    gcry_cipher_hd_t h_ = nullptr;
};

gcry_buffer_t iov(const void *p, size_t n) {
    gcry_buffer_t b{};
    b.size = n;
    b.len = n;
    b.data = const_cast<void *>(p);
    return b;
}

bool hmac_sha256(const gcry_buffer_t *key_and_data, int count, uint8_t out[kSha256Len]) {
    return gcry_md_hash_buffers(GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC, out, key_and_data, count) ==
           0;
}

KeysResult keys_error(ParseStatus s, const char *why) {
    KeysResult r;
    r.status = s;
    r.error = why;
    return r;
}

DecryptResult decrypt_error(DecryptResult r, ParseStatus s, const char *why) {
    r.status = s;
    r.error = why;
    return r;
}

// RFC 9001 §5.4.3: mask = AES-ECB(hp_key, sample).
bool hp_mask(const uint8_t hp[kHpKeyLen], const uint8_t *sample, uint8_t mask[kHpSampleLen]) {
    Cipher ecb(GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB);
    return ecb && gcry_cipher_setkey(ecb.get(), hp, kHpKeyLen) == 0 &&
           gcry_cipher_encrypt(ecb.get(), mask, kHpSampleLen, sample, kHpSampleLen) == 0;
}

// RFC 9001 §5.3: nonce = iv XOR packet number (left-padded to the IV length).
void make_nonce(const uint8_t iv[kAeadIvLen], uint64_t pn, uint8_t nonce[kAeadIvLen]) {
    std::memcpy(nonce, iv, kAeadIvLen);
    for (size_t i = 0; i < 8; ++i)
        nonce[kAeadIvLen - 1 - i] ^= static_cast<uint8_t>(pn >> (8 * i));
}

// AES-128-GCM open. The AAD is the unprotected header: its first byte and packet number differ
// from the wire bytes, so it is fed in three pieces instead of being copied.
bool aead_open(const InitialKeys &keys, uint64_t pn, const uint8_t *packet, size_t pn_offset,
               uint8_t first_byte, const uint8_t *pn_bytes, size_t pn_len, const uint8_t *ct,
               size_t ct_len, uint8_t *out) {
    uint8_t nonce[kAeadIvLen];
    make_nonce(keys.iv, pn, nonce);
    Cipher gcm(GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_GCM);
    gcry_cipher_hd_t h = gcm.get();
    return gcm && gcry_cipher_setkey(h, keys.key, kAeadKeyLen) == 0 &&
           gcry_cipher_setiv(h, nonce, kAeadIvLen) == 0 &&
           gcry_cipher_authenticate(h, &first_byte, 1) == 0 &&
           gcry_cipher_authenticate(h, packet + 1, pn_offset - 1) == 0 &&
           gcry_cipher_authenticate(h, pn_bytes, pn_len) == 0 &&
           gcry_cipher_decrypt(h, out, ct_len, ct, ct_len) == 0 &&
           gcry_cipher_checktag(h, ct + ct_len, kAeadTagLen) == 0;
}

} // namespace

bool crypto_init() {
    if (!gcry_check_version(kMinGcryptVersion))
        return false;
    // Wireshark finishes initialisation itself; stand-alone users (tests, fuzzers) need this.
    if (!gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P)) {
        gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
        gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
    }
    return true;
}

bool hkdf_extract_sha256(const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                         size_t ikm_len, uint8_t out[kSha256Len]) {
    // RFC 5869 §2.2: PRK = HMAC-Hash(salt, IKM); the first buffer is the HMAC key.
    const gcry_buffer_t bufs[2] = {iov(salt, salt_len), iov(ikm, ikm_len)};
    return hmac_sha256(bufs, 2, out);
}

bool hkdf_expand_label_sha256(const uint8_t secret[kSha256Len], const char *label, uint8_t *out,
                              size_t out_len) {
    const size_t label_len = std::strlen(label);
    if (out_len == 0 || out_len > kMaxExpandLen || label_len > kMaxLabelLen - kTls13PrefixLen)
        return false;
    // RFC 8446 §7.1 HkdfLabel: uint16 length, opaque label<7..255>, opaque context<0..255>.
    uint8_t info[2 + 1 + kMaxLabelLen + 1];
    size_t n = 0;
    info[n++] = static_cast<uint8_t>(out_len >> 8);
    info[n++] = static_cast<uint8_t>(out_len);
    info[n++] = static_cast<uint8_t>(kTls13PrefixLen + label_len);
    std::memcpy(info + n, kTls13Prefix, kTls13PrefixLen);
    n += kTls13PrefixLen;
    std::memcpy(info + n, label, label_len);
    n += label_len;
    info[n++] = 0; // empty context
    // RFC 5869 §2.3: T(i) = HMAC(PRK, T(i-1) | info | i).
    uint8_t t[kSha256Len];
    size_t t_len = 0;
    for (uint8_t i = 1; out_len > 0; ++i) {
        const gcry_buffer_t bufs[4] = {iov(secret, kSha256Len), iov(t, t_len), iov(info, n),
                                       iov(&i, 1)};
        if (!hmac_sha256(bufs, 4, t))
            return false;
        t_len = kSha256Len;
        const size_t take = out_len < kSha256Len ? out_len : kSha256Len;
        std::memcpy(out, t, take);
        out += take;
        out_len -= take;
    }
    return true;
}

KeysResult initial_secret(uint32_t version, const uint8_t *dcid, size_t dcid_len,
                          uint8_t out[kSha256Len]) {
    const VersionInfo info = classify_version(version);
    if (!info.initial_salt)
        return keys_error(ParseStatus::Unsupported, "no Initial salt known for this version");
    if (dcid_len > kMaxCidLen || (dcid_len && !dcid))
        return keys_error(ParseStatus::Malformed, "bad connection ID");
    if (!hkdf_extract_sha256(info.initial_salt, kInitialSaltLen, dcid, dcid_len, out))
        return keys_error(ParseStatus::Unsupported, "HKDF-Extract failed in libgcrypt");
    KeysResult r;
    r.status = ParseStatus::Ok;
    return r;
}

bool keys_from_secret(const uint8_t secret[kSha256Len], bool v2_labels, InitialKeys &keys) {
    // RFC 9001 §5.1; RFC 9369 §3.3.2 renames the labels for v2.
    return hkdf_expand_label_sha256(secret, v2_labels ? "quicv2 key" : "quic key", keys.key,
                                    kAeadKeyLen) &&
           hkdf_expand_label_sha256(secret, v2_labels ? "quicv2 iv" : "quic iv", keys.iv,
                                    kAeadIvLen) &&
           hkdf_expand_label_sha256(secret, v2_labels ? "quicv2 hp" : "quic hp", keys.hp,
                                    kHpKeyLen);
}

KeysResult derive_initial_keys(uint32_t version, const uint8_t *dcid, size_t dcid_len,
                               Sender who) {
    uint8_t prk[kSha256Len];
    KeysResult r = initial_secret(version, dcid, dcid_len, prk);
    if (r.status != ParseStatus::Ok)
        return r;
    uint8_t secret[kSha256Len];
    const char *label = who == Sender::Client ? kClientIn : kServerIn;
    if (!hkdf_expand_label_sha256(prk, label, secret, kSha256Len) ||
        !keys_from_secret(secret, classify_version(version).v2_labels, r.keys))
        return keys_error(ParseStatus::Unsupported, "HKDF-Expand-Label failed in libgcrypt");
    return r;
}

uint64_t decode_packet_number(uint64_t largest_pn, uint64_t truncated_pn, size_t pn_len) {
    if (pn_len == 0 || pn_len > kMaxPnLen)
        return truncated_pn;
    const uint64_t expected = largest_pn == kNoPacketNumber ? 0 : largest_pn + 1;
    const uint64_t win = uint64_t{1} << (8 * pn_len);
    const uint64_t hwin = win / 2;
    const uint64_t candidate = (expected & ~(win - 1)) | truncated_pn;
    // RFC 9000 Appendix A.3, rearranged so no unsigned subtraction wraps.
    if (candidate + hwin <= expected && candidate < kMaxPacketNumber + 1 - win)
        return candidate + win;
    if (candidate > expected + hwin && candidate >= win)
        return candidate - win;
    return candidate;
}

DecryptResult decrypt_packet(const uint8_t *packet, size_t packet_len, const LongHeader &hdr,
                             const InitialKeys &keys, uint8_t *out, size_t out_cap,
                             uint64_t largest_pn) {
    DecryptResult r;
    if (hdr.type == PacketType::Retry)
        return decrypt_error(r, ParseStatus::Unsupported, "Retry packets are not encrypted");
    if (!packet || hdr.packet_len > packet_len || hdr.pn_offset == 0 ||
        hdr.pn_offset > hdr.packet_len)
        return decrypt_error(r, ParseStatus::Truncated, "packet shorter than its header says");
    const size_t body = hdr.packet_len - hdr.pn_offset; // packet number + payload + tag
    if (body < kHpSampleOffset + kHpSampleLen)
        return decrypt_error(r, ParseStatus::Malformed, "packet too short for the HP sample");
    uint8_t mask[kHpSampleLen];
    if (!hp_mask(keys.hp, packet + hdr.pn_offset + kHpSampleOffset, mask))
        return decrypt_error(r, ParseStatus::Unsupported, "AES-ECB failed in libgcrypt");
    r.first_byte = static_cast<uint8_t>(packet[0] ^ (mask[0] & kLongHeaderProtectedBits));
    r.pn_len = static_cast<uint8_t>((r.first_byte & kPnLenMask) + 1);
    r.reserved_bits_set = (r.first_byte & kLongReservedBits) != 0;
    uint8_t pn_bytes[kMaxPnLen];
    uint64_t truncated_pn = 0;
    for (size_t i = 0; i < r.pn_len; ++i) {
        pn_bytes[i] = static_cast<uint8_t>(packet[hdr.pn_offset + i] ^ mask[1 + i]);
        truncated_pn = (truncated_pn << 8) | pn_bytes[i];
    }
    r.packet_number = decode_packet_number(largest_pn, truncated_pn, r.pn_len);
    r.payload_offset = hdr.pn_offset + r.pn_len;
    if (body < r.pn_len + kAeadTagLen) // cannot happen after the sample check; kept explicit
        return decrypt_error(r, ParseStatus::Malformed, "no room for the AEAD tag");
    const size_t ct_len = body - r.pn_len - kAeadTagLen;
    if (!out || out_cap < ct_len)
        return decrypt_error(r, ParseStatus::Unsupported, "output buffer too small");
    if (!aead_open(keys, r.packet_number, packet, hdr.pn_offset, r.first_byte, pn_bytes,
                   r.pn_len, packet + r.payload_offset, ct_len, out))
        return decrypt_error(r, ParseStatus::Malformed,
                             "AEAD authentication failed (wrong keys or corrupted packet)");
    r.plaintext_len = ct_len;
    r.status = ParseStatus::Ok;
    return r;
}

} // namespace huntpack::quic
