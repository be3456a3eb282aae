// SPDX-License-Identifier: GPL-2.0-or-later
// tls::parse_client_hello + compute_ja4 (all transports) + the accessors, on a handshake
// message (type + u24 length + body), and quicfp::from_client_hello on the same bytes.
#include "fuzz_common.h"
#include "ja4.h"
#include "quicfp.h"
#include "tls_client_hello.h"
using namespace huntpack;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const tls::ClientHello ch = tls::parse_client_hello(ByteView(data, size));
    for (const tls::ExtensionRef &e : ch.extensions)
        HP_CHECK(size_t{e.offset} + e.length <= size);
    for (const tls::TransportParam &tp : ch.quic_transport_params)
        HP_CHECK(size_t{tp.offset} + tp.value.size() <= size);
    HP_CHECK(ch.sni.size() <= size);
    hp_use(ch.max_version());
    hp_use(ch.google_user_agent());
    hp_use(ch.max_idle_timeout());
    hp_use(ch.initial_max_data());
    hp_use(ch.max_udp_payload_size());
    hp_use(ch.initial_max_streams_bidi());
    hp_use(ch.has_extension(tls::kExtAlpn));
    if (ch.status == ParseStatus::Ok) {
        for (tls::Ja4Transport t : {tls::Ja4Transport::Tcp, tls::Ja4Transport::Quic,
                                    tls::Ja4Transport::Dtls}) {
            const tls::Ja4 j = tls::compute_ja4(ch, t);
            HP_CHECK(j.ja4.size() < 64); // a_b_c: 10 + 1 + 12 + 1 + 12
            hp_use(j);
        }
        if (!ch.alpn.empty())
            hp_use(tls::ja4_alpn_code(ch.alpn[0]));
    }
    const quicfp::Fingerprint fp = quicfp::from_client_hello(data, size, size & 1, 1);
    hp_use(fp);
    return 0;
}
