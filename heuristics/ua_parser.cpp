// SPDX-License-Identifier: GPL-2.0-or-later
// User-agent parsing with uap-core's regexes.yaml: PCRE2 rules and the result cache (the YAML
// subset reader is ua_yaml.cpp, the required-literal prefilter ua_literal.cpp).
//
// References: ua-parser specification 0.2 (/usr/share/doc/uap-core/specification.md.gz);
// uap-python ua_parser/user_agent_parser.py (MultiReplace, default groups); PCRE2 (pcre2api(3),
// pcre2jit(3)); GLib's GRegex, whose dialect the rules keep (see kCompileOptions).
// Limitations: see ua_parser.h. GLib and PCRE2 are used only here; the header has neither.
#include "ua_parser.h"
#include "trait_tsv.h" // ascii_lower
#include "ua_util.h"

#include <glib.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <array>
#include <unordered_map>
#include <utility>

namespace huntpack::ua {
using namespace detail;

// ================================================================================================
// Rules
// ================================================================================================

namespace {

struct CodeDeleter {
    void operator()(pcre2_code *c) const { pcre2_code_free(c); }
};
using CodePtr = std::unique_ptr<pcre2_code, CodeDeleter>;
struct MatchDataDeleter {
    void operator()(pcre2_match_data *m) const { pcre2_match_data_free(m); }
};
struct MatchContextDeleter {
    void operator()(pcre2_match_context *m) const { pcre2_match_context_free(m); }
};
struct JitStackDeleter {
    void operator()(pcre2_jit_stack *j) const { pcre2_jit_stack_free(j); }
};
struct CompileContextDeleter {
    void operator()(pcre2_compile_context *c) const { pcre2_compile_context_free(c); }
};

// The rules are written for uap's reference implementations and were run here through GLib's
// GRegex until the per-match allocations of g_regex_match_full (match info, match data, match
// context: three quarters of the matching time, measured with perf) moved them to PCRE2 itself,
// with one match data and match context per parser. The dialect is GRegex's (GLib 2.74, checked
// by test_ua_parser's dialect test): UTF-8 with Unicode properties (\w, \d, [[:alpha:]] and
// caseless matching beyond ASCII) and any Unicode newline (so '.' does not match CR).
constexpr uint32_t kCompileOptions = PCRE2_UTF | PCRE2_UCP;
// Ovector pairs: uap replacements name groups $1..$9, defaults use groups 1..5.
constexpr uint32_t kOvectorPairs = 16;
// JIT stack: PCRE2's default is 32 KiB of machine stack; a long subject on a rule with nested
// repeats can need more. A match that still runs out is retried in the interpreter.
constexpr size_t kJitStackStart = 32 * 1024, kJitStackMax = 512 * 1024;

pcre2_compile_context *compile_context() {
    static const std::unique_ptr<pcre2_compile_context, CompileContextDeleter> ctx = [] {
        pcre2_compile_context *c = pcre2_compile_context_create(nullptr);
        if (c)
            pcre2_set_newline(c, PCRE2_NEWLINE_ANY);
        return std::unique_ptr<pcre2_compile_context, CompileContextDeleter>(c);
    }();
    return ctx.get();
}

constexpr size_t kSlots = 5;

// A slot's default when it has no replacement: a capture group (1-based) or 0 for "unset".
struct RuleKind {
    std::array<const char *, kSlots> replacement_keys;
    std::array<int, kSlots> default_group;
};
// uap spec tables: user_agent_parsers, os_parsers, device_parsers (device: family, brand, model).
constexpr RuleKind kUaKind{
    {"family_replacement", "v1_replacement", "v2_replacement", "v3_replacement", "v4_replacement"},
    {1, 2, 3, 4, 5}};
constexpr RuleKind kOsKind{{"os_replacement", "os_v1_replacement", "os_v2_replacement",
                            "os_v3_replacement", "os_v4_replacement"},
                           {1, 2, 3, 4, 5}};
constexpr RuleKind kDeviceKind{
    {"device_replacement", "brand_replacement", "model_replacement", nullptr, nullptr},
    {1, 0, 1, 0, 0}};

// Rules are JIT-compiled when first used. Measured with GRegex on 3,000 test_device.yaml UAs
// (-O2, Debian 12, GLib 2.74): without JIT load 18 ms and 1.0 ms per distinct UA; with it load
// 100 ms and 0.32 ms per UA. Loading happens once, distinct UAs scale with the capture: it pays.

enum class CompileState : uint8_t { NotYet, Ok, Failed };

struct Rule {
    std::string pattern;
    bool caseless = false;
    size_t line = 0;
    std::array<std::string, kSlots> repl;
    std::array<bool, kSlots> has_repl{};
    CompileState state = CompileState::NotYet;
    CodePtr regex;
    std::string literal; // required_literal(pattern), lowercased for a caseless rule; "" = none
};

using Slots = std::array<std::string, kSlots>;

bool build_rules(const YamlSection &sec, const RuleKind &kind, std::vector<Rule> *out,
                 std::string *error) {
    for (const YamlEntry &e : sec.entries) {
        const std::string *re = e.get("regex");
        if (!re)
            return yaml_fail(error, e.line, sec.name + " entry without 'regex'");
        Rule r;
        r.pattern = *re;
        r.line = e.line;
        if (const std::string *flag = e.get("regex_flag"))
            r.caseless = *flag == "i";
        r.literal = required_literal(r.pattern);
        if (r.caseless) {
            // Compared without case only on ASCII (see the header).
            r.literal = is_ascii(r.literal) ? traits::ascii_lower(r.literal) : std::string();
        }
        for (size_t i = 0; i < kSlots; ++i) {
            if (!kind.replacement_keys[i])
                continue;
            if (const std::string *v = e.get(kind.replacement_keys[i])) {
                r.repl[i] = *v;
                r.has_repl[i] = true;
            }
        }
        out->push_back(std::move(r));
    }
    return true;
}

// Compiles r's regex (JIT unless just_check; a check compiles without JIT and frees it: about a
// fifth of the cost, measured in test_ua_parser). A failure is remembered and reported once.
bool compile_rule(Rule &r, std::string *error, bool just_check = false) {
    if (r.state != CompileState::NotYet)
        return r.state == CompileState::Ok;
    int code = 0;
    PCRE2_SIZE offset = 0;
    const uint32_t options = kCompileOptions | (r.caseless ? PCRE2_CASELESS : 0);
    CodePtr re(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(r.pattern.data()), r.pattern.size(),
                             options, &code, &offset, compile_context()));
    if (!re) {
        if (error && error->empty()) {
            PCRE2_UCHAR msg[160];
            if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
                msg[0] = 0;
            *error = "line " + std::to_string(r.line) + ": bad regex: " +
                     reinterpret_cast<const char *>(msg) + " at offset " + std::to_string(offset);
        }
        r.state = CompileState::Failed;
        return false;
    }
    if (just_check)
        return true;
    // A rule JIT cannot compile still runs in the interpreter (pcre2_match falls back itself).
    pcre2_jit_compile(re.get(), PCRE2_JIT_COMPLETE);
    r.regex = std::move(re);
    r.state = CompileState::Ok;
    return true;
}

// What one parser reuses for every match: no allocation per match.
struct Matcher {
    std::unique_ptr<pcre2_match_data, MatchDataDeleter> data{
        pcre2_match_data_create(kOvectorPairs, nullptr)};
    std::unique_ptr<pcre2_match_context, MatchContextDeleter> context{
        pcre2_match_context_create(nullptr)};
    std::unique_ptr<pcre2_jit_stack, JitStackDeleter> jit_stack{
        pcre2_jit_stack_create(kJitStackStart, kJitStackMax, nullptr)};
    Matcher() {
        if (context && jit_stack)
            pcre2_jit_stack_assign(context.get(), nullptr, jit_stack.get());
    }
    bool ok() const { return data && context; }
};

// A match's groups, read from the match data of the last successful pcre2_match.
struct Groups {
    std::string_view subject;
    const PCRE2_SIZE *ovector;
    int count; // pcre2_match's return: groups set + 1, or 0 when the ovector was too small

