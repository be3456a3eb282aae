// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for gQUIC header and CHLO parsing: real CHLOs (Q039 public header, Q046 long header,
// Q050 after decryption), Q050 reported Unsupported, truncation at every byte, hostile tables.
//
// Expected UAID/SNI come from Wireshark 4.0's gquic/quic dissectors:
//   tshark -r F -T fields -e gquic.tag.uaid -e gquic.tag.sni -Y gquic.tag.uaid
// and tag counts/lists from -e gquic.tag_number -e gquic.tag_type -e gquic.tag_offset_end
// -e gquic.tag.version -e gquic.tag.aead -e gquic.tag.kexs -e gquic.tag.pdmd.
#include "cmocka_cxx.h"
#include "gquic.h"
#include "q050_vectors.h"
#include "quicfp.h"

#include <cstring>
#include <string>
#include <vector>

using huntpack::ByteView;
using huntpack::ParseStatus;
using namespace huntpack::gquic;

namespace {


ByteView view(const std::vector<uint8_t> &v, size_t n = SIZE_MAX) {
    return ByteView(v.data(), std::min(n, v.size()));
}

std::string tag_names(const Chlo &c) {
    std::string s;
    for (const ChloTag &t : c.tags)
        s += (s.empty() ? "" : ",") + tag_name(t.tag);
    return s;
}

// CHLO with three tags: SNI "a.b", VER "Q043", PAD (2 bytes). Little-endian counts/offsets.
std::vector<uint8_t> crafted_chlo() {
    return {'C', 'H', 'L', 'O', 3, 0, 0, 0,              // tag, 3 entries, padding
            'S', 'N', 'I', 0,   3, 0, 0, 0,              // SNI ends at 3
            'V', 'E', 'R', 0,   7, 0, 0, 0,              // VER ends at 7
            'P', 'A', 'D', 0,   9, 0, 0, 0,              // PAD ends at 9
            'a', '.', 'b', 'Q', '0', '4', '3', 0x2d, 0x2d};
}

} // namespace

// ndpi-corpus/quic_q39.pcap frame 1, UDP payload (public header, Q039):
// tshark -r quic_q39.pcap -Y frame.number==1 -T fields -e udp.payload
static const char kQ039Datagram[] =
    "0de71ad5d7756c4d4d5130333901699b9f009c99d068752a7e01a001040043484c4f1b00000050414400d4010000534e"
    "4900e101000053544b0017020000564552001b020000434353002b0200004e4f4e434b0200004d5350434f0200004145"
    "41445302000055414944800200005343494490020000544349449402000050444d4498020000534d484c9c0200004943"
    "534ca00200004354494da80200004e4f4e50c802000050554253e80200004d494453ec02000053434c53f00200004b45"
    "5853f4020000584c4354fc02000043534354fc020000434f5054fc020000434352541403000049525454180300004346"
    "43571c03000053464357200300002d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d732e796f75747562652e636f6d1e663d92ed4e638d30c4071fcb21c55800ae291bbd191e95db1749b3fd436560d1"
    "8082dbbe2e983f299d3b2b3c2e645286f7449854d25130333901e8816092921ae87eed8086a215829159f305f2303030"
    "30303030304e1b0caafa72a5abfee0ca333d7cad477e67119b6400000041455347636f6d2e676f6f676c652e616e6472"
    "6f69642e796f75747562652043726f6e65742f36332e302e333232332e3711b52435c73ad4cb6a8ec26b94e520160000"
    "000058353039010000001e000000f205f3590000000094855eb98d0b35b65c2c0233a0db0b7d9cd987f110b3e38d2b43"
    "51b6aaef09874f26382d00425bf88d26a525cf659de3ab44465873bdd102e35b9da1fee5371064000000010000004332"
    "353543c323138df881ef43c323138df881ef9a91ed6f1c00810e400b7b90a9ae79eb836a15000000f000000060000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000"
    ;

