// SPDX-License-Identifier: GPL-2.0-or-later
// ua::required_literal: the longest literal every match of a uap-core regex must contain, read
// from the pattern's syntax (classes, groups, alternations, quantifiers), for the prefilter that
// skips a rule's PCRE2 match when the user agent lacks it (ua_parser.cpp). Conservative: any
// construct it does not follow gives "" (no prefilter). Fuzzed by fuzz_ua_literal.
#include "ua_parser.h"
#include "ua_util.h"

#include <string>
#include <string_view>

namespace huntpack::ua {
using namespace detail;

namespace {

bool is_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr size_t kNpos = std::string_view::npos;

// Index of the ']' closing the class that opens at p[i] == '[', or kNpos. A ']' right after
// "[" or "[^" is a member; "[:name:]" inside is skipped whole; "\x" escapes one character.
size_t class_end(std::string_view p, size_t i) {
    size_t j = i + 1;
    if (j < p.size() && p[j] == '^')
        ++j;
    if (j < p.size() && p[j] == ']')
        ++j;
    while (j < p.size()) {
        if (p[j] == '\\') {
            j += 2;
        } else if (p[j] == '[' && j + 1 < p.size() && p[j + 1] == ':') {
            size_t k = p.find(":]", j + 2);
            if (k == kNpos)
                return kNpos;
            j = k + 2;
        } else if (p[j] == ']') {
            return j;
        } else {
            ++j;
        }
    }
    return kNpos;
}

// Index of the ')' closing the group that opens at p[i] == '(', or kNpos; *alt: a '|' directly
// inside it (not in a nested group or a class).
size_t group_end(std::string_view p, size_t i, bool *alt) {
    int depth = 0;
    size_t j = i;
    while (j < p.size()) {
        const char c = p[j];
        if (c == '\\') {
            j += 2;
            continue;
        }
        if (c == '[') {
            j = class_end(p, j);
            if (j == kNpos)
                return kNpos;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')') {
            if (--depth == 0)
                return j;
        } else if (c == '|' && depth == 1) {
            *alt = true;
        }
        ++j;
    }
    return kNpos;
}

enum class Quant { None, Optional, Required };

// "{n}", "{n,}" or "{n,m}" at p[j]: true with the minimum and the length.
bool brace_quantifier(std::string_view p, size_t j, unsigned long *min, size_t *len) {
    size_t d = j + 1;
    *min = 0;
    while (d < p.size() && p[d] >= '0' && p[d] <= '9' && d - j < 8)
        *min = *min * 10 + static_cast<unsigned long>(p[d++] - '0');
    if (d == j + 1)
        return false;
    if (d < p.size() && p[d] == ',') {
        ++d;
        while (d < p.size() && p[d] >= '0' && p[d] <= '9')
            ++d;
    }
    if (d >= p.size() || p[d] != '}')
        return false;
    *len = d + 1 - j;
    return true;
}

// The quantifier at p[j] (?, *, +, {n}, {n,}, {n,m}, each maybe followed by a lazy '?' or a
// possessive '+'): what it makes of the atom before it, and its length in *len. Any other '{'
// (a literal for PCRE2 10.42, but "{,m}" and "{ n }" quantify from 10.43) makes the atom
// Optional with *len 0: the '{' is then read as an atom of its own.
Quant quantifier(std::string_view p, size_t j, size_t *len) {
    *len = 0;
    if (j >= p.size())
        return Quant::None;
    Quant q = Quant::None;
    size_t k = j;
    unsigned long min = 0;
    size_t blen = 0;
    if (p[j] == '?' || p[j] == '*') {
        q = Quant::Optional;
        k = j + 1;
    } else if (p[j] == '+') {
        q = Quant::Required;
        k = j + 1;
    } else if (p[j] == '{') {
        if (!brace_quantifier(p, j, &min, &blen))
            return Quant::Optional;
        q = min == 0 ? Quant::Optional : Quant::Required;
        k = j + blen;
    } else {
        return Quant::None;
    }
    if (k < p.size() && (p[k] == '?' || p[k] == '+'))
        ++k;
    *len = k - j;
    return q;
}

struct LiteralScan {
    std::string_view p;
    std::string best, run;
    bool give_up = false;

    void flush() {
        if (run.size() > best.size())
            best = run;
        run.clear();
    }

