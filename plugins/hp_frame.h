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

/* The frame's layers (pinfo->layers; no tree needed) as a mask over protocols huntpack asks
 * about: hp_frame_layer_bit(proto_id) gives a protocol its bit (once; -1 for an id <= 0 or when
 * 64 protocols have bits), HP_LAYER(bit) its mask, hp_frame_layers(pinfo) the frame's mask (one
 * walk of the list a frame). */
int hp_frame_layer_bit(int proto_id);
guint64 hp_frame_layers(const packet_info *pinfo);
static inline guint64 HP_LAYER(int bit) { return bit >= 0 ? G_GUINT64_CONSTANT(1) << bit : G_GUINT64_CONSTANT(0); }
/* Did the protocol proto_id dissect a layer of this frame? */
gboolean hp_frame_has_layer(const packet_info *pinfo, int proto_id);
/* Is the frame an ICMP or ICMPv6 error quoting another packet's headers (pinfo->layers)? Its
 * TCP/UDP layer and what follows belong to the quoted packet, not to this frame's flow. */
gboolean hp_frame_quotes_packet(const packet_info *pinfo);
/* Has the frame one TCP or UDP layer (pinfo->ptype's), with no ICMP below it and above it only
 * protocols that do not create a conversation for a flow that has one (TLS, HTTP, DNS, QUIC,
 * media types, ...)? Then the conversation TCP/UDP looked up is still the frame's (hp_conv.cpp). */
gboolean hp_frame_transport_last(const packet_info *pinfo);
/* Forget the cached frame (file open; also forgets hp_tls_frame's). */
void hp_frame_reset(void);

/* Wireshark's own TCP analysis of the frame (plugins/hp_tcp.cpp), read from the TCP dissector's
 * conversation data instead of the tcp.analysis.* and tcp.segment_data fields, whose priming
 * needed a protocol tree on every frame. */
typedef struct hp_tcp_facts {
    guint16 analysis;     /* packet-tcp.c's TCP_A_* bits of this frame as its first pass showed
                           * them (heuristics/tcp_analysis.h; without the bookkeeping bit 0x8000,
                           * which a revisit shows as tcp.analysis.flags too) */
    guint16 raw_flags;    /* the same with packet-tcp.c's bookkeeping bits (for diagnostics) */
    gboolean segment_data; /* tcp.segment_data is shown: the payload went into a reassembled PDU
                            * (stored, or completing one) or is retransmitted data of one; first
                            * pass only (FALSE on a revisit) */
    gboolean stored;       /* the whole payload went into a PDU that this frame did not complete:
                            * no PDU was dissected here (packet-tcp.c called no dissector, or one
                            * that asked for more data before its first byte), and Wireshark's
                            * Protocol column says "TCP" ("[TCP segment of a reassembled PDU]").
                            * Without a protocol tree Wireshark still lists the application's
                            * layer in pinfo->layers for such a frame (with one, only if its
                            * dissector added an item first, as TLS and Thrift do). First pass
                            * and revisits alike */
    gboolean has_stream;   /* Wireshark's TCP conversation data was found: stream is its index */
    guint32 stream;        /* tcp.stream */
} hp_tcp_facts;
/* The facts of this TCP frame (all FALSE/0 for other frames). Valid for this frame's dissection. */
const hp_tcp_facts *hp_tcp_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

/* The TLS hello a TCP frame completes, read from the flow's own bytes (plugins/hp_tls.cpp,
 * heuristics/tls_hello_stream.h) instead of Wireshark's tls.* fields, whose priming made the TLS
 * dissector's items real on every record: the first handshake message of the frame's direction,
 * counted in the frame that completes the record holding its last byte (where Wireshark
 * dissects it). */
typedef struct hp_tls_hello {
    guint8 type;           /* 1 ClientHello, 2 ServerHello (a HelloRetryRequest included) */
    const guint8 *message; /* the handshake message from its type byte (lives as long as the result) */
    guint32 message_len;
    guint16 version;       /* ServerHello: supported_versions' selected_version, else legacy_version */
    guint16 suite;         /* ServerHello: the cipher suite */
} hp_tls_hello;
/* The hello this TCP frame completes, or NULL. Every TCP frame with payload must pass through here
 * in the first pass while someone wants hellos (a skipped segment ends its direction's attempt);
 * the result is valid for this frame's dissection, and again when the frame is revisited. */
const hp_tls_hello *hp_tls_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);
/* Has the frame's TCP flow shown a TLS handshake so far: a hello completed, or one being
 * collected across segments (first pass, after hp_tls_frame for the frame)? */
gboolean hp_tls_flow_handshake(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);
/* The same for the frame's own direction only: a hello completed in it, or one being collected. */
gboolean hp_tls_dir_handshake(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

#ifdef __cplusplus
}
#endif
