// SPDX-License-Identifier: GPL-2.0-or-later
// discovery_util.h: small helpers the discovery parsers share (dhcp.cpp, lldp_cdp.cpp); not part
// of the public API (discovery.h).
#pragma once

#include "discovery.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace huntpack::discovery::detail {

inline uint16_t be16(const uint8_t *p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
inline uint32_t be24(const uint8_t *p) { return uint32_t{p[0]} << 16 | uint32_t{p[1]} << 8 | p[2]; }
inline uint32_t be32(const uint8_t *p) { return be24(p) << 8 | p[3]; }

inline std::string ipv4_text(const uint8_t *p) {
    std::string s;
    for (int i = 0; i < 4; ++i) {
        if (i)
            s += '.';
        s += std::to_string(p[i]);
    }
    return s;
}

inline std::string mac_text(const uint8_t *p) {
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
inline void add_value(std::vector<std::string> &v, std::string s, size_t &dropped, size_t &cut) {
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

} // namespace huntpack::discovery::detail
