// SPDX-License-Identifier: GPL-2.0-or-later
// hp_tls.cpp: the TLS hello a TCP frame completes, from the flow's own bytes; see hp_frame.h.
// Per TCP conversation: one HelloStream per direction (heuristics/tls_hello_stream.h) in the
// "huntpack" protocol's conversation data, its buffer in file scope only while a hello spans
// segments. A completed hello is kept as the frame's proto data when frames can be revisited
// (GUI, tshark -2), otherwise only for the frame's own dissection (packet scope).
#include "hp_fields.h"
#include <epan/proto_data.h>
#include "hp_frame.h"

#include "tls_hello_stream.h"

#include <cstring>

namespace tls = huntpack::tls;

namespace {

constexpr guint32 kFrameKey = 2; // p_add_proto_data key under hp_proto_id()

struct Flow {
    tls::HelloStream dir[2]; // [0] from the lower address (and port), [1] from the higher
    guint8 hellos[2];        // hellos completed per direction
    gboolean hello_seen;     // a hello completed in either direction
};

struct {
    const frame_data *fd;
    guint32 num;
    gboolean valid;
    const hp_tls_hello *hello;
} cache;

void *file_realloc(void *, void *p, size_t n) { return wmem_realloc(wmem_file_scope(), p, n); }
void file_free(void *, void *p) { wmem_free(wmem_file_scope(), p); }
const tls::HelloAllocator kFileScope = {file_realloc, file_free, nullptr};

int direction(const packet_info *pinfo)
{
    const int c = cmp_address(&pinfo->src, &pinfo->dst);
    return (c < 0 || (c == 0 && pinfo->srcport < pinfo->destport)) ? 0 : 1;
}

// First pass: feed this frame's payload to its direction's stream. Tvb access happens here,
// before any C++ object exists; the bytes are then plain memory of the frame.
// Not inlined: the per-frame memo check in front of it stays a few instructions (measured: the
// inlined body made every cached call save and restore registers, ~20 instructions each).
__attribute__((noinline)) const hp_tls_hello *feed(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    const hp_l4 *l4 = hp_frame_l4(tvb, pinfo, tree);
    if (!l4->ok || l4->payload_reported == 0)
        return NULL;
    const guint8 *payload = hp_l4_payload(tvb, l4);
    conversation_t *conv = hp_conversation(tvb, pinfo, tree, TRUE);
    if (!conv)
        return NULL;
    void **slot = hp_conv_slot(conv, HP_CONV_TLS, FALSE);
    auto *flow = slot ? static_cast<Flow *>(*slot) : NULL;
    const int d = direction(pinfo);
    if (flow && flow->dir[d].done())
        return NULL; // this direction's hello was found or given up: the common case, no work
    // An ICMP error quoting a TCP header carries no bytes of the flow (and gets no Flow).
    if (hp_frame_quotes_packet(pinfo))
        return NULL;
    if (!flow) {
        flow = wmem_new0(wmem_file_scope(), Flow);
        *hp_conv_slot(conv, HP_CONV_TLS, TRUE) = flow;
    }
    tls::HelloStream &s = flow->dir[d];
    try {
        // A payload the capture cut short is fed as far as it goes: a hello inside it is still
        // found, and the next segment then looks like a gap, which ends the attempt.
        if (!payload)
            return NULL;
        tls::HandshakeExtract x;
        // Data in a SYN (TCP Fast Open) starts one past the SYN's sequence number.
        const guint32 seq = l4->seq + ((l4->flags & 0x02) ? 1 : 0);
        if (s.feed(kFileScope, seq, payload, l4->payload_len, &x) != tls::HelloFeed::Complete)
            return NULL;
        const uint8_t type = x.message.empty() ? 0 : x.message[0];
        if (type != tls::kHandshakeClientHello && type != tls::kHandshakeServerHello)
            return NULL;
        hp_tls_hello h = {};
        h.type = type;
        flow->hello_seen = TRUE;
        if (flow->hellos[d] < G_MAXUINT8)
            flow->hellos[d]++;
        // A client's first ClientHello may be followed by a second one after a
        // HelloRetryRequest (RFC 8446 §4.1.4); without the server's side in the capture, the
        // compatibility-mode change_cipher_spec in front of it tells it apart.
        if (type == tls::kHandshakeClientHello && flow->hellos[d] == 1)
            s.rearm(kFileScope, true);
        if (type == tls::kHandshakeServerHello) {
            const tls::ServerHello sh = tls::parse_server_hello(
                huntpack::ByteView(x.message.data(), x.message.size()));
            if (sh.status != huntpack::ParseStatus::Ok)
                return NULL;
            h.version = sh.version();
            h.suite = sh.cipher_suite;
            if (sh.hello_retry_request) {
                // A second ClientHello and the real ServerHello follow (RFC 8446 §4.1.4).
                flow->dir[0].rearm(kFileScope);
                flow->dir[1].rearm(kFileScope);
            }
        }
        // Kept for revisits only where a frame can be revisited (hp_frames_revisited).
        const bool revisits = hp_frames_revisited();
        wmem_allocator_t *keep = revisits ? wmem_file_scope() : pinfo->pool;
        h.message_len = static_cast<guint32>(x.message.size());
        h.message = static_cast<const guint8 *>(wmem_memdup(keep, x.message.data(), x.message.size()));
        auto *out = static_cast<hp_tls_hello *>(wmem_memdup(keep, &h, sizeof h));
        if (revisits)
            p_add_proto_data(wmem_file_scope(), pinfo, hp_proto_id(), kFrameKey, out);
        return out;
    } catch (...) {
        // Out of memory while copying a hello: give the direction up, never unwind into epan.
        s.abandon(kFileScope);
        return NULL;
    }
}

} // namespace

extern "C" const hp_tls_hello *hp_tls_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    if (pinfo->ptype != PT_TCP)
        return NULL;
    if (cache.valid && cache.fd == pinfo->fd && cache.num == pinfo->num)
        return cache.hello;
    cache.fd = pinfo->fd;
    cache.num = pinfo->num;
    cache.valid = TRUE;
    cache.hello = NULL; // set before feeding: a tvb exception in feed leaves "none" behind
    cache.hello = pinfo->fd->visited
        ? static_cast<const hp_tls_hello *>(p_get_proto_data(wmem_file_scope(), pinfo, hp_proto_id(), kFrameKey))
        : feed(tvb, pinfo, tree);
    return cache.hello;
}

// The frame's TCP flow's hello state, if it has one.
static const Flow *frame_flow(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    if (pinfo->ptype != PT_TCP)
        return NULL;
    void **slot = hp_conv_slot(hp_conversation(tvb, pinfo, tree, FALSE), HP_CONV_TLS, FALSE);
    return slot ? static_cast<const Flow *>(*slot) : NULL;
}

extern "C" gboolean hp_tls_flow_handshake(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    const Flow *flow = frame_flow(tvb, pinfo, tree);
    return flow && (flow->hello_seen || flow->dir[0].collecting() || flow->dir[1].collecting());
}

extern "C" gboolean hp_tls_dir_handshake(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    const Flow *flow = frame_flow(tvb, pinfo, tree);
    const int d = flow ? direction(pinfo) : 0;
    return flow && (flow->hellos[d] || flow->dir[d].collecting());
}

extern "C" void hp_tls_reset(void) { cache.valid = FALSE; }
