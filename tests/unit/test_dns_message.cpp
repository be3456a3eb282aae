// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the DNS/mDNS/LLMNR/NBNS message parser. Real messages come from the shared captures
// (HUNTPACK_SHARED_CAPTURES); every expected value is what tshark 4.0.17 prints for that frame:
//   tshark -n -r <capture> -Y 'frame.number==N' -T json -e udp.payload -e dns.qry.name
//     -e dns.qry.type -e dns.resp.name -e dns.resp.type -e dns.a -e dns.aaaa -e dns.cname
//     -e dns.ptr.domain_name -e dns.srv.target -e dns.txt -e nbns.name -e nbns.flags.opcode
// Crafted messages (marked as such) were put in a pcap (UDP, both ports 53 or 137) and run
// through the same tshark command; its output is quoted beside each.
#include "cmocka_cxx.h"
#include "dns_message.h"
#include "pcap_reader.h"

#include <arpa/inet.h>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace dns = huntpack::dns;
using dns::Section;
using huntpack::ByteView;
using huntpack::ParseStatus;

static dns::Message parse(const std::vector<uint8_t> &b, dns::Dialect d = dns::Dialect::Dns,
                          size_t max_records = dns::kMaxRecords) {
    dns::Options opt;
    opt.dialect = d;
    opt.max_records = max_records;
    dns::Message m;
    const ParseStatus s = dns::parse_message(ByteView(b.data(), b.size()), m, opt);
    assert_int_equal(s, m.status);
    return m;
}

static std::vector<uint8_t> u16(uint16_t v) { return {uint8_t(v >> 8), uint8_t(v)}; }
static std::vector<uint8_t> label(const std::string &s) {
    // Byte by byte: g++ 12 -O2 warns (a false -Warray-bounds) on insert into a 1-byte vector.
    std::vector<uint8_t> out;
    out.reserve(s.size() + 1);
    out.push_back(uint8_t(s.size()));
    for (char c : s)
        out.push_back(uint8_t(c));
    return out;
}
static std::vector<uint8_t> header(uint16_t flags, uint16_t qd, uint16_t an = 0) {
    return cat({u16(0x4242), u16(flags), u16(qd), u16(an), u16(0), u16(0)});
}

// ndpi/dns.pcap frame 5: response for e7.whatsapp.net A with 8 answers whose owner is the
// compression pointer c00c. tshark: dns.qry.name e7.whatsapp.net, dns.resp.name 8 x
// e7.whatsapp.net, dns.resp.type 8 x 1, dns.a 169.45.219.235,169.47.40.142,169.45.248.121,
// 108.168.176.234,169.45.248.189,169.45.248.180,169.53.81.79,169.45.219.232.
static const char kWhatsappA[] =
    "784381800001000800000000026537087768617473617070036e65740000010001"
    "c00c00010001000001eb0004a92ddbebc00c00010001000001eb0004a92f288e"
    "c00c00010001000001eb0004a92df879c00c00010001000001eb00046ca8b0ea"
    "c00c00010001000001eb0004a92df8bdc00c00010001000001eb0004a92df8b4"
    "c00c00010001000001eb0004a935514fc00c00010001000001eb0004a92ddbe8";

static void test_parse_message_compression_pointers(void **) {
    const dns::Message m = parse(from_hex(kWhatsappA));
    assert_int_equal(m.status, ParseStatus::Ok);
    assert_true(m.has_flags && m.has_counts && m.response());
    assert_int_equal(m.id, 0x7843);
    assert_int_equal(m.opcode(), 0);
    assert_int_equal(m.records.size(), 9);
    assert_int_equal(m.records[0].section, Section::Question);
    assert_string_equal(m.records[0].name.c_str(), "e7.whatsapp.net");
    assert_int_equal(m.records[0].type, dns::kTypeA);
    const char *addrs[] = {"169.45.219.235", "169.47.40.142",  "169.45.248.121", "108.168.176.234",
                           "169.45.248.189", "169.45.248.180", "169.53.81.79",   "169.45.219.232"};
    for (size_t i = 0; i < 8; ++i) {
        const dns::Record &r = m.records[i + 1];
        assert_int_equal(r.section, Section::Answer);
        assert_string_equal(r.name.c_str(), "e7.whatsapp.net");
        assert_true(r.has_resp_name());
        assert_int_equal(r.type, dns::kTypeA);
        assert_int_equal(r.ttl, 0x1eb);
        assert_int_equal(r.name_wire_len, 2); // the pointer
        assert_int_equal(r.rdata_len, 4);
        assert_int_equal(r.addr_len, 4);
        assert_string_equal(dns::format_address(r).c_str(), addrs[i]);
    }
}

// ndpi/telegram.pcap frame 4, mDNS (5353 -> 5353) response: PTR, TXT, SRV, A. tshark:
// dns.resp.name _spotify-connect._tcp.local, sonos7828CA05FACC._spotify-connect._tcp.local,
// sonos7828CA05FACC.local (none for the SRV); dns.resp.type 12,16,33,1;
// dns.ptr.domain_name sonos7828CA05FACC._spotify-connect._tcp.local;
// dns.txt VERSION=1.0,CPath=/spotifyzc; dns.srv.target sonos7828CA05FACC.local;
// dns.a 192.168.1.69.
static const char kSpotifyConnect[] =
    "000084000000000100000003105f73706f746966792d636f6e6e656374045f746370056c6f63616c00000c0001"
    "00000078002f11736f6e6f73373832384341303546414343105f73706f746966792d636f6e6e656374045f7463"
    "70056c6f63616c0011736f6e6f73373832384341303546414343105f73706f746966792d636f6e6e656374045f"
    "746370056c6f63616c000010800100001194001d0b56455253494f4e3d312e301043506174683d2f73706f7469"
    "66797a6311736f6e6f73373832384341303546414343105f73706f746966792d636f6e6e656374045f74637005"
    "6c6f63616c000021800100000078001f00000000057811736f6e6f73373832384341303546414343056c6f6361"
    "6c0011736f6e6f73373832384341303546414343056c6f63616c0000018001000000780004c0a80145";

