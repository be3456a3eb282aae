// SPDX-License-Identifier: GPL-2.0-or-later
// User-agent string -> browser, OS and device families and versions, driven by uap-core.
//
// References: ua-parser specification 0.2 (Debian: /usr/share/doc/uap-core/specification.md.gz);
// the database /usr/share/uap-core/regexes.yaml (package uap-core); uap-python's replacement rules
// (MultiReplace: "$N" -> group N or "", trimmed, empty -> unset); Chromium's QUIC user-agent id
// (net/quic/quic_context.cc / components/version_info: "[channel ]Chrome/<ver> <os-cpu-info>").
//
// Limitations:
// - Reads only the YAML subset uap-core uses (see read_uap_yaml); anchors, block scalars and flow
//   collections are rejected with a line number.
// - Regexes run in PCRE2 (JIT) in GLib GRegex's dialect: UTF-8 with Unicode properties, any
//   Unicode newline. Input is capped at kMaxUaBytes and invalid UTF-8 is replaced with U+FFFD
//   before matching, so results for such input are best effort.
// - Not thread-safe: parse() fills a cache and compiles regexes lazily. Use one parser per thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace huntpack::ua {

// Longest prefix of a user agent fed to the regexes. uap-core's own test UAs are <= 520 bytes;
// regexes such as '^(.{0,200})/...' are written to stay linear, the cap keeps the worst case
// bounded.
constexpr size_t kMaxUaBytes = 1024;
// Distinct (capped) user-agent strings remembered; the cache is cleared when it is full.
constexpr size_t kCacheCapacity = 1024;
// Largest YAML file read_uap_yaml/load accept (uap-core's test_device.yaml is ~4 MiB).
constexpr size_t kMaxYamlBytes = 64u * 1024u * 1024u;

// Which rule produced a result.
enum class Basis { None, Uap, ChromeQuicUaid };

struct Result {
    std::string browser = "Other"; // uap "family"
    std::string browser_version;   // major[.minor[.patch]] as present
    std::string os = "Other";
    std::string os_version;       // major[.minor[.patch[.patch_minor]]] as present
    std::string device = "Other"; // device family
    // The components behind the joined fields, as the uap-core test files name them.
    std::string browser_major, browser_minor, browser_patch, browser_patch_minor;
    std::string os_major, os_minor, os_patch, os_patch_minor;
    std::string device_brand, device_model;
    std::string browser_channel; // Chrome QUIC UAID channel word ("dev", "canary"), else ""
    bool truncated = false;      // input longer than kMaxUaBytes
    bool invalid_utf8 = false;   // input had invalid UTF-8 (replaced before matching)
    Basis basis = Basis::None; // Uap: a uap-core rule matched; ChromeQuicUaid: via the UAID rewrite
};

// --- the YAML subset of uap-core files --------------------------------------------------------
// A document is top-level keys ("user_agent_parsers:", "test_cases:") each holding a list of flat
// maps ("  - key: 'value'" then "    key: 'value'"). Scalars: '...' ('' escapes a quote),
// "..." (backslash escapes \\ \" \/ \0 \a \b \t \n \v \f \r \e \xHH \uHHHH), plain, or empty (null,
// stored as ""). Comments (#) and blank lines are skipped.
struct YamlField {
    std::string key;
    std::string value;
};
struct YamlEntry {
    size_t line = 0; // 1-based line of the "- " that opens it
    std::vector<YamlField> fields;
    const std::string *get(std::string_view key) const; // nullptr if absent
};
struct YamlSection {
    std::string name;
    std::vector<YamlEntry> entries;
};
bool parse_uap_yaml(std::string_view text, std::vector<YamlSection> *out, std::string *error);
bool read_uap_yaml(const std::string &path, std::vector<YamlSection> *out, std::string *error);

// --- the parser ---------------------------------------------------------------------------------
struct LoadStats {
    size_t ua_rules = 0, os_rules = 0, device_rules = 0;
    size_t validated = 0;      // regexes that compiled when checked at load (without JIT)
    size_t compiled = 0;       // regexes JIT-compiled so far (lazily, when first needed)
    size_t compile_errors = 0; // regexes PCRE2 rejected (skipped, never match)
    size_t with_literal = 0;   // rules with a required literal (the prefilter)
};

// The longest byte string that every match of a PCRE pattern contains, or "" when none is known.
// It reads sequences of literal characters (escaped punctuation included), follows groups
// without alternation inline, drops an atom quantified ?, * or {0,...}, and ends a run at any
// class, dot, anchor, escape class or repeated atom. It gives up ("") on alternation at the top,
// inline flags, and escapes it does not know, rather than guess. UaParser skips a rule whose
// literal is absent from the subject (without case for a caseless rule, only when both are
// ASCII: PCRE's Unicode caseless matching folds e.g. U+212A to 'k'), and JIT-compiles a rule's
// regex only when the prefilter first lets a subject through.
std::string required_literal(std::string_view pattern);

class UaParser {
  public:
    UaParser();
    ~UaParser();
    UaParser(UaParser &&) noexcept;
    UaParser &operator=(UaParser &&) noexcept;
    UaParser(const UaParser &) = delete;
    UaParser &operator=(const UaParser &) = delete;

    // Load a uap-core regexes.yaml. Replaces any previous rules; clears the cache.
    bool load(const std::string &path, std::string *error);
    bool load_text(std::string_view yaml, std::string *error);
    bool loaded() const;

    // JIT-compile every regex now (load() only checks them without JIT; parse() compiles a rule
    // when its prefilter first passes). Returns the number that failed; the first failure's
    // message goes to *error.
    size_t compile_all(std::string *error);

    Result parse(std::string_view ua);
    LoadStats stats() const;
    size_t cache_size() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Chromium's QUIC user-agent id (gQUIC CHLO tag UAID, IETF QUIC transport parameter 0x3129) is not
// a browser UA but "[channel ]Chrome/<version> <os-cpu-info>" (channel: dev, canary, beta, ...;
// empty for stable), e.g. "dev Chrome/92.0.4503.0 Android 10; SM-A125F". uap-core finds browser
// and OS in it but not the Android device (its device rules want the "(Linux; Android ..; model)"
// context). This rewrites the id into the UA Chromium would send for the same build
// (content/common/user_agent.cc: "Mozilla/5.0 (<os-cpu-info>) AppleWebKit/537.36 (KHTML, like
// Gecko) Chrome/<version> Safari/537.36", Android os-cpu-info prefixed "Linux; "), so uap-core
// parses it. The "Mobile" token is unknowable from the id, so Android gives "Chrome", not
// "Chrome Mobile". Returns "" when ua does not have that shape; *channel gets the channel word.
std::string chrome_quic_uaid_to_ua(std::string_view ua, std::string *channel);

} // namespace huntpack::ua
