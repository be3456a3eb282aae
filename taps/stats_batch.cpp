// SPDX-License-Identifier: GPL-2.0-or-later
// stats_batch.cpp: see stats_batch.h.
#include "stats_batch.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <vector>

#include <epan/prefs.h>
#include <epan/stats_tree_priv.h>
#include <epan/tap.h>

#include "first_listener.h"
#include "glue.h"
#include "hp_fields.h"
#include "hp_tap.h"

namespace hs = huntpack::stats;

struct HpTreeBatch {
    stats_tree *st = nullptr;
    bool batching = false;  // else every update goes straight to the tree
    bool listening = false; // the flush listener is registered (tapdata: this)
    bool on_first = false;  // it logs, and the first listener does its flush (first_listener.h)
    bool seen = false;      // the flush listener got frame seen_frame
    guint32 seen_frame = 0;
    double bucket = 0; // this frame's burst bucket
    hs::TickBatch batch;
    guint64 updates = 0, tree_calls = 0; // batched updates, and the tree updates they became
    HpReplayFn replay = nullptr;         // the tree's: makes a frame's updates
    HpRootsFn roots = nullptr;           // and its top nodes' (merged per run in a replay)
    bool on_tree_tap = false;            // the tree's listener is on HP_TREE_TAP
    bool logging = false;                // gets its frames from the log (hp_tree_frame)
    guint32 ignore_upto = 0;             // frames it got from the log before it stopped logging
    guint64 replayed = 0;                // frames replayed from the log
    guint64 replays = 0;                 // the log entries they came in (tick_batch.h, FrameLog)
};

