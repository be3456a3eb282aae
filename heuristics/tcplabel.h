// SPDX-License-Identifier: GPL-2.0-or-later
// tcplabel: the label for a TCP frame on a web port that Wireshark left bare ("TCP", a
// segment of a reassembled PDU, a TLS/HTTP continuation). Pure decision over plain facts that
// the glue reads from Wireshark's own dissection, plus bounded per-flow state.
// Contract (DESIGN.md): app, basis (reassembly > flow > content > port), kind, mismatch.
// Limitations: in a single pass only earlier frames of a flow are known; with two passes (GUI,
// tshark -2) the flow's final state labels every frame.
#pragma once

#include "app_content.h"
#include "tls_records.h"

#include <type_traits>

namespace huntpack::tcplabel {

using content::App;

enum class Basis : uint8_t { Port, Content, Flow, Reassembly }; // weakest to strongest
const char *basis_name(Basis b);

enum class Kind : uint8_t {
    Data, Handshake, Ack, Segment, Retransmission, SpuriousRetransmission, DupAck, OutOfOrder,
    LostSegment, AckedUnseen, ZeroWindow, KeepAlive, WindowUpdate, WindowFull, Continuation,
    Midstream, Teardown
};
const char *kind_name(Kind k);

enum class Mismatch : uint8_t { None, TlsOnHttpPort, HttpOnTlsPort, OtherOnWebPort };
const char *mismatch_name(Mismatch m); // "" for None

// What Wireshark made of the frame (its top protocol, mapped).
enum class WsTop : uint8_t { Tcp, Data, Tls, TlsContinuation, Http, HttpContinuation, Other };

// tcp.analysis.* flags (bit set).
enum Analysis : uint32_t {
    kRetransmission = 1u << 0, kFastRetransmission = 1u << 1, kSpuriousRetransmission = 1u << 2,
    kDupAck = 1u << 3, kOutOfOrder = 1u << 4, kLostSegment = 1u << 5, kAckedUnseen = 1u << 6,
    kZeroWindow = 1u << 7, kZeroWindowProbe = 1u << 8, kKeepAlive = 1u << 9,
    kWindowUpdate = 1u << 10, kWindowFull = 1u << 11, kKeepAliveAck = 1u << 12,
    kZeroWindowProbeAck = 1u << 13,
};

// What Wireshark's TLS or HTTP dissector did with a frame whose top layer is theirs, told without
// its fields from the bytes it was given: the frame's own payload and, when a reassembled PDU
// completed in the frame (the "Reassembled TCP" data source), that PDU's first bytes. A record /
// request / response dissected here gives Tls / Http; bytes only stored for a reassembly,
// retransmitted or not parseable give the continuation.
struct WsBytes {
    const uint8_t *own = nullptr;  // the frame's TCP payload
    size_t own_len = 0;
    const uint8_t *pdu = nullptr;  // a reassembled PDU that completed here, or null
    size_t pdu_len = 0;
    bool retransmitted = false;    // Wireshark marked the data as retransmitted (not dissected)
    bool stored = false;           // the payload (or its tail) went into an unfinished reassembly
    bool hello = false;            // a TLS hello completes in this frame (hp_tls)
};
// start: Wireshark dissected a plaintext handshake message here (tls.handshake.type).
WsTop ws_top_tls(const WsBytes &b, bool *start);
WsTop ws_top_http(const WsBytes &b);


// The Analysis bits of Wireshark's TCP_A_* flags (tcp_analysis.h): each bit set exactly when the
// tcp.analysis.* field of the same name would be shown.
uint32_t analysis_from_tcp_a(uint16_t tcp_a);

// TCP flags as in the header (RFC 9293 §3.1).
enum Flags : uint16_t { kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10 };

struct FrameFacts {
    WsTop top = WsTop::Tcp;
    uint16_t flags = 0;
    uint32_t payload_len = 0;
    uint32_t seq = 0;      // relative sequence number
    uint32_t ack = 0;      // relative acknowledgment number
    uint32_t analysis = 0; // Analysis bits
    bool in_reassembly = false;      // tcp.segment_data / tcp.reassembled_in present
    App reassembly_app = App::None;  // who reassembles: the conversation's dissector
    App ws_identified = App::None;   // Wireshark dissected real TLS records / HTTP lines here
    bool ws_start_evidence = false;  // ... and they were a handshake / request / response
    content::Verdict content;        // this frame's own bytes
    App port_app = App::None;        // what the server port suggests
    bool to_server = true;           // direction (client → server)
    uint32_t frame = 0;              // frame number
};
static_assert(std::is_trivially_copyable_v<FrameFacts>);

// Per TCP conversation, in wmem file scope: trivially copyable, fixed size.
struct FlowState {
    App app = App::None;           // best identification so far
    bool identified_at_start = false; // handshake / request seen (Wireshark's or ours)
    bool syn_seen = false;
    bool payload_seen = false;
    bool midstream = false;        // first payload arrived without a SYN before it
    uint32_t first_frame = 0;      // frame that identified the flow
    tls::RecordTracker tls_dir[2]; // [0] client → server, [1] server → client
    uint32_t seq_base[2] = {0, 0}; // per direction: the raw sequence number of relative 0
    bool have_base[2] = {false, false};
};
static_assert(std::is_trivially_copyable_v<FlowState>);

struct Label {
    App app = App::None; // None is reported as "unknown"
    Basis basis = Basis::Port;
    Kind kind = Kind::Data;
    Mismatch mismatch = Mismatch::None;
};

// Turns f.seq and f.ack from raw into relative numbers, as Wireshark's tcp.seq / tcp.ack show
// them: relative 0 is a direction's SYN (ISN); a direction first seen without a SYN starts at
// relative 1. f.ack is relative to the other direction's base (0 while that is unknown).
// Call once per frame, first pass, before observe().
void relativize(FlowState &flow, FrameFacts &f);

// Records what this frame shows about its flow (first pass only).
void observe(FlowState &flow, const FrameFacts &f, uint32_t frame_number);

// The label, from the frame's own facts and its flow's state.
Label decide(const FrameFacts &f, const FlowState &flow);

Kind classify_kind(const FrameFacts &f, const FlowState &flow);

// Does the app contradict the port? None when it does not or nothing is known.
Mismatch mismatch_for(App app, App port_app);

} // namespace huntpack::tcplabel
