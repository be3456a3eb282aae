// SPDX-License-Identifier: GPL-2.0-or-later
// hp_frame.cpp: per-frame TCP/UDP header facts from the frame's bytes; see hp_frame.h.
#include "hp_frame.h"

#include "tcp_locate.h"

#include <vector>

namespace {
struct {
    const frame_data *fd;
    guint32 num;
    port_type ptype;
    gboolean valid;
    hp_l4 l4;
} cache;
int proto_ip = -1, proto_ipv6 = -1;

// Where Wireshark put the IP header carrying the transport. First from pinfo's source address:
// the IP dissectors set it with set_address_tvb(), a pointer into the frame's own bytes at the
// header's source-address field (IPv4 offset 12, IPv6 offset 8); this needs no tree. Where the
// address lies outside the frame's bytes (a copied or decrypted buffer), the last top-level
// ip/ipv6 item of the tree (top-level protocol items are real even in a tree nobody primed).
// locate() verifies whatever hint it gets and scans the frame when the hint does not match.
size_t ip_hint(tvbuff_t *tvb, const uint8_t *frame, size_t n, const packet_info *pinfo, proto_tree *tree)
{
    const auto *src = static_cast<const uint8_t *>(pinfo->src.data);
    const size_t len = static_cast<size_t>(pinfo->src.len);
    const size_t back = len == 4 ? 12 : 8;
    // Compared as integers: pointers into different objects must not be compared with <.
    const auto s = reinterpret_cast<uintptr_t>(src), f = reinterpret_cast<uintptr_t>(frame);
    if (s >= f + back && s - f <= n && n - (s - f) >= len)
        return static_cast<size_t>(s - f) - back;
    if (!tree)
        return huntpack::tcplocate::kNoHint;
    if (proto_ip < 0) {
        proto_ip = proto_get_id_by_filter_name("ip");
        proto_ipv6 = proto_get_id_by_filter_name("ipv6");
    }
    size_t hint = huntpack::tcplocate::kNoHint;
    for (proto_node *node = tree->first_child; node; node = node->next) {
        const field_info *fi = PNODE_FINFO(node);
        if (fi && fi->hfinfo && (fi->hfinfo->id == proto_ip || fi->hfinfo->id == proto_ipv6) &&
            fi->ds_tvb == tvb && fi->start >= 0)
            hint = static_cast<size_t>(fi->start);
    }
    return hint;
}

// The frame's header, read once a frame (hp_frame_l4). Not inlined: the memo check in front of
// it stays a few instructions (inlined, every cached call saved and restored registers).
__attribute__((noinline)) const hp_l4 *read_l4(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    cache.fd = pinfo->fd;
    cache.num = pinfo->num;
    cache.ptype = pinfo->ptype;
    cache.valid = TRUE;
    cache.l4 = hp_l4{};
    if (!tvb || (pinfo->ptype != PT_TCP && pinfo->ptype != PT_UDP) || pinfo->src.type != pinfo->dst.type ||
        (pinfo->src.len != 4 && pinfo->src.len != 16) || !pinfo->src.data || !pinfo->dst.data)
        return &cache.l4;
    const guint n = tvb_captured_length(tvb);
    if (n == 0)
        return &cache.l4;
    const auto *frame = static_cast<const uint8_t *>(tvb_get_ptr(tvb, 0, (gint)n));
    const auto *src = static_cast<const uint8_t *>(pinfo->src.data);
    const auto *dst = static_cast<const uint8_t *>(pinfo->dst.data);
    const auto len = static_cast<size_t>(pinfo->src.len);
    const auto sp = static_cast<uint16_t>(pinfo->srcport), dp = static_cast<uint16_t>(pinfo->destport);
    const size_t hint = ip_hint(tvb, frame, n, pinfo, tree);
    const huntpack::tcplocate::TcpHeader h = pinfo->ptype == PT_TCP
        ? huntpack::tcplocate::locate(frame, n, src, dst, len, sp, dp, hint)
        : huntpack::tcplocate::locate_udp(frame, n, src, dst, len, sp, dp, hint);
    if (!h.ok)
        return &cache.l4;
    cache.l4.ok = TRUE;
    cache.l4.flags = h.flags;
    cache.l4.seq = h.seq;
    cache.l4.ack = h.ack;
    cache.l4.ttl = h.ttl;
    cache.l4.payload_off = h.payload_off;
    cache.l4.payload_len = h.payload_len;
    cache.l4.payload_reported = h.payload_reported;
    return &cache.l4;
}
} // namespace

