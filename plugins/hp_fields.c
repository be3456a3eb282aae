/* SPDX-License-Identifier: GPL-2.0-or-later
 * hp_fields.c: lazily wanted fields of other dissectors; see hp_fields.h. */
#include <epan/tap.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>

#include "hp_fields.h"
#include "hp_frame.h"

#define HP_MAX_SETS 8
static hp_want_set *all_sets[HP_MAX_SETS];
static int n_sets;
static unsigned stats_on;

void hp_want(hp_want_set *set, const char *name, int *id)
{
    if (set->count >= HP_WANT_MAX) {
        ws_warning("huntpack: too many wanted fields, %s ignored", name);
        return;
    }
    set->names[set->count] = name;
    set->ids[set->count] = id;
    set->count++;
}

void hp_want_resolve(hp_want_set *set, dissector_handle_t handle)
{
    hp_want_resolve_for(set, handle, HP_STATS_ALL);
}

void hp_want_resolve_for(hp_want_set *set, dissector_handle_t handle, unsigned stats_bits)
{
    set->handle = handle;
    set->stats_bits = stats_bits;
    for (int i = 0; i < set->count; i++) {
        *set->ids[i] = proto_registrar_get_id_byname(set->names[i]);
        if (*set->ids[i] <= 0)
            ws_debug("huntpack: field %s not known to this Wireshark", set->names[i]);
    }
    if (n_sets < HP_MAX_SETS)
        all_sets[n_sets++] = set;
}

/* Every active set's ids, each once, held by one postdissector: Wireshark primes each
 * postdissector's array on every frame, so sets that share fields would prime them twice. */
static dissector_handle_t holder;
static GArray *union_ids;

void hp_want_holder(dissector_handle_t handle) { holder = handle; }

void hp_want_activate(hp_want_set *set)
{
    if (set->active || !set->handle)
        return;
    set->active = TRUE;
    if (holder) {
        if (!union_ids)
            union_ids = g_array_new(FALSE, FALSE, (guint)sizeof(int));
        for (int i = 0; i < set->count; i++) {
            const int id = *set->ids[i];
            gboolean seen = id <= 0;
            for (guint k = 0; k < union_ids->len && !seen; k++)
                seen = g_array_index(union_ids, int, k) == id;
            if (!seen)
                g_array_append_val(union_ids, id);
        }
        GArray *copy = g_array_sized_new(FALSE, FALSE, (guint)sizeof(int), union_ids->len);
        g_array_append_vals(copy, union_ids->data, union_ids->len);
        set_postdissector_wanted_hfids(holder, copy); /* takes ownership, frees the previous */
        return;
    }
    GArray *ids = g_array_new(FALSE, FALSE, (guint)sizeof(int));
    for (int i = 0; i < set->count; i++)
        if (*set->ids[i] > 0)
            g_array_append_val(ids, *set->ids[i]);
    set_postdissector_wanted_hfids(set->handle, ids); /* takes ownership */
}

void hp_want_activate_for(unsigned stats_bits)
{
    for (int i = 0; i < n_sets; i++)
        if (all_sets[i]->stats_bits & stats_bits)
            hp_want_activate(all_sets[i]);
}

field_info *hp_field(proto_tree *tree, int hf)
{
    if (!tree || hf <= 0)
        return NULL;
    GPtrArray *a = proto_get_finfo_ptr_array(tree, hf);
    return (a && a->len) ? (field_info *)g_ptr_array_index(a, 0) : NULL;
}

gboolean hp_field_present(proto_tree *tree, int hf) { return hp_field(tree, hf) != NULL; }

guint32 hp_field_uint(proto_tree *tree, int hf, guint32 dflt)
{
    field_info *fi = hp_field(tree, hf);
    return fi ? fvalue_get_uinteger(HP_FI_VALUE(fi)) : dflt;
}

const char *hp_field_string(proto_tree *tree, int hf)
{
    field_info *fi = hp_field(tree, hf);
    return fi ? fvalue_get_string(HP_FI_VALUE(fi)) : NULL;
}

static int proto_hp = -1, hf_primer = -1;
static expert_field ei_facts_differ;
static hp_pref_bool pref_verify = FALSE;
static hp_pref_bool pref_batch_stats = TRUE;

