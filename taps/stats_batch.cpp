// SPDX-License-Identifier: GPL-2.0-or-later
// stats_batch.cpp: see stats_batch.h.
#include "stats_batch.h"

#include <cmath>
#include <exception>

#include <epan/prefs.h>
#include <epan/stats_tree_priv.h>
#include <epan/tap.h>

#include "glue.h"
#include "hp_fields.h"
#include "hp_tap.h"

namespace hs = huntpack::stats;

struct HpTreeBatch {
    stats_tree *st = nullptr;
    bool batching = false;  // else every update goes straight to the tree
    bool listening = false; // the flush listener is registered (tapdata: this)
    bool seen = false;      // the flush listener got frame seen_frame
    guint32 seen_frame = 0;
    double bucket = 0; // this frame's burst bucket
    hs::TickBatch batch;
    guint64 updates = 0, tree_calls = 0; // batched updates, and the tree updates they became
};

namespace {

// Static storage: a flush listener may stay registered after its tree is freed (tshark removes
// no listener before it exits), so its tapdata must stay valid. A few trees per process.
HpTreeBatch pool[8];
// For a tree without a batch of its own (pool exhausted): direct updates.
HpTreeBatch direct;
// More distinct (parent, name) pairs than any huntpack tree has nodes.
constexpr size_t kMaxSlots = 4096;

HpTreeBatch *find(stats_tree *st)
{
    for (HpTreeBatch &b : pool)
        if (b.st == st)
            return &b;
    return nullptr;
}

// Applies the pending updates, each at the `now` it was batched under (the tree files an
// increment by st->now), then restores st->now.
void apply(HpTreeBatch *b)
{
    if (!b->batch.pending() || !b->st)
        return;
    stats_tree *st = b->st;
    const double saved = st->now;
    b->batch.apply([st, b](const hs::TreeOp &op) -> int {
        if (op.parent_id < 0 || op.parent_id >= static_cast<int>(st->parents->len))
            return -1; // a parent the tree refused; Wireshark would assert
        b->tree_calls++;
        st->now = op.now;
        return stats_tree_manip_node_int(op.set ? MN_SET : MN_INCREASE, st, op.name, op.parent_id,
                                         op.with_children, op.value);
    });
    st->now = saved;
}

void go_direct(HpTreeBatch *b)
{
    apply(b);
    b->batching = false;
}

tap_packet_status flush_packet(void *p, packet_info *pinfo, epan_dissect_t *, const void *, tap_flags_t)
{
    auto *b = static_cast<HpTreeBatch *>(p);
    b->seen = true;
    b->seen_frame = pinfo->num;
    return TAP_PACKET_DONT_REDRAW;
}

void flush_draw(void *p)
{
    auto *b = static_cast<HpTreeBatch *>(p);
    try {
        apply(b);
        if (b->st)
            ws_info("statistics batch: %s: %" PRIu64 " updates became %" PRIu64 " tree updates%s",
                     b->st->cfg->abbr, b->updates, b->tree_calls, b->batching ? "" : " (then direct)");
    } catch (const std::exception &e) {
        ws_warning("huntpack: statistics batch: %s", e.what());
    }
}

// Before the tree's own reset (this listener is ahead of it): applied, not dropped, so the nodes
// the pending updates create exist afterwards with zero counts, as with direct updates.
void flush_reset(void *p) { apply(static_cast<HpTreeBatch *>(p)); }

double bucket_of(const stats_tree *st)
{
    // As update_burst_calc files an increment (a resolution below 1 ms is not a preference value).
    return std::floor(st->now / (prefs.st_burst_resolution > 0 ? prefs.st_burst_resolution : 1));
}

} // namespace