    std::string text(int n) const {
        const int limit = count == 0 ? static_cast<int>(kOvectorPairs) : count;
        if (n <= 0 || n >= limit)
            return {};
        const PCRE2_SIZE s = ovector[2 * n], e = ovector[2 * n + 1];
        if (s == PCRE2_UNSET || e < s || e > subject.size())
            return {};
        return std::string(subject.substr(s, e - s));
    }
};

// "$N" -> group N (or "" if absent), then trimmed: uap-python's MultiReplace.
std::string substitute(const std::string &tmpl, const Groups &g) {
    std::string out;
    for (size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] == '$' && i + 1 < tmpl.size() && tmpl[i + 1] >= '1' && tmpl[i + 1] <= '9') {
            out += g.text(tmpl[i + 1] - '0');
            ++i;
        } else {
            out.push_back(tmpl[i]);
        }
    }
    return std::string(trim(out));
}

// A subject to match, with what the prefilter compares a caseless rule's literal against.
struct Subject {
    std::string_view text;
    std::string lower; // ASCII-lowercased text, when text is all ASCII
    bool ascii = false;
    // PCRE2 checks the subject's UTF-8 on the first match only; later matches skip the check.
    // (The subject is valid by construction: make_valid_utf8; a failed check makes it unmatched.)
    mutable bool utf_checked = false, utf_bad = false;
    explicit Subject(std::string_view t) : text(t), ascii(is_ascii(t)) {
        if (ascii)
            lower = traits::ascii_lower(t);
    }
    // False only when no match of r's regex is possible (r's literal is absent).
    bool may_match(const Rule &r) const {
        if (r.literal.empty())
            return true;
        if (!r.caseless)
            return text.find(r.literal) != std::string_view::npos;
        return !ascii || lower.find(r.literal) != std::string::npos;
    }
};

