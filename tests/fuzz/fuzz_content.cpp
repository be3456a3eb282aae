// SPDX-License-Identifier: GPL-2.0-or-later
// content::detect_cleartext and the line detectors on an arbitrary TCP payload.
#include "app_content.h"
#include "fuzz_common.h"
using namespace huntpack;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const content::Verdict v = content::detect_cleartext(data, size);
    HP_CHECK(content::app_name(v.app) != nullptr);
    HP_CHECK(content::evidence_name(v.evidence) != nullptr);
    hp_use(content::is_http_request_line(data, size));
    hp_use(content::is_http_status_line(data, size));
    hp_use(content::is_http_chunk_line(data, size));
    hp_use(content::is_http_header_line(data, size));
    return 0;
}
