// SPDX-License-Identifier: GPL-2.0-or-later
// huntpack_tcperr: TCP errors per conversation (Statistics ▸ huntpack ▸ TCP Errors, tshark
// -z huntpack_tcperr,table[,filter]). One row per TCP stream that shows any tcp.analysis kind
// or an RST: counts per kind, the first error frame, a severity, an interpretation and its
// evidence (first frame of each kind, TTL/MAC changes within a direction). The decisions are
// in heuristics/tcperr; this file only gathers facts and fills the table.
//
// Facts come from Wireshark's own TCP analysis, read from the TCP dissector's state on the
// built-in "tcp" tap (hp_tcp_frame, hp_frame.h: no protocol tree, no primed fields; the
// tcp.analysis.* fields it stands for are checked against it with huntpack.verify_facts).
// RSTs come from the tcp tap's flags, the source MAC from pinfo->dl_src, the TTL of the IP
// header carrying the TCP (from the frame's bytes, hp_frame.h).
// Traits: a tap cannot add tree items or expert info, so the tcp-errors trait is raised by
// hp_tcperr_frame (end of this file), which soctrait's postdissector calls on every frame.
#include "ws_compat.h"
#include <epan/addr_resolv.h>
#include <epan/address_types.h>
#include <epan/dissectors/packet-tcp.h>
#include <epan/epan_dissect.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>
#include <epan/to_str.h>

#include <new>
#include <string>
#include <unordered_map>
#include <vector>

#include "byteview.h"
#include "glue.h"
#include "hp_endpoint.h"
#include "hp_fields.h"
#include "hp_frame.h"
#include "soctrait_api.h"
#include "tcperr.h"
#include "trait_severity.h"

namespace te = huntpack::tcperr;


namespace {


// A TCP stream's record: plain data beside the table row that shows it.
struct ConvRec {
    te::FlowErrors fe;
    HpEndpoint a; // the first frame's source: direction 0
    bool has_row;
    guint row;
};
static_assert(std::is_trivially_copyable_v<ConvRec>);

// Streams tracked at most (per file); later streams are counted in `dropped` only.
constexpr size_t kMaxStreams = 500000;

struct Model {
    // The table tcperr_init found or made (as devices.cpp keeps its own: read through the tap
    // data it was three cold loads a TCP frame).
    stat_tap_table *table = nullptr;
    std::unordered_map<guint32, ConvRec> convs;
    guint rows = 0;
    guint64 dropped = 0;
};
Model *model; // created at init, reset per retap, freed never (the table UI is static too)

// Columns. Kinds occupy kColKinds .. kColKinds + kKinds - 1 in Kind order.
enum : guint { kColStream = 0, kColConv = 1, kColKinds = 2 };
constexpr guint kColFirst = kColKinds + te::kKinds, kColSeverity = kColFirst + 1,
                kColInterp = kColFirst + 2, kColEvidence = kColFirst + 3, kCols = kColFirst + 4;

stat_tap_table_item columns[kCols] = {
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Stream", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Conversation (A -> B)", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Retransmission", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Fast retransmission", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Spurious retransmission", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Dup ACK", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Out-of-order", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Lost segment", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "ACKed unseen", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Zero window", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Window full", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Keep-alive", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "RST", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "First error frame", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Severity", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Interpretation", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Evidence", "%s"},
};
static_assert(sizeof columns / sizeof columns[0] == kCols);

const char *const kTableName = "TCP errors by conversation";


void free_item(stat_tap_table *, guint, guint column, stat_tap_table_item_type *field)
{
    if (column < kCols && columns[column].type == TABLE_ITEM_STRING && field->value.string_value) {
        g_free(const_cast<char *>(field->value.string_value));
        field->value.string_value = NULL;
    }
}

void set_uint(stat_tap_table *t, guint row, guint col, guint v)
{
    stat_tap_table_item_type *it = stat_tap_get_field_data(t, row, col);
    it->value.uint_value = v;
    stat_tap_set_field_data(t, row, col, it);
}

void set_string(stat_tap_table *t, guint row, guint col, const char *s)
{
    stat_tap_table_item_type *it = stat_tap_get_field_data(t, row, col);
    free_item(t, row, col, it);
    it->value.string_value = g_strdup(s);
    stat_tap_set_field_data(t, row, col, it);
}

// Rows are created only by us; drop them all so a retap starts from an empty table.
void reset_table(stat_tap_table *t)
{
    for (guint r = 0; r < t->num_elements; r++) {
        for (guint c = 0; c < t->num_fields; c++)
            free_item(t, r, c, &t->elements[r][c]);
        g_free(t->elements[r]);
    }
    g_free(t->elements);
    t->elements = NULL;
    t->num_elements = 0;
    if (model) {
        model->convs.clear();
        model->rows = 0;
        model->dropped = 0;
    }
}

