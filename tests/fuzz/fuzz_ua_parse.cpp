// SPDX-License-Identifier: GPL-2.0-or-later
// ua::UaParser::parse on a user agent (HTTP User-Agent, gQUIC UAID, QUIC TP 0x3129: attacker
// controlled) against uap-core's regexes.yaml, loaded and compiled once (as the plugin does; a
// per-input load would spend every execution in the YAML reader and regex compiler).
// Regex blow-ups show as slow units / timeouts. Also the UAID rewrite path the plugin takes.
#include "fuzz_common.h"
#include "ua_parser.h"
using namespace huntpack;

#ifndef HUNTPACK_UAP_REGEXES
#define HUNTPACK_UAP_REGEXES "/usr/share/uap-core/regexes.yaml"
#endif

static ua::UaParser *g_ua;

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    g_ua = new ua::UaParser;
    std::string err;
    if (!g_ua->load(HUNTPACK_UAP_REGEXES, &err)) {
        std::fprintf(stderr, "cannot load %s: %s\n", HUNTPACK_UAP_REGEXES, err.c_str());
        std::abort();
    }
    err.clear();
    const size_t failed = g_ua->compile_all(&err);
    if (failed)
        std::fprintf(stderr, "%zu uap-core regexes did not compile: %s\n", failed, err.c_str());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    // The parser caps input at kMaxUaBytes; longer inputs only exercise the cap.
    if (size > ua::kMaxUaBytes + 64)
        return -1; // reject: keeps libFuzzer's corpus to inputs that reach the regexes
    const std::string_view s(reinterpret_cast<const char *>(data), size);
    const ua::Result r = g_ua->parse(s);
    HP_CHECK(!r.browser.empty() && !r.os.empty() && !r.device.empty());
    HP_CHECK(r.truncated == (size > ua::kMaxUaBytes));
    HP_CHECK(g_ua->cache_size() <= ua::kCacheCapacity);
    std::string channel;
    const std::string rewritten = ua::chrome_quic_uaid_to_ua(s, &channel);
    if (!rewritten.empty()) {
        const ua::Result r2 = g_ua->parse(rewritten);
        HP_CHECK(!r2.browser.empty());
    }
    return 0;
}
