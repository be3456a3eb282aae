// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the statistics-tree update batch (heuristics/tick_batch.h): the order updates are
// applied in, parent slots, sets, large sums, dropping; and the claim the batch rests on, checked
// against a model of the tree: a node's counter and burst-rate bookkeeping after each update
// one by one equals the state after the batched updates, on random frame sequences with times
// going forwards, backwards and jumping beyond the burst window.
//
// The model restates what epan/stats_tree.c (update_burst_calc, 4.0-4.6) does with an increment
// of `value` at time `now` (ms): bucket b = floor(now / resolution) in a sorted list of buckets
// (count, start time); a b after the last is appended (then buckets older than the window,
// b >= head + window/resolution, are dropped from the head); a b before the head is put at the
// head only while within the window of the last; otherwise b's bucket is found or inserted, and
// its start time lowered to now. Every kept increment adds value to the window count (bcount);
// when bcount passes the maximum, the maximum and the head bucket's start time are recorded.
#include "cmocka_cxx.h"
#include "tick_batch.h"

#include <cmath>
#include <cstring>
#include <list>
#include <map>
#include <random>
#include <string>

using namespace huntpack::stats;

namespace {

constexpr double kResolution = 5, kWindow = 100;

struct ModelNode {
    struct Bucket {
        double no, start;
        int64_t count;
    };
    int64_t counter = 0, bcount = 0, max_burst = 0;
    double burst_time = -1;
    std::list<Bucket> buckets{{0, 0, 0}}; // the tree starts each node with an empty bucket 0
    int id = -1;

