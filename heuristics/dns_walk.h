// SPDX-License-Identifier: GPL-2.0-or-later
// dns_walk.h: the internals of heuristics/dns_message.cpp shared by its three files (not part of
// the public API): Wireshark's tvbuff semantics over a message and the name walk (Walker,
// dns_walk.cpp), the string readers of FT_STRING fields (dns_walk.cpp), and one record's RDATA
// as packet-dns.c's dissect_dns_answer reads it (Rdata, dns_rdata.cpp). See dns_message.h for the
// specs and the Wireshark functions each part mirrors.
#pragma once

#include "dns_message.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace huntpack::dns::detail {


// RR types with their own RDATA dissection in packet-dns.c (dissect_dns_answer).
// clang-format off
enum : uint16_t {
    T_A = 1, T_NS = 2, T_MD = 3, T_MF = 4, T_CNAME = 5, T_SOA = 6, T_MB = 7, T_MG = 8,
    T_MR = 9, T_NULL = 10, T_WKS = 11, T_PTR = 12, T_HINFO = 13, T_MINFO = 14, T_MX = 15,
    T_TXT = 16, T_RP = 17, T_AFSDB = 18, T_X25 = 19, T_ISDN = 20, T_RT = 21, T_NSAP = 22,
    T_NSAP_PTR = 23, T_SIG = 24, T_KEY = 25, T_PX = 26, T_GPOS = 27, T_AAAA = 28, T_LOC = 29,
    T_NXT = 30, T_SRV = 33, T_NAPTR = 35, T_KX = 36, T_CERT = 37, T_A6 = 38, T_DNAME = 39,
    T_OPT = 41, T_APL = 42, T_DS = 43, T_SSHFP = 44, T_IPSECKEY = 45, T_RRSIG = 46, T_NSEC = 47,
    T_DNSKEY = 48, T_DHCID = 49, T_NSEC3 = 50, T_NSEC3PARAM = 51, T_TLSA = 52, T_HIP = 55,
    T_CDS = 59, T_CDNSKEY = 60, T_OPENPGPKEY = 61, T_CSYNC = 62, T_ZONEMD = 63, T_SVCB = 64,
    T_HTTPS = 65, T_SPF = 99, T_NID = 104, T_L32 = 105, T_L64 = 106, T_LP = 107, T_EUI48 = 108,
    T_EUI64 = 109, T_TKEY = 249, T_TSIG = 250, T_CAA = 257, T_DLV = 32769, T_WINS = 65281,
    T_WINS_R = 65282, T_XPF = 65422,
};
// EDNS(0) option codes with their own dissection (RFC 6891 §6.1.2 and the registry).
enum : uint16_t {
    O_DAU = 5, O_DHU = 6, O_N3U = 7, O_CLIENT_SUBNET = 8, O_COOKIE = 10, O_EDNS_TCP_KA = 11,
    O_PADDING = 12, O_CHAIN = 13, O_EXT_ERROR = 15, O_CLIENT_SUBNET_EXP = 0x50fa,
};
// SVCB SvcParamKeys (RFC 9460 §14.3.2) Wireshark decodes.
enum : uint32_t {
    SVCB_MANDATORY = 0, SVCB_ALPN = 1, SVCB_NOALPN = 2, SVCB_PORT = 3, SVCB_IPV4HINT = 4,
    SVCB_ECH = 5, SVCB_IPV6HINT = 6, SVCB_ODOH = 32769,
};
// clang-format on
constexpr uint8_t kOpcodeWack = 7; // RFC 1002 §4.2.16
constexpr uint16_t kFlagResponse = 0x8000;
constexpr int64_t kMinNameLen = 2; // packet-dns.c MIN_DNAME_LEN

// Why Wireshark's walk stopped. Bounds: a read past the message end; Malformed: an exception
// thrown for bad content; Budget: our own work limit.
enum class Stop : uint8_t { None, Bounds, Malformed, Budget };

// An expanded name as expand_dns_name leaves it: `buf` holds `written` bytes (label bytes, dots
// and bitstring text), of which Wireshark shows the first `name_len` (bitstring text is not
// counted, a quirk reproduced as is); `special` replaces the buffer when set.
struct RawName {
    char buf[kMaxNameWire + 1];
    int written = 0;
    int name_len = 0;
    std::string_view special;
    int64_t len = 0; // bytes consumed at the name's offset ("used_bytes")

    std::string_view raw() const { // what get_dns_name's `name` points to, as a C string
        if (!special.empty())
            return special;
        std::string_view s(buf, static_cast<size_t>(written));
        return s.substr(0, s.find('\0'));
    }
    std::string display() const {
        if (!special.empty())
            return std::string(special);
        return format_text(std::string_view(buf, static_cast<size_t>(name_len)));
    }
};

