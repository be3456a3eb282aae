// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the DHCP, LLDP and CDP parsers and the LLDP/CDP locator (heuristics/discovery.h).
// Real packets come from the shared captures, hand-built ones from the standards; every expected
// value is what tshark 4.0.17 prints for the field (tshark -n -r F -T json -e <field>: JSON keeps
// the field value unescaped). Crafted packets were written to a pcap and checked the same way.
#include "cmocka_cxx.h"
#include "discovery.h"

#include <string>
#include <vector>

namespace dc = huntpack::discovery;
using huntpack::ByteView;
using huntpack::ParseStatus;

static ByteView view(const std::vector<uint8_t> &b) { return ByteView(b.data(), b.size()); }

// Compares whole std::strings (an embedded NUL must not end the comparison early).
static void expect_same_string(const std::string &got, const char *want) {
    assert_string_equal(got.c_str(), want);
    assert_int_equal(got.size(), std::string(want).size());
}

static void expect_values(const std::vector<std::string> &got,
                          std::initializer_list<const char *> want) {
    assert_int_equal(got.size(), want.size());
    size_t i = 0;
    for (const char *w : want)
        expect_same_string(got[i++], w);
}

// ================================ DHCP ================================

// ndpi-corpus/gnutella.pcap frame 7, a Windows 10 DHCP Request, UDP payload:
//   tshark -n -r gnutella.pcap -Y frame.number==7 -T fields -e udp.payload
// Options: 53=3 | 61 01 08:00:27:e6:e5:59 | 50 10.0.2.15 | 12 "MSEDGEWIN10" | 81 | 60 "MSFT 5.0" |
// 55
static const std::vector<uint8_t> kGnutellaRequest = from_hex(
    "01010600a6784b7d0000000000000000000000000000000000000000080027e6e55900000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000638253633501033d0701080027e6e55932040a00020f0c0b4d534544"
    "474557494e3130510e0000004d534544474557494e31303c084d53465420352e30370e0103060f1f212b2c2e"
    "2f7779f9fcff");

// ndpi/alexa-app.pcapng frame 7, an Android (dhcpcd) Request; same command.
static const std::vector<uint8_t> kAlexaRequest = from_hex(
    "010106007c6d7f31000000000000000000000000000000000000000078f882d3fbc200000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000638253633501033d070178f882d3fbc23204ac102ad8390205dc3c0c"
    "6468637063642d352e352e360c18616e64726f69642d31633133333565633935613237333138370a01210306"
    "0f1a1c333a3bff");

// ndpi-corpus/1kxun.pcap frame 5, a server's DHCP ACK (op 2, BOOTREPLY); same command.
static const std::vector<uint8_t> kOneKxunReply = from_hex(
    "02010600c091205200008000c0a80524c0a80524c0a877010000000000265ac2635500000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000638253633501053604c0a8770133040000003c0104ffff00000304c0"
    "a877010610a85f010108080808a85fc001080804042a08a85fc30c7bcc2d74ff00000000");

// ndpi-corpus/fuzz-2006-06-26-2594.pcap frame 484: chaddr df:e0:ed:01:6e:bd but client
// identifier (61) 00:e0:ed:01:6e:bd; Wireshark puts both into dhcp.hw.mac_addr.
static const std::vector<uint8_t> kFuzzRequest = from_hex(
    "01010600066d0c3800000000c0a80102000000000000000000000000dfe0ed016ebd00000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000080000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000035000000000000000000000000"
    "0000000061000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000003400638253633501033d070100e0ed016ebd0c0764303032343635510b00"
    "0000643030323436352e3c084d53465420352e30370a010f03062c2e2f1f212bff000000");

// Hand-built BOOTP/DHCP message (RFC 2131 §2, Figure 1): op htype=1 hlen=6 hops=0 |
// xid 12345678 | secs 0000 flags 0000 | ciaddr | yiaddr siaddr giaddr (0) |
// chaddr 00:11:22:33:44:55 + 10 zero bytes | sname[64] | file[128] = 236 bytes.
static const std::vector<uint8_t> kMac = from_hex("001122334455");
static const std::vector<uint8_t> kCookie = from_hex("63825363"); // RFC 2131 §3
static std::vector<uint8_t> bootp(uint8_t op, const char *ciaddr_hex = "00000000",
                                  const std::vector<uint8_t> &sname = {},
                                  const std::vector<uint8_t> &file = {}) {
    std::vector<uint8_t> m = cat({{op, 1, 6, 0},
                                  from_hex("12345678"),
                                  from_hex("00000000"),
                                  from_hex(ciaddr_hex),
                                  std::vector<uint8_t>(12, 0),
                                  kMac,
                                  std::vector<uint8_t>(10, 0)});
    std::vector<uint8_t> s = sname, f = file;
    s.resize(64, 0);
    f.resize(128, 0);
    return cat({m, s, f});
}

static void test_parse_dhcp_request_windows(void **) {
    dc::DhcpFacts f;
    assert_int_equal(dc::parse_dhcp(view(kGnutellaRequest), f), ParseStatus::Ok);
    // tshark: dhcp.type 1, dhcp.ip.client 0.0.0.0, dhcp.hw.mac_addr 08:00:27:e6:e5:59 (twice),
    // dhcp.option.hostname MSEDGEWIN10, vendor_class_id "MSFT 5.0", requested 10.0.2.15
    assert_true(f.have_op);
    assert_int_equal(f.op, dc::kBootRequest);
    assert_true(f.have_ciaddr);
    assert_string_equal(f.ciaddr.c_str(), "0.0.0.0");
    assert_true(f.have_chaddr);
    assert_string_equal(f.chaddr.c_str(), "08:00:27:e6:e5:59");
    expect_values(f.mac_addrs, {"08:00:27:e6:e5:59", "08:00:27:e6:e5:59"});
    expect_values(f.hostnames, {"MSEDGEWIN10"});
    expect_values(f.vendor_classes, {"MSFT 5.0"});
    expect_values(f.requested_ips, {"10.0.2.15"});
    assert_true(f.has_cookie);
    assert_int_equal(f.dropped, 0);
}

