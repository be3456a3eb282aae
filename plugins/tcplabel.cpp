// SPDX-License-Identifier: GPL-2.0-or-later
// tcplabel: labels TCP frames on web ports that Wireshark leaves bare, with the basis for the
// label. Glue only: facts are read from Wireshark's own dissection (wanted fields, lazily, see
// hp_fields.h), decided by heuristics/tcplabel, cached per frame, and shown as fields.
// Also queues the per-frame "huntpack" tap record used by the breakdown statistics.
#include "ws_compat.h"
#include <epan/conversation.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/tap.h>
#include <epan/dissectors/packet-http.h>

#include "glue.h"
#include "hp_fields.h"
#include "hp_tap.h"
#include "hp_frame.h"
#include "hp_post.h"
#include "hp_peer.h"
#include "tcp_analysis.h"
#include "http_message.h"
#include "tcplabel.h"

namespace tl = huntpack::tcplabel;
namespace tcpa = huntpack::tcpa;
namespace ct = huntpack::content;

static int proto_tcplabel = -1;
static int hf_app = -1, hf_basis = -1, hf_kind = -1, hf_ws_top = -1, hf_mismatch = -1,
           hf_evidence = -1, hf_flow_frame = -1, hf_bucket = -1, hf_revised = -1;
static gint ett_tcplabel = -1;
static expert_field ei_mismatch = EI_INIT;
static int hp_tap = -1;
static range_t *web_ports;
// web_ports as a list of at most kWebList ports (the default four) or else a bitmap, remade
// when the preference is applied and at every file open: a TCP frame asks once or twice.
// value_is_in_range (a call into libwireshark, a walk of the ranges) cost 1.3 M instructions of
// 20,000 frames, and a bitmap alone a cache miss a frame (the ephemeral port's line of 8 KB).
constexpr int kWebList = 8;
static guint32 web_port_list[kWebList]; // unused entries hold G_MAXUINT32, which no port is
static int n_web_list; // -1: the bitmap answers
static guint64 web_port_bits[65536 / 64];

static void remake_web_ports()
{
    memset(web_port_bits, 0, sizeof web_port_bits);
    for (guint32 &p : web_port_list)
        p = G_MAXUINT32;
    n_web_list = 0;
    for (guint i = 0; web_ports && i < web_ports->nranges; i++)
        for (guint32 p = web_ports->ranges[i].low; p <= MIN(web_ports->ranges[i].high, 65535u); p++) {
            const guint64 bit = G_GUINT64_CONSTANT(1) << (p % 64);
            if (!(web_port_bits[p / 64] & bit) && n_web_list >= 0) { // a port not listed yet
                if (n_web_list < kWebList)
                    web_port_list[n_web_list++] = p;
                else
                    n_web_list = -1;
            }
            web_port_bits[p / 64] |= bit;
        }
}

static inline bool web_port(guint32 port)
{
    if (n_web_list >= 0) { // all eight compared: no loop to predict (unrolled, branch-free)
        bool in = false;
        for (int i = 0; i < kWebList; i++)
            in |= web_port_list[i] == port;
        return in;
    }
    return port <= 65535 && (web_port_bits[port / 64] >> (port % 64)) & 1;
}

static hp_want_set want_verify; // Wireshark's TCP/TLS/HTTP fields, read only for huntpack.verify_facts

// Wireshark fields, read only to check huntpack's own readings (huntpack.verify_facts): the TCP
// facts come from Wireshark's TCP state (hp_tcp_frame), the TLS/HTTP view from the bytes
// (map_top). Ids resolved in handoff.
static int hf_tls_content_type = -1, hf_tls_opaque_type = -1, hf_tls_hs_type = -1, hf_http_request = -1,
           hf_http_response = -1;
