/* SPDX-License-Identifier: GPL-2.0-or-later
 * glue.h: the registration functions of each huntpack protocol and tap, called from plugin.c.
 * Weak: a module that is not linked in leaves a NULL that plugin.c skips. */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

#define HP_WEAK __attribute__((weak))

/* protocols (register, handoff) */
void hp_spotudp_register(void) HP_WEAK;
void hp_spotudp_handoff(void) HP_WEAK;
void hp_tcplabel_register(void) HP_WEAK;
void hp_tcplabel_handoff(void) HP_WEAK;
void hp_quicfp_register(void) HP_WEAK;
void hp_quicfp_handoff(void) HP_WEAK;
void hp_soctrait_register(void) HP_WEAK;   /* plugins/soctrait.cpp */
void hp_soctrait_handoff(void) HP_WEAK;
void hp_lua_bridge_register(void) HP_WEAK; /* plugins/lua_bridge.cpp */
void hp_lua_bridge_handoff(void) HP_WEAK;

/* statistics (tap listeners) */
void hp_breakdown_register(void) HP_WEAK;  /* taps/breakdown.cpp */
void hp_traits_tap_register(void) HP_WEAK; /* taps/traits.cpp: huntpack_traits */
void hp_quic_table_register(void) HP_WEAK; /* taps/quic_table.cpp: huntpack_quic */
void hp_tcperr_register(void) HP_WEAK;     /* taps/tcperr.cpp: huntpack_tcperr */
void hp_devices_register(void) HP_WEAK;    /* taps/devices.cpp: huntpack_devices */
void hp_tls_table_register(void) HP_WEAK;  /* taps/tls_table.cpp: huntpack_tls */

#ifdef __cplusplus
}
#endif