void hp_primer_register(void)
{
    static hf_register_info hf[] = {
        {&hf_primer, {"Field primer (never present)", "huntpack.primer", FT_NONE, BASE_NONE, NULL, 0x0,
            "Never added to a tree: huntpack's statistics start their priming filters with it so "
            "that the filter stops at once while every field it names is still primed", HFILL}},
    };
    proto_hp = proto_register_protocol("huntpack internal", "huntpack", "huntpack");
    proto_register_field_array(proto_hp, hf, 1);
    static ei_register_info ei[] = {
        {&ei_facts_differ, {"huntpack.facts_differ", PI_DEBUG, PI_WARN,
            "huntpack's reading of the bytes differs from Wireshark's fields (preference verify_facts)", EXPFILL}},
    };
    expert_register_field_array(expert_register_protocol(proto_hp), ei, array_length(ei));
    module_t *m = prefs_register_protocol(proto_hp, NULL);
    prefs_register_bool_preference(m, "verify_facts", "Check huntpack's readings against Wireshark's fields",
        "huntpack reads what it needs from the frames' bytes and Wireshark's TCP state, without a protocol "
        "tree. With this on, it also reads the same facts from Wireshark's own fields (slower: the tree is "
        "built) and raises huntpack.facts_differ where the two differ.",
        &pref_verify);
    prefs_register_bool_preference(m, "batch_stats", "Batch statistics tree updates (tshark)",
        "In tshark, huntpack's statistics trees keep each node's counts and burst-rate state "
        "themselves, as Wireshark's stats_tree would, and hand it to the tree once before it is printed "
        "(the same counts, rates and burst figures), and the devices table formats its summary row once, "
        "before it is printed. Off: every "
        "frame updates the trees and the row directly, as Wireshark's dialogs always do.",
        &pref_batch_stats);
}

int hp_proto_id(void) { return proto_hp; }

gboolean hp_verify_facts(void) { return pref_verify; }
gboolean hp_batch_stats(void) { return pref_batch_stats; }

void hp_facts_differ(packet_info *pinfo, const char *what, const char *ours, const char *wireshark)
{
    expert_add_info_format(pinfo, NULL, &ei_facts_differ, "%s: huntpack %s, Wireshark %s", what, ours, wireshark);
}

static tap_packet_status primer_packet(void *a _U_, packet_info *p _U_, epan_dissect_t *e _U_,
                                       const void *d _U_, tap_flags_t f _U_)
{
    return TAP_PACKET_DONT_REDRAW;
}

void hp_primer_start(int *anchor, const char *const *names, const char *who)
{
    if (*anchor || !hp_frames_revisited())
        return;
    GString *f = g_string_new(HP_PRIMER_PREFIX "(");
    gboolean any = FALSE;
    for (size_t i = 0; names && names[i]; i++)
        if (proto_registrar_get_id_byname(names[i]) > 0) { /* an unknown field: invalid filter */
            g_string_append_printf(f, "%s%s", any ? " || " : "", names[i]);
            any = TRUE;
        }
    g_string_append_c(f, ')');
    GString *err = any ? register_tap_listener("frame", anchor, f->str, TL_REQUIRES_PROTO_TREE, NULL,
                                               primer_packet, NULL, NULL)
                       : NULL;
    if (err) {
        ws_warning("%s: cannot prime its fields: %s", who, err->str);
        g_string_free(err, TRUE);
    } else if (any) {
        *anchor = 1;
    }
    g_string_free(f, TRUE);
}

gboolean hp_stats_on(unsigned stats_bits) { return (stats_on & stats_bits) != 0; }
void hp_stats_activate(unsigned stats_bits)
{
    stats_on |= stats_bits;
    hp_want_activate_for(stats_bits);
}
gboolean hp_stats_active(void) { return stats_on != 0; }
void hp_stats_set_active(void) { hp_stats_activate(HP_STATS_ALL); }