void tcperr_init(stat_tap_table_ui *ui)
{
    try {
        if (!model)
            model = new Model;
        model->table = nullptr; // until this init has its table (an earlier one may be freed)
        stat_tap_table *t = stat_tap_find_table(ui, kTableName);
        if (t) {
            model->table = t;
            reset_table(t);
            return;
        }
        t = stat_tap_init_table(kTableName, kCols, 0, NULL);
        stat_tap_add_table(ui, t);
        model->table = t;
        model->convs.clear();
        model->rows = 0;
    } catch (const std::exception &e) {
        ws_warning("huntpack_tcperr: init failed: %s", e.what());
    }
}

void new_row(stat_tap_table *t, ConvRec &c, guint32 stream, const tcp_info_t *th)
{
    stat_tap_table_item_type items[kCols];
    memset(items, 0, sizeof items);
    for (guint i = 0; i < kCols; i++)
        items[i].type = columns[i].type;
    items[kColStream].value.uint_value = stream;
    char *a = address_to_str(NULL, &th->ip_src), *b = address_to_str(NULL, &th->ip_dst);
    const bool fwd = th->th_sport == c.a.port;
    items[kColConv].value.string_value = fwd
        ? g_strdup_printf("%s:%u -> %s:%u", a, th->th_sport, b, th->th_dport)
        : g_strdup_printf("%s:%u -> %s:%u", b, th->th_dport, a, th->th_sport);
    wmem_free(NULL, a);
    wmem_free(NULL, b);
    for (guint i = kColSeverity; i < kCols; i++)
        items[i].value.string_value = g_strdup("");
    c.row = t->num_elements;
    c.has_row = true;
    stat_tap_init_table_row(t, c.row, kCols, items);
}

void fill_row(stat_tap_table *t, const ConvRec &c)
{
    for (size_t k = 0; k < te::kKinds; k++)
        set_uint(t, c.row, kColKinds + static_cast<guint>(k), c.fe.count[k]);
    set_uint(t, c.row, kColFirst, c.fe.first_error_frame);
    const te::Interpretation in = te::interpret(c.fe);
    set_string(t, c.row, kColSeverity, huntpack::traits::severity_name(in.severity));
    set_string(t, c.row, kColInterp, in.summary.c_str());
    set_string(t, c.row, kColEvidence, in.evidence.c_str());
}

// One frame's error kinds (Wireshark's TCP analysis, from its TCP state), IP TTL/hop limit and
// source MAC: the same event for the table (tcp tap) and the trait hook (soctrait's postdissector).
// tf: Wireshark's own sequence analysis of the frame, from its TCP state (hp_tcp_frame); l4:
// the TTL / hop limit of the IP header carrying the TCP, from the frame's bytes (hp_frame.h).
static te::FrameEvent frame_event(const packet_info *pinfo, const hp_tcp_facts *tf, const hp_l4 *l4, bool rst)
{
    te::FrameEvent e;
    e.frame = pinfo->num;
    e.kinds |= te::kinds_from_tcp_a(tf->analysis);
    if (rst)
        e.kinds |= te::bit(te::Kind::Rst);
    if (l4->ok) {
        e.has_ttl = true;
        e.ttl = l4->ttl;
    }
    if (pinfo->dl_src.type == AT_ETHER && pinfo->dl_src.len == 6) {
        e.has_mac = true;
        memcpy(e.mac, pinfo->dl_src.data, 6);
    }
    return e;
}

tap_packet_status tcperr_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt, const void *data, tap_flags_t)
{
    const auto *th = static_cast<const tcp_info_t *>(data);
    if (!th || !tapdata || !model || !model->table)
        return TAP_PACKET_DONT_REDRAW;
    try {
        proto_tree *tree = edt ? edt->tree : NULL;
        tvbuff_t *tvb = edt ? edt->tvb : NULL;
        te::FrameEvent e = frame_event(pinfo, hp_tcp_frame(tvb, pinfo, tree), hp_frame_l4(tvb, pinfo, tree),
                                       (th->th_flags & TH_RST) != 0);

        auto it = model->convs.find(th->th_stream);
        if (it == model->convs.end()) {
            if (model->convs.size() >= kMaxStreams) {
                model->dropped++;
                return TAP_PACKET_DONT_REDRAW;
            }
            ConvRec c{};
            c.a.set(th->ip_src, th->th_sport);
            it = model->convs.emplace(th->th_stream, c).first;
        }
        ConvRec &c = it->second;
        e.dir = c.a.is(th->ip_src, th->th_sport) ? 0 : 1;
        const uint32_t odd_before = c.fe.dir[e.dir].ttl_changes + c.fe.dir[e.dir].mac_changes;
        te::observe(c.fe, e);
        const bool identity_changed = c.fe.dir[e.dir].ttl_changes + c.fe.dir[e.dir].mac_changes != odd_before;
        if (!e.kinds && !(identity_changed && c.has_row))
            return TAP_PACKET_DONT_REDRAW;
        stat_tap_table *t = model->table;
        if (!c.has_row)
            new_row(t, c, th->th_stream, th);
        fill_row(t, c);
        return TAP_PACKET_REDRAW;
    } catch (const std::exception &ex) {
        ws_warning("huntpack_tcperr: frame %u: %s", pinfo->num, ex.what());
        return TAP_PACKET_DONT_REDRAW;
    }
}

