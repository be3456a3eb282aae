// SPDX-License-Identifier: GPL-2.0-or-later
// ua::required_literal, the prefilter in front of every uap-core regex: on a fuzzed pattern it
// must not crash, and its promise must hold: input "PATTERN\0SUBJECT" (first byte's low bit:
// caseless); when GRegex compiles PATTERN and it matches SUBJECT, the literal is in SUBJECT
// (without case for a caseless pattern on ASCII, as UaParser compares it).
#include "fuzz_common.h"
#include "trait_tsv.h"
#include "ua_parser.h"

#include <glib.h>

#include <cstring>
#include <string>
using namespace huntpack;

namespace {
// Small enough that a fuzzed pattern's backtracking stays quick.
constexpr size_t kMaxPattern = 96, kMaxSubject = 128;

std::string lower(std::string_view s) { return traits::ascii_lower(s); }
bool ascii(const std::string &s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    return true;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1)
        return 0;
    const bool caseless = data[0] & 1;
    const char *p = reinterpret_cast<const char *>(data + 1);
    const size_t n = size - 1;
    const char *nul = static_cast<const char *>(std::memchr(p, 0, n));
    if (!nul)
        return 0;
    const std::string pattern(p, static_cast<size_t>(nul - p));
    const std::string subject(nul + 1, n - pattern.size() - 1);
    if (pattern.size() > kMaxPattern || subject.size() > kMaxSubject)
        return -1;
    std::string lit = ua::required_literal(pattern);
    HP_CHECK(lit.size() <= pattern.size());
    if (lit.empty() || !g_utf8_validate(pattern.data(), static_cast<gssize>(pattern.size()), nullptr) ||
        !g_utf8_validate(subject.data(), static_cast<gssize>(subject.size()), nullptr) ||
        std::memchr(subject.data(), 0, subject.size()))
        return 0;
    GRegex *re = g_regex_new(pattern.c_str(), caseless ? G_REGEX_CASELESS : static_cast<GRegexCompileFlags>(0),
                             static_cast<GRegexMatchFlags>(0), nullptr);
    if (!re)
        return 0;
    const bool match = g_regex_match(re, subject.c_str(), static_cast<GRegexMatchFlags>(0), nullptr);
    g_regex_unref(re);
    if (!match)
        return 0;
    if (!caseless)
        HP_CHECK(subject.find(lit) != std::string::npos);
    else if (ascii(lit) && ascii(subject))
        HP_CHECK(lower(subject).find(lower(lit)) != std::string::npos);
    return 0;
}
