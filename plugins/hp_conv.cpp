// SPDX-License-Identifier: GPL-2.0-or-later
// hp_conv.cpp: the frame's conversation for huntpack's postdissectors (hp_fields.h).
//
// Every huntpack module keeps its per-flow state by Wireshark's conversation of the frame (in a
// table by the conversation's number, below), and
// Wireshark's own look-up (find_conversation: two exact-key hashes over the element lists,
// one per direction, then wildcard tables) costs about 1,100 instructions a frame although
// TCP or UDP has just done the same look-up (56 M of the 3,236 M instructions of the t50k
// analysis, measured 2026-12-03). So the look-up is done once a frame (memo), and in a
// single-pass tshark each flow's answer is remembered (flow cache) and reused when Wireshark's
// look-up would give the same:
//  - TCP and UDP look the frame's flow up (find_conversation_pinfo in 4.0, which sets the found
//    conversation's last_frame to the frame; 4.4 and 4.6 measured the same, see below): a
//    remembered conversation whose last_frame is this frame is what a look-up of this flow
//    answered in this frame;
//  - nothing created a conversation since: the frame has one TCP/UDP layer, and above it only
//    protocols that do not create one for a flow that has one (hp_frame_transport_last: TLS,
//    HTTP, DNS, QUIC, media types; no ICMP quoting a header), and TCP's own creation (a SYN
//    reusing the ports, made after its look-up) is excluded by looking up every frame with SYN;
//  - only conversations with exact keys (options == 0: not wildcarded, not a template) are
//    remembered, and none with a later one on its chain (`next`) or set up after the frame;
//  - frames come in order and are dissected once (no hp_frames_revisited);
//  - frames whose conversation a dissector keyed otherwise (pinfo's conv_addr_port_endpoints /
//    conv_elements) or whose transport header huntpack did not find are looked up.
// Found by huntpack.verify_facts on the corpus, and the reason for the first two rules: VNC
// creates a conversation for its own flow (ndpi-corpus/vnc.pcap, frame 4; TCP's stream index
// changes at frame 5), which a cache checking only the chain kept answering wrongly.
// huntpack.verify_facts looks every remembered answer up again and reports a difference
// ("conversation: huntpack N, Wireshark M"); the corpus test requires none, and that the cache
// answered at least 40 % of the frames it was asked about (the info log at each file's close),
// on each Wireshark version it runs on.
// The cache is direct-mapped (kSlots entries, a flow overwrites another with the same hash):
// bounded, no allocation; cleared at every file open.
#include "byteview.h"
#include "hp_fields.h"
#include "hp_frame.h"

#include <cstring>
#include <vector>

namespace {

// Each conversation's huntpack data (hp_conv_slot), by its conv_index: Wireshark numbers
// conversations as it creates them (conv_index = new_index++ in every constructor of
// conversation.c; read in 4.0 and 4.2, and 4.4's and 4.6's headers still call it the unique
// id), and frees none within a file, so within a file the index names one conversation.
// Chunks of 1 << kChunkBits entries in file scope, each made when a conversation of its range
// first asks: a look-up is two loads. The cost: 56 bytes for every conversation of a touched
// chunk, also those huntpack never asks about (bounded by Wireshark's own conversations). Until
// 2026-12-05 the array hung from the conversation's own data (conversation_add_proto_data: a
// 56-byte array, a tree node and a tree walk a look-up; 8.7 MB of the bench capture's 101,790
// conversations).
struct Entry {
    void *slot[HP_CONV_SLOTS];
};
constexpr unsigned kChunkBits = 9; // 512 entries, 28 KB
std::vector<Entry *> chunks;       // cleared with the file scope that holds the chunks

void **entry_of(guint32 index, bool create)
{
    const size_t c = index >> kChunkBits;
    if (c >= chunks.size()) {
        if (!create)
            return NULL;
        try {
            chunks.resize(c + 1, nullptr);
        } catch (...) {
            return NULL; // out of memory: the module keeps no state for this flow
        }
    }
    Entry *&chunk = chunks[c];
    if (!chunk) {
        if (!create)
            return NULL;
        chunk = static_cast<Entry *>(wmem_alloc0(wmem_file_scope(), sizeof(Entry) << kChunkBits));
    }
    return chunk[index & ((1u << kChunkBits) - 1)].slot;
}

struct Key {
    guint8 a[16], b[16]; // the two addresses, the smaller (address, port) first
    guint16 pa, pb;
    guint8 ptype, alen;