static void test_parse_message_mdns_service(void **) {
    const dns::Message m = parse(from_hex(kSpotifyConnect), dns::Dialect::Mdns);
    assert_int_equal(m.status, ParseStatus::Ok);
    assert_int_equal(m.records.size(), 4);
    const dns::Record &ptr = m.records[0], &txt = m.records[1], &srv = m.records[2],
                      &a = m.records[3];
    assert_int_equal(ptr.type, dns::kTypePtr);
    assert_string_equal(ptr.name.c_str(), "_spotify-connect._tcp.local");
    assert_true(ptr.has_target);
    assert_string_equal(ptr.target.c_str(), "sonos7828CA05FACC._spotify-connect._tcp.local");
    assert_int_equal(txt.type, dns::kTypeTxt);
    assert_int_equal(txt.section, Section::Additional);
    assert_int_equal(txt.klass, 0x8001); // cache-flush bit kept raw
    assert_int_equal(txt.txt.size(), 2);
    assert_string_equal(txt.txt[0].c_str(), "VERSION=1.0");
    assert_string_equal(txt.txt[1].c_str(), "CPath=/spotifyzc");
    assert_int_equal(srv.type, dns::kTypeSrv);
    assert_false(srv.has_resp_name()); // Wireshark shows dns.srv.service/proto/name instead
    assert_string_equal(srv.name.c_str(), "sonos7828CA05FACC._spotify-connect._tcp.local");
    assert_string_equal(srv.target.c_str(), "sonos7828CA05FACC.local");
    assert_string_equal(dns::format_address(a).c_str(), "192.168.1.69");
}

// ndpi/telegram.pcap frame 31, mDNS response: TXT (one empty string), PTR, SRV, AAAA, A, then
// NSEC, NSEC, OPT as additionals. tshark: dns.resp.type 16,12,33,28,1,47,16,33,47,1,28,41 (the
// NSEC type bitmaps add 16,33 and 1,28); dns.resp.name
// iTunes_Ctrl_4ABB39A41EEFDEB3._dacp._tcp.local, _dacp._tcp.local, Gabrieles-iPad.local,
// Gabrieles-iPad.local, iTunes_Ctrl_4ABB39A41EEFDEB3._dacp._tcp.local, Gabrieles-iPad.local,
// <Root>; dns.aaaa fe80::4ba:91a:7817:e318; dns.a 192.168.1.75; dns.txt "" (one, empty);
// dns.srv.target Gabrieles-iPad.local.
static const char kDacp[] =
    "0000840000000005000000031c6954756e65735f4374726c5f34414242333941343145454644454233055f6461"
    "6370045f746370056c6f63616c000010800100001194000100c029000c0001000011940002c00cc00c00218001"
    "00000078001700000000c7230e4761627269656c65732d69506164c034c066001c8001000000780010fe800000"
    "0000000004ba091a7817e318c06600018001000000780004c0a8014bc00c002f8001000011940009c00c000500"
    "00800040c066002f8001000000780008c06600044000000800002905a00000119400120004000e00daaefe5723"
    "37e48cfe572337e4";

static void test_parse_message_mdns_nsec_aaaa_opt(void **) {
    const dns::Message m = parse(from_hex(kDacp), dns::Dialect::Mdns);
    assert_int_equal(m.status, ParseStatus::Ok);
    const uint16_t types[] = {16, 12, 33, 28, 1, 47, 47, 41};
    assert_int_equal(m.records.size(), 8);
    for (size_t i = 0; i < 8; ++i)
        assert_int_equal(m.records[i].type, types[i]);
    const dns::Record &txt = m.records[0];
    assert_int_equal(txt.txt.size(), 1);
    assert_string_equal(txt.txt[0].c_str(), "");
    assert_string_equal(m.records[1].target.c_str(),
                        "iTunes_Ctrl_4ABB39A41EEFDEB3._dacp._tcp.local");
    assert_false(m.records[2].has_resp_name());
    assert_string_equal(m.records[2].target.c_str(), "Gabrieles-iPad.local");
    assert_string_equal(m.records[3].name.c_str(), "Gabrieles-iPad.local");
    assert_int_equal(m.records[3].addr_len, 16);
    assert_string_equal(dns::format_address(m.records[3]).c_str(), "fe80::4ba:91a:7817:e318");
    assert_string_equal(dns::format_address(m.records[4]).c_str(), "192.168.1.75");
    assert_true(m.records[5].bitmap_types == (std::vector<uint32_t>{16, 33}));
    assert_true(m.records[6].bitmap_types == (std::vector<uint32_t>{1, 28}));
    assert_string_equal(m.records[6].name.c_str(), "Gabrieles-iPad.local");
    assert_int_equal(m.records[7].section, Section::Additional);
    assert_string_equal(m.records[7].name.c_str(), "<Root>");
    assert_true(m.records[7].has_resp_name());
}

