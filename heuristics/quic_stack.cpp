// SPDX-License-Identifier: GPL-2.0-or-later
// QUIC client stack fingerprint: catalog parsing (quic_stacks.tsv format) and matching.
//
// References: RFC 9000 §18.1 (reserved transport parameter ids 31*N+27); the catalog format is
// documented in heuristics/data/quic_stacks.tsv.
// Limitations: see quic_stack.h. Malformed catalog lines are rejected with their line number.
#include "quic_stack.h"
#include "trait_tsv.h" // read_bounded_file

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <utility>

namespace huntpack::quicstack {

bool is_grease_tp(uint64_t id) { return id >= 27 && (id - 27) % 31 == 0; }

uint64_t normalize_tp(uint64_t id) { return is_grease_tp(id) ? kTpGreaseNormalized : id; }

bool ClientHelloInfo::has_tp(uint64_t id) const {
    const uint64_t want = normalize_tp(id);
    const size_t n = std::min(tp_ids.size(), kMaxTps);
    for (size_t i = 0; i < n; ++i)
        if (normalize_tp(tp_ids[i]) == want)
            return true;
    return false;
}

// ================================================================================================
// Catalog parsing
// ================================================================================================
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    while (true) {
        size_t p = s.find(sep);
        out.push_back(trim(s.substr(0, p)));
        if (p == std::string_view::npos)
            return out;
        s.remove_prefix(p + 1);
    }
}

bool parse_uint(std::string_view s, int base, uint64_t *out) {
    if (s.empty() || s.size() > 20)
        return false;
    std::string tmp(s);
    char *end = nullptr;
    errno = 0;
    unsigned long long v = std::strtoull(tmp.c_str(), &end, base);
    if (errno || end != tmp.c_str() + tmp.size() || tmp[0] == '-' || tmp[0] == '+')
        return false;
    *out = v;
    return true;
}

bool is_hex_digit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// "0x00000001", "ff00001d" (hex), or a 4-character gQUIC tag such as "Q046" / "T051".
bool parse_version(std::string_view s, uint64_t *out) {
    if (s.size() == 4 && !is_hex_digit(s[0])) {
        uint64_t v = 0;
        for (char c : s) {
            if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e)
                return false;
            v = (v << 8) | static_cast<unsigned char>(c);
        }
        *out = v;
        return true;
    }
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s.remove_prefix(2);
    return s.size() <= 8 && parse_uint(s, 16, out);
}

// "G" (any reserved id) or a hex id with optional 0x.
bool parse_tp(std::string_view s, uint64_t *out) {
    if (s == "G" || s == "g") {
        *out = kTpGreaseNormalized;
        return true;
    }
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s.remove_prefix(2);
    if (s.size() > 16 || !parse_uint(s, 16, out))
        return false;
    *out = normalize_tp(*out);
    return true;
}

struct KeyName {
    const char *name;
    CondKey key;
};
constexpr KeyName kKeys[] = {
    {"version", CondKey::Version},
    {"tp_order", CondKey::TpOrder},
    {"tp_seq", CondKey::TpSeq},
    {"tp_first", CondKey::TpFirst},
    {"tp_set", CondKey::TpSet},
    {"tp_has", CondKey::TpHas},
    {"tp_lacks", CondKey::TpLacks},
    {"max_udp", CondKey::MaxUdp},
    {"max_data", CondKey::MaxData},
    {"bidi_local", CondKey::BidiLocal},
    {"acid", CondKey::Acid},
    {"idle", CondKey::Idle},
    {"grease", CondKey::Grease},
    {"alpn", CondKey::Alpn},
    {"alpn_has", CondKey::AlpnHas},
    {"ja4", CondKey::Ja4},
    {"ja4_prefix", CondKey::Ja4Prefix},
};

bool lookup_key(std::string_view name, CondKey *out) {
    for (const KeyName &k : kKeys)
        if (name == k.name) {
            *out = k.key;
            return true;
        }
    return false;
}

bool is_value_key(CondKey k) {
    return k == CondKey::MaxUdp || k == CondKey::MaxData || k == CondKey::BidiLocal ||
           k == CondKey::Acid || k == CondKey::Idle;
}

bool is_tp_key(CondKey k) {
    return k == CondKey::TpOrder || k == CondKey::TpSeq || k == CondKey::TpFirst ||
           k == CondKey::TpSet || k == CondKey::TpHas || k == CondKey::TpLacks;
}

