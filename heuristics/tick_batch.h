// SPDX-License-Identifier: GPL-2.0-or-later
// tick_batch: keeps the counter and burst-rate state of a statistics tree's (Wireshark's
// stats_tree) nodes itself, for the whole capture, so that the tree is touched once per node at
// the end instead of on every frame, with the same result.
//
// Why: a stats_tree increment costs Wireshark a look-up by name (g_str_hash and a compare) and
// its burst bookkeeping, which allocates a bucket whenever a node is updated in a new burst
// bucket (5 ms by default). A browsing capture has a frame every few milliseconds, so that is
// nearly every update: batching per bucket (this file's first design) saved little, and the two
// breakdown trees cost about 7 % of the analysis's time on t200k (bench/RESULTS.md, "Session 17").
//
// What the tree does with an increment (epan/stats_tree.c 4.0-4.6, stats_tree_manip_node_int
// and update_burst_calc; gint arithmetic, so sums wrap as the tree's do): the counter grows by
// the value; unless burst info is off, the value is filed in bucket b = floor(now / resolution)
// of a sorted list of buckets (bucket_no, start time, count), which starts as one empty bucket 0:
// - b after the last bucket: appended (start = now), the window count (bcount) grows by the
//   value, then head buckets with b >= head + W are dropped (bcount loses their counts), where
//   W = windowlen / resolution in integer division;
// - b before the head: put at the head (and counted in bcount) only if b + W > last bucket;
// - otherwise: b's bucket is found (count grows, start lowered to now if later) or inserted
//   after the last bucket before it; bcount grows by the value.
// Then, whatever happened, if bcount > max_burst: max_burst = bcount and burst_time = the head's
// start. NodeTally does exactly this; test_tick_batch checks it against an independent model on
// random sequences (times forwards, backwards and past the window), and t_stats_batch checks
// the printed trees against direct updates on real captures in 4.0, 4.4 and 4.6.
//
// A node is named by (parent, name), as the tree finds it under a parent with children (its
// hash). Under a parent without one (the tree's root), the tree finds names in its table of
// parent nodes instead: there only names made in the tree's init may be batched (the caller's
// precondition; stats_batch.cpp warns when a node is not found at apply).
// The batch holds one slot per node, found by (parent, name pointer): names must be stable
// pointers (static, interned or owned by the caller for the batch's lifetime). A pointer not
// seen before is looked up by its text, so two pointers to equal text share the slot of the one
// tree node they name (the revised tree's buckets come from several static tables). A set
// (MN_SET) keeps its last value in a slot of its own; sets have no burst bookkeeping, so when
// they are applied does not matter, provided a node gets either sets or increments, never both.
// apply() hands each slot's final state over in first-named order (the order the tree would have
// created the nodes in); after it the tree holds the state, so the caller stops batching.
#pragma once

#include <cmath>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <cstdint>
#include <vector>

namespace huntpack::stats {

// A tree node: a fixed id made when the tree was created, or a slot of the batch (a node first
// named by an update; its tree id is known once the batch has been applied).
struct NodeRef {
    int32_t v = 0; // >= 0: the tree's node id; < 0: slot -(v + 1)
    static NodeRef fixed(int id) { return NodeRef{id}; }
    static NodeRef slot(size_t s) { return NodeRef{-static_cast<int32_t>(s) - 1}; }
    static NodeRef none() { return NodeRef{INT32_MIN}; } // no node (an update the tree refused)
    bool is_slot() const { return v < 0; }
    size_t slot_index() const { return static_cast<size_t>(-(v + 1)); }
};

// How the tree files increments (Wireshark's statistics preferences).
struct BurstRule {
    bool on = true;       // statistics.st_enable_burstinfo
    int resolution = 5;   // statistics.st_burst_resolution, ms (> 0)
    int window = 100;     // statistics.st_burst_windowlen, ms
    // W in update_burst_calc: an integer division, as the tree computes it.
    double window_buckets() const { return static_cast<double>(window / resolution); }
    // The bucket an increment at `now` (ms) is filed in: floor(now / resolution). (Truncation
    // stands in for the libm call where it is exact: |q| < 2^52, below which a double's integer
    // part is exact in an int64.)
    double bucket_of(double now) const
    {
        if (!on)
            return 0;
        const double q = now / resolution;
        if (!(q > -4503599627370496.0 && q < 4503599627370496.0))
            return std::floor(q);
        const double t = static_cast<double>(static_cast<int64_t>(q));
        return t > q ? t - 1 : t;
    }
    // The rules a NodeTally can follow with bounded state (at most W buckets a node): a positive
    // resolution and 1 <= W <= kMaxWindowBuckets. W = 0 would empty the tree's own list (it
    // would crash); a larger W is left to the tree.
    static constexpr int kMaxWindowBuckets = 1024;
    bool batchable() const
    {
        return !on || (resolution > 0 && window / resolution >= 1 && window / resolution <= kMaxWindowBuckets);
    }
};

// One node's counter and burst state, kept as the tree keeps it (see the top of this file). The
// last bucket is kept inline (an update in the same bucket as the frame before, the usual case
// on a busy capture, touches nothing else); the earlier ones in a ring (contiguous, grown by
// doubling): at most W buckets are live.
struct NodeTally {
    struct Bucket {
        double no = 0;    // bucket_no
        double start = 0; // start_time
        int32_t count = 0;
    };
    int32_t counter = 0;
    int32_t bcount = 0, max_burst = 0;
    double burst_time = -1;

