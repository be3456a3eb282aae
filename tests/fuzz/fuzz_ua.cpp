// SPDX-License-Identifier: GPL-2.0-or-later
// ua::chrome_quic_uaid_to_ua on a UAID / google_user_agent value (attacker-controlled).
#include "fuzz_common.h"
#include "ua_parser.h"
using namespace huntpack;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string channel;
    const std::string ua = ua::chrome_quic_uaid_to_ua(
        std::string_view(reinterpret_cast<const char *>(data), size), &channel);
    HP_CHECK(ua.size() <= size + 256);
    return 0;
}
