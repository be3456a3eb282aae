// SPDX-License-Identifier: GPL-2.0-or-later
// Traits active-content and binary-download: sniff a body's first bytes and compare the
// sniffed kind with the declared Content-Type and the URL path's extension.
// References: Microsoft PE/COFF spec §3 (MZ, e_lfanew at 0x3C, "PE\0\0"); ELF gABI §4 (e_ident);
// Apple <mach-o/loader.h>, <mach-o/fat.h> (MH_MAGIC*, FAT_MAGIC*); [MS-CFB] §2.2 (D0 CF 11 E0
// A1 B1 1A E1); PKWARE APPNOTE.TXT §4.3.7 (local file header); Adobe SWF File Format Spec v19
// §"The SWF header" (FWS/CWS/ZWS); ISO 32000-1 §7.5.2 (%PDF-); PNG (RFC 2083 §3.1); GIF89a;
// JPEG (ITU T.81, SOI FF D8 + marker); WHATWG MIME Sniffing §7 (HTML and "#!" detection);
// file(1) magic "cafebabe" rule (fat Mach-O nfat_arch < 45 vs. Java class major >= 45).
// Limitations: looks at the first bytes only (kSniffBytes); no decompression (gzip/deflate bodies
// must be decoded by the caller); ZIP looks only at the first local file header.
#pragma once

#include "trait_severity.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace huntpack::traits {

// The sniffers never read past this many bytes; callers may pass less.
constexpr size_t kSniffBytes = 512;

enum class MagicKind : uint8_t {
    Unknown,
    Pe, // MZ with a valid "PE\0\0" at e_lfanew
    Mz, // MZ without a (visible) PE header: DOS/NE/LE, or too few bytes to see it
    Elf,
    MachO,     // the four thin magics
    MachOFat,  // universal binary
    JavaClass, // CA FE BA BE with a class-file major version
    OleCf,     // Compound File: MSI, legacy Office
    Zip,
    Apk, // ZIP whose first entry is AndroidManifest.xml
    Jar, // ZIP whose first entry is under META-INF/
    Swf,
    Script, // "#!/..." shebang
    Pdf,
    Png,
    Gif,
    Jpeg,
    Gzip,
    Html,
    Xml,
    Json,
};

struct MagicResult {
    MagicKind kind = MagicKind::Unknown;
    bool executable = false; // code a host would run: PE/MZ/ELF/Mach-O/script/APK/JAR/class
    bool confirmed = true;   // false when the signature was matched only on a prefix
};

MagicResult sniff_magic(const uint8_t *data, size_t len);
const char *magic_kind_name(MagicKind k); // "Windows PE executable", "PNG image", ...

enum class ContentCategory : uint8_t { None, JavaScript, Flash, Binary };

struct ContentVerdict {
    bool fired = false;
    uint8_t severity = kInfo;
    std::string evidence;
    const char *trait_id = ""; // "active-content", "binary-download" or ""
    ContentCategory category = ContentCategory::None;
    MagicKind sniffed = MagicKind::Unknown;
    std::string declared_type; // media type, lower case, parameters stripped
    std::string url_extension; // ".js", ".exe", ... lower case, "" when none
    bool mismatch = false;     // declared type (or extension) disagrees with the bytes
};

// content_type: the raw Content-Type header value ("" if absent); url_path: the request
// target or path ("" if unknown); body: the first bytes of the (decoded) body.
ContentVerdict classify_content(std::string_view content_type, std::string_view url_path,
                                const uint8_t *body, size_t body_len);

// Pieces used above, exposed for tests and other traits.
std::string media_type(std::string_view content_type);
std::string url_extension(std::string_view url_path);

} // namespace huntpack::traits
