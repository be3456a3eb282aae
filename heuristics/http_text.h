// SPDX-License-Identifier: GPL-2.0-or-later
// Shared by http_message.cpp (heads) and http_body.cpp (bodies): the text helpers and the line
// finder that reproduce packet-http.c's GLib/C-locale semantics. Internal to the HTTP parser.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

namespace huntpack::http::detail {

constexpr size_t npos = std::string_view::npos;

// ---- small text helpers (GLib/C-locale semantics Wireshark relies on) ---------------------

inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

inline bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

inline bool is_space(char c) { // g_ascii_isspace / isspace in the C locale
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline int hex_value(char c) {
    if (is_digit(c))
        return c - '0';
    const char l = lower(c);
    return (l >= 'a' && l <= 'f') ? l - 'a' + 10 : -1;
}

// The prologue of strtol/strtoul/g_ascii_strtoll: leading blanks (C-locale isspace) and one
// optional sign. Returns the index after them; *neg tells whether the sign was '-'.
inline size_t skip_blanks_and_sign(std::string_view s, bool *neg) {
    size_t i = 0;
    while (i < s.size() && is_space(s[i]))
        ++i;
    *neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-'))
        *neg = s[i++] == '-';
    return i;
}

// The C string Wireshark copies a value into ends at the first NUL.
inline std::string_view until_nul(std::string_view s) {
    const size_t z = s.find('\0');
    return z == npos ? s : s.substr(0, z);
}

// is_token_char() in packet-http.c: RFC 7230 tchar as Wireshark spells it ('\\' and ':'
// instead of '\'').
inline bool is_ws_token_char(unsigned char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return c != 0 && std::strchr("!#$%&\\:*+-.^_`|~", c) != nullptr;
}

// ---- lines (tvb_find_line_end) --------------------------------------------------------------

struct Line {
    size_t len = 0;    // without the terminator
    size_t next = 0;   // offset after the terminator (or the search end when unterminated)
    bool ended = false;
};

// The line at `pos`: up to the first CR or LF before `lim` (CRLF, CR, LF all end a line).
// `lim` bounds the search, not the peek at the byte after a CR.
// memchr for CR, then for LF before it, in windows of kLineWindow bytes instead of a byte loop
// (a head's lines are tens of bytes long); windowed, a line costs its own length even when the
// rest of the data holds no CR (LF-only lines) or no LF.
constexpr size_t kLineWindow = 64;
inline Line line_at(std::string_view d, size_t pos, size_t lim) {
    Line l;
    for (size_t w = pos; w < lim; w += kLineWindow) {
        const char *p = d.data() + w;
        const size_t n = lim - w < kLineWindow ? lim - w : kLineWindow;
        size_t e = n;
        if (const void *cr = std::memchr(p, '\r', e))
            e = static_cast<size_t>(static_cast<const char *>(cr) - p);
        if (const void *lf = std::memchr(p, '\n', e))
            e = static_cast<size_t>(static_cast<const char *>(lf) - p);
        if (e == n)
            continue;
        const size_t i = w + e;
        l.len = i - pos;
        l.ended = true;
        l.next = i + 1;
        if (d[i] == '\r' && i + 1 < d.size() && d[i + 1] == '\n')
            l.next = i + 2;
        return l;
    }
    l.len = lim - pos;
    l.next = lim;
    return l;
}

// Wireshark's "desegment" variant: no terminator, or a CR as the last byte, is no line.
inline bool complete_line_at(std::string_view d, size_t pos, Line &l) {
    l = line_at(d, pos, d.size());
    if (!l.ended)
        return false;
    return !(d[pos + l.len] == '\r' && pos + l.len + 1 == d.size());
}

} // namespace huntpack::http::detail
