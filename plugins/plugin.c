/* SPDX-License-Identifier: GPL-2.0-or-later
 * plugin.c: the entry points Wireshark looks for in huntpack.so. Written in C so the exported
 * symbols keep external linkage (see WIRESHARK.md on the C++ const trap). Registration of each
 * protocol and tap lives beside its glue; this file only lists them. Modules are declared weak
 * so a module can be left out of a build (or not written yet) without touching this list. */
#include "ws_compat.h"
#include <epan/tap.h>

#include "glue.h"

#ifndef HUNTPACK_VERSION
#define HUNTPACK_VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const char plugin_version[] = HUNTPACK_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);
#if HP_HAVE_PLUGIN_DESCRIBE
WS_DLL_PUBLIC uint32_t plugin_describe(void);
uint32_t plugin_describe(void) { return WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER; }
#endif

void plugin_register(void)
{
    static proto_plugin protocols[] = {
        {hp_spotudp_register, hp_spotudp_handoff},
        {hp_tcplabel_register, hp_tcplabel_handoff},
        {hp_quicfp_register, hp_quicfp_handoff},
        {hp_soctrait_register, hp_soctrait_handoff},
        {hp_lua_bridge_register, hp_lua_bridge_handoff},
    };
    for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
        if (protocols[i].register_protoinfo) /* a NULL handoff is skipped by Wireshark */
            proto_register_plugin(&protocols[i]);
    static tap_plugin taps[] = {
        {hp_breakdown_register},
        {hp_traits_tap_register},
        {hp_quic_table_register},
        {hp_tcperr_register},
        {hp_devices_register},
        {hp_tls_table_register},
    };
    for (size_t i = 0; i < sizeof taps / sizeof taps[0]; i++)
        if (taps[i].register_tap_listener)
            tap_register_plugin(&taps[i]);
}
