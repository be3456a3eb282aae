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

constexpr size_t kPeLfanewOffset = 0x3C;   // PE/COFF spec §3.1: offset of e_lfanew
constexpr size_t kZipNameLenOffset = 26;   // APPNOTE §4.3.7: file name length field
constexpr uint32_t kJavaMinMajor = 45;     // JDK 1.1; file(1) uses it to tell fat Mach-O apart
constexpr uint8_t kSwfMaxVersion = 64;     // SWF versions seen in the wild are 1..51
constexpr size_t kMaxMediaTypeChars = 255; // RFC 6838 §4.2: type and subtype ≤ 127 each
constexpr size_t kMaxExtensionChars = 8;   // longer "extensions" are not file types

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

MagicResult make(MagicKind k, bool exec, bool confirmed = true) {
    return {k, exec, confirmed};
}

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
    static constexpr std::string_view kHtml[] = {"<!doctype html", "<html",   "<head",  "<body",
                                                 "<script",        "<iframe", "<title", "<!--"};
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
            bool arr = s[0] == '[' && (c == '"' || c == '{' || c == '[' || c == ']' || c == '-' ||
                                       (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n');
            if (obj || arr)
                return make(MagicKind::Json, false);
        }
    }
    return make(MagicKind::Unknown, false);
}

MagicResult sniff_binary(const uint8_t *d, size_t len) {
    if (starts_with(d, len, "MZ", 2))
        return sniff_mz(d, len);
    if (starts_with(d, len,
                    "\x7f"
                    "ELF",
                    4))
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

enum class Declared : uint8_t { None, JavaScript, Flash, Binary, Image, Text, Other };

// Media types from the IANA registry and long-standing de-facto ones (x-*) for each family.
Declared declared_family(const std::string &mt) {
    static constexpr std::string_view kJs[] = {"application/javascript", "text/javascript",
                                               "application/x-javascript", "application/ecmascript",
                                               "text/ecmascript"};
    static constexpr std::string_view kBin[] = {"application/octet-stream",
                                                "application/x-msdownload",
                                                "application/x-msdos-program",
                                                "application/x-dosexec",
                                                "application/x-executable",
                                                "application/x-msi",
                                                "application/vnd.microsoft.portable-executable",
                                                "application/x-sharedlib",
                                                "application/x-mach-binary",
                                                "application/vnd.android.package-archive",
                                                "application/java-archive",
                                                "application/x-java-archive",
                                                "binary/octet-stream"};
    if (mt.empty())
        return Declared::None;
    for (std::string_view t : kJs)
        if (mt == t)
            return Declared::JavaScript;
    if (mt == "application/x-shockwave-flash" || mt == "application/vnd.adobe.flash-movie")
        return Declared::Flash;
    for (std::string_view t : kBin)
        if (mt == t)
            return Declared::Binary;
    if (mt.compare(0, 6, "image/") == 0)
        return Declared::Image;
    if (mt.compare(0, 5, "text/") == 0)
        return Declared::Text;
    return Declared::Other;
}

bool is_js_ext(const std::string &e) {
    return e == ".js" || e == ".mjs";
}

bool is_exec_ext(const std::string &e) {
    static constexpr std::string_view kExt[] = {".exe", ".dll", ".scr", ".msi", ".com", ".apk",
                                                ".jar", ".elf", ".so",  ".dmg", ".sh",  ".ps1",
                                                ".bat", ".cmd", ".vbs", ".hta", ".bin"};
    for (std::string_view x : kExt)
        if (e == x)
            return true;
    return false;
}

uint8_t raise_severity(uint8_t sev) {
    return sev >= kAlert ? uint8_t{kAlert} : static_cast<uint8_t>(sev + 1);
}

std::string describe(const ContentVerdict &v) {
    std::string d = "declared " + (v.declared_type.empty() ? std::string("no Content-Type")
                                                           : "Content-Type " + v.declared_type);
    d += ", sniffed ";
    d += magic_kind_name(v.sniffed);
    if (!v.url_extension.empty())
        d += ", URL extension " + v.url_extension;
    return d;
}

void set(ContentVerdict *v, ContentCategory cat, uint8_t sev, const char *what) {
    v->fired = true;
    v->category = cat;
    v->trait_id = cat == ContentCategory::Binary ? "binary-download" : "active-content";
    v->severity = v->mismatch ? raise_severity(sev) : sev;
    v->evidence = std::string(what) + ": " + describe(*v) + (v->mismatch ? " (type mismatch)" : "");
}

// An executable body: alert when disguised as an image or text, warn when honestly declared.
void judge_executable(ContentVerdict *v, Declared d) {
    if (d == Declared::Image || d == Declared::Text) {
        v->mismatch = true;
        set(v, ContentCategory::Binary, kAlert, "executable served as image/text");
        v->severity = kAlert;
        return;
    }
    v->mismatch = d != Declared::Binary && d != Declared::None;
    set(v, ContentCategory::Binary, kWarn, "executable download");
}

bool is_markup(MagicKind k) {
    return k == MagicKind::Html || k == MagicKind::Json || k == MagicKind::Xml;
}

bool looks_like_text_kind(MagicKind k) {
    return k == MagicKind::Unknown || k == MagicKind::Html || k == MagicKind::Json ||
           k == MagicKind::Xml || k == MagicKind::Gzip;
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
    case MagicKind::Unknown:
        return "unrecognised data";
    case MagicKind::Pe:
        return "Windows PE executable";
    case MagicKind::Mz:
        return "DOS MZ executable";
    case MagicKind::Elf:
        return "ELF executable";
    case MagicKind::MachO:
        return "Mach-O executable";
    case MagicKind::MachOFat:
        return "Mach-O universal binary";
    case MagicKind::JavaClass:
        return "Java class file";
    case MagicKind::OleCf:
        return "OLE compound file (MSI/Office)";
    case MagicKind::Zip:
        return "ZIP archive";
    case MagicKind::Apk:
        return "Android APK";
    case MagicKind::Jar:
        return "Java JAR";
    case MagicKind::Swf:
        return "Flash SWF";
    case MagicKind::Script:
        return "shebang script";
    case MagicKind::Pdf:
        return "PDF document";
    case MagicKind::Png:
        return "PNG image";
    case MagicKind::Gif:
        return "GIF image";
    case MagicKind::Jpeg:
        return "JPEG image";
    case MagicKind::Gzip:
        return "gzip data";
    case MagicKind::Html:
        return "HTML";
    case MagicKind::Xml:
        return "XML";
    case MagicKind::Json:
        return "JSON";
    }
    return "unrecognised data";
}

