// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for tcplabel: frame kinds (TCP flags, tcp.analysis precedence), the basis order
// reassembly > flow-at-start > content > flow-mid-stream > port, what observe() records per flow,
// app/port mismatches, and a whole mid-stream TLS flow labelled frame by frame.
#include "cmocka_cxx.h"
#include "tcplabel.h"

#include <initializer_list>
#include <vector>

namespace tl = huntpack::tcplabel;
namespace ct = huntpack::content;
namespace tls = huntpack::tls;
using ct::App;
using ct::Evidence;
using tl::Basis;
using tl::Kind;
using tl::Mismatch;

namespace {

// A frame carrying `len` bytes of payload, ACK set, nothing else known.
tl::FrameFacts data_frame(uint32_t len) {
    tl::FrameFacts f;
    f.flags = tl::kAck | tl::kPsh;
    f.payload_len = len;
    f.seq = 100;
    f.ack = 200;
    return f;
}

tl::FrameFacts pure_ack() {
    tl::FrameFacts f;
    f.flags = tl::kAck;
    f.seq = 100;
    f.ack = 200;
    return f;
}

Kind kind_of(const tl::FrameFacts &f) { return tl::classify_kind(f, tl::FlowState{}); }

} // namespace

// ---- classify_kind ---------------------------------------------------------------------------

static void test_classify_kind_syn_and_syn_ack(void **) {
    tl::FrameFacts syn;
    syn.flags = tl::kSyn;
    syn.seq = 0;
    assert_int_equal(kind_of(syn), Kind::Handshake);
    tl::FrameFacts synack;
    synack.flags = tl::kSyn | tl::kAck;
    synack.seq = 0;
    synack.ack = 1;
    synack.to_server = false;
    assert_int_equal(kind_of(synack), Kind::Handshake);
    // A retransmitted SYN is still a handshake: the SYN flag comes first.
    syn.analysis = tl::kRetransmission;
    assert_int_equal(kind_of(syn), Kind::Handshake);
}

static void test_classify_kind_third_ack(void **) {
    // Client → server, relative seq 1, ack 1, no data, after a SYN: completes the handshake.
    tl::FrameFacts f;
    f.flags = tl::kAck;
    f.seq = 1;
    f.ack = 1;
    f.to_server = true;
    tl::FlowState flow;
    flow.syn_seen = true;
    assert_int_equal(tl::classify_kind(f, flow), Kind::Handshake);
    // Any one condition missing makes it a plain ACK.
    assert_int_equal(tl::classify_kind(f, tl::FlowState{}), Kind::Ack); // no SYN seen
    f.to_server = false;
    assert_int_equal(tl::classify_kind(f, flow), Kind::Ack);
    f.to_server = true;
    f.ack = 2;
    assert_int_equal(tl::classify_kind(f, flow), Kind::Ack);
    f.ack = 1;
    f.payload_len = 1; // carries data: no longer the bare third ACK
    assert_int_equal(tl::classify_kind(f, flow), Kind::Data);
}

static void test_relativize_from_raw(void **) {
    // Raw numbers from the bytes become Wireshark's relative ones: client ISN 1000, server ISN
    // 5000. SYN: seq 1000 → 0; SYN-ACK: seq 5000 → 0, ack 1001 → 1; third ACK seq 1001 → 1,
    // ack 5001 → 1 (and is the handshake's last frame).
    tl::FlowState flow;
    tl::FrameFacts syn;
    syn.flags = tl::kSyn;
    syn.seq = 1000;
    tl::relativize(flow, syn);
    assert_int_equal(syn.seq, 0);
    tl::observe(flow, syn, 1);
    tl::FrameFacts synack;
    synack.flags = tl::kSyn | tl::kAck;
    synack.to_server = false;
    synack.seq = 5000;
    synack.ack = 1001;
    tl::relativize(flow, synack);
    assert_int_equal(synack.seq, 0);
    assert_int_equal(synack.ack, 1);
    tl::observe(flow, synack, 2);
    tl::FrameFacts third;
    third.flags = tl::kAck;
    third.seq = 1001;
    third.ack = 5001;
    tl::relativize(flow, third);
    assert_int_equal(third.seq, 1);
    assert_int_equal(third.ack, 1);
    assert_int_equal(tl::classify_kind(third, flow), Kind::Handshake);
    // Wrap-around: a client ISN of 0xfffffff0 and data 32 bytes on is relative 33.
    tl::FlowState w;
    tl::FrameFacts a;
    a.flags = tl::kSyn;
    a.seq = 0xfffffff0u;
    tl::relativize(w, a);
    tl::FrameFacts b;
    b.flags = tl::kAck;
    b.seq = 0x00000011u;
    tl::relativize(w, b);
    assert_int_equal(b.seq, 33);
    // Mid-stream: a direction first seen without a SYN starts at relative 1; ack stays 0 while
    // the other direction is unknown.
    tl::FlowState m;
    tl::FrameFacts d;
    d.flags = tl::kAck;
    d.seq = 777777;
    d.ack = 12345;
    tl::relativize(m, d);
    assert_int_equal(d.seq, 1);
    assert_int_equal(d.ack, 0);
}

