// SPDX-License-Identifier: GPL-2.0-or-later
// Spotify LAN discovery datagrams ("SpotUdp0", UDP 57621, usually broadcast).
//
// There is no public specification. The layout below is inferred from the 15 datagrams
// in nDPI's test captures (android, telegram, whatsapp_login_chat, wa_voice), whose
// payloads are 40 or 44 bytes:
//   0   8  magic "SpotUdp0"
//   8   8  instance id: random, constant per sender for a while, changes between runs
//  16   2  version (always 1 so far)
//  18   2  length of the extension that follows (0 or 4 seen)
//  20   n  extension (the 4 bytes 48 95 c2 03 seen from two different hosts)
//  20+n 20 digest (20 bytes, differs with the instance id; likely SHA-1)
// Anything after the digest is reported as trailing bytes. Only the magic decides whether
// a datagram is SpotUdp; the rest is parsed as far as the bytes allow.
#pragma once

#include "byteview.h"

#include <type_traits>

namespace huntpack::spotudp {

inline constexpr uint8_t kMagic[8] = {'S', 'p', 'o', 't', 'U', 'd', 'p', '0'};
inline constexpr size_t kMagicLen = sizeof kMagic;
inline constexpr uint16_t kPort = 57621;
inline constexpr size_t kInstanceIdLen = 8;
inline constexpr size_t kDigestLen = 20;
// Longest extension we accept: the ones seen are 0 or 4 bytes; anything above this
// is reported as malformed rather than trusted.
inline constexpr uint16_t kMaxExtLen = 256;

// Offsets are from the start of the UDP payload; a length of 0 means absent.
struct Field {
    uint16_t offset = 0;
    uint16_t length = 0;
};

struct Message {
    ParseStatus status = ParseStatus::Truncated;
    size_t payload_len = 0;
    Field magic, instance_id, version, ext_len, ext, digest, trailing;
    uint16_t version_value = 0;
    uint16_t ext_len_value = 0;
};
static_assert(std::is_trivially_copyable_v<Message>);

// True when the payload starts with the magic (the heuristic test).
bool has_magic(const uint8_t *data, size_t len);

// Parses as far as the bytes allow. status: Ok (complete), Truncated (magic present,
// body cut short), Malformed (no magic, or extension length out of range).
Message parse(const uint8_t *data, size_t len);

} // namespace huntpack::spotudp