namespace {

// Static storage: a flush listener may stay registered after its tree is freed (tshark removes
// no listener before it exits), so its tapdata must stay valid. A few trees per process.
HpTreeBatch pool[8];
// For a tree without a batch of its own (pool exhausted): direct updates.
HpTreeBatch direct;
// More distinct (parent, name pointer) keys than any huntpack tree has nodes.
constexpr size_t kMaxSlots = 4096;

// The logged frames (stats_batch.h), shared by the logging trees: grouped as they come
// (tick_batch.h, FrameLog: the frames of a burst bucket that name the same nodes are one entry),
// 1,024 entries of 96 bytes, replayed while still in the cache. t200k: 200,000 frames (58 s of
// browsing) make 58,600 entries, and the two trees 598,000 updates instead of 2.1 million.
constexpr size_t kLogEntries = 1024;
using Log = hs::FrameLog<hp_frame_rec>;
Log frame_log(kLogEntries);
double log_last_now;  // the newest frame's clock: the trees' after a replay
guint32 last_logged;  // the newest frame logged
bool draining;
int tree_tap = -1;
// Derived from the pool (recount) whenever a tree starts, logs, stops logging or ends.
unsigned n_logging;               // trees that log
unsigned n_tap_frames;            // trees on HP_TREE_TAP that take frames one by one
bool direct_on_tree_tap;          // a tree on HP_TREE_TAP got no batch (never found at cleanup)

// Each pool entry's tree, side by side: a frame's look-up reads one cache line, not eight.
alignas(64) stats_tree *owners[8];
static_assert(sizeof(Log::Entry) == 96, "see kLogEntries");
static_assert(sizeof owners / sizeof owners[0] == sizeof pool / sizeof pool[0], "one owner per batch");

HpTreeBatch *find(stats_tree *st)
{
    for (size_t i = 0; i < sizeof owners / sizeof owners[0]; i++)
        if (owners[i] == st)
            return &pool[i];
    return nullptr;
}

void set_owner(HpTreeBatch *b, stats_tree *st)
{
    b->st = st;
    owners[b - pool] = st;
}

bool on_tree_tap(const stats_tree *st)
{
    return st->cfg && st->cfg->tapname && strcmp(st->cfg->tapname, HP_TREE_TAP) == 0;
}

void recount()
{
    n_logging = n_tap_frames = 0;
    for (const HpTreeBatch &b : pool)
        if (b.st && b.on_tree_tap)
            (b.logging ? n_logging : n_tap_frames)++;
    n_tap_frames += direct_on_tree_tap ? 1 : 0;
    if (!n_logging)
        frame_log.reset();
}

// The tree's node `name` under parent_id, as stats_tree_manip_node_int finds it.
stat_node *tree_node(stats_tree *st, int parent_id, const char *name)
{
    auto *parent = static_cast<stat_node *>(g_ptr_array_index(st->parents, parent_id));
    return static_cast<stat_node *>(g_hash_table_lookup(parent->hash ? parent->hash : st->names, name));
}

// Replaces a node's burst state by a tally's (same list, counts and record as the tree's own
// updates would have left: tick_batch.h). The buckets are allocated as the tree allocates them
// (g_new0), so the tree frees or extends them as its own.
void write_burst(stat_node *node, const hs::NodeTally &t)
{
    while (node->bh) {
        burst_bucket *old = node->bh;
        node->bh = old->next;
        g_free(old);
    }
    burst_bucket *prev = nullptr;
    for (size_t i = 0; i < t.size(); i++) {
        const hs::NodeTally::Bucket &x = t.bucket(i);
        burst_bucket *bn = g_new0(burst_bucket, 1);
        bn->count = x.count;
        bn->bucket_no = x.no;
        bn->start_time = x.start;
        bn->prev = prev;
        if (prev)
            prev->next = bn;
        else
            node->bh = bn;
        prev = bn;
    }
    node->bt = prev;
    node->bcount = t.bcount;
    node->max_burst = t.max_burst;
    node->burst_time = t.burst_time;
}

// stats_tree_packet's clock for a frame at `now`.
void set_clock(stats_tree *st, double now)
{
    st->now = now;
    if (st->start < 0.0)
        st->start = st->now;
    st->elapsed = st->now - st->start;
}

// The logged entries into one tree, each with the tree's clock set as stats_tree_packet sets it
// for the entry's first frame, then for the newest frame logged. A batch that fails on the way
// (out of memory: go_direct) takes the rest straight to the tree (the same updates: the tree
// files them as the batch does).
// The top nodes' updates are made once for each run of entries in one burst bucket whose times
// do not go backwards, at the run's first time, with the run's values summed (HpReplayFn): only
// while the log groups (its room bounds the sums, and every value is >= 0).
void replay_into(HpTreeBatch *b)
{
    stats_tree *st = b->st;
    const hs::BurstRule &rule = b->batch.rule();
    const bool merge = frame_log.grouping();
    bool run = false; // a run's top-node updates are pending
    double run_now = 0, run_bucket = 0, run_last = 0;
    int32_t run_packets = 0, run_bytes = 0;
    auto flush = [&] {
        set_clock(st, run_now);
        if (b->batching) {
            b->batch.new_frame();
            b->bucket = run_bucket;
        }
        b->roots(b, run_packets, run_bytes);
        run = false;
    };
    for (const Log::Entry &e : frame_log.entries()) {
        set_clock(st, e.now);
        const double bucket = rule.bucket_of(e.now);
        if (b->batching) {
            b->batch.new_frame();
            b->bucket = bucket;
        }
        if (!merge) {
            b->roots(b, e.packets, e.bytes);
            b->replay(b, e.rec, e.packets, e.bytes);
            continue;
        }
        b->replay(b, e.rec, e.packets, e.bytes);
        if (run && (bucket != run_bucket || e.now < run_last))
            flush();
        if (!run) {
            run = true;
            run_now = e.now;
            run_bucket = bucket;
            run_packets = run_bytes = 0;
        }
        run_packets = hs::NodeTally::wrap_add(run_packets, e.packets);
        run_bytes = hs::NodeTally::wrap_add(run_bytes, e.bytes);
        run_last = e.now;
    }
    if (run)
        flush();
    set_clock(st, log_last_now);
    b->replayed += frame_log.frames();
    b->replays += frame_log.entries().size();
}

// How much the logging trees' nodes may still get in merged updates (tick_batch.h, FrameLog).
int64_t log_room()
{
    int64_t room = INT64_MAX;
    for (const HpTreeBatch &b : pool)
        if (b.logging && b.st)
            room = std::min(room, b.batch.merge_room());
    return room;
}

// Every logging tree replays the log, which then starts again. Not re-entered (a batch applied
// during the replay: apply below).
void drain_log()
{
    if (draining || frame_log.empty())
        return;
    draining = true;
    for (HpTreeBatch &b : pool)
        if (b.logging && b.st && b.replay)
            replay_into(&b);
    frame_log.clear();
    draining = false;
}

// Hands the batch's state to the tree: each node is made (or found) with MN_SET, which sets its
// counter and files nothing, then given its burst state. Afterwards the tree holds everything,
// so batching stops (go_direct), unless the tree is reset next (flush_reset). The logged frames
// are replayed first.
void apply(HpTreeBatch *b)
{
    drain_log();
    if (!b->batch.pending() || !b->st)
        return;
    stats_tree *st = b->st;
    const bool burst = b->batch.rule().on;
    b->batch.apply([st, b, burst](const hs::TreeOp &op) -> int {
        if (op.parent_id < 0 || op.parent_id >= static_cast<int>(st->parents->len))
            return -1; // a parent the tree refused; Wireshark would assert
        b->tree_calls++;
        const int id = stats_tree_manip_node_int(MN_SET, st, op.name, op.parent_id, op.with_children, op.value);
        if (op.tally && burst) {
            if (stat_node *node = tree_node(st, op.parent_id, op.name))
                write_burst(node, *op.tally);
            else // a leaf under a parent without children's hash not made in init (tick_batch.h)
                ws_warning("huntpack: statistics batch: %s: node \"%s\" not found, its burst rate is missing",
                           st->cfg->abbr, op.name);
        }
        return id;
    });
}

// A logging tree stops logging: from the next frame on it takes them from its tap (the frames
// logged so far it has got, or gets in the replay under way).
void stop_logging(HpTreeBatch *b)
{
    if (!b->logging)
        return;
    b->logging = false;
    b->ignore_upto = last_logged;
    recount();
}

void go_direct(HpTreeBatch *b)
{
    apply(b);
    b->batching = false;
    stop_logging(b);
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
        const bool batched_to_the_end = b->batching;
        go_direct(b); // the tree is drawn next; anything after (a retap) goes direct
        if (b->st)
            ws_info("statistics batch: %s: %" PRIu64 " updates (%" PRIu64 " frames from the log in %" PRIu64
                    " replays) became %" PRIu64 " tree updates%s",
                    b->st->cfg->abbr, b->updates, b->replayed, b->replays, b->tree_calls,
                    batched_to_the_end ? "" : " (then direct)");
    } catch (const std::exception &e) {
        ws_warning("huntpack: statistics batch: %s", e.what());
    }
}