static int hf_tcp_segment_data = -1, hf_tcp_reassembled_in = -1, hf_tcp_analysis_flags = -1;
struct AnalysisField {
    const char *name;
    uint32_t bit;
    int hf;
};
static AnalysisField analysis_fields[] = {
    {"tcp.analysis.retransmission", tl::kRetransmission, -1},
    {"tcp.analysis.fast_retransmission", tl::kFastRetransmission, -1},
    {"tcp.analysis.spurious_retransmission", tl::kSpuriousRetransmission, -1},
    {"tcp.analysis.duplicate_ack", tl::kDupAck, -1},
    {"tcp.analysis.out_of_order", tl::kOutOfOrder, -1},
    {"tcp.analysis.lost_segment", tl::kLostSegment, -1},
    {"tcp.analysis.ack_lost_segment", tl::kAckedUnseen, -1},
    {"tcp.analysis.zero_window", tl::kZeroWindow, -1},
    {"tcp.analysis.zero_window_probe", tl::kZeroWindowProbe, -1},
    {"tcp.analysis.zero_window_probe_ack", tl::kZeroWindowProbeAck, -1},
    {"tcp.analysis.keep_alive", tl::kKeepAlive, -1},
    {"tcp.analysis.keep_alive_ack", tl::kKeepAliveAck, -1},
    {"tcp.analysis.window_update", tl::kWindowUpdate, -1},
    {"tcp.analysis.window_full", tl::kWindowFull, -1},
};
static int proto_tcp = -1, proto_tls = -1, proto_http = -1, proto_data = -1, proto_udp = -1;

// Per-frame cache: the facts (first pass) so revisits recompute with the flow's final state.
// `bare` is decided once too: revisits (the GUI's retap when a dialog opens) are not primed with
// our wanted fields, so Wireshark's TLS/HTTP fields cannot be read again there.
struct FrameCache {
    tl::FrameFacts facts;
    uint32_t conv_index;
    bool bare;
};
static_assert(std::is_trivially_copyable_v<FrameCache>);
static_assert(std::is_trivially_copyable_v<tl::FlowState>);

// Most payload we scan for record headers / HTTP lines per frame (a full 64 KiB TSO frame is
// copied at most once; typical frames are ≤ 1500 bytes).
static constexpr guint kMaxScan = 65535;
// Bytes of a reassembled PDU looked at (a record and handshake header; a request line, which can
// be kilobytes long). A reassembled PDU is one contiguous buffer: tvb_get_ptr does not copy.
static constexpr guint kPduPeek = 8192;

static const char *ws_top_name(tl::WsTop t)
{
    switch (t) {
    case tl::WsTop::Tcp: return "tcp";
    case tl::WsTop::Data: return "data";
    case tl::WsTop::Tls: return "tls";
    case tl::WsTop::TlsContinuation: return "tls-continuation";
    case tl::WsTop::Http: return "http";
    case tl::WsTop::HttpContinuation: return "http-continuation";
    case tl::WsTop::Other: break;
    }
    return "other";
}

static ct::App port_app(guint32 port)
{
    switch (port) {
    case 443: case 8443: case 4433: return ct::App::Tls;
    case 80: case 8080: case 8000: case 3128: return ct::App::Http;
    default: return ct::App::None;
    }
}

// Top protocol of the frame: the last layer that is not a sub-protocol of its parent.
static gboolean is_sub_layer(const char *f)
{
    static const char *const exact[] = {"data", "data-text-lines", "media", "png", "json", "xml",
        "urlencoded-form", "mime_multipart", "image-gif", "image-jfif", "ber", "_ws.malformed",
        "_ws.short", "_ws.unreassembled", "_ws.expert"}; // huntpack's postdissector adds no layer (hp_post.cpp)
    for (const char *e : exact)
        if (strcmp(f, e) == 0)
            return TRUE;
    return g_str_has_prefix(f, "x509") || g_str_has_prefix(f, "pkcs") || g_str_has_prefix(f, "pkix") || g_str_has_prefix(f, "image-");
}

// Per protocol id: 0 not classified yet, 1 a sub-layer, 2 a top-level candidate. Filled for every
// registered protocol on first use (one pass over the protocol list instead of string compares
// per layer per frame); ids registered later are classified on the fly.
static guint8 *layer_class;
static guint layer_class_n;
// The breakdown's bucket name of each protocol id (its short name), made on first use: a frame's
// name from the registrar is three dependent loads of cold memory (find_protocol_by_id).
static const char **short_names;

static void classify_layers()
{
    void *cookie = NULL;
    int max_id = 0;
    for (int id = proto_get_first_protocol(&cookie); id != -1; id = proto_get_next_protocol(&cookie))
        max_id = MAX(max_id, id);
    layer_class_n = static_cast<guint>(max_id) + 1;
    layer_class = g_new0(guint8, layer_class_n);
    short_names = g_new0(const char *, layer_class_n);
    cookie = NULL;
    for (int id = proto_get_first_protocol(&cookie); id != -1; id = proto_get_next_protocol(&cookie))
        if (id >= 0 && static_cast<guint>(id) < layer_class_n)
            layer_class[id] = is_sub_layer(proto_get_protocol_filter_name(id)) ? 1 : 2;
}

