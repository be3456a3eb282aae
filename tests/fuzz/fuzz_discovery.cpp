// SPDX-License-Identifier: GPL-2.0-or-later
// discovery::parse_dhcp / parse_lldp / parse_cdp / find_l2_pdu / ws_ascii_value /
// ws_format_text on arbitrary bytes. The first byte selects the entry point (modulo 6), the rest
// is its input: 0 DHCP payload, 1 DHCP payload on the proxyDHCP port, 2 LLDPDU, 3 CDP PDU,
// 4 Ethernet frame (locator, then the parser of what it found), 5 string rules.
#include "discovery.h"
#include "fuzz_common.h"

#include <glib.h>

using namespace huntpack;
using namespace huntpack::discovery;

namespace {

void check_value(const std::string &s) {
    HP_CHECK(s.size() <= kMaxValueBytes);
    HP_CHECK(s.find('\0') == std::string::npos); // field values are C strings
    HP_CHECK(g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr));
}

void check_values(const std::vector<std::string> &v) {
    HP_CHECK(v.size() <= kMaxValues);
    for (const std::string &s : v)
        check_value(s);
}

bool is_mac(const std::string &s) {
    if (s.size() != 17)
        return false;
    for (size_t i = 0; i < s.size(); ++i)
        if (i % 3 == 2 ? s[i] != ':' : !g_ascii_isxdigit(s[i]))
            return false;
    return true;
}

bool is_dotted_quad(const std::string &s) {
    unsigned a, b, c, d;
    char tail;
    return s.size() >= 7 && s.size() <= 15 &&
           std::sscanf(s.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) == 4 && a < 256 &&
           b < 256 && c < 256 && d < 256;
}

void fuzz_dhcp(ByteView in, bool proxy) {
    DhcpFacts f;
    const ParseStatus st = parse_dhcp(in, f, proxy);
    HP_CHECK(st == f.status);
    HP_CHECK(st != ParseStatus::Unsupported || proxy);
    HP_CHECK(!f.have_op || in.size() >= 3);
    HP_CHECK(!f.has_cookie || in.size() >= kDhcpCookieOffset + 4);
    HP_CHECK(!f.have_ciaddr || (f.have_op && is_dotted_quad(f.ciaddr)));
    HP_CHECK(!f.have_chaddr ||
             (f.have_ciaddr && !f.mac_addrs.empty() && f.mac_addrs[0] == f.chaddr));
    HP_CHECK(f.have_op || (f.mac_addrs.empty() && f.hostnames.empty() && f.vendor_classes.empty()));
    for (const std::string &m : f.mac_addrs)
        HP_CHECK(is_mac(m));
    for (const std::string &ip : f.requested_ips)
        HP_CHECK(is_dotted_quad(ip));
    check_values(f.mac_addrs);
    check_values(f.hostnames);
    check_values(f.vendor_classes);
    check_values(f.requested_ips);
    for (const std::string &h : f.hostnames) // ASCII rule: at most 3 bytes per option byte
        HP_CHECK(h.size() <= 3 * 255);
    DhcpFacts again;
    parse_dhcp(in, again, proxy);
    HP_CHECK(again.hostnames == f.hostnames && again.mac_addrs == f.mac_addrs);
}

void fuzz_lldp(ByteView in) {
    LldpFacts f;
    const ParseStatus st = parse_lldp(in, f);
    HP_CHECK(st == f.status && st != ParseStatus::Unsupported);
    check_values(f.names);
    check_values(f.descs);
    check_values(f.mgmt_ipv4);
    for (const std::string &ip : f.mgmt_ipv4)
        HP_CHECK(is_dotted_quad(ip));
    for (const std::string &s : f.names) // one 9-bit TLV length of ASCII-rule bytes
        HP_CHECK(s.size() <= 3 * kLldpMaxTlvInfo);
}

void fuzz_cdp(ByteView in) {
    CdpFacts f;
    const ParseStatus st = parse_cdp(in, f);
    HP_CHECK(st == f.status && st != ParseStatus::Unsupported);
    check_values(f.device_ids);
    check_values(f.platforms);
    check_values(f.software);
    HP_CHECK(f.cut <= f.device_ids.size() + f.platforms.size() + f.software.size());
    HP_CHECK(in.size() >= kCdpHeaderLen || (f.device_ids.empty() && f.software.empty()));
}

void fuzz_locator(ByteView in) {
    L2Pdu pdu;
    const bool found = find_l2_pdu(in, pdu);
    if (!found) {
        HP_CHECK(pdu.kind == L2Kind::None && pdu.offset == 0 && pdu.length == 0);
        return;
    }
    HP_CHECK(pdu.kind == L2Kind::Lldp || pdu.kind == L2Kind::Cdp);
    HP_CHECK(pdu.offset >= kEthHeaderLen && pdu.offset <= in.size());
    HP_CHECK(pdu.length <= in.size() - pdu.offset);
    const ByteView sub(in.data() + pdu.offset, pdu.length);
    if (pdu.kind == L2Kind::Lldp) {
        HP_CHECK(pdu.offset + pdu.length == in.size());
        HP_CHECK(in.data()[pdu.offset - 2] == 0x88 && in.data()[pdu.offset - 1] == 0xcc);
        fuzz_lldp(sub);
    } else {
        HP_CHECK(pdu.length + 8 <= kMax8023Length);
        fuzz_cdp(sub);
    }
}

void fuzz_strings(ByteView in) {
    const std::string a = ws_ascii_value(in.data(), in.size());
    HP_CHECK(a.size() <= 3 * in.size());
    HP_CHECK(a.find('\0') == std::string::npos);
    HP_CHECK(g_utf8_validate(a.data(), static_cast<gssize>(a.size()), nullptr));
    const std::string t = ws_format_text(in.data(), in.size());
    HP_CHECK(t.size() <= 4 * in.size()); // "\ooo" per byte is the most format_text() writes
    HP_CHECK(t.find('\0') == std::string::npos);
    HP_CHECK(g_utf8_validate(t.data(), static_cast<gssize>(t.size()), nullptr));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    const ByteView in(data + 1, size - 1);
    switch (data[0] % 6) {
    case 0:
        fuzz_dhcp(in, false);
        break;
    case 1:
        fuzz_dhcp(in, true);
        break;
    case 2:
        fuzz_lldp(in);
        break;
    case 3:
        fuzz_cdp(in);
        break;
    case 4:
        fuzz_locator(in);
        break;
    default:
        fuzz_strings(in);
        break;
    }
    return 0;
}