// Before the tree's own reset (this listener is ahead of it): applied, not dropped, so the nodes
// the pending updates create exist afterwards with zero counts, as with direct updates. Batching
// goes on: the tree's reset, next, leaves every node as fresh as the batch's emptied slots.
void flush_reset(void *p) { apply(static_cast<HpTreeBatch *>(p)); }

// The logging trees' flush, done by huntpack's first tap listener (first_listener.h) instead of
// a listener of each: a logging tree takes no frames from its tap, so its listener is needed only
// to be drawn and reset before the tree, which the first listener is (the head of the list). Set
// up on the first frame logged, when every tree's listener is registered; until then (and if the
// first listener is refused) each tree keeps its own.
bool first_wanted; // a tree started logging with its own flush listener
void first_draw()
{
    for (HpTreeBatch &b : pool)
        if (b.on_first && b.st)
            flush_draw(&b);
}
void first_reset()
{
    for (HpTreeBatch &b : pool)
        if (b.on_first && b.st)
            apply(&b);
}
void use_first()
{
    first_wanted = false;
    if (!hp_first_listen(first_draw, first_reset))
        return;
    for (HpTreeBatch &b : pool)
        if (b.logging && b.listening && b.st) {
            remove_tap_listener(&b);
            b.listening = false;
            b.on_first = true;
        }
}

} // namespace

