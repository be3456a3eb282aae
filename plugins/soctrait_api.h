/* SPDX-License-Identifier: GPL-2.0-or-later
 * soctrait_api.h: the one way any huntpack module (and the Lua bridge) raises a suspicious
 * trait. A trait becomes, on the current frame: a `soctrait` tree item with soctrait.id,
 * soctrait.severity, soctrait.summary, soctrait.evidence (and soctrait.host when given); an
 * expert info in the Security group whose severity follows the trait's; and a record on the
 * "soctrait" tap (hp_trait_rec) that the Suspicious Traits dialog (huntpack_traits) counts.
 * Field contract: ../shared/DESIGN.md. Implemented in plugins/soctrait.cpp. */
#pragma once

#include "ws_compat.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HP_TRAIT_TAP "soctrait"

enum hp_trait_severity { HP_SEV_INFO = 0, HP_SEV_NOTE = 1, HP_SEV_WARN = 2, HP_SEV_ALERT = 3 };

typedef struct hp_trait {
    const char *id;       /* kebab-case, e.g. "http-ip-host" (copied) */
    int severity;         /* hp_trait_severity */
    const char *summary;  /* one human sentence (copied) */
    const char *evidence; /* what was seen (copied) */
    const char *host;     /* the host/name/address the trait is about, or NULL (copied) */
} hp_trait;

/* The record queued on the "soctrait" tap, in pinfo->pool. */
typedef struct hp_trait_rec {
    const char *id;
    int severity;
    const char *summary;
    const char *evidence;
    const char *host;
    guint32 frame;
} hp_trait_rec;

/* Raise a trait on this frame. Safe with tree == NULL (tap and expert still happen). Declared
 * weak so modules link before soctrait.cpp exists; callers check it is non-NULL. */
void hp_trait_raise(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const hp_trait *t)
    __attribute__((weak));

/* Trait judges of other modules (taps/tcperr.cpp: tcp-errors, taps/devices.cpp:
 * multicast-exposure) receive this to emit their traits for the frame being judged; soctrait
 * copies them, caches them with its own verdicts for the frame and raises them on every pass. */
typedef void (*hp_trait_emit_fn)(void *ctx, const hp_trait *t);

#ifdef __cplusplus
}
#endif