// The value side of one condition.
bool parse_condition_value(Condition *c, std::string_view value, std::string *why) {
    if (is_value_key(c->key)) {
        uint64_t v = 0;
        if (value == "-")
            c->absent = true;
        else if (parse_uint(value, 10, &v))
            c->nums.push_back(v);
        else
            return *why = "expected a decimal value or '-'", false;
        return true;
    }
    if (c->key == CondKey::Grease) {
        if (value != "yes" && value != "no")
            return *why = "grease must be yes or no", false;
        c->yes = value == "yes";
        return true;
    }
    std::vector<std::string_view> items = split(value, ',');
    if (items.size() > kMaxListItems)
        return *why = "list longer than kMaxListItems", false;
    if (c->key == CondKey::TpFirst && items.size() != 1)
        return *why = "tp_first takes one id", false;
    for (std::string_view it : items) {
        if (it.empty())
            return *why = "empty list item", false;
        uint64_t v = 0;
        if (c->key == CondKey::Version) {
            if (!parse_version(it, &v))
                return *why = "bad version '" + std::string(it) + "'", false;
            c->nums.push_back(v);
        } else if (is_tp_key(c->key)) {
            if (!parse_tp(it, &v))
                return *why = "bad transport parameter id '" + std::string(it) + "'", false;
            c->nums.push_back(v);
        } else {
            c->strs.emplace_back(it);
        }
    }
    return true;
}

bool parse_conditions(std::string_view text, std::vector<Condition> *out, std::string *why) {
    for (std::string_view part : split(text, ';')) {
        if (part.empty())
            continue;
        size_t eq = part.find('=');
        if (eq == std::string_view::npos)
            return *why = "condition without '=': '" + std::string(part) + "'", false;
        Condition c;
        std::string_view name = trim(part.substr(0, eq));
        if (!lookup_key(name, &c.key))
            return *why = "unknown key '" + std::string(name) + "'", false;
        if (!parse_condition_value(&c, trim(part.substr(eq + 1)), why))
            return *why = std::string(name) + ": " + *why, false;
        out->push_back(std::move(c));
    }
    if (out->empty())
        return *why = "no conditions", false;
    if (out->size() > kMaxConditions)
        return *why = "more than kMaxConditions conditions", false;
    return true;
}

// "stack<TAB>confidence<TAB>conditions<TAB>source"
bool parse_line(std::string_view line, Signature *sig, std::string *why) {
    std::vector<std::string_view> cols;
    while (true) {
        size_t p = line.find('\t');
        cols.push_back(trim(line.substr(0, p)));
        if (p == std::string_view::npos)
            break;
        line.remove_prefix(p + 1);
    }
    if (cols.size() != 4)
        return *why = "expected 4 tab-separated columns, got " + std::to_string(cols.size()), false;
    if (cols[0].empty())
        return *why = "empty stack name", false;
    uint64_t conf = 0;
    if (!parse_uint(cols[1], 10, &conf) || conf > 100)
        return *why = "confidence must be 0-100", false;
    if (cols[3].empty())
        return *why = "empty source", false;
    sig->stack = std::string(cols[0]);
    sig->confidence = static_cast<int>(conf);
    sig->source = std::string(cols[3]);
    return parse_conditions(cols[2], &sig->conditions, why);
}

bool fail_at(std::string *error, const std::string &origin, size_t line, const std::string &why) {
    if (error)
        *error = origin + ":" + std::to_string(line) + ": " + why;
    return false;
}

} // namespace

bool Catalog::load_text(std::string_view text, const std::string &origin, std::string *error) {
    if (text.size() > kMaxCatalogBytes)
        return fail_at(error, origin, 0, "larger than kMaxCatalogBytes");
    std::vector<Signature> fresh;
    size_t lineno = 0;
    while (!text.empty()) {
        ++lineno;
        const std::string_view line = traits::next_line(&text);
        if (line.size() > kMaxLineBytes)
            return fail_at(error, origin, lineno, "line longer than kMaxLineBytes");
        std::string_view t = trim(line);
        if (t.empty() || t.front() == '#')
            continue;
        Signature sig;
        std::string why;
        if (!parse_line(line, &sig, &why))
            return fail_at(error, origin, lineno, why);
        if (sigs_.size() + fresh.size() >= kMaxSignatures)
            return fail_at(error, origin, lineno, "more than kMaxSignatures signatures");
        sig.origin = origin;
        sig.line = lineno;
        fresh.push_back(std::move(sig));
    }
    for (Signature &s : fresh)
        sigs_.push_back(std::move(s));
    return true;
}

bool Catalog::load_file(const std::string &path, std::string *error) {
    std::string text; // bounded like every catalog (trait_tsv.h)
    return traits::read_bounded_file(path, traits::kMaxFileBytes, &text, error) &&
           load_text(text, path, error);
}

