// SPDX-License-Identifier: GPL-2.0-or-later
// DNS message parser for DNS, mDNS, LLMNR and NBNS, giving the values Wireshark 4.0 shows in
// dns.qry.name, dns.qry.type, dns.resp.name, dns.resp.type, dns.a, dns.aaaa, dns.cname, dns.ns,
// dns.ptr.domain_name, dns.srv.target, dns.mx.mail_exchange, dns.dname, dns.txt,
// dns.flags.response and nbns.name, nbns.flags.response, nbns.flags.opcode.
//
// Specs: RFC 1035 §4.1 (header, question, RR layout), §4.1.4 (compression pointers), §3.3.14
// (TXT character-strings); RFC 3596 §2.2 (AAAA); RFC 2782 (SRV); RFC 4034 §4.1.2 (NSEC type
// bitmaps); RFC 6891 §6.1.2 (OPT owner is the root); RFC 6762 §10.2 / §18.12 (mDNS cache-flush
// and QU bits, UTF-8 TXT); RFC 4795 §2.1 (LLMNR header); RFC 1002 §4.2 (NBNS packets), RFC 1001
// §14.1 (first-level encoding of NetBIOS names); RFC 2673 §3.2 (bitstring labels, historic).
//
// Fidelity. The reference is Wireshark 4.0.17's packet-dns.c (expand_dns_name, get_dns_name,
// dissect_dns_query, dissect_dns_answer, dissect_dns_common) and packet-nbt.c (get_nbns_name,
// dissect_nbns_answer) with packet-netbios.c (process_netbios_name). Wireshark reads the
// message with bounds-checked tvbuff accessors that throw; an exception ends the dissection but
// keeps every field added before it. This parser walks the message with the same reads in the
// same order, per record type, so the records it returns, their order, and where the walk stops
// are the ones Wireshark shows. Reproduced quirks, all checked against tshark 4.0.17:
//  - names: label bytes are copied raw and joined with '.', then shown through Wireshark's
//    format_text (epan/strutil.c): printable ASCII as is, other ASCII as C escapes ("\n",
//    "\001"), valid printable UTF-8 as is, non-printable code points as "\uXXXX", broken UTF-8 as
//    U+FFFD. The empty name is "<Root>" (also a pointer to a name whose first byte is 0); a name
//    with more than kMaxPointers pointers, or a pointer to 4 bytes past its own start, is
//    kLoopName; a name whose text would exceed kMaxNameText bytes is kTooLongName; labels of type
//    0x40-0x7f other than bitstrings give kUnknownLabelName (and a consumed length measured from
//    wherever the walk had got to, as Wireshark does); type 0x80 labels stop the parse.
//  - dns.resp.name is absent for SRV records (Wireshark shows dns.srv.service/proto/name
//    instead): see Record::has_resp_name().
//  - NSEC, NSEC3, NXT and CSYNC type bitmaps add one dns.resp.type per bit set
//    (Record::bitmap_types), after the record's own type.
//  - TXT strings: one dns.txt per character-string; ASCII-decoded for DNS/LLMNR (bytes >= 0x80
//    become U+FFFD), UTF-8-decoded for mDNS; a string stops at its first NUL byte. When the
//    lengths overrun RDLENGTH, Wireshark keeps reading strings from the following bytes until the
//    end of the message (and then stops the parse): so does this parser.
//  - A and AAAA read 4 and 16 bytes whatever RDLENGTH says (unless it is 0).
//  - nbns.name of an NB answer has " (<name type description>)" appended; queries and other
//    answers carry the bare decoded name. NB/NBSTAT answers continue at the byte after what was
//    decoded, not at RDLENGTH.
//
// Deliberate deviations (each only on hostile input; the result then says so):
//  - kMaxRecords (default; the caller may pass another cap), kMaxTxtStrings and kMaxBitmapTypes
//    bound what is stored; past them `capped` is set (records: the parse stops there; strings and
//    bitmap types: the walk goes on exactly, the extra values are dropped).
//  - Name expansion work is bounded by kNameStepsPerByte steps per message byte; a message that
//    needs more (only reachable with pointer chains built to be slow) stops with Unsupported.
//  - Messages longer than kMaxMessageLen are Unsupported.
//  - Sub-dissectors Wireshark calls from TKEY (GSS-API/NTLMSSP keys) and TSIG (MAC) are assumed not
//    to throw; their framing is checked as Wireshark checks it.
//  - nbns: Wireshark reads an NB answer's first address for the Info column before adding the
//    name only when columns are being built (tshark -T fields without column fields does not);
//    `nbns_info_column` selects which behaviour to reproduce (default: with columns, as the GUI
//    and a tap-running tshark do).
//  - DNS over TCP/QUIC: the caller strips the 2-byte length; a negative tvbuff offset then
//    resolves against this message rather than the length-prefixed PDU.
#pragma once