static int top_proto(packet_info *pinfo)
{
    if (!pinfo->layers)
        return -1;
    if (!layer_class)
        classify_layers();
    for (wmem_list_frame_t *fr = wmem_list_tail(pinfo->layers); fr; fr = wmem_list_frame_prev(fr)) {
        const int id = GPOINTER_TO_INT(wmem_list_frame_data(fr));
        const guint8 c = (id >= 0 && static_cast<guint>(id) < layer_class_n) ? layer_class[id] : 0;
        if (c == 2)
            return id;
        if (c == 0 && find_protocol_by_id(id) && !is_sub_layer(proto_get_protocol_filter_name(id)))
            return id;
    }
    return -1;
}

static const char *bucket_name(int id)
{
    if (id < 0)
        return "Other";
    if (id == proto_tcp)
        return "Unlabeled TCP";
    if (id == proto_udp)
        return "Unlabeled UDP";
    if (short_names && static_cast<guint>(id) < layer_class_n) {
        const char *&n = short_names[id];
        if (!n)
            n = proto_get_protocol_short_name(find_protocol_by_id(id));
        return n;
    }
    return proto_get_protocol_short_name(find_protocol_by_id(id));
}

// hp_frame_rec.nodes: the record's names are functions of the top protocol's id and, when
// labelled, the label's four enums, so these packed give equal keys only for equal names:
// bits 13-30 top + 2 (top >= -1, so never 0: 0 is HP_NODES_UNKEYED), bit 12 labelled, 9-11 app,
// 7-8 basis, 2-6 kind, 0-1 mismatch.
static guint32 nodes_key(int top, bool labelled, const tl::Label &l)
{
    static_assert(static_cast<unsigned>(ct::App::Ssh) < 8 && static_cast<unsigned>(tl::Basis::Reassembly) < 4 &&
                  static_cast<unsigned>(tl::Kind::Teardown) < 32 && static_cast<unsigned>(tl::Mismatch::OtherOnWebPort) < 4,
                  "the label's enums fit their bits");
    const guint32 t = static_cast<guint32>(top + 2);
    if (top < -1 || t >= (1u << 18))
        return HP_NODES_UNKEYED;
    guint32 k = t << 13;
    if (labelled)
        k |= 1u << 12 | static_cast<guint32>(l.app) << 9 | static_cast<guint32>(l.basis) << 7 |
             static_cast<guint32>(l.kind) << 2 | static_cast<guint32>(l.mismatch);
    return k;
}

static const char *revised_name(ct::App app)
{
    switch (app) {
    case ct::App::Tls: return "TLS";
    case ct::App::Http: return "HTTP";
    case ct::App::Http2: return "HTTP2";
    case ct::App::Ssh: return "SSH";
    case ct::App::None: break;
    }
    return "Unknown TCP";
}

// What Wireshark's dissector made of the frame, from the bytes it was given (tl::ws_top_tls,
// ws_top_http); start: it dissected a handshake message / request or response here.
static tl::WsTop map_top(int top, const tl::WsBytes &b, bool *start)
{
    *start = false;
    if (top == proto_tcp)
        return tl::WsTop::Tcp;
    if (top == proto_data)
        return tl::WsTop::Data;
    if (top == proto_tls)
        return tl::ws_top_tls(b, start);
    if (top == proto_http) {
        const tl::WsTop t = tl::ws_top_http(b);
        *start = t == tl::WsTop::Http;
        return t;
    }
    return tl::WsTop::Other;
}

// The same from Wireshark's TLS and HTTP fields (huntpack.verify_facts only).
static tl::WsTop map_top_fields(int top, proto_tree *tree)
{
    if (top == proto_tcp)
        return tl::WsTop::Tcp;
    if (top == proto_data)
        return tl::WsTop::Data;
    if (top == proto_tls)
        return (hp_field_present(tree, hf_tls_content_type) || hp_field_present(tree, hf_tls_opaque_type))
            ? tl::WsTop::Tls : tl::WsTop::TlsContinuation;
    if (top == proto_http)
        return (hp_field_present(tree, hf_http_request) || hp_field_present(tree, hf_http_response))
            ? tl::WsTop::Http : tl::WsTop::HttpContinuation;
    return tl::WsTop::Other;
}