// ndpi/quic_q46.pcap frame 1, UDP payload (long header, Q046):
// tshark -r quic_q46.pcap -Y frame.number==1 -T fields -e udp.payload
static const char kQ046Datagram[] =
    "c35130343650eacfe6e706df272d0000000460da58929f6839d0860efc58a4010400040043484c4f1a00000050414400"
    "b6010000534e4900c501000053544b00fd010000534e4f0031020000564552003502000043435300450200004e4f4e43"
    "650200004145414469020000554149449402000053434944a402000054434944a802000050444d44ac020000534d484c"
    "b00200004943534cb40200004e4f4e50d402000050554253f40200004d494453f802000053434c53fc0200004b455853"
    "00030000584c4354080300004353435408030000434f50540c030000434352541c030000495254542003000043464357"
    "2403000053464357280300002d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d706c61792e676f6f676c652e636f6d4c5e5068944a6933684a92766f2570"
    "fe7da347f4978830146b14570b20e5687d77a18191be698b87951f9f057eaa43fcac12ea97a3f47158690860d7272a2e"
    "eea760f9d9c1c96240913498f82521f327d839831174815821e3ba64a1101b3be1396c6c19d9246d09348e835d513034"
    "3601e8816092921ae87eed8086a21582915cf619d1303030303030303020d56a5d1448a1930b3a731a0987572712e76f"
    "e4414553474368726f6d652f37342e302e333732392e31353720416e64726f696420382e302e303b20424e442d4c3231"
    "a99d8b89310f3e52396ceb51976b16c30000000058353039010000001e0000003ee7e131018f4a678dd6022e606e8406"
    "69dfd7658f4d82c0b2bc0be57a7db88a6619ba2c6ec79409e3e783ea192948625f0e7f7e5c117227ad6b146d2dd8c92b"
    "64000000010000004332353533f8a7f05a47764a4e53545033f8a7f05a47764a67f8adc58015e3ff7bb800000000f000"
    "000060000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000"
    ;

// ndpi/gquic.pcap frame 1 (Q050), decrypted the same way: "Decrypted QUIC (1315 bytes)".
static const char kGquicPcapDecrypted[] =
    "0800440043484c4f180000004d4144000400000050414400fe010000534e49000d02000053544b004302000056455200"
    "4702000043435300570200004e4f4e4377020000414541447b02000055414944b002000053434944c002000054434944"
    "c402000050444d44c80200004943534ccc0200004e4f4e50ec020000505542530c0300004d494453100300004b455853"
    "14030000584c43541c030000435343541c030000434f50541c030000434352542c030000495254543003000043464357"
    "340300005346435738030000190000002d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d"
    "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d7777772e6773"
    "74617469632e636f6d2d1a7fd466432e84fb0e61055686abf50c49ef4e39beaf43eddb9cea69c34c154880a43f9fee82"
    "e78b5b4fbb548f5b6ec93091b690de5130353001e8816092921ae87eed8086a21582915ee21a5a3030303030303030f2"
    "24126ddcb6ecb88a6f43706ce38bf803f7baab4145534763616e617279204368726f6d652f38352e302e343136392e30"
    "2057696e646f7773204e542031302e303b2057696e36343b2078363484a659f9da25df3254656721da9272bd00000000"
    "583530391e0000002cc2aaa385bc2b6c1d2c3488a8998ad7188fbccf3606c7ce39df2144db499aab6fd109f606bac84d"
    "68d163ce4729cd8ceee94c1446755d96e30d15036361d5796400000043323535063924696e811429063924696e811429"
    "6032cb92a0414ddfa14a00000000f0000000600000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000"
    ;

static void test_parse_chlo_crafted(void **) {
    const std::vector<uint8_t> m = crafted_chlo();
    const Chlo c = parse_chlo(view(m), 100);
    assert_int_equal(c.status, ParseStatus::Ok);
    assert_int_equal(c.length, m.size());
    assert_int_equal(c.offset, 100);
    assert_string_equal(tag_names(c).c_str(), "SNI,VER,PAD");
    assert_string_equal(c.sni.c_str(), "a.b");
    assert_true(c.version == make_tag("Q043"));
    assert_int_equal(c.find(kTagPad)->offset, 100 + 32 + 7);
    assert_int_equal(c.find(kTagPad)->length, 2);
    assert_null(c.find(kTagUaid));
}

// Every prefix: Truncated, and the tags kept are exactly those whose value is complete.
static void test_parse_chlo_truncated_every_byte(void **) {
    const std::vector<uint8_t> m = crafted_chlo();
    for (size_t n = 0; n < m.size(); ++n) {
        const Chlo c = parse_chlo(view(m, n));
        assert_int_equal(c.status, ParseStatus::Truncated);
        const size_t values = n > 32 ? n - 32 : 0;
        const size_t expect = values >= 9 ? 3 : values >= 7 ? 2 : values >= 3 ? 1 : 0;
        assert_int_equal(c.tags.size(), expect);
    }
}

