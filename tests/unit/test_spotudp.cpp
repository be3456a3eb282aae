// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the SpotUdp parser: the real 44- and 40-byte layouts, truncation at every field
// boundary, and hostile extension lengths.
#include "cmocka_cxx.h"
#include "spotudp.h"

#include <vector>

namespace sp = huntpack::spotudp;
using huntpack::ParseStatus;

// ndpi/android.pcap frame 27 (UDP 57621 → 57621 broadcast), the 44-byte payload:
//   "SpotUdp0" | dc1574282e52624c | 0001 | 0004 | 4895c203 | 20-byte digest
static const std::vector<uint8_t> kAndroid = {
    0x53, 0x70, 0x6f, 0x74, 0x55, 0x64, 0x70, 0x30, 0xdc, 0x15, 0x74, 0x28, 0x2e, 0x52, 0x62,
    0x4c, 0x00, 0x01, 0x00, 0x04, 0x48, 0x95, 0xc2, 0x03, 0xa2, 0x41, 0xde, 0x20, 0x89, 0xb9,
    0x78, 0xd8, 0x20, 0x56, 0x4b, 0xd5, 0x0c, 0x91, 0xc0, 0xe8, 0xa3, 0xe6, 0x0a, 0x78};
// ndpi/telegram.pcap frame 113, the 40-byte payload: ext_len 0000, no extension.
static const std::vector<uint8_t> kTelegram = {
    0x53, 0x70, 0x6f, 0x74, 0x55, 0x64, 0x70, 0x30, 0xa5, 0x5a, 0xdb, 0x27, 0xbe, 0xdd, 0x97,
    0xcf, 0x00, 0x01, 0x00, 0x00, 0xb2, 0x24, 0x8a, 0xfc, 0x0f, 0xf3, 0x76, 0x67, 0xd5, 0x8e,
    0xee, 0xda, 0x42, 0x1c, 0xa8, 0x2b, 0xbc, 0x98, 0x5a, 0x06};

static void test_parse_android_44(void **) {
    const sp::Message m = sp::parse(kAndroid.data(), kAndroid.size());
    assert_int_equal(m.status, ParseStatus::Ok);
    assert_int_equal(m.magic.offset, 0);
    assert_int_equal(m.magic.length, 8);
    assert_int_equal(m.instance_id.offset, 8);
    assert_int_equal(m.version_value, 1);
    assert_int_equal(m.ext_len_value, 4);
    assert_int_equal(m.ext.offset, 20);
    assert_int_equal(m.ext.length, 4);
    assert_int_equal(m.digest.offset, 24);
    assert_int_equal(m.digest.length, 20);
    assert_int_equal(m.trailing.length, 0);
}

static void test_parse_telegram_40(void **) {
    const sp::Message m = sp::parse(kTelegram.data(), kTelegram.size());
    assert_int_equal(m.status, ParseStatus::Ok);
    assert_int_equal(m.ext_len_value, 0);
    assert_int_equal(m.ext.length, 0);
    assert_int_equal(m.digest.offset, 20);
    assert_int_equal(m.digest.length, 20);
}

// Every prefix shorter than the full message is Truncated (magic complete) or Malformed
// (magic incomplete), and never claims a field beyond the prefix.
static void test_parse_truncated_every_boundary(void **) {
    for (size_t n = 0; n < kAndroid.size(); ++n) {
        const sp::Message m = sp::parse(kAndroid.data(), n);
        if (n < sp::kMagicLen) {
            assert_int_equal(m.status, ParseStatus::Malformed);
            continue;
        }
        assert_int_equal(m.status, ParseStatus::Truncated);
        for (const sp::Field *f : {&m.magic, &m.instance_id, &m.version, &m.ext_len, &m.ext, &m.digest})
            assert_true(size_t{f->offset} + f->length <= n);
    }
}

static void test_parse_trailing_bytes(void **) {
    std::vector<uint8_t> b = kTelegram;
    b.insert(b.end(), {0xde, 0xad});
    const sp::Message m = sp::parse(b.data(), b.size());
    assert_int_equal(m.status, ParseStatus::Ok);
    assert_int_equal(m.trailing.offset, 40);
    assert_int_equal(m.trailing.length, 2);
}

static void test_parse_hostile_ext_len(void **) {
    std::vector<uint8_t> b = kAndroid;
    b[18] = 0xff; // ext_len = 0xff04: far beyond kMaxExtLen
    const sp::Message m = sp::parse(b.data(), b.size());
    assert_int_equal(m.status, ParseStatus::Malformed);
    assert_int_equal(m.ext.length, 0);
    b[18] = 0x00;
    b[19] = 0x30; // ext_len 48 (≤ limit) but only 24 bytes follow: truncated, not an overread
    const sp::Message t = sp::parse(b.data(), b.size());
    assert_int_equal(t.status, ParseStatus::Truncated);
    assert_int_equal(t.ext.length, 0);
}

static void test_has_magic_negatives(void **) {
    const uint8_t wrong[] = {'S', 'p', 'o', 't', 'U', 'd', 'p', '1', 0, 0};
    assert_false(sp::has_magic(wrong, sizeof wrong));
    assert_false(sp::has_magic(kAndroid.data(), 7));
    assert_false(sp::has_magic(nullptr, 44));
    assert_true(sp::has_magic(kAndroid.data(), 8));
    assert_int_equal(sp::parse(nullptr, 0).status, ParseStatus::Malformed);
}

static void test_parse_oversized_span(void **) {
    std::vector<uint8_t> big(70000, 0);
    std::copy(kAndroid.begin(), kAndroid.end(), big.begin());
    assert_int_equal(sp::parse(big.data(), big.size()).status, ParseStatus::Malformed);
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_android_44),
        cmocka_unit_test(test_parse_telegram_40),
        cmocka_unit_test(test_parse_truncated_every_boundary),
        cmocka_unit_test(test_parse_trailing_bytes),
        cmocka_unit_test(test_parse_hostile_ext_len),
        cmocka_unit_test(test_has_magic_negatives),
        cmocka_unit_test(test_parse_oversized_span),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