/* Will this process show huntpack output? Read from its command line (Linux /proc):
 * HP_OUT_GUI for Wireshark (it colours, filters, shows trees and opens statistics dialogs after
 * the file is read: everything must be judged on the first, in-order pass), HP_OUT_TSHARK for a
 * tshark argument naming a huntpack protocol or field (-Y, -e, -z huntpack_*, -o, columns) or
 * full-tree output (-V, -O, -T json|pdml|ek|jsonraw). Unknown -> HP_OUT_NONE, and huntpack falls
 * back to activating on first use. */
enum { HP_OUT_NONE, HP_OUT_TSHARK, HP_OUT_GUI };
static gboolean single_pass_tshark = FALSE; /* see hp_frames_revisited; set below */
static gboolean running_tshark = FALSE;     /* see hp_is_tshark; set below */
static int huntpack_output_requested(void)
{
    /* The command line does not change: read it once (tap listeners ask before the file opens). */
    static int cached = -1;
    if (cached >= 0)
        return cached;
    gchar *cmd = NULL;
    gsize len = 0;
    if (!g_file_get_contents("/proc/self/cmdline", &cmd, &len, NULL) || len == 0) {
        g_free(cmd);
        cached = HP_OUT_NONE;
        return cached;
    }
    int out = HP_OUT_NONE;
    const char *base = strrchr(cmd, '/');
    base = base ? base + 1 : cmd;
    running_tshark = g_str_has_prefix(base, "tshark");
    if (!running_tshark) {
        out = g_str_has_prefix(base, "wireshark") ? HP_OUT_GUI : HP_OUT_NONE;
    } else {
        static const char *const names[] = {"tcplabel", "quicfp", "soctrait", "spotudp", "huntpack", NULL};
        const char *prev = "";
        gboolean yes = FALSE;
        for (const char *a = cmd + strlen(cmd) + 1; a < cmd + len && !yes; prev = a, a += strlen(a) + 1) {
            for (int i = 0; names[i] && !yes; i++)
                yes = strstr(a, names[i]) != NULL;
            if (strcmp(a, "-V") == 0 || strncmp(a, "-O", 2) == 0)
                yes = TRUE;
            if (strcmp(prev, "-T") == 0 && (g_str_has_prefix(a, "json") || strcmp(a, "pdml") == 0 || strcmp(a, "ek") == 0))
                yes = TRUE;
        }
        out = yes ? HP_OUT_TSHARK : HP_OUT_NONE;
        /* Two passes (-2, possibly grouped as in -q2): any short-option word holding a '2'
         * counts, which errs towards "two passes" (a primer too many costs time, not results). */
        gboolean two = FALSE;
        for (const char *a = cmd + strlen(cmd) + 1; a < cmd + len && !two; a += strlen(a) + 1)
            two = a[0] == '-' && a[1] != '-' && strchr(a, '2') != NULL;
        single_pass_tshark = out == HP_OUT_TSHARK && !two;
    }
    g_free(cmd);
    cached = out;
    return out;
}

gboolean hp_is_tshark(void)
{
    huntpack_output_requested(); /* reads the command line once */
    return running_tshark;
}

gboolean hp_frames_revisited(void)
{
    huntpack_output_requested();
    return !single_pass_tshark;
}

void *hp_frame_result_get(packet_info *pinfo, int proto_id)
{
    return hp_frames_revisited() ? p_get_proto_data(wmem_file_scope(), pinfo, proto_id, 0) : NULL;
}

void hp_frame_result_keep(packet_info *pinfo, int proto_id, void *result)
{
    if (result && hp_frames_revisited())
        p_add_proto_data(wmem_file_scope(), pinfo, proto_id, 0, result);
}

void hp_want_init_routine(void)
{
    hp_conversation_reset();
    hp_frame_reset();
    if (pref_verify)
        hp_want_activate_for(HP_VERIFY_SETS); /* from the first frame on */
    switch (huntpack_output_requested()) {
    case HP_OUT_GUI:
        /* The GUI reads the file once, then retaps (tree-less, frames visited) whenever a
         * statistics dialog opens: every module must judge on the first pass so that the
         * cached per-frame verdicts are there to re-raise. */
        hp_stats_activate(HP_STATS_ALL);
        break;
    case HP_OUT_TSHARK:
        hp_want_activate_for(HP_STATS_ALL);
        break;
    default:
        break;
    }
}