static void test_classify_kind_teardown(void **) {
    tl::FrameFacts fin = pure_ack();
    fin.flags = tl::kFin | tl::kAck;
    assert_int_equal(kind_of(fin), Kind::Teardown);
    tl::FrameFacts rst = pure_ack();
    rst.flags = tl::kRst;
    assert_int_equal(kind_of(rst), Kind::Teardown);
    // FIN with data and a retransmission flag: teardown still outranks analysis.
    tl::FrameFacts finr = data_frame(10);
    finr.flags = tl::kFin | tl::kAck | tl::kPsh;
    finr.analysis = tl::kRetransmission;
    assert_int_equal(kind_of(finr), Kind::Teardown);
}

static void test_classify_kind_each_analysis_bit(void **) {
    struct Case {
        uint32_t bit;
        uint32_t payload;
        Kind kind;
    };
    const Case cases[] = {
        {tl::kRetransmission, 100, Kind::Retransmission},
        {tl::kFastRetransmission, 100, Kind::Retransmission},
        {tl::kSpuriousRetransmission, 100, Kind::SpuriousRetransmission},
        {tl::kDupAck, 0, Kind::DupAck},
        {tl::kOutOfOrder, 100, Kind::OutOfOrder},
        {tl::kLostSegment, 100, Kind::LostSegment},
        {tl::kAckedUnseen, 0, Kind::AckedUnseen},
        {tl::kZeroWindow, 0, Kind::ZeroWindow},
        {tl::kZeroWindowProbe, 1, Kind::ZeroWindow},
        {tl::kZeroWindowProbeAck, 0, Kind::ZeroWindow},
        {tl::kKeepAlive, 0, Kind::KeepAlive},
        {tl::kKeepAlive, 1, Kind::KeepAlive}, // keep-alive with its one garbage byte
        {tl::kKeepAliveAck, 0, Kind::KeepAlive},
        {tl::kWindowUpdate, 0, Kind::WindowUpdate},
        {tl::kWindowFull, 100, Kind::WindowFull},
    };
    for (const Case &c : cases) {
        tl::FrameFacts f = data_frame(c.payload);
        f.analysis = c.bit;
        assert_int_equal(kind_of(f), c.kind);
    }
}

static void test_classify_kind_analysis_precedence(void **) {
    // The order in tcplabel.cpp, strongest first: spurious > retransmission (incl. fast) >
    // out-of-order > lost-segment > acked-unseen > dup-ack > zero-window > keep-alive >
    // window-full > window-update. Each pair sets two neighbours; the first must win.
    struct Case {
        uint32_t bits;
        Kind kind;
    };
    const Case cases[] = {
        {tl::kSpuriousRetransmission | tl::kRetransmission, Kind::SpuriousRetransmission},
        {tl::kRetransmission | tl::kOutOfOrder, Kind::Retransmission},
        {tl::kFastRetransmission | tl::kOutOfOrder, Kind::Retransmission},
        {tl::kOutOfOrder | tl::kLostSegment, Kind::OutOfOrder},
        {tl::kLostSegment | tl::kAckedUnseen, Kind::LostSegment},
        {tl::kAckedUnseen | tl::kDupAck, Kind::AckedUnseen},
        {tl::kDupAck | tl::kZeroWindow, Kind::DupAck},
        {tl::kZeroWindow | tl::kKeepAlive, Kind::ZeroWindow},
        {tl::kKeepAlive | tl::kWindowFull, Kind::KeepAlive},
        {tl::kWindowFull | tl::kWindowUpdate, Kind::WindowFull},
    };
    for (const Case &c : cases) {
        tl::FrameFacts f = pure_ack(); // zero payload so window-update can apply at all
        f.analysis = c.bits;
        assert_int_equal(kind_of(f), c.kind);
    }
    // Analysis outranks reassembly and continuation: a retransmitted segment of a PDU.
    tl::FrameFacts r = data_frame(100);
    r.analysis = tl::kRetransmission;
    r.in_reassembly = true;
    r.top = tl::WsTop::TlsContinuation;
    assert_int_equal(kind_of(r), Kind::Retransmission);
}

