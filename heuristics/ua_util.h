// SPDX-License-Identifier: GPL-2.0-or-later
// ua_util.h: helpers shared by ua_yaml.cpp (the regexes.yaml reader), ua_literal.cpp (the
// required-literal prefilter) and ua_parser.cpp (the rules); not part of the public API
// (ua_parser.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace huntpack::ua::detail {

inline bool is_space(char c) { return c == ' ' || c == '\t'; }

inline bool is_ascii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    return true;
}

// Spaces, tabs, CR and LF off both ends.
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (is_space(s.front()) || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (is_space(s.back()) || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

// Sets *error to "line N: why" and returns false (a rejected regexes.yaml).
inline bool yaml_fail(std::string *error, size_t line, const std::string &why) {
    if (error)
        *error = "line " + std::to_string(line) + ": " + why;
    return false;
}

} // namespace huntpack::ua::detail
