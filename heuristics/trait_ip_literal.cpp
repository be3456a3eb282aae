// SPDX-License-Identifier: GPL-2.0-or-later
// Trait http-ip-host: find and classify an IP literal in a Host header or URI authority.
// References: see trait_ip_literal.h (RFC 3986 §3.2.2, WHATWG URL "IPv4 parser", RFC 6890).
// Limitations: input longer than kMaxHostChars is not examined; IPv6 zone ids are dropped.
#include "trait_ip_literal.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace huntpack::traits {

namespace {

// The longest IPv6 text form is 45 chars (RFC 4291 §2.2 with embedded IPv4) plus brackets,
// a zone id and ":65535"; anything much longer is not an IP literal we need to look at.
constexpr size_t kMaxHostChars = 128;
constexpr size_t kMaxIpv6TextChars = 45;
constexpr size_t kMaxIpv4Parts = 4;

std::string_view trim_view(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

struct HostPort {
    bool ok = false;
    std::string_view host;
    bool has_port = false;
    uint16_t port = 0;
};

bool parse_port(std::string_view p, uint16_t *out) {
    if (p.size() > 5)
        return false;
    uint32_t v = 0;
    for (char c : p) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + static_cast<uint32_t>(c - '0');
    }
    if (v > 65535)
        return false;
    *out = static_cast<uint16_t>(v);
    return true;
}

// Split "host[:port]" / "[v6][:port]". An empty port ("1.2.3.4:") is allowed (RFC 3986 §3.2.3).
HostPort split_host_port(std::string_view s) {
    HostPort hp;
    std::string_view rest;
    if (!s.empty() && s.front() == '[') {
        size_t close = s.find(']');
        if (close == std::string_view::npos)
            return hp;
        hp.host = s.substr(0, close + 1);
        rest = s.substr(close + 1);
    } else {
        size_t colon = s.find(':');
        if (colon != std::string_view::npos && s.find(':', colon + 1) != std::string_view::npos) {
            hp.host = s; // unbracketed IPv6 (invalid in a Host header, but seen)
            hp.ok = true;
            return hp;
        }
        hp.host = s.substr(0, colon);
        rest = colon == std::string_view::npos ? std::string_view{} : s.substr(colon);
    }
    if (!rest.empty()) {
        if (rest.front() != ':')
            return hp;
        rest.remove_prefix(1);
        hp.has_port = !rest.empty();
        if (hp.has_port && !parse_port(rest, &hp.port))
            return hp;
    }
    hp.ok = !hp.host.empty();
    return hp;
}

enum class Radix : uint8_t { Dec = 10, Oct = 8, Hex = 16 };

int digit_value(char c, Radix r) {
    int v = -1;
    if (c >= '0' && c <= '9')
        v = c - '0';
    else if (c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
    return v >= 0 && v < static_cast<int>(r) ? v : -1;
}

// WHATWG "IPv4 number parser": 0x → hex, leading 0 → octal, else decimal. Saturates at 2^33.
bool parse_ipv4_number(std::string_view p, uint64_t *out, Radix *radix) {
    if (p.empty())
        return false;
    *radix = Radix::Dec;
    if (p.size() >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        *radix = Radix::Hex;
        p.remove_prefix(2);
    } else if (p.size() >= 2 && p[0] == '0') {
        *radix = Radix::Oct;
        p.remove_prefix(1);
    }
    uint64_t v = 0;
    for (char c : p) {
        int d = digit_value(c, *radix);
        if (d < 0)
            return false;
        v = v * static_cast<uint64_t>(*radix) + static_cast<uint64_t>(d);
        if (v > (uint64_t{1} << 33))
            v = uint64_t{1} << 33;
    }
    *out = v;
    return true;
}

std::string ipv4_text(uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xff) + "." +
           std::to_string((a >> 8) & 0xff) + "." + std::to_string(a & 0xff);
}

bool in_v4(uint32_t a, uint32_t net, int bits) {
    uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    return (a & mask) == net;
}

uint8_t severity_for(AddrClass c) {
    switch (c) {
    case AddrClass::Loopback:
        return kInfo;
    case AddrClass::Multicast:
    case AddrClass::LinkLocal:
    case AddrClass::Private:
    case AddrClass::Cgnat:
        return kNote;
    default:
        return kWarn; // public, and addresses that should never be on the wire
    }
}

void finish(IpLiteralResult *r, std::string_view where, std::string_view shown, const char *form) {
    r->fired = true;
    r->severity = severity_for(r->addr_class);
    std::string fam = r->family == IpFamily::V4 ? "IPv4" : "IPv6";
    std::string what = r->addr_class == AddrClass::Public
                           ? "a public " + fam
                           : "an " + fam + " " + addr_class_name(r->addr_class);
    r->evidence = std::string(where) + " " + std::string(shown) + " is " + what + " address";
    if (r->evasive_form) {
        r->severity = r->severity < kWarn ? kWarn : kAlert;
        r->evidence += " (" + r->canonical + ") written as " + form + ", an evasion form";
    }
}

bool try_ipv6(std::string_view host, IpLiteralResult *r) {
    bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
    if (bracketed)
        host = host.substr(1, host.size() - 2);
    size_t zone = host.find('%');
    if (zone != std::string_view::npos)
        host = host.substr(0, zone);
    if (host.empty() || host.size() > kMaxIpv6TextChars)
        return false;
    char buf[kMaxIpv6TextChars + 1];
    std::memcpy(buf, host.data(), host.size());
    buf[host.size()] = '\0';
    in6_addr a6{};
    if (inet_pton(AF_INET6, buf, &a6) != 1)
        return false;
    r->family = IpFamily::V6;
    std::memcpy(r->addr.data(), &a6, 16);
    r->addr_class = classify_ipv6(r->addr);
    char out[INET6_ADDRSTRLEN] = {};
    inet_ntop(AF_INET6, &a6, out, sizeof out);
    r->canonical = out;
    return true;
}

IpLiteralResult classify_host_part(std::string_view text, std::string_view where) {
    IpLiteralResult r;
    std::string_view s = trim_view(text);
    if (s.empty() || s.size() > kMaxHostChars)
        return r;
    HostPort hp = split_host_port(s);
    if (!hp.ok)
        return r;
    r.has_port = hp.has_port;
    r.port = hp.port;
    const char *form = "dotted quad";
    if (hp.host.find(':') != std::string_view::npos || hp.host.front() == '[') {
        if (!try_ipv6(hp.host, &r))
            return r;
    } else {
        ParsedIpv4 v4 = parse_ipv4_host(hp.host);
        if (!v4.ok)
            return r;
        r.family = IpFamily::V4;
        r.evasive_form = v4.evasive;
        form = v4.form;
        for (int i = 0; i < 4; ++i)
            r.addr[static_cast<size_t>(i)] = static_cast<uint8_t>(v4.value >> (24 - 8 * i));
        r.addr_class = classify_ipv4(v4.value);
        r.canonical = ipv4_text(v4.value);
    }
    finish(&r, where, s, form);
    return r;
}

} // namespace