// ndpi-corpus/dns-exf.pcap frame 1: query with an EDNS(0) OPT record (cookie option); the
// owner of OPT is the root (RFC 6891 §6.1.2). tshark: dns.qry.name
// H4sICN03*2QAA3Rlc3QudHh0AAvJyCxWAKJEheLU5KLUEoW0zJxULgAge-.4S2FgAAAA==-.test.txt,
// dns.qry.type 1, dns.resp.name <Root>, dns.resp.type 41.
static const char kExfil[] =
    "ffd5012000010000000000013a48347349434e30332a3251414133526c63335175644868304141764a79437857"
    "414b4a4568654c55354b4c55456f57307a4a78554c674167652d0c3453324667414141413d3d2d047465737403"
    "7478740000010001000029100000000000000c000a000881b62daae7b17645";

static void test_parse_message_opt_root(void **) {
    const dns::Message m = parse(from_hex(kExfil));
    assert_int_equal(m.status, ParseStatus::Ok);
    assert_false(m.response());
    assert_int_equal(m.records.size(), 2);
    assert_string_equal(
        m.records[0].name.c_str(),
        "H4sICN03*2QAA3Rlc3QudHh0AAvJyCxWAKJEheLU5KLUEoW0zJxULgAge-.4S2FgAAAA==-.test.txt");
    assert_int_equal(m.records[1].type, dns::kTypeOpt);
    assert_string_equal(m.records[1].name.c_str(), "<Root>");
    assert_int_equal(m.records[1].name_wire_len, 1);
    assert_int_equal(m.records[1].klass, 4096); // the UDP payload size
    assert_int_equal(m.records[1].rdata_len, 12);
    assert_true(m.records[1].complete);
}

// ndpi-corpus/1kxun.pcap frame 1, LLMNR (-> 5355) query. tshark: dns.qry.name jason-PC,
// dns.qry.type 255.
static void test_parse_message_llmnr_query(void **) {
    const dns::Message m = parse(from_hex("e6a100000001000000000000086a61736f6e2d50430000ff0001"),
                                 dns::Dialect::Llmnr);
    assert_int_equal(m.status, ParseStatus::Ok);
    assert_int_equal(m.records.size(), 1);
    assert_string_equal(m.records[0].name.c_str(), "jason-PC");
    assert_int_equal(m.records[0].type, 255);
}

// ndpi-corpus/dns-invalid-chars.pcap frame 2: labels with control bytes, shown through
// format_text. tshark: dns.qry.name and dns.resp.name www.allyourbasesare\001\002\003ongto.cn,
// dns.a 19.185.141.241.
static void test_parse_message_escaped_name(void **) {
    const dns::Message m = parse(from_hex(
        "9f6c818000010001000000000377777717616c6c796f757262617365736172650102036f6e67746f02636e00"
        "00010001c00c000100010000003c000413b98df1"));
    assert_int_equal(m.status, ParseStatus::Ok);
    assert_int_equal(m.records.size(), 2);
    assert_string_equal(m.records[0].name.c_str(), "www.allyourbasesare\\001\\002\\003ongto.cn");
    assert_string_equal(m.records[1].name.c_str(), "www.allyourbasesare\\001\\002\\003ongto.cn");
    assert_string_equal(dns::format_address(m.records[1]).c_str(), "19.185.141.241");
}

// ndpi-corpus/someip_sd_sample.pcap frame 3 (SOME/IP-SD that Wireshark reads as DNS): an owner
// of raw bytes 01 . 00 c0, then a root-named record whose RDATA runs past the end. tshark:
// dns.resp.name "\001.\000" U+FFFD, <Root>; dns.resp.type 0,60160; [Malformed Packet].
static void test_parse_message_binary_owner(void **) {
    const dns::Message m = parse(from_hex("ffff8100000000240000000201010200c00000000000001007000000"
                                          "00eb00000100001e0000000100000000"));
    assert_int_equal(m.status, ParseStatus::Truncated);
    assert_int_equal(m.records.size(), 2);
    assert_string_equal(m.records[0].name.c_str(), "\\001.\\000\xef\xbf\xbd");
    assert_int_equal(m.records[0].type, 0);
    assert_string_equal(m.records[1].name.c_str(), "<Root>");
    assert_int_equal(m.records[1].type, 60160);
    assert_true(m.records[0].complete);
}

// ndpi-corpus/fuzz-2006-06-26-2594.pcap frame 18: the PTR target "localhost" is followed by
// the byte 0x4f, an extended label type. tshark: dns.qry.name and dns.resp.name
// 1.0.0.127.in-addr.arpa, dns.ptr.domain_name <Unknown extended label>.
static void test_parse_message_unknown_extended_label(void **) {
    const dns::Message m = parse(from_hex(
        "abd2800000010001000000000131013001300331323707696e2d61646472046172706100000c0001c00c000c"
        "000100002710000b096c6f63616c686f73744f"));
    assert_int_equal(m.status, ParseStatus::Ok);
    assert_int_equal(m.records.size(), 2);
    assert_string_equal(m.records[1].name.c_str(), "1.0.0.127.in-addr.arpa");
    assert_true(m.records[1].has_target);
    assert_string_equal(m.records[1].target.c_str(), "<Unknown extended label>");
}

