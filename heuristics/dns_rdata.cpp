// SPDX-License-Identifier: GPL-2.0-or-later
// dns_rdata.cpp: one resource record's RDATA as packet-dns.c's dissect_dns_answer reads it
// (Wireshark 4.0): which bytes it reads, where it throws, and the names and texts it shows; see
// dns_walk.h and dns_message.h.
#include "dns_walk.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace huntpack::dns::detail {

// TXT and SPF: character-strings until rr_len is exactly 0; an overrun keeps reading.
bool Rdata::txt(int64_t c, int dl, bool keep) {
    int64_t rr_len = dl;
    while (rr_len != 0) {
        uint8_t len = 0;
        if (!w_.u8(c, len))
            return false;
        c += 1;
        rr_len -= 1;
        if (!w_.need(c, len))
            return false;
        if (keep) {
            if (r_.txt.size() < kMaxTxtStrings) {
                const uint8_t *p = w_.at(c);
                r_.txt.push_back(w_.dialect() == Dialect::Mdns ? utf8_string(p, len)
                                                               : ascii_string(p, len));
            } else {
                capped_ = true;
            }
        }
        c += len;
        rr_len -= len;
    }
    return true;
}

// dissect_type_bitmap (RFC 4034 §4.1.2 windows); each set bit is another dns.resp.type.
bool Rdata::bitmap(int64_t c, int rr_len_in) {
    int64_t rr_len = rr_len_in;
    while (rr_len != 0) {
        uint8_t base = 0, size = 0;
        if (!w_.u8(c, base) || !w_.u8(c + 1, size))
            return false;
        c += 2;
        rr_len -= 2;
        uint32_t type = uint32_t{base} * 256;
        for (; size; --size) {
            uint8_t bits = 0;
            if (!w_.u8(c, bits))
                return false;
            for (int i = 0; i < 8; ++i, ++type) {
                if (!(bits & (0x80 >> i)))
                    continue;
                if (r_.bitmap_types.size() < kMaxBitmapTypes)
                    r_.bitmap_types.push_back(type);
                else
                    capped_ = true;
            }
            c += 1;
            rr_len -= 1;
        }
    }
    return true;
}

// compute_key_id: reads the whole key (KEY, DNSKEY, CDNSKEY).
bool Rdata::key_id(int64_t off, int size, uint8_t algo) {
    if (size < 4)
        return w_.need(off, size); // the expert item still checks its bytes
    if (algo == 1)                 // RSA/MD5: bytes size-3 and size-2
        return w_.need(off + size - 3, 2);
    return w_.need(off, size);
}

bool Rdata::opt(int64_t c, int dl) {
    int64_t rropt_len = dl;
    while (rropt_len > 0) {
        uint16_t code = 0, optlen = 0;
        if (!w_.u16(c, code))
            return false;
        rropt_len -= 2;
        if (!w_.u16(c + 2, optlen))
            return false;
        rropt_len -= 2;
        c += 4; // the FT_NONE option item and code/length items are covered by the reads
        if (!w_.need(c, optlen))
            return false;
        switch (code) {
        case O_DAU:
        case O_DHU:
        case O_N3U:
            c += optlen;
            rropt_len -= optlen;
            break;
        case O_CLIENT_SUBNET_EXP:
        case O_CLIENT_SUBNET: { // RFC 7871 §6
            uint16_t family = 0;
            if (!w_.u16(c, family) || !w_.need(c + 2, 2))
                return false;
            c += 4;
            uint16_t addr_len = static_cast<uint16_t>(optlen - 4);
            if (addr_len > 16)
                addr_len = 16;
            if (!w_.need(c, addr_len))
                return false;
            if (family != 1 && family != 2 && !w_.item(c, int64_t{optlen} - 4))
                return false;
            c += int64_t{optlen} - 4;
            rropt_len -= optlen;
            break;
        }
        case O_COOKIE: { // RFC 7873 §4
            if (!w_.need(c, 8))
                return false;
            c += 8;
            rropt_len -= 8;
            const uint16_t server = static_cast<uint16_t>(optlen - 8);
            if (!w_.need(c, server))
                return false;
            c += server;
            rropt_len -= server;
            break;
        }
        case O_EDNS_TCP_KA:
            if (optlen == 2 && !w_.need(c, 2))
                return false;
            c += optlen;
            rropt_len -= optlen;
            break;
        case O_EXT_ERROR: // RFC 8914 §2
            if (optlen >= 2) {
                c += 2;
                rropt_len -= 2;
                if (optlen > 2) {
                    c += optlen - 2;
                    rropt_len -= optlen - 2;
                }
            }
            break;
        default: // O_PADDING, O_CHAIN and the rest: covered by the option-data item
            c += optlen;
            rropt_len -= optlen;
            break;
        }
    }
    return true;
}

