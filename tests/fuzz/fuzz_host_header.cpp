// SPDX-License-Identifier: GPL-2.0-or-later
// traits::classify_host_header / classify_uri_authority / parse_ipv4_host on a header value.
#include "fuzz_common.h"
#include "trait_ip_literal.h"
#include <string_view>
using namespace huntpack;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string_view s(reinterpret_cast<const char *>(data), size);
    const traits::IpLiteralResult r = traits::classify_host_header(s);
    HP_CHECK(traits::addr_class_name(r.addr_class) != nullptr);
    hp_use(r);
    hp_use(traits::classify_uri_authority(s));
    const traits::ParsedIpv4 p = traits::parse_ipv4_host(s);
    HP_CHECK(p.form != nullptr);
    return 0;
}