static void test_classify_kind_zero_payload_is_ack(void **) {
    assert_int_equal(kind_of(pure_ack()), Kind::Ack);
    tl::FrameFacts f = pure_ack();
    f.in_reassembly = true; // reassembly facts on an empty segment do not make it a segment
    assert_int_equal(kind_of(f), Kind::Ack);
}

static void test_classify_kind_segment_continuation_midstream(void **) {
    tl::FrameFacts seg = data_frame(1448);
    seg.in_reassembly = true;
    seg.top = tl::WsTop::TlsContinuation; // reassembly is the more specific fact
    assert_int_equal(kind_of(seg), Kind::Segment);

    tl::FrameFacts cont = data_frame(1448);
    cont.top = tl::WsTop::TlsContinuation;
    assert_int_equal(kind_of(cont), Kind::Continuation);
    cont.top = tl::WsTop::HttpContinuation;
    assert_int_equal(kind_of(cont), Kind::Continuation);

    tl::FlowState mid;
    mid.midstream = true;
    tl::FrameFacts d = data_frame(1448);
    assert_int_equal(tl::classify_kind(d, mid), Kind::Midstream);
    assert_int_equal(kind_of(d), Kind::Data); // the same frame in a flow seen from its SYN
    // Continuation outranks mid-stream.
    d.top = tl::WsTop::TlsContinuation;
    assert_int_equal(tl::classify_kind(d, mid), Kind::Continuation);
}

// ---- decide ----------------------------------------------------------------------------------

static void test_decide_reassembly_beats_everything(void **) {
    tl::FlowState flow;
    flow.app = App::Tls;
    flow.identified_at_start = true;
    tl::FrameFacts f = data_frame(1448);
    f.in_reassembly = true;
    f.reassembly_app = App::Http;
    f.content = {App::Tls, Evidence::TlsRecords};
    f.port_app = App::Tls;
    const tl::Label l = tl::decide(f, flow);
    assert_int_equal(l.app, App::Http);
    assert_int_equal(l.basis, Basis::Reassembly);
    assert_int_equal(l.kind, Kind::Segment);
    // Without a known reassembler the segment falls through to the flow.
    f.reassembly_app = App::None;
    const tl::Label m = tl::decide(f, flow);
    assert_int_equal(m.app, App::Tls);
    assert_int_equal(m.basis, Basis::Flow);
}

static void test_decide_flow_at_start_beats_content(void **) {
    tl::FlowState flow;
    flow.app = App::Tls;
    flow.identified_at_start = true;
    tl::FrameFacts f = data_frame(6);
    f.content = {App::Http, Evidence::HttpChunkLine}; // e.g. ciphertext that reads "dead\r\n"
    f.port_app = App::Tls;
    const tl::Label l = tl::decide(f, flow);
    assert_int_equal(l.app, App::Tls);
    assert_int_equal(l.basis, Basis::Flow);
    assert_int_equal(l.mismatch, Mismatch::None); // the flow (tls) agrees with port 443
}