#include "byteview.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace huntpack::dns {

inline constexpr size_t kHeaderLen = 12;        // RFC 1035 §4.1.1
inline constexpr size_t kMaxMessageLen = 65535; // RFC 1035 §4.2.2: TCP length prefix is u16
inline constexpr size_t kMaxNameWire = 255;     // RFC 1035 §2.3.4; Wireshark MAX_DNAME_LEN
// expand_dns_name keeps a MAX_DNAME_LEN buffer, reserves one byte for the first label and one
// for the terminating NUL: a longer text becomes kTooLongName.
inline constexpr size_t kMaxNameText = kMaxNameWire - 2;
// format_text turns one byte into at most 4 characters ("\001").
inline constexpr size_t kMaxNameDisplay = 4 * kMaxNameText;
// Wireshark declares a loop after MAX_DNAME_LEN pointers.
inline constexpr size_t kMaxPointers = kMaxNameWire;
// A character-string is at most 255 bytes (RFC 1035 §3.3); each byte becomes at most U+FFFD.
inline constexpr size_t kMaxTxtDisplay = 255 * 3;
// nbns.name: Wireshark's buffer is MAX_NAME_LEN = 15 * 4 + MAX_DNAME_LEN + 64 bytes (with NUL).
inline constexpr size_t kMaxNbnsName = 15 * 4 + kMaxNameWire + 64 - 1;
inline constexpr size_t kNetbiosNameLen = 16; // RFC 1001 §14.1: 16 bytes, 32 encoded
// Policy caps (per message / per record).
inline constexpr size_t kMaxRecords = 1024;
inline constexpr size_t kMaxTxtStrings = 512;
inline constexpr size_t kMaxBitmapTypes = 1024;
inline constexpr size_t kNameStepsPerByte = 32;

// Names Wireshark substitutes (packet-dns.c).
inline constexpr std::string_view kRootName = "<Root>";
inline constexpr std::string_view kLoopName = "<Name contains a pointer that loops>";
inline constexpr std::string_view kTooLongName = "<Name too long>";
inline constexpr std::string_view kUnknownLabelName = "<Unknown extended label>";

// RR types this header names (IANA DNS parameters).
enum Type : uint16_t {
    kTypeA = 1,
    kTypeNs = 2,
    kTypeCname = 5,
    kTypeSoa = 6,
    kTypePtr = 12,
    kTypeMx = 15,
    kTypeTxt = 16,
    kTypeAaaa = 28,
    kTypeSrv = 33,
    kTypeDname = 39,
    kTypeOpt = 41,
    kTypeNsec = 47,
    kTypeNb = 32,     // NBNS NB (RFC 1002 §4.2.1.3), same code as NIMLOC in DNS
    kTypeNbstat = 33, // NBNS NBSTAT (RFC 1002 §4.2.18), same code as SRV in DNS
};

// Which Wireshark dissector's behaviour to reproduce. DNS and LLMNR parse identically; mDNS
// decodes TXT strings as UTF-8; NBNS decodes names (nbns.name) and its own RR types.
enum class Dialect : uint8_t { Dns, Mdns, Llmnr, Nbns };

enum class Section : uint8_t { Question, Answer, Authority, Additional };

