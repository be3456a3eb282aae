// SPDX-License-Identifier: GPL-2.0-or-later
// Find the TCP (or UDP) header of a frame from its raw bytes, given the IP addresses and ports
// that Wireshark already decoded. huntpack reads a frame's TCP facts (flags, sequence and
// acknowledgment numbers, payload, TTL) here instead of asking Wireshark for tcp.flags, tcp.seq,
// tcp.payload, ip.ttl...: every field a postdissector or tap primes costs a real tree item on
// every frame (measured in bench/RESULTS.md), while this costs a short scan of bytes already
// in memory.
// RFC 791 §3.1 (IPv4 header, IHL, total length), RFC 8200 §3-4 (IPv6 fixed header, extension
// headers: Hop-by-Hop 0, Routing 43, Destination Options 60 with length in 8-octet units
// after the first 8; Fragment 44: only a first fragment (offset 0) is followed), RFC 4302 §2.2
// (AH 51: length in 4-octet units minus 2), RFC 9293 §3.1 (TCP), RFC 768 (UDP).
// Tunnels are handled by matching the addresses: the last IP header in the frame whose source
// and destination are the ones Wireshark decoded is used (the inner-most for tunnels that
// repeat them).
#pragma once

#include <cstddef>
#include <cstdint>

namespace huntpack::tcplocate {

struct TcpHeader {
    bool ok = false;
    uint16_t flags = 0;       // TCP: the 9 flag bits (NS..FIN), as tcp.flags
    uint32_t seq = 0;         // TCP: raw, not relative
    uint32_t ack = 0;         // TCP: raw acknowledgment number
    uint8_t ttl = 0;          // IPv4 TTL or IPv6 hop limit of the header carrying it
    uint32_t payload_off = 0; // in the frame
    uint32_t payload_len = 0; // captured bytes of payload
    uint32_t payload_reported = 0; // payload length the IP header announces (as tcp.len)
};

constexpr size_t kNoHint = static_cast<size_t>(-1);

// src/dst: 4 (IPv4) or 16 (IPv6) address bytes. ip_hint: where the caller believes the IP
// header starts (Wireshark's ip/ipv6 item); tried first, and the frame is scanned for the last
// matching IP header only when the hint does not match.
TcpHeader locate(const uint8_t *frame, size_t n, const uint8_t *src, const uint8_t *dst,
                 size_t addr_len, uint16_t sport, uint16_t dport, size_t ip_hint = kNoHint);

// The same for UDP: payload bounded by the UDP length field and the IP length.
TcpHeader locate_udp(const uint8_t *frame, size_t n, const uint8_t *src, const uint8_t *dst,
                     size_t addr_len, uint16_t sport, uint16_t dport, size_t ip_hint = kNoHint);

} // namespace huntpack::tcplocate
