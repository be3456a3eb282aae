/* SPDX-License-Identifier: GPL-2.0-or-later
 * hp_peer.h: what huntpack's postdissectors tell each other about the frame being dissected,
 * in plain C rather than through tree fields. soctrait used to read tcplabel.mismatch,
 * quicfp.ua/sni/kind and spotudp.magic as wanted fields; priming them made tcplabel's items real
 * on every frame of an analysis that nobody displays (about 1,000 instructions a frame, measured
 * in bench/RESULTS.md). Dissectors run before postdissectors, and postdissectors in registration
 * order: soctrait registers last (in its handoff), so the answers for the frame are there when
 * it asks. Each answer is kept for the frame being dissected only (keyed by frame data and
 * number), so a later pass never reads an earlier frame's. */
#pragma once

#include "ws_compat.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Is soctrait judging? (Its field set is active: a huntpack statistic, or a filter, column or
 * field naming huntpack, asked for it.) tcplabel and quicfp then run for it even when nothing
 * else asks for them. */
gboolean hp_soctrait_active(void);

/* tcplabel's port mismatch on this frame (a static string), or NULL. */
const char *hp_tcplabel_mismatch(const packet_info *pinfo);

/* quicfp's client facts on this frame (strings in file scope, each may be NULL); FALSE when
 * quicfp has none for it. */
gboolean hp_quicfp_client(const packet_info *pinfo, const char **ua, const char **sni, const char **kind);

/* Did the spotudp dissector take this frame (a SpotUdp0 datagram)? */
gboolean hp_spotudp_seen(const packet_info *pinfo);

/* The key of "this frame": frame data and number together (a single-pass tshark reuses one
 * frame_data for every frame). */
typedef struct hp_frame_key {
    const frame_data *fd;
    guint32 num;
} hp_frame_key;
static inline hp_frame_key hp_frame_key_of(const packet_info *pinfo)
{
    hp_frame_key k = {pinfo->fd, pinfo->num};
    return k;
}
static inline gboolean hp_frame_key_is(hp_frame_key k, const packet_info *pinfo)
{
    return k.fd == pinfo->fd && k.num == pinfo->num;
}

#ifdef __cplusplus
}
#endif
