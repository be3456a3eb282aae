/* SPDX-License-Identifier: GPL-2.0-or-later
 * hp_fields.h: reading other dissectors' fields from a postdissector, and paying for them only
 * when huntpack output was asked for.
 *
 * A postdissector sees other dissectors' fields only if it declares them as wanted hfids, and
 * wanted hfids make Wireshark build a protocol tree for every frame (about +15 % CPU on a plain
 * `tshark -r`, measured). So the fields are declared lazily: when a huntpack statistic starts
 * (its tap init calls hp_want_activate_all) or when the first frame shows that a filter, column
 * or -e field references a huntpack protocol. Field ids are resolved once, in handoff. */
#pragma once

#include "ws_compat.h"
#include <epan/conversation.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HP_WANT_MAX 48

/* Which statistics need which module: a statistic activates only the field sets it needs. */
enum {
    HP_STATS_FRAMES = 1u << 0,  /* breakdown, revised, summary: tcplabel */
    HP_STATS_TRAITS = 1u << 1,  /* huntpack_traits: soctrait (+ tcplabel, quicfp fields) */
    HP_STATS_QUIC = 1u << 2,    /* huntpack_quic: quicfp */
    HP_STATS_TCPERR = 1u << 3,
    HP_STATS_DEVICES = 1u << 4,
    HP_STATS_SUMMARY = 1u << 5, /* huntpack_summary: tcplabel queues its record on the "huntpack" tap, with the frame's conversation */
    HP_STATS_ALL = 0xffu,
    /* Not a statistic: the sets of Wireshark fields read only to check huntpack's own readings,
     * activated at file open when huntpack.verify_facts is on (never by HP_STATS_ALL). */
    HP_VERIFY_SETS = 1u << 8
};

typedef struct hp_want_set {
    const char *names[HP_WANT_MAX];
    int *ids[HP_WANT_MAX];
    int count;
    dissector_handle_t handle;
    gboolean active;
    unsigned stats_bits; /* statistics that need this set's fields */
} hp_want_set;

/* Adds a field name whose id is stored into *id at resolve time (-1 if unknown). */
void hp_want(hp_want_set *set, const char *name, int *id);
/* Resolves names to ids (call in handoff, after every protocol registered); stats_bits says
 * which statistics need the set (HP_STATS_*). hp_want_resolve: needed by all of them. */
void hp_want_resolve_for(hp_want_set *set, dissector_handle_t handle, unsigned stats_bits);
void hp_want_resolve(hp_want_set *set, dissector_handle_t handle);
/* The registered postdissector that holds the union of every active set's fields (each field
 * once). Without a holder, each set's fields go to its own postdissector. */
void hp_want_holder(dissector_handle_t handle);
/* Declares the set's fields as wanted (idempotent). */
void hp_want_activate(hp_want_set *set);
/* Activate every registered set needed by the given statistics. */
void hp_want_activate_for(unsigned stats_bits);

/* First field_info of hf in the tree, or NULL. */
field_info *hp_field(proto_tree *tree, int hf);
gboolean hp_field_present(proto_tree *tree, int hf);
guint32 hp_field_uint(proto_tree *tree, int hf, guint32 dflt);
const char *hp_field_string(proto_tree *tree, int hf);

/* At file open: when the process will show huntpack output (the GUI; a tshark argument naming a
 * huntpack protocol, field or statistic; full-tree output), request every huntpack field set now
 * so that the first frame is judged with the same facts as the rest. A plain `tshark -r` keeps
 * huntpack dormant. Registered once as an init routine. */
void hp_want_init_routine(void);

/* The frame's conversation, shared by huntpack's postdissectors: create=TRUE is
 * find_or_create_conversation(), create=FALSE is find_conversation_pinfo(pinfo, 0) (NULL when
 * none exists). Looked up once a frame; in a single-pass tshark a flow's answer is remembered
 * while it cannot have changed (plugins/hp_conv.cpp says when). tvb and tree are the frame's
 * (the transport header's SYN flag decides). hp_conversation_reset(): at every file open
 * (hp_want_init_routine). */
conversation_t *hp_conversation(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, gboolean create);
void hp_conversation_reset(void);
/* A cleanup routine: logs (info) how many frames the flow cache answered and how many were
 * looked up in the file, then forgets the cache. */
void hp_conversation_cleanup(void);

/* The "huntpack" protocol id (huntpack's internal fields; key of its per-frame data). */
int hp_proto_id(void);

/* huntpack's per-conversation data: one pointer slot per module, in one array per
 * conversation, found by the conversation's conv_index in a table of huntpack's own
 * (plugins/hp_conv.cpp; not Wireshark's per-conversation data tree, a walk each look-up), or
 * remembered by the flow cache. HP_CONV_TCP holds Wireshark's own TCP conversation data
 * (packet-tcp.c's tcp_analysis, created before huntpack sees the flow, never replaced),
 * remembered once found. Returns the slot's address (file scope; the slot holds NULL until a
 * module stores there), or NULL when create is FALSE and no conversation near this one in
 * creation order has huntpack data yet. */