static void test_decide_content_beats_midstream_flow(void **) {
    tl::FlowState flow;
    flow.app = App::Http;
    flow.identified_at_start = false;
    flow.midstream = true;
    tl::FrameFacts f = data_frame(1448);
    f.content = {App::Tls, Evidence::TlsRecords};
    f.port_app = App::Http;
    const tl::Label l = tl::decide(f, flow);
    assert_int_equal(l.app, App::Tls);
    assert_int_equal(l.basis, Basis::Content);
    assert_int_equal(l.kind, Kind::Midstream);
    // Mismatch follows the flow's identification (http on an http port): none.
    assert_int_equal(l.mismatch, Mismatch::None);
    // Without content of its own the frame takes the mid-stream flow's app.
    f.content = {};
    const tl::Label m = tl::decide(f, flow);
    assert_int_equal(m.app, App::Http);
    assert_int_equal(m.basis, Basis::Flow);
}

static void test_decide_port_fallback(void **) {
    tl::FrameFacts f = data_frame(100);
    f.port_app = App::Tls;
    const tl::Label l = tl::decide(f, tl::FlowState{});
    assert_int_equal(l.app, App::Tls);
    assert_int_equal(l.basis, Basis::Port);
    assert_int_equal(l.kind, Kind::Data);
    assert_int_equal(l.mismatch, Mismatch::None); // a guess from the port cannot contradict it
}

static void test_decide_app_none(void **) {
    const tl::Label l = tl::decide(data_frame(100), tl::FlowState{});
    assert_int_equal(l.app, App::None);
    assert_int_equal(l.basis, Basis::Port);
    assert_int_equal(l.mismatch, Mismatch::None);
    assert_string_equal(ct::app_name(l.app), "");
}

static void test_decide_mismatch_from_flow(void **) {
    // A TLS flow identified at its start on port 80.
    tl::FlowState flow;
    flow.app = App::Tls;
    flow.identified_at_start = true;
    tl::FrameFacts ack = pure_ack();
    ack.port_app = App::Http;
    const tl::Label l = tl::decide(ack, flow);
    assert_int_equal(l.app, App::Tls);
    assert_int_equal(l.basis, Basis::Flow);
    assert_int_equal(l.mismatch, Mismatch::TlsOnHttpPort);
    // No flow identification: the frame's own content decides (http on 443).
    tl::FrameFacts f = data_frame(20);
    f.content = {App::Http, Evidence::HttpRequestLine};
    f.port_app = App::Tls;
    assert_int_equal(tl::decide(f, tl::FlowState{}).mismatch, Mismatch::HttpOnTlsPort);
}

// ---- observe ---------------------------------------------------------------------------------

static void test_observe_syn_then_client_hello(void **) {
    tl::FlowState flow;
    tl::FrameFacts syn;
    syn.flags = tl::kSyn;
    tl::observe(flow, syn, 1);
    tl::FrameFacts synack;
    synack.flags = tl::kSyn | tl::kAck;
    synack.to_server = false;
    tl::observe(flow, synack, 2);
    tl::FrameFacts ack = pure_ack();
    tl::observe(flow, ack, 3);
    assert_true(flow.syn_seen);
    assert_false(flow.payload_seen);
    assert_int_equal(flow.app, App::None);

    // Frame 4: Wireshark dissected a ClientHello (tls.handshake.type present).
    tl::FrameFacts ch = data_frame(517);
    ch.top = tl::WsTop::Tls;
    ch.ws_identified = App::Tls;
    ch.ws_start_evidence = true;
    ch.content = {App::Tls, Evidence::TlsRecords};
    tl::observe(flow, ch, 4);
    assert_int_equal(flow.app, App::Tls);
    assert_true(flow.identified_at_start);
    assert_int_equal(flow.first_frame, 4);
    assert_true(flow.payload_seen);
    assert_false(flow.midstream);
}

static void test_observe_midstream_content_tls(void **) {
    tl::FlowState flow;
    tl::FrameFacts f = data_frame(1400);
    f.content = {App::Tls, Evidence::TlsRecords};
    tl::observe(flow, f, 7);
    assert_true(flow.midstream); // payload before any SYN
    assert_int_equal(flow.app, App::Tls);
    assert_false(flow.identified_at_start); // records mid-stream prove no start
    assert_int_equal(flow.first_frame, 7);
    // A later mid-stream identification does not replace the first one.
    tl::FrameFacts g = data_frame(6);
    g.content = {App::Http, Evidence::HttpChunkLine};
    tl::observe(flow, g, 9);
    assert_int_equal(flow.app, App::Tls);
    assert_int_equal(flow.first_frame, 7);
    // A start (a request line) does.
    tl::FrameFacts r = data_frame(40);
    r.content = {App::Http, Evidence::HttpRequestLine};
    tl::observe(flow, r, 12);
    assert_int_equal(flow.app, App::Http);
    assert_true(flow.identified_at_start);
    assert_int_equal(flow.first_frame, 12);
}