static void test_parse_dhcp_request_android(void **) {
    dc::DhcpFacts f;
    assert_int_equal(dc::parse_dhcp(view(kAlexaRequest), f), ParseStatus::Ok);
    expect_values(f.mac_addrs, {"78:f8:82:d3:fb:c2", "78:f8:82:d3:fb:c2"});
    expect_values(f.hostnames, {"android-1c1335ec95a27318"});
    expect_values(f.vendor_classes, {"dhcpcd-5.5.6"});
    expect_values(f.requested_ips, {"172.16.42.216"});
}

static void test_parse_dhcp_server_reply(void **) {
    dc::DhcpFacts f;
    assert_int_equal(dc::parse_dhcp(view(kOneKxunReply), f), ParseStatus::Ok);
    // tshark: dhcp.type 2, dhcp.ip.client 192.168.5.36, dhcp.hw.mac_addr 00:26:5a:c2:63:55
    assert_int_equal(f.op, dc::kBootReply);
    assert_string_equal(f.ciaddr.c_str(), "192.168.5.36");
    expect_values(f.mac_addrs, {"00:26:5a:c2:63:55"});
    assert_true(f.hostnames.empty() && f.vendor_classes.empty() && f.requested_ips.empty());
}

static void test_parse_dhcp_client_id_mac(void **) {
    dc::DhcpFacts f;
    assert_int_equal(dc::parse_dhcp(view(kFuzzRequest), f), ParseStatus::Ok);
    // tshark: dhcp.hw.mac_addr df:e0:ed:01:6e:bd,00:e0:ed:01:6e:bd; ip.client 192.168.1.2
    assert_string_equal(f.chaddr.c_str(), "df:e0:ed:01:6e:bd");
    expect_values(f.mac_addrs, {"df:e0:ed:01:6e:bd", "00:e0:ed:01:6e:bd"});
    assert_string_equal(f.ciaddr.c_str(), "192.168.1.2");
    expect_values(f.hostnames, {"d002465"});
    expect_values(f.vendor_classes, {"MSFT 5.0"});
}

// Cut inside option 12 of the gnutella Request (options from offset 240: 53 at 240, 61 at
// 243, 50 at 252, 12 at 258, value 260..270): 53/61/50 stay, 12 and everything after go.
static void test_parse_dhcp_truncated_in_option(void **) {
    for (size_t cut : {259u, 260u, 265u, 270u}) {
        const std::vector<uint8_t> b(kGnutellaRequest.begin(), kGnutellaRequest.begin() + cut);
        dc::DhcpFacts f;
        assert_int_equal(dc::parse_dhcp(view(b), f), ParseStatus::Truncated);
        expect_values(f.mac_addrs, {"08:00:27:e6:e5:59", "08:00:27:e6:e5:59"});
        expect_values(f.requested_ips, {"10.0.2.15"});
        assert_true(f.hostnames.empty() && f.vendor_classes.empty());
    }
    // At the option boundary the walk just ends: Wireshark throws nothing (no End needed).
    const std::vector<uint8_t> b(kGnutellaRequest.begin(), kGnutellaRequest.begin() + 271);
    dc::DhcpFacts f;
    assert_int_equal(dc::parse_dhcp(view(b), f), ParseStatus::Ok);
    expect_values(f.hostnames, {"MSEDGEWIN10"});
}

static bool is_prefix(const std::vector<std::string> &part, const std::vector<std::string> &all) {
    if (part.size() > all.size())
        return false;
    for (size_t i = 0; i < part.size(); ++i)
        if (part[i] != all[i])
            return false;
    return true;
}

// Every prefix: values are a prefix of the whole message's values; a Request shorter than
// chaddr (28 + 6) shows nothing at all (Wireshark's Info column reads chaddr first).
static void test_parse_dhcp_truncated_every_boundary(void **) {
    dc::DhcpFacts whole;
    dc::parse_dhcp(view(kGnutellaRequest), whole);
    for (size_t n = 0; n < kGnutellaRequest.size(); ++n) {
        dc::DhcpFacts f;
        const ParseStatus st = dc::parse_dhcp(ByteView(kGnutellaRequest.data(), n), f);
        if (n < 34) {
            assert_int_equal(st, ParseStatus::Truncated);
            assert_false(f.have_op);
            continue;
        }
        assert_true(f.have_op && f.have_ciaddr && f.have_chaddr);
        assert_true(is_prefix(f.mac_addrs, whole.mac_addrs));
        assert_true(is_prefix(f.hostnames, whole.hostnames));
        assert_true(is_prefix(f.vendor_classes, whole.vendor_classes));
        assert_true(is_prefix(f.requested_ips, whole.requested_ips));
        if (n < dc::kDhcpCookieOffset)
            assert_int_equal(st, ParseStatus::Truncated);
    }
}

