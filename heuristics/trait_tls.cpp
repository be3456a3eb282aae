// SPDX-License-Identifier: GPL-2.0-or-later
// TLS version deprecation and cipher-suite classification from data-file rules.
// References: RFC 8996, RFC 7568, RFC 6176, RFC 8701; data/cipher_suites.tsv and
// data/cipher_rules.tsv carry their own sources.
// Limitations: see trait_tls.h.
#include "trait_tls.h"
#include "trait_tsv.h"

#include <cstdio>

namespace huntpack::traits {

namespace {

constexpr size_t kSuiteFields = 3; // id, name, source
constexpr size_t kRuleFields = 4;  // pattern, class, reason, source
constexpr size_t kMaxPatternChars = 128;

bool parse_suite_id(const std::string &s, uint16_t *out) {
    if (s.size() != 6 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
        return false;
    unsigned v = 0;
    for (size_t i = 2; i < 6; ++i) {
        char c = s[i];
        int d = (c >= '0' && c <= '9')   ? c - '0'
                : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                         : -1;
        if (d < 0)
            return false;
        v = v * 16 + static_cast<unsigned>(d);
    }
    *out = static_cast<uint16_t>(v);
    return true;
}

std::string hex_id(uint16_t id) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04X", id);
    return buf;
}

uint8_t severity_for(CipherClass c) {
    switch (c) {
    case CipherClass::Insecure:
        return kAlert;
    case CipherClass::Weak:
        return kNote;
    default:
        return kInfo;
    }
}

} // namespace

const char *tls_version_name(uint16_t v) {
    switch (v) {
    case 0x0002:
        return "SSL 2.0";
    case 0x0300:
        return "SSL 3.0";
    case 0x0301:
        return "TLS 1.0";
    case 0x0302:
        return "TLS 1.1";
    case 0x0303:
        return "TLS 1.2";
    case 0x0304:
        return "TLS 1.3";
    case 0xfeff:
        return "DTLS 1.0";
    case 0xfefd:
        return "DTLS 1.2";
    case 0xfefc:
        return "DTLS 1.3";
    default:
        return "unknown";
    }
}

TlsVersionVerdict classify_tls_version(uint16_t version, std::string_view server) {
    TlsVersionVerdict r;
    r.version = version;
    r.name = tls_version_name(version);
    const char *why = nullptr;
    switch (version) {
    case 0x0002:
        r.severity = kAlert;
        why = "prohibited by RFC 6176";
        break;
    case 0x0300:
        r.severity = kAlert;
        why = "prohibited by RFC 7568 (POODLE)";
        break;
    case 0x0301:
    case 0x0302:
    case 0xfeff:
        r.severity = kWarn;
        why = "deprecated by RFC 8996";
        break;
    default:
        return r;
    }
    r.fired = true;
    r.evidence = std::string(r.name) + " negotiated";
    if (!server.empty())
        r.evidence += " with " + std::string(server.substr(0, 253));
    r.evidence += ": " + std::string(why);
    return r;
}

const char *cipher_class_name(CipherClass c) {
    switch (c) {
    case CipherClass::Insecure:
        return "insecure";
    case CipherClass::Weak:
        return "weak";
    case CipherClass::Secure:
        return "secure";
    case CipherClass::Recommended:
        return "recommended";
    default:
        return "unknown";
    }
}

bool parse_cipher_class(std::string_view s, CipherClass *out) {
    for (CipherClass c : {CipherClass::Insecure, CipherClass::Weak, CipherClass::Secure,
                          CipherClass::Recommended}) {
        if (s == cipher_class_name(c)) {
            *out = c;
            return true;
        }
    }
    return false;
}

bool is_grease(uint16_t v) {
    return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

bool glob_match(std::string_view p, std::string_view t) {
    size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
    while (ti < t.size()) {
        if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = ti;
        } else if (pi < p.size() && p[pi] == t[ti]) {
            ++pi;
            ++ti;
        } else if (star != std::string_view::npos) {
            pi = star + 1;
            ti = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*')
        ++pi;
    return pi == p.size();
}

bool CipherCatalog::apply_suites(const std::vector<TsvRecord> &recs, std::string *error) {
    verdicts_.clear();
    std::unordered_map<uint16_t, std::string> add; // all-or-nothing per file
    for (const TsvRecord &r : recs) {
        uint16_t id = 0;
        if (!parse_suite_id(r.fields[0], &id)) {
            *error = r.where + ": cipher suite id must look like 0xC02F, got '" + r.fields[0] + "'";
            return false;
        }
        add[id] = r.fields[1];
    }
    for (auto &kv : add)
        names_[kv.first] = std::move(kv.second);
    return true;
}

bool CipherCatalog::apply_rules(const std::vector<TsvRecord> &recs, std::string *error) {
    verdicts_.clear();
    std::vector<CipherRule> add;
    for (const TsvRecord &r : recs) {
        CipherRule rule{r.fields[0], CipherClass::Unknown, r.fields[2], r.fields[3], r.where};
        if (rule.pattern.size() > kMaxPatternChars) {
            *error = r.where + ": pattern longer than " + std::to_string(kMaxPatternChars);
            return false;
        }
        if (!parse_cipher_class(r.fields[1], &rule.cls)) {
            *error = r.where + ": unknown class '" + r.fields[1] +
                     "' (insecure, weak, secure, recommended)";
            return false;
        }
        add.push_back(std::move(rule));
    }
    rules_.insert(rules_.begin(), add.begin(), add.end()); // later files take precedence
    return true;
}

bool CipherCatalog::add_suites(std::string_view text, std::string_view origin, std::string *error) {
    std::vector<TsvRecord> recs;
    return parse_tsv(text, origin, kSuiteFields, &recs, error) && apply_suites(recs, error);
}

bool CipherCatalog::add_rules(std::string_view text, std::string_view origin, std::string *error) {
    std::vector<TsvRecord> recs;
    return parse_tsv(text, origin, kRuleFields, &recs, error) && apply_rules(recs, error);
}

bool CipherCatalog::load_suites_file(const std::string &path, std::string *error) {
    std::vector<TsvRecord> recs;
    return read_tsv_file(path, kSuiteFields, &recs, error) && apply_suites(recs, error);
}

bool CipherCatalog::load_rules_file(const std::string &path, std::string *error) {
    std::vector<TsvRecord> recs;
    return read_tsv_file(path, kRuleFields, &recs, error) && apply_rules(recs, error);
}

const std::string *CipherCatalog::suite_name(uint16_t id) const {
    auto it = names_.find(id);
    return it == names_.end() ? nullptr : &it->second;
}

CipherVerdict CipherCatalog::classify_name(std::string_view iana_name) const {
    CipherVerdict v;
    v.suite = std::string(iana_name.substr(0, kMaxPatternChars * 2));
    for (const CipherRule &r : rules_) {
        if (!glob_match(r.pattern, v.suite))
            continue;
        v.cls = r.cls;
        v.rule = r.pattern + " -> " + cipher_class_name(r.cls) + ": " + r.reason;
        v.rule_where = r.where;
        break;
    }
    v.severity = severity_for(v.cls);
    v.fired = v.cls == CipherClass::Insecure || v.cls == CipherClass::Weak;
    v.evidence = v.suite + " is " + cipher_class_name(v.cls) +
                 (v.rule.empty() ? std::string(" (no rule matched)") : " (rule " + v.rule + ")");
    return v;
}

const CipherVerdict &CipherCatalog::classify(uint16_t id) const {
    auto it = verdicts_.find(id);
    if (it == verdicts_.end())
        it = verdicts_.emplace(id, classify_uncached(id)).first;
    return it->second;
}

CipherVerdict CipherCatalog::classify_uncached(uint16_t id) const {
    if (is_grease(id)) {
        CipherVerdict v;
        v.id = id;
        v.grease = true;
        v.suite = hex_id(id);
        v.evidence = v.suite + " is a GREASE value (RFC 8701), not a cipher";
        return v;
    }
    const std::string *name = suite_name(id);
    CipherVerdict v = classify_name(name ? *name : hex_id(id));
    v.id = id;
    if (!name)
        v.evidence = hex_id(id) + " is not in the cipher-suite catalog";
    return v;
}

} // namespace huntpack::traits
