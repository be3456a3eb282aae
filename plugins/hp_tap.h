/* SPDX-License-Identifier: GPL-2.0-or-later
 * hp_tap.h: the "huntpack" tap's record, one per frame, queued by the tcplabel postdissector
 * only while a huntpack statistic runs. Plain C struct in pinfo->pool; O(1) to consume. */
#pragma once

#include "ws_compat.h"

#define HP_FRAME_TAP "huntpack"

typedef struct hp_frame_rec {
    const char *ws_bucket;      /* top-level protocol as Wireshark labels the frame */
    const char *revised_bucket; /* the same after tcplabel */
    const char *app;            /* tcplabel.app, NULL when tcplabel did not label the frame */
    const char *basis;          /* tcplabel.basis */
    const char *kind;           /* tcplabel.kind */
    const char *mismatch;       /* tcplabel.mismatch or NULL */
    guint32 frame_len;
    guint32 conv_index;         /* conversation id (TCP/UDP sessions), G_MAXUINT32 if none or not asked for (HP_STATS_SESSIONS) */
    port_type ptype;
    nstime_t abs_ts;
} hp_frame_rec;
