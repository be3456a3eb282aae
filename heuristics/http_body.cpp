// SPDX-License-Identifier: GPL-2.0-or-later
// HTTP/1.x bodies the way Wireshark 4.0 shows them: framing (Content-Length, Transfer-Encoding),
// chunked coding and content decoding (gzip/deflate with zlib); the rules, references and
// limitations are in http_message.h. Heads are parsed in http_message.cpp.
#include "http_message.h"

#include "app_content.h"
#include "http_text.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace huntpack::http {
namespace {
using namespace detail;

// ---- framing (the headers_t fields dissect_http_message fills) ----------------------------

enum class Te : uint8_t { None, Unknown, Compress, Deflate, Gzip, Identity };

struct Framed {
    bool have_length = false;
    uint64_t length = 0;
    Te te = Te::None;
    bool chunked = false;
    bool have_encoding = false;
    std::string_view encoding; // until its first NUL, as wmem_strndup copies it
};

// g_ascii_strtoll(value, &end, 10) and the checks process_header applies to Content-Length.
bool parse_content_length(std::string_view v, uint64_t &out) {
    v = until_nul(v);
    bool neg;
    size_t i = skip_blanks_and_sign(v, &neg);
    const size_t digits = i;
    uint64_t n = 0;
    bool range = false;
    constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    for (; i < v.size() && is_digit(v[i]); ++i) {
        const uint64_t d = static_cast<uint64_t>(v[i] - '0');
        if (n > (kMax - d) / 10)
            range = true; // ERANGE (for negatives too: only "-0" survives the sign check)
        else
            n = n * 10 + d;
    }
    if (i == digits || range || (neg && n != 0))
        return false;
    if (i < v.size() && !is_space(v[i]))
        return false;
    out = n;
    return true;
}

// http_parse_transfer_coding(): case-sensitive prefixes; each header starts from "unknown".
void parse_transfer_coding(std::string_view v, Framed &f) {
    v = until_nul(v);
    f.te = Te::Unknown;
    size_t i = 0;
    while (i < v.size()) {
        while (i < v.size() && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
            ++i;
        if (i >= v.size())
            break;
        const std::string_view rest = v.substr(i);
        if (starts_with(rest, "chunked")) {
            f.chunked = true;
            i += 7;
            continue;
        }
        if (f.te != Te::Unknown)
            break;
        static constexpr struct {
            std::string_view name;
            Te te;
        } kCodings[] = {{"compress", Te::Compress}, {"deflate", Te::Deflate},
                        {"gzip", Te::Gzip},         {"identity", Te::Identity},
                        {"x-compress", Te::Compress}, {"x-gzip", Te::Gzip}};
        bool known = false;
        for (const auto &k : kCodings) {
            if (starts_with(rest, k.name)) {
                f.te = k.te;
                i += k.name.size();
                known = true;
                break;
            }
        }
        if (!known) {
            const size_t comma = v.find(',', i);
            if (comma == npos)
                break;
            i = comma;
        }
    }
}

Framed framing_of(const Head &h) {
    Framed f;
    for (const Header &hd : h.headers) {
        switch (hd.field) {
        case Field::ContentLength:
            f.have_length = parse_content_length(hd.value, f.length);
            break;
        case Field::TransferEncoding:
            parse_transfer_coding(hd.value, f);
            break;
        case Field::ContentEncoding:
            f.have_encoding = true;
            f.encoding = until_nul(hd.value);
            break;
        default:
            break;
        }
    }
    return f;
}

// ---- chunked coding (chunked_encoding_dissector) ------------------------------------------

// (guint32)strtol(line, NULL, 16): blanks, a sign, an optional 0x, hex digits; overflow
// saturates at LONG_MAX / LONG_MIN before the cast.
uint32_t ws_chunk_size(std::string_view s) {
    bool neg;
    size_t i = skip_blanks_and_sign(s, &neg);
    if (i + 2 < s.size() && s[i] == '0' && lower(s[i + 1]) == 'x' && hex_value(s[i + 2]) >= 0)
        i += 2;
    constexpr uint64_t kLongMax = static_cast<uint64_t>(std::numeric_limits<long>::max());
    uint64_t v = 0;
    bool over = false;
    for (; i < s.size() && hex_value(s[i]) >= 0; ++i) {
        if (v > (kLongMax >> 4))
            over = true;
        else
            v = (v << 4) | static_cast<uint64_t>(hex_value(s[i]));
    }
    if (over || v > kLongMax) // LONG_MAX -> 0xffffffff; LONG_MIN -> 0
        return neg ? 0u : 0xffffffffu;
    return static_cast<uint32_t>(neg ? 0 - v : v);
}

// chunk-size = 1*HEXDIG (RFC 9112 §7.1) read without limit (saturating): differs from
// ws_chunk_size when Wireshark's 32-bit truncation changes the value.
uint64_t rfc_chunk_size(std::string_view s) {
    uint64_t v = 0;
    for (size_t i = 0; i < s.size() && hex_value(s[i]) >= 0; ++i)
        v = v > (UINT64_MAX >> 4) ? UINT64_MAX : (v << 4) | static_cast<uint64_t>(hex_value(s[i]));
    return v;
}

// Walks the chunks of a body one at a time, exactly as Wireshark's loop does.
class ChunkCursor {
public:
    explicit ChunkCursor(std::string_view body) : body_(body) {}

    // The next non-empty chunk's data; false at the end of the walk.
    bool next(std::string_view &chunk) {
        while (!done_) {
            if (off_ >= body_.size()) {
                done_ = true;
                break;
            }
            Line l;
            if (!complete_line_at(body_, off_, l) || l.len == 0) {
                done_ = true; // "Can't get the chunk size line"
                break;
            }
            const std::string_view text = body_.substr(off_, l.len);
            uint64_t size = ws_chunk_size(until_nul(text));
            if (!content::is_http_chunk_line(
                    reinterpret_cast<const uint8_t *>(body_.data()) + off_, body_.size() - off_) ||
                rfc_chunk_size(text) != size)
                rfc_violation_ = true;
            size = std::min<uint64_t>(size, body_.size() - off_);
            if (size > body_.size() - l.next) {
                aborted_ = done_ = true; // tvb_memcpy past the end throws
                break;
            }
            const size_t n = static_cast<size_t>(size);
            if (n == 0) {
                last_chunk_ = done_ = true;
                off_ = skip_trailer(l.next);
                break;
            }
            chunk = body_.substr(l.next, n);
            data_len_ += n;
            off_ = l.next + n;
            if (body_.substr(off_, 2) != "\r\n")
                rfc_violation_ = true;
            off_ += 2;
            return true;
        }
        return false;
    }

    size_t consumed() const { return std::min(off_, body_.size()); }
    size_t data_len() const { return data_len_; }
    bool aborted() const { return aborted_; }
    bool complete() const { return last_chunk_ && final_crlf_; }
    bool rfc_violation() const { return rfc_violation_; }

private:
    // trailer-part CRLF after the last chunk: whole lines up to an empty one.
    size_t skip_trailer(size_t t) {
        Line l;
        while (complete_line_at(body_, t, l)) {
            t = l.next;
            if (l.len == 0) {
                final_crlf_ = true;
                break;
            }
        }
        return t;
    }

    std::string_view body_;
    size_t off_ = 0;
    size_t data_len_ = 0;
    bool done_ = false, aborted_ = false, last_chunk_ = false, final_crlf_ = false;
    bool rfc_violation_ = false;
};

// The bytes content decoding sees: one span, or the data of each chunk.
class Payload {
public:
    Payload(std::string_view body, bool chunked) : body_(body), chunked_(chunked), chunks_(body) {}
    bool next(std::string_view &piece) {
        if (!chunked_) {
            if (done_ || body_.empty())
                return false;
            done_ = true;
            piece = body_;
            return true;
        }
        return chunks_.next(piece);
    }
    void restart() {
        done_ = false;
        chunks_ = ChunkCursor(body_);
    }

private:
    std::string_view body_;
    bool chunked_;
    bool done_ = false;
    ChunkCursor chunks_;
};

// Forward-only byte access into a Payload, for the gzip header.
class PayloadBytes {
public:
    explicit PayloadBytes(Payload &p) : p_(p) { p_.restart(); }
    int at(size_t pos) { // -1 past the end; pos never decreases
        while (pos >= base_ + piece_.size()) {
            base_ += piece_.size();
            if (!p_.next(piece_)) {
                piece_ = {};
                return -1;
            }
        }
        return static_cast<unsigned char>(piece_[pos - base_]);
    }

private:
    Payload &p_;
    std::string_view piece_;
    size_t base_ = 0;
};

// ---- content decoding (tvb_uncompress) -----------------------------------------------------

// The header skip tvb_uncompress applies to 1f 8b data; the offset of the deflate data, or npos.
size_t ws_gzip_header_len(Payload &p, size_t len) {
    PayloadBytes b(p);
    if (len < 10 || b.at(2) != Z_DEFLATED)
        return npos;
    const int flags = b.at(3);
    size_t c = 10;
    if (flags & 0x04) { // FEXTRA: xsize little-endian, read byte by byte
        size_t xsize = 0;
        if (c < len)
            xsize += static_cast<size_t>(b.at(c++));
        if (c < len)
            xsize += static_cast<size_t>(b.at(c++)) << 8;
        c += xsize;
    }
    for (const int flag : {0x08, 0x10}) { // FNAME, FCOMMENT: NUL-terminated
        if (!(flags & flag))
            continue;
        while (c < len && b.at(c) != 0)
            ++c;
        ++c;
    }
    return c > len ? npos : c;
}

enum class Run : uint8_t { StreamEnd, InputEnd, Capped, DataError, OtherError };

// One inflate attempt from payload offset `skip` with `wbits`, output into out[0, cap).
Run inflate_once(Payload &p, size_t skip, int wbits, std::string &out, size_t cap,
                 size_t &produced) {
    produced = 0;
    z_stream zs{};
    if (inflateInit2(&zs, wbits) != Z_OK)
        return Run::OtherError;
    p.restart();
    std::string_view cur; // the piece being fed; `fed` of its bytes are in zs
    size_t fed = 0;
    bool eof = false;
    Run r = Run::OtherError;
    for (;;) {
        if (zs.avail_in == 0 && !eof) {
            cur.remove_prefix(fed);
            fed = 0;
            while (cur.empty()) {
                if (!p.next(cur)) {
                    eof = true;
                    break;
                }
                const size_t s = std::min(skip, cur.size());
                cur.remove_prefix(s);
                skip -= s;
            }
            if (!eof) {
                fed = std::min<size_t>(cur.size(), 1u << 30);
                zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(cur.data()));
                zs.avail_in = static_cast<uInt>(fed);
            }
        }
        if (produced == cap) {
            r = Run::Capped;
            break;
        }
        zs.next_out = reinterpret_cast<Bytef *>(&out[produced]);
        zs.avail_out = static_cast<uInt>(cap - produced);
        const int err = inflate(&zs, Z_NO_FLUSH);
        produced = cap - zs.avail_out;
        if (err == Z_STREAM_END) {
            r = Run::StreamEnd;
            break;
        }
        if (err == Z_OK || (err == Z_BUF_ERROR && zs.avail_in == 0 && !eof))
            continue;
        if (err == Z_BUF_ERROR && zs.avail_in == 0) {
            r = Run::InputEnd;
            break;
        }
        r = err == Z_DATA_ERROR ? Run::DataError : Run::OtherError;
        break;
    }
    inflateEnd(&zs);
    return r;
}

// tvb_uncompress on `len` payload bytes, replayed up to cap output bytes.
ParseStatus ws_uncompress(Payload &p, size_t len, size_t cap, BodyPrefix &out) {
    if (len == 0)
        return ParseStatus::Malformed; // comprlen <= 0: no tvb
    const size_t pass = std::clamp(len > kInflatePassMax ? kInflatePassMax : 2 * len,
                                   kInflatePassMin, kInflatePassMax);
    out.data.assign(cap, '\0');
    int wbits = MAX_WBITS;
    size_t start = 0;
    int inits = 1;
    for (;;) {
        size_t produced = 0;
        const Run r = inflate_once(p, start, wbits, out.data, cap, produced);
        if (r == Run::StreamEnd || r == Run::Capped || (r == Run::InputEnd && produced > 0)) {
            out.data.resize(produced);
            out.file_data = true;
            out.capped = r == Run::Capped;
            return r == Run::InputEnd ? ParseStatus::Truncated : ParseStatus::Ok;
        }
        // An error (or no output at all): Wireshark keeps only whole passes.
        const size_t kept = produced / pass * pass;
        if (kept > 0) {
            out.data.resize(kept);
            out.file_data = true;
            return ParseStatus::Malformed;
        }
        if (r != Run::DataError)
            break;
        if (inits == 1 && len >= 2) {
            PayloadBytes b(p);
            if (b.at(0) == 0x1f && b.at(1) == 0x8b) {
                start = ws_gzip_header_len(p, len);
                if (start == npos)
                    break;
                ++inits; // zlib again, now on the deflate data
                continue;
            }
        }
        // Raw deflate (servers that omit the zlib header). Wireshark tries it up to twice on the
        // same bytes; the second try cannot differ, so it is not repeated.
        if (wbits < 0)
            break;
        wbits = -MAX_WBITS;
        ++inits;
    }
    out.data.clear();
    return ParseStatus::Malformed;
}

Coding coding_of(const Framed &f) {
    if (f.te == Te::Compress || f.te == Te::Deflate || f.te == Te::Gzip)
        return Coding::TransferCoded;
    if (!f.have_encoding || iequals(f.encoding, "identity"))
        return Coding::Identity;
    for (const std::string_view z : {"gzip", "deflate", "x-gzip", "x-deflate"})
        if (iequals(f.encoding, z))
            return Coding::Zlib;
    return iequals(f.encoding, "br") ? Coding::Brotli : Coding::Other;
}

// dissect_http_message's "datalen": the bytes offered to the body before chunk walking.
size_t offered_len(const Head &h, const Framed &f, size_t avail, Framing &framing) {
    if (f.have_length && f.te == Te::None) {
        framing = Framing::Length;
        return static_cast<size_t>(std::min<uint64_t>(f.length, avail));
    }
    const bool no_body =
        (h.kind == Kind::Request && f.te == Te::None) ||
        (h.kind == Kind::Response && (h.status / 100 == 1 || h.status == 204 || h.status == 304));
    if (no_body) {
        framing = Framing::None;
        return 0;
    }
    framing = f.chunked ? Framing::Chunked : Framing::ToEnd;
    return avail;
}

} // namespace