    void increase(int64_t value, double now)
    {
        counter += value;
        const double b = std::floor(now / kResolution), win = kWindow / kResolution;
        if (b > buckets.back().no) {
            buckets.push_back({b, now, value});
            bcount += value;
            while (b >= buckets.front().no + win) {
                bcount -= buckets.front().count;
                buckets.pop_front();
            }
        } else if (b < buckets.front().no) {
            if (b + win > buckets.back().no) {
                buckets.push_front({b, now, value});
                bcount += value;
            }
        } else {
            auto it = buckets.end();
            do
                --it;
            while (b < it->no);
            if (it->no == b) {
                it->count += value;
                if (it->start > now)
                    it->start = now;
            } else {
                buckets.insert(std::next(it), {b, now, value});
            }
            bcount += value;
        }
        if (bcount > max_burst) {
            max_burst = bcount;
            burst_time = buckets.front().start;
        }
    }
    bool operator==(const ModelNode &o) const
    {
        if (counter != o.counter || bcount != o.bcount || max_burst != o.max_burst || burst_time != o.burst_time ||
            buckets.size() != o.buckets.size())
            return false;
        auto a = buckets.begin(), c = o.buckets.begin();
        for (; a != buckets.end(); ++a, ++c)
            if (a->no != c->no || a->start != c->start || a->count != c->count)
                return false;
        return true;
    }
};

// A model tree: nodes by (parent id, name text), ids in creation order; creation order kept.
struct ModelTree {
    std::map<std::pair<int, std::string>, int> ids;
    std::vector<ModelNode> nodes;
    std::vector<std::string> created; // "parent/name", in creation order
    int increase(int parent, const char *name, int64_t value, double now)
    {
        auto key = std::make_pair(parent, std::string(name));
        auto it = ids.find(key);
        int id;
        if (it == ids.end()) {
            id = static_cast<int>(nodes.size());
            ids.emplace(key, id);
            nodes.emplace_back();
            created.push_back(std::to_string(parent) + "/" + name);
        } else {
            id = it->second;
        }
        nodes[static_cast<size_t>(id)].increase(value, now);
        return id;
    }
};

const char *const kNames[] = {"TLS", "HTTP", "DNS", "QUIC", "Unlabeled TCP"};
const char *const kSub[] = {"basis: flow", "basis: port", "basis: reassembly"};

// One frame's updates, as the revised tree makes them: the bucket under the root (id 0), and a
// basis under the bucket; `apply` does them one by one, `batch` through a TickBatch.
struct Frame {
    double now;
    int name, sub;
    int64_t len;
};

void run_sequence(const std::vector<Frame> &frames)
{
    ModelTree direct, batched;
    for (const Frame &f : frames) {
        const int b = direct.increase(0, kNames[f.name], f.len, f.now);
        direct.increase(b, kSub[f.sub], 1, f.now);
    }
    TickBatch tb;
    auto apply_all = [&] {
        tb.apply([&](const TreeOp &op) {
            assert_false(op.set);
            assert_true(op.parent_id >= 0);
            return batched.increase(op.parent_id, op.name, op.value, op.now);
        });
    };
    for (const Frame &f : frames) {
        const double bucket = std::floor(f.now / kResolution);
        if (tb.other_bucket(bucket))
            apply_all();
        const NodeRef b = tb.add(NodeRef::fixed(0), kNames[f.name], true, static_cast<int32_t>(f.len), f.now, bucket);
        tb.add(b, kSub[f.sub], false, 1, f.now, bucket);
    }
    apply_all();
    assert_int_equal(direct.nodes.size(), batched.nodes.size());
    assert_true(direct.created == batched.created);
    for (size_t i = 0; i < direct.nodes.size(); i++)
        assert_true(direct.nodes[i] == batched.nodes[i]);
}

void test_random_sequences_end_like_direct_updates(void **)
{
    std::mt19937 rng(20261203);
    for (int round = 0; round < 300; round++) {
        std::vector<Frame> frames;
        double now = std::uniform_real_distribution<double>(0, 50)(rng);
        const int n = std::uniform_int_distribution<int>(1, 400)(rng);
        for (int i = 0; i < n; i++) {
            const int step = std::uniform_int_distribution<int>(0, 99)(rng);
            if (step < 80)
                now += std::uniform_real_distribution<double>(0, 1.5)(rng); // dense: same bucket
            else if (step < 90)
                now += std::uniform_real_distribution<double>(0, 40)(rng); // within the window
            else if (step < 95)
                now += std::uniform_real_distribution<double>(100, 5000)(rng); // past the window
            else
                now -= std::uniform_real_distribution<double>(0, 300)(rng); // back in time
            frames.push_back({now, std::uniform_int_distribution<int>(0, 4)(rng),
                              std::uniform_int_distribution<int>(0, 2)(rng),
                              std::uniform_int_distribution<int64_t>(1, 1514)(rng)});
        }
        run_sequence(frames);
    }
}

void test_the_model_sees_a_wrong_batch(void **)
{
    // The model must be able to tell: filing a bucket's updates at the first frame's time instead
    // of the earliest moves the bucket's start (hand-worked: updates at 13 ms, then 11 ms, both in
    // bucket 2 (10-15 ms); one by one, bucket 2 is appended at 13 and lowered to 11; batched at
    // the first time it starts at 13; at the earliest, at 11).
    ModelNode one_by_one, at_first;
    one_by_one.increase(1, 13);
    one_by_one.increase(1, 11);
    at_first.increase(2, 13);
    assert_false(one_by_one == at_first);
    ModelNode earliest;
    earliest.increase(2, 11);
    assert_true(one_by_one == earliest);
}

void test_first_named_order_and_parents(void **)
{
    TickBatch tb;
    const NodeRef a = tb.add(NodeRef::fixed(3), "a", true, 1, 10, 2);
    tb.add(a, "child", false, 1, 10, 2);
    tb.add(NodeRef::fixed(3), "b", false, 4, 11, 2);
    tb.add(NodeRef::fixed(3), "a", true, 2, 9, 2); // same slot: sum 3, earliest 9
    assert_true(tb.pending());
    assert_false(tb.other_bucket(2));
    assert_true(tb.other_bucket(3));
    std::vector<std::string> seen;
    tb.apply([&](const TreeOp &op) {
        seen.push_back(std::to_string(op.parent_id) + "/" + op.name + "=" + std::to_string(op.value) + "@" +
                       std::to_string(static_cast<int>(op.now)));
        return op.with_children ? 40 : -1; // the tree's id for a node with children
    });
    const std::vector<std::string> want{"3/a=3@9", "40/child=1@10", "3/b=4@11"};
    assert_true(seen == want);
    assert_false(tb.pending());
    assert_int_equal(tb.id_of(a), 40);
    // A later batch reuses the slots: the child's parent is known.
    tb.add(a, "child", false, 1, 20, 4);
    seen.clear();
    tb.apply([&](const TreeOp &op) {
        seen.push_back(std::to_string(op.parent_id) + "/" + op.name);
        return -1;
    });
    assert_true(seen == std::vector<std::string>{"40/child"});
    assert_int_equal(tb.slots(), 3);
}

void test_sets_keep_the_last_value(void **)
{
    TickBatch tb;
    tb.set(NodeRef::fixed(0), "Duration (ms)", 5);
    tb.set(NodeRef::fixed(0), "Duration (ms)", 7);
    tb.add(NodeRef::fixed(0), "Duration (ms)", false, 1, 0, 0); // an increment is another slot
    int sets = 0, incs = 0;
    tb.apply([&](const TreeOp &op) {
        if (op.set) {
            sets++;
            assert_int_equal(op.value, 7);
        } else {
            incs++;
            assert_int_equal(op.value, 1);
        }
        return -1;
    });
    assert_int_equal(sets, 1);
    assert_int_equal(incs, 1);
}

void test_large_sums_are_applied_in_parts(void **)
{
    TickBatch tb;
    for (int i = 0; i < 3; i++)
        tb.add(NodeRef::fixed(0), "Bytes", false, INT32_MAX, 1, 0);
    int64_t total = 0;
    int parts = 0;
    tb.apply([&](const TreeOp &op) {
        assert_true(op.value > 0);
        total += op.value;
        parts++;
        return -1;
    });
    assert_true(total == 3 * static_cast<int64_t>(INT32_MAX));
    assert_int_equal(parts, 3);
}

void test_ids_and_clear(void **)
{
    TickBatch tb;
    const NodeRef a = tb.add(NodeRef::fixed(0), "a", true, 1, 0, 0);
    assert_int_equal(tb.id_of(a), -1); // not applied yet
    assert_int_equal(tb.id_of(NodeRef::none()), -1);
    assert_int_equal(tb.id_of(NodeRef::fixed(6)), 6);
    tb.clear();
    assert_false(tb.pending());
    assert_int_equal(tb.slots(), 0);
    int calls = 0;
    tb.apply([&](const TreeOp &) { return calls++; });
    assert_int_equal(calls, 0);
}

void test_many_slots_grow_the_table(void **)
{
    // Distinct names (stable pointers into one buffer): every slot stays findable as it grows.
    static char names[1000][8];
    TickBatch tb;
    for (int i = 0; i < 1000; i++) {
        std::snprintf(names[i], sizeof names[i], "n%d", i);
        tb.add(NodeRef::fixed(i % 7), names[i], false, 1, 0, 0);
    }
    for (int i = 0; i < 1000; i++)
        tb.add(NodeRef::fixed(i % 7), names[i], false, 1, 0, 0);
    assert_int_equal(tb.slots(), 1000);
    int calls = 0;
    tb.apply([&](const TreeOp &op) {
        assert_int_equal(op.value, 2);
        calls++;
        return -1;
    });
    assert_int_equal(calls, 1000);
}

} // namespace

int main()
{
    const CMUnitTest tests[] = {
        cmocka_unit_test(test_random_sequences_end_like_direct_updates),
        cmocka_unit_test(test_the_model_sees_a_wrong_batch),
        cmocka_unit_test(test_first_named_order_and_parents),
        cmocka_unit_test(test_sets_keep_the_last_value),
        cmocka_unit_test(test_large_sums_are_applied_in_parts),
        cmocka_unit_test(test_ids_and_clear),
        cmocka_unit_test(test_many_slots_grow_the_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
