// SPDX-License-Identifier: GPL-2.0-or-later
// quicfp: fingerprints from ClientHellos and gQUIC CHLOs; see quicfp.h.
#include "quicfp.h"

#include "gquic.h"
#include "ja4.h"
#include "quic_frames.h"
#include "quic_initial.h"
#include "quic_transport_params.h"
#include "tls_client_hello.h"

#include <cstdio>
#include <cstring>
#include <vector>

namespace huntpack::quicfp {
namespace {

std::string printable(const std::string &s) {
    std::string out;
    for (unsigned char c : s) {
        if (c >= 0x20 && c < 0x7f && c != ',' && c != '\\') {
            out += static_cast<char>(c);
        } else {
            char b[5];
            std::snprintf(b, sizeof b, "\\x%02x", c);
            out += b;
        }
    }
    return out;
}

bool is_grease_tp(uint64_t id) { return id >= 27 && (id - 27) % 31 == 0; } // RFC 9000 §18.1

void add_user_agent(Fingerprint &fp, const std::string &raw_ua, const Enrich &e) {
    if (!e.ua || raw_ua.empty())
        return;
    const ua::Result r = e.ua->parse(raw_ua);
    fp.browser = r.browser;
    fp.browser_version = r.browser_version;
    fp.os = r.os;
    fp.os_version = r.os_version;
    fp.device = r.device;
}

void add_stack(Fingerprint &fp, const quicstack::ClientHelloInfo &info, const Enrich &e) {
    if (!e.stacks)
        return;
    const quicstack::Match m = e.stacks->match(info);
    if (!m.matched)
        return;
    fp.stack = m.stack;
    fp.stack_confidence = m.confidence;
    fp.stack_source = m.origin + ":" + std::to_string(m.line) + " (" + m.source + ")";
}

// The fields a gQUIC CHLO gives, from a CHLO that parsed Ok.
void fill_from_chlo(Fingerprint &fp, const gquic::Chlo &chlo, const Enrich &e) {
    fp.ok = true;
    fp.sni = printable(chlo.sni);
    fp.ua = printable(chlo.uaid);
    for (size_t i = 0; i < chlo.tags.size(); ++i)
        fp.tp_order += (i ? "," : "") + gquic::tag_name(chlo.tags[i].tag);
    add_user_agent(fp, chlo.uaid, e);
    if (e.stacks) {
        quicstack::ClientHelloInfo info;
        info.version = fp.version;
        add_stack(fp, info, e);
    }
}

bool starts_with_chlo_tag(ByteView v) {
    return v.remaining() >= gquic::kTagLen && v.peek(0) == 'C' && v.peek(1) == 'H' &&
           v.peek(2) == 'L' && v.peek(3) == 'O';
}

// Q050: where the CHLO at the start of the reassembled CRYPTO stream stands. Complete also when
// it can be judged malformed (from_connection says why); Overflow when it declares more bytes
// than the reassembler keeps.
Feed chlo_state(const Connection &c) {
    const ByteView got = c.crypto.contiguous();
    if (got.remaining() < gquic::kTagLen)
        return Feed::Progress;
    if (!starts_with_chlo_tag(got))
        return Feed::Complete; // a client's first gQUIC message is a CHLO: nothing to wait for
    if (gquic::parse_chlo(got).status != ParseStatus::Truncated)
        return Feed::Complete;
    return gquic::chlo_declared_length(got) > quic::kMaxCryptoBytes ? Feed::Overflow
                                                                   : Feed::Progress;
}

} // namespace

std::string client_hello_sni(const tls::ClientHello &ch) {
    return ch.status == ParseStatus::Ok ? printable(ch.sni) : std::string();
}

std::string client_hello_user_agent(const tls::ClientHello &ch) {
    if (ch.status != ParseStatus::Ok)
        return {};
    const auto ua = ch.google_user_agent();
    return ua ? printable(*ua) : std::string();
}

Fingerprint from_client_hello(const uint8_t *msg, size_t len, bool quic, uint32_t version,
                              const Enrich &e) {
    Fingerprint fp;
    fp.kind = quic ? "ietf" : "tls";
    fp.version = version;
    tls::ClientHello ch = tls::parse_client_hello(ByteView(msg, len));
    if (quic && quic::classify_version(version).legacy_transport_params)
        quic::apply_legacy_transport_params(msg, len, ch); // drafts <= 27, T050
    if (ch.status != ParseStatus::Ok) {
        fp.error = std::string("ClientHello ") + parse_status_name(ch.status);
        return fp;
    }
    fp.ok = true;
    fp.sni = client_hello_sni(ch);
    for (size_t i = 0; i < ch.alpn.size(); ++i)
        fp.alpn += (i ? "," : "") + printable(ch.alpn[i]);
    fp.ua = client_hello_user_agent(ch);
    if (e.ja4) {
        const tls::Ja4 j = tls::compute_ja4(ch, quic ? tls::Ja4Transport::Quic : tls::Ja4Transport::Tcp);
        fp.ja4 = j.ja4;
        fp.ja4_r = j.ja4_r;
        fp.ja4_o = j.ja4_o;
        fp.ja4_ro = j.ja4_ro;
    }
    for (size_t i = 0; i < ch.quic_transport_params.size(); ++i) {
        const uint64_t id = ch.quic_transport_params[i].id;
        char b[24];
        std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(id));
        fp.tp_order += (i ? "," : "");
        fp.tp_order += is_grease_tp(id) ? "grease" : b;
    }
    if (auto ua = ch.google_user_agent())
        add_user_agent(fp, *ua, e);
    if (quic && e.ja4) {
        quicstack::ClientHelloInfo info;
        info.version = version;
        for (const auto &tp : ch.quic_transport_params)
            info.tp_ids.push_back(tp.id);
        info.max_udp_payload_size = ch.max_udp_payload_size();
        info.initial_max_data = ch.initial_max_data();
        info.initial_max_stream_data_bidi_local = ch.transport_param_varint(0x05);
        info.active_connection_id_limit = ch.transport_param_varint(0x0e);
        info.max_idle_timeout = ch.max_idle_timeout();
        info.alpn = ch.alpn;
        info.ja4 = fp.ja4;
        add_stack(fp, info, e);
    }
    return fp;
}

