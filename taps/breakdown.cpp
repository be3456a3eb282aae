// SPDX-License-Identifier: GPL-2.0-or-later
// The protocol breakdown statistics: huntpack_breakdown (Wireshark's view: top protocol per
// frame, bare TCP as "Unlabeled TCP"), huntpack_revised (after tcplabel, split by basis and
// kind) and huntpack_summary (packets, duration, throughput, sessions, protocols).
// Fed by the "huntpack" tap (hp_tap.h); packet callbacks are O(1) apart from hash lookups.
#include "ws_compat.h"
#include <epan/stats_tree.h>
#include <epan/tap.h>

#include "glue.h"
#include "hp_fields.h"
#include "hp_tap.h"
#include "stats_batch.h"

static const char *const kPackets = "Packets by protocol";
static const char *const kBytes = "Bytes by protocol";

static int n_packets, n_bytes;
static void breakdown_updates(HpTreeBatch *b, const hp_frame_rec &r, gint packets, gint bytes);
static void breakdown_roots(HpTreeBatch *b, gint packets, gint bytes);
static void revised_updates(HpTreeBatch *t, const hp_frame_rec &r, gint packets, gint bytes);
static void revised_roots(HpTreeBatch *t, gint packets, gint bytes);

// Every tree's updates go through its batch (stats_batch.h): in tshark, the nodes' state is kept
// by huntpack and handed to the tree once, before it is drawn.
static void breakdown_init(stats_tree *st)
{
    hp_stats_activate(HP_STATS_FRAMES);
    n_packets = stats_tree_create_node(st, kPackets, 0, STAT_DT_INT, TRUE);
    n_bytes = stats_tree_create_node(st, kBytes, 0, STAT_DT_INT, TRUE);
    hp_tree_set_replay(hp_tree_batch_init(st), breakdown_updates, breakdown_roots);
}

// A frame's updates, from the tap or replayed from the log (stats_batch.h): `packets` is 1 and
// `bytes` the frame's length, or the sums of a log entry's frames.
static void breakdown_updates(HpTreeBatch *b, const hp_frame_rec &r, gint packets, gint bytes)
{
    hp_tree_increase(b, hp_node(n_packets), r.ws_bucket, false, packets);
    hp_tree_increase(b, hp_node(n_bytes), r.ws_bucket, false, bytes);
}

// The top nodes (made in init, so their place among the updates does not order any node's
// creation).
static void breakdown_roots(HpTreeBatch *b, gint packets, gint bytes)
{
    hp_tree_increase(b, hp_node(0), kPackets, true, packets);
    hp_tree_increase(b, hp_node(0), kBytes, true, bytes);
}

// A frame from the trees' tap (HP_TREE_TAP): its updates, unless the tree gets it from the log.
static tap_packet_status tree_packet(stats_tree *st, packet_info *pinfo, const void *p, HpRootsFn roots,
                                     HpReplayFn updates)
{
    HpTreeBatch *b = hp_tree_batch_frame(st, pinfo);
    if (!b)
        return TAP_PACKET_DONT_REDRAW; // the frame comes from the log
    const auto *r = static_cast<const hp_frame_rec *>(p);
    roots(b, 1, (gint)r->frame_len);
    updates(b, *r, 1, (gint)r->frame_len);
    return TAP_PACKET_REDRAW;
}

static tap_packet_status breakdown_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *, const void *p, tap_flags_t)
{
    return tree_packet(st, pinfo, p, breakdown_roots, breakdown_updates);
}

static int r_packets, r_bytes;
static const char *const kRevPackets = "Packets by protocol (revised)";
static const char *const kRevBytes = "Bytes by protocol (revised)";

static void revised_init(stats_tree *st)
{
    hp_stats_activate(HP_STATS_FRAMES);
    r_packets = stats_tree_create_node(st, kRevPackets, 0, STAT_DT_INT, TRUE);
    r_bytes = stats_tree_create_node(st, kRevBytes, 0, STAT_DT_INT, TRUE);
    hp_tree_set_replay(hp_tree_batch_init(st), revised_updates, revised_roots);
}

// "basis: <name>" etc. for the node names: the names are static strings of tcplabel, a dozen at
// most, so the prefixed form is made once per distinct pointer instead of formatted per frame.
namespace {
struct Prefixed {
    const char *prefix;
    const char *keys[24];
    char names[24][96];
    int n;
    const char *get(const char *key)
    {
        for (int i = 0; i < n; i++)
            if (keys[i] == key)
                return names[i];
        char buf[96];
        g_snprintf(buf, sizeof buf, "%s%s", prefix, key);
        if (n == 24) // more distinct names than tcplabel has: stay correct, stop caching
            return g_intern_string(buf);
        keys[n] = key;
        g_strlcpy(names[n], buf, sizeof names[n]);
        return names[n++];
    }
};
Prefixed basis_names{"basis: ", {}, {}, 0}, kind_names{"kind: ", {}, {}, 0}, mismatch_names{"port mismatch: ", {}, {}, 0};
} // namespace

static void revised_roots(HpTreeBatch *t, gint packets, gint bytes)
{
    hp_tree_increase(t, hp_node(0), kRevPackets, true, packets);
    hp_tree_increase(t, hp_node(0), kRevBytes, true, bytes);
}

