// SPDX-License-Identifier: GPL-2.0-or-later
// tick_batch: coalesces the per-frame counter updates of a statistics tree (Wireshark's
// stats_tree) so that the tree is touched once per node per burst bucket instead of once per
// node per frame, with the same result.
//
// Why the result is the same (epan/stats_tree.c, 4.0-4.6: stats_tree_manip_node_int and
// update_burst_calc): an increment adds its value to the node's counter, then files it in the
// node's burst bucket floor(now / st_burst_resolution): the bucket's count grows by the value,
// its start time becomes the earliest `now` that filed into it, the window count (bcount) grows
// by the value, and a new maximum of bcount records the head bucket's start time. For positive
// values filed into one bucket, one increment by the sum at the earliest `now` ends in the same
// state as the increments one by one: counter, bucket count and bcount are sums; the window's
// head changes only when the first of them opens the bucket; bcount only grows, so the last
// increment sets the maximum if any does, with the earliest start time. So the batch holds the
// increments of consecutive frames in one bucket, per node: the sum and the earliest `now`.
// Nodes are applied in the order they were first named (a tree lists children in creation
// order). A value of 0 or less is not batched (the caller applies the batch, then that update).
// A set (MN_SET) keeps its last value; it has no burst bookkeeping, so when it is applied does
// not matter, provided a node gets either sets or increments, never both (sets and increments
// are separate slots: mixed on one node, their order across frames would be lost).
//
// Nodes are named by (parent, name pointer): names must be stable pointers (static, interned or
// owned by the caller for the batch's lifetime). Two pointers with equal text are two slots that
// update the same tree node, which is still exact.
#pragma once

#include <cstddef>
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

// One update for the tree, as stats_tree_manip_node_int takes it.
struct TreeOp {
    bool set = false; // MN_SET (else MN_INCREASE)
    int parent_id = 0;
    const char *name = nullptr;
    bool with_children = false;
    int32_t value = 0;
    double now = 0; // the `now` to file an increment under (the earliest of the batch)
};

class TickBatch {
public:
    // Before a frame's updates: true when updates are pending from another burst bucket (apply
    // them first). `bucket` is floor(now / resolution), as the tree computes it.
    bool other_bucket(double bucket) const { return !order_.empty() && bucket != bucket_; }
    bool pending() const { return !order_.empty(); }
    // An increment (value > 0) at time `now` in burst bucket `bucket`; returns the node.
    NodeRef add(NodeRef parent, const char *name, bool with_children, int32_t value, double now, double bucket)
    {
        const size_t s = find_or_add(parent, name, with_children, false);
        Slot &x = slots_[s];
        if (!x.touched) {
            x.touched = true;
            x.now = now;
            order_.push_back(static_cast<uint32_t>(s));
        } else if (now < x.now) {
            x.now = now;
        }
        x.sum += value;
        bucket_ = bucket;
        return NodeRef::slot(s);
    }
    // A set; the last value before apply() wins.
    NodeRef set(NodeRef parent, const char *name, int32_t value);

    // Applies the pending updates in first-named order: apply(const TreeOp &) returns the tree's
    // id of the node (or < 0 if it has none). A slot's id is resolved by its first application;
    // a parent slot is always applied before its children (it was named first).
    template <class Apply> void apply(Apply &&apply_one)
    {
        for (uint32_t s : order_) {
            Slot &x = slots_[s];
            TreeOp op;
            op.set = x.is_set;
            op.parent_id = id_of(x.parent);
            op.name = x.name;
            op.with_children = x.with_children;
            op.now = x.now;
            if (x.is_set) {
                op.value = static_cast<int32_t>(x.sum);
                x.id = apply_one(op);
            } else {
                // A sum beyond the tree's gint is applied in parts (each part is positive, so the
                // parts file like the original increments).
                int64_t left = x.sum;
                do {
                    op.value = static_cast<int32_t>(left > INT32_MAX ? INT32_MAX : left);
                    left -= op.value;
                    x.id = apply_one(op);
                } while (left > 0);
            }
            x.sum = 0;
            x.touched = false;
        }
        order_.clear();
    }
    // Forgets every slot (a new tree).
    void clear();
    size_t slots() const { return slots_.size(); }
    // The tree's id of a node (< 0 for a slot not applied yet).
    int id_of(NodeRef r) const
    {
        if (!r.is_slot())
            return r.v;
        return r.slot_index() < slots_.size() ? slots_[r.slot_index()].id : -1;
    }

private:
    struct Slot {
        NodeRef parent;
        const char *name = nullptr;
        bool with_children = false;
        bool is_set = false;
        bool touched = false;
        int id = -1;
        int64_t sum = 0; // increments: the pending sum; sets: the value
        double now = 0;  // increments: the earliest pending `now`
    };
    static size_t key_hash(NodeRef parent, const char *name, bool is_set)
    {
        uint64_t h = reinterpret_cast<uintptr_t>(name);
        h ^= static_cast<uint64_t>(static_cast<uint32_t>(parent.v)) << 1 | (is_set ? 1u : 0u);
        h *= 0x9E3779B97F4A7C15ull; // Fibonacci hashing: the high bits mix every input bit
        return static_cast<size_t>(h >> 32);
    }
    // The slot of (parent, name, kind): found in the table (the per-frame path), else made.
    size_t find_or_add(NodeRef parent, const char *name, bool with_children, bool is_set)
    {
        if (!table_.empty()) {
            const size_t mask = table_.size() - 1;
            for (size_t i = key_hash(parent, name, is_set) & mask; table_[i] >= 0; i = (i + 1) & mask) {
                const Slot &x = slots_[static_cast<size_t>(table_[i])];
                if (x.name == name && x.parent.v == parent.v && x.is_set == is_set)
                    return static_cast<size_t>(table_[i]);
            }
        }
        return make_slot(parent, name, with_children, is_set);
    }
    size_t make_slot(NodeRef parent, const char *name, bool with_children, bool is_set);
    void grow();

    std::vector<Slot> slots_;
    std::vector<uint32_t> order_;  // touched slots, first-named first
    std::vector<int32_t> table_;   // open addressing over slots_ by (parent, name, kind); -1 empty
    double bucket_ = 0;
};

} // namespace huntpack::stats