// ndpi-corpus/badpackets.pcap frame 1: the first fragment of a 1709-byte DNS response (229 bytes
// captured). tshark shows the question and the SOA and nothing of the RRSIG that follows:
// dns.qry.name phl1sprt108.ad.dla.mil, dns.resp.name dla.mil, dns.resp.type 6. The RRSIG's
// header is there but its declared extent is not, and Wireshark checks that extent first.
static const char kFragment[] =
    "0168859300010000000c00010b70686c317370727431303802616403646c61036d696c0000010001c01b000600"
    "010000021d002d086561676c65696231c0180b72616e64792e736d697468c01b77b2292b00002a300000043800"
    "093a8000000384c01b002e00010000021d009b0006080200000384592fe8e65922abd6362403646c61036d696c"
    "0043e363acda6d57e6f6fc24ea64a1f66e248fdbbb643964c6ab628252194e1fd138d4c2d23a4da50982fab260"
    "d7e5f9a6d7326ea1ba76772ad4a3ef489ab77c6d70f150c81bbcc97fb7fa1bd822918f553021a60712e5b0ab72"
    "c473916b";

static void test_parse_message_truncated_keeps_records(void **) {
    const dns::Message m = parse(from_hex(kFragment));
    assert_int_equal(m.status, ParseStatus::Truncated);
    assert_int_equal(m.nscount, 12);
    assert_int_equal(m.records.size(), 2);
    assert_string_equal(m.records[0].name.c_str(), "phl1sprt108.ad.dla.mil");
    assert_string_equal(m.records[1].name.c_str(), "dla.mil");
    assert_int_equal(m.records[1].section, Section::Authority);
    assert_int_equal(m.records[1].type, dns::kTypeSoa);
    assert_true(m.records[1].complete);
}

// Every prefix of a real mDNS response (telegram frame 31): the parse stops Truncated, keeps
// exactly the records whose whole declared extent fits, and they equal the full parse's.
static void test_parse_message_truncated_every_boundary(void **) {
    const std::vector<uint8_t> full = from_hex(kDacp);
    const dns::Message whole = parse(full, dns::Dialect::Mdns);
    size_t last = 0;
    for (size_t n = 0; n < full.size(); ++n) {
        const std::vector<uint8_t> cut(full.begin(), full.begin() + long(n));
        const dns::Message m = parse(cut, dns::Dialect::Mdns);
        assert_int_equal(m.status, ParseStatus::Truncated);
        assert_int_equal(m.has_flags, n >= 4);
        assert_int_equal(m.has_counts, n >= dns::kHeaderLen);
        assert_true(m.records.size() >= last);
        last = m.records.size();
        assert_true(m.records.size() < whole.records.size());
        for (size_t i = 0; i < m.records.size(); ++i) {
            const dns::Record &r = m.records[i];
            assert_true(r.rdata_offset + r.rdata_len <= n);
            assert_string_equal(r.name.c_str(), whole.records[i].name.c_str());
            assert_int_equal(r.type, whole.records[i].type);
            assert_true(r.bitmap_types == whole.records[i].bitmap_types);
            assert_true(r.complete);
        }
    }
    assert_int_equal(last, whole.records.size() - 1);
}

// Crafted: TXT RDLENGTH 3 but strings "hello", "hi", "", "abc" follow. tshark: dns.txt
// hello,hi,,abc then [Malformed Packet]: Wireshark reads strings until the message ends.
static void test_parse_message_txt_overrun(void **) {
    const dns::Message m = parse(from_hex(
        "0004818000000001000000000174076578616d706c6500001000010000007800030568656c6c6f0268690003"
        "616263"));
    assert_int_equal(m.status, ParseStatus::Truncated);
    assert_int_equal(m.records.size(), 1);
    const dns::Record &r = m.records[0];
    assert_string_equal(r.name.c_str(), "t.example");
    assert_false(r.complete);
    assert_int_equal(r.txt.size(), 4);
    assert_string_equal(r.txt[0].c_str(), "hello");
    assert_string_equal(r.txt[1].c_str(), "hi");
    assert_string_equal(r.txt[2].c_str(), "");
    assert_string_equal(r.txt[3].c_str(), "abc");
}