HpTreeBatch *hp_tree_batch_init(stats_tree *st)
{
    HpTreeBatch *b = find(st);
    if (!b)
        b = find(nullptr);
    if (!b) {
        direct.st = st;
        direct_on_tree_tap = direct_on_tree_tap || on_tree_tap(st);
        recount();
        return &direct;
    }
    set_owner(b, st);
    b->batching = false;
    b->seen = false;
    b->batch.clear();
    b->updates = b->tree_calls = 0;
    b->replay = nullptr;
    b->roots = nullptr;
    b->logging = false;
    b->on_first = false;
    b->ignore_upto = 0;
    b->replayed = b->replays = 0;
    b->on_tree_tap = on_tree_tap(st);
    recount(); // it takes frames from its tap until it logs (hp_tree_set_replay)
    const hs::BurstRule rule{prefs.st_enable_burstinfo != 0, prefs.st_burst_resolution, prefs.st_burst_windowlen};
    if (!hp_is_tshark() || !hp_batch_stats() || !rule.batchable())
        return b;
    b->batch.configure(rule);
    if (b->listening)
        remove_tap_listener(b); // registered again below, ahead of this tree
    b->listening = false;
    GString *err = register_tap_listener(st->cfg->tapname, b, NULL, TL_REQUIRES_NOTHING, flush_reset, flush_packet,
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
    if (b->logging || pinfo->num <= b->ignore_upto)
        return nullptr; // the frame comes (or came) from the log
    if (!b->batching)
        return b;
    b->batch.new_frame();
    try {
        if (!b->seen || b->seen_frame != pinfo->num)
            go_direct(b); // the flush listener is not ahead of the tree: it would draw after it
        else if (b->batch.pointers() > kMaxSlots)
            go_direct(b); // node names that are not stable pointers: no batching, bounded memory
        else
            b->bucket = b->batch.rule().bucket_of(st->now);
    } catch (const std::exception &e) {
        ws_warning("huntpack: statistics batch: %s", e.what());
        go_direct(b); // what was accepted is applied (apply throws nothing)
    }
    return b;
}

void hp_tree_batch_cleanup(stats_tree *st)
{
    if (HpTreeBatch *b = find(st)) {
        set_owner(b, nullptr); // the listener stays registered, idle; the slot can serve a new tree
        b->batching = false;
        b->logging = false;
        b->on_first = false;
        b->replay = nullptr;
        b->roots = nullptr;
        b->batch.clear();
        recount();
    }
}

// An increment that does not go into the batch: the batch failed (out of memory) or is off.
// Not inlined into hp_tree_increase, whose batched path (525,000
// calls on t50k) then saves and restores no registers for it.
static __attribute__((noinline)) HpNode increase_direct(HpTreeBatch *b, HpNode parent, const char *name,
                                                         bool with_children, gint value)
{
    stats_tree *st = b->st;
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
    if (b->batching) {
        try {
            b->updates++;
            return b->batch.add(parent, name, with_children, value, b->st->now, b->bucket);
        } catch (const std::exception &e) {
            batch_failed(e);
        }
        // Outside the handler (Wireshark's C code may longjmp): what was accepted is applied
        // (apply throws nothing), then this update goes to the tree.
        go_direct(b);
    }
    return increase_direct(b, parent, name, with_children, value);
}

void hp_tree_set_replay(HpTreeBatch *b, HpReplayFn fn, HpRootsFn roots)
{
    if (b == &direct)
        return;
    b->replay = fn;
    b->roots = roots;
    // Logging needs the batch (tshark, batching), a tree that takes every frame (no filter) and
    // a single pass: with -2 tcplabel also runs in the first pass, where tshark runs no taps, so
    // only the tap knows which frames count (found by the GUI test, which compares with -2).
    if (fn && roots && b->batching && b->on_tree_tap && !b->logging && b->st && (!b->st->filter || !*b->st->filter) &&
        !hp_frames_revisited()) {
        b->logging = true;
        recount();
        frame_log.set_rule(b->batch.rule());
        first_wanted = true;
    }
}

void hp_tree_tap_register(void) { tree_tap = register_tap(HP_TREE_TAP); }

// The frame for the logging trees. Out of memory: the frames logged so far are replayed, then
// every logging tree takes its frames from its tap, this one included (queued next).
static void log_frame(const packet_info *pinfo, const hp_frame_rec *r)
{
    if (first_wanted)
        use_first();
    try {
        if (!frame_log.empty() && !frame_log.fits(r->frame_len))
            drain_log(); // the frame would leave too little room (tick_batch.h, FrameLog)
        if (frame_log.empty()) {
            frame_log.reserve();
            frame_log.set_room(log_room());
        }
        // stats_tree_packet's clock, nstime_to_msec's expression (wsutil/nstime.c, 4.0-4.6)
        // written here: the library call was a cold PLT jump a frame.
        const double now = static_cast<double>(pinfo->rel_ts.secs) * 1000 + static_cast<double>(pinfo->rel_ts.nsecs) / 1000000;
        frame_log.add(*r, now, r->frame_len,
                      [](const hp_frame_rec &x, const hp_frame_rec &y) { return hp_frame_same_nodes(&x, &y) != FALSE; });
        log_last_now = now;
        last_logged = pinfo->num;
        if (frame_log.full())
            drain_log();
    } catch (const std::exception &e) {
        batch_failed(e);
        drain_log();
        for (HpTreeBatch &b : pool)
            stop_logging(&b); // ignore_upto: the frame before this one
    }
}

void hp_tree_frame(packet_info *pinfo, const hp_frame_rec *r)
{
    if (!r)
        return;
    if (n_logging)
        log_frame(pinfo, r); // first: a tree that stops logging here takes this frame from its tap
    if (n_tap_frames)
        tap_queue_packet(tree_tap, pinfo, r);
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
            go_direct(b); // what was accepted is applied (apply throws nothing)
        }
    }
    const int pid = b->batch.id_of(parent);
    if (pid >= 0 && pid < static_cast<int>(b->st->parents->len))
        stats_tree_manip_node_int(MN_SET, b->st, name, pid, FALSE, value);
}
