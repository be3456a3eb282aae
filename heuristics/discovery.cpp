// SPDX-License-Identifier: GPL-2.0-or-later
// DHCP, LLDP and CDP announcement parsers and the LLDP/CDP locator; scope, references and
// limitations are in discovery.h. Comments name the Wireshark 4.0 behaviour each step mirrors.
#include "discovery.h"

#include <glib.h>

#include <algorithm>
#include <initializer_list>
#include <utility>

namespace huntpack::discovery {

namespace {

uint16_t be16(const uint8_t *p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
uint32_t be24(const uint8_t *p) { return uint32_t{p[0]} << 16 | uint32_t{p[1]} << 8 | p[2]; }
uint32_t be32(const uint8_t *p) { return be24(p) << 8 | p[3]; }

std::string ipv4_text(const uint8_t *p) {
    std::string s;
    for (int i = 0; i < 4; ++i) {
        if (i)
            s += '.';
        s += std::to_string(p[i]);
    }
    return s;
}

std::string mac_text(const uint8_t *p) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < 6; ++i) {
        if (i)
            s += ':';
        s += kHex[p[i] >> 4];
        s += kHex[p[i] & 15];
    }
    return s;
}

// Appends a value under the caps; counts what the caps drop or cut.
void add_value(std::vector<std::string> &v, std::string s, size_t &dropped, size_t &cut) {
    if (v.size() >= kMaxValues) {
        ++dropped;
        return;
    }
    if (s.size() > kMaxValueBytes) {
        size_t n = kMaxValueBytes;
        while (n > 0 && (static_cast<uint8_t>(s[n]) & 0xc0) == 0x80) // keep whole characters
            --n;
        s.resize(n);
        ++cut;
    }
    v.push_back(std::move(s));
}

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

// =============================== DHCP ===============================
namespace {

constexpr size_t kBootpMinForOptions = kDhcpCookieOffset; // sname/file items end here
constexpr size_t kDhcpSnameEnd = kDhcpFileOffset;
constexpr size_t kDhcpFileEnd = kDhcpCookieOffset;
constexpr uint8_t kOptPad = 0, kOptEnd = 255;
constexpr uint8_t kOptHostname = 12, kOptRequestedIp = 50, kOptOverload = 52, kOptMsgType = 53,
                  kOptVendorClass = 60, kOptClientId = 61, kOptClientUuid = 97,
                  kOptDomainSearch = 119;
constexpr uint8_t kFqdnEncoded = 0x04;                     // RFC 4702 §2.1 flag E
constexpr uint8_t kOverloadFile = 1, kOverloadSname = 2;   // RFC 2132 §9.3
constexpr uint8_t kArpHrdEther = 1, kArpHrdIeee802 = 6;    // arptypes.h
constexpr uint16_t kDuidLlt = 1, kDuidEn = 2, kDuidLl = 3; // RFC 8415 §11

struct DomainSearch;
struct DhcpWalk {
    const uint8_t *p;
    size_t len;
    DhcpFacts &f;
    DomainSearch &search;
};

size_t skip_padding(const uint8_t *p, size_t off, size_t end) {
    size_t i = off + 1;
    while (i < end && p[i] == 0)
        ++i;
    return i;
}

// Wireshark's first pass: reads option 52's value and counts the 119 blocks, but throws
// (returns false) when an option 52 or 53 of length 0 ends exactly at the end of the payload,
// since it reads the value byte without checking for it.
bool dhcp_first_pass(const uint8_t *p, size_t len, size_t off, uint8_t &overload,
                     size_t &search_blocks) {
    while (off < len) {
        const uint8_t code = p[off];
        if (code == kOptPad) {
            off = skip_padding(p, off, len);
            continue;
        }
        if (code == kOptEnd)
            break;
        if (off + 1 >= len) // no length byte: counted as one byte
            break;
        const size_t optlen = p[off + 1];
        if (optlen <= len - off - 2) {
            if ((code == kOptOverload || code == kOptMsgType) && off + 2 >= len)
                return false;
            if (code == kOptOverload)
                overload = p[off + 2];
            if (code == kOptDomainSearch)
                ++search_blocks;
        }
        off += optlen + 2;
    }
    return true;
}

void add_mac_if_hw_address(DhcpWalk &w, const uint8_t *v, size_t n) {
    // Options 61 and 97: "7 bytes: hardware type (1..47) then the address" (packet-dhcp.c).
    if (n == 7 && v[0] > 0 && v[0] < 48 && (v[0] == kArpHrdEther || v[0] == kArpHrdIeee802))
        add_value(w.f.mac_addrs, mac_text(v + 1), w.f.dropped, w.f.cut);
}

// Option 61 with type 255 (RFC 4361 IAID + DUID): Wireshark reads DUID fields without checking
// the option length; these are the lengths on which it throws.
bool client_id_throws(const uint8_t *v, size_t n) {
    if (n == 0 || v[0] != 255)
        return false;
    if (n < 7)
        return true;
    const uint16_t duid = be16(v + 5);
    return (duid == kDuidLlt && n >= 8 && n < 13) || (duid == kDuidEn && n < 11) ||
           (duid == kDuidLl && n < 9);
}

ParseStatus dhcp_walk(DhcpWalk &w, size_t off, size_t end, uint8_t *overload);

// packet-dns.c get_dns_name() as DHCP options 81, 119 and 146 call it, on t[0..size) (the
// option's own tvb, or 119's concatenation): the bytes it consumes from start, or -1 where it
// throws (a read past the data, a label past max_len, a 0x80 label, a name it judges too short).
// base: where compression pointers count from.
int dns_name_consumed(const uint8_t *t, int size, int start, int max_len, int base) {
    constexpr int kMaxDname = 255, kMinDname = 2; // MAX_DNAME_LEN, MIN_DNAME_LEN
    int offset = start, len = -1, pointers = 0, maxname = kMaxDname, name_len = 0;
    int written = 0, first = -1; // bytes put into Wireshark's name buffer, the first of them
    auto put = [&](int count, int byte) {
        if (written == 0)
            first = byte;
        written += count;
        maxname -= count;
    };
    auto print = [&](int count) { // snprintf into the rest of the buffer
        if (count <= maxname)
            put(count, '\\');
        else
            maxname = 0;
    };
    auto read = [&](int o, int &v) {
        if (o < 0 || o >= size)
            return false;
        v = t[o];
        return true;
    };
    auto past_max = [&]() { return max_len && offset - start > max_len - 1; };
    bool special = false; // the name was replaced by a "<...>" message
    for (;;) {
        int c;
        if (past_max())
            break;
        if (!read(offset++, c))
            return -1;
        if (c == 0)
            break;
        if ((c & 0xc0) == 0x00) { // label
            if (written > 0) {
                if (maxname > 0) {
                    put(1, '.');
                    ++name_len;
                }
            } else {
                --maxname;
            }
            for (; c > 0; --c, ++offset) {
                int b;
                if (past_max())
                    return -1;
                if (maxname > 0) {
                    if (!read(offset, b))
                        return -1;
                    put(1, b);
                    ++name_len;
                }
            }
        } else if ((c & 0xc0) == 0x40) { // extended label (RFC 2673)
            if ((c & 0x3f) != 1) {       // unknown: returns at once with a message as the name
                len = offset - start;
                return len < kMinDname ? -1 : len;
            }
            int bits, b;
            if (!read(offset++, bits))
                return -1;
            print(3);
            for (int k = (bits - 1) / 8 + 1; k > 0; --k, ++offset) {
                if (maxname > 0) {
                    if (!read(offset, b))
                        return -1;
                    print(2);
                }
            }
            print(2 + static_cast<int>(std::to_string(bits).size()));
        } else if ((c & 0xc0) == 0x80) {
            return -1;
        } else { // compression pointer
            int lo;
            if (!read(offset, lo))
                return -1;
            const int indir = base + ((c & 0x3f) << 8 | lo);
            ++offset;
            ++pointers;
            if (len < 0)
                len = offset - start;
            if (indir == offset + 2 || pointers > kMaxDname) { // "pointer that loops"
                special = true;
                break;
            }
            offset = indir;
        }
    }
    if (!special && maxname <= 0) {
        special = true; // "<Name too long>"
        name_len = 15;
    }
    if (len < 0)
        len = offset - start;
    if (special)
        return len < kMinDname ? -1 : len;
    if ((written == 0 || first == 0) && len <= kMinDname) // "<Root>"
        return len;
    return len < kMinDname || (len > kMinDname && name_len == 0) ? -1 : len;
}

// RFC 3396 state for option 119 (domain search), as packet-dhcp.c keeps it per packet: blocks
// counted by the first pass, concatenated as they are dissected, expanded at the last one.
struct DomainSearch {
    size_t total = 0, index = 0;
    bool open = false;
    std::vector<uint8_t> joined;
};

// Option 119: true when expanding the concatenated names throws.
bool domain_search_throws(DomainSearch &ds, const uint8_t *v, size_t n) {
    ++ds.index;
    if (n) {
        ds.open = true;
        ds.joined.insert(ds.joined.end(), v, v + n);
    }
    if (ds.index != ds.total || !ds.open)
        return false;
    const int size = static_cast<int>(ds.joined.size());
    ds.open = false;
    std::vector<uint8_t> names;
    names.swap(ds.joined);
    for (int off = 0; off < size;) {
        const int used = dns_name_consumed(names.data(), size, off, size, 0);
        if (used < 0)
            return true;
        off += used;
    }
    return false;
}

// One sub-option of a CableLabs (4491) or TR-111 (3561) enterprise in option 125, on a tvb of
// reported length len starting at v, of which avail bytes exist. Returns the bytes consumed,
// or 0 where Wireshark throws.
size_t vi_enterprise_suboption(const uint8_t *v, size_t len, size_t avail, bool cablelabs) {
    if (avail < 1)
        return 0;
    if (len < 2) // no room for the length: returns after the code
        return 1;
    if (avail < 2)
        return 0;
    const size_t code = v[0], sl = v[1];
    if (len - 2 < sl)
        return 2;
    size_t need = 2 + sl;
    if (cablelabs) {
        if (code == 2) // TFTP servers: whole addresses only
            need = 2 + sl / 4 * 4;
        else if (code == 4) // MIB environment: one byte, only when the length says 1
            need = sl == 1 ? 3 : 2;
        else if (code > 5)
            need = 2;
    }
    if (need > avail)
        return 0;
    if (cablelabs && code == 5) { // modem capabilities: TLVs read up to the tvb's end, not sl's
        const size_t cap = std::min(len, avail);
        for (size_t off = 2; off < sl + 2; off += 2 + v[off + 1])
            if (off + 2 > cap || off + 2 + v[off + 1] > cap)
                return 0;
    }
    return sl + 2;
}

// Option 125 (RFC 3925 §4): enterprise blocks of sub-options; true when Wireshark throws.
bool vi_vendor_specific_throws(const uint8_t *v, size_t n) {
    constexpr uint32_t kCableLabs = 4491, kTr111 = 3561;
    size_t o = 0;
    while (o <= n && n - o >= 5) {
        const uint32_t enterprise = be32(v + o);
        const size_t data_len = v[o + 4];
        o += 5;
        const size_t s_end = o + data_len; // may lie past the option: not checked
        while (o < s_end) {
            if (o > n)
                return true;
            if (enterprise == kCableLabs || enterprise == kTr111) {
                const size_t used =
                    vi_enterprise_suboption(v + o, data_len, n - o, enterprise == kCableLabs);
                if (used == 0)
                    return true;
                o += used;
                continue;
            }
            if (o + 1 > n)
                return true;
            if (o + 1 >= s_end) {
                o = s_end;
                continue;
            }
            if (o + 2 > n)
                return true;
            const size_t sl = v[o + 1];
            if (o + 2 + sl > s_end) {
                o = s_end;
                continue;
            }
            if (o + 2 + sl > n)
                return true;
            o += 2 + sl;
        }
    }
    return false;
}

// Options whose Wireshark dissectors read past a complete value on some contents; true when
// this value is one of them (the walk then stops, as the exception stops dissect_dhcp).
bool option_value_throws(uint8_t code, const uint8_t *v, size_t n, DomainSearch &ds) {
    switch (code) {
    case 53: // DHCP message type
    case 79: // SLP service scope: mandatory byte
        return n == 0;
    case 61:
        return client_id_throws(v, n);
    case 81: // client FQDN, E flag: the name is in DNS wire format
        return n > 3 && (v[0] & kFqdnEncoded) &&
               dns_name_consumed(v, static_cast<int>(n), 3, static_cast<int>(n) - 3, 3) < 0;
    case 94: // client network interface id: type, then major/minor for type 1
        return n == 0 || (v[0] == 1 && n < 3);
    case 119:
        return domain_search_throws(ds, v, n);
    case 121: // classless static routes (RFC 3442) and Microsoft's 249
    case 249:
        for (size_t o = 0; n >= 5 && o < n && v[o] <= 32; o += 1 + (v[o] + 7) / 8 + 4)
            if (o + 1 + (v[o] + 7) / 8 + 4 > n)
                return true;
        return false;
    case 123: { // RFC 3825 LCI (16 bytes) or CableLabs DSS_ID pairs
        if (n == 16 || n >= 69)
            return false;
        if (n < 2 || 2 + size_t{v[1]} > n)
            return true;
        if (n <= size_t{v[1]} + 2)
            return false;
        if (4 + size_t{v[1]} > n)
            return true;
        const size_t second = v[3 + v[1]]; // the second string is read at 4 + its own length
        return 4 + 2 * second > n;
    }
    case 124: // V-I vendor class (RFC 3925 §3): enterprise, length, data
        for (size_t o = 0; n != 1 && n - o >= 5; o += 5 + v[o + 4])
            if (o + 5 + v[o + 4] > n)
                return true;
        return false;
    case 63: // NetWare/IP sub-options (RFC 2242): code, length, value
        for (size_t o = 0; o + 1 < n; o += 2 + v[o + 1])
            if (o + 2 + v[o + 1] > n)
                return true;
        return false;
    case 125:
        return vi_vendor_specific_throws(v, n);
    case 146: // RDNSS (RFC 6731): the domain name after 9 bytes
        return n >= 10 &&
               dns_name_consumed(v, static_cast<int>(n), 9, static_cast<int>(n) - 9, 9) < 0;
    case 158: // PCP server (RFC 7291): lists of (length, addresses)
        for (size_t o = 0; n >= 5 && n - o >= 5;) {
            const size_t list = v[o];
            if (o + list > n)
                return true;
            ++o;
            for (size_t got = 1; (list - 1) % 4 == 0 && list != 0 && got < list && n - o >= 4;
                 got += 4)
                o += 4;
        }
        return false;
    default:
        return false;
    }
}

// Option 52 as dissect_dhcpopt_option_overload does it: only while the first-pass value is 1..3,
// sname first, then file; afterwards the End in the main options is no longer "in overload".
ParseStatus dhcp_overload(DhcpWalk &w, uint8_t value, uint8_t *overload) {
    if (*overload < 1 || *overload > 3)
        return ParseStatus::Ok;
    uint8_t ignore = 0; // an option 52 inside sname/file is not followed
    if (value & kOverloadSname) {
        w.search.index = 0; // packet-dhcp.c restarts the RFC 3396 block count per area
        const ParseStatus st = dhcp_walk(w, kDhcpSnameOffset, kDhcpSnameEnd, &ignore);
        if (st != ParseStatus::Ok)
            return st;
    }
    if (value & kOverloadFile) {
        w.search.index = 0;
        const ParseStatus st = dhcp_walk(w, kDhcpFileOffset, kDhcpFileEnd, &ignore);
        if (st != ParseStatus::Ok)
            return st;
    }
    *overload = 0;
    return ParseStatus::Ok;
}

ParseStatus dhcp_option(DhcpWalk &w, uint8_t code, const uint8_t *v, size_t n, uint8_t *overload) {
    DhcpFacts &f = w.f;
    if (option_value_throws(code, v, n, w.search))
        return ParseStatus::Malformed;
    switch (code) {
    case kOptHostname:
        add_value(f.hostnames, ws_ascii_value(v, n), f.dropped, f.cut);
        break;
    case kOptRequestedIp:
        if (n == 4)
            add_value(f.requested_ips, ipv4_text(v), f.dropped, f.cut);
        break;
    case kOptVendorClass:
        add_value(f.vendor_classes, ws_ascii_value(v, n), f.dropped, f.cut);
        break;
    case kOptClientId:
    case kOptClientUuid:
        add_mac_if_hw_address(w, v, n);
        break;
    case kOptOverload:
        if (n >= 1)
            return dhcp_overload(w, v[0], overload);
        break;
    default:
        break;
    }
    return ParseStatus::Ok;
}

// Options from off while off < end (end bounds padding and the loop; values may run past it,
// up to the payload end, as in Wireshark).
ParseStatus dhcp_walk(DhcpWalk &w, size_t off, size_t end, uint8_t *overload) {
    while (off < end) {
        const uint8_t code = w.p[off];
        if (code == kOptPad) {
            off = skip_padding(w.p, off, end);
            continue;
        }
        if (code == kOptEnd)
            return ParseStatus::Ok;
        if (off + 1 >= w.len)
            return ParseStatus::Truncated;
        const size_t optlen = w.p[off + 1];
        if (optlen > w.len - off - 2)
            return ParseStatus::Truncated;
        const ParseStatus st = dhcp_option(w, code, w.p + off + 2, optlen, overload);
        if (st != ParseStatus::Ok)
            return st;
        off += optlen + 2;
    }
    return ParseStatus::Ok;
}

// The fixed header, field by field, up to where Wireshark's tree items would throw.
ParseStatus dhcp_header(const uint8_t *p, size_t len, DhcpFacts &f) {
    f.have_op = true;
    f.op = p[0];
    if (len < kDhcpCiaddrOffset + 4)
        return ParseStatus::Truncated;
    f.have_ciaddr = true;
    f.ciaddr = ipv4_text(p + kDhcpCiaddrOffset);
    const uint8_t htype = p[1], hlen = p[2];
    if (len < kDhcpChaddrOffset)
        return ParseStatus::Truncated;
    if (hlen == 6 && (htype == kArpHrdEther || htype == kArpHrdIeee802)) {
        if (len < kDhcpChaddrOffset + 6)
            return ParseStatus::Truncated;
        f.have_chaddr = true;
        f.chaddr = mac_text(p + kDhcpChaddrOffset);
        add_value(f.mac_addrs, f.chaddr, f.dropped, f.cut);
    }
    return len < kBootpMinForOptions ? ParseStatus::Truncated : ParseStatus::Ok;
}

} // namespace

ParseStatus parse_dhcp(ByteView payload, DhcpFacts &out, bool proxy_port) {
    out = DhcpFacts{};
    const uint8_t *p = payload.data();
    const size_t len = payload.remaining();
    out.has_cookie =
        len >= kDhcpCookieOffset + 4 && be32(p + kDhcpCookieOffset) == kDhcpMagicCookie;
    if (proxy_port && !out.has_cookie)
        return out.status = ParseStatus::Unsupported;
    if (len < 3) // op, htype and hlen are read first
        return out.status = ParseStatus::Truncated;
    // A request's Info column shows chaddr (hlen bytes, 6 for Ethernet) before anything else.
    if (p[0] == kBootRequest && p[2] != 0 && len < kDhcpChaddrOffset + p[2])
        return out.status = ParseStatus::Truncated;
    const size_t options = kDhcpCookieOffset + (out.has_cookie ? 4 : kBootpVendorLen);
    uint8_t overload = 0;
    DomainSearch search;
    if (!dhcp_first_pass(p, len, options, overload, search.total))
        return out.status = ParseStatus::Truncated;
    ParseStatus st = dhcp_header(p, len, out);
    if (st != ParseStatus::Ok)
        return out.status = st;
    if (len < options) // BOOTP: the 64-byte vendor area is added as one item
        return out.status = ParseStatus::Truncated;
    DhcpWalk w{p, len, out, search};
    return out.status = dhcp_walk(w, options, len, &overload);
}

// =============================== LLDP ===============================
namespace {

constexpr uint8_t kTlvEnd = 0, kTlvChassis = 1, kTlvPort = 2, kTlvTtl = 3, kTlvSysName = 5,
                  kTlvSysDesc = 6, kTlvSysCap = 7, kTlvMgmt = 8, kTlvOrg = 127;
constexpr uint8_t kAfnInet = 1, kAfnInet6 = 2; // afn.h
constexpr size_t kLldpIdMaxLen = 256;          // packet-lldp.c "expected < (256)"

struct Tlv {
    uint8_t type;
    size_t len;   // information string length
    size_t avail; // bytes from the TLV start to the end of the data
    bool whole() const { return len + 2 <= avail; }
};

Tlv tlv_at(const uint8_t *p, size_t off, size_t len) {
    const uint16_t h = be16(p + off);
    return Tlv{static_cast<uint8_t>(h >> 9), size_t{h} & 0x1ff, len - off};
}

// Chassis ID (mac_subtype 4) or Port ID (mac_subtype 3): the length checks after which
// Wireshark returns -1. net_subtype: the network-address subtype (5 / 4).
bool id_tlv_valid(const uint8_t *v, size_t len, uint8_t mac_subtype, uint8_t net_subtype) {
    if (len < 2)
        return false;
    const uint8_t sub = v[0];
    if (sub == mac_subtype)
        return len == 7;
    if (sub == net_subtype) {
        if (v[1] == kAfnInet)
            return len == 6;
        if (v[1] == kAfnInet6)
            return len == 18;
        return len > 2; // tvb_bytes_to_str() of the address asserts a non-empty one
    }
    return len <= kLldpIdMaxLen;
}

ParseStatus lldp_mandatory(const uint8_t *p, size_t len, size_t &off) {
    struct Want {
        uint8_t type, mac_sub, net_sub;
    };
    for (const Want want : {Want{kTlvChassis, 4, 5}, Want{kTlvPort, 3, 4}, Want{kTlvTtl, 0, 0}}) {
        if (len - off < 2)
            return ParseStatus::Truncated;
        const Tlv t = tlv_at(p, off, len);
        if (t.type != want.type)
            return ParseStatus::Malformed;
        if (!t.whole())
            return ParseStatus::Truncated;
        if (want.type == kTlvTtl) {
            if (t.len < 2) // the seconds field is read past the TLV
                return ParseStatus::Malformed;
            off += 4; // Wireshark advances by 4 whatever the TTL length says
        } else {
            if (!id_tlv_valid(p + off + 2, t.len, want.mac_sub, want.net_sub))
                return ParseStatus::Malformed;
            off += 2 + t.len;
        }
    }
    return ParseStatus::Ok;
}

// Management Address (§8.5.9) as dissect_lldp_management_address reads it; returns the bytes it
// consumes (which need not match the TLV length) or 0 when it reads past the TLV.
size_t lldp_mgmt(const uint8_t *v, size_t c, LldpFacts &f) {
    if (c < 4)
        return 0;
    const size_t addr_len = v[2];
    const uint8_t subtype = v[3];
    if (subtype == 1) {
        if (c < 8)
            return 0;
        add_value(f.mgmt_ipv4, ipv4_text(v + 4), f.dropped, f.cut);
    } else if (subtype == 2) {
        if (c < 20)
            return 0;
    } else if (addr_len != 0 && 3 + addr_len > c) {
        return 0;
    }
    const size_t o = 3 + addr_len; // "offset += stringLen - 1" after the subtype
    if (o + 6 > c)
        return 0;
    const size_t oid_len = v[o + 5];
    if (o + 6 + oid_len > c)
        return 0;
    return o + 6 + oid_len;
}

// One optional TLV; adv: the bytes Wireshark moves on by (0: stop with the returned status).
ParseStatus lldp_tlv(const uint8_t *p, size_t off, const Tlv &t, LldpFacts &f, size_t &adv) {
    adv = 0;
    const uint8_t *v = p + off + 2;
    switch (t.type) {
    case kTlvChassis:
    case kTlvPort:
    case kTlvTtl:
        return ParseStatus::Malformed; // duplicate: Wireshark stops
    case kTlvEnd:
        return t.whole() ? ParseStatus::Ok : ParseStatus::Truncated;
    case kTlvOrg:
        if (t.len < 4) // OUI and subtype are read past a shorter TLV
            return ParseStatus::Malformed;
        break;
    default:
        break;
    }
    if (!t.whole())
        return ParseStatus::Truncated;
    adv = 2 + t.len;
    if (t.type == kTlvSysName)
        add_value(f.names, ws_ascii_value(v, t.len), f.dropped, f.cut);
    else if (t.type == kTlvSysDesc)
        add_value(f.descs, ws_ascii_value(v, t.len), f.dropped, f.cut);
    else if (t.type == kTlvSysCap)
        adv = t.len < 4 ? 0 : 6; // two 16-bit fields, whatever the length
    else if (t.type == kTlvMgmt)
        adv = lldp_mgmt(p + off, t.len + 2, f);
    return adv ? ParseStatus::Ok : ParseStatus::Malformed;
}

} // namespace

ParseStatus parse_lldp(ByteView pdu, LldpFacts &out) {
    out = LldpFacts{};
    const uint8_t *p = pdu.data();
    const size_t len = pdu.remaining();
    size_t off = 0;
    ParseStatus st = lldp_mandatory(p, len, off);
    while (st == ParseStatus::Ok && off < len) {
        if (len - off < 2)
            return out.status = ParseStatus::Truncated;
        const Tlv t = tlv_at(p, off, len);
        size_t adv = 0;
        st = lldp_tlv(p, off, t, out, adv);
        if (adv == 0)
            break;
        off += adv;
    }
    return out.status = st;
}

// =============================== CDP ===============================
namespace {

enum CdpType : uint16_t {
    kCdpDeviceId = 0x01,
    kCdpAddress = 0x02,
    kCdpPortId = 0x03,
    kCdpCapabilities = 0x04,
    kCdpSoftware = 0x05,
    kCdpPlatform = 0x06,
    kCdpIpPrefix = 0x07,
    kCdpHello = 0x08,
    kCdpVtp = 0x09,
    kCdpNativeVlan = 0x0a,
    kCdpDuplex = 0x0b,
    kCdpVoipReply = 0x0e,
    kCdpVoipQuery = 0x0f,
    kCdpPower = 0x10,
    kCdpMtu = 0x11,
    kCdpTrust = 0x12,
    kCdpCos = 0x13,
    kCdpSysName = 0x14,
    kCdpSysOid = 0x15,
    kCdpMgmtAddr = 0x16,
    kCdpLocation = 0x17,
    kCdpPowerReq = 0x19,
    kCdpPowerAvail = 0x1a,
    kCdpEnergyWise = 0x1d,
    kCdpSparePoe = 0x1f,
    kCdpHpFirst = 0x1000,
    kCdpHpSsid = 0x1002,
    kCdpHpLast = 0x100d,
};
constexpr uint16_t kHelloClusterMgmt = 0x0112;
constexpr size_t kCdpTlvHeader = 4;
constexpr size_t kEnergyWiseFixed = 76;  // fixed part before the EnergyWise sub-TLVs
constexpr uint32_t kNrgyzReplyTo = 0x17; // the one EnergyWise sub-TLV read past its length

bool is_hp_string_tlv(uint16_t type) {
    // packet-cdp.c files these HP TLVs under cdp.platform; 0x1004/0x1005 are not handled.
    return type >= kCdpHpFirst && type <= kCdpHpLast && type != 0x1004 && type != 0x1005;
}

// Wireshark's add_multi_line_string_to_tree: one value per CR, LF or CRLF separated line, each
// cut at its first NUL and passed through format_text.
void cdp_software_lines(const uint8_t *v, size_t n, CdpFacts &f) {
    size_t start = 0;
    while (start < n) {
        size_t eol = start;
        while (eol < n && v[eol] != '\r' && v[eol] != '\n')
            ++eol;
        size_t next = eol;
        if (eol < n) {
            if (v[eol] == '\r' && eol + 1 < n && v[eol + 1] == '\n')
                ++next;
            ++next;
        }
        size_t line = eol - start, z = 0;
        while (z < line && v[start + z] != 0)
            ++z;
        add_value(f.software, ws_format_text(v + start, z), f.dropped, f.cut);
        start = next;
    }
}

// dissect_nrgyz_tlv: sub-TLVs located by the table length and count of the fixed part, not
// bounded by the CDP TLV; true when every read stays inside the PDU.
bool cdp_energywise_fits(const uint8_t *p, size_t off, size_t len) {
    size_t o = off + kEnergyWiseFixed;
    size_t remaining = be16(p + off + 72);
    size_t num = be16(p + off + 74);
    while (num-- > 0 && remaining >= 8) {
        if (o + 8 > len)
            return false;
        const uint32_t type = be32(p + o), tl = be32(p + o + 4);
        if (remaining < tl)
            break;
        remaining -= tl;
        if (tl < 8) {
            o += 8;
            break;
        }
        if (o + tl > len || (type == kNrgyzReplyTo && o + 22 > len))
            return false;
        o += tl;
    }
    return remaining == 0 || (o <= len && remaining <= len - o);
}

// The reads Wireshark makes for one TLV beyond its header, given the whole TLV is present.
// Returns Ok, or the status with which Wireshark stops.
ParseStatus cdp_tlv_reads(const uint8_t *p, size_t off, uint16_t type, size_t tl, size_t len) {
    const size_t avail = len - off;
    auto need = [&](size_t n) { return n <= avail ? ParseStatus::Ok : ParseStatus::Truncated; };
    switch (type) {
    case kCdpAddress:
    case kCdpMgmtAddr:
        // below 8 the unsigned length wraps and Wireshark runs off the PDU
        return tl < 8 ? ParseStatus::Malformed : ParseStatus::Ok;
    case kCdpIpPrefix:
        return tl == 8 || (tl - kCdpTlvHeader) % 5 == 0 ? ParseStatus::Ok : ParseStatus::Malformed;
    case kCdpHello: {
        if (avail < 9)
            return ParseStatus::Truncated;
        if (be16(p + off + 7) == kHelloClusterMgmt)
            return need(36);
        return tl < 8 ? ParseStatus::Malformed : ParseStatus::Ok;
    }
    case kCdpNativeVlan:
    case kCdpPower:
        return need(6);
    case kCdpDuplex:
    case kCdpTrust:
    case kCdpCos:
        return need(5);
    case kCdpVoipReply:
    case kCdpVoipQuery:
        return tl == 6 ? ParseStatus::Ok : need(7);
    case kCdpMtu:
    case kCdpPowerReq:
    case kCdpPowerAvail:
        return need(8);
    case kCdpLocation:
        return tl == 4 ? need(5) : ParseStatus::Ok;
    case kCdpEnergyWise:
        if (avail < kEnergyWiseFixed)
            return ParseStatus::Truncated;
        return cdp_energywise_fits(p, off, len) ? ParseStatus::Ok : ParseStatus::Truncated;
    default:
        return ParseStatus::Ok;
    }
}

bool cdp_known_type(uint16_t type) {
    switch (type) {
    case kCdpDeviceId:
    case kCdpAddress:
    case kCdpPortId:
    case kCdpCapabilities:
    case kCdpSoftware:
    case kCdpPlatform:
    case kCdpIpPrefix:
    case kCdpHello:
    case kCdpVtp:
    case kCdpNativeVlan:
    case kCdpDuplex:
    case kCdpVoipReply:
    case kCdpVoipQuery:
    case kCdpPower:
    case kCdpMtu:
    case kCdpTrust:
    case kCdpCos:
    case kCdpSysName:
    case kCdpSysOid:
    case kCdpMgmtAddr:
    case kCdpLocation:
    case kCdpPowerReq:
    case kCdpPowerAvail:
    case kCdpEnergyWise:
    case kCdpSparePoe:
        return true;
    default:
        return is_hp_string_tlv(type);
    }
}

// One TLV at off (header present, tl >= 4); adv: the bytes Wireshark moves on by.
ParseStatus cdp_tlv(const uint8_t *p, size_t off, size_t len, CdpFacts &f, size_t &adv) {
    const uint16_t type = be16(p + off);
    const size_t tl = be16(p + off + 2);
    const size_t avail = len - off;
    if (tl > avail) // every TLV gets a subtree over its length first
        return ParseStatus::Truncated;
    adv = tl;
    if (type == kCdpPortId && avail >= tl + 3 && p[off + tl] != 0x00 && p[off + tl] != 0x10)
        adv = tl + 3; // "what makes one capture work" (packet-cdp.c)
    if (!cdp_known_type(type) && tl == kCdpTlvHeader)
        return ParseStatus::Malformed; // Wireshark returns from the dissector here
    const ParseStatus st = cdp_tlv_reads(p, off, type, tl, len);
    if (st != ParseStatus::Ok)
        return st;
    const uint8_t *v = p + off + kCdpTlvHeader;
    const size_t n = tl - kCdpTlvHeader;
    if (type == kCdpDeviceId)
        add_value(f.device_ids, ws_ascii_value(v, n), f.dropped, f.cut);
    else if (type == kCdpPlatform || (is_hp_string_tlv(type) && !(type == kCdpHpSsid && n == 0)))
        add_value(f.platforms, ws_ascii_value(v, n), f.dropped, f.cut);
    else if (type == kCdpSoftware)
        cdp_software_lines(v, n, f);
    return ParseStatus::Ok;
}

} // namespace

ParseStatus parse_cdp(ByteView pdu, CdpFacts &out) {
    out = CdpFacts{};
    const uint8_t *p = pdu.data();
    const size_t len = pdu.remaining();
    if (len < kCdpHeaderLen)
        return out.status = ParseStatus::Truncated;
    size_t off = kCdpHeaderLen;
    while (off < len) {
        if (len - off < kCdpTlvHeader)
            return out.status = ParseStatus::Truncated;
        if (be16(p + off + 2) < kCdpTlvHeader)
            return out.status = ParseStatus::Malformed;
        size_t adv = 0;
        const ParseStatus st = cdp_tlv(p, off, len, out, adv);
        if (st != ParseStatus::Ok)
            return out.status = st;
        off += adv;
    }
    return out.status = ParseStatus::Ok;
}

// ============================== locator ==============================
namespace {

constexpr uint8_t kSapSnap = 0xaa;
constexpr uint8_t kLlcUi = 0x03;
constexpr size_t kSnapLen = 5; // OUI + PID

// LLC/SNAP at off with the 802.3 length field value len8023 (clamped to the frame as
// dissect_802_3 does); true for Cisco SNAP PID 0x2000 in an information frame.
bool llc_cdp(const uint8_t *p, size_t n, size_t off, size_t len8023, L2Pdu &out) {
    const size_t plen = std::min(len8023, n - off);
    const uint8_t *l = p + off;
    if (plen < 3 || l[0] != kSapSnap || l[1] != kSapSnap)
        return false;
    size_t ctrl_len = 1;
    bool information = l[2] == kLlcUi;
    if ((l[2] & 3) != 3) { // I or S format: two bytes in extended operation (xdlc.h)
        ctrl_len = 2;
        if (plen < 4)
            return false;
        information = (l[2] & 1) == 0;
    }
    const size_t snap = 2 + ctrl_len;
    if (plen < snap + kSnapLen || !information)
        return false;
    if (be24(l + snap) != kOuiCisco || be16(l + snap + 3) != kSnapPidCdp)
        return false;
    out.kind = L2Kind::Cdp;
    out.offset = off + snap + kSnapLen;
    out.length = plen - snap - kSnapLen;
    return true;
}

bool is_isl_destination(const uint8_t *p) {
    // packet-eth.c: 01-00-0C-00-00 or 0C-00-0C-00-00 with a length field is Cisco ISL.
    return (p[0] == 0x01 || p[0] == 0x0c) && p[1] == 0x00 && p[2] == 0x0c && p[3] == 0x00 &&
           p[4] == 0x00;
}

void count_tag(L2Pdu &pdu) {
    if (pdu.tags < UINT8_MAX) // saturates: S-tags have no nesting limit in Wireshark
        ++pdu.tags;
}

// The EtherType chain after the untagged header: LLDP, or tags (packet-vlan.c for 0x8100/0x9100,
// packet-ieee8021ah.c for 0x88a8) until LLDP or an 802.3 length inside a C-tag.
bool walk_ethertypes(const uint8_t *p, size_t n, uint16_t type, L2Pdu &pdu) {
    size_t off = kEthHeaderLen, vlans = 0;
    for (;;) {
        if (type == kEtherTypeLldp) {
            pdu.kind = L2Kind::Lldp;
            pdu.offset = off;
            pdu.length = n - off;
            return true;
        }
        if (n - off < 4)
            return false;
        const uint16_t inner = be16(p + off + 2);
        count_tag(pdu);
        if (type == kEtherTypeVlan || type == kEtherTypeQinQOld) {
            if (++vlans > kMaxVlanTags)
                return false;
            if (inner <= kMax8023Length) // 802.3 length inside the tag
                return llc_cdp(p, n, off + 4, inner, pdu);
            type = inner;
            off += 4;
        } else if (type == kEtherType8021ad) {
            // After an S-tag the next type goes to the EtherType table: no 802.3 length there.
            if (inner == kEtherType8021ah)
                return false;
            if (inner == kEtherType8021ad) { // S-tag + S-tag: both consumed at once
                if (n - off < 8)
                    return false;
                count_tag(pdu);
                type = be16(p + off + 6);
                off += 8;
            } else {
                type = inner;
                off += 4;
            }
        } else {
            return false;
        }
    }
}

} // namespace

bool find_l2_pdu(ByteView frame, L2Pdu &out) {
    out = L2Pdu{};
    const uint8_t *p = frame.data();
    const size_t n = frame.remaining();
    if (n < kEthHeaderLen)
        return false;
    const uint16_t type = be16(p + 12);
    L2Pdu pdu;
    bool found = false;
    if (type <= kMax8023Length) {
        // packet-eth.c: ISL first; type 0 is an EtherType (ETHERTYPE_UNK), not a length. (Its
        // "ffff after the length is Novell raw 802.3" test needs no code: ff ff is never SNAP.)
        found = type != 0 && !is_isl_destination(p) && llc_cdp(p, n, kEthHeaderLen, type, pdu);
    } else if (type >= kMinEtherType) {
        found = walk_ethertypes(p, n, type, pdu);
    }
    if (found)
        out = pdu;
    return found;
}

} // namespace huntpack::discovery