HpTreeBatch *hp_tree_batch_init(stats_tree *st)
{
    HpTreeBatch *b = find(st);
    if (!b)
        b = find(nullptr);
    if (!b) {
        direct.st = st;
        return &direct;
    }
    b->st = st;
    b->batching = false;
    b->seen = false;
    b->batch.clear();
    b->updates = b->tree_calls = 0;
    if (!hp_is_tshark() || !hp_batch_stats())
        return b;
    if (b->listening)
        remove_tap_listener(b); // registered again below, ahead of this tree
    b->listening = false;
    GString *err = register_tap_listener(HP_FRAME_TAP, b, NULL, TL_REQUIRES_NOTHING, flush_reset, flush_packet,
                                         flush_draw, NULL);
    if (err) {
        ws_warning("huntpack: statistics updates unbatched: %s", err->str);
        g_string_free(err, TRUE);
        return b;
    }
    b->listening = true;
    b->batching = true;
    return b;
}

HpTreeBatch *hp_tree_batch_frame(stats_tree *st, packet_info *pinfo)
{
    HpTreeBatch *b = find(st);
    if (!b) {
        direct.st = st;
        return &direct;
    }
    if (!b->batching)
        return b;
    try {
        if (!b->seen || b->seen_frame != pinfo->num)
            go_direct(b); // the flush listener is not ahead of the tree: it would draw after it
        else if (b->batch.slots() > kMaxSlots)
            go_direct(b); // node names that are not stable pointers: no batching, bounded memory
        else if (b->batch.other_bucket(b->bucket = bucket_of(st)))
            apply(b);
    } catch (const std::exception &e) {
        ws_warning("huntpack: statistics batch: %s", e.what());
        go_direct(b); // what was accepted is applied (apply allocates nothing)
    }
    return b;
}

void hp_tree_batch_cleanup(stats_tree *st)
{
    if (HpTreeBatch *b = find(st)) {
        b->st = nullptr; // the listener stays registered, idle; the slot can serve a new tree
        b->batching = false;
        b->batch.clear();
    }
}

// An increment that does not go into the batch: the batch failed (out of memory), or is off,
// or the value is not positive. Not inlined into hp_tree_increase, whose batched path (525,000
// calls on t50k) then saves and restores no registers for it.
static __attribute__((noinline)) HpNode increase_direct(HpTreeBatch *b, HpNode parent, const char *name,
                                                         bool with_children, gint value)
{
    stats_tree *st = b->st;
    if (b->batching)
        apply(b); // not batched (tick_batch.h): everything before it goes first
    const int pid = b->batch.id_of(parent);
    if (pid < 0 || pid >= static_cast<int>(st->parents->len))
        return HpNode::none();
    const int id = stats_tree_manip_node_int(MN_INCREASE, st, name, pid, with_children, value);
    return id >= 0 ? HpNode::fixed(id) : HpNode::none();
}

static __attribute__((noinline)) void batch_failed(const std::exception &e)
{
    ws_warning("huntpack: statistics batch: %s", e.what());
}

HpNode hp_tree_increase(HpTreeBatch *b, HpNode parent, const char *name, bool with_children, gint value)
{
    if (b->batching && value > 0) {
        try {
            b->updates++;
            return b->batch.add(parent, name, with_children, value, b->st->now, b->bucket);
        } catch (const std::exception &e) {
            batch_failed(e);
        }
        // Outside the handler (Wireshark's C code may longjmp): what was accepted is applied
        // (apply allocates nothing), then this update goes to the tree.
        go_direct(b);
    }
    return increase_direct(b, parent, name, with_children, value);
}

void hp_tree_set(HpTreeBatch *b, HpNode parent, const char *name, gint value)
{
    if (b->batching) {
        try {
            b->updates++;
            b->batch.set(parent, name, value);
            return;
        } catch (const std::exception &e) {
            ws_warning("huntpack: statistics batch: %s", e.what());
            go_direct(b); // what was accepted is applied (apply allocates nothing)
        }
    }
    const int pid = b->batch.id_of(parent);
    if (pid >= 0 && pid < static_cast<int>(b->st->parents->len))
        stats_tree_manip_node_int(MN_SET, b->st, name, pid, FALSE, value);
}
