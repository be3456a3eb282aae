// SPDX-License-Identifier: GPL-2.0-or-later
// hp_tcp.cpp: Wireshark's own TCP analysis of a frame, read from the TCP dissector's public
// conversation data (epan/dissectors/packet-tcp.h) instead of the tcp.analysis.* and
// tcp.segment_data fields, so no protocol tree is needed; see hp_frame.h.
//
// What packet-tcp.c does, and what this relies on (read in 4.0.17's packet-tcp.c; the same in
// the 4.5 development tree):
// - Sequence analysis (first pass only) keeps one struct tcp_acked per analysed frame in
//   tcpd->acked_table, keyed {frame number, raw seq, raw ack} (tcp_analyze_get_acked_struct);
//   tcp_print_sequence_number_analysis shows tcp.analysis.flags and the tcp.analysis.* expert
//   fields from its `flags` (TCP_A_*, private to packet-tcp.c: their values are copied in
//   heuristics/tcp_analysis.h, and t_corpus compares the result with Wireshark's fields through
//   huntpack.verify_facts on the web-port frames tcplabel labels).
//   TCP_A_OLD_DATA (0x8000) is set later by the reassembly code and never shown as a flag.
// - While it dissects a frame, packet-tcp.c keeps that frame's struct tcp_acked in tcpd->ta
//   (get_tcp_conversation_data() clears it, the sequence analysis sets it), and nothing after TCP
//   in the frame changes it. So in the first pass, when TCP's conversation look-up in this frame
//   found this conversation (its last_frame is this frame), huntpack reads tcpd->ta instead of
//   looking the frame up in acked_table (a three-level tree look-up a frame, ~150 instructions
//   and its cache misses). huntpack.verify_facts looks it up anyway and reports any difference
//   of flags; t_corpus requires none on 4.0, 4.4 and 4.6.
// - Reassembly: a payload stored into a multi-segment PDU that did not complete updates that
//   PDU's last_frame (first pass) in tcpd->fwd->multisegment_pdus, keyed by the sequence number
//   the dissector uses (relative when sequence analysis and relative numbers are both on, the
//   defaults); a PDU that completes adds a "Reassembled TCP" data source to the frame; both, and
//   retransmitted data inside a desegmenting flow, show tcp.segment_data.
#include "hp_fields.h"
#include "hp_frame.h"
#include <epan/prefs.h>
#include <epan/prefs-int.h>
#include <epan/dissectors/packet-tcp.h>

#include "tcp_analysis.h"

namespace tcpa = huntpack::tcpa;

