// SPDX-License-Identifier: GPL-2.0-or-later
// hp_endpoint.h: a flow's endpoint as first seen, kept inline in per-flow state (no copy of the
// address to allocate, no pointer to follow when a frame's direction is told).
#pragma once

#include "ws_compat.h"

#include "byteview.h"

#include <cstdint>
#include <cstring>

// Its address (up to 16 bytes, an IPv4 or IPv6 one: a longer one never matches; its type, to
// format it later) and port. The TCP-error table and hook (taps/tcperr.cpp) and soctrait's flow
// record tell a frame's direction by it.
struct HpEndpoint {
    int type;
    uint8_t len;
    uint8_t addr[16];
    uint16_t port;

    void set(const address &a, guint32 p)
    {
        type = a.type;
        len = static_cast<uint8_t>(MIN(a.len, 16));
        if (len)
            memcpy(addr, a.data, len);
        port = static_cast<uint16_t>(p);
    }
    bool is(const address &a, guint32 p) const
    {
        return a.len == len && p == port && huntpack::bytes_equal(a.data, addr, len);
    }
};
