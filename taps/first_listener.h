// SPDX-License-Identifier: GPL-2.0-or-later
// first_listener.h: one tap listener of huntpack's at the head of Wireshark's listener list, so
// that tshark draws (and resets) it before every statistic: where huntpack's statistics finish
// what they left for the end (the breakdown trees' logged batches, stats_batch.h; the devices
// table's summary row) just before tshark prints them.
//
// One listener for all of them because every registered listener costs every frame: a step in
// each have_tap_listener call of every dissector and in each queued tap packet's walk of the
// list (tap_push_tapped_queue). With a listener of their own each, the trees' batches and the
// devices summary made huntpack's analysis walk 7 listeners where Wireshark's io,phs + expert
// walks 2 (bench/RESULTS.md, session 19).
//
// Registered on the first frame that needs it, by then tshark has registered the listener of
// every -z statistic; register_tap_listener prepends, so it is the head. On the "frame" tap,
// which every frame queues last (packet-frame.c), after the frame's other tap packets:
// hp_first_saw tells a listener on the "frame" tap, such as the devices table, that the first
// listener got the frame before it, i.e. is ahead of it in the list and draws before it.
// Stays registered, idle, until tshark exits (its hooks check their own state).
#pragma once

#include "ws_compat.h"
#include <epan/packet_info.h>

using HpFirstHook = void (*)();

// Registers the listener if it is not yet (once per process) and adds the hooks (each once; NULL:
// none): draw before any statistic is drawn, reset before any is reset. False if Wireshark
// refused the listener (a warning is logged): then nothing may be left for its draw.
bool hp_first_listen(HpFirstHook draw, HpFirstHook reset);
// Whether the first listener has got this frame (from the "frame" tap).
bool hp_first_saw(const packet_info *pinfo);
