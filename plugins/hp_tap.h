/* SPDX-License-Identifier: GPL-2.0-or-later
 * hp_tap.h: the frame record of tcplabel's postdissector, made while a breakdown statistic runs:
 * queued on the "huntpack" tap while the summary runs (HP_STATS_SUMMARY), handed to the breakdown
 * trees by hp_tree_frame. Plain C struct in pinfo->pool; O(1) to consume. */
#pragma once

#include "ws_compat.h"

#define HP_FRAME_TAP "huntpack"
/* The breakdown trees' tap (taps/stats_batch.h, logged frames): the same record, queued only
 * while a tree on it takes frames one by one; trees that log get each frame from hp_tree_frame. */
#define HP_TREE_TAP "huntpack_trees"

typedef struct hp_frame_rec {
    const char *ws_bucket;      /* top-level protocol as Wireshark labels the frame */
    const char *revised_bucket; /* the same after tcplabel */
    const char *app;            /* tcplabel.app, NULL when tcplabel did not label the frame */
    const char *basis;          /* tcplabel.basis */
    const char *kind;           /* tcplabel.kind */
    const char *mismatch;       /* tcplabel.mismatch or NULL */
    guint32 frame_len;
    guint32 conv_index;         /* conversation id (TCP/UDP sessions), G_MAXUINT32 if none or not asked for (HP_STATS_SUMMARY) */
    port_type ptype;
    guint32 nodes;              /* the six names' key (below), or HP_NODES_UNKEYED */
    nstime_t abs_ts;
} hp_frame_rec;

/* nodes: what the six names above are made from, packed (tcplabel.cpp, nodes_key: the top
 * protocol's id and the label's four enums), so that equal keys mean equal names; never 0. A
 * record whose inputs do not fit, or that a producer left zeroed, has no key (0) and is compared
 * name by name. */
#define HP_NODES_UNKEYED 0u

/* Whether two frames name the same nodes in the breakdown trees (taps/breakdown.cpp): their
 * names are static strings (tcplabel.cpp), compared by pointer (a different pointer to equal
 * text only keeps two frames apart), or by their key, one compare instead of six (the log
 * compares each frame with its group's and often more). Logged frames that do, in one burst
 * bucket, are replayed together (taps/stats_batch.h). */
static inline gboolean hp_frame_same_nodes(const hp_frame_rec *a, const hp_frame_rec *b)
{
    if (a->nodes != b->nodes)
        return FALSE;
    return a->nodes != HP_NODES_UNKEYED ||
           (a->ws_bucket == b->ws_bucket && a->revised_bucket == b->revised_bucket && a->app == b->app &&
            a->basis == b->basis && a->kind == b->kind && a->mismatch == b->mismatch);
}

#ifdef __cplusplus
/* For tcplabel, once a frame: the frame for the breakdown trees (taps/stats_batch.h), logged
 * for those that log, queued on HP_TREE_TAP for those that take frames one by one. */
void hp_tree_frame(packet_info *pinfo, const hp_frame_rec *r);
#endif