extern "C" const hp_l4 *hp_frame_l4(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    // Keyed by frame, number and transport: the same frame always has the same bytes (a GUI
    // retap re-reads them), so offsets stay valid; pointers are made fresh by hp_l4_payload.
    if (cache.valid && cache.fd == pinfo->fd && cache.num == pinfo->num && cache.ptype == pinfo->ptype)
        return &cache.l4;
    return read_l4(tvb, pinfo, tree);
}

// Which protocols are layers of the frame, as one 64-bit mask made once a frame: huntpack asks
// a dozen times a frame (DNS dialects, HTTP, TLS, ICMP, discovery protocols), and each walk of
// Wireshark's list is two library calls per layer. Every protocol huntpack asks about gets a bit
// (hp_frame_layer_bit: a table of at most 64; beyond that hp_frame_has_layer walks the list,
// and a warning is logged). The mask is remade when the frame or its layer count changed (a later postdissector
// adds a layer) or a bit was added. The same walk finds whether the layers above the frame's
// one TCP/UDP layer are all "quiet" (hp_frame_transport_last).
namespace {
// Each watched protocol's bit, by protocol id (protocol ids are field indices, under a million):
// -1 for ids not watched. One load per layer (a hash table's probe was a third of remake_mask's
// time, perf on the bench capture); grown to the largest id watched, at most kMaxWatchedId.
std::vector<int8_t> bit_of_id;
constexpr size_t kMaxWatchedId = size_t(1) << 22;
int n_watched;

// Protocols that never create a conversation (they find or create the one of pinfo's
// addresses, which TCP or UDP has created already, and attach their data to it).
const char *const kConvQuiet[] = {"tls", "http", "dns", "mdns", "ssdp", "quic", "data", "data-text-lines",
    "media", "png", "image-gif", "image-jfif", "json", "xml"};
struct {
    bool done;
    int tcp, udp, icmp, icmpv6; // protocol ids
    int b_icmp, b_icmpv6;       // their bits
    guint64 quiet;              // bits of kConvQuiet
} core;

struct {
    const frame_data *fd;
    guint32 num;
    guint count;
    gboolean valid;
    guint64 mask;       // bit b: the protocol with bit b is a layer of the frame
    int transport_last; // tcp/udp id when every layer above the last TCP/UDP one is quiet and no ICMP is below it; else 0
} layers;

int watched_bit(int id) // -1: not watched
{
    return id > 0 && static_cast<size_t>(id) < bit_of_id.size() ? bit_of_id[static_cast<size_t>(id)] : -1;
}

int add_bit(int id)
{
    const int known = watched_bit(id);
    if (id <= 0 || known >= 0)
        return known;
    if (n_watched >= 64 || static_cast<size_t>(id) >= kMaxWatchedId) {
        // hp_frame_has_layer walks the list for such an id; HP_LAYER(-1) callers would see it
        // absent: say so (about 30 protocols have bits today).
        static bool warned;
        if (!warned)
            ws_warning("huntpack: more than 64 protocols asked about as layers; protocol %d has no bit", id);
        warned = true;
        return -1;
    }
    try {
        if (static_cast<size_t>(id) >= bit_of_id.size())
            bit_of_id.resize(static_cast<size_t>(id) + 1, -1);
    } catch (...) {
        return -1; // out of memory: no bit (hp_frame_has_layer walks the list)
    }
    bit_of_id[static_cast<size_t>(id)] = static_cast<int8_t>(n_watched);
    layers.valid = FALSE; // the frame's mask lacks the new bit
    return n_watched++;
}

void ensure_core()
{
    if (core.done)
        return;
    core.done = true;
    core.tcp = proto_get_id_by_filter_name("tcp");
    core.udp = proto_get_id_by_filter_name("udp");
    core.icmp = proto_get_id_by_filter_name("icmp");
    core.icmpv6 = proto_get_id_by_filter_name("icmpv6");
    add_bit(core.tcp);
    add_bit(core.udp);
    core.b_icmp = add_bit(core.icmp);
    core.b_icmpv6 = add_bit(core.icmpv6);
    for (const char *name : kConvQuiet) {
        const int b = add_bit(proto_get_id_by_filter_name(name));
        if (b >= 0)
            core.quiet |= G_GUINT64_CONSTANT(1) << b;
    }
}
} // namespace