// huntpack.verify_facts: Wireshark's tcp.analysis.* and tcp.segment_data fields against the
// facts read from its TCP state.
static uint32_t read_analysis(proto_tree *tree);
static void verify_tcp(packet_info *pinfo, proto_tree *tree, const tl::FrameFacts &f, const hp_tcp_facts *tf)
{
    const uint32_t ws = read_analysis(tree);
    if (ws != f.analysis)
        hp_facts_differ(pinfo, "TCP analysis bits", wmem_strdup_printf(pinfo->pool, "0x%04x", f.analysis),
            wmem_strdup_printf(pinfo->pool, "0x%04x", ws));
    const bool ws_reassembly = hp_field_present(tree, hf_tcp_segment_data) || hp_field_present(tree, hf_tcp_reassembled_in);
    if (ws_reassembly != f.in_reassembly)
        hp_facts_differ(pinfo, "TCP segment data",
            wmem_strdup_printf(pinfo->pool, "%s (frame %u, TCP_A 0x%04x)", f.in_reassembly ? "yes" : "no", pinfo->num, tf->raw_flags),
            ws_reassembly ? "yes" : "no");
}

static uint32_t read_analysis(proto_tree *tree)
{
    uint32_t bits = 0;
    // tcp.analysis.flags is the generated parent of every analysis flag: absent, none is set.
    if (hf_tcp_analysis_flags > 0 && !hp_field_present(tree, hf_tcp_analysis_flags))
        return 0;
    for (const AnalysisField &a : analysis_fields)
        if (hp_field_present(tree, a.hf))
            bits |= a.bit;
    return bits;
}

// Gathers the facts of a TCP frame on a web port (first pass). Tvb access happens only here,
// on plain data, before any C++ object exists. The TCP header facts come from the frame's
// bytes (hp_frame_l4), not from primed tcp.* fields (see hp_frame.h).
static void gather(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, int top, bool to_server, tl::FlowState &flow,
                   tl::FrameFacts &f)
{
    f.frame = pinfo->num;
    const hp_l4 *l4 = hp_frame_l4(tvb, pinfo, tree);
    f.to_server = to_server;
    if (l4->ok) {
        f.flags = l4->flags;
        f.payload_len = l4->payload_reported;
        f.seq = l4->seq;
        f.ack = l4->ack;
        tl::relativize(flow, f);
    }
    // Wireshark's own sequence analysis and reassembly of the frame, from its TCP state.
    const hp_tcp_facts *tf = hp_tcp_frame(tvb, pinfo, tree);
    f.analysis = tl::analysis_from_tcp_a(tf->analysis);
    f.in_reassembly = tf->segment_data;
    if (hp_verify_facts())
        verify_tcp(pinfo, tree, f, tf);
    f.port_app = port_app(to_server ? pinfo->destport : pinfo->srcport);
    // What Wireshark's TLS/HTTP dissector made of the frame, from the bytes it was given.
    const uint8_t *bytes = hp_l4_payload(tvb, l4);
    // Every payload of the flow goes through hp_tls (a skipped segment would end its direction's
    // hello attempt), whatever Wireshark made of it.
    const bool hello = hp_tls_frame(tvb, pinfo, tree) != NULL;
    tl::WsBytes wb;
    if (top == proto_tls || top == proto_http) {
        wb.own = bytes;
        wb.own_len = bytes ? MIN(l4->payload_len, kMaxScan) : 0;
        tvbuff_t *pdu = pinfo->data_src ? hp_data_source_tvb(pinfo, "Reassembled TCP") : NULL;
        const guint pdu_len = pdu ? MIN(tvb_captured_length(pdu), kPduPeek) : 0;
        wb.pdu = pdu_len ? tvb_get_ptr(pdu, 0, (gint)pdu_len) : NULL;
        wb.pdu_len = pdu_len;
        wb.retransmitted = (tf->analysis & (tcpa::kRetransmission | tcpa::kFastRetransmission |
                                            tcpa::kSpuriousRetransmission)) != 0;
        wb.stored = tf->segment_data && !wb.pdu;
        wb.hello = top == proto_tls && hello;
    }
    bool start = false;
    f.top = map_top(top, wb, &start);
    if (f.top == tl::WsTop::Tls) {
        f.ws_identified = ct::App::Tls;
        f.ws_start_evidence = start;
    } else if (f.top == tl::WsTop::Http) {
        f.ws_identified = ct::App::Http;
        f.ws_start_evidence = true;
    }
    if (hp_verify_facts()) {
        const tl::WsTop ws = map_top_fields(top, tree);
        const bool ws_start = ws == tl::WsTop::Http || (ws == tl::WsTop::Tls && hp_field_present(tree, hf_tls_hs_type));
        if (ws != f.top || ws_start != (f.ws_start_evidence && f.top == ws))
            hp_facts_differ(pinfo, "TLS/HTTP view",
                wmem_strdup_printf(pinfo->pool, "%s%s (frame %u)", ws_top_name(f.top), f.ws_start_evidence ? "+start" : "", pinfo->num),
                wmem_strdup_printf(pinfo->pool, "%s%s", ws_top_name(ws), ws_start ? "+start" : ""));
    }
    // Content of this frame's own bytes (skip retransmissions: they repeat earlier bytes).
    const guint n = bytes ? MIN(l4->payload_len, kMaxScan) : 0;
    // Scanning is skipped where it cannot change the label: a reassembly segment of a flow whose
    // start was identified, and TLS scanning of a flow identified as something else.
    const bool settled = f.in_reassembly && flow.identified_at_start;
    if (bytes && n > 0 && !settled && !(f.analysis & (tl::kRetransmission | tl::kSpuriousRetransmission))) {
        tl::FlowState &fs = flow;
        huntpack::tls::RecordScan rs;
        if (fs.app == ct::App::None || fs.app == ct::App::Tls)
            rs = fs.tls_dir[to_server ? 0 : 1].feed(f.seq, bytes, n);
        if (rs.ok && (rs.records > 0 || f.in_reassembly || fs.app == ct::App::Tls))
            f.content = {ct::App::Tls, ct::Evidence::TlsRecords};
        else
            f.content = ct::detect_cleartext(bytes, n);
    }
    const ct::App known = flow.app != ct::App::None ? flow.app : f.port_app;
    f.reassembly_app = f.in_reassembly ? known : ct::App::None;
}

