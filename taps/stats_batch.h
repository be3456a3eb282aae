// SPDX-License-Identifier: GPL-2.0-or-later
// stats_batch.h: a stats_tree's per-frame updates kept by huntpack for the whole capture and
// handed to the tree once, before it is drawn (heuristics/tick_batch.h: huntpack keeps each
// node's counter and burst-rate state exactly as the tree would, then writes it into the node).
//
// Each stats_tree node update costs Wireshark a look-up by name (g_str_hash and a compare) and
// its burst-rate bookkeeping, with an allocation whenever the node is updated in a new burst
// bucket (5 ms): on a browsing capture, nearly every update. Batched, an update costs a look-up
// in the batch's own table and the same bookkeeping without allocations.
//
// When the batch is applied: before the tree is drawn (and before a reset, or when an update
// cannot be batched, after which updates go straight to the tree). There is no "capture
// finished" hook in the stats_tree API, so the batch is applied by a tap listener of the
// batch's own ("flush"), which must be drawn before the tree:
// - only in tshark, which draws every listener once at the end, in tap-queue order; Wireshark's
//   dialogs draw their tree directly after the retap, so there updates go straight to the tree;
// - tshark's stats_tree front end registers the tree's listener, then calls the tree's init,
//   where the flush listener is registered; the queue is last-registered-first, so the flush
//   listener gets each frame, and the final draw, before the tree;
// - that order is checked, not assumed: the flush listener notes each frame it gets, and a tree
//   whose frame the flush listener has not seen yet applies its batch and goes direct.
#pragma once

#include "ws_compat.h"
#include <epan/stats_tree.h>

#include "hp_tap.h"
#include "tick_batch.h"

using HpNode = huntpack::stats::NodeRef;

struct HpTreeBatch;

// From the tree's init callback: a batch for st (a fresh one; direct updates where batching is
// not safe or the batch's listener cannot be registered).
HpTreeBatch *hp_tree_batch_init(stats_tree *st);
// At the start of the tree's packet callback: st's batch, ready for this frame; NULL when the
// tree takes no frames from its tap (it logs, or it logged this frame before it stopped).
HpTreeBatch *hp_tree_batch_frame(stats_tree *st, packet_info *pinfo);
// From the tree's cleanup callback.
void hp_tree_batch_cleanup(stats_tree *st);

// Logged frames. Two batching trees cost 31 ms of t200k's analysis (3 %), and of that 14 ms was
// Wireshark handing each frame to each tree (its tap listener, stats_tree_packet, the tree's
// callback), not the updates (bench/RESULTS.md, "Session 18"). So in tshark a batching tree on
// HP_TREE_TAP without a filter gets no frames from Wireshark: the producer of the frame's record
// (tcplabel) logs it (hp_tree_frame) and the logging trees replay the log, 1,024 entries at a
// time and before a batch is applied, with the tree's clock set as stats_tree_packet sets it for
// each frame (now, start, elapsed): the same updates in the same order at the same times, so
// the same tree (t_stats_batch: byte for byte against direct updates). The log keeps the frames
// of a burst bucket that name the same nodes as one entry, replayed once with their values
// summed: the same tree again (tick_batch.h, FrameLog), with 28 % of the updates on t200k. A
// tree with a filter, outside tshark or not batching takes its frames one by one from
// HP_TREE_TAP, as before.
//
// A frame's updates: those of r, with `packets` for its count and `bytes` for its frame_len (1
// and (gint)frame_len from the tap; from the log, the sums of the frames of a burst bucket that
// name the same nodes, replayed together: tick_batch.h, FrameLog). So the nodes it names must
// depend on r only through the names hp_frame_same_nodes compares (hp_tap.h: by their packed
// key, hp_frame_rec.nodes, or name by name for a record without one).
//
//
// The updates of the nodes every frame updates (the trees' top nodes, which name no part of r)
// are the roots function's: a frame from the tap makes them, then the frame's own. The replay of
// the log makes them once for each run of entries in one burst bucket whose times do not go
// backwards, with those entries' values summed, at the run's first time: the same tree (the
// same argument as for the log's groups, tick_batch.h, FrameLog: values >= 0, one bucket, later
// times), for a third of the replay's updates (four of eleven an entry, bench/RESULTS.md
// "Session 23").
using HpReplayFn = void (*)(HpTreeBatch *b, const hp_frame_rec &r, gint packets, gint bytes);
using HpRootsFn = void (*)(HpTreeBatch *b, gint packets, gint bytes);
// From the tree's init, after hp_tree_batch_init: the functions that make a frame's own updates
// and its top nodes' (in the packet callback and in a replay); the tree logs if it can.
void hp_tree_set_replay(HpTreeBatch *b, HpReplayFn fn, HpRootsFn roots);
// From the trees' registration: the tap HP_TREE_TAP. The producer's side: hp_tree_frame (hp_tap.h).
void hp_tree_tap_register(void);

// A node made by stats_tree_create_node in init.
inline HpNode hp_node(int id) { return HpNode::fixed(id); }
// increase_stat_node / tick_stat_node (value 1): the node `name` under `parent`.
HpNode hp_tree_increase(HpTreeBatch *b, HpNode parent, const char *name, bool with_children, gint value = 1);
// set_stat_node.
void hp_tree_set(HpTreeBatch *b, HpNode parent, const char *name, gint value);