    // The buckets, head first (the tree's list from bh to bt); starts as the tree's initial
    // empty bucket 0.
    size_t size() const { return n_ + 1; }
    const Bucket &bucket(size_t i) const { return i < n_ ? ring_[(head_ + i) & mask_] : last_; }

    // An increment of `value` at `now` (ms), which falls in burst bucket b = floor(now /
    // resolution) (computed once a frame by the caller; BurstRule::bucket_of).
    // Only the ring's growth can throw (bad_alloc), before anything changed: a throwing
    // increment leaves the tally as it was.
    void increase(int32_t value, double now, double b, const BurstRule &rule)
    {
        if (rule.on) {
            if (b == last_.no) { // in the middle of the tree's list, found at once
                last_.count = wrap_add(last_.count, value);
                if (last_.start > now)
                    last_.start = now;
                bcount = wrap_add(bcount, value);
            } else {
                increase_elsewhere(value, now, b, rule);
            }
            if (bcount > max_burst) {
                max_burst = bcount;
                burst_time = bucket(0).start;
            }
        }
        counter = wrap_add(counter, value);
    }
    // gint arithmetic as the tree does it (wrapping, without the undefined behaviour).
    static int32_t wrap_add(int32_t a, int32_t b)
    {
        return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
    }
    static int32_t wrap_sub(int32_t a, int32_t b)
    {
        return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
    }

private:
    void increase_elsewhere(int32_t value, double now, double b, const BurstRule &rule)
    {
        const double win = rule.window_buckets();
        if (b > last_.no) { // appended; then the heads out of the window go (never the new last)
            insert(n_, last_);
            last_ = Bucket{b, now, value};
            bcount = wrap_add(bcount, value);
            while (n_ > 0 && b >= ring_[head_].no + win) {
                bcount = wrap_sub(bcount, ring_[head_].count);
                head_ = (head_ + 1) & mask_;
                n_--;
            }
        } else if (b < bucket(0).no) { // a new head, if still within the window of the last
            if (b + win > last_.no) {
                insert(0, Bucket{b, now, value});
                bcount = wrap_add(bcount, value);
            }
        } else { // between head and last (so the ring is not empty): found or inserted
            size_t i = n_ - 1;
            while (b < at(i).no)
                i--; // stops at the head at the latest: b >= head
            if (b == at(i).no) {
                at(i).count = wrap_add(at(i).count, value);
                if (at(i).start > now)
                    at(i).start = now;
            } else {
                insert(i + 1, Bucket{b, now, value});
            }
            bcount = wrap_add(bcount, value);
        }
    }
    Bucket &at(size_t i) { return ring_[(head_ + i) & mask_]; }
    // Before ring position i (0: a new head, n_: after the ring's last); later ones move up.
    void insert(size_t i, const Bucket &x)
    {
        if (n_ == ring_.size()) {
            std::vector<Bucket> bigger(ring_.empty() ? 8 : ring_.size() * 2);
            for (size_t k = 0; k < n_; k++)
                bigger[k] = at(k);
            ring_.swap(bigger);
            head_ = 0;
            mask_ = ring_.size() - 1;
        }
        for (size_t k = n_; k > i; k--)
            ring_[(head_ + k) & mask_] = at(k - 1);
        ring_[(head_ + i) & mask_] = x;
        n_++;
    }
    Bucket last_;              // the tree's bt
    std::vector<Bucket> ring_; // the buckets before it, from head_; a power of two in size
    size_t head_ = 0, n_ = 0, mask_ = 0;
};

// A node's final state, handed to the tree.
struct TreeOp {
    bool set = false; // MN_SET with `value`; else increments, whose state is *tally
    int parent_id = 0;
    const char *name = nullptr;
    bool with_children = false;
    int32_t value = 0;
    const NodeTally *tally = nullptr;
};

class TickBatch {
public:
    void configure(const BurstRule &rule) { rule_ = rule; }
    const BurstRule &rule() const { return rule_; }
    bool pending() const { return !order_.empty(); }
    // An increment of `value` at time `now` (ms, the tree's clock) in burst bucket `bucket`
    // (rule().bucket_of(now)); returns the node.
    NodeRef add(NodeRef parent, const char *name, bool with_children, int32_t value, double now, double bucket)
    {
        // The n-th update of a frame usually names the node the n-th update of the frame before
        // named: checked first (memo_, in this object), before the table.
        size_t s;
        if (pos_ < kMemo) {
            Memo &m = memo_[pos_++];
            if (m.name == name && m.parent == parent.v && m.slot >= 0) {
                s = static_cast<size_t>(m.slot);
            } else {
                s = find_or_add(parent, name, with_children, false);
                m = Memo{name, parent.v, static_cast<int32_t>(s)};
            }
        } else {
            s = find_or_add(parent, name, with_children, false);
        }
        touch(s);
        slots_[s].tally.increase(value, now, bucket, rule_);
        return NodeRef::slot(s);
    }
    // Before each frame's updates (the memo's positions start again).
    void new_frame() { pos_ = 0; }
    // A set; the last value before apply() wins.
    NodeRef set(NodeRef parent, const char *name, int32_t value);