static void test_observe_content_tls_after_syn_is_start(void **) {
    // With the SYN seen, TLS records from the first payload on count as the flow's start.
    tl::FlowState flow;
    tl::FrameFacts syn;
    syn.flags = tl::kSyn;
    tl::observe(flow, syn, 1);
    tl::FrameFacts f = data_frame(517);
    f.content = {App::Tls, Evidence::TlsRecords};
    tl::observe(flow, f, 4);
    assert_false(flow.midstream);
    assert_int_equal(flow.app, App::Tls);
    assert_true(flow.identified_at_start);
}

static void test_observe_wireshark_outranks_content(void **) {
    // Same frame: Wireshark dissected HTTP, our bytes check says TLS. Wireshark wins.
    tl::FlowState flow;
    tl::FrameFacts f = data_frame(300);
    f.top = tl::WsTop::Http;
    f.ws_identified = App::Http;
    f.ws_start_evidence = true;
    f.content = {App::Tls, Evidence::TlsRecords};
    tl::observe(flow, f, 3);
    assert_int_equal(flow.app, App::Http);
    assert_true(flow.identified_at_start);
    // Wireshark's verdict on start evidence is used, not the content's: TLS application data
    // dissected by Wireshark mid-flow is no start even though a request line is in the bytes.
    tl::FlowState flow2;
    tl::FrameFacts g = data_frame(300);
    g.top = tl::WsTop::Tls;
    g.ws_identified = App::Tls;
    g.ws_start_evidence = false;
    g.content = {App::Http, Evidence::HttpRequestLine};
    tl::observe(flow2, g, 5);
    assert_int_equal(flow2.app, App::Tls);
    assert_false(flow2.identified_at_start);
}

static void test_observe_reassembly_app_fallback(void **) {
    tl::FlowState flow;
    tl::FrameFacts f = data_frame(1448);
    f.in_reassembly = true;
    f.reassembly_app = App::Http;
    tl::observe(flow, f, 2);
    assert_int_equal(flow.app, App::Http);
    assert_false(flow.identified_at_start);
}

// ---- mismatch_for ----------------------------------------------------------------------------

static void test_mismatch_for_cases(void **) {
    assert_int_equal(tl::mismatch_for(App::Tls, App::Http), Mismatch::TlsOnHttpPort);
    assert_int_equal(tl::mismatch_for(App::Http, App::Tls), Mismatch::HttpOnTlsPort);
    assert_int_equal(tl::mismatch_for(App::Http2, App::Tls), Mismatch::HttpOnTlsPort); // h2c
    assert_int_equal(tl::mismatch_for(App::Ssh, App::Http), Mismatch::OtherOnWebPort);
    assert_int_equal(tl::mismatch_for(App::Ssh, App::Tls), Mismatch::OtherOnWebPort);
    assert_int_equal(tl::mismatch_for(App::Http2, App::Http), Mismatch::None);
    assert_int_equal(tl::mismatch_for(App::Tls, App::Tls), Mismatch::None);
    assert_int_equal(tl::mismatch_for(App::Http, App::Http), Mismatch::None);
    assert_int_equal(tl::mismatch_for(App::None, App::Http), Mismatch::None);
    assert_int_equal(tl::mismatch_for(App::Tls, App::None), Mismatch::None);
    assert_int_equal(tl::mismatch_for(App::None, App::None), Mismatch::None);
}

static void test_mismatch_name_and_kind_name(void **) {
    assert_string_equal(tl::mismatch_name(Mismatch::TlsOnHttpPort), "tls-on-http-port");
    assert_string_equal(tl::mismatch_name(Mismatch::HttpOnTlsPort), "cleartext-http-on-tls-port");
    assert_string_equal(tl::mismatch_name(Mismatch::OtherOnWebPort), "other-protocol-on-web-port");
    assert_string_equal(tl::mismatch_name(Mismatch::None), "");
    assert_string_equal(tl::basis_name(Basis::Content), "content");
    assert_string_equal(tl::kind_name(Kind::AckedUnseen), "ack-unseen");
    assert_string_equal(tl::kind_name(Kind::Midstream), "midstream");
}

