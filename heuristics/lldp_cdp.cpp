// SPDX-License-Identifier: GPL-2.0-or-later
// lldp_cdp.cpp: the LLDP and CDP announcement parsers and the LLDP/CDP locator in an Ethernet
// frame (parse_lldp, parse_cdp, find_l2_pdu); scope, references and limitations are in
// discovery.h. Comments name the Wireshark 4.0 behaviour each step mirrors.
#include "discovery.h"
#include "discovery_util.h"

#include <glib.h>

#include <algorithm>
#include <initializer_list>
#include <utility>

namespace huntpack::discovery {
using namespace detail;

// =============================== LLDP ===============================
namespace {

constexpr uint8_t kTlvEnd = 0, kTlvChassis = 1, kTlvPort = 2, kTlvTtl = 3, kTlvSysName = 5,
                  kTlvSysDesc = 6, kTlvSysCap = 7, kTlvMgmt = 8, kTlvOrg = 127;
constexpr uint8_t kAfnInet = 1, kAfnInet6 = 2; // afn.h
constexpr size_t kLldpIdMaxLen = 256;          // packet-lldp.c "expected < (256)"

struct Tlv {
    uint8_t type;
    size_t len;   // information string length
    size_t avail; // bytes from the TLV start to the end of the data
    bool whole() const { return len + 2 <= avail; }
};

Tlv tlv_at(const uint8_t *p, size_t off, size_t len) {
    const uint16_t h = be16(p + off);
    return Tlv{static_cast<uint8_t>(h >> 9), size_t{h} & 0x1ff, len - off};
}

// Chassis ID (mac_subtype 4) or Port ID (mac_subtype 3): the length checks after which
// Wireshark returns -1. net_subtype: the network-address subtype (5 / 4).
bool id_tlv_valid(const uint8_t *v, size_t len, uint8_t mac_subtype, uint8_t net_subtype) {
    if (len < 2)
        return false;
    const uint8_t sub = v[0];
    if (sub == mac_subtype)
        return len == 7;
    if (sub == net_subtype) {
        if (v[1] == kAfnInet)
            return len == 6;
        if (v[1] == kAfnInet6)
            return len == 18;
        return len > 2; // tvb_bytes_to_str() of the address asserts a non-empty one
    }
    return len <= kLldpIdMaxLen;
}

ParseStatus lldp_mandatory(const uint8_t *p, size_t len, size_t &off) {
    struct Want {
        uint8_t type, mac_sub, net_sub;
    };
    for (const Want want : {Want{kTlvChassis, 4, 5}, Want{kTlvPort, 3, 4}, Want{kTlvTtl, 0, 0}}) {
        if (len - off < 2)
            return ParseStatus::Truncated;
        const Tlv t = tlv_at(p, off, len);
        if (t.type != want.type)
            return ParseStatus::Malformed;
        if (!t.whole())
            return ParseStatus::Truncated;
        if (want.type == kTlvTtl) {
            if (t.len < 2) // the seconds field is read past the TLV
                return ParseStatus::Malformed;
            off += 4; // Wireshark advances by 4 whatever the TTL length says
        } else {
            if (!id_tlv_valid(p + off + 2, t.len, want.mac_sub, want.net_sub))
                return ParseStatus::Malformed;
            off += 2 + t.len;
        }
    }
    return ParseStatus::Ok;
}

// Management Address (§8.5.9) as dissect_lldp_management_address reads it; returns the bytes it
// consumes (which need not match the TLV length) or 0 when it reads past the TLV.
size_t lldp_mgmt(const uint8_t *v, size_t c, LldpFacts &f) {
    if (c < 4)
        return 0;
    const size_t addr_len = v[2];
    const uint8_t subtype = v[3];
    if (subtype == 1) {
        if (c < 8)
            return 0;
        add_value(f.mgmt_ipv4, ipv4_text(v + 4), f.dropped, f.cut);
    } else if (subtype == 2) {
        if (c < 20)
            return 0;
    } else if (addr_len != 0 && 3 + addr_len > c) {
        return 0;
    }
    const size_t o = 3 + addr_len; // "offset += stringLen - 1" after the subtype
    if (o + 6 > c)
        return 0;
    const size_t oid_len = v[o + 5];
    if (o + 6 + oid_len > c)
        return 0;
    return o + 6 + oid_len;
}

// One optional TLV; adv: the bytes Wireshark moves on by (0: stop with the returned status).
ParseStatus lldp_tlv(const uint8_t *p, size_t off, const Tlv &t, LldpFacts &f, size_t &adv) {
    adv = 0;
    const uint8_t *v = p + off + 2;
    switch (t.type) {
    case kTlvChassis:
    case kTlvPort:
    case kTlvTtl:
        return ParseStatus::Malformed; // duplicate: Wireshark stops
    case kTlvEnd:
        return t.whole() ? ParseStatus::Ok : ParseStatus::Truncated;
    case kTlvOrg:
        if (t.len < 4) // OUI and subtype are read past a shorter TLV
            return ParseStatus::Malformed;
        break;
    default:
        break;
    }
    if (!t.whole())
        return ParseStatus::Truncated;
    adv = 2 + t.len;
    if (t.type == kTlvSysName)
        add_value(f.names, ws_ascii_value(v, t.len), f.dropped, f.cut);
    else if (t.type == kTlvSysDesc)
        add_value(f.descs, ws_ascii_value(v, t.len), f.dropped, f.cut);
    else if (t.type == kTlvSysCap)
        adv = t.len < 4 ? 0 : 6; // two 16-bit fields, whatever the length
    else if (t.type == kTlvMgmt)
        adv = lldp_mgmt(p + off, t.len + 2, f);
    return adv ? ParseStatus::Ok : ParseStatus::Malformed;
}

} // namespace

ParseStatus parse_lldp(ByteView pdu, LldpFacts &out) {
    out = LldpFacts{};
    const uint8_t *p = pdu.data();
    const size_t len = pdu.remaining();
    size_t off = 0;
    ParseStatus st = lldp_mandatory(p, len, off);
    while (st == ParseStatus::Ok && off < len) {
        if (len - off < 2)
            return out.status = ParseStatus::Truncated;
        const Tlv t = tlv_at(p, off, len);
        size_t adv = 0;
        st = lldp_tlv(p, off, t, out, adv);
        if (adv == 0)
            break;
        off += adv;
    }
    return out.status = st;
}

// =============================== CDP ===============================
namespace {

enum CdpType : uint16_t {
    kCdpDeviceId = 0x01,
    kCdpAddress = 0x02,
    kCdpPortId = 0x03,
    kCdpCapabilities = 0x04,
    kCdpSoftware = 0x05,
    kCdpPlatform = 0x06,
    kCdpIpPrefix = 0x07,
    kCdpHello = 0x08,
    kCdpVtp = 0x09,
    kCdpNativeVlan = 0x0a,
    kCdpDuplex = 0x0b,
    kCdpVoipReply = 0x0e,
    kCdpVoipQuery = 0x0f,
    kCdpPower = 0x10,
    kCdpMtu = 0x11,
    kCdpTrust = 0x12,
    kCdpCos = 0x13,
    kCdpSysName = 0x14,
    kCdpSysOid = 0x15,
    kCdpMgmtAddr = 0x16,
    kCdpLocation = 0x17,
    kCdpPowerReq = 0x19,
    kCdpPowerAvail = 0x1a,
    kCdpEnergyWise = 0x1d,
    kCdpSparePoe = 0x1f,
    kCdpHpFirst = 0x1000,
    kCdpHpSsid = 0x1002,
    kCdpHpLast = 0x100d,
};
constexpr uint16_t kHelloClusterMgmt = 0x0112;
constexpr size_t kCdpTlvHeader = 4;
constexpr size_t kEnergyWiseFixed = 76;  // fixed part before the EnergyWise sub-TLVs
constexpr uint32_t kNrgyzReplyTo = 0x17; // the one EnergyWise sub-TLV read past its length

bool is_hp_string_tlv(uint16_t type) {
    // packet-cdp.c files these HP TLVs under cdp.platform; 0x1004/0x1005 are not handled.
    return type >= kCdpHpFirst && type <= kCdpHpLast && type != 0x1004 && type != 0x1005;
}

// Wireshark's add_multi_line_string_to_tree: one value per CR, LF or CRLF separated line, each
// cut at its first NUL and passed through format_text.
void cdp_software_lines(const uint8_t *v, size_t n, CdpFacts &f) {
    size_t start = 0;
    while (start < n) {
        size_t eol = start;
        while (eol < n && v[eol] != '\r' && v[eol] != '\n')
            ++eol;
        size_t next = eol;
        if (eol < n) {
            if (v[eol] == '\r' && eol + 1 < n && v[eol + 1] == '\n')
                ++next;
            ++next;
        }
        size_t line = eol - start, z = 0;
        while (z < line && v[start + z] != 0)
            ++z;
        add_value(f.software, ws_format_text(v + start, z), f.dropped, f.cut);
        start = next;
    }
}

// dissect_nrgyz_tlv: sub-TLVs located by the table length and count of the fixed part, not
// bounded by the CDP TLV; true when every read stays inside the PDU.
bool cdp_energywise_fits(const uint8_t *p, size_t off, size_t len) {
    size_t o = off + kEnergyWiseFixed;
    size_t remaining = be16(p + off + 72);
    size_t num = be16(p + off + 74);
    while (num-- > 0 && remaining >= 8) {
        if (o + 8 > len)
            return false;
        const uint32_t type = be32(p + o), tl = be32(p + o + 4);
        if (remaining < tl)
            break;
        remaining -= tl;
        if (tl < 8) {
            o += 8;
            break;
        }
        if (o + tl > len || (type == kNrgyzReplyTo && o + 22 > len))
            return false;
        o += tl;
    }
    return remaining == 0 || (o <= len && remaining <= len - o);
}

// The reads Wireshark makes for one TLV beyond its header, given the whole TLV is present.
// Returns Ok, or the status with which Wireshark stops.
ParseStatus cdp_tlv_reads(const uint8_t *p, size_t off, uint16_t type, size_t tl, size_t len) {
    const size_t avail = len - off;
    auto need = [&](size_t n) { return n <= avail ? ParseStatus::Ok : ParseStatus::Truncated; };
    switch (type) {
    case kCdpAddress:
    case kCdpMgmtAddr:
        // below 8 the unsigned length wraps and Wireshark runs off the PDU
        return tl < 8 ? ParseStatus::Malformed : ParseStatus::Ok;
    case kCdpIpPrefix:
        return tl == 8 || (tl - kCdpTlvHeader) % 5 == 0 ? ParseStatus::Ok : ParseStatus::Malformed;
    case kCdpHello: {
        if (avail < 9)
            return ParseStatus::Truncated;
        if (be16(p + off + 7) == kHelloClusterMgmt)
            return need(36);
        return tl < 8 ? ParseStatus::Malformed : ParseStatus::Ok;
    }
    case kCdpNativeVlan:
    case kCdpPower:
        return need(6);
    case kCdpDuplex:
    case kCdpTrust:
    case kCdpCos:
        return need(5);
    case kCdpVoipReply:
    case kCdpVoipQuery:
        return tl == 6 ? ParseStatus::Ok : need(7);
    case kCdpMtu:
    case kCdpPowerReq:
    case kCdpPowerAvail:
        return need(8);
    case kCdpLocation:
        return tl == 4 ? need(5) : ParseStatus::Ok;
    case kCdpEnergyWise:
        if (avail < kEnergyWiseFixed)
            return ParseStatus::Truncated;
        return cdp_energywise_fits(p, off, len) ? ParseStatus::Ok : ParseStatus::Truncated;
    default:
        return ParseStatus::Ok;
    }
}

bool cdp_known_type(uint16_t type) {
    switch (type) {
    case kCdpDeviceId:
    case kCdpAddress:
    case kCdpPortId:
    case kCdpCapabilities:
    case kCdpSoftware:
    case kCdpPlatform:
    case kCdpIpPrefix:
    case kCdpHello:
    case kCdpVtp:
    case kCdpNativeVlan:
    case kCdpDuplex:
    case kCdpVoipReply:
    case kCdpVoipQuery:
    case kCdpPower:
    case kCdpMtu:
    case kCdpTrust:
    case kCdpCos:
    case kCdpSysName:
    case kCdpSysOid:
    case kCdpMgmtAddr:
    case kCdpLocation:
    case kCdpPowerReq:
    case kCdpPowerAvail:
    case kCdpEnergyWise:
    case kCdpSparePoe:
        return true;
    default:
        return is_hp_string_tlv(type);
    }
}

// One TLV at off (header present, tl >= 4); adv: the bytes Wireshark moves on by.
ParseStatus cdp_tlv(const uint8_t *p, size_t off, size_t len, CdpFacts &f, size_t &adv) {
    const uint16_t type = be16(p + off);
    const size_t tl = be16(p + off + 2);
    const size_t avail = len - off;
    if (tl > avail) // every TLV gets a subtree over its length first
        return ParseStatus::Truncated;
    adv = tl;
    if (type == kCdpPortId && avail >= tl + 3 && p[off + tl] != 0x00 && p[off + tl] != 0x10)
        adv = tl + 3; // "what makes one capture work" (packet-cdp.c)
    if (!cdp_known_type(type) && tl == kCdpTlvHeader)
        return ParseStatus::Malformed; // Wireshark returns from the dissector here
    const ParseStatus st = cdp_tlv_reads(p, off, type, tl, len);
    if (st != ParseStatus::Ok)
        return st;
    const uint8_t *v = p + off + kCdpTlvHeader;
    const size_t n = tl - kCdpTlvHeader;
    if (type == kCdpDeviceId)
        add_value(f.device_ids, ws_ascii_value(v, n), f.dropped, f.cut);
    else if (type == kCdpPlatform || (is_hp_string_tlv(type) && !(type == kCdpHpSsid && n == 0)))
        add_value(f.platforms, ws_ascii_value(v, n), f.dropped, f.cut);
    else if (type == kCdpSoftware)
        cdp_software_lines(v, n, f);
    return ParseStatus::Ok;
}

} // namespace

ParseStatus parse_cdp(ByteView pdu, CdpFacts &out) {
    out = CdpFacts{};
    const uint8_t *p = pdu.data();
    const size_t len = pdu.remaining();
    if (len < kCdpHeaderLen)
        return out.status = ParseStatus::Truncated;
    size_t off = kCdpHeaderLen;
    while (off < len) {
        if (len - off < kCdpTlvHeader)
            return out.status = ParseStatus::Truncated;
        if (be16(p + off + 2) < kCdpTlvHeader)
            return out.status = ParseStatus::Malformed;
        size_t adv = 0;
        const ParseStatus st = cdp_tlv(p, off, len, out, adv);
        if (st != ParseStatus::Ok)
            return out.status = st;
        off += adv;
    }
    return out.status = ParseStatus::Ok;
}

// ============================== locator ==============================
namespace {

constexpr uint8_t kSapSnap = 0xaa;
constexpr uint8_t kLlcUi = 0x03;
constexpr size_t kSnapLen = 5; // OUI + PID

// LLC/SNAP at off with the 802.3 length field value len8023 (clamped to the frame as
// dissect_802_3 does); true for Cisco SNAP PID 0x2000 in an information frame.
bool llc_cdp(const uint8_t *p, size_t n, size_t off, size_t len8023, L2Pdu &out) {
    const size_t plen = std::min(len8023, n - off);
    const uint8_t *l = p + off;
    if (plen < 3 || l[0] != kSapSnap || l[1] != kSapSnap)
        return false;
    size_t ctrl_len = 1;
    bool information = l[2] == kLlcUi;
    if ((l[2] & 3) != 3) { // I or S format: two bytes in extended operation (xdlc.h)
        ctrl_len = 2;
        if (plen < 4)
            return false;
        information = (l[2] & 1) == 0;
    }
    const size_t snap = 2 + ctrl_len;
    if (plen < snap + kSnapLen || !information)
        return false;
    if (be24(l + snap) != kOuiCisco || be16(l + snap + 3) != kSnapPidCdp)
        return false;
    out.kind = L2Kind::Cdp;
    out.offset = off + snap + kSnapLen;
    out.length = plen - snap - kSnapLen;
    return true;
}

bool is_isl_destination(const uint8_t *p) {
    // packet-eth.c: 01-00-0C-00-00 or 0C-00-0C-00-00 with a length field is Cisco ISL.
    return (p[0] == 0x01 || p[0] == 0x0c) && p[1] == 0x00 && p[2] == 0x0c && p[3] == 0x00 &&
           p[4] == 0x00;
}

void count_tag(L2Pdu &pdu) {
    if (pdu.tags < UINT8_MAX) // saturates: S-tags have no nesting limit in Wireshark
        ++pdu.tags;
}

// The EtherType chain after the untagged header: LLDP, or tags (packet-vlan.c for 0x8100/0x9100,
// packet-ieee8021ah.c for 0x88a8) until LLDP or an 802.3 length inside a C-tag.
bool walk_ethertypes(const uint8_t *p, size_t n, uint16_t type, L2Pdu &pdu) {
    size_t off = kEthHeaderLen, vlans = 0;
    for (;;) {
        if (type == kEtherTypeLldp) {
            pdu.kind = L2Kind::Lldp;
            pdu.offset = off;
            pdu.length = n - off;
            return true;
        }
        if (n - off < 4)
            return false;
        const uint16_t inner = be16(p + off + 2);
        count_tag(pdu);
        if (type == kEtherTypeVlan || type == kEtherTypeQinQOld) {
            if (++vlans > kMaxVlanTags)
                return false;
            if (inner <= kMax8023Length) // 802.3 length inside the tag
                return llc_cdp(p, n, off + 4, inner, pdu);
            type = inner;
            off += 4;
        } else if (type == kEtherType8021ad) {
            // After an S-tag the next type goes to the EtherType table: no 802.3 length there.
            if (inner == kEtherType8021ah)
                return false;
            if (inner == kEtherType8021ad) { // S-tag + S-tag: both consumed at once
                if (n - off < 8)
                    return false;
                count_tag(pdu);
                type = be16(p + off + 6);
                off += 8;
            } else {
                type = inner;
                off += 4;
            }
        } else {
            return false;
        }
    }
}

} // namespace

bool find_l2_pdu(ByteView frame, L2Pdu &out) {
    out = L2Pdu{};
    const uint8_t *p = frame.data();
    const size_t n = frame.remaining();
    if (n < kEthHeaderLen)
        return false;
    const uint16_t type = be16(p + 12);
    L2Pdu pdu;
    bool found = false;
    if (type <= kMax8023Length) {
        // packet-eth.c: ISL first; type 0 is an EtherType (ETHERTYPE_UNK), not a length. (Its
        // "ffff after the length is Novell raw 802.3" test needs no code: ff ff is never SNAP.)
        found = type != 0 && !is_isl_destination(p) && llc_cdp(p, n, kEthHeaderLen, type, pdu);
    } else if (type >= kMinEtherType) {
        found = walk_ethertypes(p, n, type, pdu);
    }
    if (found)
        out = pdu;
    return found;
}

} // namespace huntpack::discovery