    // Hands every touched slot's state to the tree in first-named order: apply(const TreeOp &)
    // returns the tree's id of the node (or < 0 if it has none). A slot's id is resolved by its
    // application; a parent slot is always applied before its children (it was named first).
    // The slots' states start again from nothing afterwards.
    template <class Apply> void apply(Apply &&apply_one)
    {
        for (uint32_t s : order_) {
            Slot &x = slots_[s];
            TreeOp op;
            op.set = x.is_set;
            op.parent_id = id_of(x.parent);
            op.name = x.name;
            op.with_children = x.with_children;
            op.value = x.is_set ? x.set_value : x.tally.counter;
            op.tally = x.is_set ? nullptr : &x.tally;
            x.id = apply_one(op);
            x.tally = NodeTally{};
            x.touched = false;
        }
        order_.clear();
    }
    // Merged updates (FrameLog below): how much more, in values >= 0, any one node may get in
    // merged updates before its window count could pass INT32_MAX. Every node's bcount is at
    // most its max_burst (the tree raises max_burst after every increment), so INT32_MAX minus
    // the largest max_burst. Burst info off: no limit (counters only, whose wrapping sums do not
    // depend on grouping).
    int64_t merge_room() const
    {
        if (!rule_.on)
            return INT64_MAX;
        int32_t most = 0;
        for (const Slot &x : slots_)
            if (x.tally.max_burst > most)
                most = x.tally.max_burst;
        return static_cast<int64_t>(INT32_MAX) - most;
    }
    // Forgets every slot (a new tree).
    void clear();
    size_t slots() const { return slots_.size(); }
    // Distinct (parent, name pointer, kind) keys seen: at least slots().
    size_t pointers() const { return pointers_; }
    // The tree's id of a node (< 0 for a slot not applied yet).
    int id_of(NodeRef r) const
    {
        if (!r.is_slot())
            return r.v;
        return r.slot_index() < slots_.size() ? slots_[r.slot_index()].id : -1;
    }

private:
    // What an increment reads and writes (touched, the counters, the last bucket) is in the
    // slot's first 56 bytes, one cache line.
    struct alignas(64) Slot {
        bool touched = false;
        bool is_set = false;
        bool with_children = false;
        int id = -1;
        NodeTally tally; // increments
        NodeRef parent;
        const char *name = nullptr;
        int32_t set_value = 0; // sets: the last value
    };
    struct Entry {
        const char *name = nullptr;
        int32_t parent = 0;
        bool is_set = false;
        int32_t slot = -1;
    };
    static size_t key_hash(NodeRef parent, const char *name, bool is_set)
    {
        uint64_t h = reinterpret_cast<uintptr_t>(name);
        h ^= static_cast<uint64_t>(static_cast<uint32_t>(parent.v)) << 1 | (is_set ? 1u : 0u);
        h *= 0x9E3779B97F4A7C15ull; // Fibonacci hashing: the high bits mix every input bit
        return static_cast<size_t>(h >> 32);
    }
    // The slot of (parent, name, kind): found by the name's pointer (the per-frame path), else by
    // its text (another pointer to the same text names the same tree node), else made.
    size_t find_or_add(NodeRef parent, const char *name, bool with_children, bool is_set)
    {
        if (!table_.empty()) {
            const size_t mask = table_.size() - 1;
            for (size_t i = key_hash(parent, name, is_set) & mask; table_[i].slot >= 0; i = (i + 1) & mask) {
                const Entry &e = table_[i];
                if (e.name == name && e.parent == parent.v && e.is_set == is_set)
                    return static_cast<size_t>(e.slot);
            }
        }
        return add_pointer(parent, name, with_children, is_set);
    }
    size_t add_pointer(NodeRef parent, const char *name, bool with_children, bool is_set);
    // Puts slot s in the apply order at its first update since the last apply (flagged only once
    // it is there: a bad_alloc in between leaves the slot as it was).
    void touch(size_t s)
    {
        if (!slots_[s].touched) {
            order_.push_back(static_cast<uint32_t>(s));
            slots_[s].touched = true;
        }
    }
    void insert(const Entry &e);

