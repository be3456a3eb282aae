// SPDX-License-Identifier: GPL-2.0-or-later
// discovery_text.cpp: Wireshark's string display for the discovery parsers (and dns_message):
// ws_ascii_value and ws_format_text; see discovery.h.
#include "discovery.h"

#include <glib.h>

#include <string>

namespace huntpack::discovery {

namespace {

void put_utf8(std::string &out, uint32_t uc) {
    if (uc < 0x80) {
        out += static_cast<char>(uc);
    } else if (uc < 0x800) {
        out += static_cast<char>(0xc0 | uc >> 6);
        out += static_cast<char>(0x80 | (uc & 0x3f));
    } else if (uc < 0x10000) {
        out += static_cast<char>(0xe0 | uc >> 12);
        out += static_cast<char>(0x80 | (uc >> 6 & 0x3f));
        out += static_cast<char>(0x80 | (uc & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (uc >> 18 & 0x07));
        out += static_cast<char>(0x80 | (uc >> 12 & 0x3f));
        out += static_cast<char>(0x80 | (uc >> 6 & 0x3f));
        out += static_cast<char>(0x80 | (uc & 0x3f));
    }
}

constexpr uint32_t kReplacement = 0xfffd;

// The C escape format_text uses for a non-printable ASCII byte: \a .. \r by letter, else \ooo.
void put_ascii_escape(std::string &out, uint8_t c) {
    static constexpr char kLetters[] = "abtnvfr"; // BEL BS HT LF VT FF CR (7 .. 13)
    out += '\\';
    if (c >= '\a' && c <= '\r') {
        out += kLetters[c - '\a'];
        return;
    }
    out += static_cast<char>('0' + (c >> 6 & 3));
    out += static_cast<char>('0' + (c >> 3 & 7));
    out += static_cast<char>('0' + (c & 7));
}

void put_universal_name(std::string &out, uint32_t uc) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    const int digits = uc <= 0xffff ? 4 : 8;
    out += '\\';
    out += digits == 4 ? 'u' : 'U';
    for (int i = digits - 1; i >= 0; --i)
        out += kHex[uc >> (4 * i) & 15];
}

// Decodes one multi-byte sequence starting with lead byte c the way format_text does (old 5- and
// 6-byte forms included); advances i past the bytes it consumed. last: the last byte looked at.
uint32_t decode_multibyte(const uint8_t *p, size_t n, size_t &i, uint8_t c, uint8_t &last) {
    int ones = 0; // leading 1 bits: 2..6 start a sequence of that many bytes
    while (ones < 8 && (c & (0x80 >> ones)))
        ++ones;
    if (ones < 2 || ones > 6)
        return kReplacement; // a stray continuation byte, 0xfe or 0xff
    uint32_t uc = c & (0x7f >> ones);
    for (int k = 1; k < ones; ++k) {
        if (i >= n)
            return kReplacement;
        last = p[i];
        if ((last & 0xc0) != 0x80)
            return kReplacement; // re-read as the start of the next character
        ++i;
        uc = uc << 6 | (last & 0x3f);
    }
    return g_unichar_validate(uc) ? uc : kReplacement;
}

} // namespace

std::string ws_ascii_value(const uint8_t *p, size_t n) {
    std::string s;
    for (size_t i = 0; i < n && p[i] != 0; ++i) {
        if (p[i] < 0x80)
            s += static_cast<char>(p[i]);
        else
            put_utf8(s, kReplacement);
    }
    return s;
}

std::string ws_format_text(const uint8_t *p, size_t n) {
    std::string out;
    size_t i = 0;
    while (i < n) {
        uint8_t c = p[i++];
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else if (c < 0x80) {
            put_ascii_escape(out, c);
        } else {
            uint8_t last = c;
            const uint32_t uc = decode_multibyte(p, n, i, c, last);
            if (g_unichar_isprint(uc))
                put_utf8(out, uc);
            else if (last < 0x80) // as format_text has it; a complete sequence ends >= 0x80
                put_ascii_escape(out, last);
            else
                put_universal_name(out, uc);
        }
    }
    return out;
}


} // namespace huntpack::discovery
