// SPDX-License-Identifier: GPL-2.0-or-later
// Content sniffing (first bytes of a body) and the active-content / binary-download verdict.
// References: see trait_magic.h (PE/COFF §3, ELF gABI, Mach-O headers, MS-CFB, APPNOTE §4.3.7,
// SWF spec, WHATWG MIME Sniffing §7).
// Limitations: prefix sniffing only; the verdict trusts nothing but the bytes, the declared type
// and the URL extension (no filename from Content-Disposition).
#include "trait_magic.h"
#include "byteview.h"

#include <cstring>

namespace huntpack::traits {

namespace {

using huntpack::ByteView;

constexpr size_t kPeLfanewOffset = 0x3C; // PE/COFF spec §3.1: offset of e_lfanew
constexpr size_t kZipNameLenOffset = 26;   // APPNOTE §4.3.7: file name length field
constexpr uint32_t kJavaMinMajor = 45;      // JDK 1.1; file(1) uses it to tell fat Mach-O apart
constexpr uint8_t kSwfMaxVersion = 64;      // SWF versions seen in the wild are 1..51

uint32_t read_le32(ByteView &r) {
    uint8_t b[4] = {};
    if (!r.read_bytes(b, 4))
        return 0;
    return uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 | uint32_t{b[3]} << 24;
}

uint16_t read_le16(ByteView &r) {
    uint8_t b[2] = {};
    if (!r.read_bytes(b, 2))
        return 0;
    return static_cast<uint16_t>(b[0] | b[1] << 8);
}

bool starts_with(const uint8_t *d, size_t len, const char *sig, size_t n) {
    return len >= n && std::memcmp(d, sig, n) == 0;
}

// True when the available bytes (at least `min`) agree with the first bytes of `sig`.
bool prefix_matches(const uint8_t *d, size_t len, const char *sig, size_t n, size_t min) {
    return len >= min && std::memcmp(d, sig, len < n ? len : n) == 0;
}

MagicResult make(MagicKind k, bool exec, bool confirmed = true) { return {k, exec, confirmed}; }

MagicResult sniff_mz(const uint8_t *d, size_t len) {
    ByteView r(d, len);
    r.advance(kPeLfanewOffset);
    uint32_t lfanew = read_le32(r);
    ByteView at(d, len);
    at.advance(lfanew);
    uint8_t sig[4] = {};
    if (r.failed() || !at.read_bytes(sig, 4))
        return make(MagicKind::Mz, true, false); // too few bytes to see the PE header
    return std::memcmp(sig, "PE\0\0", 4) == 0 ? make(MagicKind::Pe, true)
                                               : make(MagicKind::Mz, true);
}

MagicResult sniff_zip(const uint8_t *d, size_t len) {
    ByteView r(d, len);
    r.advance(kZipNameLenOffset);
    uint16_t name_len = read_le16(r);
    r.advance(2); // extra field length
    if (r.failed() || r.remaining() < name_len)
        return make(MagicKind::Zip, false, false); // first entry name not visible
    std::string_view name(reinterpret_cast<const char *>(r.data()), name_len);
    if (name == "AndroidManifest.xml")
        return make(MagicKind::Apk, true);
    if (name.substr(0, 9) == "META-INF/")
        return make(MagicKind::Jar, true);
    return make(MagicKind::Zip, false);
}

MagicResult sniff_cafebabe(const uint8_t *d, size_t len) {
    ByteView r(d, len);
    r.advance(4);
    uint32_t second = r.read_u32();
    if (r.failed())
        return make(MagicKind::MachOFat, true, false);
    // file(1): a universal binary's nfat_arch is small; a class file's major version is >= 45.
    return (second & 0xffff) >= kJavaMinMajor ? make(MagicKind::JavaClass, true)
                                              : make(MagicKind::MachOFat, true);
}

bool ci_starts(std::string_view s, std::string_view lower_prefix) {
    if (s.size() < lower_prefix.size())
        return false;
    for (size_t i = 0; i < lower_prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != lower_prefix[i])
            return false;
    }
    return true;
}

// WHATWG MIME Sniffing §7.1: skip a UTF-8 BOM and leading whitespace before text signatures.
std::string_view text_start(const uint8_t *d, size_t len) {
    std::string_view s(reinterpret_cast<const char *>(d), len);
    if (s.size() >= 3 && std::memcmp(s.data(), "\xEF\xBB\xBF", 3) == 0)
        s.remove_prefix(3);
    size_t i = s.find_first_not_of(" \t\r\n\f");
    return i == std::string_view::npos ? std::string_view{} : s.substr(i);
}

MagicResult sniff_text(const uint8_t *d, size_t len) {
    std::string_view s = text_start(d, len);
    if (s.size() >= 2 && s[0] == '#' && s[1] == '!') {
        std::string_view rest = s.substr(2);
        size_t i = rest.find_first_not_of(' ');
        if (i != std::string_view::npos && rest[i] == '/')
            return make(MagicKind::Script, true);
        return make(MagicKind::Unknown, false);
    }
    static constexpr std::string_view kHtml[] = {"<!doctype html", "<html", "<head", "<body",
                                                 "<script", "<iframe", "<title", "<!--"};
    for (std::string_view p : kHtml)
        if (ci_starts(s, p))
            return make(MagicKind::Html, false);
    if (ci_starts(s, "<?xml"))
        return make(MagicKind::Xml, false);
    if (s.size() >= 2 && (s[0] == '{' || s[0] == '[')) {
        size_t j = s.find_first_not_of(" \t\r\n", 1);
        if (j != std::string_view::npos) {
            char c = s[j];
            bool obj = s[0] == '{' && (c == '"' || c == '}');
            bool arr = s[0] == '[' && (c == '"' || c == '{' || c == '[' || c == ']' ||
                                       c == '-' || (c >= '0' && c <= '9') || c == 't' ||
                                       c == 'f' || c == 'n');
            if (obj || arr)
                return make(MagicKind::Json, false);
        }
    }
    return make(MagicKind::Unknown, false);
}

MagicResult sniff_binary(const uint8_t *d, size_t len) {
    if (starts_with(d, len, "MZ", 2))
        return sniff_mz(d, len);
    if (starts_with(d, len, "\x7f" "ELF", 4))
        return make(MagicKind::Elf, true);
    static constexpr const char *kMachO[] = {"\xfe\xed\xfa\xce", "\xfe\xed\xfa\xcf",
                                             "\xce\xfa\xed\xfe", "\xcf\xfa\xed\xfe",
                                             "\xca\xfe\xba\xbf", "\xbe\xba\xfe\xca"};
    for (size_t i = 0; i < 6; ++i)
        if (starts_with(d, len, kMachO[i], 4))
            return make(i < 4 ? MagicKind::MachO : MagicKind::MachOFat, true);
    if (starts_with(d, len, "\xca\xfe\xba\xbe", 4))
        return sniff_cafebabe(d, len);
    if (prefix_matches(d, len, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, 4))
        return make(MagicKind::OleCf, false, len >= 8);
    if (starts_with(d, len, "PK\x03\x04", 4))
        return sniff_zip(d, len);
    if (starts_with(d, len, "PK\x05\x06", 4) || starts_with(d, len, "PK\x07\x08", 4))
        return make(MagicKind::Zip, false);
    if (len >= 3 && (starts_with(d, len, "FWS", 3) || starts_with(d, len, "CWS", 3) ||
                     starts_with(d, len, "ZWS", 3))) {
        if (len == 3)
            return make(MagicKind::Swf, false, false);
        if (d[3] >= 1 && d[3] <= kSwfMaxVersion)
            return make(MagicKind::Swf, false);
    }
    if (starts_with(d, len, "%PDF-", 5))
        return make(MagicKind::Pdf, false);
    if (starts_with(d, len, "\x89PNG\r\n\x1a\n", 8))
        return make(MagicKind::Png, false);
    if (starts_with(d, len, "GIF87a", 6) || starts_with(d, len, "GIF89a", 6))
        return make(MagicKind::Gif, false);
    if (starts_with(d, len, "\xff\xd8\xff", 3))
        return make(MagicKind::Jpeg, false);
    if (starts_with(d, len, "\x1f\x8b\x08", 3))
        return make(MagicKind::Gzip, false);
    return make(MagicKind::Unknown, false);
}

} // namespace

