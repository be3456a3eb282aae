// SPDX-License-Identifier: GPL-2.0-or-later
// tls::parse_server_hello and HelloStream::feed/rearm. The input is split into TCP segments
// (FuzzedDataProvider: a mode byte, a length, the bytes), so the stream sees in-order,
// overlapping, retransmitted, skipped and wrapped segments and re-arms at random; a counting
// allocator checks that the buffer never grows past kMaxHelloStreamBytes and is freed whenever
// an attempt ends.
#include "fuzz_common.h"
#include "tls_hello_stream.h"

#include <cstdlib>
using namespace huntpack;

namespace {
struct Counter {
    int live = 0;
    size_t biggest = 0;
};
void *count_realloc(void *ctx, void *p, size_t n) {
    auto *c = static_cast<Counter *>(ctx);
    if (!p)
        c->live++;
    if (n > c->biggest)
        c->biggest = n;
    return std::realloc(p, n);
}
void count_free(void *ctx, void *p) {
    static_cast<Counter *>(ctx)->live--;
    std::free(p);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const tls::ServerHello sh = tls::parse_server_hello(ByteView(data, size));
    hp_use(sh.version());

    FuzzedDataProvider fdp(data, size);
    Counter c;
    const tls::HelloAllocator a = {count_realloc, count_free, &c};
    tls::HelloStream s;
    uint32_t seq = fdp.ConsumeIntegral<uint32_t>();
    while (fdp.remaining_bytes() > 0) {
        const uint8_t mode = fdp.ConsumeIntegral<uint8_t>();
        const size_t len = fdp.ConsumeIntegralInRange<size_t>(0, 4000);
        std::vector<uint8_t> seg = fdp.ConsumeBytes<uint8_t>(len);
        uint32_t at = seq;
        switch (mode & 3) {
        case 0: break;                                      // in order
        case 1: at = seq - (mode >> 2); break;              // overlap / retransmission
        case 2: at = seq + (uint32_t{mode} << 4); break;    // gap
        case 3: at = fdp.ConsumeIntegral<uint32_t>(); break; // anywhere (wrap included)
        }
        if (mode & 0x80)
            s.rearm(a, (mode & 0x40) != 0);
        tls::HandshakeExtract x;
        const tls::HelloFeed r = s.feed(a, at, seg.data(), seg.size(), &x);
        if (r == tls::HelloFeed::Complete) {
            HP_CHECK(x.status == ParseStatus::Ok);
            HP_CHECK(x.message.size() >= tls::kHandshakeHeaderLen);
            hp_use(tls::parse_server_hello(ByteView(x.message.data(), x.message.size())).version());
        }
        // The buffer exists only while collecting, and never beyond its bound.
        HP_CHECK(c.live == (s.collecting() && s.have > 0 ? 1 : 0));
        HP_CHECK(c.biggest <= tls::kMaxHelloStreamBytes);
        HP_CHECK(s.have <= tls::kMaxHelloStreamBytes);
        seq = at + static_cast<uint32_t>(seg.size());
    }
    s.abandon(a);
    HP_CHECK(c.live == 0);
    return 0;
}
