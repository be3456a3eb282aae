// SPDX-License-Identifier: GPL-2.0-or-later
// bench_core: Google Benchmark microbenchmarks of heuristics/ hot paths (issue 8).
// Inputs are real bytes: the RFC 9001 Appendix A.2 client Initial, a Chrome ClientHello to
// www.google.com (FoxIO ja4 capture tls-sni.pcapng, frame 4; JA4 t13d1516h2_8daaf6152771_e5627efa2ab1),
// TLS application-data records cut into 1448-byte TCP segments, HTTP request/status/body lines.
// Every benchmark checks its result once before timing (a wrong answer aborts the run).
// TLS record scanning and HTTP line detection are in bench_records.cpp: tls_records.h and
// tls_client_hello.h both define huntpack::tls::kRecordHeaderLen, so they cannot share a TU.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "ja4.h"
#include "quic_initial.h"
#include "quicfp.h"
#include "tls_client_hello.h"
#include "trait_dns_random.h"
#include "trait_ip_literal.h"
#include "trait_magic.h"

using namespace huntpack;

namespace {

std::vector<uint8_t> hex(const char *s)
{
    std::vector<uint8_t> v;
    for (size_t i = 0; s[i] && s[i + 1]; i += 2) {
        unsigned b = 0;
        std::sscanf(s + i, "%2x", &b);
        v.push_back(static_cast<uint8_t>(b));
    }
    return v;
}

void require(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "bench_core: self-check failed: %s\n", what);
        std::exit(1);
    }
}

#include "../tests/unit/rfc9001_vectors.h" // kRfc9001ClientInitial

// Chrome's ClientHello handshake message (type 1 onwards) to www.google.com.
const char kChromeClientHello[] =
    "010001fc0303b835198f0de1029535c0c4b15bbfe999631be4f73a9f8fc68054"
    "2c114cf23cb020e53cc20e14428a7f2f4ae59b8bace22f9d7d525eaf4d034049"
    "1045f4ddf3fc870020baba130113021303c02bc02fc02cc030cca9cca8c013c0"
    "14009c009d002f0035010001934a4a0000001b000302000200170000ff010001"
    "000010000e000c02683208687474702f312e31000d0012001004030804040105"
    "030805050108060601002b000706aaaa03040303000500050100000000002300"
    "000033002b0029dada000100001d00204e57111819b585c50d550375b9680ba1"
    "64c0b739871a4ed3c1c100391fa1893200000013001100000e7777772e676f6f"
    "676c652e636f6d00120000000b00020100000a000a0008dada001d0017001844"
    "6900050003026832002d000201015a5a000100001500c9000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000"
    ;
const char kChromeJa4[] = "t13d1516h2_8daaf6152771_e5627efa2ab1";

// ---- QUIC Initial --------------------------------------------------------------------------
const std::vector<uint8_t> &rfc_initial()
{
    static const std::vector<uint8_t> v = hex(kRfc9001ClientInitial);
    return v;
}

void BM_QuicInitialFeed(benchmark::State &state)
{
    // The whole per-connection path: fresh Connection, keys derived from the DCID, header
    // protection removed, AES-GCM decrypt, frames scanned, CRYPTO reassembled (complete).
    const std::vector<uint8_t> &d = rfc_initial();
    require(quicfp::is_ietf_initial(d.data(), d.size()), "is_ietf_initial");
    auto *c = new quicfp::Connection();
    {
        uint32_t ver = 0;
        require(quicfp::feed_client_datagram(*c, d.data(), d.size(), &ver) == quicfp::Feed::Complete && ver == 1,
                "feed_client_datagram completes the A.2 ClientHello");
    }
    for (auto _ : state) {
        *c = quicfp::Connection();
        uint32_t ver = 0;
        benchmark::DoNotOptimize(quicfp::feed_client_datagram(*c, d.data(), d.size(), &ver));
    }
    delete c;
    state.SetItemsProcessed(state.iterations());
    state.SetLabel("items = Initials (target >= 100k/s/core)");
}
BENCHMARK(BM_QuicInitialFeed);

void BM_QuicInitialFingerprint(benchmark::State &state)
{
    // What the glue does per QUIC connection: feed + from_client_hello (parse, SNI, ALPN, JA4).
    const std::vector<uint8_t> &d = rfc_initial();
    auto *c = new quicfp::Connection();
    for (auto _ : state) {
        *c = quicfp::Connection();
        uint32_t ver = 0;
        if (quicfp::feed_client_datagram(*c, d.data(), d.size(), &ver) == quicfp::Feed::Complete)
            benchmark::DoNotOptimize(quicfp::from_client_hello(c->crypto.message(), c->crypto.message_len(), true, ver));
    }
    delete c;
    state.SetItemsProcessed(state.iterations());
    state.SetLabel("items = Initials");
}
BENCHMARK(BM_QuicInitialFingerprint);

void BM_QuicDeriveKeys(benchmark::State &state)
{
    const uint8_t dcid[] = {0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08};
    for (auto _ : state)
        benchmark::DoNotOptimize(quic::derive_initial_keys(1, dcid, sizeof dcid, quic::Sender::Client));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_QuicDeriveKeys);

void BM_QuicIsIetfInitial(benchmark::State &state)
{
    // Cost on every UDP datagram (the quick test before any decryption).
    const std::vector<uint8_t> &d = rfc_initial();
    for (auto _ : state)
        benchmark::DoNotOptimize(quicfp::is_ietf_initial(d.data(), d.size()));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_QuicIsIetfInitial);

