// SPDX-License-Identifier: GPL-2.0-or-later
// Recognise an application protocol from one TCP payload's own bytes: HTTP/1.x request,
// status, chunk-size and header lines (RFC 9112 §3, §4, §7.1, §5), the HTTP/2 connection
// preface (RFC 9113 §3.4), SSH banners (RFC 4253 §4.2), and TLS records (tls_records.h).
// Limitations: only the start of the payload is examined for HTTP; bodies are not recognised
// (they get their label from the flow).
#pragma once

#include <cstddef>
#include <cstdint>

namespace huntpack::content {

enum class App : uint8_t { None, Http, Tls, Http2, Ssh };
const char *app_name(App a); // "http", "tls", "http2", "ssh", "" for None

enum class Evidence : uint8_t {
    None,
    HttpRequestLine,
    HttpStatusLine,
    HttpChunkLine,
    HttpHeaderLine,
    Http2Preface,
    SshBanner,
    TlsRecords,
};
const char *evidence_name(Evidence e);

struct Verdict {
    App app = App::None;
    Evidence evidence = Evidence::None;
};

// Longest first line examined (RFC 9112 §3 recommends supporting at least 8000 octets).
inline constexpr size_t kMaxLineLen = 8192;

// HTTP/1.x, HTTP/2 preface and SSH only (TLS needs record tracking: see tls_records.h).
Verdict detect_cleartext(const uint8_t *p, size_t n);

bool is_http_request_line(const uint8_t *p, size_t n);
bool is_http_status_line(const uint8_t *p, size_t n);
bool is_http_chunk_line(const uint8_t *p, size_t n);
bool is_http_header_line(const uint8_t *p, size_t n);

} // namespace huntpack::content