namespace {

struct {
    const frame_data *fd;
    guint32 num;
    gboolean valid;
    hp_tcp_facts facts;
} cache;

int proto_tcp = -1;
constexpr guint16 kRetransmitted = tcpa::kRetransmission | tcpa::kFastRetransmission | tcpa::kOldData;
gboolean relative_keys = TRUE; // MSP keys relative (tcp analyze + relative sequence numbers)

gboolean tcp_pref(module_t *m, const char *name, gboolean dflt)
{
    pref_t *p = m ? prefs_find_preference(m, name) : NULL;
    return p ? prefs_get_bool_value(p, pref_current) : dflt;
}

// packet-tcp.c's LE_SEQ/GT_SEQ: sequence-space comparisons (RFC 9293 §3.4).
bool seq_le(guint32 a, guint32 b) { return static_cast<gint32>(a - b) <= 0; }
bool seq_gt(guint32 a, guint32 b) { return static_cast<gint32>(a - b) > 0; }

// The frame's struct tcp_acked in packet-tcp.c's table, keyed {frame, raw seq, raw ack}.
const tcp_acked *look_up_acked(const tcp_analysis *tcpd, guint32 frame, guint32 seq, guint32 ack)
{
    if (!tcpd->acked_table)
        return NULL;
    wmem_tree_key_t key[4] = {{1, &frame}, {1, &seq}, {1, &ack}, {0, NULL}};
    return static_cast<const tcp_acked *>(wmem_tree_lookup32_array(tcpd->acked_table, key));
}

__attribute__((noinline, cold)) void differs(packet_info *pinfo, const tcp_acked *left, const tcp_acked *found)
{
    hp_facts_differ(pinfo, "TCP analysis in tcpd->ta",
        wmem_strdup_printf(pinfo->pool, "flags 0x%04x", left ? left->flags : 0),
        wmem_strdup_printf(pinfo->pool, "flags 0x%04x in its table", found ? found->flags : 0));
}

// Not inlined: the per-frame memo check in front of it stays a few instructions (measured: the
// inlined body made every cached call save and restore registers, ~20 instructions each).
__attribute__((noinline)) void compute(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, hp_tcp_facts &f)
{
    conversation_t *conv = hp_conversation(tvb, pinfo, tree, FALSE);
    // packet-tcp.c's data of the conversation, remembered in huntpack's own (hp_fields.h).
    void **slot = hp_conv_slot(conv, HP_CONV_TCP, TRUE);
    if (slot && !*slot)
        *slot = conversation_get_proto_data(conv, proto_tcp);
    const auto *tcpd = slot ? static_cast<const tcp_analysis *>(*slot) : NULL;
    if (!tcpd)
        return;
    f.has_stream = TRUE;
    f.stream = tcpd->stream;
    const hp_l4 *l4 = hp_frame_l4(tvb, pinfo, tree);
    if (!l4->ok)
        return;
    // The analysis of this frame. In the first pass packet-tcp.c has just left it in tcpd->ta
    // (see the top of this file), when its conversation look-up in this frame found this
    // conversation (last_frame); otherwise it is looked up under the key packet-tcp.c stored it
    // with. huntpack.verify_facts looks it up anyway and reports a difference.
    const bool left_by_tcp = !pinfo->fd->visited && conv->last_frame == pinfo->num;
    const tcp_acked *ta = left_by_tcp ? tcpd->ta : NULL;
    if (!left_by_tcp || hp_verify_facts()) {
        const tcp_acked *found = look_up_acked(tcpd, pinfo->num, l4->seq, l4->ack);
        if (left_by_tcp && (ta ? ta->flags : 0) != (found ? found->flags : 0))
            differs(pinfo, ta, found);
        ta = found;
    }
    const guint16 flags = ta ? ta->flags : 0;
    f.analysis = flags & tcpa::kShown;
    f.raw_flags = flags;
    if (l4->payload_reported == 0)
        return;
    // The reassembly state below describes the first pass, except `stored`, which a revisit
    // reads from the PDU's first frame (hp_frame.h).
    const bool revisit = pinfo->fd->visited;
    // The same direction test as get_tcp_conversation_data(): fwd is flow1 when the source
    // address (then port) is the greater.
    int dir = cmp_address(&pinfo->src, &pinfo->dst);
    if (dir == 0)
        dir = pinfo->srcport > pinfo->destport ? 1 : -1;
    const tcp_flow_t *fwd = dir >= 0 ? &tcpd->flow1 : &tcpd->flow2;
    if (pinfo->data_src && hp_data_source_tvb(pinfo, "Reassembled TCP")) {
        f.segment_data = !revisit; // a PDU completed in this frame (a revisit re-adds the source)
        return;
    }
    if (!fwd->multisegment_pdus) {
        f.segment_data = !revisit && (flags & kRetransmitted) != 0;
        return;
    }
    // A payload stored into a PDU that is still incomplete: look up the PDU holding the
    // payload's last byte (a segment can complete one PDU and start another).
    const guint32 s = (relative_keys ? l4->seq - fwd->base_seq : l4->seq) + ((l4->flags & 0x02) ? 1 : 0);
    const guint32 last = s + l4->payload_reported - 1;
    const auto *msp = static_cast<const tcp_multisegment_pdu *>(wmem_tree_lookup32_le(fwd->multisegment_pdus, last));
    const bool holds_last = msp && seq_le(msp->seq, last) && seq_gt(msp->nxtpdu, last);
    // Stored: the whole payload lies in a PDU that did not complete here (no reassembled source
    // above), so no PDU was dissected in this frame: packet-tcp.c either called no dissector (a
    // segment inside a PDU of known length) or called one that asked for more data before its
    // first byte (desegment_offset 0: the first segment, or each further one of a PDU that asks
    // for one more segment at a time).
    const bool inside = holds_last && seq_le(msp->seq, s);
    if (revisit) {
        f.stored = inside;
        return;
    }
    if (holds_last && msp->last_frame == pinfo->num) {
        f.segment_data = TRUE;
        f.stored = inside;
        return;
    }
    // Retransmitted data: desegment_tcp() runs for every payload TCP may desegment (the
    // preference, a good or unchecked checksum, not inside an ICMP error) and shows old data as
    // "Retransmitted TCP segment data"; a spurious retransmission mostly leaves it early
    // ("just ignore it"), though not on every path (huntpack.verify_facts counts those).
    f.segment_data = (flags & kRetransmitted) != 0;
}

} // namespace

extern "C" const hp_tcp_facts *hp_tcp_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    if (cache.valid && cache.fd == pinfo->fd && cache.num == pinfo->num)
        return &cache.facts;
    cache.fd = pinfo->fd;
    cache.num = pinfo->num;
    cache.valid = TRUE;
    cache.facts = hp_tcp_facts{};
    if (pinfo->ptype == PT_TCP)
        compute(tvb, pinfo, tree, cache.facts);
    return &cache.facts;
}

extern "C" void hp_tcp_reset(void)
{
    cache.valid = FALSE;
    proto_tcp = proto_get_id_by_filter_name("tcp");
    module_t *m = prefs_find_module("tcp");
    relative_keys = tcp_pref(m, "analyze_sequence_numbers", TRUE) && tcp_pref(m, "relative_sequence_numbers", TRUE);
}