// Reply shorter than ciaddr's end: only dhcp.type; 30 bytes: type and ciaddr (tshark shows
// dhcp.type 2, dhcp.ip.client 192.0.2.1 and no MAC). A 30-byte Request shows nothing.
static void test_parse_dhcp_short_header(void **) {
    const std::vector<uint8_t> reply = bootp(dc::kBootReply, "c0000201");
    dc::DhcpFacts f;
    assert_int_equal(dc::parse_dhcp(ByteView(reply.data(), 30), f), ParseStatus::Truncated);
    assert_true(f.have_op && f.have_ciaddr);
    assert_string_equal(f.ciaddr.c_str(), "192.0.2.1");
    assert_false(f.have_chaddr);
    assert_int_equal(dc::parse_dhcp(ByteView(reply.data(), 15), f), ParseStatus::Truncated);
    assert_true(f.have_op);
    assert_false(f.have_ciaddr);
    const std::vector<uint8_t> request = bootp(dc::kBootRequest);
    assert_int_equal(dc::parse_dhcp(ByteView(request.data(), 30), f), ParseStatus::Truncated);
    assert_false(f.have_op);
    assert_int_equal(dc::parse_dhcp(ByteView(request.data(), 2), f), ParseStatus::Truncated);
    assert_false(f.have_op);
}

// 53=1 | 12 len 0 | 50 len 0 | 60 len 0 | 12 "hello" | End. tshark: hostname "" and "hello",
// vendor_class_id "", no requested_ip_address (option 50 needs 4 bytes).
static void test_parse_dhcp_zero_length_options(void **) {
    const std::vector<uint8_t> m =
        cat({bootp(1), kCookie, from_hex("3501010c0032003c000c0568656c6c6fff")});
    dc::DhcpFacts f;
    assert_int_equal(dc::parse_dhcp(view(m), f), ParseStatus::Ok);
    expect_values(f.hostnames, {"", "hello"});
    expect_values(f.vendor_classes, {""});
    assert_true(f.requested_ips.empty());
}

// 53=1 | 12 "hello" | 60 with length 200 but 8 bytes left. tshark: hostname hello, no vendor.
static void test_parse_dhcp_oversize_length(void **) {
    const std::vector<uint8_t> m = cat({bootp(1),
                                        kCookie,
                                        from_hex("3501010c0568656c6c6f3cc8"),
                                        {'M', 'S', 'F', 'T', ' ', '5', '.', '0'}});
    dc::DhcpFacts f;
    assert_int_equal(dc::parse_dhcp(view(m), f), ParseStatus::Truncated);
    expect_values(f.hostnames, {"hello"});
    assert_true(f.vendor_classes.empty());
}

// 12 "a" | 53 len 0 | 12 "b": Wireshark reads the message type from the empty value and stops.
static void test_parse_dhcp_empty_message_type(void **) {
    const std::vector<uint8_t> m = cat({bootp(1), kCookie, from_hex("0c016135000c0162ff")});
    dc::DhcpFacts f;
    assert_int_equal(dc::parse_dhcp(view(m), f), ParseStatus::Malformed);
    expect_values(f.hostnames, {"a"});
    // The same empty 53 as the last two bytes throws in the first pass: nothing at all.
    const std::vector<uint8_t> last = cat({bootp(1), kCookie, from_hex("0c01613500")});
    assert_int_equal(dc::parse_dhcp(view(last), f), ParseStatus::Truncated);
    assert_false(f.have_op);
    assert_true(f.hostnames.empty() && f.mac_addrs.empty());
}

// RFC 2132 §9.3: 52=3 moves options into sname and file. sname: 12 "in-sname" End; file:
// 60 "in-file" End; main: 53=1 | 52=3 | 12 "main" | End. Wireshark walks sname then file where
// it meets option 52. tshark: hostname in-sname,main; vendor_class_id in-file.
static void test_parse_dhcp_option_overload(void **) {
    const std::vector<uint8_t> m = cat(
        {bootp(1, "00000000", from_hex("0c08696e2d736e616d65ff"), from_hex("3c07696e2d66696c65ff")),
         kCookie, from_hex("3501013401030c046d61696eff")});
    dc::DhcpFacts f;
    assert_int_equal(dc::parse_dhcp(view(m), f), ParseStatus::Ok);
    expect_values(f.hostnames, {"in-sname", "main"});
    expect_values(f.vendor_classes, {"in-file"});
    // Without option 52 the same sname/file bytes are names, not options.
    const std::vector<uint8_t> plain = cat(
        {bootp(1, "00000000", from_hex("0c08696e2d736e616d65ff"), from_hex("3c07696e2d66696c65ff")),
         kCookie, from_hex("3501010c046d61696eff")});
    assert_int_equal(dc::parse_dhcp(view(plain), f), ParseStatus::Ok);
    expect_values(f.hostnames, {"main"});
    assert_true(f.vendor_classes.empty());
}

// 12 "ab\0cd" | 60 "x\xffy": the value stops at the NUL; bytes >= 0x80 become U+FFFD.
// tshark: hostname "ab", vendor_class_id "x\ufffdy".
static void test_parse_dhcp_nul_and_high_bytes(void **) {
    const std::vector<uint8_t> m =
        cat({bootp(1), kCookie, from_hex("3501010c0561620063643c0378ff79ff")});
    dc::DhcpFacts f;
    assert_int_equal(dc::parse_dhcp(view(m), f), ParseStatus::Ok);
    expect_values(f.hostnames, {"ab"});
    expect_values(f.vendor_classes, {"x\xef\xbf\xbdy"});
}

