// SPDX-License-Identifier: GPL-2.0-or-later
// spotudp::parse / has_magic on an arbitrary UDP payload.
#include "fuzz_common.h"
#include "spotudp.h"
using namespace huntpack;

static void check_field(const spotudp::Field &f, size_t len) {
    HP_CHECK(size_t{f.offset} + f.length <= len);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const bool magic = spotudp::has_magic(data, size);
    const spotudp::Message m = spotudp::parse(data, size);
    hp_use(magic);
    if (m.status == ParseStatus::Ok || m.status == ParseStatus::Malformed) {
        HP_CHECK(m.payload_len <= size);
        const size_t n = size;
        check_field(m.magic, n);
        check_field(m.instance_id, n);
        check_field(m.version, n);
        check_field(m.ext_len, n);
        check_field(m.ext, n);
        check_field(m.digest, n);
        check_field(m.trailing, n);
    }
    return 0;
}