static tl::FlowState *flow_state(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, uint32_t *conv_index)
{
    conversation_t *conv = hp_conversation(tvb, pinfo, tree, TRUE);
    *conv_index = conv ? conv->conv_index : 0; // find_or_create_conversation: never NULL today
    void **slot = hp_conv_slot(conv, HP_CONV_TCPLABEL, TRUE); // NULL only without a conversation
    if (!slot) {
        static tl::FlowState none;
        none = tl::FlowState{};
        return &none;
    }
    auto *fs = static_cast<tl::FlowState *>(*slot);
    if (!fs) {
        fs = wmem_new(wmem_file_scope(), tl::FlowState);
        *fs = tl::FlowState{};
        *slot = fs;
    }
    return fs;
}

// True for a frame whose HTTP layer packet-http.c left without an item (http::claims_unseen_payload):
// HTTP straight over TCP (not TLS: its bytes there are records), no PDU reassembled here (a
// reassembled PDU starts a message), and HTTP's conversation data shows no request yet.
static bool http_added_nothing(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    if (pinfo->ptype != PT_TCP || hp_frame_has_layer(pinfo, proto_tls) ||
        (pinfo->data_src && hp_data_source_tvb(pinfo, "Reassembled TCP")))
        return false;
    conversation_t *conv = hp_conversation(tvb, pinfo, tree, FALSE);
    const auto *hc = conv ? static_cast<const http_conv_t *>(conversation_get_proto_data(conv, proto_http)) : NULL;
#if HP_WS_AT_LEAST(4, 2)
    const bool seen_http = hc && hc->req_res_tail; // 4.2 on: any request or response
#else
    const bool seen_http = hc && hc->request_uri; // 4.0: a request
#endif
    if (seen_http)
        return false;
    const hp_l4 *l4 = hp_frame_l4(tvb, pinfo, tree);
    const uint8_t *bytes = hp_l4_payload(tvb, l4);
    return bytes && !huntpack::http::claims_unseen_payload(
        std::string_view(reinterpret_cast<const char *>(bytes), MIN(l4->payload_len, kMaxScan)));
}