// BOOTP without cookie: Wireshark skips the 64-byte vendor area and reads options from 300.
// tshark: dhcp.type 2, ip.client 192.0.2.1, hostname boot.
static void test_parse_dhcp_bootp_without_cookie(void **) {
    const std::vector<uint8_t> m =
        cat({bootp(2, "c0000201"), std::vector<uint8_t>(dc::kBootpVendorLen, 0),
             from_hex("0c04626f6f74ff")});
    dc::DhcpFacts f;
    assert_int_equal(dc::parse_dhcp(view(m), f), ParseStatus::Ok);
    assert_false(f.has_cookie);
    expect_values(f.hostnames, {"boot"});
    // Cut inside the vendor area: Wireshark's 64-byte item throws, no options.
    assert_int_equal(dc::parse_dhcp(ByteView(m.data(), 280), f), ParseStatus::Truncated);
    assert_true(f.hostnames.empty());
    assert_true(f.have_chaddr);
}

// proxyDHCP (port 4011) needs the cookie; tshark shows no DHCP fields without it.
static void test_parse_dhcp_proxy_port(void **) {
    const std::vector<uint8_t> with = cat({bootp(1), kCookie, from_hex("0c0161ff")});
    dc::DhcpFacts f;
    assert_int_equal(dc::parse_dhcp(view(with), f, true), ParseStatus::Ok);
    expect_values(f.hostnames, {"a"});
    const std::vector<uint8_t> without = bootp(1);
    assert_int_equal(dc::parse_dhcp(view(without), f, true), ParseStatus::Unsupported);
    assert_false(f.have_op);
}

// 81 with the E flag and a label running past the value (05 "ab"): get_dns_name throws, so the
// vendor class after it is not shown. tshark: hostname a, no vendor_class_id.
static void test_parse_dhcp_fqdn_bad_name(void **) {
    const std::vector<uint8_t> m =
        cat({bootp(1), kCookie, from_hex("3501010c016151060400000561623c0378797aff")});
    dc::DhcpFacts f;
    assert_int_equal(dc::parse_dhcp(view(m), f), ParseStatus::Malformed);
    expect_values(f.hostnames, {"a"});
    assert_true(f.vendor_classes.empty());
    // The same name in ASCII form (flag E clear) is fine.
    std::vector<uint8_t> ascii = m;
    ascii[kCookie.size() + 236 + 3 + 3 + 2] = 0x00; // 81's flags byte
    assert_int_equal(dc::parse_dhcp(view(ascii), f), ParseStatus::Ok);
    expect_values(f.vendor_classes, {"xyz"});
}

// 61 (11 bytes) = ff | IAID 01020304 | DUID type 0001 (LLT, RFC 8415 §11.2) | hw type 0001 |
// aabb: Wireshark reads the 4-byte DUID time at value offset 9 past the value and stops, so the
// hostname after it is lost. tshark: dhcp.hw.mac_addr 00:11:22:33:44:55, no hostname.
static void test_parse_dhcp_client_id_short_duid(void **) {
    const std::vector<uint8_t> m =
        cat({bootp(1), kCookie, from_hex("3501013d0bff0102030400010001aabb0c0161ff")});
    dc::DhcpFacts f;
    assert_int_equal(dc::parse_dhcp(view(m), f), ParseStatus::Malformed);
    assert_true(f.hostnames.empty());
    expect_values(f.mac_addrs, {"00:11:22:33:44:55"});
}

static void test_parse_dhcp_value_caps(void **) {
    std::vector<uint8_t> m = cat({bootp(1), kCookie});
    for (size_t i = 0; i < dc::kMaxValues + 4; ++i)
        m.insert(m.end(), {12, 1, static_cast<uint8_t>('a' + i)});
    m.push_back(255);
    dc::DhcpFacts f;
    assert_int_equal(dc::parse_dhcp(view(m), f), ParseStatus::Ok);
    assert_int_equal(f.hostnames.size(), dc::kMaxValues);
    assert_int_equal(f.dropped, 4);
    assert_string_equal(f.hostnames.back().c_str(), "p");
}

// ================================ LLDP ================================

// ndpi-corpus/starcraft_battle.pcap frame 28 (58 bytes), the whole Ethernet frame:
//   tshark -n -r starcraft_battle.pcap -Y frame.number==28 -x
// Chassis MAC, Port MAC, TTL 3601, 802.3 MAC/PHY, LLDP-MED capabilities, End, 3 bytes trailer.
// tshark shows no system name, description or management address.
static const std::vector<uint8_t> kStarcraftLldp = from_hex(
    "0180c200000e2089846bc5ba88cc0207042089846bc5ba0407032089846bc5ba06020e11fe0900120f010300"
    "010000fe070012bb010001010000");

// Hand-built LLDPDU (IEEE 802.1AB-2016 §8.5; TLV header = type(7 bits) << 9 | length(9 bits)):
//   02 07 | 04 00:11:22:33:44:55        Chassis ID, subtype 4 (MAC)
//   04 07 | 03 00:11:22:33:44:55        Port ID, subtype 3 (MAC)
//   06 02 | 00 78                       TTL 120
//   0a 08 | "switch-1"                  System Name (5 << 9 | 8)
//   0c 14 | "ExampleOS 1.2 build7"      System Description (6 << 9 | 20)
//   10 0c | 05 01 c0 00 02 0a | 02 00000001 | 00
//                                       Management Address (8 << 9 | 12): string length 5,
//                                       subtype 1 (IPv4) 192.0.2.10, ifIndex 1, OID length 0
//   00 00                               End
// tshark: system.name switch-1, system.desc "ExampleOS 1.2 build7", mgn.addr.ip4 192.0.2.10.
static const std::vector<uint8_t> kLldpPdu = from_hex(
    "020704001122334455040703001122334455060200780a087377697463682d310c144578616d706c654f5320"
    "312e32206275696c6437100c0501c000020a0200000001000000");
static const std::vector<uint8_t> kLldpDst = from_hex("0180c200000e001122334455");

