// SPDX-License-Identifier: GPL-2.0-or-later
// QUIC client stack fingerprint (Chromium/quiche, Firefox/neqo, ngtcp2, quic-go, picoquic, mvfst,
// msquic, ...) from a ClientHello's transport parameters, version, ALPN and JA4, matched against a
// signature catalog (heuristics/data/quic_stacks.tsv, extendable by analysts).
//
// References: RFC 9000 §18 (transport parameters; §18.1 reserved ids 31*N+27), RFC 9368 §3
// (version_information 0x11), RFC 9287 (grease_quic_bit 0x2ab2); Wireshark packet-tls-utils.c
// (Google ids 0x3127-0x312b, 0x4751/0x4752; Facebook 0xff00); the catalog cites a source per line.
// Limitations: a fingerprint names the QUIC library, not the application (curl+ngtcp2 looks like
// any ngtcp2 client); stacks that shuffle their transport parameters (Chromium since ~2023, neqo)
// are matched on the set and values, not the order. Confidence is the catalog's, not a probability.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace huntpack::quicstack {

// Transport parameter ids with a meaning for fingerprints.
constexpr uint64_t kTpVersionInformation = 0x11;        // RFC 9368 §3
constexpr uint64_t kTpGoogleConnectionOptions = 0x3128; // quiche / Wireshark packet-tls-utils.c
constexpr uint64_t kTpGoogleUserAgent = 0x3129;         // quiche / Wireshark packet-tls-utils.c
// Reserved ids 31*N+27 (RFC 9000 §18.1) are normalized to the smallest one before comparing.
constexpr uint64_t kTpGreaseNormalized = 27;

// Bounds on the work done per ClientHello and per catalog.
constexpr size_t kMaxTps = 64;                // TP ids considered (RFC 9000 defines ~20)
constexpr size_t kMaxAlpns = 32;              // ALPN entries considered
constexpr size_t kMaxSignatures = 4096;       // signatures per catalog
constexpr size_t kMaxLineBytes = 4096;        // one catalog line
constexpr size_t kMaxConditions = 32;         // conditions per signature
constexpr size_t kMaxListItems = 64;          // items in one condition's list
constexpr size_t kMaxCatalogBytes = 4u << 20; // one catalog file

bool is_grease_tp(uint64_t id);
uint64_t normalize_tp(uint64_t id);

// What the caller extracted from one QUIC (or gQUIC) ClientHello. Absent values stay nullopt.
struct ClientHelloInfo {
    uint32_t version = 0;         // long-header version (gQUIC: the tag, e.g. 'Q046')
    std::vector<uint64_t> tp_ids; // transport parameter ids in wire order
    std::optional<uint64_t> max_udp_payload_size;
    std::optional<uint64_t> initial_max_data;
    std::optional<uint64_t> initial_max_stream_data_bidi_local;
    std::optional<uint64_t> active_connection_id_limit;
    std::optional<uint64_t> max_idle_timeout;
    std::vector<std::string> alpn; // in ClientHello order
    std::string ja4;               // "q13d0310h3_..." or ""

    bool has_tp(uint64_t id) const; // GREASE-normalized
    bool has_google_user_agent() const { return has_tp(kTpGoogleUserAgent); }
    bool has_google_connection_options() const { return has_tp(kTpGoogleConnectionOptions); }
    bool has_version_information() const { return has_tp(kTpVersionInformation); }
    bool has_grease_tp() const { return has_tp(kTpGreaseNormalized); }
};

struct Match {
    bool matched = false;
    std::string stack;      // e.g. "Chromium/quiche"
    int confidence = 0;     // 0-100, from the catalog
    std::string origin;     // catalog file (or label) of the signature that fired
    size_t line = 0;        // its line in that file
    std::string source;     // its SOURCE column: the capture/frame or public file it came from
    bool ambiguous = false; // another stack matched with the same confidence
    std::string runner_up;  // best other stack that matched, if any
};

// One "key=value" of a signature; see the header of quic_stacks.tsv for the keys.
enum class CondKey : uint8_t {
    Version,
    TpOrder,
    TpSeq,
    TpFirst,
    TpSet,
    TpHas,
    TpLacks,
    MaxUdp,
    MaxData,
    BidiLocal,
    Acid,
    Idle,
    Grease,
    Alpn,
    AlpnHas,
    Ja4,
    Ja4Prefix
};
struct Condition {
    CondKey key = CondKey::Version;
    std::vector<uint64_t> nums;    // versions, TP ids (normalized), or one value
    std::vector<std::string> strs; // ALPN / JA4
    bool absent = false;           // value "-": the parameter must be absent
    bool yes = false;              // grease=yes|no
};

struct Signature {
    std::string stack;
    int confidence = 0;
    std::string source;
    std::string origin;
    size_t line = 0;
    std::vector<Condition> conditions;
};

class Catalog {
  public:
    // Appends the signatures of a file (format: header of quic_stacks.tsv). All or nothing: on the
    // first bad line nothing is added and *error says "<origin>:<line>: why".
    bool load_file(const std::string &path, std::string *error);
    bool load_text(std::string_view text, const std::string &origin, std::string *error);

    Match match(const ClientHelloInfo &ch) const;
    size_t size() const { return sigs_.size(); }
    void clear() { sigs_.clear(); }

  private:
    std::vector<Signature> sigs_;
};

} // namespace huntpack::quicstack