static void test_parse_chlo_hostile_tables(void **) {
    std::vector<uint8_t> m = crafted_chlo();
    m[4] = 0; // zero entries
    assert_int_equal(parse_chlo(view(m)).status, ParseStatus::Malformed);
    m[4] = 129; // above kMaxChloTags
    assert_int_equal(parse_chlo(view(m)).status, ParseStatus::Malformed);
    m = crafted_chlo();
    m[5] = 0xff; // 65283 entries: above the cap before any table read
    assert_int_equal(parse_chlo(view(m)).status, ParseStatus::Malformed);
    m = crafted_chlo();
    m[20] = 2; // VER ends before SNI: offsets must not decrease
    assert_int_equal(parse_chlo(view(m)).status, ParseStatus::Malformed);
    m = crafted_chlo();
    m[31] = 0xff; // PAD end offset ~4 GiB: past the input
    const Chlo c = parse_chlo(view(m));
    assert_int_equal(c.status, ParseStatus::Truncated);
    assert_int_equal(c.tags.size(), 2);
    m = crafted_chlo();
    m[0] = 'S'; // "SHLO" is not a CHLO
    assert_int_equal(parse_chlo(view(m)).status, ParseStatus::Malformed);
}

// The declared length is known once the header and the whole tag table are present (32 bytes
// of crafted_chlo), and then is the full message length whatever follows.
static void test_chlo_declared_length_every_prefix(void **) {
    const std::vector<uint8_t> m = crafted_chlo();
    for (size_t n = 0; n <= m.size(); ++n)
        assert_int_equal(chlo_declared_length(view(m, n)), n >= 32 ? m.size() : 0);
}

// The Q050 CHLO of quic_q50.pcap (the CRYPTO frame data, after its 4-byte header 08 00 44 00):
// Wireshark shows a CRYPTO length of 1024, which the CHLO fills exactly (17 tags, last end 880).
static void test_chlo_declared_length_q050(void **) {
    const std::vector<uint8_t> d = from_hex(kQ050Frame1Decrypted);
    const std::vector<uint8_t> m(d.begin() + 4, d.end());
    assert_int_equal(chlo_declared_length(view(m)), 1024);
}

static void test_chlo_declared_length_hostile(void **) {
    std::vector<uint8_t> m = crafted_chlo();
    m[0] = 'S'; // not a CHLO
    assert_int_equal(chlo_declared_length(view(m)), 0);
    m = crafted_chlo();
    m[4] = 0; // zero entries
    assert_int_equal(chlo_declared_length(view(m)), 0);
    m[4] = 129; // above kMaxChloTags
    assert_int_equal(chlo_declared_length(view(m)), 0);
    m = crafted_chlo();
    m[28] = 0xff, m[29] = 0xff, m[30] = 0xff, m[31] = 0xff; // last end offset 2^32-1
    assert_true(chlo_declared_length(view(m)) == size_t{32} + 0xffffffffu);
    assert_int_equal(chlo_declared_length(ByteView(nullptr, 40)), 0);
}

static void test_find_chlo_skips_false_candidates(void **) {
    std::vector<uint8_t> m = {'x', 'C', 'H', 'L', 'O', 0, 0, 0, 0}; // zero entries: rejected
    const std::vector<uint8_t> good = crafted_chlo();
    m.insert(m.end(), good.begin(), good.end());
    const Chlo c = find_chlo(view(m));
    assert_int_equal(c.status, ParseStatus::Ok);
    assert_int_equal(c.offset, 9);
    assert_int_equal(c.find(kTagSni)->offset, 9 + 32);
    const uint8_t none[] = {'C', 'H', 'L', 0, 'C', 'H'};
    assert_int_equal(find_chlo(ByteView(none, sizeof none)).status, ParseStatus::Unsupported);
    assert_int_equal(find_chlo(ByteView()).status, ParseStatus::Unsupported);
}