struct Record {
    Section section = Section::Question;
    uint16_t type = 0;
    uint16_t klass = 0;         // raw: the mDNS QU / cache-flush bit is included
    uint32_t ttl = 0;           // resource records only
    uint32_t offset = 0;        // where the owner name starts (message offset)
    uint32_t name_wire_len = 0; // bytes the owner name occupies at `offset`
    uint32_t rdata_offset = 0;  // resource records: RDATA start and declared RDLENGTH
    uint16_t rdata_len = 0;
    // False when Wireshark's dissection of this record threw (the parse stopped inside it):
    // name and type are shown, the RDATA fields only as far as they were read.
    bool complete = true;
    // dns.qry.name (questions) or dns.resp.name (resource records), format_text applied;
    // for Dialect::Nbns the nbns.name value.
    std::string name;
    // NS, CNAME, PTR, MX, DNAME, SRV: dns.ns, dns.cname, dns.ptr.domain_name,
    // dns.mx.mail_exchange, dns.dname, dns.srv.target (format_text applied).
    bool has_target = false;
    std::string target;
    std::vector<std::string> txt; // TXT: one dns.txt per character-string
    // NSEC/NSEC3/NXT/CSYNC: extra dns.resp.type values. 32-bit: Wireshark counts on past 65535
    // when a window claims more than 32 bytes, and shows the count unreduced.
    std::vector<uint32_t> bitmap_types;
    uint8_t addr[16] = {}; // A (4 bytes) or AAAA (16 bytes)
    uint8_t addr_len = 0;
    // NBNS WACK answers (opcode 7): each entry's flags, shown as more nbns.flags.* values.
    std::vector<uint16_t> wack_flags;

    // Wireshark adds dns.resp.name for every resource record except an SRV with a non-empty
    // name (which it splits into dns.srv.service/proto/name instead).
    bool has_resp_name() const {
        return section != Section::Question && !(type == kTypeSrv && !name.empty());
    }
};

struct Message {
    ParseStatus status = ParseStatus::Truncated;
    Dialect dialect = Dialect::Dns;
    bool has_flags = false;  // the first 4 bytes were there: dns.flags.* / nbns.flags.* shown
    bool has_counts = false; // the whole 12-byte header was there
    uint16_t id = 0, flags = 0;
    uint16_t qdcount = 0, ancount = 0, nscount = 0, arcount = 0;
    bool capped = false;         // a policy cap dropped values (see the header comment)
    std::vector<Record> records; // wire order: questions, answers, authority, additional

    bool response() const { return (flags & 0x8000) != 0; }
    uint8_t opcode() const { return static_cast<uint8_t>((flags >> 11) & 0x0f); }
};

struct Options {
    Dialect dialect = Dialect::Dns;
    size_t max_records = kMaxRecords;
    bool nbns_info_column = true; // see "Deliberate deviations" above
};

// Parse a whole message; offset 0 of `msg` is the DNS header (compression pointers are relative
// to it). Fills `out` (cleared first) and returns out.status:
//   Ok          every record the header counts was dissected;
//   Truncated   the walk read past the end of the bytes given (header included) and stopped
//               there. Wireshark calls this "Malformed" when those bytes are the whole datagram
//               and a short frame when the capture cut it: only the caller knows which;
//   Malformed   a name was invalid (0x80 label, misplaced extended label, empty non-root name)
//               or a length was negative where Wireshark throws for it;
//   Unsupported longer than kMaxMessageLen, or the name-expansion budget ran out.
// Records dissected before the stop are kept, the last one possibly with complete == false.
ParseStatus parse_message(ByteView msg, Message &out, const Options &opt);
// Dialect::Dns with a record cap.
ParseStatus parse_message(ByteView msg, Message &out, size_t max_records = kMaxRecords);

// nbns.name for an expanded name as get_dns_name returns it (raw label bytes joined by '.', or
// one of the substitute names): the 32-character first-level encoding decoded, shown as
// process_netbios_name does ("WORKGROUP<1d>", non-printables as "<xx>", trailing blanks cut),
// then any scope ID (".example.com") appended. Illegal encodings give Wireshark's messages
// ("Illegal NetBIOS name (...)"). `name_type` gets the 16th byte, or -1 when illegal. The input
// is read as a C string (up to its first NUL), as Wireshark reads it.
std::string nbns_name(std::string_view expanded, int *name_type = nullptr);
// netbios_name_type_descr: "Workstation/Redirector" for 0x00, ..., "Unknown".
const char *netbios_name_type_descr(int name_type);

// dns.a / dns.aaaa as Wireshark displays them: dotted quad, or RFC 5952 text (inet_ntop).
// Empty when the record has no address.
std::string format_address(const Record &r);

// Wireshark 4.0's format_text(): the display form of arbitrary bytes (see the header comment).
std::string format_text(std::string_view bytes);

} // namespace huntpack::dns