static void test_parse_lldp_name_desc_mgmt(void **) {
    dc::LldpFacts f;
    assert_int_equal(dc::parse_lldp(view(kLldpPdu), f), ParseStatus::Ok);
    expect_values(f.names, {"switch-1"});
    expect_values(f.descs, {"ExampleOS 1.2 build7"});
    expect_values(f.mgmt_ipv4, {"192.0.2.10"});
}

static void test_parse_lldp_real_without_names(void **) {
    dc::L2Pdu pdu;
    assert_true(dc::find_l2_pdu(view(kStarcraftLldp), pdu));
    assert_int_equal(pdu.kind, dc::L2Kind::Lldp);
    assert_int_equal(pdu.offset, 14);
    assert_int_equal(pdu.length, kStarcraftLldp.size() - 14);
    dc::LldpFacts f;
    assert_int_equal(dc::parse_lldp(ByteView(kStarcraftLldp.data() + pdu.offset, pdu.length), f),
                     ParseStatus::Ok);
    assert_true(f.names.empty() && f.descs.empty() && f.mgmt_ipv4.empty());
}

// Every prefix: a value appears only once its whole TLV is there (Wireshark's subtree over the
// TLV throws first); before the mandatory three TLVs are whole, nothing.
static void test_parse_lldp_truncated_every_boundary(void **) {
    const size_t name_end = 22 + 10, desc_end = name_end + 22, mgmt_end = desc_end + 14;
    for (size_t n = 0; n < kLldpPdu.size(); ++n) {
        dc::LldpFacts f;
        const ParseStatus st = dc::parse_lldp(ByteView(kLldpPdu.data(), n), f);
        assert_int_equal(f.names.size(), n >= name_end ? 1 : 0);
        assert_int_equal(f.descs.size(), n >= desc_end ? 1 : 0);
        assert_int_equal(f.mgmt_ipv4.size(), n >= mgmt_end ? 1 : 0);
        const bool at_boundary = n == 22 || n == name_end || n == desc_end || n == mgmt_end;
        assert_int_equal(st, at_boundary ? ParseStatus::Ok : ParseStatus::Truncated);
    }
}

// System Name of length 0 then a description: tshark shows system.name "" and desc "desc".
static void test_parse_lldp_zero_length_name(void **) {
    const std::vector<uint8_t> pdu =
        cat({std::vector<uint8_t>(kLldpPdu.begin(), kLldpPdu.begin() + 22),
             from_hex("0a000c04646573630000")});
    dc::LldpFacts f;
    assert_int_equal(dc::parse_lldp(view(pdu), f), ParseStatus::Ok);
    expect_values(f.names, {""});
    expect_values(f.descs, {"desc"});
}

// System Name claiming 511 bytes (0b ff) with 5 left: tshark shows only the description before.
static void test_parse_lldp_oversize_length(void **) {
    const std::vector<uint8_t> pdu =
        cat({std::vector<uint8_t>(kLldpPdu.begin(), kLldpPdu.begin() + 22),
             from_hex("0c04646573630bff73686f7274")});
    dc::LldpFacts f;
    assert_int_equal(dc::parse_lldp(view(pdu), f), ParseStatus::Truncated);
    expect_values(f.descs, {"desc"});
    assert_true(f.names.empty());
}

// Mandatory TLVs: Port ID first; a Chassis ID 02 02 | 05 05 (subtype 5, network address, of an
// unknown family 5 and no address: Wireshark asserts in tvb_bytes_to_str); a second Chassis ID
// before a name. tshark shows no field for any of them, but system.name x once the chassis
// address has one byte (02 03 | 05 05 01).
static void test_parse_lldp_bad_mandatory(void **) {
    dc::LldpFacts f;
    const std::vector<uint8_t> port_first = from_hex("0407030011223344550207040011223344550a0178");
    assert_int_equal(dc::parse_lldp(view(port_first), f), ParseStatus::Malformed);
    assert_true(f.names.empty());
    const std::vector<uint8_t> family = from_hex("02020505040703001122334455060200780a01780000");
    assert_int_equal(dc::parse_lldp(view(family), f), ParseStatus::Malformed);
    assert_true(f.names.empty());
    const std::vector<uint8_t> one = from_hex("0203050501040703001122334455060200780a01780000");
    assert_int_equal(dc::parse_lldp(view(one), f), ParseStatus::Ok);
    expect_values(f.names, {"x"});
    const std::vector<uint8_t> dup =
        from_hex("020704001122334455040703001122334455060200780207040011223344550a046c6174650000");
    assert_int_equal(dc::parse_lldp(view(dup), f), ParseStatus::Malformed);
    assert_true(f.names.empty());
    assert_int_equal(dc::parse_lldp(ByteView(), f), ParseStatus::Truncated);
}

// TTL TLV of length 4 (06 04 | 00 78 0a 02): Wireshark moves on by 4 from the TTL start, so
// its last two value bytes are read as a System Name header of length 2 ("n1"), then "n2".
// tshark: system.name n1,n2.
static void test_parse_lldp_ttl_longer_than_two(void **) {
    const std::vector<uint8_t> pdu =
        from_hex("020704001122334455040703001122334455060400780a026e310a026e320000");
    dc::LldpFacts f;
    assert_int_equal(dc::parse_lldp(view(pdu), f), ParseStatus::Ok);
    expect_values(f.names, {"n1", "n2"});
}

