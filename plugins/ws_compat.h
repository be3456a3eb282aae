/* SPDX-License-Identifier: GPL-2.0-or-later
 * ws_compat.h: every difference between the Wireshark versions huntpack supports (4.0, 4.4,
 * 4.6) lives here, so the glue has no scattered version #ifs.
 * Include this first in every glue file: it includes <wireshark.h> and <epan/packet.h> in the
 * order the headers need (they are not self-contained).
 *
 * Checked against the headers of 4.0.17 (Debian 12), 4.4.19 (Debian 13) and 4.6.9 (Debian sid).
 * What did NOT change 4.0 -> 4.6 and needs nothing here: the exported entry points
 * (plugin_version, plugin_want_major/minor, plugin_register; plugin_describe optional from 4.2,
 * no plugin_release), the plugin folder layout (<dir>/<major.minor>/epan, personal dir
 * ~/.local/lib/wireshark/plugins/<major.minor>), fvalue_get_uinteger/fvalue_get_string
 * (fvalue_t * in, uint32_t / const char * out), tap_packet_status and tap_flags_t,
 * register_postdissector/set_postdissector_wanted_hfids, find_conversation_pinfo(pinfo, options),
 * conversation_t::conv_index, the stats_tree node calls (bool arguments accept TRUE/FALSE), expert
 * and proto_tree_add_* calls used by the glue. GLib types (gboolean, guint, gchar, ...) are still
 * accepted by 4.6's headers; only function-pointer types that switched to bool need care. */
#pragma once

#include <wireshark.h>
#include <epan/packet.h>
#include <ws_version.h>

#define HP_WS_AT_LEAST(maj, min) \
    (WIRESHARK_VERSION_MAJOR > (maj) || (WIRESHARK_VERSION_MAJOR == (maj) && WIRESHARK_VERSION_MINOR >= (min)))

/* 4.2 added plugin_describe() and WS_PLUGIN_DESC_* flags. */
#if HP_WS_AT_LEAST(4, 2)
#include <wsutil/plugins.h>
#define HP_HAVE_PLUGIN_DESCRIBE 1
#else
#define HP_HAVE_PLUGIN_DESCRIBE 0
#endif

/* 4.2 made stats_tree_register_plugin return the cfg; we never use the result. */
#define HP_STATS_TREE_REGISTER_PLUGIN(tap, abbr, name, flags, pkt, init, cleanup) \
    ((void)stats_tree_register_plugin((tap), (abbr), (name), (flags), (pkt), (init), (cleanup)))

/* field_info value access: embedded fvalue_t in 4.0, pointer from 4.2 on. */
#if HP_WS_AT_LEAST(4, 2)
#define HP_FI_VALUE(fi) ((fi)->value)
#else
#define HP_FI_VALUE(fi) (&(fi)->value)
#endif

/* 4.2 changed heur_dissector_t to return bool (gboolean, an int, before). C++ does not convert
 * function pointers that differ in return type, so in C++ on 4.2+ an overload of
 * heur_dissector_add() takes the 4.0-style gboolean callback and registers a bool trampoline
 * for it (one per distinct callback, HP_HEUR_SLOTS at most). Glue code keeps writing
 *     static gboolean my_heur(tvbuff_t *, packet_info *, proto_tree *, void *);
 *     heur_dissector_add("udp", my_heur, ...);
 * on every version; a callback that already returns bool goes straight to Wireshark's function.
 * HP_HEUR_RESULT is the native return type, for code that prefers no trampoline. */
#if HP_WS_AT_LEAST(4, 2)
#define HP_HEUR_RESULT bool
#else
#define HP_HEUR_RESULT gboolean
#endif

#if HP_WS_AT_LEAST(4, 2) && defined(__cplusplus)
#include <array>
#include <utility>
namespace hp_compat {
using gboolean_heur_t = gboolean (*)(tvbuff_t *, packet_info *, proto_tree *, void *);
constexpr int HP_HEUR_SLOTS = 8;
inline gboolean_heur_t heur_slots[HP_HEUR_SLOTS];
template <int I>
bool heur_trampoline(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    return heur_slots[I](tvb, pinfo, tree, data) != FALSE;
}
template <int... I>
constexpr std::array<heur_dissector_t, sizeof...(I)> make_trampolines(std::integer_sequence<int, I...>)
{
    return {{heur_trampoline<I>...}};
}
inline constexpr auto heur_trampolines = make_trampolines(std::make_integer_sequence<int, HP_HEUR_SLOTS>{});
/* The bool trampoline that calls fn (the same one for the same fn); with add, a free slot is
 * taken for a new fn. NULL when not found / full. */
inline heur_dissector_t heur_wrap(gboolean_heur_t fn, bool add)
{
    for (int i = 0; i < HP_HEUR_SLOTS; i++) {
        if (heur_slots[i] == fn)
            return heur_trampolines[i];
        if (heur_slots[i] == NULL && add) {
            heur_slots[i] = fn;
            return heur_trampolines[i];
        }
    }
    return NULL;
}
} // namespace hp_compat

inline void heur_dissector_add(const char *name, hp_compat::gboolean_heur_t dissector, const char *display_name,
    const char *internal_name, const int proto, heuristic_enable_e enable)
{
    heur_dissector_t wrapped = hp_compat::heur_wrap(dissector, true);
    if (!wrapped) {
        ws_critical("huntpack: more than %d gboolean heuristics: raise HP_HEUR_SLOTS (%s not registered)",
            hp_compat::HP_HEUR_SLOTS, internal_name);
        return;
    }
    heur_dissector_add(name, wrapped, display_name, internal_name, proto, enable);
}

inline void heur_dissector_delete(const char *name, hp_compat::gboolean_heur_t dissector, const int proto)
{
    heur_dissector_t wrapped = hp_compat::heur_wrap(dissector, false);
    if (wrapped)
        heur_dissector_delete(name, wrapped, proto);
}
#endif

/* Boolean preferences (prefs_register_bool_preference's variable): gboolean in 4.0, bool from
 * 4.4 on. */
#if HP_WS_AT_LEAST(4, 4)
typedef bool hp_pref_bool;
#else
typedef gboolean hp_pref_bool;
#endif

/* A frame's data source by name ("Reassembled TCP"): get_data_source_tvb_by_name() in 4.0 and
 * 4.4; 4.6 has get_data_source_by_name() + get_data_source_tvb() instead. */
static inline tvbuff_t *hp_data_source_tvb(packet_info *pinfo, const char *name)
{
#if HP_WS_AT_LEAST(4, 6)
    struct data_source *src = get_data_source_by_name(pinfo, name);
    return src ? get_data_source_tvb(src) : NULL;
#else
    return get_data_source_tvb_by_name(pinfo, name);
#endif
}

/* Declared in epan/packet.h but NOT exported to plugins: a plugin using one links fine and then
 * fails to load ("undefined symbol"), which tshark reports only as a warning. Make it a compile
 * error instead. deregister_postdissector: never exported (4.0, 4.4, 4.6).
 * prime_epan_dissect_with_postdissector_wanted_hfids: exported in 4.0 and 4.4, internal
 * (not exported) from 4.6 on; libwireshark primes wanted hfids itself. */
#pragma GCC poison deregister_postdissector
#if HP_WS_AT_LEAST(4, 6)
#pragma GCC poison prime_epan_dissect_with_postdissector_wanted_hfids
#endif