// quic_q39.pcap: UAID "com.google.android.youtube Cronet/63.0.3223.7", SNI s.youtube.com.
static void test_inspect_gquic_datagram_q039(void **) {
    const std::vector<uint8_t> d = from_hex(kQ039Datagram);
    const Datagram g = inspect_gquic_datagram(view(d));
    assert_int_equal(g.status(), ParseStatus::Ok);
    assert_int_equal(g.header.form, HeaderForm::Public);
    assert_int_equal(g.header.version_number, 39);
    assert_int_equal(g.header.header_length, 1 + 8 + 4 + 1);
    assert_int_equal(g.chlo.tags.size(), 27);
    assert_string_equal(g.chlo.uaid.c_str(), "com.google.android.youtube Cronet/63.0.3223.7");
    assert_string_equal(g.chlo.sni.c_str(), "s.youtube.com");
    assert_true(g.chlo.version == make_tag("Q039"));
    assert_true((g.chlo.aead == std::vector<uint32_t>{make_tag("AESG")}));
    assert_true((g.chlo.kexs == std::vector<uint32_t>{make_tag("C255")}));
    assert_true((g.chlo.pdmd == std::vector<uint32_t>{make_tag("X509")}));
    assert_int_equal(g.chlo.length, 8 + 27 * 8 + 800); // last end offset 800
    const ChloTag *sni = g.chlo.find(kTagSni);
    assert_memory_equal(&d[sni->offset], "s.youtube.com", sni->length);
}

// quic_q46.pcap: UAID "Chrome/74.0.3729.157 Android 8.0.0; BND-L21", SNI play.google.com.
static void test_inspect_gquic_datagram_q046(void **) {
    const std::vector<uint8_t> d = from_hex(kQ046Datagram);
    const Datagram g = inspect_gquic_datagram(view(d));
    assert_int_equal(g.status(), ParseStatus::Ok);
    assert_int_equal(g.header.form, HeaderForm::Long);
    assert_int_equal(g.header.version_number, 46);
    assert_int_equal(g.header.header_length, 1 + 4 + 1 + 8 + 4);
    assert_string_equal(tag_names(g.chlo).c_str(),
                        "PAD,SNI,STK,SNO,VER,CCS,NONC,AEAD,UAID,SCID,TCID,PDMD,SMHL,ICSL,NONP,"
                        "PUBS,MIDS,SCLS,KEXS,XLCT,CSCT,COPT,CCRT,IRTT,CFCW,SFCW");
    assert_string_equal(g.chlo.uaid.c_str(), "Chrome/74.0.3729.157 Android 8.0.0; BND-L21");
    assert_string_equal(g.chlo.sni.c_str(), "play.google.com");
    assert_true(g.chlo.version == make_tag("Q046"));
}

static void test_inspect_gquic_datagram_truncated_every_byte(void **) {
    const std::vector<uint8_t> d = from_hex(kQ046Datagram);
    const Chlo whole = inspect_gquic_datagram(view(d)).chlo;
    assert_int_equal(whole.offset, 18 + 12 + 6); // header, message hash, stream frame header
    for (size_t n = 0; n < whole.offset + whole.length; ++n) {
        const ParseStatus s = inspect_gquic_datagram(view(d, n)).status();
        // Until the "CHLO" tag is complete there is no candidate at all.
        assert_int_equal(s, n < whole.offset + kTagLen ? (n < 18 ? ParseStatus::Truncated
                                                                 : ParseStatus::Unsupported)
                                                       : ParseStatus::Truncated);
    }
}

// quicfp keeps flow state only for datagrams that can begin a client's first flight: a gQUIC
// client header (Q046 long header; Q050, an IETF-style Initial) yes; a DNS query (from the
// bytes of a standard query for example.com, ID 0x1234) and a Q046 header cut short no.
static void test_may_begin_client_flight(void **) {
    const std::vector<uint8_t> q46 = from_hex(kQ046Datagram);
    assert_true(huntpack::quicfp::may_begin_client_flight(q46.data(), q46.size()));
    assert_false(huntpack::quicfp::may_begin_client_flight(q46.data(), 12));
    const std::vector<uint8_t> q50 = from_hex(kQ050Frame1);
    assert_true(huntpack::quicfp::may_begin_client_flight(q50.data(), q50.size()));
    const std::vector<uint8_t> dns =
        from_hex("123401000001000000000000076578616d706c6503636f6d0000010001");
    assert_false(huntpack::quicfp::may_begin_client_flight(dns.data(), dns.size()));
    assert_false(huntpack::quicfp::may_begin_client_flight(nullptr, 0));
}