tap_param params[] = {{PARAM_FILTER, "filter", "Filter", NULL, TRUE}};

stat_tap_table_ui tcperr_ui = {
    REGISTER_PACKET_STAT_GROUP_UNSORTED,
    "huntpack/TCP Errors",
    "tcp",
    "huntpack_tcperr,table",
    tcperr_init,
    tcperr_packet,
    reset_table,
    free_item,
    NULL,
    kCols,
    columns,
    sizeof params / sizeof params[0],
    params,
    NULL,
    0,
};

} // namespace

extern "C" void hp_tcperr_register(void)
{
    register_stat_tap_table_ui(&tcperr_ui);
}

// ---- the tcp-errors trait (called by soctrait's postdissector, soctrait_api.h) ---------------
// soctrait calls hp_tcperr_frame for every frame it judges. First pass (frames in order, not yet visited): each TCP stream's
// FlowErrors is fed as in the table above, and every worth-trait pattern that a frame
// establishes emits one tcp-errors trait there (once per stream and pattern); soctrait caches it
// with the frame's other traits. Frames are judged once each, in order. State is per
// capture: each stream's in its conversation's huntpack data (file memory, gone with the file),
// the count of streams and the frame order in HookState (hp_tcperr_frame_reset at soctrait's
// init and cleanup, the same moments); bounded (constants below).
namespace {

constexpr size_t kHookMaxStreams = 100000; // streams followed per capture

struct HookConv {
    // What every frame reads first (its direction), then its direction's identity (fe.dir):
    // the first two cache lines of the 264 bytes; the counts after them change on errors only.
    HpEndpoint client, server; // the client: SYN sender, else the higher, ephemeral port
    bool client_first;       // the first frame came from the client (direction 0)
    te::FlowErrors fe;
    // Made at the stream's first trait (file scope; most streams raise none), at once for an
    // address longer than an HpEndpoint holds.
    const char *client_text; // the client's address
    const char *conv_text;   // "client:port -> server:port"
};
static_assert(std::is_trivially_copyable_v<HookConv> && std::is_trivially_destructible_v<HookConv>,
              "lives in wmem file scope, never destroyed");

struct HookTrait {
    int severity;
    std::string summary, evidence, host;
};
struct HookState {
    size_t streams = 0;     // HookConvs made (each in its conversation's huntpack data, HP_CONV_TCPERR)
    guint32 last_frame = 0; // frames up to here were judged (each once, in order)
    guint64 dropped = 0;
};
HookState *hook;

constexpr guint32 kTcpSyn = 0x002, kTcpRst = 0x004, kTcpAck = 0x010;

void hook_new_conv(HookConv &c, packet_info *pinfo, guint32 flags)
{
    bool src_client;
    if ((flags & kTcpSyn) && !(flags & kTcpAck))
        src_client = true;
    else if ((flags & kTcpSyn) && (flags & kTcpAck))
        src_client = false;
    else // mid-stream: the ephemeral (higher) port is the client's
        src_client = pinfo->srcport >= pinfo->destport;
    const address &ca = src_client ? pinfo->src : pinfo->dst, &sa = src_client ? pinfo->dst : pinfo->src;
    const guint32 cp = src_client ? pinfo->srcport : pinfo->destport, sp = src_client ? pinfo->destport : pinfo->srcport;
    c.client.set(ca, cp);
    c.server.set(sa, sp);
    c.client_first = src_client;
    if (ca.len > 16 || sa.len > 16) { // not an IP address: an HpEndpoint cannot format it later (rare)
        char client[64], server[64];
        address_to_str_buf(&ca, client, sizeof client);
        address_to_str_buf(&sa, server, sizeof server);
        c.client_text = wmem_strdup(wmem_file_scope(), client);
        c.conv_text = wmem_strdup_printf(wmem_file_scope(), "%s:%u -> %s:%u", client, cp, server, sp);
    }
}

// The stream's texts for its trait, made once (what hook_new_conv used to make for every stream).
void hook_texts(HookConv &c)
{
    if (c.client_text)
        return;
    char client[64], server[64];
    address a;
    set_address(&a, c.client.type, c.client.len, c.client.len ? c.client.addr : NULL);
    address_to_str_buf(&a, client, sizeof client);
    set_address(&a, c.server.type, c.server.len, c.server.len ? c.server.addr : NULL);
    address_to_str_buf(&a, server, sizeof server);
    c.client_text = wmem_strdup(wmem_file_scope(), client);
    c.conv_text = wmem_strdup_printf(wmem_file_scope(), "%s:%u -> %s:%u", client, c.client.port, server, c.server.port);
}

// A TCP frame's facts, each read once by hp_tcperr_frame (tvb access there, before any C++
// object exists): Wireshark's TCP conversation (tf), the frame's headers (l4), its conversation.
void hook_judge(packet_info *pinfo, const hp_tcp_facts *tf, const hp_l4 *l4, conversation_t *conv,
                std::vector<HookTrait> &out)
{
    if (!hook || !tf->has_stream)
        return;
    const guint32 stream = tf->stream;
    const guint32 flags = l4->ok ? l4->flags : 0;
    te::FrameEvent e = frame_event(pinfo, tf, l4, (flags & kTcpRst) != 0);
    // The stream's state in its conversation's huntpack data: found with the frame's conversation
    // (no look-up of its own: an unordered_map by tcp.stream, of 300-byte nodes, cost a hash
    // look-up and likely a cache miss a frame).
    void **slot = hp_conv_slot(conv, HP_CONV_TCPERR, TRUE);
    if (!slot)
        return;
    if (!*slot) {
        if (hook->streams >= kHookMaxStreams) {
            hook->dropped++;
            return;
        }
        auto *fresh = new (wmem_alloc(wmem_file_scope(), sizeof(HookConv))) HookConv{};
        hook_new_conv(*fresh, pinfo, flags);
        *slot = fresh;
        hook->streams++;
    }
    HookConv &c = *static_cast<HookConv *>(*slot);
    e.dir = (c.client_first ? c.client : c.server).is(pinfo->src, pinfo->srcport) ? 0 : 1;
    const uint16_t fresh = te::observe(c.fe, e);
    if (!fresh)
        return;
    const te::Interpretation in = te::interpret(c.fe);
    for (size_t i = 0; i < te::kPatterns; i++) {
        const auto p = static_cast<uint16_t>(1u << i);
        if (!(fresh & p) || !te::worth_trait(p))
            continue;
        hook_texts(c);
        out.push_back({te::severity(p),
            std::string("TCP errors in a conversation of this host: ") + te::pattern_name(p),
            std::string("pattern ") + te::pattern_name(p) + " established at frame " + std::to_string(pinfo->num) +
                " in TCP stream " + std::to_string(stream) + " (" + c.conv_text + "); " + in.evidence,
            c.client_text});
    }
}

} // namespace

