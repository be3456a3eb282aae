// SPDX-License-Identifier: GPL-2.0-or-later
// QUIC transport parameters in the draft-27 encoding, which the TLS ClientHello parser does not
// read: draft-ietf-quic-transport-23..27 and Google QUIC T050 (a draft-27 descendant).
//
// Specs: draft-ietf-quic-transport-27 §18 (up to draft-27):
//   TransportParameter { TransportParameterId id (u16); opaque value<0..2^16-1>; }
//   TransportParameter parameters<0..2^16-1>;  (the extension body: u16 length, then the list)
// draft-ietf-quic-transport-28 §18 replaced both u16s by varints (RFC 9000 §18 keeps those).
// Which versions use which: Wireshark 4.0.17 reads quic_transport_parameters (0xffa5) of
// ndpi-corpus/quic-23.pcap, quic-24.pcap and quic_t50.pcap (T050) with a "Parameters Length"
// u16 and u16 ids/lengths, and those of quic-28.pcap, quic-29.pcap, quic_t51.pcap (T051) with
// varints; quic_header.h's VersionInfo::legacy_transport_params says the same.
//
// Design: the TLS parser (tls_client_hello.h) reads every transport parameter extension as
// varints and, for a legacy body, flags the extension as bad while still parsing the rest of
// the ClientHello. apply_legacy_transport_params() re-reads that one extension the draft-27 way
// and clears the Malformed status only when a second parse, with that extension's type set to a
// private-use value the parser skips, shows it was the only fault.
//
// Limitations: only the first 0xffa5 extension is re-read (RFC 8446 §4.2 forbids duplicates);
// at most kMaxLegacyTransportParams parameters are kept (more: the extension is bad).
#pragma once

#include "byteview.h"
#include "tls_client_hello.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace huntpack::quic {

// Same policy cap as the TLS parser's varint reading: Chrome sends ~20 parameters.
constexpr size_t kMaxLegacyTransportParams = 64;
// draft-27 §18: the u16 length of the parameter list precedes it.
constexpr size_t kLegacyTpListLenBytes = 2;
// RFC 8446 §4.2 (TLS ExtensionType registry, RFC 8447 §3): 0xff00-0xffff are private use.
// The re-parse renames the legacy extension to this one, which the TLS parser does not decode.
constexpr uint16_t kSkippedExtensionType = 0xfffe;

// Parse a draft-27 quic_transport_parameters extension body. `base` (the body's offset from the
// handshake type byte) is added to every TransportParam::offset. False when the body breaks its
// own lengths or holds more than kMaxLegacyTransportParams parameters (`out` is then cleared).
bool parse_legacy_transport_params(ByteView body, uint32_t base,
                                   std::vector<tls::TransportParam> &out);

// `ch` was parsed from the handshake message msg[0..len) of a connection whose version uses the
// draft-27 encoding: replace its transport parameters by the draft-27 reading of its first
// 0xffa5 extension, and make it Ok when that extension's varint reading was its only fault.
// A body that is not valid draft-27 either leaves the extension flagged and the status Malformed.
void apply_legacy_transport_params(const uint8_t *msg, size_t len, tls::ClientHello &ch);

} // namespace huntpack::quic
