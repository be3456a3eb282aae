// SPDX-License-Identifier: GPL-2.0-or-later
// discovery: the LAN announcements the device inventory reads (DHCP/BOOTP, LLDP, CDP) and a
// locator for LLDP/CDP PDUs in Ethernet frames. Each parser returns the values of the Wireshark
// 4.0 fields it replaces, in Wireshark's tree order, so the glue can check them against epan:
//   DHCP (RFC 951, RFC 2131, RFC 2132; packet-dhcp.c): dhcp.type, dhcp.ip.client,
//     dhcp.hw.mac_addr, dhcp.option.hostname (12), .requested_ip_address (50),
//     .vendor_class_id (60), including options overloaded into sname/file (52, RFC 2132 §9.3);
//   LLDP (IEEE 802.1AB-2016 §8; packet-lldp.c): lldp.tlv.system.name (5), .desc (6),
//     lldp.mgn.addr.ip4 (8, subtype IPv4);
//   CDP (Cisco, no public spec; packet-cdp.c): cdp.deviceid (1), cdp.platform (6, and the HP
//     TLVs 0x1000-0x100D that Wireshark files under the same field), cdp.software_version (5,
//     one value per line);
//   locator (IEEE 802.3 §3.2.6, IEEE 802.1Q §9.5, IEEE 802.2 LLC/SNAP; packet-eth.c,
//     packet-vlan.c, packet-ieee8021ah.c, packet-llc.c).
// The parsers follow Wireshark's walk, quirks included: where Wireshark throws (a field beyond
// the bytes) or stops, the parser stops and keeps what came before, so a result has exactly the
// values Wireshark's fields would show. Values are field values (what epan stores), not tshark's
// -T fields text, which additionally escapes \b \f \n \r \t.
// Limitations: the bytes are taken as both captured and reported data (a snaplen-cut frame can
// differ: Wireshark then throws earlier, e.g. on CDP's checksum); exceptions that Wireshark's
// dissectors of other DHCP options raise on malformed values are modelled for options 53, 61,
// 63, 79, 81, 94, 119 (RFC 3396 joining included), 121, 123, 124, 125 (generic, CableLabs and
// TR-111 sub-options), 146, 158 and 249, not for the vendor heuristics behind options 43 and 60
// (PXE, CableLabs, PacketCable, Aruba, BSDP, ...) nor for the vendor sub-dissectors of LLDP
// organisation-specific TLVs (a malformed one there ends Wireshark's walk, not ours); Ethernet
// heuristic dissectors and Cisco ISL frames are not followed; values longer than kMaxValueBytes
// are cut (only CDP values can be that long).
#pragma once

#include "byteview.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace huntpack::discovery {

// ---- bounds (ours) ----
inline constexpr size_t kMaxValues = 16; // values kept per field per packet
// Longest value kept, in UTF-8 bytes. A DHCP option (255 bytes) or LLDP TLV (511 bytes) turned
// into UTF-8 by Wireshark's ASCII rule (each byte >= 0x80 becomes U+FFFD, 3 bytes) stays below
// it, so only CDP values (TLV length up to 65535) are ever cut.
inline constexpr size_t kMaxValueBytes = 2048;

// ---- DHCP / BOOTP ----
inline constexpr uint8_t kBootRequest = 1; // RFC 951 §3 op
inline constexpr uint8_t kBootReply = 2;
inline constexpr size_t kDhcpCiaddrOffset = 12; // RFC 2131 §2, Figure 1
inline constexpr size_t kDhcpChaddrOffset = 28;
inline constexpr size_t kDhcpSnameOffset = 44;           // sname[64]
inline constexpr size_t kDhcpFileOffset = 108;           // file[128]
inline constexpr size_t kDhcpCookieOffset = 236;         // options start with the magic cookie
inline constexpr uint32_t kDhcpMagicCookie = 0x63825363; // RFC 2131 §3
inline constexpr size_t kBootpVendorLen = 64;            // RFC 951 vend[64] (no cookie)
inline constexpr uint16_t kProxyDhcpPort = 4011;         // PXE proxyDHCP (packet-dhcp.c)

struct DhcpFacts {
    ParseStatus status = ParseStatus::Truncated;
    bool have_op = false;
    uint8_t op = 0; // dhcp.type (1 BOOTREQUEST, 2 BOOTREPLY)
    bool have_ciaddr = false;
    std::string ciaddr;       // dhcp.ip.client, "192.0.2.1"
    bool have_chaddr = false; // htype 1 or 6 and hlen 6, as Wireshark shows it
    std::string chaddr;       // "aa:bb:cc:dd:ee:ff"
    // Every dhcp.hw.mac_addr value in tree order: chaddr, then each client identifier (61) or
    // client UUID (97) option of 7 bytes with hardware type 1 or 6 (Wireshark adds those to the
    // same field).
    std::vector<std::string> mac_addrs;
    std::vector<std::string> hostnames;      // dhcp.option.hostname
    std::vector<std::string> vendor_classes; // dhcp.option.vendor_class_id
    std::vector<std::string> requested_ips;  // dhcp.option.requested_ip_address (length 4 only)
    bool has_cookie = false;
    size_t dropped = 0; // values not kept: a vector already held kMaxValues
    size_t cut = 0;     // values kept but cut to kMaxValueBytes
};