// Management address whose address string length (9) runs past the TLV: the IPv4 address is
// still read (4 bytes after the subtype), then Wireshark throws; the name after it is lost.
// tshark: mgn.addr.ip4 192.0.2.10, no system.name.
static void test_parse_lldp_mgmt_bad_length(void **) {
    const std::vector<uint8_t> pdu =
        cat({std::vector<uint8_t>(kLldpPdu.begin(), kLldpPdu.begin() + 22),
             from_hex("100c0901c000020a0200000001000a0561667465720000")});
    dc::LldpFacts f;
    assert_int_equal(dc::parse_lldp(view(pdu), f), ParseStatus::Malformed);
    expect_values(f.mgmt_ipv4, {"192.0.2.10"});
    assert_true(f.names.empty());
}

// ================================ CDP ================================

// ndpi-corpus/capwap.pcap frame 4 (365 bytes), a Cisco AP's CDP over 802.3 + LLC/SNAP:
//   tshark -n -r capwap.pcap -Y frame.number==4 -x
// 802.3 length 0x015f; aa aa 03 | 00 00 0c | 20 00; CDP v2 ttl 180 checksum 75bd; TLVs Device ID,
// Software Version (4 lines, LF), Platform, Addresses, Port ID, Capabilities, Duplex.
static const std::vector<uint8_t> kCapwapCdp = from_hex(
    "01000cccccccb83861f305ac015faaaa0300000c200002b475bd000100144150623833382e363166332e3035"
    "6163000500f2436973636f20494f5320536f6674776172652c20433236303020536f66747761726520284150"
    "3347322d4b3957382d4d292c2056657273696f6e2031352e322834294a41312c2052454c4541534520534f46"
    "54574152452028666332290a546563686e6963616c20537570706f72743a20687474703a2f2f7777772e6369"
    "73636f2e636f6d2f74656368737570706f72740a436f707972696768742028632920313938362d3230313320"
    "627920436973636f2053797374656d732c20496e632e0a436f6d70696c6564205475652033302d4a756c2d31"
    "332032323a35372062792070726f645f72656c5f7465616d0006001b636973636f204149522d434150323630"
    "32492d512d4b3900020011000000010101cc0004c0a80a0a000300144769676162697445746865726e657430"
    "0004000800000003000b000501");

static void expect_capwap_facts(const dc::CdpFacts &f) {
    // tshark -e cdp.deviceid -e cdp.platform -e cdp.software_version
    expect_values(f.device_ids, {"APb838.61f3.05ac"});
    expect_values(f.platforms, {"cisco AIR-CAP2602I-Q-K9"});
    expect_values(f.software,
                  {"Cisco IOS Software, C2600 Software (AP3G2-K9W8-M), Version 15.2(4)JA1, RELEASE "
                   "SOFTWARE (fc2)",
                   "Technical Support: http://www.cisco.com/techsupport",
                   "Copyright (c) 1986-2013 by Cisco Systems, Inc.",
                   "Compiled Tue 30-Jul-13 22:57 by prod_rel_team"});
}

static void test_parse_cdp_real(void **) {
    dc::L2Pdu pdu;
    assert_true(dc::find_l2_pdu(view(kCapwapCdp), pdu));
    assert_int_equal(pdu.kind, dc::L2Kind::Cdp);
    assert_int_equal(pdu.offset, 22);
    assert_int_equal(pdu.length, 0x015f - 8);
    dc::CdpFacts f;
    assert_int_equal(dc::parse_cdp(ByteView(kCapwapCdp.data() + pdu.offset, pdu.length), f),
                     ParseStatus::Ok);
    expect_capwap_facts(f);
}

// Hand-built CDP PDU: 02 b4 0000 | 0001 0009 "SW-01" | 0005 002b software | 0006 000d
// "WS-C2960\xff" | 1002 0008 "ssid" (HP SSID TLV: Wireshark files it under cdp.platform).
// Software "IOS 15.2\r\nline two\rline\tthree\n\nfive\0cut": one value per CRLF/CR/LF line, cut
// at NUL, through format_text. tshark: deviceid SW-01; platform "WS-C2960\ufffd", ssid;
// software_version "IOS 15.2", "line two", "line\\tthree", "", "five".
static const std::vector<uint8_t> kCdpLines = from_hex(
    "02b400000001000953572d30310005002b494f532031352e320d0a6c696e652074776f0d6c696e6509746872"
    "65650a0a66697665006375740006000d57532d4332393630ff1002000873736964");

static void test_parse_cdp_lines_and_escapes(void **) {
    dc::CdpFacts f;
    assert_int_equal(dc::parse_cdp(view(kCdpLines), f), ParseStatus::Ok);
    expect_values(f.device_ids, {"SW-01"});
    expect_values(f.platforms, {"WS-C2960\xef\xbf\xbd", "ssid"});
    expect_values(f.software, {"IOS 15.2", "line two", "line\\tthree", "", "five"});
}

// Software Version claims 40 bytes, 17 follow: no line at all (Wireshark's subtree over the
// TLV throws before the lines). tshark: deviceid SW-01 only.
static void test_parse_cdp_truncated_tlv(void **) {
    const std::vector<uint8_t> pdu =
        from_hex("02b400000001000953572d30310005002c494f532031352e320a6c696e652074776f");
    dc::CdpFacts f;
    assert_int_equal(dc::parse_cdp(view(pdu), f), ParseStatus::Truncated);
    expect_values(f.device_ids, {"SW-01"});
    assert_true(f.software.empty());
    for (size_t n = 0; n < kCdpLines.size(); ++n) { // every prefix of the crafted PDU
        dc::CdpFacts g;
        dc::parse_cdp(ByteView(kCdpLines.data(), n), g);
        assert_int_equal(g.device_ids.size(), n >= 13 ? 1 : 0);
        assert_int_equal(g.software.size(), n >= 13 + 43 ? 5 : 0);
    }
}

