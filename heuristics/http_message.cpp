// SPDX-License-Identifier: GPL-2.0-or-later
// HTTP/1.x heads and the message walk the way Wireshark 4.0 shows them (bodies: http_body.cpp);
// the rules, references and limitations are in http_message.h.
#include "http_message.h"

#include "app_content.h"
#include "http_text.h"

#include <algorithm>
#include <cstring>

namespace huntpack::http {
namespace {
using namespace detail;

// Space-delimited token (get_token_len in epan/strutil.c): up to SP, CR, LF or the end; `next`
// is after the token and the blanks that follow it.
std::string_view token(std::string_view line, size_t pos, size_t &next) {
    size_t e = pos;
    while (e < line.size() && line[e] != ' ' && line[e] != '\r' && line[e] != '\n')
        ++e;
    next = e;
    while (next < line.size() && line[next] == ' ')
        ++next;
    return line.substr(pos, e - pos);
}

// ---- start lines (is_http_request_or_reply, basic_*_dissector) --------------------------

struct Method {
    std::string_view name;
    Kind kind;
};
constexpr Method kMethods[] = {
    {"GET", Kind::Request}, {"PUT", Kind::Request}, {"COPY", Kind::Request},
    {"HEAD", Kind::Request}, {"LOCK", Kind::Request}, {"MOVE", Kind::Request},
    {"POLL", Kind::Request}, {"POST", Kind::Request}, {"BCOPY", Kind::Request},
    {"BMOVE", Kind::Request}, {"MKCOL", Kind::Request}, {"TRACE", Kind::Request},
    {"PATCH", Kind::Request}, {"LABEL", Kind::Request}, {"MERGE", Kind::Request},
    {"DELETE", Kind::Request}, {"SEARCH", Kind::Request}, {"UNLOCK", Kind::Request},
    {"REPORT", Kind::Request}, {"UPDATE", Kind::Request}, {"NOTIFY", Kind::Notification},
    {"BDELETE", Kind::Request}, {"CONNECT", Kind::Request}, {"OPTIONS", Kind::Request},
    {"CHECKIN", Kind::Request}, {"PROPFIND", Kind::Request}, {"CHECKOUT", Kind::Request},
    {"CCM_POST", Kind::Request}, {"SUBSCRIBE", Kind::Notification},
    {"PROPPATCH", Kind::Request}, {"BPROPFIND", Kind::Request}, {"BPROPPATCH", Kind::Request},
    {"UNCHECKOUT", Kind::Request}, {"MKACTIVITY", Kind::Request},
    {"MKWORKSPACE", Kind::Request}, {"RPC_CONNECT", Kind::Request},
    {"RPC_IN_DATA", Kind::Request}, {"UNSUBSCRIBE", Kind::Notification},
    {"RPC_OUT_DATA", Kind::Request}, {"VERSION-CONTROL", Kind::Request},
    {"BASELINE-CONTROL", Kind::Request}, {"SSTP_DUPLEX_POST", Kind::Request},
};
static_assert(sizeof kMethods / sizeof kMethods[0] == 42, "packet-http.c knows 42 methods");

constexpr bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// Every method is 3 to 16 characters long and starts and ends with a capital letter: a token
// that does not (a header line's "Host:", say) needs no compare with the 42 names. Header
// lines outnumber start lines ten to one, and each was compared with every method.
constexpr size_t kMethodMin = 3, kMethodMax = 16;
constexpr bool method_shape(std::string_view t) {
    return t.size() >= kMethodMin && t.size() <= kMethodMax && is_upper(t.front()) && is_upper(t.back());
}
constexpr bool all_methods_shaped() {
    for (const Method &m : kMethods)
        if (!method_shape(m.name))
            return false;
    return true;
}
static_assert(all_methods_shaped(), "method_shape must hold for every method");

Kind classify(std::string_view line) {
    if (starts_with(line, "M-")) // RFC 2774 mandatory-extension prefix
        line.remove_prefix(2);
    if (starts_with(line, "HTTP/") || starts_with(line, "ICY"))
        return Kind::Response;
    const std::string_view method = line.substr(0, line.find(' '));
    if (!method_shape(method))
        return Kind::None;
    for (const Method &m : kMethods)
        if (method == m.name)
            return m.kind;
    return Kind::None;
}

// strtoul(s, NULL, 10) of a 3-character string, truncated to guint as Wireshark stores it.
unsigned strtoul3(std::string_view s) {
    bool neg;
    size_t i = skip_blanks_and_sign(s, &neg);
    unsigned long v = 0;
    for (; i < s.size() && is_digit(s[i]); ++i)
        v = v * 10 + static_cast<unsigned long>(s[i] - '0');
    return static_cast<unsigned>(neg ? 0ul - v : v);
}

void parse_start_line(std::string_view line, Head &h) {
    h.start_line = line;
    size_t p = 0;
    if (h.kind == Kind::Response) {
        h.version = token(line, 0, p);
        size_t q = p;
        const std::string_view code = token(line, p, q);
        if (code.size() < 3)
            return;
        h.status = strtoul3(code.substr(0, 3));
        h.has_status = true;
        h.reason = line.substr(q);
        return;
    }
    h.method = token(line, 0, p);
    if (p > 2 && line[p - 1] == ' ' && line[p - 2] == ' ')
        --p; // two blanks after the method: an empty URI
    size_t q = p;
    h.uri = token(line, p, q);
    h.version = line.substr(q);
}

// ---- header names -------------------------------------------------------------------------

struct FieldName {
    Field field;
    std::string_view name;
    const char *abbrev;
};
constexpr FieldName kFields[] = {
    {Field::Authorization, "Authorization", "http.authorization"},
    {Field::ProxyAuthorization, "Proxy-Authorization", "http.proxy_authorization"},
    {Field::ProxyAuthenticate, "Proxy-Authenticate", "http.proxy_authenticate"},
    {Field::WwwAuthenticate, "WWW-Authenticate", "http.www_authenticate"},
    {Field::ContentType, "Content-Type", "http.content_type"},
    {Field::ContentLength, "Content-Length", "http.content_length_header"},
    {Field::ContentEncoding, "Content-Encoding", "http.content_encoding"},
    {Field::TransferEncoding, "Transfer-Encoding", "http.transfer_encoding"},
    {Field::Upgrade, "Upgrade", "http.upgrade"},
    {Field::UserAgent, "User-Agent", "http.user_agent"},
    {Field::Host, "Host", "http.host"},
    {Field::Connection, "Connection", "http.connection"},
    {Field::Cookie, "Cookie", "http.cookie"},
    {Field::Accept, "Accept", "http.accept"},
    {Field::Referer, "Referer", "http.referer"},
    {Field::AcceptLanguage, "Accept-Language", "http.accept_language"},
    {Field::AcceptEncoding, "Accept-Encoding", "http.accept_encoding"},
    {Field::Date, "Date", "http.date"},
    {Field::CacheControl, "Cache-Control", "http.cache_control"},
    {Field::Server, "Server", "http.server"},
    {Field::Location, "Location", "http.location"},
    {Field::SecWebSocketAccept, "Sec-WebSocket-Accept", "http.sec_websocket_accept"},
    {Field::SecWebSocketExtensions, "Sec-WebSocket-Extensions", "http.sec_websocket_extensions"},
    {Field::SecWebSocketKey, "Sec-WebSocket-Key", "http.sec_websocket_key"},
    {Field::SecWebSocketProtocol, "Sec-WebSocket-Protocol", "http.sec_websocket_protocol"},
    {Field::SecWebSocketVersion, "Sec-WebSocket-Version", "http.sec_websocket_version"},
    {Field::SetCookie, "Set-Cookie", "http.set_cookie"},
    {Field::LastModified, "Last-Modified", "http.last_modified"},
    {Field::XForwardedFor, "X-Forwarded-For", "http.x_forwarded_for"},
    {Field::Http2Settings, "HTTP2-Settings", "http.http2_settings"},
};

Header make_header(std::string_view line_with_end, size_t len, size_t colon) {
    Header h;
    h.line = line_with_end;
    h.name = line_with_end.substr(0, colon);
    size_t v = colon + 1;
    while (v < len && (line_with_end[v] == ' ' || line_with_end[v] == '\t'))
        ++v;
    h.value = line_with_end.substr(v, len - v);
    h.valid_name = !h.name.empty();
    for (const char c : h.name)
        h.valid_name = h.valid_name && is_ws_token_char(static_cast<unsigned char>(c));
    if (h.valid_name)
        h.field = field_for_name(h.name);
    return h;
}

} // namespace

// ---- public API --------------------------------------------------------------------------

const char *field_abbrev(Field f) {
    for (const FieldName &n : kFields)
        if (n.field == f)
            return n.abbrev;
    return "";
}

Field field_for_name(std::string_view name) {
    for (const FieldName &n : kFields)
        if (iequals(name, n.name))
            return n.field;
    return Field::Unknown;
}

const Header *Head::find(std::string_view name) const {
    for (const Header &h : headers)
        if (h.valid_name && iequals(h.name, name))
            return &h;
    return nullptr;
}

const Header *Head::find(Field f) const {
    if (f == Field::Unknown)
        return nullptr;
    for (const Header &h : headers)
        if (h.field == f)
            return &h;
    return nullptr;
}

std::string_view Head::get(std::string_view name) const {
    const Header *h = find(name);
    return h ? h->value : std::string_view{};
}

bool Head::is_unknown_header(const Header &h) const {
    return kind == Kind::Notification && h.field == Field::Unknown;
}

ParseStatus parse_head(std::string_view data, Head &out) {
    out = Head{};
    size_t pos = 0;
    if (data.size() > 3 && data[0] == '\r' && data[1] == '\n') {
        out.leading_crlf = true;
        pos = 2;
    }
    const size_t lim = std::min(data.size(), pos + kMaxHeadLen);
    Line l = line_at(data, pos, lim);
    if (!l.ended && lim < data.size())
        return ParseStatus::Unsupported; // no start line within kMaxHeadLen
    const std::string_view first = data.substr(pos, l.len);
    out.kind = classify(first);
    if (out.kind == Kind::None)
        return ParseStatus::Unsupported;
    out.headers.reserve(kTypicalHeaders); // a head: one allocation, not one per doubling
    parse_start_line(first, out);
    pos = l.next;
    while (pos < data.size()) {
        l = line_at(data, pos, lim);
        if (!l.ended && lim < data.size()) {
            out.head_len = pos;
            return ParseStatus::Unsupported; // head longer than kMaxHeadLen
        }
        const std::string_view text = data.substr(pos, l.len);
        if (classify(text) != Kind::None) {
            out.extra_start_line = true;
        } else if (l.len == 0) {
            out.head_len = l.next;
            return ParseStatus::Ok;
        } else {
            const size_t colon = text.find(':');
            if (colon == npos) {
                if (l.ended) {
                    out.head_len = pos;
                    return ParseStatus::Malformed;
                }
                out.aborted = true; // tvb_ensure_bytes_exist past the end: an incomplete line
                out.head_len = data.size();
                return ParseStatus::Truncated;
            }
            if (out.headers.size() == kMaxHeaders) {
                out.head_len = pos;
                return ParseStatus::Unsupported;
            }
            out.headers.push_back(make_header(data.substr(pos, l.next - pos), l.len, colon));
        }
        pos = l.next;
    }
    out.head_len = data.size();
    return ParseStatus::Truncated;
}

bool claims_unseen_payload(std::string_view d) {
    if (d.size() > 3 && d[0] == '\r' && d[1] == '\n')
        d.remove_prefix(2);
    const auto printable = [](char c) { return c >= 0x20 && c <= 0x7e; }; // g_ascii_isprint
    if (d.empty() || !printable(d[0]))
        return false; // "binary data": HTTP marks it only on a conversation it has seen
    const Line l = line_at(d, 0, d.size());
    if (classify(d.substr(0, l.len)) != Kind::None)
        return true;
    // The first line as a header: up to ':' with no separator or control character first. The
    // first character is printable, so the line is not blank.
    for (const char c : d.substr(0, l.len)) {
        if (!printable(c) || std::strchr("()<>@,;\\\"/[]?={} ", c))
            return false;
        if (c == ':')
            return true;
    }
    return false;
}

bool MessageIterator::next(Message &m) {
    if (stopped_ || pos_ >= data_.size() || count_ >= kMaxMessages)
        return false;
    m = Message{};
    m.offset = pos_;
    const std::string_view rest = data_.substr(pos_);
    m.head_status = parse_head(rest, m.head);
    if (m.head_status == ParseStatus::Unsupported || m.head.head_len == 0) {
        stopped_ = true;
        return false;
    }
    const std::string_view after = rest.substr(m.head.head_len);
    m.body = body_extent(m.head, after);
    m.body_bytes = after.substr(0, m.body.length);
    pos_ += m.length();
    ++count_;
    if (m.head_status == ParseStatus::Truncated || m.body.aborted)
        stopped_ = true;
    return true;
}

} // namespace huntpack::http
