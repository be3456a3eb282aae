// SPDX-License-Identifier: GPL-2.0-or-later
// hp_post.cpp: huntpack's one postdissector. tcplabel, quicfp and soctrait each were a
// postdissector of their own; Wireshark pays for every postdissector on every frame, even one
// that returns at its first test (epan/packet.c call_dissector_work: the enabled check, a layer
// added to pinfo->layers and removed again, ~500 instructions; bench/RESULTS.md, session 10).
// Now one handle calls the three in the order their answers flow (tcplabel's port mismatch and
// quicfp's client facts are read by soctrait, hp_peer.h).
//
// The handle has no protocol of its own, so Wireshark adds no layer for it and checks no
// "enabled" flag: each module's own protocol's flag is read here instead (at each dissection
// start, below), so that --disable-protocol tcplabel (or the Enabled Protocols dialog) still
// turns that module off.
// Each module adds its items under its own protocol, so `tcplabel`, `quicfp` and `soctrait`
// stay filterable as before; the modules' per-module layers (shown in frame.protocols only when
// they added an item) are gone.
#include "ws_compat.h"
#include <epan/packet.h>
#include <epan/proto.h>

#include "hp_fields.h"
#include "hp_peer.h"
#include "hp_post.h"

#if defined(HUNTPACK_STAGE_CYCLES) && (defined(__x86_64__) || defined(__i386__))
// bench/stage_cycles.sh: the time-stamp counter read around each stage of each frame, summed by
// frame class and printed to stderr at exit. Never in a product build (huntpack.sh does not set it).
#define HP_STAGE_CYCLES 1
#include <cstdio>
#include <x86intrin.h>
#include "hp_frame.h"
#endif

namespace {

dissector_handle_t handle;

struct Stage {
    int (*fn)(tvbuff_t *, packet_info *, proto_tree *);
    protocol_t *proto; // the module's protocol, registered before it adds its stage
};
Stage stages[3]; // by hp_post_stage; an empty slot (a module left out of the build) is skipped
// Each stage's protocol enabled, read at every dissection start (init routine): a protocol's
// enabled flag changes only between dissections (tshark's --disable-protocol before the file
// is opened; the GUI's Enabled Protocols dialog redissects, which starts a new epan session
// and runs the init routines again; during a file's loading the redissection waits for its end,
// and redoes every frame). Read on every frame, the three protocol_t structs cost
// three cache misses a frame (proto_is_protocol_enabled: 19 ms of the bench capture's 6.4 s).
bool stage_on[3];
hp_peer_frame peers;

void read_enabled()
{
    for (int i = 0; i < 3; i++)
        stage_on[i] = stages[i].fn && stages[i].proto && proto_is_protocol_enabled(stages[i].proto);
}

#ifdef HP_STAGE_CYCLES
enum { kBareAck, kTcpPayload, kTcpOther, kUdp, kOther, kClasses };
const char *const kClassNames[kClasses] = {"tcp-bare-ack", "tcp-payload", "tcp-other", "udp", "other"};
unsigned long long stage_cycles[3][kClasses], class_frames[kClasses];
struct StageReport {
    ~StageReport()
    {
        for (int c = 0; c < kClasses; c++)
            if (class_frames[c])
                fprintf(stderr, "huntpack stage cycles: %s frames %llu tcplabel %llu quicfp %llu soctrait %llu\n",
                    kClassNames[c], class_frames[c], stage_cycles[0][c], stage_cycles[1][c], stage_cycles[2][c]);
    }
} stage_report;

// Each stage's cycles of a frame, added to its class's sums when the frame is done (a stage that
// throws a dissector exception leaves the frame uncounted).
struct StageClock {
    unsigned long long t = __rdtsc(), dt[3] = {0, 0, 0};
    void lap(int i)
    {
        const unsigned long long now = __rdtsc();
        dt[i] = now - t;
        t = now;
    }
    void done(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
    {
        int c = kOther;
        if (pinfo->ptype == PT_UDP)
            c = kUdp;
        else if (pinfo->ptype == PT_TCP) {
            const hp_l4 *l4 = hp_frame_l4(tvb, pinfo, tree);
            c = l4->payload_reported ? kTcpPayload : l4->flags == 0x010 ? kBareAck : kTcpOther;
        }
        class_frames[c]++;
        for (int i = 0; i < 3; i++)
            stage_cycles[i][c] += dt[i];
    }
};
#else
struct StageClock { // the product build: nothing
    void lap(int) {}
    void done(tvbuff_t *, packet_info *, proto_tree *) {}
};
#endif

int dissect_huntpack(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *)
{
    peers = hp_peer_frame{};
    int used = 0;
    StageClock clock;
    for (int i = 0; i < 3; i++) {
        if (stage_on[i])
            used |= stages[i].fn(tvb, pinfo, tree);
        clock.lap(i);
    }
    clock.done(tvb, pinfo, tree);
    return used;
}

} // namespace

extern "C" hp_peer_frame *hp_peer(void)
{
    return &peers;
}

extern "C" dissector_handle_t hp_post_handle(void)
{
    if (!handle) {
        handle = create_dissector_handle(dissect_huntpack, -1);
        register_postdissector(handle);
        register_init_routine(read_enabled);
        hp_want_holder(handle); // every module's wanted fields, each once, on this one handle
    }
    return handle;
}

extern "C" void hp_post_add(enum hp_post_stage stage, int (*fn)(tvbuff_t *, packet_info *, proto_tree *), int proto_id)
{
    hp_post_handle();
    // Fixed slots by stage, whatever order Wireshark registers the modules in.
    if (stage >= 0 && stage < 3)
        stages[stage] = Stage{fn, find_protocol_by_id(proto_id)};
}