// TLV length 2 (< 4) stops the walk; so does an unknown TLV (0x0018) of length 4, while one
// with a value is skipped. tshark: deviceid A, and platform "seen" only in the last case.
static void test_parse_cdp_bad_lengths(void **) {
    dc::CdpFacts f;
    assert_int_equal(
        dc::parse_cdp(view(from_hex("02b40000000100054100060002000600096e65766572")), f),
        ParseStatus::Malformed);
    expect_values(f.device_ids, {"A"});
    assert_true(f.platforms.empty());
    assert_int_equal(
        dc::parse_cdp(view(from_hex("02b40000000100054100180004000600096e65766572")), f),
        ParseStatus::Malformed);
    assert_true(f.platforms.empty());
    assert_int_equal(
        dc::parse_cdp(view(from_hex("02b400000001000541001800067a7a000600087365656e")), f),
        ParseStatus::Ok);
    expect_values(f.platforms, {"seen"});
    // IP prefix TLV of length 7: (7 - 4) is no multiple of 5 and Wireshark runs off the PDU.
    assert_int_equal(
        dc::parse_cdp(view(from_hex("02b400000001000541000700070a0000000600096e65766572")), f),
        ParseStatus::Malformed);
    assert_true(f.platforms.empty());
    assert_int_equal(dc::parse_cdp(view(from_hex("02b4")), f), ParseStatus::Truncated);
}

// Port ID followed by a byte other than 00/10: packet-cdp.c takes the TLV as 3 bytes longer
// ("what makes one capture work"), so "AAA" is skipped. tshark: platform P.
static void test_parse_cdp_port_id_quirk(void **) {
    dc::CdpFacts f;
    assert_int_equal(
        dc::parse_cdp(view(from_hex("02b400000001000541000300094769302f314141410006000550")), f),
        ParseStatus::Ok);
    expect_values(f.platforms, {"P"});
}

// ================================ locator ================================

static void test_find_l2_pdu_vlan_tagged(void **) {
    // 802.1Q tag 8100 0064 (VLAN 100) before 88cc; then 802.1ad 88a8 000a + 802.1Q; then the
    // capwap CDP frame with a tag before its 802.3 length. tshark: vlan.id 100, same fields.
    for (const char *tags : {"81000064", "88a8000a81000064"}) {
        const std::vector<uint8_t> frame =
            cat({kLldpDst, from_hex(tags), from_hex("88cc"), kLldpPdu});
        dc::L2Pdu pdu;
        assert_true(dc::find_l2_pdu(view(frame), pdu));
        assert_int_equal(pdu.kind, dc::L2Kind::Lldp);
        assert_int_equal(pdu.offset, 14 + std::string(tags).size() / 2);
        assert_int_equal(pdu.tags, std::string(tags).size() / 8);
        dc::LldpFacts f;
        assert_int_equal(dc::parse_lldp(ByteView(frame.data() + pdu.offset, pdu.length), f),
                         ParseStatus::Ok);
        expect_values(f.names, {"switch-1"});
    }
    std::vector<uint8_t> cdp = kCapwapCdp;
    const std::vector<uint8_t> tag = from_hex("81000064");
    cdp.insert(cdp.begin() + 12, tag.begin(), tag.end());
    dc::L2Pdu pdu;
    assert_true(dc::find_l2_pdu(view(cdp), pdu));
    assert_int_equal(pdu.kind, dc::L2Kind::Cdp);
    assert_int_equal(pdu.offset, 26);
    dc::CdpFacts f;
    dc::parse_cdp(ByteView(cdp.data() + pdu.offset, pdu.length), f);
    expect_capwap_facts(f);
}

// The 802.3 length bounds the CDP PDU: a trailer after it is not part of it.
static void test_find_l2_pdu_8023_length(void **) {
    const std::vector<uint8_t> body = cat({from_hex("aaaa0300000c2000"), kCdpLines});
    std::vector<uint8_t> frame = cat({from_hex("01000ccccccc001122334455"),
                                      {0, static_cast<uint8_t>(body.size())},
                                      body,
                                      from_hex("00010004")});
    dc::L2Pdu pdu;
    assert_true(dc::find_l2_pdu(view(frame), pdu));
    assert_int_equal(pdu.length, kCdpLines.size());
    dc::CdpFacts f;
    assert_int_equal(dc::parse_cdp(ByteView(frame.data() + pdu.offset, pdu.length), f),
                     ParseStatus::Ok);
    expect_values(f.device_ids, {"SW-01"});
    // A length beyond the frame (1500 here) is clamped to it (dissect_802_3): the trailer
    // 0001 0004 then reads as an empty Device ID.
    frame[12] = 0x05;
    frame[13] = 0xdc;
    assert_true(dc::find_l2_pdu(view(frame), pdu));
    assert_int_equal(pdu.offset + pdu.length, frame.size());
    assert_int_equal(dc::parse_cdp(ByteView(frame.data() + pdu.offset, pdu.length), f),
                     ParseStatus::Ok);
    expect_values(f.device_ids, {"SW-01", ""});
}

