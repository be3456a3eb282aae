// SPDX-License-Identifier: GPL-2.0-or-later
// Draft-27 QUIC transport parameters (see quic_transport_params.h for specs and limits).
#include "quic_transport_params.h"

#include <algorithm>

namespace huntpack::quic {
namespace {

// The ExtensionType u16 and the extension length u16 precede the body (RFC 8446 §4.2).
constexpr size_t kExtensionHeaderLen = 4;

const tls::ExtensionRef *first_draft_tp_extension(const tls::ClientHello &ch) {
    auto it = std::find_if(ch.extensions.begin(), ch.extensions.end(), [](const auto &e) {
        return e.type == tls::kExtQuicTransportParamsDraft;
    });
    return it == ch.extensions.end() ? nullptr : &*it;
}

void flag_bad(tls::ClientHello &ch) {
    ch.quic_transport_params.clear();
    if (!ch.bad_extension)
        ch.bad_extension = tls::kExtQuicTransportParamsDraft;
    if (ch.status == ParseStatus::Ok)
        ch.status = ParseStatus::Malformed;
}

} // namespace

bool parse_legacy_transport_params(ByteView body, uint32_t base,
                                   std::vector<tls::TransportParam> &out) {
    out.clear();
    const uint8_t *start = body.data();
    const size_t list_len = body.read_u16();
    // The list must fill the body exactly: a shorter or longer declared length is malformed.
    if (body.failed() || list_len != body.remaining())
        return false;
    while (!body.empty()) {
        if (out.size() >= kMaxLegacyTransportParams) {
            out.clear();
            return false;
        }
        tls::TransportParam tp;
        tp.id = body.read_u16();
        const size_t value_len = body.read_u16();
        if (body.failed() || value_len > body.remaining()) {
            out.clear();
            return false;
        }
        tp.offset = base + static_cast<uint32_t>(body.data() - start);
        tp.value.assign(body.data(), body.data() + value_len);
        body.advance(value_len);
        out.push_back(std::move(tp));
    }
    return true;
}

void apply_legacy_transport_params(const uint8_t *msg, size_t len, tls::ClientHello &ch) {
    const tls::ExtensionRef *ext = first_draft_tp_extension(ch);
    if (!msg || !ext)
        return;
    // The TLS parser produced these offsets from this message; check them all the same.
    if (ext->offset < kExtensionHeaderLen || ext->offset > len || ext->length > len - ext->offset)
        return flag_bad(ch);
    std::vector<tls::TransportParam> params;
    if (!parse_legacy_transport_params(ByteView(msg + ext->offset, ext->length), ext->offset,
                                       params))
        return flag_bad(ch);
    ch.quic_transport_params = std::move(params);
    if (ch.status != ParseStatus::Malformed ||
        ch.bad_extension != tls::kExtQuicTransportParamsDraft)
        return; // Ok already, or broken elsewhere first
    // Was the varint reading of this extension the only fault? Parse once more with its type
    // renamed to one the TLS parser skips.
    std::vector<uint8_t> copy(msg, msg + len);
    copy[ext->offset - kExtensionHeaderLen] = static_cast<uint8_t>(kSkippedExtensionType >> 8);
    copy[ext->offset - kExtensionHeaderLen + 1] = static_cast<uint8_t>(kSkippedExtensionType);
    const tls::ClientHello again = tls::parse_client_hello(ByteView(copy.data(), copy.size()));
    if (again.status == ParseStatus::Ok) {
        ch.status = ParseStatus::Ok;
        ch.bad_extension.reset();
    }
}

} // namespace huntpack::quic