    std::vector<Slot> slots_;
    std::vector<uint32_t> order_; // touched slots, first-named first
    std::vector<Entry> table_;    // open addressing by (parent, name pointer, kind); slot -1: empty
    size_t pointers_ = 0;         // entries in table_
    std::unordered_map<std::string, uint32_t> by_text_; // (parent, kind, name text) -> slot
    BurstRule rule_;
    struct Memo {
        const char *name = nullptr;
        int32_t parent = 0;
        int32_t slot = -1; // -1: nothing remembered
    };
    static constexpr unsigned kMemo = 12;
    Memo memo_[kMemo];
    unsigned pos_ = 0;
};

// A log of frames for trees to replay (stats_batch.cpp), kept in groups as the frames come.
// A span: consecutive frames in one burst bucket, with times that do not go backwards. A group:
// the frames of a span that make the same updates (same nodes, same order: same(a, b) on their
// records), one entry: the first frame's time and record, the frames' count (packets) and
// lengths summed (bytes). Replaying an entry's updates once, with those values, at its time, the
// entries in the order of their first frames, leaves every node as the frames one by one would,
// provided the values are >= 0 and no node gets more than TickBatch::merge_room. Node by node
// (their states are independent):
// - the counter: a sum either way;
// - creation order: a node's first frame is the first frame of the first entry that names it
//   (every frame of an entry names the entry's nodes), so nodes are first named in the same order;
// - the burst bucket: a node's first update in the span finds, makes or (out of the window)
//   drops the bucket, as its first frame in the span does; its later updates in the span then
//   find it (or drop theirs too), add to its count and leave its start time alone (they are not
//   earlier);
// - bcount only grows after that first update (no other bucket changes; no wrap: the room), so
//   the largest value the tree would check against max_burst is the last, which the merged
//   updates check too; the head bucket's start time, recorded with it, does not change either.
// A node gets at most the sum of (length + 1) over the frames of the log (the weight): the log
// must be replayed before a frame takes the weight past the room (fits), and the room set again
// from the trees. A frame that cannot fit even an empty log, or whose length is not a
// non-negative int32, ends grouping for good (afterwards a window count may have wrapped, and
// the bound no longer holds): one entry a frame from then on.
template <class Rec> class FrameLog {
public:
    struct Entry {
        double now;
        Rec rec;
        int32_t packets;
        int32_t bytes;
    };
    static constexpr size_t kGroups = 16; // a span's groups at most (then a new span starts)

    explicit FrameLog(size_t capacity) : capacity_(capacity) {}
    // The trees' burst rule, before the first frame; a different rule later (trees that file
    // differently) ends grouping.
    void set_rule(const BurstRule &rule)
    {
        if (ruled_ && (rule.on != rule_.on || rule.resolution != rule_.resolution || rule.window != rule_.window))
            grouping_ = false;
        rule_ = rule;
        ruled_ = true;
    }
    // The least TickBatch::merge_room of the trees that replay the log; set while it is empty.
    void set_room(int64_t room) { room_ = room; }
    bool empty() const { return entries_.empty(); }
    bool full() const { return entries_.size() >= capacity_; }
    // Whether a frame of length len may join without passing the room; if not, replay first.
    bool fits(uint32_t len) const { return !grouping_ || weight_ + len + 1 <= room_; }
    bool grouping() const { return grouping_; }
    template <class Same> void add(const Rec &r, double now, uint32_t len, Same &&same)
    {
        if (grouping_ && (len > static_cast<uint32_t>(INT32_MAX) || weight_ + len + 1 > room_ || !ruled_))
            grouping_ = false;
        const int32_t value = static_cast<int32_t>(len); // negative above INT32_MAX, as (gint) makes it
        if (grouping_) {
            weight_ += static_cast<int64_t>(len) + 1;
            // In the span: not earlier than its last frame, and in its bucket: up to span_hi_
            // without a division (bucket_of grows with the time), else by one.
            if (!entries_.empty() && now >= span_last_ && (now <= span_hi_ || rule_.bucket_of(now) == span_bucket_)) {
                span_last_ = now;
                if (same(entries_[last_].rec, r)) { // the group of the frame before, usually
                    join(entries_[last_], value);
                    return;
                }
                for (size_t g = span_start_; g < entries_.size(); g++)
                    if (same(entries_[g].rec, r)) {
                        last_ = g;
                        join(entries_[g], value);
                        return;
                    }
                if (entries_.size() - span_start_ < kGroups) {
                    last_ = entries_.size();
                    entries_.push_back(Entry{now, r, 1, value});
                    frames_++;
                    return;
                }
            }
            start_span(now);
        }
        last_ = entries_.size();
        entries_.push_back(Entry{now, r, 1, value});
        frames_++;
    }
    const std::vector<Entry> &entries() const { return entries_; }
    uint64_t frames() const { return frames_; } // frames in the entries
    // After a replay: empty, grouping as before (set the room again).
    void clear()
    {
        entries_.clear();
        frames_ = 0;
        weight_ = 0;
        room_ = 0;
    }
    // A new log: grouping again.
    void reset()
    {
        clear();
        std::vector<Entry>().swap(entries_);
        grouping_ = true;
        ruled_ = false;
    }
    void reserve() { entries_.reserve(capacity_); }

private:
    void join(Entry &e, int32_t value)
    {
        e.packets++;
        e.bytes += value; // at most the weight: no overflow
        frames_++;
    }
    void start_span(double now)
    {
        span_start_ = entries_.size();
        span_bucket_ = rule_.bucket_of(now);
        span_last_ = now;
        // The latest time known to fall in the span's bucket: its end, or a little before
        // where the division rounds up to the next bucket; now itself at worst.
        span_hi_ = rule_.on ? (span_bucket_ + 1) * rule_.resolution : INFINITY;
        for (int k = 0; k < 4 && rule_.bucket_of(span_hi_) != span_bucket_; k++)
            span_hi_ = std::nextafter(span_hi_, -INFINITY);
        if (rule_.bucket_of(span_hi_) != span_bucket_ || span_hi_ < now)
            span_hi_ = now;
    }

    size_t capacity_;
    std::vector<Entry> entries_;
    uint64_t frames_ = 0;
    int64_t weight_ = 0, room_ = 0;
    BurstRule rule_;
    bool ruled_ = false, grouping_ = true;
    size_t span_start_ = 0, last_ = 0; // last_: the entry of the frame before
    double span_bucket_ = 0, span_last_ = 0, span_hi_ = 0;
};

} // namespace huntpack::stats