bool Rdata::svcb(int64_t c, int dl) { // RFC 9460 §2.2
    const int64_t start = c;
    if (!w_.need(c, 2))
        return false;
    c += 2;
    int64_t used = 0;
    if (!skip_name(c, used))
        return false;
    c += used;
    while (dl > c - start) {
        if (!w_.item(c, -1))
            return false;
        uint16_t key = 0, len = 0;
        if (!w_.u16(c, key) || !w_.u16(c + 2, len))
            return false;
        c += 4;
        switch (key) {
        case SVCB_MANDATORY:
            for (uint32_t o = 0; o < len; o += 2, c += 2)
                if (!w_.need(c, 2))
                    return false;
            break;
        case SVCB_ALPN:
            for (uint32_t o = 0; o < len;) {
                uint8_t alen = 0;
                if (!w_.u8(c, alen) || !w_.need(c + 1, alen))
                    return false;
                c += 1 + alen;
                o += 1 + alen;
            }
            break;
        case SVCB_NOALPN:
            break;
        case SVCB_PORT:
            if (!w_.need(c, 2))
                return false;
            c += 2;
            break;
        case SVCB_IPV4HINT:
            for (uint32_t o = 0; o < len; o += 4, c += 4)
                if (!w_.need(c, 4))
                    return false;
            break;
        case SVCB_IPV6HINT:
            for (uint32_t o = 0; o < len; o += 16, c += 16)
                if (!w_.need(c, 16))
                    return false;
            break;
        default: // ECH, ODoH (base64 of the value) and unknown keys
            if (len > 0 && !w_.need(c, len))
                return false;
            c += len;
            break;
        }
    }
    return true;
}

bool Rdata::a6(int64_t c) { // RFC 2874 §3.1.1
    uint8_t pre_len = 0;
    if (!w_.u8(c, pre_len))
        return false;
    const int64_t a6_offset = c;
    c++;
    const uint16_t suf_len = static_cast<uint16_t>(128 - pre_len);
    const uint16_t octets = suf_len ? static_cast<uint16_t>((suf_len - 1) / 8 + 1) : 0;
    const int64_t read = octets > 16 ? 16 : octets;
    if (!w_.need(c, read))
        return false;
    c += read;
    int64_t used = 0;
    if (pre_len > 0 && !skip_name(c, used))
        return false;
    // The prefix-name item is placed after the suffix octets Wireshark counted, not read.
    if (pre_len > 0 && used != 0 && !w_.need(a6_offset + 1 + octets, used))
        return false;
    return true;
}

bool Rdata::apl(int64_t c, int dl) { // RFC 3123 §4
    int64_t rr_len = dl;
    while (rr_len > 1) {
        uint16_t family = 0;
        uint8_t afd = 0;
        if (!w_.u16(c, family) || !w_.need(c + 2, 1) || !w_.u8(c + 3, afd))
            return false;
        afd &= 0x7f;
        c += 4;
        rr_len -= 4;
        if (!w_.need(c, afd))
            return false;
        c += afd;
        rr_len -= afd;
    }
    return true;
}