// payload: the UDP payload (ports 67/68/4011 are the caller's test). proxy_port: the datagram
// uses port 4011, where Wireshark requires the magic cookie (Unsupported without it).
// status: Ok (walk ended at End or at the end of the payload), Truncated (a header field or an
// option runs past the payload; also the first-pass quirk: an empty 52/53 as the last bytes),
// Malformed (Wireshark's dissector of a complete option throws: empty 53, short DUID in 61, a
// bad DNS name in 81/119/146, ...), Unsupported (proxyDHCP without cookie).
ParseStatus parse_dhcp(ByteView payload, DhcpFacts &out, bool proxy_port = false);

// ---- LLDP ----
inline constexpr uint16_t kEtherTypeLldp = 0x88cc; // IEEE 802.1AB §7.2
inline constexpr size_t kLldpMaxTlvInfo = 511;     // 9-bit length (§8.4.1)

struct LldpFacts {
    ParseStatus status = ParseStatus::Truncated;
    std::vector<std::string> names;     // lldp.tlv.system.name
    std::vector<std::string> descs;     // lldp.tlv.system.desc
    std::vector<std::string> mgmt_ipv4; // lldp.mgn.addr.ip4
    size_t dropped = 0;
    size_t cut = 0;
};

// pdu: the LLDPDU (after the EtherType) to the end of the frame. status: Ok (End TLV or end of
// data), Truncated (a TLV runs past the data), Malformed (bad or duplicate Chassis ID / Port ID /
// TTL, or a TLV whose contents Wireshark reads beyond its own length).
ParseStatus parse_lldp(ByteView pdu, LldpFacts &out);

// ---- CDP ----
inline constexpr uint32_t kOuiCisco = 0x00000c; // SNAP OUI
inline constexpr uint16_t kSnapPidCdp = 0x2000; // Cisco PID for CDP
inline constexpr size_t kCdpHeaderLen = 4;      // version, ttl, checksum

struct CdpFacts {
    ParseStatus status = ParseStatus::Truncated;
    std::vector<std::string> device_ids; // cdp.deviceid
    std::vector<std::string> platforms;  // cdp.platform
    std::vector<std::string> software;   // cdp.software_version, one value per line
    size_t dropped = 0;
    size_t cut = 0;
};

// pdu: the CDP PDU after LLC/SNAP, bounded by the 802.3 length (L2Pdu::length). status: Ok
// (end of PDU), Truncated (header or a TLV runs past the PDU), Malformed (TLV length < 4, or a
// TLV on which Wireshark stops: empty unknown TLV, address TLV < 8, ...).
ParseStatus parse_cdp(ByteView pdu, CdpFacts &out);

// ---- locator ----
inline constexpr size_t kEthHeaderLen = 14;
inline constexpr uint16_t kMax8023Length = 1500;      // IEEE 802.3 §3.2.6
inline constexpr uint16_t kMinEtherType = 1536;       // 0x0600
inline constexpr uint16_t kEtherTypeVlan = 0x8100;    // IEEE 802.1Q C-tag
inline constexpr uint16_t kEtherTypeQinQOld = 0x9100; // packet-vlan.c's default Q-in-Q type
inline constexpr uint16_t kEtherType8021ad = 0x88a8;  // IEEE 802.1Q S-tag
inline constexpr uint16_t kEtherType8021ah = 0x88e7;  // I-tag (not followed)
inline constexpr size_t kMaxVlanTags = 20;            // packet-vlan.c VLAN_MAX_NESTED_TAGS

enum class L2Kind : uint8_t { None, Lldp, Cdp };

struct L2Pdu {
    L2Kind kind = L2Kind::None;
    size_t offset = 0; // PDU start in the frame
    size_t length = 0; // PDU bytes: LLDP to the end of the frame, CDP to the 802.3 length
    uint8_t tags = 0;  // 802.1Q / 802.1ad tags passed (saturates at 255)
};

// frame: a whole frame of link type Ethernet (DLT_EN10MB). False (out.kind None) when the frame
// carries neither LLDP nor CDP the way Wireshark would dissect it.
bool find_l2_pdu(ByteView frame, L2Pdu &out);

// ---- Wireshark 4.0 string rules, exposed for tests ----
// FT_STRING/FT_STRINGZ value of n bytes with ENC_ASCII: up to the first NUL, bytes >= 0x80
// become U+FFFD (charsets.c get_ascii_string; the fvalue keeps the C string).
std::string ws_ascii_value(const uint8_t *p, size_t n);
// format_text() (epan/strutil.c): printable Unicode kept, C escapes for ASCII controls, \ooo
// for other ASCII, \uXXXX / \UXXXXXXXX for other non-printables, U+FFFD for bad UTF-8.
std::string ws_format_text(const uint8_t *p, size_t n);

} // namespace huntpack::discovery