Fingerprint from_tls_records(const uint8_t *records, size_t len, const Enrich &e) {
    if (!records || len < 6 || records[0] != 22 || records[5] != 1) {
        Fingerprint fp;
        fp.kind = "tls";
        fp.error = "no ClientHello record";
        return fp;
    }
    const tls::HandshakeExtract hx = tls::extract_first_handshake(ByteView(records, len));
    return from_client_hello(hx.message.data(), hx.message.size(), false, 0, e);
}

Fingerprint from_gquic(const uint8_t *datagram, size_t len, const Enrich &e) {
    Fingerprint fp;
    fp.kind = "gquic";
    const gquic::Datagram d = gquic::inspect_gquic_datagram(ByteView(datagram, len));
    fp.version = d.header.version;
    if (d.status() != ParseStatus::Ok) {
        fp.error = d.reason;
        return fp;
    }
    fill_from_chlo(fp, d.chlo, e);
    return fp;
}

Fingerprint from_gquic_chlo(ByteView message, uint32_t version, const Enrich &e) {
    Fingerprint fp;
    fp.kind = "gquic";
    fp.version = version;
    if (!starts_with_chlo_tag(message)) {
        fp.error = "CRYPTO stream does not start with a gQUIC CHLO";
        return fp;
    }
    const gquic::Chlo chlo = gquic::parse_chlo(message);
    if (chlo.status == ParseStatus::Ok)
        fill_from_chlo(fp, chlo, e);
    else if (chlo.status == ParseStatus::Truncated)
        fp.error = "CHLO cut off";
    else
        fp.error = "CHLO tag table is invalid";
    return fp;
}

Fingerprint from_connection(const Connection &c, Feed f, const Enrich &e) {
    const bool chlo = quic::carries_gquic_chlo(c.version);
    if (f == Feed::Complete && chlo)
        return from_gquic_chlo(c.crypto.contiguous(), c.version, e);
    if (f == Feed::Complete && c.crypto.complete())
        return from_client_hello(c.crypto.message(), c.crypto.message_len(), true, c.version, e);
    Fingerprint fp;
    fp.kind = chlo ? "gquic" : "ietf";
    fp.version = c.version;
    if (f == Feed::Overflow)
        fp.error = chlo ? "CHLO larger than the reassembly limit"
                        : "ClientHello larger than the reassembly limit";
    else
        fp.error = "handshake message not complete";
    return fp;
}