// TXT decoding differs by dialect (crafted, one string of 'a' 0xc3 0xa9 0xff 0x00 'z'):
// DNS decodes ASCII (each high byte is U+FFFD), mDNS UTF-8 (é kept); both stop at the NUL.
// tshark on port 53: dns.txt a + 3 x U+FFFD; on port 5353: dns.txt a, é, U+FFFD.
static void test_parse_message_txt_encoding(void **) {
    const std::vector<uint8_t> msg = cat({header(0x8400, 0, 1),
                                          label("x"),
                                          {0},
                                          u16(16),
                                          u16(1),
                                          {0, 0, 0, 1},
                                          u16(7),
                                          {6, 'a', 0xc3, 0xa9, 0xff, 0x00, 'z'}});
    const dns::Message d = parse(msg);
    const dns::Message md = parse(msg, dns::Dialect::Mdns);
    assert_int_equal(d.status, ParseStatus::Ok);
    assert_string_equal(d.records[0].txt[0].c_str(), "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    assert_string_equal(md.records[0].txt[0].c_str(), "a\xc3\xa9\xef\xbf\xbd");
}

// Crafted: Q1 foo; Q2 a pointer to itself; Q3 "bar" then a pointer back to Q3; Q4 a pointer to
// 4 bytes past its own start (Wireshark's "trivial loop" test, reproduced as is). tshark:
// dns.qry.name foo and three times <Name contains a pointer that loops>; dns.qry.type 1,1,1,1.
static void test_parse_message_pointer_loop(void **) {
    const dns::Message m = parse(
        from_hex("12340100000400000000000003666f6f0000010001c0150001000103626172c01b00010001c029"
                 "00010001"));
    assert_int_equal(m.status, ParseStatus::Ok);
    assert_int_equal(m.records.size(), 4);
    assert_string_equal(m.records[0].name.c_str(), "foo");
    for (size_t i = 1; i < 4; ++i) {
        assert_string_equal(m.records[i].name.c_str(), "<Name contains a pointer that loops>");
        assert_int_equal(m.records[i].type, 1);
    }
    assert_int_equal(m.records[2].name_wire_len, 6); // "bar" and the pointer
}

// Crafted: a question whose name is a pointer into a chain of pointers, each to the next, then
// "end". Wireshark gives up after kMaxPointers pointers even without a loop: 255 pointers in all
// reach "end", 256 give <Name contains a pointer that loops> (tshark shows the same).
static void test_parse_message_pointer_count(void **) {
    for (size_t total : {dns::kMaxPointers, dns::kMaxPointers + 1}) {
        std::vector<uint8_t> msg = header(0x0100, 1);
        const size_t start = msg.size() + 6; // after the question's pointer, type and class
        msg.insert(msg.end(), {uint8_t(0xc0 | (start >> 8)), uint8_t(start), 0, 1, 0, 1});
        for (size_t i = 1; i < total; ++i) {
            const size_t target = start + 2 * i;
            msg.insert(msg.end(), {uint8_t(0xc0 | (target >> 8)), uint8_t(target)});
        }
        msg.insert(msg.end(), {3, 'e', 'n', 'd', 0});
        const dns::Message m = parse(msg);
        assert_int_equal(m.status, ParseStatus::Ok);
        assert_int_equal(m.records.size(), 1);
        assert_string_equal(m.records[0].name.c_str(), total > dns::kMaxPointers
                                                           ? "<Name contains a pointer that loops>"
                                                           : "end");
    }
}

// Crafted: the 64-byte label "label too long" (length byte 0x40) is an RFC 2673 extended label
// type; after "www" Wireshark names it <Unknown extended label> and reads type/class from the
// label's bytes. tshark: dns.qry.name <Unknown extended label>, dns.qry.type 16705 ("AA").
// A 0x80 length byte is reserved: tshark keeps the first question (ok) and stops, malformed.
static void test_parse_message_label_too_long(void **) {
    std::vector<uint8_t> msg = cat({header(0x0100, 1), label("www"), {0x40}});
    msg.insert(msg.end(), 64, 'A');
    msg.insert(msg.end(), {0, 0, 1, 0, 1});
    const dns::Message m = parse(msg);
    assert_int_equal(m.status, ParseStatus::Ok);
    assert_int_equal(m.records.size(), 1);
    assert_string_equal(m.records[0].name.c_str(), "<Unknown extended label>");
    assert_int_equal(m.records[0].name_wire_len, 5);
    assert_int_equal(m.records[0].type, 0x4141);

    const dns::Message r = parse(
        from_hex("000201000002000000000000026f6b0000010001037777778042424242424242420000010001"));
    assert_int_equal(r.status, ParseStatus::Malformed);
    assert_int_equal(r.records.size(), 1);
    assert_string_equal(r.records[0].name.c_str(), "ok");

    // An extended label as the very first byte leaves a 1-byte name: Wireshark throws.
    const dns::Message f = parse(cat({header(0x0100, 1), {0x42, 0, 0, 1, 0, 1}}));
    assert_int_equal(f.status, ParseStatus::Malformed);
    assert_true(f.records.empty());
}

// Crafted: names of 253 and 254 characters (labels 63,63,63,61 and 63,63,63,62). tshark:
// dns.qry.name aaa...ddd (253 characters), <Name too long>.
static void test_parse_message_name_too_long(void **) {
    auto name = [](size_t last) {
        return cat({label(std::string(63, 'a')),
                    label(std::string(63, 'b')),
                    label(std::string(63, 'c')),
                    label(std::string(last, 'd')),
                    {0}});
    };
    const dns::Message m =
        parse(cat({header(0x0100, 2), name(61), u16(1), u16(1), name(62), u16(1), u16(1)}));
    assert_int_equal(m.status, ParseStatus::Ok);
    assert_int_equal(m.records.size(), 2);
    assert_int_equal(m.records[0].name.size(), dns::kMaxNameText);
    assert_string_equal(m.records[0].name.substr(0, 4).c_str(), "aaaa");
    assert_string_equal(m.records[0].name.substr(dns::kMaxNameText - 3).c_str(), "ddd");
    assert_string_equal(m.records[1].name.c_str(), "<Name too long>");
}

// The record cap stops the parse and says so; the kept records are the first ones.
static void test_parse_message_max_records_cap(void **) {
    const dns::Message m = parse(from_hex(kDacp), dns::Dialect::Mdns, 3);
    assert_int_equal(m.status, ParseStatus::Ok);
    assert_true(m.capped);
    assert_int_equal(m.records.size(), 3);
    assert_int_equal(m.records[2].type, dns::kTypeSrv);
    const dns::Message all = parse(from_hex(kDacp), dns::Dialect::Mdns, 8);
    assert_false(all.capped);
    assert_int_equal(all.records.size(), 8);
    const dns::Message none = parse(from_hex(kDacp), dns::Dialect::Mdns, 0);
    assert_true(none.capped);
    assert_true(none.records.empty());
}

// Crafted: 150 questions whose names walk a 255-pointer chain with labels between the pointers
// (no loop). Wireshark would expand every one; the name-step budget stops the parse first.
static void test_parse_message_name_budget(void **) {
    const size_t questions = 150;
    std::vector<uint8_t> msg = header(0x0100, questions);
    const size_t chain = dns::kHeaderLen + questions * 6;
    for (size_t i = 0; i < questions; ++i)
        msg.insert(msg.end(), {uint8_t(0xc0 | (chain >> 8)), uint8_t(chain), 0, 1, 0, 1});
    for (size_t i = 0; i < 254; ++i) { // "x.y" then a pointer to the next segment
        const size_t next = msg.size() + 6;
        msg.insert(msg.end(), {1, 'x', 1, 'y', uint8_t(0xc0 | (next >> 8)), uint8_t(next)});
    }
    msg.push_back(0);
    const dns::Message m = parse(msg);
    assert_int_equal(m.status, ParseStatus::Unsupported);
    assert_true(m.records.size() > 10 && m.records.size() < questions);
    assert_string_equal(m.records[0].name.c_str(), "<Name too long>");
}

static void test_parse_message_header(void **) {
    const std::vector<uint8_t> full = from_hex(kWhatsappA);
    for (size_t n = 0; n < dns::kHeaderLen; ++n) {
        const dns::Message m = parse(std::vector<uint8_t>(full.begin(), full.begin() + long(n)));
        assert_int_equal(m.status, ParseStatus::Truncated);
        assert_int_equal(m.has_flags, n >= 4);
        assert_false(m.has_counts);
        assert_int_equal(m.flags, n >= 4 ? 0x8180 : 0);
        assert_true(m.records.empty());
    }
    const dns::Message empty = parse(header(0x2800, 0)); // UPDATE opcode 5, no records
    assert_int_equal(empty.status, ParseStatus::Ok);
    assert_int_equal(empty.opcode(), 5);
    std::vector<uint8_t> big(dns::kMaxMessageLen + 1, 0);
    assert_int_equal(parse(big).status, ParseStatus::Unsupported);
    dns::Message m;
    assert_int_equal(dns::parse_message(ByteView(), m), ParseStatus::Truncated);
}

// ndpi/netbios.pcap frame 1 (137 -> 137), name query. tshark: nbns.name XSTREAM_HY<00>,
// nbns.flags.response 0, nbns.flags.opcode 0.
static void test_parse_message_nbns_query(void **) {
    const dns::Message m = parse(
        from_hex(
            "a7490110000100000000000020464946444645464345464542454e46504549464a434143414341434143"
            "4141410000200001"),
        dns::Dialect::Nbns);
    assert_int_equal(m.status, ParseStatus::Ok);
    assert_false(m.response());
    assert_int_equal(m.opcode(), 0);
    assert_int_equal(m.records.size(), 1);
    assert_string_equal(m.records[0].name.c_str(), "XSTREAM_HY<00>");
    assert_int_equal(m.records[0].type, dns::kTypeNb);
}

// ndpi-corpus/anyconnect-vpn.pcap frame 561, name registration (opcode 5) with the NB record as
// an additional. tshark: nbns.name LP-B043053-W764<00>,
// LP-B043053-W764<00> (Workstation/Redirector); nbns.flags.opcode 5.
static void test_parse_message_nbns_registration(void **) {
    const dns::Message m = parse(
        from_hex("45832910000100000000000120454d4641434e4543444144454444444144464444434e4648444844"
                 "47444541410000200001c00c0020000100000384000660000a0000e3"),
        dns::Dialect::Nbns);
    assert_int_equal(m.status, ParseStatus::Ok);
    assert_int_equal(m.opcode(), 5);
    assert_int_equal(m.records.size(), 2);
    assert_string_equal(m.records[0].name.c_str(), "LP-B043053-W764<00>");
    assert_int_equal(m.records[1].section, Section::Additional);
    assert_string_equal(m.records[1].name.c_str(), "LP-B043053-W764<00> (Workstation/Redirector)");
    assert_int_equal(m.records[1].ttl, 900);
}

// ndpi/netbios.pcap frames 69 (NB response) and 55 (NBSTAT response). tshark: nbns.name
// GUNNAR<00> (Workstation/Redirector); *<00><00><00><00><00><00><00><00><00><00><00><00><00>
// <00><00> (no description for NBSTAT).
static void test_parse_message_nbns_responses(void **) {
    const dns::Message nb = parse(
        from_hex(
            "8486850000000001000000002045484646454f454f454246434341434143414341434143414341434143"
            "4141410000200001000493e0000600000a000418"),
        dns::Dialect::Nbns);
    assert_int_equal(nb.status, ParseStatus::Ok);
    assert_true(nb.response());
    assert_int_equal(nb.records.size(), 1);
    assert_string_equal(nb.records[0].name.c_str(), "GUNNAR<00> (Workstation/Redirector)");
    const dns::Message st = parse(
        from_hex(
            "20a88400000000010000000020434b414141414141414141414141414141414141414141414141414141"
            "41414100002100010000000000770447554e4e4152202020202020202020000400564947494c414e545f"
            "47524f55502000840047554e4e4152202020202020202020200400564947494c414e545f47524f555020"
            "1e8400001cc410790f000000000000000000000000000000000000000000000000000000000000000000"
            "00000000000000"),
        dns::Dialect::Nbns);
    assert_int_equal(st.status, ParseStatus::Ok);
    assert_int_equal(st.records.size(), 1);
    assert_int_equal(st.records[0].type, dns::kTypeNbstat);
    assert_string_equal(st.records[0].name.c_str(),
                        "*<00><00><00><00><00><00><00><00><00><00><00><00><00><00><00>");
}

// Crafted NBNS queries. tshark: nbns.name FOO<20>.example.com (scope ID appended); then
// "               <20>" (an all-blank name keeps its blanks, as process_netbios_name does),
// WORKGROUP<1d>, A<01>B <7f><00>, WORKGROUP<1d> (34 encoded characters: the first 32 count).
static void test_parse_message_nbns_crafted(void **) {
    const dns::Message s = parse(
        from_hex(
            "55aa011000010000000000002045474550455043414341434143414341434143414341434143414341"
            "43414341076578616d706c6503636f6d0000200001"),
        dns::Dialect::Nbns);
    assert_string_equal(s.records[0].name.c_str(), "FOO<20>.example.com");
    const dns::Message m = parse(
        from_hex(
            "000701100004000000000000204341434143414341434143414341434143414341434143414341434143"
            "414341000020000120464845504643454c45484643455046464641434143414341434143414341424e"
            "0000200001204542414245434341485043414341434143414341434143414341434143414141000020"
            "000122464845504643454c45484643455046464641434143414341434143414341424e414200002000"
            "01"),
        dns::Dialect::Nbns);
    assert_int_equal(m.status, ParseStatus::Ok);
    assert_int_equal(m.records.size(), 4);
    assert_string_equal(m.records[0].name.c_str(), "               <20>");
    assert_string_equal(m.records[1].name.c_str(), "WORKGROUP<1d>");
    assert_string_equal(m.records[2].name.c_str(), "A<01>B <7f><00>");
    assert_string_equal(m.records[3].name.c_str(), "WORKGROUP<1d>");
}

static void test_nbns_name_cases(void **) {
    int type = 0;
    assert_string_equal(dns::nbns_name("FHEPFCELEHFCEPFFFACACACACACACABN", &type).c_str(),
                        "WORKGROUP<1d>");
    assert_int_equal(type, 0x1d);
    assert_string_equal(dns::netbios_name_type_descr(type), "Local Master Browser");
    assert_string_equal(dns::nbns_name("FHEPFCELEHFCEPFFFACACACACACACABN.corp.example").c_str(),
                        "WORKGROUP<1d>.corp.example");
    assert_string_equal(dns::nbns_name("<Root>", &type).c_str(),
                        "Illegal NetBIOS name (1st character not between A and Z in first-level "
                        "encoding)");
    assert_int_equal(type, -1);
    assert_string_equal(dns::netbios_name_type_descr(type), "Unknown");
    assert_string_equal(dns::nbns_name("FHE").c_str(),
                        "Illegal NetBIOS name (odd number of bytes)");
    assert_string_equal(dns::nbns_name("Fh").c_str(),
                        "Illegal NetBIOS name (2nd character not between A and Z in first-level "
                        "encoding)");
    assert_string_equal(dns::nbns_name("FHEP.scope").c_str(),
                        "Illegal NetBIOS name (2 bytes long)");
    assert_string_equal(dns::nbns_name("").c_str(), "Illegal NetBIOS name (0 bytes long)");
    // Read as a C string: a NUL ends the name (here after 2 bytes).
    assert_string_equal(dns::nbns_name(std::string_view("FHEP\0CACA", 9)).c_str(),
                        "Illegal NetBIOS name (2 bytes long)");
}

static void test_format_address_forms(void **) {
    dns::Record r;
    assert_string_equal(dns::format_address(r).c_str(), "");
    const uint8_t v4[] = {192, 0, 2, 1};
    std::memcpy(r.addr, v4, 4);
    r.addr_len = 4;
    assert_string_equal(dns::format_address(r).c_str(), "192.0.2.1");
    // IPv4 is formatted by hand: the same text as inet_ntop for every value of every octet
    // (each octet v in turn beside 255 - v, v / 7 and 0: one, two and three digits).
    for (int pos = 0; pos < 4; pos++)
        for (int v = 0; v < 256; v++) {
            for (int i = 0; i < 4; i++)
                r.addr[i] = static_cast<uint8_t>(i == pos ? v : i == (pos + 1) % 4 ? 255 - v : i == (pos + 2) % 4 ? v / 7 : 0);
            char want[INET_ADDRSTRLEN];
            assert_non_null(inet_ntop(AF_INET, r.addr, want, sizeof want));
            assert_string_equal(dns::format_address(r).c_str(), want);
        }
    const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    std::memcpy(r.addr, v6, 16);
    r.addr_len = 16;
    assert_string_equal(dns::format_address(r).c_str(), "2001:db8::1"); // RFC 5952 §4.2
    const uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1};
    std::memcpy(r.addr, mapped, 16);
    assert_string_equal(dns::format_address(r).c_str(), "::ffff:192.0.2.1"); // RFC 5952 §5
}

