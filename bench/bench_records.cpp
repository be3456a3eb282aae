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
#include "http_message.h"
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

// A browser's request head and a CDN's response head, the size and header count of ordinary
// browsing (13 and 14 header lines), through http::parse_head as soctrait and tcplabel read them.
const std::string kBrowserRequest =
    "GET /assets/js/vendor.min.js?v=20261204 HTTP/1.1\r\nHost: static.example-cdn.com\r\n"
    "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36\r\nAccept: */*\r\nAccept-Language: en-US,en;q=0.9\r\n"
    "Accept-Encoding: gzip, deflate\r\nReferer: http://www.example.com/news/today.html\r\n"
    "Connection: keep-alive\r\nCookie: session=3f2a9c0d1e; theme=dark; consent=yes\r\n"
    "Sec-Fetch-Dest: script\r\nSec-Fetch-Mode: no-cors\r\nSec-Fetch-Site: cross-site\r\n"
    "Pragma: no-cache\r\nCache-Control: no-cache\r\n\r\n";
const std::string kCdnResponse =
    "HTTP/1.1 200 OK\r\nServer: ECAcc (lhd/35A3)\r\nDate: Sat, 05 Dec 2026 01:00:00 GMT\r\n"
    "Content-Type: application/javascript; charset=utf-8\r\nContent-Length: 48213\r\n"
    "Connection: keep-alive\r\nCache-Control: public, max-age=31536000\r\n"
    "Last-Modified: Fri, 04 Dec 2026 10:11:12 GMT\r\nETag: \"5f3e-61a2b3c4d5e6f\"\r\n"
    "Accept-Ranges: bytes\r\nVary: Accept-Encoding\r\nX-Cache: HIT\r\nAge: 5231\r\n"
    "Via: 1.1 varnish\r\n\r\n(function(){";

void BM_ParseHead(benchmark::State &state)
{
    const std::string &in = state.range(0) == 0 ? kBrowserRequest : kCdnResponse;
    http::Head h;
    require(http::parse_head(in, h) == ParseStatus::Ok && h.headers.size() >= 13,
            "parse_head: complete head with its headers");
    for (auto _ : state) {
        benchmark::DoNotOptimize(http::parse_head(in, h));
        benchmark::DoNotOptimize(h.headers.data());
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * h.head_len));
    state.SetLabel(state.range(0) == 0 ? "browser request" : "CDN response");
}
BENCHMARK(BM_ParseHead)->DenseRange(0, 1);

} // namespace
