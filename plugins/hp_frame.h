/* SPDX-License-Identifier: GPL-2.0-or-later
 * hp_frame.h: a frame's TCP/UDP header facts read from its own bytes, once per frame, shared by
 * huntpack's postdissectors and taps. Reading them here instead of priming tcp.flags, tcp.seq,
 * tcp.ack, tcp.len, tcp.payload, udp.payload, ip.ttl and ipv6.hlim keeps those items faked in
 * Wireshark's tree: each primed field present on a frame costs a real item, a hash insert and
 * its formatting on every frame (bench/RESULTS.md has the measurement). */
#pragma once

#include "ws_compat.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hp_l4 {
    gboolean ok;            /* FALSE: no TCP/UDP header for pinfo's addresses/ports was found */
    guint16 flags;          /* TCP flags (9 bits) */
    guint32 seq, ack;       /* TCP raw sequence and acknowledgment numbers */
    guint8 ttl;             /* IPv4 TTL / IPv6 hop limit of the header carrying it */
    guint32 payload_off;    /* in the frame tvb */
    guint32 payload_len;    /* captured payload bytes */
    guint32 payload_reported; /* payload length the headers announce (tcp.len, UDP length - 8) */
} hp_l4;

/* The TCP (pinfo->ptype == PT_TCP) or UDP header of the frame. tvb: the frame's top-level tvb
 * (a postdissector's tvb, or edt->tvb in a tap); tree: the frame's tree or NULL (its ip/ipv6
 * item says where to look first). Cached for the current frame. */
const hp_l4 *hp_frame_l4(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

/* Pointer to the captured payload of l (valid during this frame's dissection), or NULL. */
const guint8 *hp_l4_payload(tvbuff_t *tvb, const hp_l4 *l);

/* Forget the cached frame (file open). */
void hp_frame_reset(void);

#ifdef __cplusplus
}
#endif