// Runs r on the subject; > 0 (or 0: ovector too small) on a match.
int match_rule(const Rule &r, const Subject &sub, Matcher &m) {
    if (sub.utf_bad)
        return PCRE2_ERROR_NOMATCH;
    const auto *text = reinterpret_cast<PCRE2_SPTR>(sub.text.data());
    const uint32_t options = sub.utf_checked ? PCRE2_NO_UTF_CHECK : 0;
    int rc = pcre2_match(r.regex.get(), text, sub.text.size(), 0, options, m.data.get(),
                         m.context.get());
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
        rc = pcre2_match(r.regex.get(), text, sub.text.size(), 0, options | PCRE2_NO_JIT,
                         m.data.get(), m.context.get());
    if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21)
        sub.utf_bad = true;
    sub.utf_checked = true;
    return rc;
}

// First matching rule fills the slots; false if none matched.
bool run_rules(std::vector<Rule> &rules, const RuleKind &kind, const Subject &sub, Matcher &m,
               Slots *slots) {
    if (!m.ok())
        return false;
    for (Rule &r : rules) {
        if (!sub.may_match(r) || !compile_rule(r, nullptr))
            continue;
        const int rc = match_rule(r, sub, m);
        if (rc < 0)
            continue;
        const Groups g{sub.text, pcre2_get_ovector_pointer(m.data.get()), rc};
        for (size_t i = 0; i < kSlots; ++i) {
            if (r.has_repl[i])
                (*slots)[i] = substitute(r.repl[i], g);
            else
                (*slots)[i] = g.text(kind.default_group[i]);
        }
        return true;
    }
    return false;
}

// Joins the non-empty leading components with '.'.
std::string join_version(const std::string *parts, size_t n) {
    std::string v;
    for (size_t i = 0; i < n && !parts[i].empty(); ++i) {
        if (i)
            v.push_back('.');
        v += parts[i];
    }
    return v;
}

// Byte length of s capped at kMaxUaBytes, backed off so a UTF-8 sequence is not cut.
size_t capped_length(std::string_view s) {
    if (s.size() <= kMaxUaBytes)
        return s.size();
    size_t n = kMaxUaBytes;
    for (size_t k = 0; k < 3 && n > 0 && (static_cast<unsigned char>(s[n]) & 0xc0) == 0x80; ++k)
        --n;
    return n;
}

// Invalid UTF-8 (and NUL) bytes -> U+FFFD. Returns true if anything was replaced.
bool make_valid_utf8(std::string_view in, std::string *out) {
    out->clear();
    bool replaced = false;
    while (!in.empty()) {
        const gchar *end = nullptr;
        if (g_utf8_validate_len(in.data(), in.size(), &end)) {
            out->append(in.data(), in.size());
            break;
        }
        size_t good = static_cast<size_t>(end - in.data());
        out->append(in.data(), good);
        out->append("\xEF\xBF\xBD");
        in.remove_prefix(good + 1);
        replaced = true;
    }
    return replaced;
}

} // namespace