BodyExtent body_extent(const Head &h, std::string_view after_head) {
    BodyExtent e;
    if (h.kind == Kind::None)
        return e;
    const Framed f = framing_of(h);
    const size_t offered = offered_len(h, f, after_head.size(), e.framing);
    switch (e.framing) {
    case Framing::None:
        e.complete = true;
        break;
    case Framing::Length:
        e.length = offered;
        e.complete = f.length <= after_head.size();
        break;
    case Framing::ToEnd:
        e.length = offered;
        break;
    case Framing::Chunked: {
        if (offered == 0)
            break;
        ChunkCursor c(after_head);
        std::string_view chunk;
        while (c.next(chunk)) {
        }
        e.aborted = c.aborted();
        e.complete = c.complete();
        // Nothing de-chunked at all: Wireshark skips the whole rest as data.
        e.length = (c.aborted() || c.consumed() == 0) ? offered : c.consumed();
        break;
    }
    }
    return e;
}

ParseStatus body_prefix(const Head &h, std::string_view after_head, size_t cap, BodyPrefix &out) {
    out = BodyPrefix{};
    if (h.kind == Kind::None)
        return ParseStatus::Unsupported;
    cap = std::min(cap, kMaxBodyCap);
    const Framed f = framing_of(h);
    const size_t offered = offered_len(h, f, after_head.size(), out.framing);
    out.coding = coding_of(f);
    ParseStatus st = ParseStatus::Ok;
    if (out.framing == Framing::Length && f.length > after_head.size())
        st = ParseStatus::Truncated;
    if (offered == 0)
        return st; // datalen 0: no body, no http.file_data
    const std::string_view body = after_head.substr(0, offered);

    size_t payload_len = offered;
    out.consumed = offered;
    if (out.framing == Framing::Chunked) {
        ChunkCursor c(body);
        std::string_view chunk;
        while (c.next(chunk)) {
        }
        if (c.aborted())
            return ParseStatus::Truncated;
        if (c.consumed() == 0) { // no chunk-size line: Wireshark shows the rest as plain data
            Line l;
            return complete_line_at(body, 0, l) ? ParseStatus::Malformed : ParseStatus::Truncated;
        }
        out.consumed = c.consumed();
        payload_len = c.data_len();
        if (c.rfc_violation())
            st = ParseStatus::Malformed;
        else if (!c.complete())
            st = ParseStatus::Truncated;
    }
    if (out.coding != Coding::Identity && out.coding != Coding::Zlib)
        return ParseStatus::Unsupported;

    Payload payload(body.substr(0, out.consumed), out.framing == Framing::Chunked);
    if (out.coding == Coding::Zlib) {
        const ParseStatus z = ws_uncompress(payload, payload_len, cap, out);
        return z == ParseStatus::Ok ? st : z;
    }
    out.file_data = true;
    out.data.reserve(std::min(cap, payload_len));
    std::string_view piece;
    while (out.data.size() < cap && payload.next(piece))
        out.data.append(piece.substr(0, cap - out.data.size()));
    out.capped = payload_len > out.data.size();
    return st;
}

} // namespace huntpack::http
