// SPDX-License-Identifier: GPL-2.0-or-later
// Traits tls-deprecated and tls-weak-cipher: protocol version deprecation and cipher-suite class.
// References: RFC 8996 (TLS 1.0/1.1 and DTLS 1.0 deprecated), RFC 7568 (SSL 3.0 prohibited),
// RFC 6176 (SSL 2.0 prohibited), RFC 8701 (GREASE), IANA TLS Cipher Suites registry (the data in
// data/cipher_suites.tsv), classes of https://ciphersuite.info (insecure/weak/secure/recommended)
// applied by the ordered rules in data/cipher_rules.tsv.
// Limitations: classifies the negotiated suite by name only (no key sizes, no curve or DH group
// strength); suites without a matching rule are "unknown" and never fire.
#pragma once

#include "trait_psl.h"
#include "trait_severity.h"
#include "trait_tsv.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace huntpack::traits {

// ---- protocol version -------------------------------------------------------------------------
struct TlsVersionVerdict {
    bool fired = false; // tls-deprecated
    uint8_t severity = kInfo;
    std::string evidence;
    uint16_t version = 0;
    const char *name = "unknown"; // "TLS 1.0", "SSL 3.0", "DTLS 1.0", ...
};

// `version` is the negotiated version (ServerHello, or supported_versions for TLS 1.3).
// `server` (optional) is named in the evidence.
TlsVersionVerdict classify_tls_version(uint16_t version, std::string_view server = {});
const char *tls_version_name(uint16_t version);

// ---- cipher suites ----------------------------------------------------------------------------
enum class CipherClass : uint8_t { Unknown, Insecure, Weak, Secure, Recommended };
const char *cipher_class_name(CipherClass c);
bool parse_cipher_class(std::string_view s, CipherClass *out);

struct CipherRule {
    std::string pattern; // glob over the IANA name
    CipherClass cls = CipherClass::Unknown;
    std::string reason;
    std::string source;
    std::string where; // "file:line"
};

struct CipherVerdict {
    bool fired = false; // tls-weak-cipher (insecure: alert, weak: note)
    uint8_t severity = kInfo;
    std::string evidence;
    uint16_t id = 0;
    std::string suite; // IANA name, or "0x1234" when unknown to the catalog
    CipherClass cls = CipherClass::Unknown;
    std::string rule; // "<pattern> -> <class>: <reason>" of the rule that fired
    std::string rule_where;
    bool grease = false;
};

// Cipher-suite names and rules, loaded from data files the caller names. Later files extend
// earlier ones: suite lines replace the name for their id; rule files are tried before the
// rules of earlier files (see data/cipher_rules.tsv).
class CipherCatalog {
  public:
    bool load_suites_file(const std::string &path, std::string *error);
    bool load_rules_file(const std::string &path, std::string *error);
    bool add_suites(std::string_view text, std::string_view origin, std::string *error);
    bool add_rules(std::string_view text, std::string_view origin, std::string *error);

    const std::string *suite_name(uint16_t id) const;
    size_t suite_count() const { return names_.size(); }
    size_t rule_count() const { return rules_.size(); }

    // A verdict is the same every time for an id (the catalog does not change once loaded):
    // classify remembers it (a handful of suites recur across a capture's TLS sessions; each
    // first verdict walks the rules with glob matches). The reference stays valid until suites
    // or rules are added (which forget the remembered verdicts): a copy of the verdict's five
    // strings on every ServerHello cost about 900 cycles.
    const CipherVerdict &classify(uint16_t id) const;
    CipherVerdict classify_name(std::string_view iana_name) const;

  private:
    CipherVerdict classify_uncached(uint16_t id) const;
    mutable std::unordered_map<uint16_t, CipherVerdict> verdicts_; // at most 65,536 ids

    bool apply_suites(const std::vector<TsvRecord> &recs, std::string *error);
    bool apply_rules(const std::vector<TsvRecord> &recs, std::string *error); // both clear verdicts_

    std::unordered_map<uint16_t, std::string> names_;
    std::vector<CipherRule> rules_;
};

// RFC 8701 GREASE cipher-suite values 0x0A0A, 0x1A1A, ..., 0xFAFA.
bool is_grease(uint16_t v);
// '*'-only glob match, iterative (no recursion, linear-ish in practice).
bool glob_match(std::string_view pattern, std::string_view text);

// registrable_domain(host) (trait_psl.h) groups servers by organisation: "other servers of
// <registrable domain> negotiate TLS 1.2+" is the caller's sentence to build.

} // namespace huntpack::traits
