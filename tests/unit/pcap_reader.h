// SPDX-License-Identifier: GPL-2.0-or-later
// Tiny capture reader for unit tests only: UDP payloads from classic pcap and pcapng files.
//
// Formats: classic pcap (both byte orders, usec/nsec magic); pcapng (draft-ietf-opsawg-pcapng:
// SHB byte-order magic, IDB link types, EPB, SPB, obsolete PB; other blocks skipped).
// Link layers: Ethernet (+802.1Q/802.1ad tags), Linux SLL and SLL2, BSD NULL/loopback, raw IP
// (101, 228, 229). Network: IPv4 (RFC 791, fragments skipped), IPv6 (RFC 8200, hop-by-hop /
// routing / destination-options headers walked, fragments skipped). UDP per RFC 768.
//
// Limitations: test-grade, not a wiretap replacement. pcapng files with several sections are
// read section by section but interface ids restart per section as the spec says; no
// decompression; IP-in-IP tunnels are not followed. Frame numbers count every packet record
// from 1, matching tshark's frame.number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace huntpack::testing {

struct UdpDatagram {
    uint32_t frame = 0;     // 1-based record number in the file
    uint8_t ip_version = 0; // 4 or 6
    uint8_t src_ip[16] = {};
    uint8_t dst_ip[16] = {};
    uint16_t src_port = 0;
    uint16_t dst_port = 0;
    std::vector<uint8_t> payload;
};

