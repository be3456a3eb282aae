// SPDX-License-Identifier: GPL-2.0-or-later
// quic::parse_long_header plus the version helpers, walking coalesced packets the way the
// dissector does.
#include "fuzz_common.h"
#include "quic_header.h"
#include <cstring>
using namespace huntpack;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t pos = 0;
    for (int i = 0; i < 64 && pos < size; ++i) {
        const quic::LongHeaderResult r = quic::parse_long_header(data + pos, size - pos);
        HP_CHECK(r.error != nullptr);
        if (r.status != ParseStatus::Ok)
            break;
        const quic::LongHeader &h = r.hdr;
        HP_CHECK(h.dcid_len <= quic::kMaxCidLen && h.scid_len <= quic::kMaxCidLen);
        HP_CHECK(h.packet_len > 0 && h.packet_len <= size - pos);
        HP_CHECK(h.pn_offset <= h.packet_len);
        if (h.type == quic::PacketType::Initial)
            HP_CHECK(h.token_offset + h.token_len <= h.packet_len);
        hp_use(quic::classify_version(h.version));
        hp_use(quic::is_supported_version(h.version));
        hp_use(quic::is_gquic_version(h.version));
        hp_use(quic::long_packet_type(h.version, h.first_byte));
        pos += h.packet_len;
    }
    if (size >= 4) {
        uint32_t v;
        std::memcpy(&v, data, 4);
        hp_use(quic::classify_version(v));
    }
    return 0;
}