bool Rdata::nsec3(int64_t c, int dl) { // RFC 5155 §3.2
    const int64_t initial = c;
    uint8_t salt_len = 0, hash_len = 0;
    if (!w_.need(c, 4) || !w_.u8(c + 4, salt_len))
        return false;
    c += 5;
    if (!w_.need(c, salt_len))
        return false;
    c += salt_len;
    if (!w_.u8(c, hash_len))
        return false;
    c += 1;
    if (hash_len) {
        // base32hex groups of 5 bits: the last group may reach one byte past the hash.
        const int64_t last_bit = 5 * ((8 * int64_t{hash_len} - 1) / 5) + 4;
        if (!w_.need(c, last_bit / 8 + 1) || !w_.need(c, hash_len))
            return false;
        c += hash_len;
    }
    return bitmap(c, static_cast<int>(dl - (c - initial)));
}

bool Rdata::tkey(int64_t c) { // RFC 2930 §2
    int64_t used = 0;
    uint16_t keylen = 0, otherlen = 0;
    if (!skip_name(c, used))
        return false;
    c += used;
    // inception, expiration, mode, error, then the key size
    if (!w_.need(c, 12) || !w_.u16(c + 12, keylen))
        return false;
    c += 14;
    if (keylen != 0) {
        if (!w_.need(c, keylen))
            return false;
        c += keylen;
    }
    if (!w_.u16(c, otherlen))
        return false;
    c += 2;
    return otherlen == 0 || w_.need(c, otherlen);
}

bool Rdata::tsig(int64_t c) { // RFC 8945 §4.2
    int64_t used = 0;
    uint16_t siglen = 0, otherlen = 0;
    if (!skip_name(c, used))
        return false;
    c += used;
    if (!w_.need(c, 8) || !w_.u16(c + 8, siglen))
        return false;
    c += 10;
    if (siglen != 0) {
        if (!w_.need(c, siglen))
            return false;
        c += siglen;
    }
    if (!w_.need(c, 4) || !w_.u16(c + 4, otherlen))
        return false;
    c += 6;
    return otherlen == 0 || w_.need(c, otherlen);
}

bool Rdata::ipseckey(int64_t c, int dl) { // RFC 4025 §2
    int64_t rr_len = dl;
    uint8_t gw_type = 0;
    if (!w_.need(c, 1) || !w_.u8(c + 1, gw_type) || !w_.need(c + 2, 1))
        return false;
    c += 3;
    rr_len -= 3;
    int64_t used = 0;
    switch (gw_type) {
    case 1:
        if (!w_.need(c, 4))
            return false;
        c += 4;
        rr_len -= 4;
        break;
    case 2:
        if (!w_.need(c, 16))
            return false;
        c += 16;
        rr_len -= 16;
        break;
    case 3:
        if (!skip_name(c, used))
            return false;
        c += used;
        rr_len -= used;
        break;
    default:
        break;
    }
    return rr_len == 0 || w_.item(c, rr_len);
}

bool Rdata::hip(int64_t c, int dl) { // RFC 8005 §5
    int64_t rr_len = dl;
    uint8_t hit_len = 0;
    uint16_t pk_len = 0;
    if (!w_.u8(c, hit_len) || !w_.need(c + 1, 1) || !w_.u16(c + 2, pk_len))
        return false;
    c += 4;
    rr_len -= 4;
    if (!w_.need(c, hit_len))
        return false;
    c += hit_len;
    rr_len -= hit_len;
    if (!w_.need(c, pk_len))
        return false;
    c += pk_len;
    rr_len -= pk_len;
    while (rr_len > 1) {
        int64_t used = 0;
        if (!skip_name(c, used))
            return false;
        c += used;
        rr_len -= used;
    }
    return true;
}