static bool wanted_by_user(proto_tree *tree)
{
    return tree && proto_field_is_referenced(tree, proto_tcplabel);
}

static int dissect_tcplabel(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    const bool stats = hp_stats_on(HP_STATS_FRAMES);
    if (!stats && !hp_soctrait_judges(tree) && !wanted_by_user(tree))
        return 0; // nobody asked: cost nothing
    if (hp_verify_facts())
        hp_want_activate(&want_verify);

    int top = top_proto(pinfo);
    // A payload Wireshark stored, undissected, in a PDU to reassemble: its Protocol column says
    // "TCP" ("[TCP segment of a reassembled PDU]", packet-tcp.c), whatever layer the
    // application's dissector left in pinfo->layers (HTTP's without a tree; TLS's, Thrift's, ...
    // with or without one). The breakdown counts it as Wireshark labels it, and tcplabel treats
    // it as bare TCP.
    if (top != proto_tcp && pinfo->ptype == PT_TCP && hp_tcp_frame(tvb, pinfo, tree)->stored)
        top = proto_tcp;
    // HTTP accepts every payload of its ports but adds its item only to HTTP-looking ones or on
    // a conversation where it dissected a request: otherwise its layer stays only without a tree.
    if (top == proto_http && http_added_nothing(tvb, pinfo, tree))
        top = proto_tcp;
    const bool to_server = pinfo->ptype == PT_TCP && web_port(pinfo->destport); // the destination's port is a web port
    const bool on_web_port = pinfo->ptype == PT_TCP && (to_server || web_port(pinfo->srcport)) &&
        !hp_frame_quotes_packet(pinfo); // an ICMP error quoting a TCP header (4.0 leaves PT_TCP)
    bool bare = false;

    tl::Label label;
    bool labelled = false;
    tl::FrameFacts facts;
    if (on_web_port) {
        // A frame dissected once only (hp_frames_revisited) needs no cache: its facts stay on
        // the stack (plain data: safe across Wireshark's longjmp).
        const bool revisits = hp_frames_revisited();
        FrameCache once{};
        auto *cache = revisits ? static_cast<FrameCache *>(p_get_proto_data(wmem_file_scope(), pinfo, proto_tcplabel, 0)) : NULL;
        uint32_t conv_index = 0;
        tl::FlowState *flow = flow_state(tvb, pinfo, tree, &conv_index);
        if (!cache) {
            cache = revisits ? wmem_new0(wmem_file_scope(), FrameCache) : &once;
            gather(tvb, pinfo, tree, top, to_server, *flow, cache->facts);
            cache->conv_index = conv_index;
            const tl::WsTop wt = cache->facts.top;
            cache->bare = wt == tl::WsTop::Tcp || wt == tl::WsTop::Data || wt == tl::WsTop::TlsContinuation ||
                wt == tl::WsTop::HttpContinuation;
            // Each frame is observed once (the cache guards it), in whichever pass first
            // gathers it: tshark -2 may reference huntpack only in its second pass.
            tl::observe(*flow, cache->facts, pinfo->num);
            if (revisits)
                p_add_proto_data(wmem_file_scope(), pinfo, proto_tcplabel, 0, cache);
        }
        facts = cache->facts;
        bare = cache->bare;
        if (bare) {
            label = tl::decide(facts, *flow);
            labelled = true;
        }
        const bool mismatch = labelled && label.mismatch != tl::Mismatch::None;
        if (mismatch)
            hp_peer()->mismatch = tl::mismatch_name(label.mismatch); // for soctrait (hp_peer.h)
        // Items only where someone can see or filter them: an analysis (statistics, soctrait)
        // runs with an invisible tree, where adding them cost ~800 instructions a frame. The
        // expert info is raised either way (on the mismatch item when there is one).
        const bool show = tree && (PTREE_DATA(tree)->visible || wanted_by_user(tree));
        proto_item *mismatch_item = NULL;
        if (labelled && show) {
            proto_item *ti = proto_tree_add_item(tree, proto_tcplabel, tvb, 0, 0, ENC_NA);
            proto_tree *lt = proto_item_add_subtree(ti, ett_tcplabel);
            const char *app = label.app == ct::App::None ? "unknown" : ct::app_name(label.app);
            proto_item_append_text(ti, ": %s (%s, %s)", app, tl::basis_name(label.basis), tl::kind_name(label.kind));
            proto_item_set_generated(proto_tree_add_string(lt, hf_app, tvb, 0, 0, app));
            proto_item_set_generated(proto_tree_add_string(lt, hf_basis, tvb, 0, 0, tl::basis_name(label.basis)));
            proto_item_set_generated(proto_tree_add_string(lt, hf_kind, tvb, 0, 0, tl::kind_name(label.kind)));
            proto_item_set_generated(proto_tree_add_string(lt, hf_ws_top, tvb, 0, 0,
                top >= 0 ? proto_get_protocol_filter_name(top) : "?"));
            if (facts.content.evidence != ct::Evidence::None)
                proto_item_set_generated(proto_tree_add_string(lt, hf_evidence, tvb, 0, 0, ct::evidence_name(facts.content.evidence)));
            if (flow->first_frame)
                proto_item_set_generated(proto_tree_add_uint(lt, hf_flow_frame, tvb, 0, 0, flow->first_frame));
            if (mismatch) {
                mismatch_item = proto_tree_add_string(lt, hf_mismatch, tvb, 0, 0, tl::mismatch_name(label.mismatch));
                proto_item_set_generated(mismatch_item);
            }
        }
        if (mismatch)
            expert_add_info_format(pinfo, mismatch_item, &ei_mismatch, "Content contradicts port %u: %s",
                facts.to_server ? pinfo->destport : pinfo->srcport, tl::mismatch_name(label.mismatch));
    }
    // The frame's buckets as filterable fields, only when a filter, column or script asks for
    // them (hidden: the statistics show them; a field on every frame would crowd the tree).
    if (tree && (proto_field_is_referenced(tree, hf_bucket) || proto_field_is_referenced(tree, hf_revised))) {
        const char *ws = bucket_name(top);
        proto_item *bi = proto_tree_add_string(tree, hf_bucket, tvb, 0, 0, ws);
        proto_item_set_generated(bi);
        proto_item_set_hidden(bi);
        proto_item *ri = proto_tree_add_string(tree, hf_revised, tvb, 0, 0, labelled ? revised_name(label.app) : ws);
        proto_item_set_generated(ri);
        proto_item_set_hidden(ri);
    }
    if (stats) {
        auto *rec = wmem_new0(pinfo->pool, hp_frame_rec);
        rec->ws_bucket = bucket_name(top);
        rec->revised_bucket = labelled ? revised_name(label.app) : rec->ws_bucket;
        if (labelled) {
            rec->app = label.app == ct::App::None ? "unknown" : ct::app_name(label.app);
            rec->basis = tl::basis_name(label.basis);
            rec->kind = tl::kind_name(label.kind);
            rec->mismatch = label.mismatch == tl::Mismatch::None ? NULL : tl::mismatch_name(label.mismatch);
        }
        rec->nodes = nodes_key(top, labelled, label);
        rec->frame_len = pinfo->fd->pkt_len;
        rec->ptype = pinfo->ptype;
        rec->conv_index = G_MAXUINT32;
        rec->abs_ts = pinfo->abs_ts;
        // The summary is the "huntpack" tap's one listener and the only reader of conv_index.
        // Without it no record is queued (each costs a walk of every tap listener,
        // tap_push_tapped_queue) and a frame no other module looks up (most UDP ones) is not
        // looked up for nothing (1.2 % of the analysis's time on t200k).
        if (hp_stats_on(HP_STATS_SUMMARY)) {
            if (pinfo->ptype == PT_TCP || pinfo->ptype == PT_UDP) {
                conversation_t *conv = hp_conversation(tvb, pinfo, tree, FALSE);
                if (conv)
                    rec->conv_index = conv->conv_index;
            }
            tap_queue_packet(hp_tap, pinfo, rec);
        }
        hp_tree_frame(pinfo, rec); // the breakdown trees (taps/stats_batch.h)
    }
    return labelled ? static_cast<int>(tvb_captured_length(tvb)) : 0;
}

