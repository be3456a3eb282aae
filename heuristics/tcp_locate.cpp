// SPDX-License-Identifier: GPL-2.0-or-later
// TCP/UDP header location from raw frame bytes; see tcp_locate.h.
#include "tcp_locate.h"

#include "byteview.h"

#include <cstring>

namespace huntpack::tcplocate {
namespace {

uint16_t be16(const uint8_t *p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
uint32_t be32(const uint8_t *p) {
    return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
           static_cast<uint32_t>(p[2]) << 8 | p[3];
}

// off: start of the L4 header; ip_end: end of the IP packet as its header announces it (may
// lie beyond the captured bytes n).
TcpHeader parse_tcp(const uint8_t *frame, size_t n, size_t off, size_t ip_end, uint16_t sport, uint16_t dport) {
    TcpHeader h;
    if (off + 20 > n || off + 20 > ip_end)
        return h;
    const uint8_t *t = frame + off;
    if (be16(t) != sport || be16(t + 2) != dport)
        return h;
    const size_t doff = static_cast<size_t>(t[12] >> 4) * 4;
    if (doff < 20 || off + doff > ip_end || off + doff > n)
        return h;
    h.ok = true;
    h.seq = be32(t + 4);
    h.ack = be32(t + 8);
    h.flags = static_cast<uint16_t>((t[12] & 0x01) << 8 | t[13]);
    h.payload_off = static_cast<uint32_t>(off + doff);
    const size_t end = ip_end < n ? ip_end : n;
    h.payload_len = static_cast<uint32_t>(end - (off + doff));
    h.payload_reported = static_cast<uint32_t>(ip_end - (off + doff));
    return h;
}

TcpHeader parse_udp(const uint8_t *frame, size_t n, size_t off, size_t ip_end, uint16_t sport, uint16_t dport) {
    TcpHeader h;
    if (off + 8 > n || off + 8 > ip_end)
        return h;
    const uint8_t *u = frame + off;
    if (be16(u) != sport || be16(u + 2) != dport)
        return h;
    const size_t ulen = be16(u + 4);
    if (ulen < 8)
        return h;
    h.ok = true;
    h.payload_off = static_cast<uint32_t>(off + 8);
    // A length past the IP payload (a first fragment, a bogus header): Wireshark's UDP flags it
    // and still hands the bytes there are to the next dissector (packet-udp.c, 4.0).
    size_t end = off + ulen < ip_end ? off + ulen : ip_end;
    end = end < n ? end : n;
    h.payload_len = static_cast<uint32_t>(end - (off + 8));
    h.payload_reported = static_cast<uint32_t>(ulen - 8);
    return h;
}

using Parser = TcpHeader (*)(const uint8_t *, size_t, size_t, size_t, uint16_t, uint16_t);

// IPv6: follows the extension headers from the fixed header at ip to the upper-layer header;
// returns its offset, or 0 when it is not `proto` or the chain leaves the packet.
size_t ipv6_upper(const uint8_t *frame, size_t n, size_t ip, size_t ip_end, uint8_t proto) {
    uint8_t next = frame[ip + 6];
    size_t off = ip + 40;
    for (int hops = 0; hops < 8; ++hops) { // a bounded chain: RFC 8200 §4.1 order has at most 7
        if (next == proto)
            return off;
        if (off + 8 > n || off + 8 > ip_end)
            return 0;
        const uint8_t *e = frame + off;
        size_t len;
        switch (next) {
        case 0: case 43: case 60: len = (static_cast<size_t>(e[1]) + 1) * 8; break;
        case 51: len = (static_cast<size_t>(e[1]) + 2) * 4; break;
        case 44: // Fragment: only the first fragment carries the upper-layer header
            if ((be16(e + 2) & 0xfff8) != 0)
                return 0;
            len = 8;
            break;
        default: return 0;
        }
        next = e[0];
        off += len;
    }
    return 0;
}

// The IP header at ip, if its addresses are src/dst and it carries proto with these ports.
TcpHeader try_ip(const uint8_t *frame, size_t n, size_t ip, const uint8_t *src, const uint8_t *dst,
                 size_t addr_len, uint16_t sport, uint16_t dport, uint8_t proto, Parser parse) {
    const TcpHeader none;
    const size_t addr_off = addr_len == 4 ? 12 : 8; // offset of the source address in the header
    if (ip + addr_off + 2 * addr_len > n)
        return none;
    const uint8_t *h = frame + ip;
    if (!bytes_equal(h + addr_off, src, addr_len) || !bytes_equal(h + addr_off + addr_len, dst, addr_len))
        return none;
    if (addr_len == 4) {
        if ((h[0] >> 4) != 4 || h[9] != proto)
            return none;
        const size_t ihl = static_cast<size_t>(h[0] & 0x0f) * 4;
        size_t total = be16(h + 2);
        if (total == 0) // TCP segmentation offload: Wireshark takes the captured length
            total = n - ip;
        if (ihl < 20 || total < ihl)
            return none;
        if ((be16(h + 6) & 0x1fff) != 0) // a non-first fragment: no L4 header here
            return none;
        TcpHeader t = parse(frame, n, ip + ihl, ip + total, sport, dport);
        t.ttl = h[8];
        return t;
    }
    if ((h[0] >> 4) != 6)
        return none;
    const size_t total = 40 + static_cast<size_t>(be16(h + 4));
    const size_t l4 = ipv6_upper(frame, n, ip, ip + total, proto);
    if (!l4)
        return none;
    TcpHeader t = parse(frame, n, l4, ip + total, sport, dport);
    t.ttl = h[7];
    return t;
}

TcpHeader locate_l4(const uint8_t *frame, size_t n, size_t hint, const uint8_t *src, const uint8_t *dst,
                    size_t addr_len, uint16_t sport, uint16_t dport, uint8_t proto, Parser parse) {
    TcpHeader best;
    if (!frame || !src || !dst || (addr_len != 4 && addr_len != 16))
        return best;
    if (hint != kNoHint) {
        best = try_ip(frame, n, hint, src, dst, addr_len, sport, dport, proto, parse);
        if (best.ok)
            return best;
    }
    // Scan: the last IP header whose addresses match (a first-byte test before each comparison).
    const size_t addr_off = addr_len == 4 ? 12 : 8;
    for (size_t i = addr_off; i + 2 * addr_len <= n; ++i) {
        if (frame[i] != src[0] || !bytes_equal(frame + i, src, addr_len))
            continue;
        const TcpHeader t = try_ip(frame, n, i - addr_off, src, dst, addr_len, sport, dport, proto, parse);
        if (t.ok)
            best = t;
    }
    return best;
}

} // namespace

TcpHeader locate_udp(const uint8_t *frame, size_t n, const uint8_t *src, const uint8_t *dst,
                     size_t addr_len, uint16_t sport, uint16_t dport, size_t ip_hint) {
    return locate_l4(frame, n, ip_hint, src, dst, addr_len, sport, dport, 17, parse_udp);
}

TcpHeader locate(const uint8_t *frame, size_t n, const uint8_t *src, const uint8_t *dst,
                 size_t addr_len, uint16_t sport, uint16_t dport, size_t ip_hint) {
    return locate_l4(frame, n, ip_hint, src, dst, addr_len, sport, dport, 6, parse_tcp);
}

} // namespace huntpack::tcplocate
