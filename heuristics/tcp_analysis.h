// SPDX-License-Identifier: GPL-2.0-or-later
// Wireshark's TCP sequence-analysis flags (packet-tcp.c's TCP_A_*, private to that file and kept
// in struct tcp_acked's `flags`), and which tcp.analysis.* field each makes Wireshark show.
// huntpack reads the flags from Wireshark's TCP conversation data (plugins/hp_tcp.cpp) instead
// of priming the fields. Values read in packet-tcp.c of 4.0.17 and of the 4.5 development tree
// (identical); t_corpus checks them against the fields on all shared captures
// (huntpack.verify_facts, on the web-port TCP frames tcplabel labels) on every supported version.
#pragma once

#include <cstdint>

namespace huntpack::tcpa {

enum : uint16_t {
    kRetransmission = 0x0001,      // tcp.analysis.retransmission
    kLostPacket = 0x0002,          // tcp.analysis.lost_segment
    kAckLostPacket = 0x0004,       // tcp.analysis.ack_lost_segment
    kKeepAlive = 0x0008,           // tcp.analysis.keep_alive
    kDuplicateAck = 0x0010,        // tcp.analysis.duplicate_ack
    kZeroWindow = 0x0020,          // tcp.analysis.zero_window
    kZeroWindowProbe = 0x0040,     // tcp.analysis.zero_window_probe
    kZeroWindowProbeAck = 0x0080,  // tcp.analysis.zero_window_probe_ack
    kKeepAliveAck = 0x0100,        // tcp.analysis.keep_alive_ack
    kOutOfOrder = 0x0200,          // tcp.analysis.out_of_order
    kFastRetransmission = 0x0400,  // tcp.analysis.fast_retransmission, and .retransmission too
    kWindowUpdate = 0x0800,        // tcp.analysis.window_update
    kWindowFull = 0x1000,          // tcp.analysis.window_full
    kReusedPorts = 0x2000,         // tcp.analysis.reused_ports
    kSpuriousRetransmission = 0x4000, // tcp.analysis.spurious_retransmission, and .retransmission too
    kOldData = 0x8000,             // reassembly bookkeeping: never shown as a flag
    kShown = 0x7fff,               // the bits tcp.analysis.flags stands for
};

// tcp.analysis.retransmission: packet-tcp.c raises it for fast and spurious retransmissions too.
constexpr bool shows_retransmission(uint16_t f) {
    return (f & (kRetransmission | kFastRetransmission | kSpuriousRetransmission)) != 0;
}

} // namespace huntpack::tcpa