// ---- ClientHello + JA4 ---------------------------------------------------------------------
const std::vector<uint8_t> &chrome_hello()
{
    static const std::vector<uint8_t> v = hex(kChromeClientHello);
    return v;
}

void BM_ParseClientHello(benchmark::State &state)
{
    const std::vector<uint8_t> &m = chrome_hello();
    const tls::ClientHello ch = tls::parse_client_hello(ByteView(m.data(), m.size()));
    require(ch.status == ParseStatus::Ok && ch.sni == "www.google.com", "parse_client_hello: Chrome, SNI");
    for (auto _ : state)
        benchmark::DoNotOptimize(tls::parse_client_hello(ByteView(m.data(), m.size())));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseClientHello);

void BM_ComputeJa4(benchmark::State &state)
{
    const std::vector<uint8_t> &m = chrome_hello();
    const tls::ClientHello ch = tls::parse_client_hello(ByteView(m.data(), m.size()));
    require(tls::compute_ja4(ch, tls::Ja4Transport::Tcp).ja4 == kChromeJa4, "compute_ja4 matches FoxIO's snapshot");
    for (auto _ : state)
        benchmark::DoNotOptimize(tls::compute_ja4(ch, tls::Ja4Transport::Tcp));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ComputeJa4);

void BM_FromTlsRecords(benchmark::State &state)
{
    // The TCP path of quicfp: record bytes -> extract -> parse -> JA4 (all four forms).
    const std::vector<uint8_t> &m = chrome_hello();
    std::vector<uint8_t> rec = {22, 3, 1, static_cast<uint8_t>(m.size() >> 8), static_cast<uint8_t>(m.size())};
    rec.insert(rec.end(), m.begin(), m.end());
    require(quicfp::from_tls_records(rec.data(), rec.size()).ja4 == kChromeJa4, "from_tls_records JA4");
    for (auto _ : state)
        benchmark::DoNotOptimize(quicfp::from_tls_records(rec.data(), rec.size()));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FromTlsRecords);

// ---- trait checks --------------------------------------------------------------------------
void BM_ClassifyHostHeader(benchmark::State &state)
{
    const char *in[] = {"www.example.com", "10.0.0.5:8080", "[fe80::1]:443", "0x7f.1"};
    const std::string_view h = in[state.range(0)];
    if (state.range(0) == 1)
        require(traits::classify_host_header(h).fired, "classify_host_header: IP literal fires");
    for (auto _ : state)
        benchmark::DoNotOptimize(traits::classify_host_header(h));
    state.SetItemsProcessed(state.iterations());
    state.SetLabel(in[state.range(0)]);
}
BENCHMARK(BM_ClassifyHostHeader)->DenseRange(0, 3);

const traits::DnsRandomModel &dns_model()
{
    static traits::DnsRandomModel *m = [] {
        auto *mm = new traits::DnsRandomModel;
        std::string err;
        require(mm->load_benign_file(std::string(HUNTPACK_DATA_DIR) + "/benign_random_families.tsv", &err),
                "benign_random_families.tsv loads");
        return mm;
    }();
    return *m;
}

void BM_ScoreDnsName(benchmark::State &state)
{
    struct In {
        const char *name;
        traits::DnsNameRole role;
    };
    const In in[] = {{"www.wikipedia.org", traits::DnsNameRole::Query},
                     {"lhr25s34-in-f14.1e100.net", traits::DnsNameRole::PtrAnswer},
                     {"x7kq2mz9vpl3.info", traits::DnsNameRole::Query},
                     {"14.34.250.142.in-addr.arpa", traits::DnsNameRole::Query}};
    const In &i = in[state.range(0)];
    const traits::DnsRandomModel &m = dns_model();
    if (state.range(0) == 1)
        require(traits::score_dns_name(m, i.name, i.role).benign_owner == "Google", "1e100.net is Google");
    for (auto _ : state)
        benchmark::DoNotOptimize(traits::score_dns_name(m, i.name, i.role));
    state.SetItemsProcessed(state.iterations());
    state.SetLabel(i.name);
}
BENCHMARK(BM_ScoreDnsName)->DenseRange(0, 3);

void BM_SniffMagic(benchmark::State &state)
{
    std::vector<uint8_t> pe(512, 0);
    pe[0] = 'M';
    pe[1] = 'Z';
    pe[0x3c] = 0x80;
    pe[0x80] = 'P';
    pe[0x81] = 'E';
    const std::string html = "<!DOCTYPE html><html><head><title>x</title></head><body>";
    const std::string js = "(function(){var a=document.querySelectorAll('a');})();";
    const std::vector<uint8_t> inputs[] = {pe, std::vector<uint8_t>(html.begin(), html.end()),
                                           std::vector<uint8_t>(js.begin(), js.end())};
    const char *names[] = {"PE", "html", "js (unknown)"};
    const std::vector<uint8_t> &d = inputs[state.range(0)];
    if (state.range(0) == 0)
        require(traits::sniff_magic(d.data(), d.size()).executable, "sniff_magic: PE is executable");
    for (auto _ : state)
        benchmark::DoNotOptimize(traits::sniff_magic(d.data(), d.size()));
    state.SetItemsProcessed(state.iterations());
    state.SetLabel(names[state.range(0)]);
}
BENCHMARK(BM_SniffMagic)->DenseRange(0, 2);

} // namespace

int main(int argc, char **argv)
{
    if (!quic::crypto_init()) {
        std::fprintf(stderr, "bench_core: libgcrypt initialisation failed\n");
        return 1;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