const char *addr_class_name(AddrClass c) {
    switch (c) {
    case AddrClass::Public:
        return "public";
    case AddrClass::Private:
        return "private";
    case AddrClass::Loopback:
        return "loopback";
    case AddrClass::LinkLocal:
        return "link-local";
    case AddrClass::Multicast:
        return "multicast";
    case AddrClass::Cgnat:
        return "carrier-grade NAT";
    case AddrClass::Documentation:
        return "documentation";
    case AddrClass::Unspecified:
        return "unspecified";
    case AddrClass::Broadcast:
        return "broadcast";
    case AddrClass::Reserved:
        return "reserved";
    }
    return "unknown";
}

ParsedIpv4 parse_ipv4_host(std::string_view s) {
    ParsedIpv4 out;
    if (s.empty() || s.size() > kMaxHostChars)
        return out;
    if (s.back() == '.')
        s.remove_suffix(1); // WHATWG drops one empty trailing part
    std::vector<uint64_t> parts;
    bool odd_radix = false;
    while (true) {
        if (parts.size() == kMaxIpv4Parts)
            return out;
        size_t dot = s.find('.');
        uint64_t v = 0;
        Radix radix = Radix::Dec;
        if (!parse_ipv4_number(s.substr(0, dot), &v, &radix))
            return out;
        odd_radix = odd_radix || radix != Radix::Dec;
        parts.push_back(v);
        if (dot == std::string_view::npos)
            break;
        s.remove_prefix(dot + 1);
    }
    for (size_t i = 0; i + 1 < parts.size(); ++i)
        if (parts[i] > 255)
            return out;
    uint64_t last_limit = uint64_t{1} << (8 * (5 - parts.size()));
    if (parts.back() >= last_limit)
        return out;
    uint64_t v = parts.back();
    for (size_t i = 0; i + 1 < parts.size(); ++i)
        v += parts[i] << (8 * (3 - i));
    out.ok = true;
    out.value = static_cast<uint32_t>(v);
    out.evasive = odd_radix || parts.size() != 4;
    if (parts.size() == 1)
        out.form = "a single integer";
    else if (odd_radix)
        out.form = "hexadecimal or octal parts";
    else if (parts.size() != 4)
        out.form = "a short form with fewer than four parts";
    return out;
}

