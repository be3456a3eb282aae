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

#ifdef __cplusplus
extern "C" {
#endif

#define HP_WANT_MAX 48

typedef struct hp_want_set {
    const char *names[HP_WANT_MAX];
    int *ids[HP_WANT_MAX];
    int count;
    dissector_handle_t handle;
    gboolean active;
} hp_want_set;

/* Adds a field name whose id is stored into *id at resolve time (-1 if unknown). */
void hp_want(hp_want_set *set, const char *name, int *id);
/* Resolves names to ids (call in handoff, after every protocol registered). */
void hp_want_resolve(hp_want_set *set, dissector_handle_t handle);
/* Declares the set's fields as wanted (idempotent). */
void hp_want_activate(hp_want_set *set);
/* Called by statistics at init: activate every registered set. */
void hp_want_activate_all(void);

/* First field_info of hf in the tree, or NULL. */
field_info *hp_field(proto_tree *tree, int hf);
gboolean hp_field_present(proto_tree *tree, int hf);
guint32 hp_field_uint(proto_tree *tree, int hf, guint32 dflt);
const char *hp_field_string(proto_tree *tree, int hf);

/* Are huntpack tap consumers running (a statistic asked for per-frame records)? */
gboolean hp_stats_active(void);
void hp_stats_set_active(void);

#ifdef __cplusplus
}
#endif