enum { HP_CONV_TLS, HP_CONV_HTTP, HP_CONV_TCPLABEL, HP_CONV_SOCTRAIT, HP_CONV_QUICFP, HP_CONV_TCP, HP_CONV_TCPERR,
       HP_CONV_SLOTS };
void **hp_conv_slot_lookup(conversation_t *conv, unsigned slot, gboolean create);
/* The conversation hp_conversation last looked up (the frame's) and its data array, once known
 * (hp_conv.cpp keeps it): the modules ask about the frame's own conversation six or seven times
 * a frame, answered here inline; any other conversation goes to hp_conv_slot_lookup. */
typedef struct {
    conversation_t *conv;
    void **data;
} hp_conv_last_t;
G_GNUC_INTERNAL extern hp_conv_last_t hp_conv_last; /* hidden: read without the GOT */
static inline void **hp_conv_slot(conversation_t *conv, unsigned slot, gboolean create)
{
    if (conv && conv == hp_conv_last.conv && hp_conv_last.data && slot < HP_CONV_SLOTS)
        return &hp_conv_last.data[slot];
    return hp_conv_slot_lookup(conv, slot, create);
}

/* Preference huntpack.verify_facts: each module that reads a fact from the bytes (or from
 * Wireshark's TCP state) instead of Wireshark's fields also reads the fields (an hp_want_set
 * resolved with HP_VERIFY_SETS, activated at file open only then) and reports where the two differ with
 * hp_facts_differ(): an expert item huntpack.facts_differ, "<what>: huntpack <ours>, Wireshark <theirs>".
 * The corpus test runs with it on and fails on any difference it does not expect. */
gboolean hp_verify_facts(void);
void hp_facts_differ(packet_info *pinfo, const char *what, const char *ours, const char *wireshark);

/* A tap listener that only primes fields (so that a tree-less GUI retap builds them) uses the
 * filter HP_PRIMER_PREFIX "(" f1 " || " f2 ... ")": huntpack.primer is never present, so the
 * evaluation stops at its first test, while compiling the filter primes every field named.
 * (Starting with "frame" instead, always true, made Wireshark format the frame item's label on
 * every frame: about 2,700 instructions per frame, measured.) Registered by hp_primer_register. */
#define HP_PRIMER_PREFIX "huntpack.primer && "
void hp_primer_register(void);
/* Can a frame be dissected again after its first pass (GUI retaps and redisplays, tshark -2)?
 * FALSE only in a single-pass tshark that shows huntpack output, where every frame is dissected
 * exactly once. Read from the command line (/proc/self/cmdline, once); TRUE when unknown. Two
 * uses: per-frame verdicts need no proto-data cache without revisits (each p_add_proto_data
 * costs an allocation and a list node that live until the file closes); and a tap listener that
 * reads fields needs its own primer only with revisits: in a single pass, the one pass is the
 * first pass, on which Wireshark primes the wanted fields of soctrait's postdissector, which
 * hold every tap's fields (hp_*_wanted()), while GUI retaps and tshark -2's second pass prime
 * only the tap listeners' filters. */
gboolean hp_frames_revisited(void);
/* A module's per-frame result (file scope, key 0 under proto_id) for later passes: kept and
 * looked up only where frames are revisited; elsewhere get returns NULL and keep does nothing. */
void *hp_frame_result_get(packet_info *pinfo, int proto_id);
void hp_frame_result_keep(packet_info *pinfo, int proto_id, void *result);
/* Is this process tshark (its program name, from the command line, once)? tshark draws every
 * tap listener exactly once, at the end, in tap-queue order (draw_tap_listeners(TRUE));
 * Wireshark's dialogs draw their statistics themselves after a retap (taps/stats_batch.h). */
gboolean hp_is_tshark(void);
/* Preference huntpack.batch_stats (default on): may tshark batch statistics tree updates? */
gboolean hp_batch_stats(void);
/* Registers, once per anchor and only where hp_frames_revisited(), a tap listener on "frame" whose
 * filter is HP_PRIMER_PREFIX "(" names joined by " || " ")" (names this Wireshark lacks are left
 * out). *anchor is the listener's identity and becomes non-zero once registered. who names the
 * statistic in a warning. */
void hp_primer_start(int *anchor, const char *const *names, const char *who);

/* Are huntpack statistics of these kinds running? (asked at each frame, so cheap) */
gboolean hp_stats_on(unsigned stats_bits);
/* A statistic starts: remember it and request the fields its modules need. */
void hp_stats_activate(unsigned stats_bits);
/* Any huntpack statistic running / start all (for modules without their own bit). */
gboolean hp_stats_active(void);
void hp_stats_set_active(void);

#ifdef __cplusplus
}
#endif
