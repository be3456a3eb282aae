// SPDX-License-Identifier: GPL-2.0-or-later
// TCP header location from raw frame bytes; see tcp_locate.h.
#include "tcp_locate.h"

#include <cstring>

namespace huntpack::tcplocate {
namespace {

uint16_t be16(const uint8_t *p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }

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
    h.seq = static_cast<uint32_t>(t[4]) << 24 | static_cast<uint32_t>(t[5]) << 16 |
            static_cast<uint32_t>(t[6]) << 8 | t[7];
    h.flags = static_cast<uint16_t>((t[12] & 0x01) << 8 | t[13]);
    h.payload_off = static_cast<uint32_t>(off + doff);
    const size_t end = ip_end < n ? ip_end : n;
    h.payload_len = static_cast<uint32_t>(end - (off + doff));
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
    if (ulen < 8 || off + ulen > ip_end)
        return h;
    h.ok = true;
    h.payload_off = static_cast<uint32_t>(off + 8);
    const size_t end = (off + ulen) < n ? off + ulen : n;
    h.payload_len = static_cast<uint32_t>(end - (off + 8));
    return h;
}

using Parser = TcpHeader (*)(const uint8_t *, size_t, size_t, size_t, uint16_t, uint16_t);

TcpHeader locate_l4(const uint8_t *frame, size_t n, const uint8_t *src, const uint8_t *dst,
                    size_t addr_len, uint16_t sport, uint16_t dport, uint8_t proto, Parser parse) {
    TcpHeader best;
    if (!frame || !src || !dst || (addr_len != 4 && addr_len != 16))
        return best;
    const size_t addr_off = addr_len == 4 ? 12 : 8; // offset of the source address in the header
    for (size_t i = addr_off; i + 2 * addr_len <= n; ++i) {
        if (std::memcmp(frame + i, src, addr_len) != 0 || std::memcmp(frame + i + addr_len, dst, addr_len) != 0)
            continue;
        const size_t ip = i - addr_off;
        const uint8_t *h = frame + ip;
        if (addr_len == 4) {
            if ((h[0] >> 4) != 4 || h[9] != proto)
                continue;
            const size_t ihl = static_cast<size_t>(h[0] & 0x0f) * 4;
            const size_t total = be16(h + 2);
            if (ihl < 20 || total < ihl)
                continue;
            const TcpHeader t = parse(frame, n, ip + ihl, ip + total, sport, dport);
            if (t.ok)
                best = t;
        } else {
            if ((h[0] >> 4) != 6 || h[6] != proto)
                continue;
            const size_t total = 40 + static_cast<size_t>(be16(h + 4));
            const TcpHeader t = parse(frame, n, ip + 40, ip + total, sport, dport);
            if (t.ok)
                best = t;
        }
    }
    return best;
}

} // namespace

TcpHeader locate_udp(const uint8_t *frame, size_t n, const uint8_t *src, const uint8_t *dst,
                     size_t addr_len, uint16_t sport, uint16_t dport) {
    return locate_l4(frame, n, src, dst, addr_len, sport, dport, 17, parse_udp);
}

TcpHeader locate(const uint8_t *frame, size_t n, const uint8_t *src, const uint8_t *dst,
                 size_t addr_len, uint16_t sport, uint16_t dport) {
    return locate_l4(frame, n, src, dst, addr_len, sport, dport, 6, parse_tcp);
}

} // namespace huntpack::tcplocate
