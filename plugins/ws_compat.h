/* SPDX-License-Identifier: GPL-2.0-or-later
 * ws_compat.h: every difference between the Wireshark versions huntpack supports (4.0, 4.4,
 * 4.6) lives here, so the glue has no scattered version #ifs.
 * Include this first in every glue file: it includes <wireshark.h> and <epan/packet.h> in the
 * order the headers need (they are not self-contained). */
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