// ================================================================================================
// UaParser
// ================================================================================================
struct UaParser::Impl {
    std::vector<Rule> ua_rules, os_rules, device_rules;
    std::unordered_map<std::string, Result> cache;
    Matcher matcher;
    bool loaded = false;

    Result compute(std::string_view raw);
};

Result UaParser::Impl::compute(std::string_view raw) {
    Result r;
    size_t n = capped_length(raw);
    r.truncated = n < raw.size();
    std::string subject;
    r.invalid_utf8 = make_valid_utf8(raw.substr(0, n), &subject);
    std::string rewritten = chrome_quic_uaid_to_ua(subject, &r.browser_channel);
    const bool via_uaid = !rewritten.empty();
    if (via_uaid)
        subject = std::move(rewritten);

    const Subject sub(subject);
    Slots s;
    if (run_rules(ua_rules, kUaKind, sub, matcher, &s)) {
        r.basis = Basis::Uap;
        r.browser = s[0].empty() ? "Other" : s[0];
        r.browser_major = s[1], r.browser_minor = s[2], r.browser_patch = s[3];
        r.browser_patch_minor = s[4];
    }
    s = Slots{};
    if (run_rules(os_rules, kOsKind, sub, matcher, &s)) {
        r.basis = Basis::Uap;
        r.os = s[0].empty() ? "Other" : s[0];
        r.os_major = s[1], r.os_minor = s[2], r.os_patch = s[3], r.os_patch_minor = s[4];
    }
    s = Slots{};
    if (run_rules(device_rules, kDeviceKind, sub, matcher, &s)) {
        r.basis = Basis::Uap;
        // A family that trims to nothing ("\n\n" captured by a device rule's group) is
        // "Other", like no family (found by fuzz_ua_parse).
        const std::string_view family = trim(s[0]);
        r.device = family.empty() ? "Other" : std::string(family);
        r.device_brand = s[1];
        r.device_model = std::string(trim(s[2]));
    }
    if (r.basis == Basis::Uap && via_uaid)
        r.basis = Basis::ChromeQuicUaid;
    const std::string bv[] = {r.browser_major, r.browser_minor, r.browser_patch};
    r.browser_version = join_version(bv, 3);
    const std::string ov[] = {r.os_major, r.os_minor, r.os_patch, r.os_patch_minor};
    r.os_version = join_version(ov, 4);
    return r;
}

UaParser::UaParser() : impl_(std::make_unique<Impl>()) {}
UaParser::~UaParser() = default;
UaParser::UaParser(UaParser &&) noexcept = default;
UaParser &UaParser::operator=(UaParser &&) noexcept = default;

bool UaParser::load_text(std::string_view yaml, std::string *error) {
    std::vector<YamlSection> doc;
    if (!parse_uap_yaml(yaml, &doc, error))
        return false;
    auto fresh = std::make_unique<Impl>();
    for (const YamlSection &sec : doc) {
        bool ok = true;
        if (sec.name == "user_agent_parsers")
            ok = build_rules(sec, kUaKind, &fresh->ua_rules, error);
        else if (sec.name == "os_parsers")
            ok = build_rules(sec, kOsKind, &fresh->os_rules, error);
        else if (sec.name == "device_parsers")
            ok = build_rules(sec, kDeviceKind, &fresh->device_rules, error);
        if (!ok)
            return false;
    }
    if (fresh->ua_rules.empty() && fresh->os_rules.empty() && fresh->device_rules.empty()) {
        if (error)
            *error = "no user_agent_parsers, os_parsers or device_parsers";
        return false;
    }
    // Check every regex here (without JIT: the JIT compile of a rule waits until its prefilter
    // first passes, and most never do), so a bad one is reported with its line rather than
    // skipped silently later.
    std::string why;
    size_t failed = 0;
    for (auto *rules : {&fresh->ua_rules, &fresh->os_rules, &fresh->device_rules})
        for (Rule &r : *rules)
            failed += compile_rule(r, &why, /*just_check=*/true) ? 0 : 1;
    if (failed != 0) {
        if (error)
            *error = why;
        return false;
    }
    UaParser candidate;
    candidate.impl_ = std::move(fresh);
    candidate.impl_->loaded = true;
    impl_ = std::move(candidate.impl_);
    return true;
}

