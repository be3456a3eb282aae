// SPDX-License-Identifier: GPL-2.0-or-later
// dns_walk.cpp: DNS name expansion (packet-dns.c expand_dns_name / get_dns_name) and the
// FT_STRING readers; see dns_walk.h.
#include "dns_walk.h"

#include <cstdio>
#include <cstring>

namespace huntpack::dns::detail {
namespace {

// Copies `s` into the name buffer as expand_dns_name's snprintf calls do: all of it if it fits
// in what is left of the name, otherwise nothing and the name is marked too long.
void print(RawName &n, int &maxname, const char *s, int len) {
    if (maxname <= 0)
        return;
    if (len <= maxname) {
        std::memcpy(n.buf + n.written, s, static_cast<size_t>(len));
        n.written += len;
        maxname -= len;
    } else {
        maxname = 0;
    }
}

// A normal label (expand_dns_name case 0x00).

} // namespace

bool Walker::label(int64_t &off, int c, RawName &n, int &maxname) {
    if (n.written != 0) {
        if (maxname > 0) {
            n.buf[n.written++] = '.';
            n.name_len++;
            maxname--;
        }
    } else {
        maxname--; // the first label reserves room for the terminating NUL
    }
    int64_t abs = 0;
    if (off >= 0 && off + c <= n_) {
        abs = off;
        const int keep = std::min(c, std::max(maxname, 0));
        std::memcpy(n.buf + n.written, p_ + abs, static_cast<size_t>(keep));
        n.written += keep;
        n.name_len += keep;
        maxname -= keep;
        off += c;
        return true;
    }
    for (; c > 0; --c, ++off) { // negative offsets or a label cut by the end: byte by byte
        uint8_t b = 0;
        if (!u8(off, b))
            return false;
        if (maxname > 0) {
            n.buf[n.written++] = static_cast<char>(b);
            n.name_len++;
            maxname--;
        }
    }
    return true;
}

// RFC 2673 bitstring label (0x41): printed as "\[x<hex>/<bits>]", not counted in name_len.
bool Walker::bitstring(int64_t &off, RawName &n, int &maxname) {
    uint8_t bit_count = 0;
    if (!u8(off, bit_count))
        return false;
    off++;
    int label_len = (bit_count - 1) / 8 + 1; // C division: 0 bits still reads one byte
    print(n, maxname, "\\[x", 3);
    static constexpr char kHex[] = "0123456789abcdef";
    while (label_len-- > 0) {
        uint8_t b = 0;
        if (!u8(off, b))
            return false;
        const char h[2] = {kHex[b >> 4], kHex[b & 15]};
        print(n, maxname, h, 2);
        off++;
    }
    char tail[8];
    const int tlen = std::snprintf(tail, sizeof tail, "/%d]", bit_count);
    print(n, maxname, tail, tlen);
    return true;
}

// expand_dns_name + get_dns_name (max_len 0, dns_data_offset 0).
bool Walker::get_name(int64_t start, RawName &n) {
    n.written = 0;
    n.name_len = 0;
    n.special = {};
    int maxname = static_cast<int>(kMaxNameWire);
    int64_t len = -1;
    size_t pointers = 0;
    int64_t off = start;
    // Brent's cycle detection on pointer targets: the walk from a target is deterministic, so
    // a repeated target means Wireshark would go round until its pointer count runs out and
    // show kLoopName; saying so at once keeps a looping name from costing 256 laps.
    int64_t saved_target = -1;
    size_t power = 1, lap = 0;
    for (;;) {
        if (!step())
            return false;
        uint8_t c = 0;
        if (!u8(off, c))
            return false;
        off++;
        if (c == 0)
            break;
        switch (c & 0xc0) {
        case 0x00:
            if (!label(off, c, n, maxname))
                return false;
            break;
        case 0x40:
            if ((c & 0x3f) == 0x01) {
                if (!bitstring(off, n, maxname))
                    return false;
                break;
            }
            n.special = kUnknownLabelName;
            n.name_len = static_cast<int>(n.special.size());
            len = off - start; // measured from wherever pointers took the walk
            if (len < 1)
                return fail(Stop::Malformed);
            n.len = len;
            goto finish;
        case 0x80:
            return fail(Stop::Malformed);
        default: { // 0xc0: compression pointer (RFC 1035 §4.1.4)
            uint8_t lo = 0;
            if (!u8(off, lo))
                return false;
            const int64_t target = int64_t{c & 0x3f} << 8 | lo;
            off++;
            pointers++;
            if (len < 0)
                len = off - start;
            // Wireshark's "trivial loop" test compares with the offset 2 bytes *after* the
            // pointer, not the pointer itself; real self-loops end by the pointer count.
            if (target == off + 2 || pointers > kMaxPointers || target == saved_target) {
                n.special = kLoopName;
                n.name_len = static_cast<int>(n.special.size());
                n.len = len;
                goto finish;
            }
            if (++lap == power) {
                saved_target = target;
                power *= 2;
                lap = 0;
            }
            off = target;
            break;
        }
        }
    }
    if (maxname <= 0) {
        n.special = kTooLongName;
        n.name_len = static_cast<int>(n.special.size());
    }
    if (len < 0)
        len = off - start;
    n.len = len;
finish:
    // get_dns_name: a zero-length name is the root.
    const char first = !n.special.empty() ? n.special[0] : (n.written > 0 ? n.buf[0] : '\0');
    if (first == '\0' && n.len <= kMinNameLen) {
        n.special = kRootName;
        n.name_len = static_cast<int>(n.special.size());
        return true;
    }
    if (n.len < kMinNameLen || (n.len > kMinNameLen && n.name_len == 0))
        return fail(Stop::Malformed);
    return true;
}

constexpr char kReplacement[] = "\xef\xbf\xbd"; // U+FFFD

std::string ascii_string(const uint8_t *p, size_t len) {
    std::string s;
    s.reserve(len);
    for (size_t i = 0; i < len && p[i] != 0; ++i) {
        if (p[i] < 0x80)
            s.push_back(static_cast<char>(p[i]));
        else
            s.append(kReplacement);
    }
    return s;
}

static bool cont(uint8_t b, uint8_t lo = 0x80, uint8_t hi = 0xbf) { return b >= lo && b <= hi; }

std::string utf8_string(const uint8_t *p, size_t len) {
    std::string s;
    s.reserve(len);
    size_t i = 0;
    while (i < len) {
        const uint8_t ch = p[i];
        if (ch < 0x80) {
            s.push_back(static_cast<char>(ch));
            ++i;
            continue;
        }
        if (ch < 0xc2 || ch > 0xf4) {
            s.append(kReplacement);
            ++i;
            continue;
        }
        // Maximal subpart substitution (Unicode 13 §3.9, table 3-7), as get_utf_8_string does.
        const size_t need = ch < 0xe0 ? 2 : ch < 0xf0 ? 3 : 4;
        uint8_t lo = 0x80, hi = 0xbf;
        if (ch == 0xe0)
            lo = 0xa0;
        else if (ch == 0xed)
            hi = 0x9f;
        else if (ch == 0xf0)
            lo = 0x90;
        else if (ch == 0xf4)
            hi = 0x8f;
        size_t k = 1;
        bool ok = true;
        for (; k < need; ++k) {
            if (i + k >= len || !cont(p[i + k], k == 1 ? lo : 0x80, k == 1 ? hi : 0xbf)) {
                ok = false;
                break;
            }
        }
        if (ok) {
            s.append(reinterpret_cast<const char *>(p + i), need);
            i += need;
        } else {
            s.append(kReplacement);
            i += k; // the offending byte (or the end) starts the next character
        }
    }
    const size_t nul = s.find('\0');
    if (nul != std::string::npos)
        s.resize(nul);
    return s;
}

} // namespace huntpack::dns::detail