extern "C" const guint8 *hp_l4_payload(tvbuff_t *tvb, const hp_l4 *l)
{
    if (!tvb || !l || !l->ok || l->payload_len == 0 ||
        tvb_captured_length(tvb) < l->payload_off + l->payload_len)
        return NULL;
    return tvb_get_ptr(tvb, (gint)l->payload_off, (gint)l->payload_len);
}

extern "C" gboolean hp_frame_quotes_packet(const packet_info *pinfo)
{
    const guint64 l = hp_frame_layers(pinfo); // first: resolves the core bits
    return (l & (HP_LAYER(core.b_icmp) | HP_LAYER(core.b_icmpv6))) != 0;
}

static void remake_mask(const packet_info *pinfo, guint count);

// Remakes the frame's mask when the frame, its layer count or the bit table changed; false when
// pinfo has no layers.
static bool refresh_layers(const packet_info *pinfo)
{
    if (!pinfo->layers)
        return false;
    ensure_core();
    const guint count = wmem_list_count(pinfo->layers);
    if (!layers.valid || layers.fd != pinfo->fd || layers.num != pinfo->num || layers.count != count)
        remake_mask(pinfo, count);
    return true;
}

// Not inlined into refresh_layers: its check stays a few instructions.
static __attribute__((noinline)) void remake_mask(const packet_info *pinfo, guint count)
{
    layers.fd = pinfo->fd;
    layers.num = pinfo->num;
    layers.count = count;
    layers.valid = TRUE;
    guint64 mask = 0;
    int last_transport = 0, transports = 0;
    bool quiet_above = false, icmp_seen = false, icmp_below = false;
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f)) {
        const int id = GPOINTER_TO_INT(wmem_list_frame_data(f));
        const int b = watched_bit(id);
        const guint64 bit = HP_LAYER(b);
        mask |= bit;
        if (id == core.tcp || id == core.udp) {
            last_transport = id;
            transports++;
            quiet_above = true;
            icmp_below = icmp_seen;
        } else if (!(core.quiet & bit)) {
            quiet_above = false;
        }
        icmp_seen = icmp_seen || id == core.icmp || id == core.icmpv6;
    }
    layers.mask = mask;
    // One TCP/UDP layer only: with two (a tunnel, or a sampled packet inside sFlow after
    // which pinfo may be the outer flow's again), what ran after the look-up of pinfo's flow
    // is not just what lies above the last one.
    layers.transport_last = transports == 1 && quiet_above && !icmp_below ? last_transport : 0;
}

static bool in_list(const packet_info *pinfo, int id)
{
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f))
        if (GPOINTER_TO_INT(wmem_list_frame_data(f)) == id)
            return true;
    return false;
}

extern "C" int hp_frame_layer_bit(int proto_id)
{
    ensure_core();
    return add_bit(proto_id);
}

extern "C" guint64 hp_frame_layers(const packet_info *pinfo)
{
    return refresh_layers(pinfo) ? layers.mask : 0;
}

extern "C" gboolean hp_frame_has_layer(const packet_info *pinfo, int proto_id)
{
    if (proto_id <= 0)
        return FALSE;
    const int b = hp_frame_layer_bit(proto_id); // before the mask: a new bit remakes it
    return b >= 0 ? (hp_frame_layers(pinfo) & HP_LAYER(b)) != 0 : pinfo->layers && in_list(pinfo, proto_id);
}

extern "C" gboolean hp_frame_transport_last(const packet_info *pinfo)
{
    if (!refresh_layers(pinfo))
        return FALSE;
    const int want = pinfo->ptype == PT_TCP ? core.tcp : pinfo->ptype == PT_UDP ? core.udp : -1;
    return want > 0 && layers.transport_last == want;
}

extern "C" void hp_tls_reset(void); // hp_tls.cpp
extern "C" void hp_tcp_reset(void); // hp_tcp.cpp

extern "C" void hp_frame_reset(void)
{
    cache.valid = FALSE;
    layers.valid = FALSE;
    hp_tls_reset();
    hp_tcp_reset();
}
