/* SPDX-License-Identifier: GPL-2.0-or-later
 * glue.h: the registration functions of each huntpack protocol and tap, called from plugin.c. */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

void hp_spotudp_register(void);
void hp_spotudp_handoff(void);
void hp_tcplabel_register(void);
void hp_tcplabel_handoff(void);
void hp_quicfp_register(void);
void hp_quicfp_handoff(void);
void hp_breakdown_register(void);

#ifdef __cplusplus
}
#endif