namespace pcap_detail {

// Link-layer types (tcpdump.org/linktypes.html).
constexpr uint32_t kLinkNull = 0;
constexpr uint32_t kLinkEthernet = 1;
constexpr uint32_t kLinkRaw = 101;
constexpr uint32_t kLinkLinuxSll = 113;
constexpr uint32_t kLinkIpv4 = 228;
constexpr uint32_t kLinkIpv6 = 229;
constexpr uint32_t kLinkLinuxSll2 = 276;
constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherIpv6 = 0x86dd;
constexpr uint16_t kEtherVlan = 0x8100;
constexpr uint16_t kEtherQinQ = 0x88a8;
constexpr uint8_t kIpProtoUdp = 17;
constexpr size_t kUdpHeaderLen = 8;
constexpr size_t kIpv6HeaderLen = 40;
constexpr size_t kMinIpv4HeaderLen = 20;

struct Span {
    const uint8_t *p = nullptr;
    size_t n = 0;
};

inline uint16_t be16(const uint8_t *p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
inline uint32_t rd32(const uint8_t *p, bool swap) {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v |= uint32_t{p[i]} << (swap ? 24 - 8 * i : 8 * i); // little endian unless swapped
    return v;
}
inline uint16_t rd16(const uint8_t *p, bool swap) {
    return static_cast<uint16_t>(swap ? (p[0] << 8) | p[1] : p[0] | (p[1] << 8));
}

inline bool udp(Span s, UdpDatagram &d) {
    if (s.n < kUdpHeaderLen)
        return false;
    const size_t ulen = be16(s.p + 4);
    if (ulen < kUdpHeaderLen || ulen > s.n)
        return false;
    d.src_port = be16(s.p);
    d.dst_port = be16(s.p + 2);
    d.payload.assign(s.p + kUdpHeaderLen, s.p + ulen);
    return true;
}

inline bool ipv4(Span s, UdpDatagram &d) {
    if (s.n < kMinIpv4HeaderLen || (s.p[0] >> 4) != 4)
        return false;
    const size_t ihl = size_t{s.p[0] & 0x0fu} * 4;
    const size_t total = be16(s.p + 2);
    if (ihl < kMinIpv4HeaderLen || total < ihl || total > s.n)
        return false;
    if ((be16(s.p + 6) & 0x3fff) != 0 || s.p[9] != kIpProtoUdp) // fragment or not UDP
        return false;
    d.ip_version = 4;
    std::memcpy(d.src_ip, s.p + 12, 4);
    std::memcpy(d.dst_ip, s.p + 16, 4);
    return udp({s.p + ihl, total - ihl}, d);
}

inline bool ipv6(Span s, UdpDatagram &d) {
    if (s.n < kIpv6HeaderLen || (s.p[0] >> 4) != 6)
        return false;
    const size_t plen = be16(s.p + 4);
    if (plen > s.n - kIpv6HeaderLen)
        return false;
    d.ip_version = 6;
    std::memcpy(d.src_ip, s.p + 8, 16);
    std::memcpy(d.dst_ip, s.p + 24, 16);
    uint8_t next = s.p[6];
    Span rest{s.p + kIpv6HeaderLen, plen};
    while (next == 0 || next == 43 || next == 60) { // hop-by-hop, routing, destination options
        if (rest.n < 8)
            return false;
        const size_t ext = (size_t{rest.p[1]} + 1) * 8;
        if (ext > rest.n)
            return false;
        next = rest.p[0];
        rest = {rest.p + ext, rest.n - ext};
    }
    return next == kIpProtoUdp && udp(rest, d);
}

inline bool by_ethertype(uint16_t type, Span s, UdpDatagram &d) {
    if (type == kEtherIpv4)
        return ipv4(s, d);
    if (type == kEtherIpv6)
        return ipv6(s, d);
    return false;
}

inline bool ethernet(Span s, UdpDatagram &d) {
    size_t off = 12;
    while (s.n >= off + 2 && (be16(s.p + off) == kEtherVlan || be16(s.p + off) == kEtherQinQ))
        off += 4;
    if (s.n < off + 2)
        return false;
    return by_ethertype(be16(s.p + off), {s.p + off + 2, s.n - off - 2}, d);
}

inline bool link(uint32_t linktype, Span s, UdpDatagram &d) {
    switch (linktype) {
    case kLinkEthernet: return ethernet(s, d);
    case kLinkLinuxSll:
        return s.n >= 16 && by_ethertype(be16(s.p + 14), {s.p + 16, s.n - 16}, d);
    case kLinkLinuxSll2:
        return s.n >= 20 && by_ethertype(be16(s.p), {s.p + 20, s.n - 20}, d);
    case kLinkNull: // 4-byte address family in the capturing host's byte order
        if (s.n < 4)
            return false;
        return ipv4({s.p + 4, s.n - 4}, d) || ipv6({s.p + 4, s.n - 4}, d);
    case kLinkRaw:
    case kLinkIpv4:
    case kLinkIpv6: return ipv4(s, d) || ipv6(s, d);
    default: return false;
    }
}

inline void emit(uint32_t frame, uint32_t linktype, Span s, std::vector<UdpDatagram> &out) {
    UdpDatagram d;
    d.frame = frame;
    if (link(linktype, s, d))
        out.push_back(std::move(d));
}

inline bool classic(const std::vector<uint8_t> &f, std::vector<UdpDatagram> &out,
                    std::string &err) {
    constexpr size_t kFileHeader = 24, kRecordHeader = 16;
    const uint32_t magic = rd32(f.data(), false);
    const bool swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
    const uint32_t linktype = rd32(f.data() + 20, swap) & 0x0fffffff;
    size_t pos = kFileHeader;
    uint32_t frame = 0;
    while (f.size() - pos >= kRecordHeader) {
        const size_t caplen = rd32(f.data() + pos + 8, swap);
        pos += kRecordHeader;
        if (caplen > f.size() - pos) {
            err = "pcap record cut off";
            return false;
        }
        emit(++frame, linktype, {f.data() + pos, caplen}, out);
        pos += caplen;
    }
    return true;
}

inline bool pcapng(const std::vector<uint8_t> &f, std::vector<UdpDatagram> &out,
                   std::string &err) {
    constexpr uint32_t kShb = 0x0a0d0d0a, kIdb = 1, kPb = 2, kSpb = 3, kEpb = 6;
    bool swap = false;
    std::vector<uint32_t> linktypes;
    std::vector<uint32_t> snaplens;
    size_t pos = 0;
    uint32_t frame = 0;
    while (f.size() - pos >= 12) {
        const uint8_t *b = f.data() + pos;
        const uint32_t type = rd32(b, false); // the SHB type is a palindrome
        if (type == kShb) {
            swap = rd32(b + 8, false) != 0x1a2b3c4d;
            linktypes.clear();
            snaplens.clear();
        }
        const size_t blen = rd32(b + 4, swap);
        if (blen < 12 || blen > f.size() - pos || blen % 4) {
            err = "pcapng block length invalid";
            return false;
        }
        const size_t body = blen - 12;
        const uint8_t *p = b + 8;
        const uint32_t btype = rd32(b, swap);
        if (btype == kIdb && body >= 8) {
            linktypes.push_back(rd16(p, swap));
            snaplens.push_back(rd32(p + 4, swap));
        } else if ((btype == kEpb || btype == kPb) && body >= 20) {
            const uint32_t ifid = btype == kEpb ? rd32(p, swap) : rd16(p, swap);
            const size_t caplen = rd32(p + 12, swap);
            ++frame;
            if (ifid < linktypes.size() && caplen <= body - 20)
                emit(frame, linktypes[ifid], {p + 20, caplen}, out);
        } else if (btype == kSpb && body >= 4) {
            const size_t orig = rd32(p, swap);
            size_t caplen = orig < body - 4 ? orig : body - 4;
            if (!snaplens.empty() && snaplens[0] != 0 && caplen > snaplens[0])
                caplen = snaplens[0];
            ++frame;
            if (!linktypes.empty())
                emit(frame, linktypes[0], {p + 4, caplen}, out);
        }
        pos += blen;
    }
    return true;
}

} // namespace pcap_detail

// Every UDP datagram in the capture at `path`. False (with `err`) if the file cannot be read
// or its framing is broken; packets that are not UDP over IP are skipped silently.
inline bool read_udp_datagrams(const std::string &path, std::vector<UdpDatagram> &out,
                               std::string &err) {
    // stdio, not iostreams: cmocka defines a `fail` macro that breaks <ios> when included first.
    std::FILE *fp = std::fopen(path.c_str(), "rb");
    if (!fp) {
        err = "cannot open " + path;
        return false;
    }
    std::vector<uint8_t> f;
    uint8_t chunk[65536];
    size_t got = 0;
    while ((got = std::fread(chunk, 1, sizeof chunk, fp)) > 0)
        f.insert(f.end(), chunk, chunk + got);
    std::fclose(fp);
    if (f.size() < 24) {
        err = "file too short for a capture header: " + path;
        return false;
    }
    const uint32_t magic = pcap_detail::rd32(f.data(), false);
    if (magic == 0x0a0d0d0a)
        return pcap_detail::pcapng(f, out, err);
    if (magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1 || magic == 0xa1b23c4d || magic == 0x4d3cb2a1)
        return pcap_detail::classic(f, out, err);
    err = "not a pcap or pcapng file: " + path;
    return false;
}

} // namespace huntpack::testing