// format_text as epan/strutil.c: C escapes, octal, printable UTF-8, \u for non-printables,
// U+FFFD for broken sequences.
static void test_format_text_cases(void **) {
    assert_string_equal(dns::format_text("plain.name").c_str(), "plain.name");
    assert_string_equal(dns::format_text(std::string_view("a\n\t\0\x7f", 5)).c_str(),
                        "a\\n\\t\\000\\177");
    assert_string_equal(dns::format_text("caf\xc3\xa9").c_str(), "caf\xc3\xa9");
    assert_string_equal(dns::format_text("\xc2\x85").c_str(), "\\u0085"); // NEL: not printable
    assert_string_equal(dns::format_text("\xff"
                                         "a")
                            .c_str(),
                        "\xef\xbf\xbd"
                        "a");
    assert_string_equal(dns::format_text("\xe2\x82").c_str(), "\xef\xbf\xbd"); // cut sequence
    assert_string_equal(dns::format_text("\xc1\x81").c_str(), "A"); // overlong, kept permissive
}

// Reads a shared capture: every DNS datagram of ndpi-corpus/malformed_dns.pcap (responses carry
// a 1000-byte name made of pointers). tshark -T fields -e dns.qry.name -e dns.resp.type
// -e dns.cname -e dns.a: queries www.xt.com; responses www.xt.com,<Name too long> | 1,5 |
// <Name too long> | 66.66.66.66 (frames 2, 3, 5, 6).
static void test_capture_malformed_dns(void **) {
    const std::string path = shared_capture("ndpi-corpus/malformed_dns.pcap");
    if (path.empty())
        fail_msg("HUNTPACK_SHARED_CAPTURES is not set: this test needs malformed_dns.pcap");
    std::vector<huntpack::testing::UdpDatagram> dgrams;
    std::string err;
    if (!huntpack::testing::read_udp_datagrams(path, dgrams, err))
        fail_msg("cannot read %s: %s", path.c_str(), err.c_str());
    size_t queries = 0, responses = 0;
    for (const auto &d : dgrams) {
        const dns::Message m = parse(d.payload);
        if (d.dst_port == 53) {
            ++queries;
            assert_int_equal(m.records.size(), 1);
            assert_string_equal(m.records[0].name.c_str(), "www.xt.com");
            continue;
        }
        ++responses;
        assert_int_equal(m.records.size(), 4);
        assert_string_equal(m.records[0].name.c_str(), "www.xt.com");
        assert_string_equal(m.records[1].name.c_str(), "<Name too long>");
        assert_int_equal(m.records[2].type, dns::kTypeA);
        assert_string_equal(dns::format_address(m.records[2]).c_str(), "66.66.66.66");
        assert_int_equal(m.records[3].type, dns::kTypeCname);
        assert_string_equal(m.records[3].name.c_str(), "www.xt.com");
        assert_string_equal(m.records[3].target.c_str(), "<Name too long>");
    }
    assert_int_equal(queries, 2);
    assert_int_equal(responses, 4);
}