// ---- scenario --------------------------------------------------------------------------------

namespace {

using Bytes = std::vector<uint8_t>;

// TLS 1.2 application_data header: 17 03 03 LL LL.
Bytes appdata_header(uint16_t len) {
    return {0x17, 0x03, 0x03, static_cast<uint8_t>(len >> 8), static_cast<uint8_t>(len & 0xff)};
}
Bytes ciphertext(size_t n) { return Bytes(n, 0xaa); }

struct Frame {
    bool to_server;
    uint32_t seq, ack;
    Bytes payload;
};

// Content evidence from the frame's own record headers only (a record header in this payload).
ct::Verdict own_records(tl::FlowState &flow, const Frame &fr) {
    if (fr.payload.empty())
        return {};
    const tls::RecordScan s =
        flow.tls_dir[fr.to_server ? 0 : 1].feed(fr.seq, fr.payload.data(), fr.payload.size());
    if (s.ok && s.records > 0)
        return {App::Tls, Evidence::TlsRecords};
    return {};
}

} // namespace

static void test_decide_midstream_tls_flow_scenario(void **) {
    // A capture that starts in the middle of an HTTPS download on port 443: no SYN, Wireshark
    // left every frame bare (top TCP). Sequence numbers are relative to the first frame seen.
    const std::vector<Frame> frames = {
        // 1 S→C 1400: 17 03 03 07 d0 (2000) | 1395 → 605 bytes of that record still to come
        {false, 1, 1, cat({appdata_header(2000), ciphertext(1395)})},
        // 2 C→S ACK
        {true, 1, 1401, {}},
        // 3 S→C 642 (seq 1401): 605 rest | 17 03 03 00 20 (32) | 32 → ends on a boundary
        {false, 1401, 1, cat({ciphertext(605), appdata_header(32), ciphertext(32)})},
        // 4 C→S ACK (1401 + 642 = 2043)
        {true, 1, 2043, {}},
        // 5 C→S 21: 17 03 03 00 10 (16) | 16 → the client's own record
        {true, 1, 2043, cat({appdata_header(16), ciphertext(16)})},
        // 6 S→C 1000 (seq 2043): 17 03 03 07 d0 (2000) | 995 → 1005 to come
        {false, 2043, 22, cat({appdata_header(2000), ciphertext(995)})},
        // 7 S→C 1005 (seq 3043): wholly inside the record begun in frame 6, no header of its own
        {false, 3043, 22, ciphertext(1005)},
        // 8 C→S ACK (3043 + 1005 = 4048)
        {true, 22, 4048, {}},
    };
    struct Want {
        Basis basis;
        Kind kind;
    };
    const Want want[] = {
        {Basis::Content, Kind::Midstream}, // 1: own header
        {Basis::Flow, Kind::Ack},          // 2
        {Basis::Content, Kind::Midstream}, // 3: own header at offset 605
        {Basis::Flow, Kind::Ack},          // 4
        {Basis::Content, Kind::Midstream}, // 5: own header
        {Basis::Content, Kind::Midstream}, // 6: own header
        {Basis::Flow, Kind::Midstream},    // 7: no header of its own → the flow's app
        {Basis::Flow, Kind::Ack},          // 8
    };
    tl::FlowState flow;
    for (size_t i = 0; i < frames.size(); ++i) {
        const Frame &fr = frames[i];
        tl::FrameFacts f;
        f.top = tl::WsTop::Tcp;
        f.flags = fr.payload.empty() ? tl::kAck : tl::kAck | tl::kPsh;
        f.payload_len = static_cast<uint32_t>(fr.payload.size());
        f.seq = fr.seq;
        f.ack = fr.ack;
        f.to_server = fr.to_server;
        f.port_app = App::Tls; // port 443
        f.content = own_records(flow, fr);
        tl::observe(flow, f, static_cast<uint32_t>(i + 1));
        const tl::Label l = tl::decide(f, flow);
        assert_int_equal(l.app, App::Tls);
        assert_int_equal(l.basis, want[i].basis);
        assert_int_equal(l.kind, want[i].kind);
        assert_int_equal(l.mismatch, Mismatch::None);
    }
    assert_true(flow.midstream);
    assert_false(flow.syn_seen);
    assert_false(flow.identified_at_start);
    assert_int_equal(flow.app, App::Tls);
    assert_int_equal(flow.first_frame, 1);
    // Both directions stayed in sync: server → client expects seq 3043 + 1005 = 4048 with
    // nothing carried, client → server 1 + 21 = 22.
    assert_true(flow.tls_dir[1].synced);
    assert_int_equal(flow.tls_dir[1].next_seq, 4048);
    assert_int_equal(flow.tls_dir[1].carry, 0);
    assert_true(flow.tls_dir[0].synced);
    assert_int_equal(flow.tls_dir[0].next_seq, 22);
}