extern "C" void hp_tcplabel_register(void)
{
    static hf_register_info hf[] = {
        {&hf_app, {"Application", "tcplabel.app", FT_STRING, BASE_NONE, NULL, 0x0,
            "Application protocol of this TCP frame (http, tls, http2, ssh, unknown)", HFILL}},
        {&hf_basis, {"Basis", "tcplabel.basis", FT_STRING, BASE_NONE, NULL, 0x0,
            "Evidence for the label, strongest first: reassembly, flow, content, port", HFILL}},
        {&hf_kind, {"Kind", "tcplabel.kind", FT_STRING, BASE_NONE, NULL, 0x0,
            "What the frame is: handshake, ack, segment, retransmission, dup-ack, continuation, midstream, teardown, data, ...", HFILL}},
        {&hf_ws_top, {"Wireshark top protocol", "tcplabel.ws_top", FT_STRING, BASE_NONE, NULL, 0x0,
            "The top protocol Wireshark gave the frame", HFILL}},
        {&hf_mismatch, {"Port mismatch", "tcplabel.mismatch", FT_STRING, BASE_NONE, NULL, 0x0,
            "Content contradicts the port: tls-on-http-port, cleartext-http-on-tls-port, other-protocol-on-web-port", HFILL}},
        {&hf_evidence, {"Content evidence", "tcplabel.evidence", FT_STRING, BASE_NONE, NULL, 0x0,
            "What this frame's own bytes showed (tls-records, http-request-line, ...)", HFILL}},
        {&hf_flow_frame, {"Flow identified in", "tcplabel.flow_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "The frame whose dissection or content identified this TCP flow", HFILL}},
        {&hf_bucket, {"Breakdown bucket", "tcplabel.bucket", FT_STRING, BASE_NONE, NULL, 0x0,
            "The frame's bucket in huntpack_breakdown: its top protocol as Wireshark labels it (hidden; every frame, when asked for)", HFILL}},
        {&hf_revised, {"Revised bucket", "tcplabel.revised", FT_STRING, BASE_NONE, NULL, 0x0,
            "The frame's bucket in huntpack_revised: tcplabel.app where tcplabel labelled it (hidden; every frame, when asked for)", HFILL}},
    };
    static gint *ett[] = {&ett_tcplabel};
    static ei_register_info ei[] = {
        {&ei_mismatch, {"tcplabel.port_mismatch", PI_SECURITY, PI_WARN,
            "Content contradicts port", EXPFILL}},
    };
    proto_tcplabel = proto_register_protocol("huntpack TCP label", "tcplabel", "tcplabel");
    hp_primer_register();
    proto_register_field_array(proto_tcplabel, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_tcplabel), ei, array_length(ei));

    module_t *m = prefs_register_protocol(proto_tcplabel, remake_web_ports);
    range_convert_str(wmem_epan_scope(), &web_ports, "80,443,8080,8443", 65535);
    remake_web_ports();
    register_init_routine(remake_web_ports);
    prefs_register_range_preference(m, "ports", "Web ports",
        "TCP ports whose frames tcplabel labels (both directions)", &web_ports, 65535);

    hp_post_add(HP_POST_TCPLABEL, dissect_tcplabel, proto_tcplabel);
    register_init_routine(hp_want_init_routine);
    register_cleanup_routine(hp_conversation_cleanup);
    hp_tap = register_tap(HP_FRAME_TAP);

    hp_want(&want_verify, "tcp.segment_data", &hf_tcp_segment_data);
    hp_want(&want_verify, "tcp.reassembled_in", &hf_tcp_reassembled_in);
    hp_want(&want_verify, "tls.record.content_type", &hf_tls_content_type);
    hp_want(&want_verify, "tls.record.opaque_type", &hf_tls_opaque_type); // TLS 1.3 records
    hp_want(&want_verify, "tls.handshake.type", &hf_tls_hs_type);
    hp_want(&want_verify, "http.request", &hf_http_request);
    hp_want(&want_verify, "http.response", &hf_http_response);
    hp_want(&want_verify, "tcp.analysis.flags", &hf_tcp_analysis_flags);
    for (AnalysisField &a : analysis_fields)
        hp_want(&want_verify, a.name, &a.hf);
}

extern "C" void hp_tcplabel_handoff(void)
{
    proto_tcp = proto_get_id_by_filter_name("tcp");
    proto_udp = proto_get_id_by_filter_name("udp");
    proto_tls = proto_get_id_by_filter_name("tls");
    proto_http = proto_get_id_by_filter_name("http");
    proto_data = proto_get_id_by_filter_name("data");
    hp_want_resolve_for(&want_verify, hp_post_handle(), HP_VERIFY_SETS); // huntpack.verify_facts only
}
