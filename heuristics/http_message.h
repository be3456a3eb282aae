// SPDX-License-Identifier: GPL-2.0-or-later
// HTTP/1.x messages as Wireshark 4.0 shows them (http.request/response/notification,
// http.request.method/uri, the header fields, http.unknown_header, http.file_data), parsed from
// the bytes of one TCP PDU (possibly several pipelined messages) or one SSDP datagram.
//
// Specs: RFC 9112 §2.2 (line ends), §3-§5 (start line, fields), §6.3 (body length), §7.1
// (chunked coding); RFC 9110 §8.4 (content codings); RFC 1950/1951/1952 (zlib, deflate, gzip);
// UPnP Device Architecture 1.1 §1 (SSDP NOTIFY / M-SEARCH over HTTPU).
//
// Fidelity. The reference is Wireshark 4.0.17: packet-http.c (dissect_http_message,
// is_http_request_or_reply, basic_request/response_dissector, process_header,
// http_parse_transfer_coding, chunked_encoding_dissector) and tvbuff_zlib.c (tvb_uncompress).
// Wireshark is lenient, and so is this parser, in the same places (all checked with tshark):
//  - Lines end at CRLF, a lone LF or a lone CR. One leading CRLF before the start line is
//    skipped when more than 3 bytes remain.
//  - Start line: the first token (after an optional "M-" prefix) must be one of Wireshark's 42
//    methods (exact, case-sensitive; no version check), or the line starts "HTTP/" or "ICY"
//    (response). NOTIFY, SUBSCRIBE, UNSUBSCRIBE are Kind::Notification: Wireshark sets
//    http.notification, not http.request, but still shows http.request.method/uri.
//  - Header lines: any line with a ':' (name = bytes before the first ':', value after it and
//    its SP/HT, trailing blanks kept). A name that is not 1+ of Wireshark's token characters
//    (RFC 9110 tchar with a backslash instead of the apostrophe) is shown only as a line and
//    takes no part in framing.
//    The head ends at an empty line, or before the first line that has no ':' (that line then
//    starts the body or the next message).
//  - Names Wireshark knows (Field) get their own field; the others are http.unknown_header in a
//    notification, http.request.line / http.response.line otherwise (so an M-SEARCH's ST and an
//    SSDP 200 OK's ST/USN are *not* http.unknown_header; a NOTIFY's NT/NTS/USN/OPT are).
//  - Body (packet-http.c "datalen"): a valid Content-Length (the last one; g_ascii_strtoll, >= 0,
//    followed by the end or white space) applies only when no Transfer-Encoding header was seen;
//    then min(length, bytes present). Otherwise requests have no body unless Transfer-Encoding
//    is present, responses 1xx/204/304 have none, and everything else runs to the end of the
//    buffer. "chunked" is recognised case-sensitively, as Wireshark's g_str_has_prefix does.
//  - Chunks: size = (guint32)strtol(line, 16), so "0x1A", " 1a", "-1", "zz" (= 0: the last
//    chunk) are all accepted as Wireshark accepts them; an empty or unterminated size line ends
//    the body; chunk data running past the buffer makes Wireshark throw (no http.file_data, and
//    no later message in the buffer): BodyExtent::aborted.
//  - Decoding: transfer codings compress/deflate/gzip are not decoded (no http.file_data);
//    Content-Encoding (the last one, compared whole and case-insensitively) "identity" is
//    plain, gzip/x-gzip/deflate/x-deflate are inflated by tvb_uncompress's recipe: zlib first,
//    then for 1f 8b data Wireshark's own gzip header skip (FEXTRA/FNAME/FCOMMENT, not FHCRC)
//    and raw deflate, else raw deflate; stop at the first stream end (gzip trailer unchecked);
//    a stream that ends early keeps what was inflated; a corrupt one keeps whole output passes
//    of clamp(2 x compressed, 32 KiB, 10 MiB) bytes, and with none falls back as Wireshark does;
//    any other coding gives no http.file_data.
//
// Deliberate differences (each a documented limitation, see also the glue):
//  - Views are raw bytes. Wireshark's strings turn bytes >= 0x80 into U+FFFD and stop at NUL
//    (header values, URI), and http.unknown_header is format_text() of the whole line with its
//    terminator ("NT: upnp:rootdevice\r\n" with the CR LF escaped); the glue applies those
//    (discovery::ws_ascii_value, discovery::ws_format_text) rather than this module copying them.
//  - Only the first cap bytes are inflated: a corrupt stream whose error lies after them but in
//    Wireshark's first output pass (>= 32 KiB) loses http.file_data in Wireshark, not here.
//  - Content-Encoding "br": Wireshark 4.0 (built with brotli) decodes it; this module reports
//    Coding::Brotli, Unsupported, no file_data.
//  - A later head line that looks like a start line is skipped (Head::extra_start_line);
//    Wireshark re-dissects it as one and adopts its type for the rest of the message.
//  - Policy caps Wireshark does not have: kMaxHeaders, kMaxHeadLen, kMaxMessages, kMaxBodyCap.
//  - No conversation state: responses to HEAD requests read a body like any other response (as
//    Wireshark does on bytes it has been handed), CONNECT/Upgrade switches are the glue's, and
//    data that is not a message (Wireshark's "Continuation") ends the iteration.
#pragma once