    bool operator==(const Key &o) const
    {
        return huntpack::bytes_equal(a, o.a, sizeof a) && huntpack::bytes_equal(b, o.b, sizeof b) && pa == o.pa &&
            pb == o.pb && ptype == o.ptype && alen == o.alen;
    }
};

struct Slot {
    Key key;
    conversation_t *conv;
    void **data; // conv's huntpack data (hp_conv_slot), once known
};

constexpr unsigned kSlots = 4096; // a power of two; 4096 x 56 bytes
Slot slots[kSlots];

struct {
    const frame_data *fd;
    guint32 num;
    gboolean valid;
    Slot *flow; // the flow cache's entry for the frame's conversation, or NULL
} memo;        // the frame's conversation and its data: hp_conv_last (hp_fields.h)
} // namespace
hp_conv_last_t hp_conv_last; // declared (hidden) in hp_fields.h, read inline by hp_conv_slot
namespace {

// Per file, for the info log at its close (hp_conversation_cleanup).
guint64 n_remembered, n_looked_up;

// The flow's key, when the flow cache may answer this frame.
bool flow_key(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, Key &k)
{
    if (hp_frames_revisited() || (pinfo->ptype != PT_TCP && pinfo->ptype != PT_UDP))
        return false;
    if (pinfo->use_conv_addr_port_endpoints || pinfo->conv_elements)
        return false;
    const address &s = pinfo->src, &d = pinfo->dst;
    if (s.type != d.type || s.len != d.len || !s.data || !d.data ||
        !((s.type == AT_IPv4 && s.len == 4) || (s.type == AT_IPv6 && s.len == 16)))
        return false;
    if (pinfo->srcport > 0xffff || pinfo->destport > 0xffff)
        return false;
    const hp_l4 *l4 = hp_frame_l4(tvb, pinfo, tree);
    if (!l4->ok || (pinfo->ptype == PT_TCP && (l4->flags & 0x002)) || !hp_frame_transport_last(pinfo))
        return false; // 0x002: SYN
    std::memset(&k, 0, sizeof k); // padding and unused address bytes take part in ==
    // The addresses as 64-bit words, read from the packet (an IPv4 address zero-extended: its
    // bytes in memory are the address then zeros, as in the key), compared in registers: any
    // total order will do (both directions must make the same key). Not through the key's
    // bytes: two 4-byte stores read back as one 8-byte load stall store forwarding.
    guint64 wa[2] = {0, 0}, wb[2] = {0, 0};
    if (s.len == 4) {
        guint32 x, y;
        std::memcpy(&x, s.data, 4);
        std::memcpy(&y, d.data, 4);
        wa[0] = x;
        wb[0] = y;
    } else {
        std::memcpy(wa, s.data, 16);
        std::memcpy(wb, d.data, 16);
    }
    const int c = wa[0] != wb[0] ? (wa[0] > wb[0] ? 1 : -1) : wa[1] != wb[1] ? (wa[1] > wb[1] ? 1 : -1) : 0;
    const bool swap = c > 0 || (c == 0 && pinfo->srcport > pinfo->destport);
    std::memcpy(k.a, swap ? wb : wa, sizeof wa);
    std::memcpy(k.b, swap ? wa : wb, sizeof wb);
    k.pa = static_cast<guint16>(swap ? pinfo->destport : pinfo->srcport);
    k.pb = static_cast<guint16>(swap ? pinfo->srcport : pinfo->destport);
    k.ptype = static_cast<guint8>(pinfo->ptype);
    k.alen = static_cast<guint8>(s.len);
    return true;
}

unsigned slot_of(const Key &k)
{
    guint32 h = 2166136261u ^ k.ptype;
    for (unsigned i = 0; i < k.alen; i += 4) {
        guint32 wa, wb;
        std::memcpy(&wa, k.a + i, 4);
        std::memcpy(&wb, k.b + i, 4);
        h = (h ^ wa) * 0x9E3779B1u;
        h = (h ^ wb) * 0x9E3779B1u;
    }
    h = (h ^ (static_cast<guint32>(k.pa) << 16 | k.pb)) * 0x9E3779B1u;
    return (h ^ (h >> 16)) & (kSlots - 1);
}

// Would Wireshark's look-up still answer c for this frame (see the top of this file)?
bool still_current(const conversation_t *c, const packet_info *pinfo)
{
    return c->last_frame == pinfo->num && c->options == 0 && !c->next && c->setup_frame <= pinfo->num;
}

// The frame's first question (or a create after a miss): the flow cache, else Wireshark's look-up.
// Not inlined: the memo check in front of it stays a few instructions.
__attribute__((noinline)) conversation_t *look_up(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, gboolean create)
{
    conversation_t *c = NULL;
    Key key;
    Slot *slot = flow_key(tvb, pinfo, tree, key) ? &slots[slot_of(key)] : NULL;
    Slot *flow = NULL; // slot, once it holds c
    if (slot && slot->conv && slot->key == key && still_current(slot->conv, pinfo)) {
        c = slot->conv;
        flow = slot;
        n_remembered++;
        if (hp_verify_facts()) {
            conversation_t *ws = find_conversation_pinfo(pinfo, 0);
            if (ws != c) {
                char ours[16], theirs[16];
                g_snprintf(ours, sizeof ours, "%u", c->conv_index);
                g_snprintf(theirs, sizeof theirs, "%d", ws ? static_cast<int>(ws->conv_index) : -1);
                hp_facts_differ(pinfo, "conversation", ours, theirs);
                c = ws;
                slot->conv = NULL;
                slot->data = NULL;
                flow = NULL;
            }
        }
    }
    if (!c) {
        n_looked_up++;
        c = create ? find_or_create_conversation(pinfo) : find_conversation_pinfo(pinfo, 0);
        if (slot && c && c->options == 0) {
            slot->key = key;
            slot->conv = c;
            slot->data = NULL;
            flow = slot;
        }
    }
    memo.fd = pinfo->fd;
    memo.num = pinfo->num;
    memo.valid = TRUE;
    memo.flow = flow;
    hp_conv_last.conv = c;
    hp_conv_last.data = flow ? flow->data : NULL;
    return c;
}

} // namespace

