// SPDX-License-Identifier: GPL-2.0-or-later
// first_listener.cpp: see first_listener.h.
#include "first_listener.h"

#include <exception>

#include <epan/tap.h>

#include "glue.h"

namespace {

constexpr int kHooks = 4; // the trees' batches and the devices summary need two
struct First {
    bool tried = false, listening = false;
    guint32 seen_frame = 0; // the frame it last got, plus one (0: none)
    HpFirstHook draw[kHooks] = {}, reset[kHooks] = {};
};
First first; // static: the listener's tapdata stays valid until tshark exits

void add(HpFirstHook *hooks, HpFirstHook fn)
{
    if (!fn)
        return;
    for (int i = 0; i < kHooks; i++) {
        if (hooks[i] == fn)
            return;
        if (!hooks[i]) {
            hooks[i] = fn;
            return;
        }
    }
    ws_warning("huntpack: more than %d hooks on the first tap listener", kHooks); // a programming error
}

void run(const HpFirstHook *hooks)
{
    for (int i = 0; i < kHooks && hooks[i]; i++) {
        try {
            hooks[i]();
        } catch (const std::exception &e) {
            ws_warning("huntpack: %s", e.what());
        }
    }
}

tap_packet_status first_packet(void *, packet_info *pinfo, epan_dissect_t *, const void *, tap_flags_t)
{
    first.seen_frame = pinfo->num + 1;
    return TAP_PACKET_DONT_REDRAW;
}

void first_draw(void *) { run(first.draw); }
void first_reset(void *) { run(first.reset); }

} // namespace

bool hp_first_listen(HpFirstHook draw, HpFirstHook reset)
{
    if (!first.tried) {
        first.tried = true;
        GString *err = register_tap_listener("frame", &first, NULL, TL_REQUIRES_NOTHING, first_reset, first_packet,
                                             first_draw, NULL);
        first.listening = err == NULL;
        if (err) {
            ws_warning("huntpack: the first tap listener: %s", err->str);
            g_string_free(err, TRUE);
        }
    }
    if (!first.listening)
        return false;
    add(first.draw, draw);
    add(first.reset, reset);
    return true;
}

bool hp_first_saw(const packet_info *pinfo) { return first.listening && first.seen_frame == pinfo->num + 1; }
