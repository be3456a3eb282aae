/* SPDX-License-Identifier: GPL-2.0-or-later
 * hp_fields.c: lazily wanted fields of other dissectors; see hp_fields.h. */
#include "hp_fields.h"

#define HP_MAX_SETS 8
static hp_want_set *all_sets[HP_MAX_SETS];
static int n_sets;
static gboolean stats_active;

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
    set->handle = handle;
    for (int i = 0; i < set->count; i++) {
        *set->ids[i] = proto_registrar_get_id_byname(set->names[i]);
        if (*set->ids[i] <= 0)
            ws_debug("huntpack: field %s not known to this Wireshark", set->names[i]);
    }
    if (n_sets < HP_MAX_SETS)
        all_sets[n_sets++] = set;
}

void hp_want_activate(hp_want_set *set)
{
    if (set->active || !set->handle)
        return;
    GArray *ids = g_array_new(FALSE, FALSE, (guint)sizeof(int));
    for (int i = 0; i < set->count; i++)
        if (*set->ids[i] > 0)
            g_array_append_val(ids, *set->ids[i]);
    set_postdissector_wanted_hfids(set->handle, ids); /* takes ownership */
    set->active = TRUE;
}

void hp_want_activate_all(void)
{
    for (int i = 0; i < n_sets; i++)
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

gboolean hp_stats_active(void) { return stats_active; }
void hp_stats_set_active(void)
{
    stats_active = TRUE;
    hp_want_activate_all();
}
