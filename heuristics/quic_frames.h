// SPDX-License-Identifier: GPL-2.0-or-later
// Frame walker for decrypted QUIC Initial payloads: finds CRYPTO data, validates the rest.
//
// Specs: RFC 9000 §12.4 (frame types and the packet types that may carry them: Initial packets
// carry only PADDING, PING, ACK, CRYPTO, CONNECTION_CLOSE), §19.1 PADDING, §19.2 PING,
// §19.3 ACK (+ §19.3.1 ranges, §19.3.2 ECN counts), §19.6 CRYPTO, §19.19 CONNECTION_CLOSE,
// §16 varints.
//
// Google QUIC T050/T051 (and Q050) protect Initials like IETF QUIC but keep gQUIC frame type codes
// (chromium quic_framer.cc; Wireshark packet-gquic.c): PADDING 0x00, PING 0x07, CRYPTO 0x08
// with the same varint offset/length layout. FrameDialect::Gquic walks those three only; a
// gQUIC ACK (0x40-0x7f, sent in the client's later Initials) stops the walk as Unsupported.
//
// Limitations: stops at the first frame type an Initial may not carry (status Unsupported,
// `stop_offset`/`unsupported_type` say where and what); frames after it are not seen. At most
// kMaxCryptoFrames CRYPTO frames are recorded; more are counted (`crypto_total`) and flagged
// (`crypto_overflow`) but not recorded. A CONNECTION_CLOSE of type 0x1d, which RFC 9000 §10.2.3
// forbids in Initial packets, is parsed and flagged, not rejected.
#pragma once

#include "byteview.h"

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace huntpack::quic {

// RFC 9000 §19 frame type codes that may appear in Initial packets (§12.4 Table 3).
constexpr uint64_t kFramePadding = 0x00;
constexpr uint64_t kFramePing = 0x01;
constexpr uint64_t kFrameAck = 0x02;
constexpr uint64_t kFrameAckEcn = 0x03;
constexpr uint64_t kFrameCrypto = 0x06;
constexpr uint64_t kFrameConnectionClose = 0x1c;
constexpr uint64_t kFrameConnectionCloseApp = 0x1d;
// gQUIC frame type codes used by T05x Initials.
constexpr uint64_t kGquicFramePadding = 0x00;
constexpr uint64_t kGquicFramePing = 0x07;
constexpr uint64_t kGquicFrameCrypto = 0x08;
// RFC 9000 §19.6: offset + length of CRYPTO data cannot exceed 2^62 - 1.
constexpr uint64_t kMaxStreamOffset = (uint64_t{1} << 62) - 1;
// Policy cap on CRYPTO frames recorded per packet. Chrome splits its ClientHello into up to 11
// CRYPTO frames per Initial (ndpi/quic_frags_ch_out_of_order_same_packet_craziness.pcapng);
// 64 leaves room for stranger clients while keeping the result at ~1.6 KB.
constexpr size_t kMaxCryptoFrames = 64;

struct CryptoFrameRef {
    uint64_t offset = 0;      // position in the CRYPTO stream
    size_t data_offset = 0;   // where the data starts inside the plaintext
    size_t length = 0;
};

struct FrameScan {
    ParseStatus status = ParseStatus::Ok;
    const char *error = ""; // static string, never null
    size_t stop_offset = 0; // where the walk ended (== payload length on success)
    uint64_t unsupported_type = 0;

    CryptoFrameRef crypto[kMaxCryptoFrames] = {};
    size_t crypto_count = 0;  // recorded in `crypto`
    size_t crypto_total = 0;  // seen (>= crypto_count)
    bool crypto_overflow = false;

    size_t padding_bytes = 0;
    size_t ping_count = 0;
    size_t ack_count = 0;
    bool ack_ecn = false;
    bool connection_close = false;
    bool app_close_in_initial = false; // 0x1d: forbidden in Initial (RFC 9000 §10.2.3)
    uint64_t close_error_code = 0;
};
static_assert(std::is_trivially_copyable_v<FrameScan>, "FrameScan must live in wmem memory");

enum class FrameDialect : uint8_t { Ietf, Gquic };
// Gquic for T050/T051 (VersionFamily::GquicTls) and Q050 (GquicCryptoInitial), Ietf otherwise.
FrameDialect frame_dialect(uint32_t version);

// Walk every frame of a decrypted Initial payload.
FrameScan scan_initial_frames(const uint8_t *payload, size_t len,
                              FrameDialect dialect = FrameDialect::Ietf);

} // namespace huntpack::quic
