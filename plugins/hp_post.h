/* SPDX-License-Identifier: GPL-2.0-or-later
 * hp_post.h: huntpack's single postdissector (hp_post.cpp). Each module adds its per-frame
 * function as a stage; stages run in this order on every frame. */
#pragma once
#include <epan/packet.h>

#ifdef __cplusplus
extern "C" {
#endif

enum hp_post_stage { HP_POST_TCPLABEL = 0, HP_POST_QUICFP = 1, HP_POST_SOCTRAIT = 2 };

/* The postdissector's handle (created and registered at the first call): the handle huntpack's
 * wanted fields are held by. */
dissector_handle_t hp_post_handle(void);

/* fn returns nonzero when it used the frame; proto_id is the module's protocol (a disabled
 * protocol's stage is skipped). */
void hp_post_add(enum hp_post_stage stage, int (*fn)(tvbuff_t *, packet_info *, proto_tree *), int proto_id);

#ifdef __cplusplus
}
#endif
