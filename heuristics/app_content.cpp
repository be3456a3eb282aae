// SPDX-License-Identifier: GPL-2.0-or-later
// Application-protocol recognition from a payload's first line; rules in app_content.h.
#include "app_content.h"

#include <cctype>
#include <cstring>
#include <string_view>

namespace huntpack::content {
namespace {

// Length of the first line without its CRLF (or LF), or SIZE_MAX when no line end is found
// within kMaxLineLen bytes.
size_t line_length(const uint8_t *p, size_t n) {
    const size_t lim = n < kMaxLineLen ? n : kMaxLineLen;
    for (size_t i = 0; i < lim; ++i) {
        if (p[i] == '\n')
            return (i > 0 && p[i - 1] == '\r') ? i - 1 : i;
    }
    return SIZE_MAX;
}

bool is_tchar(uint8_t c) { // RFC 9110 §5.6.2 token characters
    if (c >= '0' && c <= '9')
        return true;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
        return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != 0;
}

bool starts_with(const uint8_t *p, size_t n, std::string_view s) {
    return n >= s.size() && std::memcmp(p, s.data(), s.size()) == 0;
}

bool http_version_at(const uint8_t *p, size_t n) { // "HTTP/1.0" or "HTTP/1.1"
    return n >= 8 && starts_with(p, n, "HTTP/1.") && (p[7] == '0' || p[7] == '1');
}

constexpr std::string_view kMethods[] = {
    "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "CONNECT", "TRACE", "PATCH",
    "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH", "NOTIFY",
    "M-SEARCH", "SUBSCRIBE", "UNSUBSCRIBE", "REPORT"};

} // namespace

const char *app_name(App a) {
    switch (a) {
    case App::Http: return "http";
    case App::Tls: return "tls";
    case App::Http2: return "http2";
    case App::Ssh: return "ssh";
    case App::None: break;
    }
    return "";
}

const char *evidence_name(Evidence e) {
    switch (e) {
    case Evidence::HttpRequestLine: return "http-request-line";
    case Evidence::HttpStatusLine: return "http-status-line";
    case Evidence::HttpChunkLine: return "http-chunk-line";
    case Evidence::HttpHeaderLine: return "http-header-line";
    case Evidence::Http2Preface: return "http2-preface";
    case Evidence::SshBanner: return "ssh-banner";
    case Evidence::TlsRecords: return "tls-records";
    case Evidence::None: break;
    }
    return "";
}

// METHOD SP request-target SP HTTP-version (RFC 9112 §3)
bool is_http_request_line(const uint8_t *p, size_t n) {
    if (!p)
        return false;
    const size_t len = line_length(p, n);
    if (len == SIZE_MAX || len < 14)
        return false;
    size_t m = 0;
    for (const auto &method : kMethods) {
        if (len > method.size() && starts_with(p, len, method) && p[method.size()] == ' ') {
            m = method.size();
            break;
        }
    }
    if (m == 0)
        return false;
    const size_t target = m + 1;
    if (target >= len || p[target] == ' ')
        return false;
    // The version closes the line: "... SP HTTP/1.x"
    if (len < target + 10 || p[len - 9] != ' ')
        return false;
    for (size_t i = target; i < len - 9; ++i)
        if (p[i] < 0x21 || p[i] == 0x7f) // request-target has no spaces or controls
            return false;
    return http_version_at(p + len - 8, 8);
}

// HTTP-version SP 3DIGIT SP [reason] (RFC 9112 §4)
bool is_http_status_line(const uint8_t *p, size_t n) {
    if (!p)
        return false;
    const size_t len = line_length(p, n);
    if (len == SIZE_MAX || len < 12 || !http_version_at(p, len) || p[8] != ' ')
        return false;
    for (size_t i = 9; i < 12; ++i)
        if (p[i] < '0' || p[i] > '9')
            return false;
    return p[9] >= '1' && p[9] <= '5' && (len == 12 || p[12] == ' ');
}

// chunk-size [ chunk-ext ] CRLF, chunk-size = 1*HEXDIG (RFC 9112 §7.1); at most 16 digits,
// and the line must end with CRLF (bare LF is too weak on its own here).
bool is_http_chunk_line(const uint8_t *p, size_t n) {
    if (!p)
        return false;
    const size_t len = line_length(p, n);
    if (len == SIZE_MAX || len == 0 || len + 2 > n || p[len] != '\r')
        return false;
    size_t i = 0;
    while (i < len && i < 17 && std::isxdigit(p[i]))
        ++i;
    if (i == 0 || i > 16)
        return false;
    if (i == len)
        return true;
    if (p[i] != ';')
        return false;
    for (++i; i < len; ++i)
        if (p[i] < 0x20 && p[i] != '\t')
            return false;
    return true;
}

// field-name ":" OWS field-value CRLF (RFC 9112 §5)
bool is_http_header_line(const uint8_t *p, size_t n) {
    if (!p)
        return false;
    const size_t len = line_length(p, n);
    if (len == SIZE_MAX || len < 3 || len + 2 > n || p[len] != '\r')
        return false;
    size_t i = 0;
    while (i < len && is_tchar(p[i]))
        ++i;
    if (i == 0 || i >= len || p[i] != ':')
        return false;
    for (++i; i < len; ++i)
        if ((p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7f)
            return false;
    return true;
}

Verdict detect_cleartext(const uint8_t *p, size_t n) {
    if (!p || n == 0)
        return {};
    if (starts_with(p, n, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"))
        return {App::Http2, Evidence::Http2Preface};
    if (starts_with(p, n, "SSH-2.0-") || starts_with(p, n, "SSH-1.99-"))
        return {App::Ssh, Evidence::SshBanner};
    if (is_http_request_line(p, n))
        return {App::Http, Evidence::HttpRequestLine};
    if (is_http_status_line(p, n))
        return {App::Http, Evidence::HttpStatusLine};
    if (is_http_chunk_line(p, n))
        return {App::Http, Evidence::HttpChunkLine};
    if (is_http_header_line(p, n))
        return {App::Http, Evidence::HttpHeaderLine};
    return {};
}

} // namespace huntpack::content