MagicResult sniff_magic(const uint8_t *data, size_t len) {
    if (!data || len == 0)
        return make(MagicKind::Unknown, false);
    if (len > kSniffBytes)
        len = kSniffBytes;
    MagicResult r = sniff_binary(data, len);
    return r.kind == MagicKind::Unknown ? sniff_text(data, len) : r;
}

const char *magic_kind_name(MagicKind k) {
    switch (k) {
    case MagicKind::Unknown: return "unrecognised data";
    case MagicKind::Pe: return "Windows PE executable";
    case MagicKind::Mz: return "DOS MZ executable";
    case MagicKind::Elf: return "ELF executable";
    case MagicKind::MachO: return "Mach-O executable";
    case MagicKind::MachOFat: return "Mach-O universal binary";
    case MagicKind::JavaClass: return "Java class file";
    case MagicKind::OleCf: return "OLE compound file (MSI/Office)";
    case MagicKind::Zip: return "ZIP archive";
    case MagicKind::Apk: return "Android APK";
    case MagicKind::Jar: return "Java JAR";
    case MagicKind::Swf: return "Flash SWF";
    case MagicKind::Script: return "shebang script";
    case MagicKind::Pdf: return "PDF document";
    case MagicKind::Png: return "PNG image";
    case MagicKind::Gif: return "GIF image";
    case MagicKind::Jpeg: return "JPEG image";
    case MagicKind::Gzip: return "gzip data";
    case MagicKind::Html: return "HTML";
    case MagicKind::Xml: return "XML";
    case MagicKind::Json: return "JSON";
    }
    return "unrecognised data";
}

} // namespace huntpack::traits
