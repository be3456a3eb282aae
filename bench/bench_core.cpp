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

// RFC 9001 A.2: the protected client Initial (1200 bytes, DCID 8394c8f03e515708).
const char kRfc9001ClientInitial[] =
    "c000000001088394c8f03e5157080000449e7b9aec34d1b1c98dd7689fb8ec11"
    "d242b123dc9bd8bab936b47d92ec356c0bab7df5976d27cd449f63300099f399"
    "1c260ec4c60d17b31f8429157bb35a1282a643a8d2262cad67500cadb8e7378c"
    "8eb7539ec4d4905fed1bee1fc8aafba17c750e2c7ace01e6005f80fcb7df6212"
    "30c83711b39343fa028cea7f7fb5ff89eac2308249a02252155e2347b63d58c5"
    "457afd84d05dfffdb20392844ae812154682e9cf012f9021a6f0be17ddd0c208"
    "4dce25ff9b06cde535d0f920a2db1bf362c23e596d11a4f5a6cf3948838a3aec"
    "4e15daf8500a6ef69ec4e3feb6b1d98e610ac8b7ec3faf6ad760b7bad1db4ba3"
    "485e8a94dc250ae3fdb41ed15fb6a8e5eba0fc3dd60bc8e30c5c4287e53805db"
    "059ae0648db2f64264ed5e39be2e20d82df566da8dd5998ccabdae053060ae6c"
    "7b4378e846d29f37ed7b4ea9ec5d82e7961b7f25a9323851f681d582363aa5f8"
    "9937f5a67258bf63ad6f1a0b1d96dbd4faddfcefc5266ba6611722395c906556"
    "be52afe3f565636ad1b17d508b73d8743eeb524be22b3dcbc2c7468d54119c74"
    "68449a13d8e3b95811a198f3491de3e7fe942b330407abf82a4ed7c1b311663a"
    "c69890f4157015853d91e923037c227a33cdd5ec281ca3f79c44546b9d90ca00"
    "f064c99e3dd97911d39fe9c5d0b23a229a234cb36186c4819e8b9c5927726632"
    "291d6a418211cc2962e20fe47feb3edf330f2c603a9d48c0fcb5699dbfe58964"
    "25c5bac4aee82e57a85aaf4e2513e4f05796b07ba2ee47d80506f8d2c25e50fd"
    "14de71e6c418559302f939b0e1abd576f279c4b2e0feb85c1f28ff18f58891ff"
    "ef132eef2fa09346aee33c28eb130ff28f5b766953334113211996d20011a198"
    "e3fc433f9f2541010ae17c1bf202580f6047472fb36857fe843b19f5984009dd"
    "c324044e847a4f4a0ab34f719595de37252d6235365e9b84392b061085349d73"
    "203a4a13e96f5432ec0fd4a1ee65accdd5e3904df54c1da510b0ff20dcc0c77f"
    "cb2c0e0eb605cb0504db87632cf3d8b4dae6e705769d1de354270123cb11450e"
    "fc60ac47683d7b8d0f811365565fd98c4c8eb936bcab8d069fc33bd801b03ade"
    "a2e1fbc5aa463d08ca19896d2bf59a071b851e6c239052172f296bfb5e724047"
    "90a2181014f3b94a4e97d117b438130368cc39dbb2d198065ae3986547926cd2"
    "162f40a29f0c3c8745c0f50fba3852e566d44575c29d39a03f0cda721984b6f4"
    "40591f355e12d439ff150aab7613499dbd49adabc8676eef023b15b65bfc5ca0"
    "6948109f23f350db82123535eb8a7433bdabcb909271a6ecbcb58b936a88cd4e"
    "8f2e6ff5800175f113253d8fa9ca8885c2f552e657dc603f252e1a8e308f76f0"
    "be79e2fb8f5d5fbbe2e30ecadd220723c8c0aea8078cdfcb3868263ff8f09400"
    "54da48781893a7e49ad5aff4af300cd804a6b6279ab3ff3afb64491c85194aab"
    "760d58a606654f9f4400e8b38591356fbf6425aca26dc85244259ff2b19c41b9"
    "f96f3ca9ec1dde434da7d2d392b905ddf3d1f9af93d1af5950bd493f5aa731b4"
    "056df31bd267b6b90a079831aaf579be0a39013137aac6d404f518cfd4684064"
    "7e78bfe706ca4cf5e9c5453e9f7cfd2b8b4c8d169a44e55c88d4a9a7f9474241"
    "e221af44860018ab0856972e194cd934";

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