std::string media_type(std::string_view content_type) {
    std::string_view t = content_type.substr(0, content_type.find(';'));
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t'))
        t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r'))
        t.remove_suffix(1);
    if (t.size() > kMaxMediaTypeChars)
        return {};
    std::string out;
    for (char c : t) {
        unsigned char u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
            return {}; // not a token (RFC 9110 §8.3.1): treat as absent
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::string url_extension(std::string_view url_path) {
    std::string_view p = url_path.substr(0, url_path.find_first_of("?#"));
    size_t slash = p.rfind('/');
    if (slash != std::string_view::npos)
        p.remove_prefix(slash + 1);
    size_t dot = p.rfind('.');
    if (dot == std::string_view::npos || p.size() - dot > kMaxExtensionChars || dot + 1 == p.size())
        return {};
    std::string ext;
    for (char c : p.substr(dot)) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != '.' && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9'))
            return {};
        ext += c;
    }
    return ext;
}

ContentVerdict classify_content(std::string_view content_type, std::string_view url_path,
                                const uint8_t *body, size_t body_len) {
    ContentVerdict v;
    v.declared_type = media_type(content_type);
    v.url_extension = url_extension(url_path);
    MagicResult m = sniff_magic(body, body_len);
    if (m.kind == MagicKind::OleCf && v.url_extension == ".msi")
        m.executable = true; // a Compound File named .msi is a Windows Installer package
    v.sniffed = m.kind;
    Declared d = declared_family(v.declared_type);
    if (m.executable) {
        judge_executable(&v, d);
    } else if (d == Declared::Flash || m.kind == MagicKind::Swf ||
               (v.url_extension == ".swf" && m.kind == MagicKind::Unknown)) {
        v.mismatch = m.kind == MagicKind::Swf
                         ? (d != Declared::Flash && d != Declared::Binary && d != Declared::None)
                         : (d == Declared::Flash && m.kind != MagicKind::Unknown);
        set(&v, ContentCategory::Flash, kWarn, "Flash content");
    } else if (d == Declared::JavaScript || is_js_ext(v.url_extension)) {
        v.mismatch = !looks_like_text_kind(m.kind) || d == Declared::Image;
        set(&v, ContentCategory::JavaScript, kInfo, "JavaScript");
    } else if (d == Declared::Binary || (is_exec_ext(v.url_extension) && !is_markup(m.kind))) {
        v.mismatch = d != Declared::Binary && d != Declared::None;
        set(&v, ContentCategory::Binary, kNote, "binary download");
    }
    return v;
}

} // namespace huntpack::traits
