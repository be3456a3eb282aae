// SPDX-License-Identifier: GPL-2.0-or-later
// The first handshake message of each direction of a TCP flow (ClientHello one way, ServerHello
// the other), read from the flow's payloads instead of from Wireshark's TLS fields, and the
// ServerHello facts soctrait judges (negotiated version, cipher suite).
//
// Specs: RFC 8446 §4.1.3 (ServerHello, HelloRetryRequest's fixed random), §4.2.1
// (supported_versions: selected_version); RFC 5246 §7.4.1.3 (TLS 1.2 ServerHello, extensions
// optional); RFC 8446 §5.1 (handshake messages may span records).
//
// When a message counts as seen: in the segment that completes the record holding its last byte,
// which is the frame where Wireshark dissects the reassembled record.
// Where a hello starts: at the start of one of the direction's first kMaxHelloLookSegments
// payloads, with a handshake record header whose fragment begins a ClientHello or ServerHello
// (so TLS after STARTTLS, a MySQL or PostgreSQL SSL request or an HTTP CONNECT is found too),
// possibly behind a change_cipher_spec record (a TLS 1.3 client's second ClientHello, sent after
// a HelloRetryRequest with the compatibility-mode CCS first, RFC 8446 Appendix D.4) or an alert
// record (a server's warning before its ServerHello).
// Limitations: a hello that does not start a segment (behind a PROXY protocol line in the same
// segment, inside another protocol's framing such as OpenVPN's) is not found; a gap in
// the sequence (a lost or reordered segment before the message completes) abandons the
// direction, where Wireshark may still reassemble out-of-order segments; at most
// kMaxHelloStreamBytes are buffered per direction, and only while the message is incomplete; a
// second ClientHello is found behind its change_cipher_spec only when both start one segment
// (a CCS sent alone in a segment is not followed).
#pragma once

#include "byteview.h"
#include "tls_client_hello.h"

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace huntpack::tls {

constexpr uint8_t kHandshakeServerHello = 2;
// Payloads of a direction looked at for a hello's start before the direction is given up.
constexpr uint8_t kMaxHelloLookSegments = 8;
// Record-layer bytes buffered per direction: two full plaintext records (a hello that spills
// into a second record) with their headers.
constexpr size_t kMaxHelloStreamBytes = 2 * (kRecordHeaderLen + kMaxRecordPayloadLen);

struct ServerHello {
    ParseStatus status = ParseStatus::Truncated;
    uint16_t legacy_version = 0;
    uint16_t cipher_suite = 0;
    uint8_t compression_method = 0;
    uint16_t selected_version = 0; // supported_versions (RFC 8446 §4.2.1); 0 when absent
    bool hello_retry_request = false;

    // What the handshake negotiated: selected_version when present, else legacy_version.
    uint16_t version() const { return selected_version ? selected_version : legacy_version; }
};

// One handshake message starting at its type byte (2) and u24 length. Ok needs the whole
// message; Truncated keeps the fields read so far; Unsupported: not a ServerHello.
ServerHello parse_server_hello(ByteView handshake);

// Where the caller keeps the buffer (wmem file scope in the glue, malloc in tests).
struct HelloAllocator {
    void *(*realloc)(void *ctx, void *p, size_t n) = nullptr;
    void (*free)(void *ctx, void *p) = nullptr;
    void *ctx = nullptr;
};

enum class HelloFeed : uint8_t {
    Idle,       // nothing followed in this direction (done, abandoned, or not a hello)
    Collecting, // the first message is not complete yet
    Complete,   // this payload completed it: `out` holds it
    Abandoned,  // this payload ended the attempt (a gap, a bad record, too long)
};

// One direction of a TCP flow. Trivially copyable (lives in wmem conversation data); `buf` is
// owned through the HelloAllocator passed to feed() and released when the attempt ends.
struct HelloStream {
    uint8_t *buf = nullptr;
    uint32_t have = 0;     // bytes in buf
    uint32_t next_seq = 0; // raw sequence number of the next byte expected
    uint8_t state = 0;     // 0 looking, 1 collecting, 2 done
    uint8_t looked = 0;    // payloads looked at without a hello's start
    bool guard = false;    // looking again after a hello: bytes before next_seq are old
    bool ccs_first = false; // ... and only a hello behind a change_cipher_spec record counts

    // Feeds one segment's payload (raw TCP sequence number; a payload the capture cut short may
    // be passed as far as it was captured: the next segment then shows a gap). On Complete, `out`
    // holds the first handshake message.
    HelloFeed feed(const HelloAllocator &a, uint32_t seq, const uint8_t *p, size_t n, HandshakeExtract *out);
    bool collecting() const { return state == 1; }
    bool done() const { return state == 2; }
    // Ends the attempt and frees the buffer (the direction is done).
    void abandon(const HelloAllocator &a);
    // Looks for another hello after the one found (after a HelloRetryRequest, RFC 8446 §4.1.4:
    // the client sends a second ClientHello, the server a real ServerHello), with a fresh look
    // budget; bytes before the end of the segment that completed the first are not looked at.
    // ccs_only: only a hello behind a change_cipher_spec record counts (a client's second
    // ClientHello in compatibility mode, when the HelloRetryRequest itself was not captured).
    void rearm(const HelloAllocator &a, bool ccs_only = false);
};
static_assert(std::is_trivially_copyable_v<HelloStream>);

} // namespace huntpack::tls
