// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for ByteView: sticky failure, varints (RFC 9000 §16 / Appendix A.1 examples), vectors.
#include "cmocka_cxx.h"
#include "byteview.h"

using huntpack::ByteView;

static void test_read_be_ints(void **) {
    const uint8_t b[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a};
    ByteView r(b, sizeof b);
    assert_int_equal(r.read_u8(), 0x01);
    assert_int_equal(r.read_u16(), 0x0203);
    assert_int_equal(r.read_u24(), 0x040506);
    assert_int_equal(r.read_u32(), 0x0708090a);
    assert_true(r.done());
}

static void test_read_sticky_failure(void **) {
    const uint8_t b[] = {0xaa, 0xbb, 0xcc};
    ByteView r(b, sizeof b);
    assert_int_equal(r.read_u32(), 0); // needs 4, has 3
    assert_true(r.failed());
    assert_int_equal(r.read_u8(), 0); // stays failed though a byte remains
    assert_int_equal(r.remaining(), 0);
}

static void test_read_varint_rfc9000_examples(void **) {
    // RFC 9000 Appendix A.1: the sample encodings.
    const uint8_t v8[] = {0xc2, 0x19, 0x7c, 0x5e, 0xff, 0x14, 0xe8, 0x8c};
    const uint8_t v4[] = {0x9d, 0x7f, 0x3e, 0x7d};
    const uint8_t v2[] = {0x7b, 0xbd};
    const uint8_t v1[] = {0x25};
    ByteView a(v8, 8), b(v4, 4), c(v2, 2), d(v1, 1);
    assert_true(a.read_varint() == 151288809941952652ULL);
    assert_int_equal(b.read_varint(), 494878333);
    assert_int_equal(c.read_varint(), 15293);
    assert_int_equal(d.read_varint(), 37);
    const uint8_t trunc[] = {0x9d, 0x7f};
    ByteView t(trunc, 2);
    t.read_varint();
    assert_true(t.failed());
}

static void test_vector_bounds(void **) {
    const uint8_t b[] = {0x00, 0x02, 0xaa, 0xbb, 0x00, 0x05, 0x01};
    ByteView r(b, sizeof b);
    ByteView v = r.vector(2);
    assert_true(v.ok());
    assert_int_equal(v.remaining(), 2);
    ByteView w = r.vector(2); // declares 5, only 1 left
    assert_true(w.failed());
    assert_true(r.failed());
    ByteView r2(b, sizeof b);
    ByteView x = r2.vector(2, 3, 10); // declared 2 is below minimum 3
    assert_true(x.failed());
}

static void test_null_and_empty(void **) {
    ByteView r(nullptr, 10);
    assert_int_equal(r.remaining(), 0);
    r.read_u8();
    assert_true(r.failed());
    ByteView e;
    assert_true(e.done());
}

// bytes_equal: the lengths it handles in registers (4, 16) and the rest through memcmp, equal
// and different at every position, unaligned.
static void test_bytes_equal(void **)
{
    uint8_t a[40], b[40];
    for (size_t i = 0; i < sizeof a; i++)
        a[i] = b[i] = static_cast<uint8_t>(i * 7 + 1);
    for (size_t n = 0; n <= 20; n++) {
        for (size_t off = 0; off < 3; off++) {
            assert_true(huntpack::bytes_equal(a + off, b + off, n));
            for (size_t k = 0; k < n; k++) {
                b[off + k] ^= 0x80;
                assert_false(huntpack::bytes_equal(a + off, b + off, n));
                b[off + k] ^= 0x80;
            }
            if (n > 0) // a difference just past the compared bytes does not count
                b[off + n] ^= 1, assert_true(huntpack::bytes_equal(a + off, b + off, n)), b[off + n] ^= 1;
        }
    }
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_be_ints),
        cmocka_unit_test(test_bytes_equal),
        cmocka_unit_test(test_read_sticky_failure),
        cmocka_unit_test(test_read_varint_rfc9000_examples),
        cmocka_unit_test(test_vector_bounds),
        cmocka_unit_test(test_null_and_empty),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