// Reads a shared capture: every NBNS datagram of ndpi/netbios.pcap. tshark -Y nbns -T fields
// -e nbns.name gives 256 names: XSTREAM_HY<00> x181, OZI<1c> x59, *<00>..<00> x8, GURU<00> x3,
// NVR9<00>, MULI<00>, GURU<00> (Workstation/Redirector), GUNNAR<00> (Workstation/Redirector),
// GUNNAR<00>.
static void test_capture_netbios_names(void **) {
    const std::string path = shared_capture("ndpi/netbios.pcap");
    if (path.empty())
        fail_msg("HUNTPACK_SHARED_CAPTURES is not set: this test needs ndpi/netbios.pcap");
    std::vector<huntpack::testing::UdpDatagram> dgrams;
    std::string err;
    if (!huntpack::testing::read_udp_datagrams(path, dgrams, err))
        fail_msg("cannot read %s: %s", path.c_str(), err.c_str());
    std::map<std::string, int> names;
    for (const auto &d : dgrams) {
        if (d.dst_port != 137 && d.src_port != 137)
            continue;
        const dns::Message m = parse(d.payload, dns::Dialect::Nbns);
        assert_int_equal(m.status, ParseStatus::Ok);
        for (const auto &r : m.records)
            ++names[r.name];
    }
    const std::string star = "*" + [] {
        std::string s;
        for (int i = 0; i < 15; ++i)
            s += "<00>";
        return s;
    }();
    const std::map<std::string, int> expected = {{"XSTREAM_HY<00>", 181},
                                                 {"OZI<1c>", 59},
                                                 {star, 8},
                                                 {"GURU<00>", 3},
                                                 {"NVR9<00>", 1},
                                                 {"MULI<00>", 1},
                                                 {"GURU<00> (Workstation/Redirector)", 1},
                                                 {"GUNNAR<00> (Workstation/Redirector)", 1},
                                                 {"GUNNAR<00>", 1}};
    assert_true(names == expected);
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_message_compression_pointers),
        cmocka_unit_test(test_parse_message_mdns_service),
        cmocka_unit_test(test_parse_message_mdns_nsec_aaaa_opt),
        cmocka_unit_test(test_parse_message_opt_root),
        cmocka_unit_test(test_parse_message_llmnr_query),
        cmocka_unit_test(test_parse_message_escaped_name),
        cmocka_unit_test(test_parse_message_binary_owner),
        cmocka_unit_test(test_parse_message_unknown_extended_label),
        cmocka_unit_test(test_parse_message_truncated_keeps_records),
        cmocka_unit_test(test_parse_message_truncated_every_boundary),
        cmocka_unit_test(test_parse_message_txt_overrun),
        cmocka_unit_test(test_parse_message_txt_encoding),
        cmocka_unit_test(test_parse_message_pointer_loop),
        cmocka_unit_test(test_parse_message_pointer_count),
        cmocka_unit_test(test_parse_message_label_too_long),
        cmocka_unit_test(test_parse_message_name_too_long),
        cmocka_unit_test(test_parse_message_max_records_cap),
        cmocka_unit_test(test_parse_message_name_budget),
        cmocka_unit_test(test_parse_message_header),
        cmocka_unit_test(test_parse_message_nbns_query),
        cmocka_unit_test(test_parse_message_nbns_registration),
        cmocka_unit_test(test_parse_message_nbns_responses),
        cmocka_unit_test(test_parse_message_nbns_crafted),
        cmocka_unit_test(test_nbns_name_cases),
        cmocka_unit_test(test_format_address_forms),
        cmocka_unit_test(test_format_text_cases),
        cmocka_unit_test(test_capture_malformed_dns),
        cmocka_unit_test(test_capture_netbios_names),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
