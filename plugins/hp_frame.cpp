// SPDX-License-Identifier: GPL-2.0-or-later
// hp_frame.cpp: per-frame TCP/UDP header facts from the frame's bytes; see hp_frame.h.
#include "hp_frame.h"

#include "tcp_locate.h"

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
} // namespace

extern "C" const hp_l4 *hp_frame_l4(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    // Keyed by frame, number and transport: the same frame always has the same bytes (a GUI
    // retap re-reads them), so offsets stay valid; pointers are made fresh by hp_l4_payload.
    if (cache.valid && cache.fd == pinfo->fd && cache.num == pinfo->num && cache.ptype == pinfo->ptype)
        return &cache.l4;
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

// The frame's layer ids, copied once per frame into an array: huntpack asks a dozen times a frame
// (DNS dialects, HTTP, TLS, ICMP, discovery protocols), and each walk of Wireshark's list is two
// library calls per layer. Keyed by frame and layer count (a later postdissector adds a layer).
namespace {
struct {
    const frame_data *fd;
    guint32 num;
    guint count;
    gboolean valid, overflow;
    guint64 bloom; // bit (id & 63) of every layer id: most ids asked for are not in the frame
    int ids[32];
} layers;
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
    static const int icmp[2] = {proto_get_id_by_filter_name("icmp"), proto_get_id_by_filter_name("icmpv6")};
    return hp_frame_layer_mask(pinfo, icmp, 2) != 0;
}

// Refreshes the copy when the frame or its layer count changed; false when pinfo has no layers.
static bool refresh_layers(const packet_info *pinfo)
{
    if (!pinfo->layers)
        return false;
    const guint count = wmem_list_count(pinfo->layers);
    if (!layers.valid || layers.fd != pinfo->fd || layers.num != pinfo->num || layers.count != count) {
        layers.fd = pinfo->fd;
        layers.num = pinfo->num;
        layers.count = count;
        layers.valid = TRUE;
        layers.overflow = count > G_N_ELEMENTS(layers.ids);
        layers.bloom = 0;
        guint i = 0;
        for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f)) {
            const int id = GPOINTER_TO_INT(wmem_list_frame_data(f));
            layers.bloom |= G_GUINT64_CONSTANT(1) << (static_cast<guint>(id) & 63);
            if (i < G_N_ELEMENTS(layers.ids))
                layers.ids[i++] = id;
        }
    }
    return true;
}

extern "C" guint32 hp_frame_layer_mask(const packet_info *pinfo, const int *ids, int n_ids)
{
    if (!refresh_layers(pinfo))
        return 0;
    n_ids = MIN(n_ids, 32);
    // Only ids whose bloom bit is set can be in the frame; usually none is.
    guint32 maybe = 0;
    for (int k = 0; k < n_ids; k++)
        if (ids[k] > 0 && (layers.bloom >> (static_cast<guint>(ids[k]) & 63)) & 1)
            maybe |= 1u << k;
    if (!maybe)
        return 0;
    guint32 mask = 0;
    const auto test = [&](int id) {
        for (int k = 0; k < n_ids; k++)
            if (((maybe >> k) & 1) && id == ids[k])
                mask |= 1u << k;
    };
    if (layers.overflow) // deeper than the array (tunnels in tunnels): Wireshark's list itself
        for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f))
            test(GPOINTER_TO_INT(wmem_list_frame_data(f)));
    else
        for (guint i = 0; i < layers.count; i++)
            test(layers.ids[i]);
    return mask;
}

extern "C" gboolean hp_frame_has_layer(const packet_info *pinfo, int proto_id)
{
    return proto_id > 0 && hp_frame_layer_mask(pinfo, &proto_id, 1) != 0;
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