bool UaParser::load(const std::string &path, std::string *error) {
    // Bounded while reading: a huge file is refused before it is all in memory.
    std::string text;
    if (!traits::read_bounded_file(path, kMaxYamlBytes, &text, error))
        return false;
    if (!load_text(text, error)) {
        if (error)
            *error = path + ": " + *error;
        return false;
    }
    return true;
}

bool UaParser::loaded() const { return impl_ && impl_->loaded; }

size_t UaParser::compile_all(std::string *error) {
    size_t failed = 0;
    if (!impl_)
        return 0;
    for (auto *rules : {&impl_->ua_rules, &impl_->os_rules, &impl_->device_rules})
        for (Rule &r : *rules)
            failed += compile_rule(r, error) ? 0 : 1;
    return failed;
}

Result UaParser::parse(std::string_view ua) {
    if (!impl_)
        impl_ = std::make_unique<Impl>();
    std::string key(ua.substr(0, capped_length(ua)));
    auto it = impl_->cache.find(key);
    if (it != impl_->cache.end()) {
        Result hit = it->second;
        hit.truncated = key.size() < ua.size();
        return hit;
    }
    Result r = impl_->compute(ua);
    if (impl_->cache.size() >= kCacheCapacity)
        impl_->cache.clear();
    impl_->cache.emplace(std::move(key), r);
    return r;
}

LoadStats UaParser::stats() const {
    LoadStats st;
    if (!impl_)
        return st;
    st.ua_rules = impl_->ua_rules.size();
    st.os_rules = impl_->os_rules.size();
    st.device_rules = impl_->device_rules.size();
    for (auto *rules : {&impl_->ua_rules, &impl_->os_rules, &impl_->device_rules})
        for (const Rule &r : *rules) {
            st.validated += r.state != CompileState::Failed ? 1 : 0;
            st.compiled += r.state == CompileState::Ok ? 1 : 0;
            st.compile_errors += r.state == CompileState::Failed ? 1 : 0;
            st.with_literal += r.literal.empty() ? 0 : 1;
        }
    return st;
}

size_t UaParser::cache_size() const { return impl_ ? impl_->cache.size() : 0; }

namespace {

// Chromium channel names are short lowercase words (chrome/common/channel_info.cc: "canary",
// "dev", "beta", "extended", "unknown").
constexpr size_t kMaxChannelWord = 16;

bool is_lower_word(std::string_view w) {
    if (w.empty() || w.size() > kMaxChannelWord)
        return false;
    for (char c : w)
        if (c < 'a' || c > 'z')
            return false;
    return true;
}

// "<digits>(.<digits>){1,3}"
bool is_dotted_version(std::string_view v) {
    size_t dots = 0;
    bool digit_before = false;
    for (char c : v) {
        if (c == '.') {
            if (!digit_before)
                return false;
            ++dots;
            digit_before = false;
        } else if (c >= '0' && c <= '9') {
            digit_before = true;
        } else {
            return false;
        }
    }
    return digit_before && dots >= 1 && dots <= 3;
}

} // namespace

std::string chrome_quic_uaid_to_ua(std::string_view ua, std::string *channel) {
    constexpr std::string_view kProduct = "Chrome/";
    size_t at = ua.find(kProduct);
    if (at == std::string_view::npos || ua.find_first_of("()") != std::string_view::npos)
        return {};
    std::string_view chan;
    if (at > 0) {
        chan = ua.substr(0, at);
        if (chan.back() != ' ' || !is_lower_word(chan.substr(0, chan.size() - 1)))
            return {};
        chan.remove_suffix(1);
    }
    std::string_view rest = ua.substr(at + kProduct.size());
    size_t sp = rest.find(' ');
    if (sp == std::string_view::npos)
        return {};
    std::string_view version = rest.substr(0, sp);
    std::string_view os_cpu = trim(rest.substr(sp + 1));
    if (!is_dotted_version(version) || os_cpu.empty())
        return {};
    if (channel)
        *channel = std::string(chan);
    std::string full = "Mozilla/5.0 (";
    if (os_cpu.substr(0, 8) == "Android ")
        full += "Linux; ";
    full += os_cpu;
    full += ") AppleWebKit/537.36 (KHTML, like Gecko) Chrome/";
    full += version;
    full += " Safari/537.36";
    return full;
}

} // namespace huntpack::ua