// ================================================================================================
// Matching
// ================================================================================================
namespace {

// The ClientHello reduced once for all signatures.
struct Prepared {
    const ClientHelloInfo *ch;
    std::vector<uint64_t> tps; // normalized, capped at kMaxTps
};

bool contains(const std::vector<uint64_t> &v, uint64_t x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

// Every listed id present, and in this relative order (first occurrences).
bool in_sequence(const std::vector<uint64_t> &tps, const std::vector<uint64_t> &want) {
    size_t i = 0;
    for (uint64_t id : tps) {
        if (i < want.size() && id == want[i])
            ++i;
    }
    return i == want.size();
}

bool same_set(std::vector<uint64_t> a, std::vector<uint64_t> b) {
    std::sort(a.begin(), a.end());
    a.erase(std::unique(a.begin(), a.end()), a.end());
    std::sort(b.begin(), b.end());
    b.erase(std::unique(b.begin(), b.end()), b.end());
    return a == b;
}

bool value_matches(const Condition &c, const std::optional<uint64_t> &v) {
    if (c.absent)
        return !v.has_value();
    return v.has_value() && !c.nums.empty() && *v == c.nums[0];
}

bool tp_condition(const Condition &c, const std::vector<uint64_t> &tps) {
    switch (c.key) {
    case CondKey::TpOrder: return tps == c.nums;
    case CondKey::TpSeq: return in_sequence(tps, c.nums);
    case CondKey::TpFirst: return !tps.empty() && tps[0] == c.nums[0];
    case CondKey::TpSet: return same_set(tps, c.nums);
    case CondKey::TpHas:
        return std::all_of(c.nums.begin(), c.nums.end(),
                           [&](uint64_t id) { return contains(tps, id); });
    case CondKey::TpLacks:
        return std::none_of(c.nums.begin(), c.nums.end(),
                            [&](uint64_t id) { return contains(tps, id); });
    default: return false;
    }
}

bool alpn_condition(const Condition &c, const std::vector<std::string> &alpn) {
    const size_t n = std::min(alpn.size(), kMaxAlpns);
    if (c.key == CondKey::Alpn)
        return n == c.strs.size() && std::equal(c.strs.begin(), c.strs.end(), alpn.begin());
    return std::any_of(c.strs.begin(), c.strs.end(), [&](const std::string &want) {
        return std::find(alpn.begin(), alpn.begin() + static_cast<long>(n), want) !=
               alpn.begin() + static_cast<long>(n);
    });
}

bool condition_matches(const Condition &c, const Prepared &p) {
    const ClientHelloInfo &ch = *p.ch;
    switch (c.key) {
    case CondKey::Version: return contains(c.nums, ch.version);
    case CondKey::MaxUdp: return value_matches(c, ch.max_udp_payload_size);
    case CondKey::MaxData: return value_matches(c, ch.initial_max_data);
    case CondKey::BidiLocal: return value_matches(c, ch.initial_max_stream_data_bidi_local);
    case CondKey::Acid: return value_matches(c, ch.active_connection_id_limit);
    case CondKey::Idle: return value_matches(c, ch.max_idle_timeout);
    case CondKey::Grease: return contains(p.tps, kTpGreaseNormalized) == c.yes;
    case CondKey::Alpn:
    case CondKey::AlpnHas: return alpn_condition(c, ch.alpn);
    case CondKey::Ja4: return !c.strs.empty() && ch.ja4 == c.strs[0];
    case CondKey::Ja4Prefix:
        return !c.strs.empty() && ch.ja4.compare(0, c.strs[0].size(), c.strs[0]) == 0;
    default: return tp_condition(c, p.tps);
    }
}

bool signature_matches(const Signature &s, const Prepared &p) {
    return std::all_of(s.conditions.begin(), s.conditions.end(),
                       [&](const Condition &c) { return condition_matches(c, p); });
}

// Higher confidence wins; then the more specific signature; then the earlier line.
bool better(const Signature &a, const Signature &b) {
    if (a.confidence != b.confidence)
        return a.confidence > b.confidence;
    return a.conditions.size() > b.conditions.size();
}

} // namespace

Match Catalog::match(const ClientHelloInfo &ch) const {
    Prepared p{&ch, {}};
    const size_t n = std::min(ch.tp_ids.size(), kMaxTps);
    for (size_t i = 0; i < n; ++i)
        p.tps.push_back(normalize_tp(ch.tp_ids[i]));

    std::vector<const Signature *> hits;
    for (const Signature &s : sigs_)
        if (signature_matches(s, p))
            hits.push_back(&s);
    const Signature *best = nullptr;
    for (const Signature *s : hits)
        if (!best || better(*s, *best))
            best = s;
    const Signature *other = nullptr; // the best signature naming a different stack
    for (const Signature *s : hits)
        if (best && s->stack != best->stack && (!other || better(*s, *other)))
            other = s;
    Match m;
    if (!best)
        return m;
    m.matched = true;
    m.stack = best->stack;
    m.confidence = best->confidence;
    m.origin = best->origin;
    m.line = best->line;
    m.source = best->source;
    if (other) {
        m.runner_up = other->stack;
        m.ambiguous = other->confidence == best->confidence;
    }
    return m;
}

} // namespace huntpack::quicstack
