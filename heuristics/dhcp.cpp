// SPDX-License-Identifier: GPL-2.0-or-later
// dhcp.cpp: the DHCP/BOOTP announcement parser (parse_dhcp); scope, references and limitations are
// in discovery.h. Comments name the Wireshark 4.0 behaviour each step mirrors.
#include "discovery.h"
#include "discovery_util.h"

#include <glib.h>

#include <algorithm>
#include <initializer_list>
#include <utility>

namespace huntpack::discovery {
using namespace detail;

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

} // namespace huntpack::discovery
