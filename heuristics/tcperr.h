// SPDX-License-Identifier: GPL-2.0-or-later
// tcperr: per-conversation TCP error bookkeeping and its interpretation (huntpack_tcperr, the
// tcp-errors trait). Input is what Wireshark's TCP analysis concluded per frame (tcp.analysis.*,
// RST flag) plus per-direction L2/L3 identity (source MAC, IP TTL / IPv6 hop limit); output is a
// set of named patterns with a severity and the evidence behind each.
// References: Wireshark's TCP analysis (docs: "TCP Analysis" in the User's Guide, 7.5);
// RFC 5681 §3.2 (fast retransmit after three duplicate ACKs); RFC 9293 §3.10.7 (RST).
// Limitations: one record per TCP stream; per direction only the first TTL and MAC are kept as
// "usual" (a route change mid-flow looks like a TTL change); thresholds are constants below.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

namespace huntpack::tcperr {

// The kinds counted per conversation, in table-column order.
enum class Kind : uint8_t {
    Retransmission,         // tcp.analysis.retransmission
    FastRetransmission,     // tcp.analysis.fast_retransmission
    SpuriousRetransmission, // tcp.analysis.spurious_retransmission
    DupAck,                 // tcp.analysis.duplicate_ack
    OutOfOrder,             // tcp.analysis.out_of_order
    LostSegment,            // tcp.analysis.lost_segment ("previous segment not captured")
    AckedUnseen,            // tcp.analysis.ack_lost_segment ("ACKed unseen segment")
    ZeroWindow,             // tcp.analysis.zero_window
    WindowFull,             // tcp.analysis.window_full
    KeepAlive,              // tcp.analysis.keep_alive
    Rst,                    // tcp.flags.reset
};
constexpr size_t kKinds = 11;
constexpr uint16_t bit(Kind k) { return static_cast<uint16_t>(1u << static_cast<unsigned>(k)); }
const char *kind_name(Kind k); // kebab-case, e.g. "dup-ack"

// Named interpretations (bit set); several can hold for one conversation.
enum Pattern : uint16_t {
    kLossCongestion = 1u << 0,   // dup ACKs and retransmissions: loss on the path
    kTimeoutLoss = 1u << 1,      // retransmissions without dup ACKs: RTO, peer unresponsive
    kSpurious = 1u << 2,         // spurious retransmissions: RTO too short or ACKs lost
    kInjection = 1u << 3,        // ACKed-unseen / dup ACK / RST from an unusual TTL or MAC
    kDupAckNoLoss = 1u << 4,     // dup ACKs without any loss: reordering or injected ACKs
    kCaptureLoss = 1u << 5,      // gaps the receiver ACKed and nobody retransmitted
    kRstStorm = 1u << 6,         // many RSTs in one conversation
    kReset = 1u << 7,            // the conversation was reset (one or two RSTs)
    kReceiverStalled = 1u << 8,  // zero window: the receiver stopped reading
    kReordering = 1u << 9,       // out-of-order segments only
    kKeepAlive = 1u << 10,       // keep-alives only: an idle connection held open
    kTtlMacChange = 1u << 11,    // a direction's TTL or source MAC changed mid-flow
};
constexpr size_t kPatterns = 12;
const char *pattern_name(uint16_t single_pattern_bit); // kebab-case

// Thresholds (named so a test pins each).
constexpr uint32_t kRstStormMin = 5;   // RSTs in one conversation that make a storm
constexpr uint8_t kTtlTolerance = 0;   // a TTL differing by more than this is "unusual"
constexpr size_t kMacLen = 6;

// One frame's contribution. dir is 0 for the direction of the conversation's first frame.
struct FrameEvent {
    uint32_t frame = 0;
    uint8_t dir = 0;
    uint16_t kinds = 0;    // bit(Kind) set
    bool has_ttl = false;  // IPv4 TTL or IPv6 hop limit
    uint8_t ttl = 0;
    bool has_mac = false;
    uint8_t mac[kMacLen] = {};
};

struct DirIdentity {
    bool ttl_known = false, mac_known = false;
    uint8_t ttl = 0;               // first TTL seen in this direction ("usual")
    uint8_t mac[kMacLen] = {};     // first source MAC seen in this direction
    uint32_t frames = 0;
    uint32_t ttl_changes = 0;      // frames whose TTL differs from the usual
    uint32_t mac_changes = 0;      // frames whose source MAC differs from the usual
    uint8_t odd_ttl = 0;           // first unusual TTL
    uint8_t odd_mac[kMacLen] = {}; // first unusual MAC
    uint32_t first_odd_ttl_frame = 0, first_odd_mac_frame = 0;
};

// Everything kept per conversation: fixed size, trivially copyable. The two directions'
// identities first: every frame updates its direction's, while the counts change only on an
// error frame (the identities then share the first two cache lines with what precedes a
// FlowErrors in its holder: taps/tcperr.cpp's HookConv puts the endpoints there).
struct FlowErrors {
    DirIdentity dir[2];
    uint32_t count[kKinds] = {};
    uint32_t first_frame[kKinds] = {};
    // Error frames that came with an unusual TTL or MAC for their direction, and the first one.
    uint32_t odd_acked_unseen = 0, odd_dup_ack = 0, odd_rst = 0;
    uint32_t first_odd_error_frame = 0;
    uint16_t established = 0;      // patterns already reported (Pattern bits)
    uint32_t first_error_frame = 0;
};
static_assert(std::is_trivially_copyable_v<FlowErrors>);

// Adds a frame. Returns the patterns that became true with this frame (for raising a trait on
// the frame that establishes them); 0 when nothing new.
uint16_t observe(FlowErrors &f, const FrameEvent &e);

// Patterns that hold now (pure function of the counters).
uint16_t patterns(const FlowErrors &f);
uint32_t errors(const FlowErrors &f); // sum of counts except keep-alives

// Severity (0 info .. 3 alert, soctrait.severity) by pattern, not by raw count.
uint8_t severity(uint16_t pats);
// Is the conversation worth an analyst's look (a tcp-errors trait)?
bool worth_trait(uint16_t pats);

struct Interpretation {
    uint16_t patterns = 0;
    uint8_t severity = 0;
    std::string summary;  // one sentence, strongest pattern first
    std::string evidence; // counts with first frames, TTL/MAC changes
};
Interpretation interpret(const FlowErrors &f);

// The error kinds of Wireshark's TCP_A_* flags (tcp_analysis.h): a kind is set exactly when
// its tcp.analysis.* field would be shown (Rst is not an analysis flag: it comes from the header).
uint16_t kinds_from_tcp_a(uint16_t tcp_a);

} // namespace huntpack::tcperr