    // The atoms of p[i, end): a sequence without alternation at its own level.
    void sequence(size_t i, size_t end, int depth) {
        if (depth > 32) { // nesting this deep: not worth reading
            give_up = true;
            return;
        }
        while (i < end && !give_up) {
            const char c = p[i];
            size_t next = i + 1;
            std::string_view lit; // the atom's characters when it is one literal character
            size_t g_begin = 0, g_end = 0;
            bool inline_group = false;
            if (c == '\\') {
                if (i + 1 >= end) {
                    give_up = true;
                    return;
                }
                const char e = p[i + 1];
                if (is_alnum(e)) {
                    // Single-character escape classes and anchors; anything longer or rarer
                    // (\x.., \p{..}, \Q..\E, back-references) is not read.
                    static constexpr std::string_view kSimple = "dDwWsSbBAzZGhHvVRXntrfea";
                    if (kSimple.find(e) == kNpos) {
                        give_up = true;
                        return;
                    }
                } else if (static_cast<unsigned char>(e) >= 0x80) {
                    // An escaped UTF-8 character is one atom of several bytes: a quantifier after
                    // it applies to all of them (found by fuzz_ua_literal: "\\é?" matches "").
                    // Not in uap-core: not read.
                    give_up = true;
                    return;
                } else {
                    lit = p.substr(i + 1, 1);
                }
                next = i + 2;
            } else if (c == '[') {
                const size_t k = class_end(p, i);
                if (k == kNpos || k >= end) {
                    give_up = true;
                    return;
                }
                next = k + 1;
            } else if (c == '(') {
                bool alt = false;
                const size_t k = group_end(p, i, &alt);
                if (k == kNpos || k >= end) {
                    give_up = true;
                    return;
                }
                size_t body = i + 1;
                bool consumes = true; // not a look-around or a comment
                if (body < k && p[body] == '?') {
                    const char g = body + 1 < k ? p[body + 1] : '\0';
                    const char g2 = body + 2 < k ? p[body + 2] : '\0';
                    if (g == ':' || g == '>') {
                        body += 2;
                    } else if ((g == 'P' && g2 == '<') || (g == '<' && g2 != '=' && g2 != '!')) {
                        const size_t close = p.find('>', body);
                        if (close == kNpos || close >= k) {
                            give_up = true;
                            return;
                        }
                        body = close + 1;
                    } else if (g == '=' || g == '!' || g == '<') {
                        consumes = false; // look-ahead/-behind
                    } else {
                        // Inline flags, branch reset, recursion, ... and (?#comment), which PCRE
                        // drops: a quantifier after it applies to the atom before it (found by
                        // fuzz_ua_literal: "&(?#)*").
                        give_up = true;
                        return;
                    }
                }
                inline_group = consumes && !alt;
                g_begin = body;
                g_end = k;
                next = k + 1;
            } else if (c == ')' || c == '|' || c == '*' || c == '+' || c == '?') {
                give_up = true; // not where an atom starts (or unbalanced)
                return;
            } else if (c == '{') {
                unsigned long min = 0;
                size_t blen = 0;
                (void)brace_quantifier(p, i, &min, &blen);
                // A quantifier with no atom, or a '{' that PCRE2 reads as a literal or (from
                // 10.43, "{,m}") as a quantifier: what follows is not read.
                give_up = true;
                return;
            } else if (c == '.' || c == '^' || c == '$') {
                // not a literal
            } else {
                // One literal character; a UTF-8 sequence is one character for a quantifier.
                size_t n = 1;
                const auto b = static_cast<unsigned char>(c);
                if (b >= 0xf0)
                    n = 4;
                else if (b >= 0xe0)
                    n = 3;
                else if (b >= 0xc0)
                    n = 2;
                if (i + n > end) {
                    give_up = true;
                    return;
                }
                lit = p.substr(i, n);
                next = i + n;
            }
            size_t qlen = 0;
            const Quant q = quantifier(p, next, &qlen);
            if (next + qlen > end) {
                give_up = true;
                return;
            }
            if (q == Quant::Optional) {
                flush(); // the atom may be absent: nothing of it is required
            } else if (!lit.empty()) {
                run.append(lit);
                if (q == Quant::Required)
                    flush(); // repeated: what follows is not adjacent to this run
            } else if (inline_group) {
                sequence(g_begin, g_end, depth + 1); // the run goes on through the group
                if (q == Quant::Required)
                    flush();
            } else {
                flush();
            }
            i = next + qlen;
        }
    }
};

} // namespace

std::string required_literal(std::string_view pattern) {
    bool alt = false;
    // Alternation at the top: wrap the pattern as a group to find it with group_end.
    const std::string wrapped = "(" + std::string(pattern) + ")";
    if (group_end(wrapped, 0, &alt) != wrapped.size() - 1 || alt)
        return {};
    LiteralScan scan{pattern, {}, {}, false};
    scan.sequence(0, pattern.size(), 0);
    if (scan.give_up)
        return {};
    scan.flush();
    return scan.best;
}

} // namespace huntpack::ua
