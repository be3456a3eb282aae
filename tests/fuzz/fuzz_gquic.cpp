// SPDX-License-Identifier: GPL-2.0-or-later
// gquic::inspect_gquic_datagram (public/long header + CHLO search and parse), find_chlo,
// parse_chlo and quicfp::from_gquic on a UDP payload.
#include "fuzz_common.h"
#include "gquic.h"
#include "quicfp.h"
using namespace huntpack;

static void check_chlo(const gquic::Chlo &c, size_t n) {
    HP_CHECK(c.tags.size() <= gquic::kMaxChloTags);
    if (c.status == ParseStatus::Ok || c.status == ParseStatus::Truncated) {
        for (const gquic::ChloTag &t : c.tags)
            HP_CHECK(size_t{t.offset} + t.length <= n);
    }
    hp_use(c.find(gquic::kTagSni));
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const gquic::Datagram d = gquic::inspect_gquic_datagram(ByteView(data, size));
    HP_CHECK(d.reason != nullptr);
    HP_CHECK(d.header.header_length <= size || d.header.status != ParseStatus::Ok);
    check_chlo(d.chlo, size);
    hp_use(d.status());
    check_chlo(gquic::find_chlo(ByteView(data, size)), size);
    check_chlo(gquic::parse_chlo(ByteView(data, size)), size);
    if (size >= 4)
        hp_use(gquic::tag_name(uint32_t{data[0]} << 24 | uint32_t{data[1]} << 16 |
                               uint32_t{data[2]} << 8 | data[3]));
    const quicfp::Fingerprint fp = quicfp::from_gquic(data, size);
    hp_use(fp);
    return 0;
}
