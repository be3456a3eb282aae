// SPDX-License-Identifier: GPL-2.0-or-later
// tcplabel::observe / decide / classify_kind over a flow: a sequence of frames whose facts
// (flags, sequence numbers, analysis bits, what Wireshark saw) and payload come from the
// input; the content verdict is computed from the payload as the plugin does.
#include "app_content.h"
#include "fuzz_common.h"
#include "tcplabel.h"
using namespace huntpack;
using namespace huntpack::tcplabel;

template <typename E> static E pick(FuzzedDataProvider &f, E last) {
    return static_cast<E>(f.ConsumeIntegralInRange<int>(0, static_cast<int>(last)));
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzedDataProvider fdp(data, size);
    FlowState flow;
    uint32_t frame = 0;
    while (fdp.remaining_bytes() > 0 && frame < 256) {
        FrameFacts f;
        f.top = pick(fdp, WsTop::Other);
        f.flags = fdp.ConsumeIntegral<uint16_t>();
        f.seq = fdp.ConsumeIntegral<uint32_t>();
        f.ack = fdp.ConsumeIntegral<uint32_t>();
        f.analysis = fdp.ConsumeIntegral<uint32_t>();
        f.in_reassembly = fdp.ConsumeBool();
        f.reassembly_app = pick(fdp, App::Ssh);
        f.ws_identified = pick(fdp, App::Ssh);
        f.ws_start_evidence = fdp.ConsumeBool();
        f.port_app = pick(fdp, App::Ssh);
        f.to_server = fdp.ConsumeBool();
        const std::vector<uint8_t> payload =
            fdp.ConsumeBytes<uint8_t>(fdp.ConsumeIntegralInRange<size_t>(0, 1500));
        f.payload_len = static_cast<uint32_t>(payload.size());
        f.content = content::detect_cleartext(payload.data(), payload.size());
        f.frame = ++frame;
        observe(flow, f, frame);
        const Label l = decide(f, flow);
        HP_CHECK(basis_name(l.basis) != nullptr);
        HP_CHECK(kind_name(l.kind) != nullptr);
        HP_CHECK(mismatch_name(l.mismatch) != nullptr);
        hp_use(classify_kind(f, flow));
    }
    return 0;
}