// Q050 encrypts its first packet with Initial keys: Unsupported, with the reason.
static void test_inspect_gquic_datagram_q050_encrypted(void **) {
    const std::vector<uint8_t> d = from_hex(kQ050Frame1);
    const Datagram g = inspect_gquic_datagram(view(d));
    assert_int_equal(g.status(), ParseStatus::Unsupported);
    assert_int_equal(g.header.version_number, 50);
    assert_non_null(strstr(g.reason, "decrypt"));
}

// quic_q50.pcap: UAID "Chrome/83.0.4103.101 Android 8.0.0; LDN-L21", SNI www.googletagmanager.com.
static void test_find_chlo_q050_decrypted(void **) {
    const std::vector<uint8_t> d = from_hex(kQ050Frame1Decrypted);
    const Chlo c = find_chlo(view(d));
    assert_int_equal(c.status, ParseStatus::Ok);
    assert_string_equal(tag_names(c).c_str(), "PAD,SNI,VER,CCS,UAID,TCID,PDMD,SMHL,ICSL,NONP,MIDS,"
                                              "SCLS,CSCT,COPT,IRTT,CFCW,SFCW");
    assert_string_equal(c.uaid.c_str(), "Chrome/83.0.4103.101 Android 8.0.0; LDN-L21");
    assert_string_equal(c.sni.c_str(), "www.googletagmanager.com");
    assert_true(c.version == make_tag("Q050"));
    assert_true(c.aead.empty());
}

// gquic.pcap: UAID "canary Chrome/85.0.4169.0 Windows NT 10.0; Win64; x64", SNI www.gstatic.com.
static void test_find_chlo_gquic_pcap_decrypted(void **) {
    const std::vector<uint8_t> d = from_hex(kGquicPcapDecrypted);
    const Chlo c = find_chlo(view(d));
    assert_int_equal(c.status, ParseStatus::Ok);
    assert_int_equal(c.tags.size(), 24);
    assert_string_equal(tag_name(c.tags[0].tag).c_str(), "MAD");
    assert_string_equal(c.uaid.c_str(), "canary Chrome/85.0.4169.0 Windows NT 10.0; Win64; x64");
    assert_string_equal(c.sni.c_str(), "www.gstatic.com");
}

static void test_parse_packet_header_not_gquic(void **) {
    const uint8_t ietf_v1[] = {0xc3, 0x00, 0x00, 0x00, 0x01, 0x08};
    assert_int_equal(parse_packet_header(ByteView(ietf_v1, sizeof ietf_v1)).status,
                     ParseStatus::Unsupported);
    const uint8_t no_version[] = {0x08, 1, 2, 3, 4, 5, 6, 7, 8, 0x01};
    assert_int_equal(parse_packet_header(ByteView(no_version, sizeof no_version)).status,
                     ParseStatus::Unsupported);
    const uint8_t q046_public[] = {0x09, 1, 2, 3, 4, 5, 6, 7, 8, 'Q', '0', '4', '6', 0x01};
    assert_int_equal(parse_packet_header(ByteView(q046_public, sizeof q046_public)).status,
                     ParseStatus::Unsupported);
    assert_int_equal(parse_packet_header(ByteView()).status, ParseStatus::Truncated);
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_chlo_crafted),
        cmocka_unit_test(test_parse_chlo_truncated_every_byte),
        cmocka_unit_test(test_parse_chlo_hostile_tables),
        cmocka_unit_test(test_chlo_declared_length_every_prefix),
        cmocka_unit_test(test_chlo_declared_length_q050),
        cmocka_unit_test(test_chlo_declared_length_hostile),
        cmocka_unit_test(test_find_chlo_skips_false_candidates),
        cmocka_unit_test(test_inspect_gquic_datagram_q039),
        cmocka_unit_test(test_inspect_gquic_datagram_q046),
        cmocka_unit_test(test_inspect_gquic_datagram_truncated_every_byte),
        cmocka_unit_test(test_inspect_gquic_datagram_q050_encrypted),
        cmocka_unit_test(test_find_chlo_q050_decrypted),
        cmocka_unit_test(test_find_chlo_gquic_pcap_decrypted),
        cmocka_unit_test(test_parse_packet_header_not_gquic),
        cmocka_unit_test(test_may_begin_client_flight),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