extern "C" conversation_t *hp_conversation(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, gboolean create)
{
    if (memo.valid && memo.fd == pinfo->fd && memo.num == pinfo->num && (hp_conv_last.conv || !create))
        return hp_conv_last.conv;
    return look_up(tvb, pinfo, tree, create);
}


extern "C" void **hp_conv_slot_lookup(conversation_t *conv, unsigned slot, gboolean create)
{
    if (!conv || slot >= HP_CONV_SLOTS)
        return NULL;
    const bool frame_conv = conv == hp_conv_last.conv; // the frame's (NULL after a reset): data remembered
    void **data = frame_conv ? hp_conv_last.data : NULL;
    if (!data) {
        data = entry_of(conv->conv_index, create);
        if (data && frame_conv) {
            hp_conv_last.data = data;
            if (memo.flow)
                memo.flow->data = data;
        }
    }
    return data ? &data[slot] : NULL;
}

extern "C" void hp_conversation_cleanup(void)
{
    if ((n_remembered || n_looked_up) && !hp_frames_revisited()) // no flow cache otherwise
        ws_info("huntpack: the frames' conversations: %" G_GUINT64_FORMAT " answered by the flow cache, %" G_GUINT64_FORMAT
                " looked up", n_remembered, n_looked_up);
    hp_conversation_reset();
}

extern "C" void hp_conversation_reset(void)
{
    n_remembered = n_looked_up = 0;
    chunks.clear(); // the chunks go with the file scope
    std::memset(&memo, 0, sizeof memo);
    hp_conv_last = hp_conv_last_t{};
    std::memset(slots, 0, sizeof slots);
}
