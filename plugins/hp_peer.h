/* SPDX-License-Identifier: GPL-2.0-or-later
 * hp_peer.h: what huntpack's postdissectors tell each other about the frame being dissected,
 * in plain C rather than through tree fields. soctrait used to read tcplabel.mismatch,
 * quicfp.ua/sni/kind and spotudp.magic as wanted fields; priming them made tcplabel's items real
 * on every frame of an analysis that nobody displays (about 1,000 instructions a frame, measured
 * in bench/RESULTS.md). Dissectors run before postdissectors, and postdissectors in registration
 * order: soctrait registers last (in its handoff), so the answers for the frame are there when
 * it asks. Each answer lives in Wireshark's proto data of the frame: packet scope (pinfo->pool)
 * for what holds for this dissection only, so nothing survives the frame or the file. */
#pragma once

#include "ws_compat.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Will soctrait judge this frame? (The traits statistic runs, or a filter, column or field names
 * soctrait.) tcplabel and quicfp then run for it even when nothing else asks for them. Not "its
 * field set is active": a tshark naming any huntpack statistic activates every set (the command
 * line does not say which fields a filter needs), and the devices, tcperr or QUIC table alone
 * made tcplabel and quicfp run for a soctrait that never judged (185 M instructions on t50k). */
gboolean hp_soctrait_judges(proto_tree *tree);

/* tcplabel's port mismatch on this frame (a static string), or NULL. */
const char *hp_tcplabel_mismatch(const packet_info *pinfo);

/* quicfp's client facts on this frame (its per-frame result, strings in file scope, each may be
 * NULL); FALSE when quicfp has none for it. */
gboolean hp_quicfp_client(const packet_info *pinfo, const char **ua, const char **sni, const char **kind);

/* Did the spotudp dissector take this frame (a SpotUdp0 datagram)? */
gboolean hp_spotudp_seen(const packet_info *pinfo);

/* The proto-data key under which tcplabel and spotudp leave their per-packet answers. */
#define HP_PEER_KEY 1

#ifdef __cplusplus
}
#endif
