// SPDX-License-Identifier: GPL-2.0-or-later
// tls::extract_first_handshake on TCP payload bytes (TLS records), then the whole TCP path
// quicfp::from_tls_records.
#include "fuzz_common.h"
#include "quicfp.h"
#include "tls_client_hello.h"
using namespace huntpack;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const tls::HandshakeExtract hx = tls::extract_first_handshake(ByteView(data, size));
    HP_CHECK(hx.bytes_consumed <= size);
    HP_CHECK(hx.records_used <= tls::kMaxRecordsPerHello);
    HP_CHECK(hx.message.size() <= size);
    if (hx.status == ParseStatus::Ok)
        hp_use(tls::parse_client_hello(ByteView(hx.message.data(), hx.message.size())));
    const quicfp::Fingerprint fp = quicfp::from_tls_records(data, size);
    hp_use(fp);
    return 0;
}
