// SPDX-License-Identifier: GPL-2.0-or-later
// Trait http-ip-host: an IP literal in an HTTP Host header or absolute-URI authority, classified.
// References: RFC 9110 §7.2 (Host), RFC 3986 §3.2.2 (IP-literal, IPv4address), WHATWG URL
// Standard "IPv4 parser" (browsers accept 0x7f.1, 2130706433, 0177.0.0.1, 127.1), RFC 1918,
// RFC 6598 (100.64/10), RFC 5737 / RFC 3849 / RFC 9637 (documentation), RFC 4193 (fc00::/7),
// RFC 3927 / RFC 4291 (link-local, loopback, multicast), RFC 6890 (special-purpose registry).
// Decision: non-canonical IPv4 forms that browsers and curl resolve (hex or octal parts, a single
// 32-bit integer, 2- or 3-part short forms) are accepted and flagged `evasive_form`, because they
// reach the same address while dodging naive dotted-quad filters. Forms WHATWG rejects (a part
// > 255 in a 4-part address, 5+ parts, trailing junk) are not IP literals.
// Limitations: IPv6 zone identifiers are accepted and dropped; no DNS name resolution.
#pragma once

#include "trait_severity.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace huntpack::traits {

enum class IpFamily : uint8_t { None, V4, V6 };

enum class AddrClass : uint8_t {
    Public,
    Private,       // RFC 1918, RFC 4193 ULA fc00::/7, deprecated site-local fec0::/10
    Loopback,      // 127/8, ::1
    LinkLocal,     // 169.254/16, fe80::/10
    Multicast,     // 224/4, ff00::/8
    Cgnat,         // 100.64/10 (RFC 6598)
    Documentation, // 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20
    Unspecified,   // 0.0.0.0/8, ::
    Broadcast,     // 255.255.255.255
    Reserved,      // 240/4, 192.0.0/24, 198.18/15 and other special-purpose space
};

const char *addr_class_name(AddrClass c);

struct IpLiteralResult {
    bool fired = false;
    uint8_t severity = kInfo;
    std::string evidence;
    IpFamily family = IpFamily::None;
    AddrClass addr_class = AddrClass::Public;
    bool evasive_form = false; // non-canonical IPv4 spelling (hex/octal/integer/short)
    bool has_port = false;
    uint16_t port = 0;
    std::array<uint8_t, 16> addr{}; // network order; IPv4 uses the first 4 bytes
    std::string canonical;          // "127.0.0.1", "fe80::1"
};

// The value of a Host header ("239.255.255.250:1900", "[::1]:8080", "example.com").
IpLiteralResult classify_host_header(std::string_view host_value);
// An absolute URI ("http://user@10.0.0.1:8080/x") or a bare authority; origin-form paths
// ("/index.html") never fire.
IpLiteralResult classify_uri_authority(std::string_view uri);

// Lower-level pieces, exposed for other traits and for tests.
struct ParsedIpv4 {
    bool ok = false;
    bool evasive = false;
    const char *form = "dotted quad"; // how it was spelled, for evidence
    uint32_t value = 0;
};
ParsedIpv4 parse_ipv4_host(std::string_view s);
AddrClass classify_ipv4(uint32_t addr);
AddrClass classify_ipv6(const std::array<uint8_t, 16> &addr);

} // namespace huntpack::traits
