// SPDX-License-Identifier: GPL-2.0-or-later
// tcplocate::locate / locate_udp on a raw frame. The addresses and ports are taken from the
// frame itself (as Wireshark would have decoded them) when the input asks for it, else from
// the input: [u8 mode][16 src][16 dst][u16 sport][u16 dport][frame]; mode bits 2-7 give an
// IP-header offset hint (63: none).
#include "fuzz_common.h"
#include "tcp_locate.h"
#include <cstring>
using namespace huntpack;

static void check(const tcplocate::TcpHeader &h, size_t n) {
    if (h.ok)
        HP_CHECK(h.payload_off <= n && h.payload_len <= n - h.payload_off);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1 + 16 + 16 + 4)
        return 0;
    const uint8_t mode = data[0];
    uint8_t src[16], dst[16];
    std::memcpy(src, data + 1, 16);
    std::memcpy(dst, data + 17, 16);
    uint16_t sport = static_cast<uint16_t>(data[33] << 8 | data[34]);
    uint16_t dport = static_cast<uint16_t>(data[35] << 8 | data[36]);
    const uint8_t *frame = data + 37;
    const size_t n = size - 37;
    const size_t addr_len = (mode & 1) ? 16 : 4;
    // Mode bit 1: copy addresses/ports out of an Ethernet+IP frame so the match succeeds.
    if ((mode & 2) && n >= 14 + 40 + 4) {
        if (addr_len == 4 && n >= 14 + 20 + 4) {
            std::memcpy(src, frame + 14 + 12, 4);
            std::memcpy(dst, frame + 14 + 16, 4);
            const size_t ihl = (frame[14] & 0x0f) * 4u;
            if (14 + ihl + 4 <= n) {
                sport = static_cast<uint16_t>(frame[14 + ihl] << 8 | frame[14 + ihl + 1]);
                dport = static_cast<uint16_t>(frame[14 + ihl + 2] << 8 | frame[14 + ihl + 3]);
            }
        } else if (addr_len == 16) {
            std::memcpy(src, frame + 14 + 8, 16);
            std::memcpy(dst, frame + 14 + 24, 16);
            sport = static_cast<uint16_t>(frame[54] << 8 | frame[55]);
            dport = static_cast<uint16_t>(frame[56] << 8 | frame[57]);
        }
    }
    // Mode bits 2-7: an IP header offset hint (as Wireshark's ip item gives), 63 = none.
    const size_t hint = (mode >> 2) == 63 ? tcplocate::kNoHint : static_cast<size_t>(mode >> 2);
    check(tcplocate::locate(frame, n, src, dst, addr_len, sport, dport, hint), n);
    check(tcplocate::locate_udp(frame, n, src, dst, addr_len, sport, dport, hint), n);
    return 0;
}
