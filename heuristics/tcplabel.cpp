// SPDX-License-Identifier: GPL-2.0-or-later
// tcplabel decisions; the contract and its limits are in tcplabel.h.
#include "tcplabel.h"

#include "tcp_analysis.h"

namespace huntpack::tcplabel {

namespace tcpa = huntpack::tcpa;

const char *basis_name(Basis b) {
    switch (b) {
    case Basis::Reassembly: return "reassembly";
    case Basis::Flow: return "flow";
    case Basis::Content: return "content";
    case Basis::Port: return "port";
    }
    return "port";
}

const char *kind_name(Kind k) {
    switch (k) {
    case Kind::Data: return "data";
    case Kind::Handshake: return "handshake";
    case Kind::Ack: return "ack";
    case Kind::Segment: return "segment";
    case Kind::Retransmission: return "retransmission";
    case Kind::SpuriousRetransmission: return "spurious-retransmission";
    case Kind::DupAck: return "dup-ack";
    case Kind::OutOfOrder: return "out-of-order";
    case Kind::LostSegment: return "lost-segment";
    case Kind::AckedUnseen: return "ack-unseen";
    case Kind::ZeroWindow: return "zero-window";
    case Kind::KeepAlive: return "keep-alive";
    case Kind::WindowUpdate: return "window-update";
    case Kind::WindowFull: return "window-full";
    case Kind::Continuation: return "continuation";
    case Kind::Midstream: return "midstream";
    case Kind::Teardown: return "teardown";
    }
    return "data";
}

const char *mismatch_name(Mismatch m) {
    switch (m) {
    case Mismatch::TlsOnHttpPort: return "tls-on-http-port";
    case Mismatch::HttpOnTlsPort: return "cleartext-http-on-tls-port";
    case Mismatch::OtherOnWebPort: return "other-protocol-on-web-port";
    case Mismatch::None: break;
    }
    return "";
}

Mismatch mismatch_for(App app, App port_app) {
    if (app == App::None || port_app == App::None || app == port_app)
        return Mismatch::None;
    if (app == App::Tls && port_app == App::Http)
        return Mismatch::TlsOnHttpPort;
    if ((app == App::Http || app == App::Http2) && port_app == App::Tls)
        return Mismatch::HttpOnTlsPort;
    if (app == App::Http2 && port_app == App::Http)
        return Mismatch::None; // cleartext HTTP/2 on an HTTP port is still HTTP
    return Mismatch::OtherOnWebPort;
}

namespace {

// A TLS record that carries a plaintext handshake message (RFC 8446 §4: type, u24 length): the
// handshake types a server or client sends in the clear before encryption starts.
bool plaintext_handshake(const uint8_t *p, size_t n) {
    if (!tls::is_record_header(p, n) || p[0] != 22 || n < tls::kRecordHeaderLen + 4)
        return false;
    const uint8_t t = p[5];
    // client_hello 1, server_hello 2, new_session_ticket 4, certificate 11, server_key_exchange 12,
    // certificate_request 13, server_hello_done 14, certificate_verify 15, client_key_exchange 16,
    // certificate_status 22 (RFC 6066 §8): the TLS 1.2 handshake in the clear.
    const bool known = t == 1 || t == 2 || t == 4 || (t >= 11 && t <= 16) || t == 22;
    return known && p[6] == 0; // u24 length below 2^16: an encrypted Finished rarely starts so
}

// At least one whole record at the start of the payload (the last may run past its end).
bool whole_record(const uint8_t *p, size_t n) {
    const tls::RecordScan s = tls::scan_records(p, n, 0);
    return s.ok && s.start == 0 && (s.records >= 2 || (s.records == 1 && s.carry == 0 && s.partial == 0));
}

bool http_start(const uint8_t *p, size_t n) {
    const content::Evidence e = content::detect_cleartext(p, n).evidence;
    return e == content::Evidence::HttpRequestLine || e == content::Evidence::HttpStatusLine;
}

} // namespace

WsTop ws_top_tls(const WsBytes &b, bool *start) {
    *start = false;
    if (b.pdu && tls::is_record_header(b.pdu, b.pdu_len)) {
        *start = b.hello || plaintext_handshake(b.pdu, b.pdu_len);
        return WsTop::Tls;
    }
    if (b.retransmitted || !b.own || !whole_record(b.own, b.own_len))
        return WsTop::TlsContinuation;
    *start = b.hello || plaintext_handshake(b.own, b.own_len);
    return WsTop::Tls;
}

WsTop ws_top_http(const WsBytes &b) {
    if (b.pdu && http_start(b.pdu, b.pdu_len))
        return WsTop::Http;
    if (b.retransmitted || b.stored || !b.own || !http_start(b.own, b.own_len))
        return WsTop::HttpContinuation;
    return WsTop::Http;
}

uint32_t analysis_from_tcp_a(uint16_t f) {
    if (!f)
        return 0; // most frames: the loop below is 2 ms on 200,000 frames (cpu-clock sampling)
    struct Map {
        uint16_t tcp_a;
        uint32_t bit;
    };
    static constexpr Map kMap[] = {
        {tcpa::kFastRetransmission, kFastRetransmission}, {tcpa::kSpuriousRetransmission, kSpuriousRetransmission},
        {tcpa::kDuplicateAck, kDupAck}, {tcpa::kOutOfOrder, kOutOfOrder}, {tcpa::kLostPacket, kLostSegment},
        {tcpa::kAckLostPacket, kAckedUnseen}, {tcpa::kZeroWindow, kZeroWindow},
        {tcpa::kZeroWindowProbe, kZeroWindowProbe}, {tcpa::kZeroWindowProbeAck, kZeroWindowProbeAck},
        {tcpa::kKeepAlive, kKeepAlive}, {tcpa::kKeepAliveAck, kKeepAliveAck},
        {tcpa::kWindowUpdate, kWindowUpdate}, {tcpa::kWindowFull, kWindowFull},
    };
    uint32_t bits = tcpa::shows_retransmission(f) ? static_cast<uint32_t>(kRetransmission) : 0u;
    for (const Map &m : kMap)
        if (f & m.tcp_a)
            bits |= m.bit;
    return bits;
}

void relativize(FlowState &flow, FrameFacts &f) {
    const int d = f.to_server ? 0 : 1, o = 1 - d;
    const bool syn = (f.flags & kSyn) != 0;
    if (!flow.have_base[d]) {
        flow.seq_base[d] = syn ? f.seq : f.seq - 1; // unsigned: wraps like TCP's sequence space
        flow.have_base[d] = true;
    }
    f.seq -= flow.seq_base[d];
    f.ack = flow.have_base[o] ? f.ack - flow.seq_base[o] : 0;
}

void observe(FlowState &flow, const FrameFacts &f, uint32_t frame_number) {
    if (f.flags & kSyn)
        flow.syn_seen = true;
    if (f.payload_len > 0 && !flow.payload_seen) {
        flow.payload_seen = true;
        flow.midstream = !flow.syn_seen;
    }
    // Wireshark's own identification outranks ours; a start (handshake/request) outranks
    // identification in the middle of a flow.
    App seen = f.ws_identified != App::None ? f.ws_identified : f.content.app;
    if (seen == App::None && f.in_reassembly)
        seen = f.reassembly_app;
    if (seen == App::None)
        return;
    const bool start = f.ws_identified != App::None
        ? f.ws_start_evidence
        : (f.content.evidence == content::Evidence::HttpRequestLine ||
           f.content.evidence == content::Evidence::HttpStatusLine ||
           f.content.evidence == content::Evidence::Http2Preface ||
           f.content.evidence == content::Evidence::SshBanner ||
           (f.content.evidence == content::Evidence::TlsRecords && !flow.midstream));
    if (flow.app == App::None || (start && !flow.identified_at_start)) {
        flow.app = seen;
        flow.first_frame = frame_number;
        flow.identified_at_start = flow.identified_at_start || start;
    }
}

Kind classify_kind(const FrameFacts &f, const FlowState &flow) {
    if (f.flags & kSyn)
        return Kind::Handshake;
    if (f.flags & (kFin | kRst))
        return Kind::Teardown;
    const uint32_t a = f.analysis;
    if (a & kSpuriousRetransmission)
        return Kind::SpuriousRetransmission;
    if (a & (kRetransmission | kFastRetransmission))
        return Kind::Retransmission;
    if (a & kOutOfOrder)
        return Kind::OutOfOrder;
    if (a & kLostSegment)
        return Kind::LostSegment;
    if (a & kAckedUnseen)
        return Kind::AckedUnseen;
    if (a & kDupAck)
        return Kind::DupAck;
    if (a & (kZeroWindow | kZeroWindowProbe | kZeroWindowProbeAck))
        return Kind::ZeroWindow;
    if (a & (kKeepAlive | kKeepAliveAck))
        return Kind::KeepAlive;
    if (a & kWindowFull)
        return Kind::WindowFull;
    if (f.payload_len == 0) {
        if (a & kWindowUpdate)
            return Kind::WindowUpdate;
        // The ACK that completes the three-way handshake: relative seq 1, ack 1, no data.
        if (flow.syn_seen && f.seq == 1 && f.ack == 1 && f.to_server)
            return Kind::Handshake;
        return Kind::Ack;
    }
    if (f.in_reassembly)
        return Kind::Segment;
    if (f.top == WsTop::TlsContinuation || f.top == WsTop::HttpContinuation)
        return Kind::Continuation;
    if (flow.midstream)
        return Kind::Midstream;
    return Kind::Data;
}

Label decide(const FrameFacts &f, const FlowState &flow) {
    Label l;
    l.kind = classify_kind(f, flow);
    if (f.in_reassembly && f.reassembly_app != App::None) {
        l.app = f.reassembly_app;
        l.basis = Basis::Reassembly;
    } else if (f.content.app != App::None && flow.first_frame == f.frame && f.frame != 0) {
        l.app = f.content.app; // the frame that identified its flow: its own bytes are the basis
        l.basis = Basis::Content;
    } else if (flow.app != App::None && flow.identified_at_start) {
        l.app = flow.app;
        l.basis = Basis::Flow;
    } else if (f.content.app != App::None) {
        l.app = f.content.app;
        l.basis = Basis::Content;
    } else if (flow.app != App::None) {
        l.app = flow.app;
        l.basis = Basis::Flow;
    } else {
        l.app = f.port_app;
        l.basis = Basis::Port;
    }
    // The flow's identification, where there is one, decides whether the port is honest.
    const App flow_app = flow.app != App::None ? flow.app : (l.basis != Basis::Port ? l.app : App::None);
    l.mismatch = mismatch_for(flow_app, f.port_app);
    return l;
}

} // namespace huntpack::tcplabel
