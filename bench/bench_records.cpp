// SPDX-License-Identifier: GPL-2.0-or-later
// bench_records: TLS record scanning and HTTP/cleartext line detection microbenchmarks (linked
// into bench_core; separate TU because tls_records.h and tls_client_hello.h clash on
// huntpack::tls::kRecordHeaderLen).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app_content.h"
#include "tls_records.h"

using namespace huntpack;

namespace {

void require(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "bench_core: self-check failed: %s\n", what);
        std::exit(1);
    }
}

// ---- TLS record scanning -------------------------------------------------------------------
// A server's response: application-data records of 16 KiB + 17 (TLS 1.3 overhead) and two short
// records, cut into MSS-sized TCP payloads as they arrive in frames.
struct TlsStream {
    std::vector<uint8_t> bytes;
    std::vector<std::pair<size_t, size_t>> segs; // offset, length
    TlsStream()
    {
        const size_t recs[] = {16401, 16401, 16401, 4000, 300};
        uint32_t x = 12345;
        for (size_t r : recs) {
            bytes.push_back(23);
            bytes.push_back(3);
            bytes.push_back(3);
            bytes.push_back(static_cast<uint8_t>(r >> 8));
            bytes.push_back(static_cast<uint8_t>(r));
            for (size_t i = 0; i < r; i++) {
                x = x * 1103515245u + 12345u;
                bytes.push_back(static_cast<uint8_t>(x >> 16));
            }
        }
        for (size_t o = 0; o < bytes.size(); o += 1448)
            segs.emplace_back(o, std::min<size_t>(1448, bytes.size() - o));
    }
};
const TlsStream &tls_stream()
{
    static const TlsStream s;
    return s;
}

void BM_TlsRecordTrackerFeed(benchmark::State &state)
{
    const TlsStream &s = tls_stream();
    {
        tls::RecordTracker t;
        uint32_t hdrs = 0;
        bool all_ok = true;
        for (auto [o, n] : s.segs) {
            const tls::RecordScan r = t.feed(1000 + static_cast<uint32_t>(o), s.bytes.data() + o, n);
            all_ok = all_ok && r.ok;
            hdrs += r.records;
        }
        if (!all_ok || hdrs != 5)
            std::fprintf(stderr, "bench_core: note: RecordTracker saw %u headers (all ok: %d)\n", hdrs, all_ok);
    }
    for (auto _ : state) {
        tls::RecordTracker t;
        for (auto [o, n] : s.segs)
            benchmark::DoNotOptimize(t.feed(1000 + static_cast<uint32_t>(o), s.bytes.data() + o, n));
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * s.segs.size()));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * s.bytes.size()));
    state.SetLabel("items = TCP segments");
}
BENCHMARK(BM_TlsRecordTrackerFeed);

void BM_TlsScanRecords(benchmark::State &state)
{
    // One frame holding several small records.
    std::vector<uint8_t> p;
    const size_t recs[] = {6, 90, 250, 53, 200, 200, 400};
    for (size_t r : recs) {
        const uint8_t h[5] = {23, 3, 3, static_cast<uint8_t>(r >> 8), static_cast<uint8_t>(r)};
        p.insert(p.end(), h, h + 5);
        p.insert(p.end(), r, 0x5a);
    }
    require(tls::scan_records(p.data(), p.size()).records == 7, "scan_records: 7 records");
    for (auto _ : state)
        benchmark::DoNotOptimize(tls::scan_records(p.data(), p.size()));
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * p.size()));
}
BENCHMARK(BM_TlsScanRecords);

void BM_TlsFindRecordChain(benchmark::State &state)
{
    // A segment that starts inside a record (flow captured mid-stream): the search case.
    const TlsStream &s = tls_stream();
    const auto [o, n] = s.segs[11];
    for (auto _ : state)
        benchmark::DoNotOptimize(tls::find_record_chain(s.bytes.data() + o, n));
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n));
}
BENCHMARK(BM_TlsFindRecordChain);

// ---- HTTP / cleartext line detection -------------------------------------------------------
const std::string kHttpRequest =
    "GET /static/app.js HTTP/1.1\r\nHost: example.com\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; "
    "rv:128.0) Gecko/20100101 Firefox/128.0\r\nAccept: */*\r\n\r\n";
const std::string kHttpStatus = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\n"
                                "Content-Length: 8000\r\n\r\n<!DOCTYPE html>";

void BM_DetectCleartext(benchmark::State &state)
{
    std::string body;
    while (body.size() < 1448)
        body += "<p>Hello, this is a paragraph of an HTML body.</p>\n";
    body.resize(1448);
    std::string binary(1448, '\0');
    uint32_t x = 7;
    for (char &c : binary) {
        x = x * 1103515245u + 12345u;
        c = static_cast<char>(x >> 16);
    }
    const std::string *inputs[] = {&kHttpRequest, &kHttpStatus, &body, &binary};
    const char *names[] = {"request", "status", "html body (1448 B)", "binary (1448 B)"};
    const std::string &in = *inputs[state.range(0)];
    const auto *p = reinterpret_cast<const uint8_t *>(in.data());
    if (state.range(0) < 2)
        require(content::detect_cleartext(p, in.size()).app == content::App::Http, "detect_cleartext: HTTP line");
    for (auto _ : state)
        benchmark::DoNotOptimize(content::detect_cleartext(p, in.size()));
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
    state.SetLabel(names[state.range(0)]);
}
BENCHMARK(BM_DetectCleartext)->DenseRange(0, 3);

} // namespace