bool is_ietf_initial(const uint8_t *d, size_t n) {
    if (!d || n < 7 || !(d[0] & 0x80))
        return false;
    const uint32_t v = static_cast<uint32_t>(d[1]) << 24 | static_cast<uint32_t>(d[2]) << 16 |
                       static_cast<uint32_t>(d[3]) << 8 | d[4];
    return quic::is_supported_version(v) && quic::long_packet_type(v, d[0]) == quic::PacketType::Initial;
}

bool may_begin_client_flight(const uint8_t *d, size_t n) {
    return is_ietf_initial(d, n) ||
           (d && n >= 13 && gquic::parse_packet_header(ByteView(d, n)).status == ParseStatus::Ok);
}

namespace {
// The client Initial keys of c's original DCID for `version` (cached in c); null when they
// cannot be derived (unsupported version).
const quic::InitialKeys *odcid_keys(Connection &c, uint32_t version) {
    if (c.odcid_keys_version != version) {
        const quic::KeysResult k =
            quic::derive_initial_keys(version, c.odcid, c.odcid_len, quic::Sender::Client);
        if (k.status != ParseStatus::Ok)
            return nullptr;
        c.odcid_keys = k.keys;
        c.odcid_keys_version = version;
    }
    return &c.odcid_keys;
}
} // namespace

Feed feed_client_datagram(Connection &c, const uint8_t *d, size_t n, uint32_t *version) {
    if (c.done || !is_ietf_initial(d, n))
        return Feed::NotInitial;
    Feed result = Feed::Undecryptable;
    std::vector<uint8_t> plain(n);
    size_t pos = 0;
    while (pos < n) {
        const quic::LongHeaderResult h = quic::parse_long_header(d + pos, n - pos);
        if (h.status != ParseStatus::Ok || h.hdr.type != quic::PacketType::Initial)
            break;
        if (version)
            *version = h.hdr.version;
        if (!c.have_odcid) {
            std::memcpy(c.odcid, h.hdr.dcid, h.hdr.dcid_len);
            c.odcid_len = h.hdr.dcid_len;
            c.have_odcid = true;
        }
        // Keys come from the packet's own DCID (first flight, or after a Retry), else from
        // the connection's original DCID (after the server chose a new connection ID); the
        // original DCID's keys are derived once per connection (odcid_keys).
        quic::DecryptResult dr;
        auto open_with = [&](const quic::InitialKeys *keys) {
            if (!keys)
                return false;
            dr = quic::decrypt_packet(d + pos, h.hdr.packet_len, h.hdr, *keys, plain.data(), plain.size());
            return dr.status == ParseStatus::Ok;
        };
        bool decrypted = false;
        if (h.hdr.dcid_len != c.odcid_len || std::memcmp(h.hdr.dcid, c.odcid, c.odcid_len) != 0) {
            const quic::KeysResult own = quic::derive_initial_keys(h.hdr.version, h.hdr.dcid,
                                                                   h.hdr.dcid_len, quic::Sender::Client);
            decrypted = own.status == ParseStatus::Ok && open_with(&own.keys);
        }
        if (!decrypted)
            decrypted = open_with(odcid_keys(c, h.hdr.version));
        if (decrypted) {
            ++c.initials;
            c.version = h.hdr.version;
            result = Feed::Progress;
            const bool chlo = quic::carries_gquic_chlo(c.version);
            const quic::FrameScan fs = quic::scan_initial_frames(plain.data(), dr.plaintext_len,
                                                                 quic::frame_dialect(h.hdr.version));
            for (size_t i = 0; i < fs.crypto_count; ++i) {
                const quic::CryptoFrameRef &cf = fs.crypto[i];
                // message_too_large() reads TLS framing: not for a CHLO (see chlo_state).
                if (c.crypto.add(cf.offset, plain.data() + cf.data_offset, cf.length) == ParseStatus::Unsupported &&
                    !chlo && c.crypto.message_too_large())
                    return Feed::Overflow;
            }
            if (chlo) {
                const Feed st = chlo_state(c);
                if (st == Feed::Complete)
                    c.done = true;
                if (st != Feed::Progress)
                    return st;
            } else if (c.crypto.complete() && c.crypto.message_type() == 1) {
                c.done = true;
                return Feed::Complete;
            }
        }
        pos += h.hdr.packet_len;
    }
    return result;
}

} // namespace huntpack::quicfp