static void revised_updates(HpTreeBatch *t, const hp_frame_rec &r, gint packets, gint bytes)
{
    const HpNode b = hp_tree_increase(t, hp_node(r_packets), r.revised_bucket, true, packets);
    hp_tree_increase(t, hp_node(r_bytes), r.revised_bucket, false, bytes);
    if (r.app) {
        const HpNode lb = hp_tree_increase(t, b, "labelled by tcplabel", true, packets);
        const HpNode bn = hp_tree_increase(t, lb, basis_names.get(r.basis), true, packets);
        hp_tree_increase(t, bn, kind_names.get(r.kind), false, packets);
        if (r.mismatch)
            hp_tree_increase(t, lb, mismatch_names.get(r.mismatch), false, packets);
    } else {
        hp_tree_increase(t, b, "identified by Wireshark", false, packets);
    }
}

static tap_packet_status revised_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *, const void *p, tap_flags_t)
{
    return tree_packet(st, pinfo, p, revised_roots, revised_updates);
}

// Summary: counters kept here, reset at init (one summary tree per run).
static struct {
    nstime_t first, last;
    gboolean any;
    guint64 bytes;
    GHashTable *tcp_conv, *udp_conv, *protocols;
} sum;

static void summary_reset(void)
{
    if (sum.tcp_conv) {
        g_hash_table_destroy(sum.tcp_conv);
        g_hash_table_destroy(sum.udp_conv);
        g_hash_table_destroy(sum.protocols);
    }
    memset(&sum, 0, sizeof sum);
}

static void summary_init(stats_tree *st)
{
    hp_stats_activate(HP_STATS_FRAMES | HP_STATS_SUMMARY);
    summary_reset();
    sum.tcp_conv = g_hash_table_new(g_direct_hash, g_direct_equal);
    sum.udp_conv = g_hash_table_new(g_direct_hash, g_direct_equal);
    sum.protocols = g_hash_table_new(g_str_hash, g_str_equal);
    static const char *const nodes[] = {"Packets", "Bytes", "Duration (ms)", "Throughput (bits per second)",
        "TCP sessions", "UDP sessions", "Protocols (top level, distinct)"};
    for (const char *n : nodes)
        stats_tree_create_node(st, n, 0, STAT_DT_INT, FALSE);
    hp_tree_batch_init(st);
}

static void summary_cleanup(stats_tree *st)
{
    summary_reset();
    hp_tree_batch_cleanup(st);
}
static void tree_cleanup(stats_tree *st) { hp_tree_batch_cleanup(st); }

static tap_packet_status summary_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *, const void *p, tap_flags_t)
{
    const auto *r = static_cast<const hp_frame_rec *>(p);
    HpTreeBatch *t = hp_tree_batch_frame(st, pinfo);
    if (!t)
        return TAP_PACKET_DONT_REDRAW; // not on HP_TREE_TAP: never logs
    if (!sum.any || nstime_cmp(&r->abs_ts, &sum.first) < 0)
        sum.first = r->abs_ts;
    if (!sum.any || nstime_cmp(&r->abs_ts, &sum.last) > 0)
        sum.last = r->abs_ts;
    sum.any = TRUE;
    sum.bytes += r->frame_len;
    if (r->conv_index != G_MAXUINT32) {
        GHashTable *t = r->ptype == PT_TCP ? sum.tcp_conv : r->ptype == PT_UDP ? sum.udp_conv : NULL;
        if (t)
            g_hash_table_add(t, GUINT_TO_POINTER(r->conv_index + 1));
    }
    g_hash_table_add(sum.protocols, (gpointer)r->ws_bucket); // static/registrar strings
    hp_tree_increase(t, hp_node(0), "Packets", false);
    hp_tree_increase(t, hp_node(0), "Bytes", false, (gint)r->frame_len);
    nstime_t d;
    nstime_delta(&d, &sum.last, &sum.first);
    const gint64 ms = (gint64)d.secs * 1000 + d.nsecs / 1000000;
    hp_tree_set(t, hp_node(0), "Duration (ms)", (gint)MIN(ms, (gint64)G_MAXINT));
    const double secs = nstime_to_sec(&d);
    hp_tree_set(t, hp_node(0), "Throughput (bits per second)", secs > 0 ? (gint)MIN(sum.bytes * 8.0 / secs, (double)G_MAXINT) : 0);
    hp_tree_set(t, hp_node(0), "TCP sessions", (gint)g_hash_table_size(sum.tcp_conv));
    hp_tree_set(t, hp_node(0), "UDP sessions", (gint)g_hash_table_size(sum.udp_conv));
    hp_tree_set(t, hp_node(0), "Protocols (top level, distinct)", (gint)g_hash_table_size(sum.protocols));
    return TAP_PACKET_REDRAW;
}

// No protocol tree: a frame's top protocol comes from pinfo->layers, corrected where Wireshark's
// layer list depends on the tree (tcplabel.cpp, dissect_tcplabel: a payload TCP stored for
// reassembly counts as TCP, as Wireshark's Protocol column shows it; so does an HTTP layer HTTP
// added no item to). t_breakdown compares every bucket with Wireshark's own tree and Protocol
// column on the shared captures.
extern "C" void hp_breakdown_register(void)
{
    hp_tree_tap_register();
    HP_STATS_TREE_REGISTER_PLUGIN(HP_TREE_TAP, "huntpack_breakdown", "huntpack/Protocol Breakdown (Wireshark)",
        TL_REQUIRES_NOTHING, breakdown_packet, breakdown_init, tree_cleanup);
    HP_STATS_TREE_REGISTER_PLUGIN(HP_TREE_TAP, "huntpack_revised", "huntpack/Protocol Breakdown (revised by tcplabel)",
        TL_REQUIRES_NOTHING, revised_packet, revised_init, tree_cleanup);
    HP_STATS_TREE_REGISTER_PLUGIN(HP_FRAME_TAP, "huntpack_summary", "huntpack/Capture Summary",
        TL_REQUIRES_NOTHING, summary_packet, summary_init, summary_cleanup);
}