AddrClass classify_ipv4(uint32_t a) {
    if (a == 0xffffffffu)
        return AddrClass::Broadcast;
    if (in_v4(a, 0x00000000u, 8))
        return AddrClass::Unspecified;
    if (in_v4(a, 0x7f000000u, 8))
        return AddrClass::Loopback;
    if (in_v4(a, 0x0a000000u, 8) || in_v4(a, 0xac100000u, 12) || in_v4(a, 0xc0a80000u, 16))
        return AddrClass::Private;
    if (in_v4(a, 0x64400000u, 10))
        return AddrClass::Cgnat;
    if (in_v4(a, 0xa9fe0000u, 16))
        return AddrClass::LinkLocal;
    if (in_v4(a, 0xe0000000u, 4))
        return AddrClass::Multicast;
    if (in_v4(a, 0xc0000200u, 24) || in_v4(a, 0xc6336400u, 24) || in_v4(a, 0xcb007100u, 24))
        return AddrClass::Documentation;
    if (in_v4(a, 0xf0000000u, 4) || in_v4(a, 0xc0000000u, 24) || in_v4(a, 0xc6120000u, 15))
        return AddrClass::Reserved;
    return AddrClass::Public;
}

AddrClass classify_ipv6(const std::array<uint8_t, 16> &a) {
    static constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(a.data(), kMappedPrefix, 12) == 0)
        return classify_ipv4(uint32_t{a[12]} << 24 | uint32_t{a[13]} << 16 | uint32_t{a[14]} << 8 |
                             a[15]);
    bool zero_head = std::all_of(a.begin(), a.end() - 1, [](uint8_t b) { return b == 0; });
    if (zero_head && a[15] == 0)
        return AddrClass::Unspecified;
    if (zero_head && a[15] == 1)
        return AddrClass::Loopback;
    if (a[0] == 0xff)
        return AddrClass::Multicast;
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
        return AddrClass::LinkLocal;
    if ((a[0] & 0xfe) == 0xfc || (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0))
        return AddrClass::Private;
    if ((a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) ||
        (a[0] == 0x3f && a[1] == 0xff && (a[2] & 0xf0) == 0x00))
        return AddrClass::Documentation;
    return AddrClass::Public;
}

IpLiteralResult classify_host_header(std::string_view host_value) {
    return classify_host_part(host_value, "Host");
}

IpLiteralResult classify_uri_authority(std::string_view uri) {
    std::string_view s = trim_view(uri);
    size_t scheme = s.find("://");
    if (scheme != std::string_view::npos)
        s.remove_prefix(scheme + 3);
    else if (s.size() >= 2 && s[0] == '/' && s[1] == '/')
        s.remove_prefix(2);
    else if (!s.empty() && s.front() == '/')
        return {}; // origin-form request target: no authority
    s = s.substr(0, s.find_first_of("/?#"));
    size_t at = s.rfind('@');
    if (at != std::string_view::npos)
        s.remove_prefix(at + 1);
    return classify_host_part(s, "URI authority");
}

} // namespace huntpack::traits