// Wireshark's tvbuff semantics over the message: signed offsets, negative ones counting from
// the end (tvbuff.c compute_offset), lengths checked as tvb_ensure_bytes_exist does. Every
// failed check is an exception in Wireshark: it records why and the caller unwinds.
class Walker {
  public:
    Walker(const uint8_t *p, size_t n, Dialect d)
        : p_(p), n_(static_cast<int64_t>(n)), dialect_(d),
          steps_left_(kNameStepsPerByte * n + 4096) {}

    Stop stop() const { return stop_; }
    bool fail(Stop why) {
        if (stop_ == Stop::None)
            stop_ = why;
        return false;
    }

    bool resolve(int64_t off, int64_t &abs) {
        if (off >= 0) {
            if (off > n_)
                return fail(Stop::Bounds);
            abs = off;
        } else {
            if (-off > n_)
                return fail(Stop::Bounds);
            abs = n_ + off;
        }
        return true;
    }
    // tvb_ensure_bytes_exist / proto_tree_add_item with a fixed length.
    bool need(int64_t off, int64_t len) {
        if (len < 0)
            return fail(Stop::Malformed); // negative lengths throw ReportedBoundsError
        int64_t abs = 0;
        if (!resolve(off, abs))
            return false;
        if (len > n_ - abs)
            return fail(Stop::Bounds);
        return true;
    }
    // proto_tree_add_item of an FT_BYTES/FT_STRING field: length -1 means "to the end" and then
    // needs at least one byte.
    bool item(int64_t off, int64_t len) {
        if (len != -1)
            return need(off, len);
        int64_t abs = 0;
        if (!resolve(off, abs))
            return false;
        return abs < n_ ? true : fail(Stop::Bounds);
    }
    bool u8(int64_t off, uint8_t &v) {
        int64_t abs = 0;
        if (!resolve(off, abs))
            return false;
        if (abs >= n_)
            return fail(Stop::Bounds);
        v = p_[abs];
        return true;
    }
    bool u16(int64_t off, uint16_t &v) {
        uint8_t a = 0, b = 0;
        if (!need(off, 2) || !u8(off, a) || !u8(off + 1, b))
            return false;
        v = static_cast<uint16_t>(a << 8 | b);
        return true;
    }
    bool u32(int64_t off, uint32_t &v) {
        uint16_t a = 0, b = 0;
        if (!need(off, 4) || !u16(off, a) || !u16(off + 2, b))
            return false;
        v = uint32_t{a} << 16 | b;
        return true;
    }
    // The bytes at an offset need() has accepted.
    const uint8_t *at(int64_t off) {
        int64_t abs = 0;
        resolve(off, abs);
        return p_ + abs;
    }
    int64_t size() const { return n_; }
    Dialect dialect() const { return dialect_; }

    bool get_name(int64_t start, RawName &n);
    bool name(int64_t off, RawName &n, int64_t &used) {
        if (!get_name(off, n))
            return false;
        used = n.len;
        return true;
    }

  private:
    bool step() {
        if (steps_left_ == 0)
            return fail(Stop::Budget);
        --steps_left_;
        return true;
    }
    bool label(int64_t &off, int c, RawName &n, int &maxname);
    bool bitstring(int64_t &off, RawName &n, int &maxname);

    const uint8_t *p_;
    int64_t n_;
    Dialect dialect_;
    size_t steps_left_;
    Stop stop_ = Stop::None;
};

// tvb_get_string_enc(ENC_ASCII) / (ENC_UTF_8) (epan/charsets.c) as stored in an FT_STRING
// field: the value ends at the first NUL.
std::string ascii_string(const uint8_t *p, size_t len);
std::string utf8_string(const uint8_t *p, size_t len);

// One resource record's RDATA, as dissect_dns_answer reads it (data_len > 0). `c` is the RDATA
// offset. Returns false when Wireshark would throw.
class Rdata {
  public:
    Rdata(Walker &w, Record &r, bool &capped) : w_(w), r_(r), capped_(capped) {}

    bool walk(uint16_t type, int64_t c, int dl);

  private:
    bool target(int64_t off) { // a name shown as a field of this record
        RawName n;
        int64_t used = 0;
        if (!w_.name(off, n, used))
            return false;
        r_.target = n.display();
        r_.has_target = true;
        return true;
    }
    bool skip_name(int64_t off, int64_t &used) {
        RawName n;
        return w_.name(off, n, used);
    }
    bool txt(int64_t c, int dl, bool keep);
    bool bitmap(int64_t c, int rr_len);
    bool key_id(int64_t off, int size, uint8_t algo);
    bool opt(int64_t c, int dl);
    bool svcb(int64_t c, int dl);
    bool a6(int64_t c);
    bool apl(int64_t c, int dl);
    bool nsec3(int64_t c, int dl);
    bool tkey(int64_t c);
    bool tsig(int64_t c);
    bool ipseckey(int64_t c, int dl);
    bool hip(int64_t c, int dl);
    bool caa(int64_t c, int dl);

    Walker &w_;
    Record &r_;
    bool &capped_;
};

} // namespace huntpack::dns::detail