bool Rdata::caa(int64_t c, int dl) { // RFC 8659 §4.1
    uint8_t tag_len = 0;
    if (!w_.need(c, 1))
        return false;
    c++;
    if (!w_.u8(c, tag_len) || !w_.need(c + 1, tag_len))
        return false;
    const uint16_t value_len = static_cast<uint16_t>(dl - (tag_len + 2));
    return w_.need(c + 1 + tag_len, value_len);
}

bool Rdata::walk(uint16_t type, int64_t c, int dl) {
    int64_t used = 0;
    uint8_t b = 0, b2 = 0;
    switch (type) {
    case T_A:
        if (!w_.need(c, 4))
            return false;
        std::memcpy(r_.addr, w_.at(c), 4);
        r_.addr_len = 4;
        return true;
    case T_AAAA:
        if (!w_.need(c, 16))
            return false;
        std::memcpy(r_.addr, w_.at(c), 16);
        r_.addr_len = 16;
        return true;
    case T_NS:
    case T_CNAME:
    case T_PTR:
    case T_DNAME:
        return target(c);
    case T_MD:
    case T_MF:
    case T_MB:
    case T_MG:
    case T_MR:
    case T_NSAP_PTR:
        return skip_name(c, used);
    case T_MX:
        return w_.need(c, 2) && target(c + 2);
    case T_AFSDB:
    case T_RT:
    case T_KX:
        return skip_name(c + 2, used) && w_.need(c, 2);
    case T_LP:
        return w_.need(c, 2) && skip_name(c + 2, used);
    case T_SRV:
        return w_.need(c, 6) && target(c + 6);
    case T_SOA:
        if (!skip_name(c, used))
            return false;
        c += used;
        if (!skip_name(c, used))
            return false;
        return w_.need(c + used, 20);
    case T_MINFO:
    case T_RP:
        return skip_name(c, used) && skip_name(c + used, used);
    case T_PX:
        if (!w_.need(c, 2) || !skip_name(c + 2, used))
            return false;
        return skip_name(c + 2 + used, used);
    case T_TXT:
        return txt(c, dl, true);
    case T_SPF:
        return txt(c, dl, false);
    case T_HINFO: // RFC 1035 §3.3.2: two character-strings
        if (!w_.u8(c, b) || !w_.need(c + 1, b) || !w_.u8(c + 1 + b, b2))
            return false;
        return w_.need(c + 2 + b, b2);
    case T_WKS:
        return dl >= 5 ? w_.need(c, dl) : w_.need(c, 5) && w_.need(c, w_.size() + 1);
    case T_X25:
        return w_.u8(c, b) && w_.need(c + 1, b);
    case T_ISDN:
        if (!w_.u8(c, b) || !w_.need(c + 1, b))
            return false;
        if (dl - 1 - b > 1)
            return w_.u8(c + 1 + b, b2) && w_.need(c + 2 + b, b2);
        return true;
    case T_GPOS:
        for (int i = 0; i < 3; ++i) {
            if (!w_.u8(c, b) || !w_.need(c + 1, b))
                return false;
            c += 1 + b;
        }
        return true;
    case T_LOC: // RFC 1876 §2
        if (!w_.u8(c, b))
            return false;
        return b == 0 ? w_.need(c, 16) : w_.need(c, dl);
    case T_NXT:
        if (!skip_name(c, used))
            return false;
        // dissect_type_bitmap_nxt: plain bit string, one byte per step until rr_len is 0.
        for (int64_t rr_len = dl - used, o = c + used; rr_len != 0; --rr_len, ++o) {
            if (!w_.u8(o, b))
                return false;
            for (int i = 0; i < 8; ++i)
                if (b & (0x80 >> i)) {
                    if (r_.bitmap_types.size() < kMaxBitmapTypes)
                        r_.bitmap_types.push_back(static_cast<uint32_t>((o - c - used) * 8 + i));
                    else
                        capped_ = true;
                }
        }
        return true;
    case T_NAPTR: // RFC 3403 §4.1
        if (!w_.need(c, 4))
            return false;
        c += 4;
        for (int i = 0; i < 3; ++i) { // flags, services, regexp
            if (!w_.u8(c, b) || !w_.need(c + 1, b))
                return false;
            c += 1 + b;
        }
        return skip_name(c, used);
    case T_KEY:
    case T_DNSKEY:
    case T_CDNSKEY: {
        if (!w_.need(c, 3) || !w_.u8(c + 3, b))
            return false;
        if (!key_id(c, dl, b))
            return false;
        const int64_t rr_len = int64_t{dl} - 4;
        return (type == T_KEY && rr_len == 0) || w_.item(c + 4, rr_len);
    }
    case T_CERT:
        if (!w_.need(c, 5))
            return false;
        return dl - 5 == 0 || w_.item(c + 5, int64_t{dl} - 5);
    case T_SSHFP:
        if (!w_.need(c, 2))
            return false;
        return dl - 2 == 0 || w_.item(c + 2, int64_t{dl} - 2);
    case T_DS:
    case T_CDS:
    case T_DLV:
        return w_.need(c, 4) && w_.item(c + 4, int64_t{dl} - 4);
    case T_TLSA:
        return w_.need(c, 3) && w_.item(c + 3, int64_t{dl} - 3);
    case T_ZONEMD:
        return w_.need(c, 6) && w_.item(c + 6, int64_t{dl} - 6);
    case T_RRSIG:
    case T_SIG: {
        if (!w_.need(c, 18) || !skip_name(c + 18, used))
            return false;
        const int64_t rr_len = int64_t{dl} - 18 - used;
        return rr_len == 0 || w_.item(c + 18 + used, rr_len);
    }
    case T_NSEC:
        if (!skip_name(c, used))
            return false;
        return bitmap(c + used, static_cast<int>(dl - used));
    case T_NSEC3:
        return nsec3(c, dl);
    case T_NSEC3PARAM:
        return w_.need(c, 4) && w_.u8(c + 4, b) && w_.need(c + 5, b);
    case T_CSYNC: // RFC 7477 §2.1
        if (!w_.need(c, 6) || !w_.item(c + 6, int64_t{dl} - 6))
            return false;
        return bitmap(c + 6, dl - 6);
    case T_OPT:
        return opt(c, dl);
    case T_SVCB:
    case T_HTTPS:
        return svcb(c, dl);
    case T_A6:
        return a6(c);
    case T_APL:
        return apl(c, dl);
    case T_IPSECKEY:
        return ipseckey(c, dl);
    case T_HIP:
        return hip(c, dl);
    case T_TKEY:
        return tkey(c);
    case T_TSIG:
        return tsig(c);
    case T_CAA:
        return caa(c, dl);
    case T_NID:
    case T_L64:
    case T_EUI64:
        return w_.need(c, type == T_EUI64 ? 8 : 10);
    case T_L32:
        return w_.need(c, 6);
    case T_EUI48:
        return w_.need(c, 6);
    case T_WINS: { // Microsoft WINS: 4 u32 then nservers addresses
        uint32_t nservers = 0;
        if (!w_.need(c, 12) || !w_.u32(c + 12, nservers))
            return false;
        c += 16;
        for (int64_t rr_len = int64_t{dl} - 16; rr_len != 0 && nservers != 0;
             rr_len -= 4, c += 4, --nservers)
            if (!w_.need(c, 4))
                return false;
        return true;
    }
    case T_WINS_R:
        return w_.need(c, 12) && skip_name(c + 12, used);
    case T_XPF:
        if (!w_.u8(c, b))
            return false;
        if (b == 4)
            return w_.need(c + 1, 13);
        if (b == 6)
            return w_.need(c + 1, 37);
        return true;
    default: // T_NULL, T_NSAP, T_DHCID, T_OPENPGPKEY and undecoded types: the RDATA as bytes
        return w_.need(c, dl);
    }
}

} // namespace huntpack::dns::detail
