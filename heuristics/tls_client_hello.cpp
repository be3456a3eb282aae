// SPDX-License-Identifier: GPL-2.0-or-later
// TLS ClientHello parser (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2) and record-layer extraction.
// See tls_client_hello.h for spec references and limitations.
#include "tls_client_hello.h"

#include <algorithm>
#include <bitset>
#include <memory>

namespace huntpack::tls {
namespace {

// Policy cap on stored QUIC transport parameters: Chrome sends ~20 (GREASE included).
// Beyond it the extension is flagged as bad instead of growing the result without bound.
constexpr size_t kMaxTransportParams = 64;

// Parsing context: where the message starts (for offsets) and whether a rule (not a bound)
// was broken. Bounds failures surface through ByteView's sticky failure.
struct Ctx {
    const uint8_t *base;
    bool rule_broken = false;

    uint32_t offset_of(const ByteView &v) const {
        return static_cast<uint32_t>(v.data() - base);
    }
    // A length-prefixed vector: an out-of-range declared length breaks a rule (Malformed
    // even if the input is short); a length past the end is a bounds failure.
    ByteView vec(ByteView &r, size_t prefix, size_t min_len, size_t max_len) {
        uint64_t n = r.read_be(prefix);
        if (r.failed())
            return ByteView(nullptr, 0).sub(1); // a failed view
        if (n < min_len || n > max_len) {
            rule_broken = true;
            r.set_failed();
        }
        return r.sub(static_cast<size_t>(n));
    }
};

bool read_u16_list(ByteView list, std::vector<uint16_t> &out) {
    if (list.failed() || list.remaining() % 2 != 0)
        return false;
    out.reserve(out.size() + list.remaining() / 2); // one allocation, not one per doubling
    while (!list.empty())
        out.push_back(list.read_u16());
    return list.done();
}

bool read_u8_list(ByteView list, std::vector<uint8_t> &out) {
    if (list.failed())
        return false;
    out.reserve(out.size() + list.remaining());
    while (!list.empty())
        out.push_back(list.read_u8());
    return list.done();
}

// RFC 6066 §3: ServerNameList<1..2^16-1> of {NameType u8, HostName<1..2^16-1>}.
bool parse_server_name(ByteView body, Ctx &ctx, ClientHello &ch) {
    ByteView list = ctx.vec(body, 2, 1, 0xffff);
    bool found = false;
    while (list.ok() && !list.empty()) {
        uint8_t name_type = list.read_u8();
        ByteView name = ctx.vec(list, 2, 1, 0xffff);
        if (name.ok() && name_type == 0 && !found) {
            ch.sni.assign(reinterpret_cast<const char *>(name.data()), name.remaining());
            found = true;
        }
    }
    return list.done() && body.done();
}

// RFC 7301 §3.1: ProtocolNameList<2..2^16-1> of ProtocolName<1..2^8-1>. An empty name is
// kept (JA4 gives it a meaning) but breaks the rule.
bool parse_alpn(ByteView body, Ctx &ctx, ClientHello &ch) {
    ByteView list = ctx.vec(body, 2, 2, 0xffff);
    bool empty_name = false;
    while (list.ok() && !list.empty()) {
        ByteView name = list.vector(1);
        if (name.failed())
            break;
        empty_name |= name.empty();
        ch.alpn.emplace_back(reinterpret_cast<const char *>(name.data()), name.remaining());
    }
    return list.done() && body.done() && !empty_name;
}

// RFC 8446 §4.2.8: client_shares<0..2^16-1> of {NamedGroup u16, key_exchange<1..2^16-1>}.
bool parse_key_share(ByteView body, Ctx &ctx, ClientHello &ch) {
    ByteView shares = ctx.vec(body, 2, 0, 0xffff);
    while (shares.ok() && !shares.empty()) {
        uint16_t group = shares.read_u16();
        ctx.vec(shares, 2, 1, 0xffff);
        if (shares.ok())
            ch.key_share_groups.push_back(group);
    }
    return shares.done() && body.done();
}

// RFC 9000 §18: a sequence of {id varint, length varint, value}.
bool parse_transport_params(ByteView body, Ctx &ctx, ClientHello &ch) {
    while (body.ok() && !body.empty()) {
        if (ch.quic_transport_params.size() >= kMaxTransportParams)
            return false;
        TransportParam tp;
        tp.id = body.read_varint();
        uint64_t len = body.read_varint();
        if (body.failed() || len > body.remaining())
            return false;
        ByteView value = body.sub(static_cast<size_t>(len));
        tp.offset = ctx.offset_of(value);
        tp.value.assign(value.data(), value.data() + value.remaining());
        ch.quic_transport_params.push_back(std::move(tp));
    }
    return body.done();
}

bool parse_extension_body(uint16_t type, ByteView body, Ctx &ctx, ClientHello &ch) {
    switch (type) {
    case kExtServerName:
        return parse_server_name(body, ctx, ch);
    case kExtAlpn:
        return parse_alpn(body, ctx, ch);
    case kExtSupportedVersions: // versions<2..254>
        return read_u16_list(ctx.vec(body, 1, 2, 254), ch.supported_versions) && body.done();
    case kExtSignatureAlgorithms: // supported_signature_algorithms<2..2^16-2>
        return read_u16_list(ctx.vec(body, 2, 2, 0xfffe), ch.signature_algorithms) &&
               body.done();
    case kExtSupportedGroups: // named_group_list<2..2^16-1>
        return read_u16_list(ctx.vec(body, 2, 2, 0xffff), ch.supported_groups) && body.done();
    case kExtEcPointFormats: // ec_point_format_list<1..2^8-1>
        return read_u8_list(ctx.vec(body, 1, 1, 0xff), ch.ec_point_formats) && body.done();
    case kExtPskKeyExchangeModes: // ke_modes<1..255>
        return read_u8_list(ctx.vec(body, 1, 1, 0xff), ch.psk_modes) && body.done();
    case kExtKeyShare:
        return parse_key_share(body, ctx, ch);
    case kExtQuicTransportParams:
    case kExtQuicTransportParamsDraft:
        ch.has_quic_transport_params = true;
        ch.quic_transport_params_type = type;
        return parse_transport_params(body, ctx, ch);
    default:
        return true;
    }
}

void note_presence(uint16_t type, ClientHello &ch) {
    if (type == kExtServerName)
        ch.has_sni_extension = true;
    else if (type == kExtAlpn)
        ch.has_alpn_extension = true;
}

// Extensions block: a bounds failure in the framing stops parsing; a bad body only flags
// that extension, since the framing around it is intact.
void parse_extensions(ByteView &b, Ctx &ctx, ClientHello &ch) {
    ch.has_extensions_block = true;
    ByteView exts = ctx.vec(b, 2, 0, kMaxExtensionsLen);
    // Extension types seen so far: a short list for an ordinary hello (about 20 extensions),
    // an 8 KiB bitset only past kFewTypes (a hostile hello can hold 16,000 empty extensions).
    constexpr size_t kFewTypes = 48;
    uint16_t few[kFewTypes];
    size_t n_few = 0;
    std::unique_ptr<std::bitset<0x10000>> many;
    auto seen_before = [&](uint16_t type) {
        if (many) {
            const bool was = many->test(type);
            many->set(type);
            return was;
        }
        for (size_t i = 0; i < n_few; i++)
            if (few[i] == type)
                return true;
        if (n_few < kFewTypes) {
            few[n_few++] = type;
            return false;
        }
        many = std::make_unique<std::bitset<0x10000>>();
        for (size_t i = 0; i < n_few; i++)
            many->set(few[i]);
        many->set(type);
        return false;
    };
    ch.extensions.reserve(std::min<size_t>(exts.remaining() / 4, kFewTypes));
    while (exts.ok() && !exts.empty()) {
        uint16_t type = exts.read_u16();
        ByteView body = exts.vector(2);
        if (exts.failed())
            return;
        ch.extensions.push_back({type, ctx.offset_of(body), static_cast<uint32_t>(body.size())});
        note_presence(type, ch);
        if (seen_before(type)) {
            ch.duplicate_extension = true;
            continue; // the first occurrence is the one decoded
        }
        if (!parse_extension_body(type, body, ctx, ch) && !ch.bad_extension)
            ch.bad_extension = type;
    }
}

// Returns false on a bounds failure of the body reader.
bool parse_body(ByteView &b, Ctx &ctx, ClientHello &ch) {
    ch.legacy_version = b.read_u16();
    b.read_bytes(ch.random, kRandomLen);
    ByteView sid = ctx.vec(b, 1, 0, kMaxSessionIdLen);
    ch.session_id_length = static_cast<uint8_t>(sid.size());
    ByteView suites = ctx.vec(b, 2, kMinCipherSuitesLen, kMaxCipherSuitesLen);
    if (b.failed())
        return false;
    if (!read_u16_list(suites, ch.cipher_suites))
        ctx.rule_broken = true;
    ByteView comp = ctx.vec(b, 1, kMinCompressionLen, kMaxCompressionLen);
    read_u8_list(comp, ch.compression_methods);
    if (b.failed())
        return false;
    if (b.empty()) // RFC 5246 §7.4.1.2: extensions may be absent before TLS 1.3
        return true;
    parse_extensions(b, ctx, ch);
    return b.done();
}

} // namespace

bool ClientHello::has_extension(uint16_t type) const {
    return std::any_of(extensions.begin(), extensions.end(),
                       [type](const ExtensionRef &e) { return e.type == type; });
}

uint16_t ClientHello::max_version() const {
    uint16_t best = 0;
    for (uint16_t v : supported_versions)
        if (!is_grease(v))
            best = std::max(best, v);
    return best ? best : legacy_version;
}

const TransportParam *ClientHello::transport_param(uint64_t id) const {
    for (const TransportParam &tp : quic_transport_params)
        if (tp.id == id)
            return &tp;
    return nullptr;
}

std::optional<uint64_t> ClientHello::transport_param_varint(uint64_t id) const {
    const TransportParam *tp = transport_param(id);
    if (!tp)
        return std::nullopt;
    ByteView r(tp->value.data(), tp->value.size());
    uint64_t v = r.read_varint();
    if (!r.done())
        return std::nullopt;
    return v;
}

std::optional<std::string> ClientHello::google_user_agent() const {
    const TransportParam *tp = transport_param(kTpGoogleUserAgent);
    if (!tp)
        return std::nullopt;
    return std::string(tp->value.begin(), tp->value.end());
}

std::optional<uint64_t> ClientHello::max_idle_timeout() const {
    return transport_param_varint(kTpMaxIdleTimeout);
}
std::optional<uint64_t> ClientHello::initial_max_data() const {
    return transport_param_varint(kTpInitialMaxData);
}
std::optional<uint64_t> ClientHello::max_udp_payload_size() const {
    return transport_param_varint(kTpMaxUdpPayloadSize);
}
std::optional<uint64_t> ClientHello::initial_max_streams_bidi() const {
    return transport_param_varint(kTpInitialMaxStreamsBidi);
}

ClientHello parse_client_hello(ByteView in) {
    ClientHello ch;
    Ctx ctx{in.data()};
    uint8_t type = in.read_u8();
    uint32_t len = in.read_u24();
    if (in.failed())
        return ch; // Truncated
    ch.message_length = len;
    if (type != kHandshakeClientHello) {
        ch.status = ParseStatus::Unsupported;
        return ch;
    }
    if (len > kMaxClientHelloBodyLen) {
        ch.status = ParseStatus::Malformed;
        return ch;
    }
    const bool short_input = in.remaining() < len;
    ByteView body = in.sub(short_input ? in.remaining() : len);
    const bool bounds_ok = parse_body(body, ctx, ch);
    if (ctx.rule_broken || (!bounds_ok && !short_input))
        ch.status = ParseStatus::Malformed;
    else if (short_input)
        ch.status = ParseStatus::Truncated;
    else
        ch.status = ch.bad_extension ? ParseStatus::Malformed : ParseStatus::Ok;
    return ch;
}

namespace {

// Appends one record's fragment; false when the record layer itself is unusable.
bool take_record(ByteView &r, HandshakeExtract &out) {
    uint8_t type = r.peek(0);
    if (type != kContentTypeHandshake) {
        // An SSLv2-compatible hello starts with a set high bit (RFC 5246 Appendix E.2).
        out.status = (out.records_used == 0 && (type & 0x80)) ? ParseStatus::Unsupported
                                                               : ParseStatus::Malformed;
        return false;
    }
    r.read_u8();
    uint16_t version = r.read_u16();
    uint16_t len = r.read_u16();
    if (r.failed()) {
        out.status = ParseStatus::Truncated;
        return false;
    }
    // RFC 8446 §5.1: no zero-length handshake fragments; plaintext length <= 2^14.
    if ((version >> 8) != 0x03 || len == 0 || len > kMaxRecordPayloadLen) {
        out.status = ParseStatus::Malformed;
        return false;
    }
    size_t avail = std::min<size_t>(len, r.remaining());
    ByteView frag = r.sub(avail);
    out.message.insert(out.message.end(), frag.data(), frag.data() + avail);
    out.records_used++;
    out.bytes_consumed = r.offset();
    if (avail < len) {
        out.status = ParseStatus::Truncated;
        return false;
    }
    return true;
}

// Declared total size of the message collected so far, 0 if its header is incomplete.
size_t declared_total(const std::vector<uint8_t> &m) {
    if (m.size() < kHandshakeHeaderLen)
        return 0;
    return kHandshakeHeaderLen + ((size_t{m[1]} << 16) | (size_t{m[2]} << 8) | m[3]);
}

} // namespace

HandshakeExtract extract_first_handshake(ByteView records) {
    HandshakeExtract out;
    while (out.records_used < kMaxRecordsPerHello) {
        if (records.empty())
            return out; // Truncated
        if (!take_record(records, out))
            break;
        size_t total = declared_total(out.message);
        if (total > kHandshakeHeaderLen + kMaxClientHelloBodyLen) {
            // Too big for a ClientHello; other message types are not this helper's job.
            out.status = out.message[0] == kHandshakeClientHello ? ParseStatus::Malformed
                                                                  : ParseStatus::Unsupported;
            break;
        }
        if (total && out.message.size() >= total) {
            out.message.resize(total); // further messages in the record are not ours
            out.status = ParseStatus::Ok;
            return out;
        }
    }
    if (out.records_used >= kMaxRecordsPerHello && out.status == ParseStatus::Truncated &&
        !records.empty())
        out.status = ParseStatus::Unsupported; // policy cap on fragmentation
    return out;
}

} // namespace huntpack::tls
