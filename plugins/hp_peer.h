/* SPDX-License-Identifier: GPL-2.0-or-later
 * hp_peer.h: what huntpack's postdissectors tell each other about the frame being dissected,
 * in plain C rather than through tree fields. soctrait used to read tcplabel.mismatch,
 * quicfp.ua/sni/kind and spotudp.magic as wanted fields; priming them made tcplabel's items real
 * on every frame of an analysis that nobody displays (about 1,000 instructions a frame, measured
 * in bench/RESULTS.md). tcplabel, quicfp and soctrait are stages of huntpack's one postdissector,
 * called in that order (hp_post.h): the answers of the first two are in hp_peer() when soctrait
 * asks. Until session 13 they were proto data (the mismatch and spotudp's answer in packet scope,
 * quicfp's result in file scope, looked up by soctrait): with quicfp's and soctrait's own look-ups,
 * five list walks a frame (about 400 instructions) for answers that only live during one call of
 * the postdissector. */
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

/* The answers for the frame the postdissector is on: cleared when it starts on a frame (so a
 * stage that did not run, or found nothing, leaves them empty), then filled by the stages. */
typedef struct {
    const char *mismatch;  /* tcplabel's port mismatch (a static string), or NULL */
    gboolean quic_client;  /* quicfp has a client result for this frame; then its strings (file */
    const char *quic_ua, *quic_sni, *quic_kind; /* scope), each may be NULL */
} hp_peer_frame;
hp_peer_frame *hp_peer(void);

/* Did the spotudp dissector take this frame (a SpotUdp0 datagram)? A dissector, not a stage:
 * its protocol stays in the frame's layers when it took the datagram. */
gboolean hp_spotudp_seen(const packet_info *pinfo);

#ifdef __cplusplus
}
#endif
