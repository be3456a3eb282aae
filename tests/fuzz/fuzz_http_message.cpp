// SPDX-License-Identifier: GPL-2.0-or-later
// http::parse_head, body_extent, body_prefix (three caps) and MessageIterator on an arbitrary
// TCP PDU / SSDP datagram. Invariants (http_message.h): every view lies inside the input,
// head_len and body lengths stay within it, decoded output never exceeds cap, an identity body
// decoded with a smaller cap is a prefix of the larger decode, the iterator makes progress,
// its messages are contiguous, and it yields at most kMaxMessages.
#include "http_message.h"
#include "fuzz_common.h"

#include <algorithm>
#include <string_view>

using namespace huntpack;

namespace {

bool inside(std::string_view in, std::string_view v) {
    if (v.empty())
        return v.data() == nullptr || (v.data() >= in.data() && v.data() <= in.data() + in.size());
    return v.data() >= in.data() && v.data() + v.size() <= in.data() + in.size();
}

void check_head(std::string_view in, const http::Head &h, ParseStatus st) {
    HP_CHECK(h.head_len <= in.size());
    HP_CHECK(h.headers.size() <= http::kMaxHeaders);
    HP_CHECK(st == ParseStatus::Unsupported || h.kind != http::Kind::None);
    HP_CHECK(st == ParseStatus::Unsupported || h.head_len >= 1);
    HP_CHECK(!h.aborted || st == ParseStatus::Truncated);
    for (const std::string_view v : {h.start_line, h.method, h.uri, h.version, h.reason})
        HP_CHECK(inside(in, v));
    for (const http::Header &x : h.headers) {
        HP_CHECK(inside(in, x.line) && inside(in, x.name) && inside(in, x.value));
        HP_CHECK(x.name.data() == x.line.data());
        HP_CHECK(x.value.data() + x.value.size() <= x.line.data() + x.line.size());
        HP_CHECK(x.valid_name || x.field == http::Field::Unknown);
        if (st == ParseStatus::Ok)
            HP_CHECK(x.line.data() + x.line.size() <= in.data() + h.head_len);
        hp_use(h.is_unknown_header(x));
        hp_use(http::field_abbrev(x.field));
    }
    hp_use(h.get("Host"));
    hp_use(h.find(http::Field::ContentType));
}

void check_body(const http::Head &h, std::string_view after, size_t cap, ParseStatus st,
                const http::BodyPrefix &b) {
    const http::BodyExtent e = http::body_extent(h, after);
    HP_CHECK(e.length <= after.size());
    HP_CHECK(b.consumed <= after.size());
    HP_CHECK(b.data.size() <= cap && b.data.size() <= http::kMaxBodyCap);
    HP_CHECK(b.file_data || b.data.empty());
    HP_CHECK(!b.file_data || st != ParseStatus::Unsupported);
    HP_CHECK(b.framing == e.framing);
    HP_CHECK(b.consumed == e.length);
    HP_CHECK(!e.aborted || !b.file_data);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string_view in(reinterpret_cast<const char *>(data), size);

    // The breakdown's HTTP rule on the same bytes (a start line there always claims them).
    const bool claims = http::claims_unseen_payload(in);
    http::Head h;
    const ParseStatus hs = http::parse_head(in, h);
    HP_CHECK(claims || h.kind == http::Kind::None);
    check_head(in, h, hs);
    if (hs != ParseStatus::Unsupported) {
        const std::string_view after = in.substr(h.head_len);
        http::BodyPrefix big, small;
        const ParseStatus bs = http::body_prefix(h, after, 512, big);
        check_body(h, after, 512, bs, big);
        const size_t cap = size % 61;
        const ParseStatus ss = http::body_prefix(h, after, cap, small);
        check_body(h, after, cap, ss, small);
        if (big.coding == http::Coding::Identity && big.file_data) {
            HP_CHECK(small.file_data);
            HP_CHECK(big.data.compare(0, small.data.size(), small.data) == 0);
            HP_CHECK(small.data.size() == std::min(cap, big.data.size()));
        }
        if (size & 1) { // past tvb_uncompress's first 32 KiB output pass
            http::BodyPrefix huge;
            const ParseStatus us = http::body_prefix(h, after, 40000, huge);
            check_body(h, after, 40000, us, huge);
        }
    }

    http::MessageIterator it(in);
    http::Message m;
    size_t expect = 0, n = 0;
    while (it.next(m)) {
        ++n;
        HP_CHECK(n <= http::kMaxMessages);
        HP_CHECK(m.offset == expect);
        HP_CHECK(m.length() >= 1);
        HP_CHECK(m.offset + m.length() <= in.size());
        HP_CHECK(m.head_status != ParseStatus::Unsupported);
        const std::string_view rest = in.substr(m.offset);
        check_head(rest, m.head, m.head_status);
        HP_CHECK(inside(in, m.body_bytes));
        HP_CHECK(m.body_bytes.size() == m.body.length);
        HP_CHECK(m.body_bytes.empty() || m.body_bytes.data() == rest.data() + m.head.head_len);
        expect = m.offset + m.length();
        HP_CHECK(it.offset() == expect);
    }
    HP_CHECK(it.count() == n);
    return 0;
}
