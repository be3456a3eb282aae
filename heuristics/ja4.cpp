// SPDX-License-Identifier: GPL-2.0-or-later
// JA4 TLS client fingerprint. See ja4.h for the spec reference and limitations.
#include "ja4.h"

#include <gcrypt.h>

#include <algorithm>
#include <vector>

namespace huntpack::tls {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr size_t kSha256Len = 32;
constexpr char kEmptyHash[] = "000000000000";

std::vector<uint16_t> without_grease(const std::vector<uint16_t> &in) {
    std::vector<uint16_t> out;
    out.reserve(in.size());
    for (uint16_t v : in)
        if (!is_grease(v))
            out.push_back(v);
    return out;
}

std::vector<uint16_t> extension_types(const ClientHello &ch) {
    std::vector<uint16_t> types;
    types.reserve(ch.extensions.size());
    for (const ExtensionRef &e : ch.extensions)
        types.push_back(e.type);
    return without_grease(types);
}

// "1301,1302,c02b": 4 lowercase hex digits each, comma separated.
std::string hex_list(const std::vector<uint16_t> &values) {
    std::string s;
    s.reserve(values.size() * 5);
    for (uint16_t v : values) {
        if (!s.empty())
            s += ',';
        for (int shift = 12; shift >= 0; shift -= 4)
            s += kHexDigits[(v >> shift) & 0xf];
    }
    return s;
}

std::string two_digits(size_t n) {
    n = std::min(n, kJa4MaxCount);
    return {static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
}

bool is_alnum(uint8_t c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// Extensions part: the list, then "_" and signature algorithms when there are any.
std::string extension_text(const std::vector<uint16_t> &exts, const std::vector<uint16_t> &sigs) {
    std::string s = hex_list(exts);
    if (!sigs.empty())
        s += "_" + hex_list(sigs);
    return s;
}

struct Parts {
    std::string a;
    std::string ciphers;      // raw list text
    std::string extensions;   // raw list text, with "_sigalgs" when present
    bool ciphers_empty;
    bool extensions_empty;    // the extension list itself (sigalgs alone do not count)
};

std::string join_raw(const Parts &p) { return p.a + "_" + p.ciphers + "_" + p.extensions; }

std::string join_hashed(const Parts &p) {
    return p.a + "_" + (p.ciphers_empty ? kEmptyHash : ja4_hash12(p.ciphers)) + "_" +
           (p.extensions_empty ? kEmptyHash : ja4_hash12(p.extensions));
}

} // namespace

const char *ja4_version_code(uint16_t version) {
    switch (version) {
    case 0x0304: return "13";
    case 0x0303: return "12";
    case 0x0302: return "11";
    case 0x0301: return "10";
    case 0x0300: return "s3";
    case 0x0002: return "s2";
    case 0xfeff: return "d1";
    case 0xfefd: return "d2";
    case 0xfefc: return "d3";
    default: return "00";
    }
}

std::string ja4_alpn_code(const std::string &alpn) {
    if (alpn.empty())
        return "00";
    const auto first = static_cast<uint8_t>(alpn.front());
    const auto last = static_cast<uint8_t>(alpn.back());
    if (is_alnum(first) && is_alnum(last))
        return {static_cast<char>(first), static_cast<char>(last)};
    // Hex rule: first hex digit of the first byte, last hex digit of the last byte.
    return {kHexDigits[first >> 4], kHexDigits[last & 0xf]};
}

std::string ja4_hash12(const std::string &text) {
    if (text.empty())
        return kEmptyHash;
    unsigned char digest[kSha256Len];
    gcry_md_hash_buffer(GCRY_MD_SHA256, digest, text.data(), text.size());
    std::string out;
    for (size_t i = 0; out.size() < kJa4HashChars; ++i) {
        out += kHexDigits[digest[i] >> 4];
        out += kHexDigits[digest[i] & 0xf];
    }
    return out;
}

std::string ja4_a(const ClientHello &ch, Ja4Transport transport) {
    std::string a(1, static_cast<char>(transport));
    a += ja4_version_code(ch.max_version());
    a += ch.has_sni_extension ? 'd' : 'i';
    a += two_digits(without_grease(ch.cipher_suites).size());
    a += two_digits(extension_types(ch).size());
    a += ja4_alpn_code(ch.alpn.empty() ? std::string() : ch.alpn.front());
    return a;
}

Ja4 compute_ja4(const ClientHello &ch, Ja4Transport transport) {
    const std::vector<uint16_t> ciphers = without_grease(ch.cipher_suites);
    const std::vector<uint16_t> exts = extension_types(ch);
    const std::vector<uint16_t> sigs = without_grease(ch.signature_algorithms);

    std::vector<uint16_t> sorted_ciphers = ciphers;
    std::sort(sorted_ciphers.begin(), sorted_ciphers.end());
    std::vector<uint16_t> sorted_exts;
    for (uint16_t e : exts)
        if (e != kExtServerName && e != kExtAlpn)
            sorted_exts.push_back(e);
    std::sort(sorted_exts.begin(), sorted_exts.end());

    const std::string a = ja4_a(ch, transport);
    const Parts sorted{a, hex_list(sorted_ciphers), extension_text(sorted_exts, sigs),
                       sorted_ciphers.empty(), sorted_exts.empty()};
    const Parts original{a, hex_list(ciphers), extension_text(exts, sigs), ciphers.empty(),
                         exts.empty()};
    return Ja4{join_hashed(sorted), join_raw(sorted), join_hashed(original), join_raw(original)};
}

} // namespace huntpack::tls
