/* SPDX-License-Identifier: GPL-2.0-or-later
 * quicfp_tap.h: the "quicfp" tap's record, one per fingerprinted ClientHello/CHLO. */
#pragma once

#include "ws_compat.h"

#define HP_QUICFP_TAP "quicfp"

typedef struct hp_quicfp_rec {
    const char *client; /* client address:port */
    const char *kind;   /* ietf / gquic / tls */
    const char *sni, *alpn, *ua, *ja4, *browser, *os;
    guint32 version;
} hp_quicfp_rec;