extern "C" void hp_tcperr_frame_reset(void)
{
    delete hook;
    hook = NULL;
}

extern "C" void hp_tcperr_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, hp_trait_emit_fn emit, void *ctx)
{
    if (!tvb || !pinfo || !emit)
        return;
    try {
        if (!hook)
            hook = new HookState;
        if (pinfo->num <= hook->last_frame) // flow state is fed in frame order only
            return;
        hook->last_frame = pinfo->num;
        if (pinfo->ptype != PT_TCP) // hook_judge's only frames
            return;
        // The frame's facts first (tvb access, cached for the frame): no C++ object may be alive
        // across a tvb accessor (Wireshark's exceptions are longjmp).
        const hp_l4 *l4 = hp_frame_l4(tvb, pinfo, tree);
        const hp_tcp_facts *tf = hp_tcp_frame(tvb, pinfo, tree);
        conversation_t *conv = hp_conversation(tvb, pinfo, tree, FALSE);
        std::vector<HookTrait> out;
        hook_judge(pinfo, tf, l4, conv, out);
        for (const HookTrait &t : out) {
            const hp_trait h = {"tcp-errors", t.severity, t.summary.c_str(), t.evidence.c_str(), t.host.c_str()};
            emit(ctx, &h);
        }
    } catch (const std::exception &ex) {
        ws_warning("huntpack_tcperr: trait judge, frame %u: %s", pinfo->num, ex.what());
    }
}