#include "byteview.h" // ParseStatus

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace huntpack::http {

// Policy caps (RFC 9112 §2.3 leaves header limits to the recipient; Wireshark has none).
inline constexpr size_t kMaxHeaders = 100;        // header lines kept per head
inline constexpr size_t kTypicalHeaders = 16;     // room parse_head makes at once (a browser head has 10-15)
inline constexpr size_t kMaxHeadLen = 64 * 1024;  // bytes searched for the end of a head
inline constexpr size_t kMaxMessages = 64;        // messages MessageIterator yields per buffer
inline constexpr size_t kMaxBodyCap = 1u << 20;   // body_prefix never returns more than this
// tvb_uncompress's output pass: clamp(2 x compressed length, TVB_Z_MIN_BUFSIZ, TVB_Z_MAX_BUFSIZ).
inline constexpr size_t kInflatePassMin = 32768;
inline constexpr size_t kInflatePassMax = 10u * 1048576;

enum class Kind : uint8_t {
    None,         // not an HTTP start line
    Request,      // http.request
    Response,     // http.response ("HTTP/..." or "ICY ...")
    Notification, // http.notification: NOTIFY, SUBSCRIBE, UNSUBSCRIBE
};

// The header names packet-http.c registers fields for (its `headers[]` table), matched
// case-insensitively on the whole name.
enum class Field : uint8_t {
    Unknown,
    Authorization, ProxyAuthorization, ProxyAuthenticate, WwwAuthenticate, ContentType,
    ContentLength, ContentEncoding, TransferEncoding, Upgrade, UserAgent, Host, Connection,
    Cookie, Accept, Referer, AcceptLanguage, AcceptEncoding, Date, CacheControl, Server,
    Location, SecWebSocketAccept, SecWebSocketExtensions, SecWebSocketKey,
    SecWebSocketProtocol, SecWebSocketVersion, SetCookie, LastModified, XForwardedFor,
    Http2Settings,
};
// The Wireshark field abbreviation ("http.host", "http.content_length_header"); "" for Unknown.
const char *field_abbrev(Field f);
// Field for a header name (case-insensitive), Unknown if Wireshark has none.
Field field_for_name(std::string_view name);

struct Header {
    std::string_view line;  // the whole line, terminator included
    std::string_view name;  // bytes before the first ':'
    std::string_view value; // after the ':' and any SP/HT, to the line end
    Field field = Field::Unknown; // Unknown also when !valid_name
    bool valid_name = false;      // Wireshark shows the line only, and ignores it, when false
};

struct Head {
    Kind kind = Kind::None;
    std::string_view start_line; // without its terminator
    // Request and Notification: method, uri (possibly empty: "GET  HTTP/1.1"), version (the
    // rest of the line). Response: version, reason (possibly empty), status.
    std::string_view method, uri, version, reason;
    // The first 3 characters of the second token as strtoul reads them ("2xx" is 2). When that
    // token is shorter than 3, has_status is false and Wireshark shows no http.response.code.
    unsigned status = 0;
    bool has_status = false;
    bool leading_crlf = false;     // one CRLF before the start line was skipped
    bool extra_start_line = false; // a later line looked like a start line and was skipped
    // The head ends in an unterminated line without ':' (Truncated): Wireshark throws there, so
    // it shows the start line and the headers but not http.request/response/notification.
    bool aborted = false;
    std::vector<Header> headers;   // in wire order, at most kMaxHeaders
    size_t head_len = 0;           // bytes from the input's start through the head's end

    // First header with a valid name equal (case-insensitively) to `name`; nullptr if none.
    const Header *find(std::string_view name) const;
    const Header *find(Field f) const;
    // Its value, or an empty view when absent (use find() to tell absent from empty).
    std::string_view get(std::string_view name) const;
    // Whether Wireshark shows this header as http.unknown_header (its value is the whole line,
    // format_text applied).
    bool is_unknown_header(const Header &h) const;
};

// A head at the start of `data`: start line, header lines, empty line.
//  Ok          complete; head_len covers the empty line.
//  Truncated   the data ends before the empty line (or inside the start line); `out` holds every
//              line Wireshark would show when dissecting these bytes as they are (the last may
//              be unterminated, e.g. an SSDP sender that omits the empty line); head_len is the
//              whole input; see Head::aborted. Over TCP Wireshark would first wait for more data.
//  Malformed   a line without ':' ended the head; head_len stops before that line.
//  Unsupported not a start line Wireshark recognises (out.kind None), or more than kMaxHeaders
//              header lines / kMaxHeadLen bytes (out holds what was read).
ParseStatus parse_head(std::string_view data, Head &out);

// packet-http.c (dissect_http_message) on a payload of a conversation where HTTP has not yet
// dissected a request (its "have_seen_http" is false): true when HTTP adds its protocol item for
// it, i.e. when its first line (after one leading CRLF, in a payload of more than 3 bytes) is a
// start line (Kind other than None) or starts like a header: printable token characters up to
// a ':'. For any other payload HTTP returns without adding anything; without a protocol tree its
// layer stays in pinfo->layers, with one Wireshark removes it (the breakdown reads this).
bool claims_unseen_payload(std::string_view payload);

enum class Framing : uint8_t {
    None,    // no body (request without length, 1xx/204/304 without length, no bytes present)
    Length,  // Content-Length
    Chunked, // Transfer-Encoding with "chunked"
    ToEnd,   // to the end of the buffer (responses and notifications without length)
};

struct BodyExtent {
    Framing framing = Framing::None;
    size_t length = 0;     // bytes after the head that belong to this message
    bool complete = false; // Length: all declared bytes present; Chunked: last chunk and final
                           // CRLF present; None: true; ToEnd: false (the connection ends it)
    bool aborted = false;  // chunk data runs past the buffer: Wireshark throws here
};

// Where the body of the message with head `h` ends in `after_head` (the bytes after the head).
BodyExtent body_extent(const Head &h, std::string_view after_head);

enum class Coding : uint8_t {
    Identity,        // no Content-Encoding, or "identity"
    Zlib,            // gzip, x-gzip, deflate, x-deflate (Wireshark tries all three formats)
    Brotli,          // br: not decoded here (Wireshark 4.0 does)
    Other,           // any other content coding: Wireshark shows no file_data
    TransferCoded,   // Transfer-Encoding compress/deflate/gzip: not decoded by Wireshark either
};

struct BodyPrefix {
    Framing framing = Framing::None;
    Coding coding = Coding::Identity;
    bool file_data = false; // Wireshark adds http.file_data (possibly 0 bytes long)
    bool capped = false;    // the decoded body may go on past `data`
    size_t consumed = 0;    // = body_extent().length: where the next message starts
    std::string data;       // the first <= cap bytes of http.file_data's bytes
};

// The start of the decoded body (de-chunked, then inflated) as http.file_data holds it; cap is
// clamped to kMaxBodyCap and inflating stops at cap output bytes (a zip bomb costs cap bytes of
// output and at most one pass over its input per attempt, three at most).
//  Ok          decoded without a problem (out.capped tells whether it goes on)
//  Truncated   Content-Length or chunks or the compressed stream end early (file_data as
//              Wireshark: kept, except for chunk data past the buffer, which aborts)
//  Malformed   a chunk-size line or chunk end violates RFC 9112 §7.1 (Wireshark copes: file_data
//              kept), or inflating failed (file_data only if a whole pass survived)
//  Unsupported the coding is not decoded (Coding::Brotli, Other, TransferCoded): no file_data
// The last problem found wins (framing first, then coding).
ParseStatus body_prefix(const Head &h, std::string_view after_head, size_t cap, BodyPrefix &out);

// One message of a buffer.
struct Message {
    size_t offset = 0; // of the message (leading CRLF included) in the buffer
    ParseStatus head_status = ParseStatus::Unsupported;
    Head head;
    BodyExtent body;
    std::string_view body_bytes; // the raw (still chunked / encoded) body; pass the bytes after
                                 // the head, buffer.substr(offset + head.head_len), to body_prefix
    size_t length() const { return head.head_len + body.length; }
};

// Pipelined messages, as dissect_http_on_stream walks them: each starts where the previous
// head + body ended. Stops after kMaxMessages, at the end of the data, at bytes that are not a
// start line (Unsupported: Wireshark's "Continuation"), after a Truncated head and after an
// aborted chunked body. Every yielded message has length() >= 1. Over TCP only: Wireshark's
// SSDP dissector reads just the first message of a datagram (call parse_head/body_prefix once).
class MessageIterator {
public:
    explicit MessageIterator(std::string_view data) : data_(data) {}
    bool next(Message &m);
    size_t offset() const { return pos_; } // where the next message would start
    size_t count() const { return count_; }

private:
    std::string_view data_;
    size_t pos_ = 0;
    size_t count_ = 0;
    bool stopped_ = false;
};

} // namespace huntpack::http
