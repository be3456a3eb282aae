// SPDX-License-Identifier: GPL-2.0-or-later
// Find the TCP header of a frame from its raw bytes, given the IP addresses and ports that
// Wireshark already decoded. Used only as a fallback on the one frame where huntpack learns
// that its output is wanted (Wireshark's TCP fields are not available for that frame yet).
// RFC 791 §3.1 (IPv4 header, IHL), RFC 8200 §3 (IPv6 fixed header), RFC 9293 §3.1 (TCP).
// Limitations: IPv6 extension headers and tunnels are not followed (the result is not ok).
#pragma once

#include <cstddef>
#include <cstdint>

namespace huntpack::tcplocate {

struct TcpHeader {
    bool ok = false;
    uint16_t flags = 0;
    uint32_t seq = 0;         // raw, not relative
    uint32_t payload_off = 0; // in the frame
    uint32_t payload_len = 0; // captured bytes of payload
};

// src/dst: 4 (IPv4) or 16 (IPv6) address bytes; the last matching IP header in the frame is
// used (inner-most for tunnels that repeat the addresses).
TcpHeader locate(const uint8_t *frame, size_t n, const uint8_t *src, const uint8_t *dst,
                 size_t addr_len, uint16_t sport, uint16_t dport);

// The same for UDP (RFC 768): payload bounded by the UDP length field and the IP length.
TcpHeader locate_udp(const uint8_t *frame, size_t n, const uint8_t *src, const uint8_t *dst,
                     size_t addr_len, uint16_t sport, uint16_t dport);

} // namespace huntpack::tcplocate