static void test_find_l2_pdu_rejects(void **) {
    dc::L2Pdu pdu;
    auto rejects = [&](const std::vector<uint8_t> &frame) {
        assert_false(dc::find_l2_pdu(view(frame), pdu));
        assert_int_equal(pdu.kind, dc::L2Kind::None);
    };
    rejects({});
    rejects(std::vector<uint8_t>(kStarcraftLldp.begin(), kStarcraftLldp.begin() + 13));
    rejects(cat({kLldpDst, from_hex("0800"), kLldpPdu})); // IPv4
    rejects(cat({kLldpDst, from_hex("05ff"), kLldpPdu})); // 1535: neither length nor type
    rejects(cat({kLldpDst, from_hex("88a8000a0030"), from_hex("aaaa0300000c2000"),
                 kCdpLines})); // length after S-tag
    const std::vector<uint8_t> snap = cat({from_hex("0030aaaa0300000c2000"), kCdpLines});
    rejects(cat({from_hex("01000c000000001122334455"), snap})); // Cisco ISL destination
    rejects(cat({kLldpDst, from_hex("0030ffff"), kCdpLines}));  // Novell raw 802.3 (no LLC)
    rejects(cat({kLldpDst, from_hex("0030aaab0300000c2000"), kCdpLines})); // not SNAP
    rejects(cat({kLldpDst, from_hex("0030aaaa0300000c2004"), kCdpLines})); // other Cisco PID
    rejects(cat({kLldpDst, from_hex("0030aaaa1300000c2000"), kCdpLines})); // U frame, not UI
    std::vector<uint8_t> deep = kLldpDst;
    for (size_t i = 0; i <= dc::kMaxVlanTags; ++i)
        deep.insert(deep.end(), {0x81, 0x00, 0x00, 0x01});
    const std::vector<uint8_t> tail = cat({from_hex("88cc"), kLldpPdu});
    deep.insert(deep.end(), tail.begin(), tail.end());
    rejects(deep); // packet-vlan.c stops after 20 nested tags
    deep.erase(deep.begin() + 12, deep.begin() + 16);
    assert_true(dc::find_l2_pdu(view(deep), pdu));
    assert_int_equal(pdu.tags, dc::kMaxVlanTags);
}

// ================================ strings ================================

// format_text() as Wireshark 4.0 applies it to CDP software lines; checked with a CDP frame
// whose software TLV holds these bytes. tshark: "a\\001\\177b\\u0085c\ufffdd\\u0000e\ufffdz\u00e9".
static void test_ws_format_text_escapes(void **) {
    const std::vector<uint8_t> in = from_hex("61017f62c28563eda08064c08065ff7ac3a9");
    assert_string_equal(dc::ws_format_text(in.data(), in.size()).c_str(),
                        "a\\001\\177b\\u0085c\xef\xbf\xbd"
                        "d\\u0000e\xef\xbf\xbdz\xc3\xa9");
    const std::vector<uint8_t> ctl = from_hex("07080c0a0d090b");
    assert_string_equal(dc::ws_format_text(ctl.data(), ctl.size()).c_str(),
                        "\\a\\b\\f\\n\\r\\t\\v");
    const std::vector<uint8_t> cut = from_hex("e282"); // incomplete 3-byte sequence at the end
    assert_string_equal(dc::ws_format_text(cut.data(), cut.size()).c_str(), "\xef\xbf\xbd");
}

static void test_ws_ascii_value(void **) {
    const std::vector<uint8_t> in = from_hex("41c3a94200ff");
    expect_same_string(dc::ws_ascii_value(in.data(), in.size()), "A\xef\xbf\xbd\xef\xbf\xbd"
                                                                 "B");
    expect_same_string(dc::ws_ascii_value(in.data(), 0), "");
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_dhcp_request_windows),
        cmocka_unit_test(test_parse_dhcp_request_android),
        cmocka_unit_test(test_parse_dhcp_server_reply),
        cmocka_unit_test(test_parse_dhcp_client_id_mac),
        cmocka_unit_test(test_parse_dhcp_truncated_in_option),
        cmocka_unit_test(test_parse_dhcp_truncated_every_boundary),
        cmocka_unit_test(test_parse_dhcp_short_header),
        cmocka_unit_test(test_parse_dhcp_zero_length_options),
        cmocka_unit_test(test_parse_dhcp_oversize_length),
        cmocka_unit_test(test_parse_dhcp_empty_message_type),
        cmocka_unit_test(test_parse_dhcp_option_overload),
        cmocka_unit_test(test_parse_dhcp_nul_and_high_bytes),
        cmocka_unit_test(test_parse_dhcp_bootp_without_cookie),
        cmocka_unit_test(test_parse_dhcp_proxy_port),
        cmocka_unit_test(test_parse_dhcp_fqdn_bad_name),
        cmocka_unit_test(test_parse_dhcp_client_id_short_duid),
        cmocka_unit_test(test_parse_dhcp_value_caps),
        cmocka_unit_test(test_parse_lldp_name_desc_mgmt),
        cmocka_unit_test(test_parse_lldp_real_without_names),
        cmocka_unit_test(test_parse_lldp_truncated_every_boundary),
        cmocka_unit_test(test_parse_lldp_zero_length_name),
        cmocka_unit_test(test_parse_lldp_oversize_length),
        cmocka_unit_test(test_parse_lldp_bad_mandatory),
        cmocka_unit_test(test_parse_lldp_ttl_longer_than_two),
        cmocka_unit_test(test_parse_lldp_mgmt_bad_length),
        cmocka_unit_test(test_parse_cdp_real),
        cmocka_unit_test(test_parse_cdp_lines_and_escapes),
        cmocka_unit_test(test_parse_cdp_truncated_tlv),
        cmocka_unit_test(test_parse_cdp_bad_lengths),
        cmocka_unit_test(test_parse_cdp_port_id_quirk),
        cmocka_unit_test(test_find_l2_pdu_vlan_tagged),
        cmocka_unit_test(test_find_l2_pdu_8023_length),
        cmocka_unit_test(test_find_l2_pdu_rejects),
        cmocka_unit_test(test_ws_format_text_escapes),
        cmocka_unit_test(test_ws_ascii_value),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
