// SPDX-License-Identifier: GPL-2.0-or-later
// Google QUIC (Q0xx) packet headers and the CHLO handshake message: tags, SNI, UAID, VER, ...
//
// Specs: "QUIC Wire Layout Specification" and "QUIC Crypto" (Google, docs.google.com), and
// the reference code in google/quiche (quic_framer.cc public/long headers, crypto_framer.cc
// message format). A message is: tag u32, num_entries u16 LE, padding u16, then num_entries
// x (tag u32, end_offset u32 LE), then the values; end offsets are cumulative (non-decreasing)
// from the start of the value area.
//
// Limitations:
// - Q050 and later gQUIC versions (and T0xx, TLS-based) encrypt even the first packet with
//   Initial keys; inspect_gquic_datagram() reports them Unsupported. Q050 is decrypted by the
//   QUIC Initial modules (quic_header.h, quic_initial.h), its CRYPTO stream reassembled
//   (quic_crypto_reassembly.h) and handed to parse_chlo() by quicfp::feed_client_datagram.
// - In clear datagrams (Q043-Q046) the CHLO is found by scanning for the "CHLO" tag and
//   validating its table, not by parsing stream frames; a CHLO spread over several packets is
//   reported Truncated.
// - Client packets only: the diversification nonce (server-to-client) is not handled; the
//   0x04 flag in old client public headers is the legacy 8-byte CID marker (0x0c).
#pragma once

#include "byteview.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace huntpack::gquic {

// quiche crypto_framer.cc: kMaxEntries = 128 ("Max number of entries in a message").
constexpr size_t kMaxChloTags = 128;
constexpr size_t kTagLen = 4;
constexpr size_t kChloHeaderLen = 8;   // tag + num_entries + padding
constexpr size_t kChloEntryLen = 8;    // tag + end offset
constexpr size_t kConnectionIdLen = 8; // gQUIC client connection IDs are 8 bytes
// Public header flags (QUIC Wire Layout, "Public Header").
constexpr uint8_t kPublicFlagVersion = 0x01;
constexpr uint8_t kPublicFlagConnectionId = 0x08;
constexpr uint8_t kPublicFlagPacketNumberLen = 0x30;
// Q046 long header: 0x80 long form, low 2 bits packet number length - 1.
constexpr uint8_t kLongHeaderBit = 0x80;
// First version whose first packet is encrypted (Initial obfuscation, as IETF QUIC).
constexpr int kFirstEncryptedVersion = 50;
// Last version with the legacy public header.
constexpr int kLastPublicHeaderVersion = 43;

// A tag as its 4 wire bytes, first byte most significant: make_tag("SNI") == 'S','N','I',0.
constexpr uint32_t make_tag(const char (&s)[4]) {
    return (uint32_t{static_cast<uint8_t>(s[0])} << 24) |
           (uint32_t{static_cast<uint8_t>(s[1])} << 16) |
           (uint32_t{static_cast<uint8_t>(s[2])} << 8);
}
constexpr uint32_t make_tag(const char (&s)[5]) {
    return (uint32_t{static_cast<uint8_t>(s[0])} << 24) |
           (uint32_t{static_cast<uint8_t>(s[1])} << 16) |
           (uint32_t{static_cast<uint8_t>(s[2])} << 8) | static_cast<uint8_t>(s[3]);
}
constexpr uint32_t kTagChlo = make_tag("CHLO");
constexpr uint32_t kTagSni = make_tag("SNI");
constexpr uint32_t kTagUaid = make_tag("UAID");
constexpr uint32_t kTagVer = make_tag("VER");
constexpr uint32_t kTagAead = make_tag("AEAD");
constexpr uint32_t kTagKexs = make_tag("KEXS");
constexpr uint32_t kTagPdmd = make_tag("PDMD");
constexpr uint32_t kTagPad = make_tag("PAD");

// "SNI\0" -> "SNI"; non-printable bytes become '.'.
std::string tag_name(uint32_t tag);

struct ChloTag {
    uint32_t tag = 0;
    uint32_t offset = 0; // of the value, from the start of the scanned input
    uint32_t length = 0;
};

struct Chlo {
    ParseStatus status = ParseStatus::Truncated;
    uint32_t offset = 0; // of "CHLO" in the scanned input
    uint32_t length = 0; // of the whole message (as declared by the last end offset)
    std::vector<ChloTag> tags; // in table order; only tags whose value is present
    std::string sni;
    std::string uaid;
    uint32_t version = 0;        // VER value, e.g. make_tag("Q046")
    std::vector<uint32_t> aead;  // AEAD tag list
    std::vector<uint32_t> kexs;  // KEXS tag list
    std::vector<uint32_t> pdmd;  // PDMD tag list

    const ChloTag *find(uint32_t tag) const;
};

// Parse a message that starts with "CHLO". `base` is added to every offset.
// Truncated: the table or a value runs past the input (present tags are kept).
// Malformed: zero or too many tags, decreasing end offsets.
Chlo parse_chlo(ByteView message, uint32_t base = 0);

// Scan bytes (a datagram payload, or decrypted Q050 frames) for the first "CHLO" whose table
// validates. Status Unsupported when no "CHLO" is present at all.
Chlo find_chlo(ByteView bytes);

// Total length (header + tag table + values) the CHLO at the start of `prefix` declares through
// its last end offset, once its header and whole tag table are present; 0 before that, or when
// `prefix` does not start with "CHLO" or its tag count is 0 or above kMaxChloTags. Lets a CRYPTO
// stream reassembler tell a CHLO it can never hold from one still arriving.
size_t chlo_declared_length(ByteView prefix);

enum class HeaderForm : uint8_t { Public, Long };

struct PacketHeader {
    ParseStatus status = ParseStatus::Truncated;
    HeaderForm form = HeaderForm::Public;
    uint32_t version = 0;     // e.g. make_tag("Q043")
    int version_number = -1;  // 43 for Q043; -1 when not a Q version
    size_t header_length = 0; // where the (hash + frames) payload starts
};

// The client's first packet: public header (<= Q043, version flag set) or long header (Q046+).
PacketHeader parse_packet_header(ByteView datagram);

struct Datagram {
    PacketHeader header;
    Chlo chlo; // offsets relative to the datagram
    const char *reason = ""; // why status is not Ok, for expert info
    ParseStatus status() const;
};

// Header, then the CHLO in the unencrypted payload. Encrypted versions: Unsupported.
Datagram inspect_gquic_datagram(ByteView datagram);

} // namespace huntpack::gquic