// packet-tcp.c shows tcp.analysis.retransmission for fast and spurious retransmissions too
// (tcp_sequence_number_analysis_print_retransmission raises both expert fields), so the mapping
// sets kRetransmission with them; every other TCP_A_* bit maps to its one field. 0x2000
// (reused ports) and 0x8000 (old data) have no tcplabel bit.
static void test_analysis_from_tcp_a(void **) {
    assert_int_equal(tl::analysis_from_tcp_a(0), 0);
    assert_int_equal(tl::analysis_from_tcp_a(0x0001), tl::kRetransmission);
    assert_int_equal(tl::analysis_from_tcp_a(0x0400), tl::kRetransmission | tl::kFastRetransmission);
    assert_int_equal(tl::analysis_from_tcp_a(0x4000), tl::kRetransmission | tl::kSpuriousRetransmission);
    const struct {
        uint16_t tcp_a;
        uint32_t bit;
    } one[] = {{0x0002, tl::kLostSegment}, {0x0004, tl::kAckedUnseen}, {0x0008, tl::kKeepAlive},
               {0x0010, tl::kDupAck}, {0x0020, tl::kZeroWindow}, {0x0040, tl::kZeroWindowProbe},
               {0x0080, tl::kZeroWindowProbeAck}, {0x0100, tl::kKeepAliveAck}, {0x0200, tl::kOutOfOrder},
               {0x0800, tl::kWindowUpdate}, {0x1000, tl::kWindowFull}};
    for (const auto &o : one)
        assert_int_equal(tl::analysis_from_tcp_a(o.tcp_a), o.bit);
    assert_int_equal(tl::analysis_from_tcp_a(0x2000 | 0x8000), 0);
    assert_int_equal(tl::analysis_from_tcp_a(0x0010 | 0x0200), tl::kDupAck | tl::kOutOfOrder);
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_analysis_from_tcp_a),
        cmocka_unit_test(test_classify_kind_syn_and_syn_ack),
        cmocka_unit_test(test_classify_kind_third_ack),
        cmocka_unit_test(test_relativize_from_raw),
        cmocka_unit_test(test_classify_kind_teardown),
        cmocka_unit_test(test_classify_kind_each_analysis_bit),
        cmocka_unit_test(test_classify_kind_analysis_precedence),
        cmocka_unit_test(test_classify_kind_zero_payload_is_ack),
        cmocka_unit_test(test_classify_kind_segment_continuation_midstream),
        cmocka_unit_test(test_decide_reassembly_beats_everything),
        cmocka_unit_test(test_decide_flow_at_start_beats_content),
        cmocka_unit_test(test_decide_content_beats_midstream_flow),
        cmocka_unit_test(test_decide_port_fallback),
        cmocka_unit_test(test_decide_app_none),
        cmocka_unit_test(test_decide_mismatch_from_flow),
        cmocka_unit_test(test_observe_syn_then_client_hello),
        cmocka_unit_test(test_observe_midstream_content_tls),
        cmocka_unit_test(test_observe_content_tls_after_syn_is_start),
        cmocka_unit_test(test_observe_wireshark_outranks_content),
        cmocka_unit_test(test_observe_reassembly_app_fallback),
        cmocka_unit_test(test_mismatch_for_cases),
        cmocka_unit_test(test_mismatch_name_and_kind_name),
        cmocka_unit_test(test_decide_midstream_tls_flow_scenario),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
