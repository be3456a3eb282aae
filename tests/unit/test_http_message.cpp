// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the HTTP/1.x message parser (http_message.h): heads, framing, de-chunking and
// inflating, pipelining, SSDP. Real messages come from the shared captures; each expectation is
// what tshark 4.0.17 printed for that frame, with the command in the comment:
//   tshark -r F -Y frame.number==N -T fields -e http.request.method -e http.request.uri
//     -e http.host -e http.content_type -e http.server -e http.location -e http.unknown_header ...
//   tshark -r F -Y frame.number==N -T pdml   (the value= hex of http.file_data)
// Crafted messages (edge cases no capture has) were written one per TCP segment into a scratch
// capture (client 10.0.0.1:40000 <-> server 10.0.0.2:80) and dissected by tshark 4.0.17 with
// `-o http.desegment_headers:FALSE -o http.desegment_body:FALSE`, i.e. on the bytes as they are;
// the comments quote what it showed.
#include "cmocka_cxx.h"
#include "http_message.h"

#include <zlib.h>

#include <cstdio>
#include <string>
#include <string_view>

namespace http = huntpack::http;
using huntpack::ParseStatus;
using http::Coding;
using http::Framing;
using http::Kind;

namespace {

std::string bin(const char *hex) {
    const std::vector<uint8_t> v = from_hex(hex);
    return std::string(v.begin(), v.end());
}
std::string str(std::string_view v) { return std::string(v); }

// tshark prints http.unknown_header as format_text() of the line: CR and LF become "\r" "\n".
std::string shown(std::string_view line) {
    std::string s;
    for (const char c : line) {
        if (c == '\r')
            s += "\\r";
        else if (c == '\n')
            s += "\\n";
        else
            s += c;
    }
    return s;
}

std::vector<std::string> unknown_headers(const http::Head &h) {
    std::vector<std::string> v;
    for (const http::Header &x : h.headers)
        if (h.is_unknown_header(x))
            v.push_back(shown(x.line));
    return v;
}

// Head + body_prefix of a whole message.
ParseStatus decode(const std::string &msg, size_t cap, http::Head &h, http::BodyPrefix &b) {
    const ParseStatus hs = parse_head(msg, h);
    assert_int_equal(hs, ParseStatus::Ok);
    return body_prefix(h, std::string_view(msg).substr(h.head_len), cap, b);
}

// ja4/http1.pcapng frame 73 (tcp.payload, 250 bytes): GET /rootDesc.xml.
const char *kGetRootDesc =
    "474554202f726f6f74446573632e786d6c20485454502f312e310d0a486f73743a203139322e3136382e312e313a"
    "34313534370d0a446174653a205765642c203037204a756e20323032332031363a34353a323420474d540d0a5573"
    "65722d4167656e743a2055506e502f312e300d0a582d41562d506879736963616c2d556e69742d496e666f3a2070"
    "613d22425241564941204b444c2d35355738303043223b0d0a582d41562d436c69656e742d496e666f3a2061763d"
    "352e303b20636e3d22536f6e7920436f72706f726174696f6e223b206d6e3d22425241564941204b444c2d353557"
    "38303043223b206d763d22332e30223b0d0a0d0a";

// ja4/http1.pcapng frame 69 (tcp.payload, 232 bytes): GET /generate_204.
const char *kGetGenerate204 =
    "474554202f67656e65726174655f32303420485454502f312e310d0a557365722d4167656e743a204d6f7a696c6c"
    "612f352e3020285831313b204c696e7578207838365f363429204170706c655765624b69742f3533372e33362028"
    "4b48544d4c2c206c696b65204765636b6f29204368726f6d652f35322e302e323734332e3832205361666172692f"
    "3533372e33360d0a486f73743a20636f6e6e6563746976697479636865636b2e677374617469632e636f6d0d0a43"
    "6f6e6e656374696f6e3a204b6565702d416c6976650d0a4163636570742d456e636f64696e673a20677a69700d0a"
    "0d0a";

// A gzip stream of n zero bytes (a bomb when n is large: ~1000:1).
std::string gzip_zeros(size_t n) {
    z_stream zs{};
    assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY), Z_OK);
    const std::string in(n, '\0');
    std::string out(deflateBound(&zs, static_cast<uLong>(n)), '\0');
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
    zs.avail_in = static_cast<uInt>(n);
    zs.next_out = reinterpret_cast<Bytef *>(&out[0]);
    zs.avail_out = static_cast<uInt>(out.size());
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

std::string response_with(const std::string &headers, const std::string &body) {
    return "HTTP/1.1 200 OK\r\n" + headers + "Content-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

} // namespace

// ---- parse_head --------------------------------------------------------------------------

static void test_parse_head_request_host(void **) {
    // tshark: http.request=1 http.request.method=GET http.request.uri=/rootDesc.xml
    // http.request.version=HTTP/1.1 http.host=192.168.1.1:41547 http.user_agent=UPnP/1.0
    const std::string msg = bin(kGetRootDesc);
    http::Head h;
    assert_int_equal(http::parse_head(msg, h), ParseStatus::Ok);
    assert_int_equal(h.kind, Kind::Request);
    assert_string_equal(str(h.method).c_str(), "GET");
    assert_string_equal(str(h.uri).c_str(), "/rootDesc.xml");
    assert_string_equal(str(h.version).c_str(), "HTTP/1.1");
    assert_string_equal(str(h.get("Host")).c_str(), "192.168.1.1:41547");
    assert_string_equal(str(h.get("host")).c_str(), "192.168.1.1:41547");
    assert_string_equal(str(h.find(http::Field::UserAgent)->value).c_str(), "UPnP/1.0");
    assert_int_equal(h.headers.size(), 5);
    assert_int_equal(h.head_len, 250);
    assert_null(h.find("Content-Type"));
    // No Content-Length, no Transfer-Encoding: a request without a body, no http.file_data.
    const http::BodyExtent e = http::body_extent(h, std::string_view(msg).substr(h.head_len));
    assert_int_equal(e.framing, Framing::None);
    assert_true(e.complete);
    http::BodyPrefix b;
    assert_int_equal(http::body_prefix(h, "trailing bytes", 512, b), ParseStatus::Ok);
    assert_false(b.file_data);
    assert_int_equal(b.consumed, 0);
}

static void test_parse_head_truncated_every_boundary(void **) {
    // Every proper prefix of the request above: never Ok, never past the input...
    const std::string msg = bin(kGetRootDesc);
    for (size_t n = 0; n < msg.size(); ++n) {
        http::Head h;
        const ParseStatus s = http::parse_head(std::string_view(msg).substr(0, n), h);
        if (n < 3) { // "", "G", "GE": no method yet
            assert_int_equal(s, ParseStatus::Unsupported);
            continue;
        }
        if (n == msg.size() - 1) {
            // ...except "...\r\n\r": tvb_find_line_end without desegmentation ends a line at a
            // CR that is the last byte, so the empty line is there (SSDP shows it so).
            assert_int_equal(s, ParseStatus::Ok);
            assert_int_equal(h.head_len, n);
            continue;
        }
        assert_int_equal(s, ParseStatus::Truncated);
        assert_int_equal(h.head_len, n);
        assert_int_equal(h.kind, Kind::Request);
    }
}

static void test_parse_head_truncated_header_line(void **) {
    // Crafted "GET /a HTTP/1.1\r\nHost: a.example\r\nUser-Ag": tshark shows method GET, uri
    // /a, host a.example, then "Malformed Packet (Exception occurred)" and no http.request.
    const std::string msg = "GET /a HTTP/1.1\r\nHost: a.example\r\nUser-Ag";
    http::Head h;
    assert_int_equal(http::parse_head(msg, h), ParseStatus::Truncated);
    assert_true(h.aborted);
    assert_string_equal(str(h.uri).c_str(), "/a");
    assert_string_equal(str(h.get("Host")).c_str(), "a.example");
    assert_int_equal(h.headers.size(), 1);
    // An unterminated line that has a colon is still a header (SSDP senders that omit the
    // empty line): no throw.
    assert_int_equal(http::parse_head("NOTIFY * HTTP/1.1\r\nNT: upnp:rootdevice", h),
                     ParseStatus::Truncated);
    assert_false(h.aborted);
    assert_string_equal(str(h.get("NT")).c_str(), "upnp:rootdevice");
    assert_int_equal(http::parse_head("GET / HTTP/1.1\r\n", h), ParseStatus::Truncated);
    assert_int_equal(h.head_len, 16);
}

static void test_parse_head_header_without_colon(void **) {
    // Crafted "HTTP/1.1 200 OK\r\nServer: x\r\nbogus line\r\nContent-Type: text/plain\r\n\r\n
    // body": tshark shows http.server=x, no http.content_type, and http.file_data = the 44
    // bytes from "bogus line" on (the head ends before the line without a colon).
    const std::string msg =
        "HTTP/1.1 200 OK\r\nServer: x\r\nbogus line\r\nContent-Type: text/plain\r\n\r\nbody";
    http::Head h;
    assert_int_equal(http::parse_head(msg, h), ParseStatus::Malformed);
    assert_int_equal(h.head_len, 28);
    assert_string_equal(str(h.get("Server")).c_str(), "x");
    assert_null(h.find(http::Field::ContentType));
    http::BodyPrefix b;
    assert_int_equal(http::body_prefix(h, std::string_view(msg).substr(h.head_len), 512, b),
                     ParseStatus::Ok);
    assert_int_equal(b.framing, Framing::ToEnd);
    assert_true(b.file_data);
    assert_string_equal(b.data.c_str(), "bogus line\r\nContent-Type: text/plain\r\n\r\nbody");
    assert_int_equal(b.consumed, 44);
}

static void test_parse_head_invalid_name_empty_uri_leading_crlf(void **) {
    // Crafted "\r\nGET  HTTP/1.1\r\nHost : spaced\r\nX-Foo: 1\r\n\r\n": tshark shows expert
    // "Leading CRLF", http.request=1, method GET, http.request.uri "" (present, empty),
    // version HTTP/1.1, no http.host ("Illegal characters found in header name").
    const std::string msg = "\r\nGET  HTTP/1.1\r\nHost : spaced\r\nX-Foo: 1\r\n\r\n";
    http::Head h;
    assert_int_equal(http::parse_head(msg, h), ParseStatus::Ok);
    assert_true(h.leading_crlf);
    assert_int_equal(h.kind, Kind::Request);
    assert_string_equal(str(h.method).c_str(), "GET");
    assert_non_null(h.uri.data());
    assert_int_equal(h.uri.size(), 0);
    assert_string_equal(str(h.version).c_str(), "HTTP/1.1");
    assert_null(h.find("Host"));
    assert_null(h.find("Host "));
    assert_false(h.headers[0].valid_name);
    assert_string_equal(str(h.get("X-Foo")).c_str(), "1");
    assert_true(unknown_headers(h).empty()); // a request: http.request.line, not unknown_header
    assert_int_equal(h.head_len, msg.size());
}

static void test_parse_head_header_count_cap(void **) {
    std::string msg = "GET / HTTP/1.1\r\n";
    for (size_t i = 0; i < http::kMaxHeaders; ++i)
        msg += "X-H" + std::to_string(i) + ": v\r\n";
    http::Head h;
    assert_int_equal(http::parse_head(msg + "\r\n", h), ParseStatus::Ok);
    assert_int_equal(h.headers.size(), http::kMaxHeaders);
    // One more header line: over the policy cap (Wireshark would show them all).
    msg += "Host: late\r\n\r\n";
    assert_int_equal(http::parse_head(msg, h), ParseStatus::Unsupported);
    assert_int_equal(h.headers.size(), http::kMaxHeaders);
    assert_null(h.find("Host"));
    http::MessageIterator it(msg);
    http::Message m;
    assert_false(it.next(m));
}

static void test_parse_head_length_cap(void **) {
    const std::string big = "GET / HTTP/1.1\r\nCookie: " + std::string(http::kMaxHeadLen, 'c');
    http::Head h;
    assert_int_equal(http::parse_head(big + "\r\n\r\n", h), ParseStatus::Unsupported);
    assert_int_equal(http::parse_head("GET /" + std::string(http::kMaxHeadLen, 'a'), h),
                     ParseStatus::Unsupported);
    // Just under the cap is fine.
    const std::string ok = "GET / HTTP/1.1\r\nCookie: " + std::string(http::kMaxHeadLen - 30, 'c');
    assert_int_equal(http::parse_head(ok + "\r\n\r\n", h), ParseStatus::Ok);
    assert_int_equal(h.find(http::Field::Cookie)->value.size(), http::kMaxHeadLen - 30);
}

static void test_parse_head_not_a_start_line(void **) {
    http::Head h;
    assert_int_equal(http::parse_head("", h), ParseStatus::Unsupported);
    assert_int_equal(http::parse_head("get / HTTP/1.1\r\n\r\n", h), ParseStatus::Unsupported);
    assert_int_equal(http::parse_head("GETX / HTTP/1.1\r\n\r\n", h), ParseStatus::Unsupported);
    assert_int_equal(http::parse_head("Host: x\r\n\r\n", h), ParseStatus::Unsupported);
    assert_int_equal(h.kind, Kind::None);
    assert_int_equal(http::parse_head("\x16\x03\x01\x02\x00", h), ParseStatus::Unsupported);
    // Wireshark's extra methods and the bare method.
    assert_int_equal(http::parse_head("RPC_IN_DATA /rpc HTTP/1.1\r\n\r\n", h), ParseStatus::Ok);
    assert_int_equal(h.kind, Kind::Request);
    assert_int_equal(http::parse_head("GET\r\n\r\n", h), ParseStatus::Ok);
    assert_int_equal(h.uri.size(), 0);
    assert_int_equal(http::parse_head("SUBSCRIBE /ev HTTP/1.1\r\n\r\n", h), ParseStatus::Ok);
    assert_int_equal(h.kind, Kind::Notification);
}

static void test_parse_head_extra_start_line(void **) {
    // A head line that looks like a start line ("ICY..." is a response line to Wireshark) is
    // skipped here and flagged; Wireshark re-dissects it as a status line (documented).
    const std::string msg = "GET / HTTP/1.1\r\nICY-MetaData: 1\r\nHost: h\r\n\r\n";
    http::Head h;
    assert_int_equal(http::parse_head(msg, h), ParseStatus::Ok);
    assert_true(h.extra_start_line);
    assert_int_equal(h.kind, Kind::Request);
    assert_int_equal(h.headers.size(), 1);
    assert_string_equal(str(h.get("Host")).c_str(), "h");
    assert_int_equal(h.head_len, msg.size());
    assert_int_equal(http::parse_head("GET / HTTP/1.1\r\nHost: h\r\n\r\n", h), ParseStatus::Ok);
    assert_false(h.extra_start_line);
}

static void test_parse_head_icy_response(void **) {
    // Crafted "ICY 200 OK\r\nicy-name: radio\r\nContent-Type: audio/mpeg\r\n\r\nMP3": tshark
    // shows http.response=1, code 200, http.content_type=audio/mpeg, file_data "MP3".
    const std::string msg = "ICY 200 OK\r\nicy-name: radio\r\nContent-Type: audio/mpeg\r\n\r\nMP3";
    http::Head h;
    http::BodyPrefix b;
    assert_int_equal(decode(msg, 512, h, b), ParseStatus::Ok);
    assert_int_equal(h.kind, Kind::Response);
    assert_int_equal(h.status, 200);
    assert_true(h.has_status);
    assert_string_equal(str(h.reason).c_str(), "OK");
    // A status token shorter than 3 gives no code; a longer one is read from its first three.
    assert_int_equal(http::parse_head("HTTP/1.1 20 OK\r\n\r\n", h), ParseStatus::Ok);
    assert_false(h.has_status);
    assert_int_equal(http::parse_head("HTTP/1.1 2xx0 OK\r\n\r\n", h), ParseStatus::Ok);
    assert_true(h.has_status);
    assert_int_equal(h.status, 2);
    assert_int_equal(http::parse_head(msg, h), ParseStatus::Ok);
    assert_string_equal(str(h.get("Content-Type")).c_str(), "audio/mpeg");
    assert_true(unknown_headers(h).empty()); // icy-name: http.response.line
    assert_true(b.file_data);
    assert_string_equal(b.data.c_str(), "MP3");
}

// ---- SSDP ---------------------------------------------------------------------------------

static void test_parse_head_ssdp_notify(void **) {
    // ndpi-corpus/starcraft_battle.pcap frame 30 (udp.payload, 372 bytes). tshark:
    // http.request absent, http.notification=1, http.request.uri=*, http.host=239.255.255.250:1900,
    // http.server="EPICENTRO UPnP/1.0 MiniUPnPd/1.6",
    // http.location=http://192.168.1.254:57052/rootDesc0.xml, http.unknown_header =
    // NT: upnp:rootdevice\r\n,USN: uuid:11266736-fa59-11e4-9c9f-8426153e75c4::upnp:rootdevice\r\n,
    // NTS: ssdp:alive\r\n,OPT: "http://schemas.upnp.org/upnp/1/0/";\r\n,01-NLS: 1\r\n,
    // BOOTID.UPNP.ORG: 1\r\n,CONFIGID.UPNP.ORG: 1337\r\n
    const std::string msg = bin(
        "4e4f54494659202a20485454502f312e310d0a484f53543a203233392e3235352e3235352e3235303a313930"
        "300d0a43414348452d434f4e54524f4c3a206d61782d6167653d36300d0a6c4f434154494f4e3a2068747470"
        "3a2f2f3139322e3136382e312e3235343a35373035322f726f6f7444657363302e786d6c0d0a534552564552"
        "3a2045504943454e54524f2055506e502f312e30204d696e6955506e50642f312e360d0a4e543a2075706e70"
        "3a726f6f746465766963650d0a55534e3a20757569643a31313236363733362d666135392d313165342d3963"
        "39662d3834323631353365373563343a3a75706e703a726f6f746465766963650d0a4e54533a20737364703a"
        "616c6976650d0a4f50543a2022687474703a2f2f736368656d61732e75706e702e6f72672f75706e702f312f"
        "302f223b0d0a30312d4e4c533a20310d0a424f4f5449442e55504e502e4f52473a20310d0a434f4e46494749"
        "442e55504e502e4f52473a20313333370d0a0d0a");
    http::Head h;
    assert_int_equal(http::parse_head(msg, h), ParseStatus::Ok);
    assert_int_equal(h.kind, Kind::Notification);
    assert_string_equal(str(h.method).c_str(), "NOTIFY");
    assert_string_equal(str(h.uri).c_str(), "*");
    assert_string_equal(str(h.get("Host")).c_str(), "239.255.255.250:1900");
    assert_string_equal(str(h.find(http::Field::Server)->value).c_str(),
                        "EPICENTRO UPnP/1.0 MiniUPnPd/1.6");
    assert_string_equal(str(h.find(http::Field::Location)->value).c_str(),
                        "http://192.168.1.254:57052/rootDesc0.xml");
    const std::vector<std::string> want = {
        "NT: upnp:rootdevice\\r\\n",
        "USN: uuid:11266736-fa59-11e4-9c9f-8426153e75c4::upnp:rootdevice\\r\\n",
        "NTS: ssdp:alive\\r\\n",
        "OPT: \"http://schemas.upnp.org/upnp/1/0/\";\\r\\n",
        "01-NLS: 1\\r\\n",
        "BOOTID.UPNP.ORG: 1\\r\\n",
        "CONFIGID.UPNP.ORG: 1337\\r\\n"};
    const std::vector<std::string> got = unknown_headers(h);
    assert_int_equal(got.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i)
        assert_string_equal(got[i].c_str(), want[i].c_str());
    // No Content-Length, nothing after the head: ToEnd over nothing, no http.file_data.
    http::BodyPrefix b;
    assert_int_equal(http::body_prefix(h, std::string_view(msg).substr(h.head_len), 512, b),
                     ParseStatus::Ok);
    assert_int_equal(b.framing, Framing::ToEnd);
    assert_false(b.file_data);
}

static void test_parse_head_ssdp_notify_bad_name(void **) {
    // Crafted "NOTIFY * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\nNT: x\r\nBad Name: y\r\n
    // Server: s\r\n\r\n": tshark shows http.notification=1, http.server=s and
    // http.unknown_header = NT: x\r\n,Bad Name: y\r\n (an invalid name is shown as a line too).
    const std::string msg = "NOTIFY * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\nNT: x\r\n"
                            "Bad Name: y\r\nServer: s\r\n\r\n";
    http::Head h;
    assert_int_equal(http::parse_head(msg, h), ParseStatus::Ok);
    const std::vector<std::string> got = unknown_headers(h);
    assert_int_equal(got.size(), 2);
    assert_string_equal(got[0].c_str(), "NT: x\\r\\n");
    assert_string_equal(got[1].c_str(), "Bad Name: y\\r\\n");
    assert_string_equal(str(h.get("Server")).c_str(), "s");
}

static void test_parse_head_ssdp_m_search(void **) {
    // ndpi/ssdp-m-search-ua.pcap frame 1 (udp.payload, 174 bytes). tshark: http.request=1,
    // method M-SEARCH, uri *, version HTTP/1.1, host 239.255.255.250:1900, user agent "Google
    // Chrome/99.0.4844.74 Mac OS X", http.unknown_header absent (ST is an http.request.line).
    const std::string msg = bin(
        "4d2d534541524348202a20485454502f312e310d0a484f53543a203233392e3235352e3235352e3235303a31"
        "3930300d0a4d414e3a2022737364703a646973636f766572220d0a4d583a20310d0a53543a2075726e3a6469"
        "616c2d6d756c746973637265656e2d6f72673a736572766963653a6469616c3a310d0a555345522d4147454e"
        "543a20476f6f676c65204368726f6d652f39392e302e343834342e3734204d6163204f5320580d0a0d0a");
    http::Head h;
    assert_int_equal(http::parse_head(msg, h), ParseStatus::Ok);
    assert_int_equal(h.kind, Kind::Request);
    assert_string_equal(str(h.method).c_str(), "M-SEARCH");
    assert_string_equal(str(h.uri).c_str(), "*");
    assert_string_equal(str(h.version).c_str(), "HTTP/1.1");
    assert_string_equal(str(h.get("Host")).c_str(), "239.255.255.250:1900");
    assert_string_equal(str(h.find(http::Field::UserAgent)->value).c_str(),
                        "Google Chrome/99.0.4844.74 Mac OS X");
    assert_string_equal(str(h.get("ST")).c_str(), "urn:dial-multiscreen-org:service:dial:1");
    assert_true(unknown_headers(h).empty());
    assert_int_equal(h.head_len, 174);
}

static void test_parse_head_ssdp_response(void **) {
    // ndpi-corpus/anyconnect-vpn.pcap frame 411 (udp.payload, 311 bytes). tshark:
    // http.response=1, code 200, http.server="Roku UPnP/1.0 Roku/9.1.0",
    // http.location=http://10.0.0.151:8060/dial/dd.xml, no http.unknown_header (ST, USN, Ext and
    // WAKEUP are http.response.line).
    const std::string msg = bin(
        "485454502f312e3120323030204f4b0d0a43616368652d436f6e74726f6c3a206d61782d6167653d33363030"
        "0d0a53543a2075726e3a6469616c2d6d756c746973637265656e2d6f72673a736572766963653a6469616c3a"
        "310d0a55534e3a20757569643a32393563303030342d363830372d313036642d383063662d64383331333432"
        "30373766623a3a75726e3a6469616c2d6d756c746973637265656e2d6f72673a736572766963653a6469616c"
        "3a310d0a4578743a200d0a5365727665723a20526f6b752055506e502f312e3020526f6b752f392e312e300d"
        "0a4c4f434154494f4e3a20687474703a2f2f31302e302e302e3135313a383036302f6469616c2f64642e786d"
        "6c0d0a57414b4555503a204d41433d64383a33313a33343a32303a37373a66623b54696d656f75743d31300d"
        "0a0d0a");
    http::Head h;
    assert_int_equal(http::parse_head(msg, h), ParseStatus::Ok);
    assert_int_equal(h.kind, Kind::Response);
    assert_int_equal(h.status, 200);
    assert_string_equal(str(h.get("Server")).c_str(), "Roku UPnP/1.0 Roku/9.1.0");
    assert_string_equal(str(h.get("Location")).c_str(), "http://10.0.0.151:8060/dial/dd.xml");
    assert_string_equal(str(h.get("Ext")).c_str(), "");
    assert_non_null(h.find("Ext"));
    assert_true(unknown_headers(h).empty());
}

// ---- body_extent / body_prefix: framing ------------------------------------------------------

static void test_body_prefix_content_length_short(void **) {
    // ja4/http1.pcapng frame 76, tcp.reassembled.data (3282 bytes) cut to its first 420.
    // tshark (whole message): code 200, http.content_type=text/xml; charset="utf-8",
    // http.server=Debian/bullseye UPnP/1.1 MiniUPnPd/2.1, content length 3127, http.file_data
    // 3127 bytes starting 3c3f786d6c2076657273696f6e3d22312e30223f3e0d0a ("<?xml version=...").
    const std::string msg = bin(
        "485454502f312e3120323030204f4b0d0a436f6e74656e742d547970653a20746578742f786d6c3b20636861"
        "727365743d227574662d38220d0a436f6e6e656374696f6e3a20636c6f73650d0a436f6e74656e742d4c656e"
        "6774683a20333132370d0a5365727665723a2044656269616e2f62756c6c736579652055506e502f312e3120"
        "4d696e6955506e50642f322e310d0a4578743a0d0a0d0a3c3f786d6c2076657273696f6e3d22312e30223f3e"
        "0d0a3c726f6f7420786d6c6e733d2275726e3a736368656d61732d75706e702d6f72673a6465766963652d31"
        "2d302220636f6e66696749643d2231333337223e3c7370656356657273696f6e3e3c6d616a6f723e313c2f6d"
        "616a6f723e3c6d696e6f723e313c2f6d696e6f723e3c2f7370656356657273696f6e3e3c6465766963653e3c"
        "646576696365547970653e75726e3a736368656d61732d75706e702d6f72673a6465766963653a496e746572"
        "6e6574476174657761794465766963653a323c2f646576696365547970653e3c667269656e646c794e616d65"
        "3e556e69466920447265616d204d616368696e653c2f6672");
    http::Head h;
    http::BodyPrefix b;
    assert_int_equal(decode(msg, 512, h, b), ParseStatus::Truncated);
    assert_int_equal(h.head_len, 155);
    assert_string_equal(str(h.get("Content-Type")).c_str(), "text/xml; charset=\"utf-8\"");
    assert_string_equal(str(h.get("Server")).c_str(), "Debian/bullseye UPnP/1.1 MiniUPnPd/2.1");
    assert_int_equal(b.framing, Framing::Length);
    assert_true(b.file_data);
    assert_int_equal(b.consumed, 420 - 155);
    assert_int_equal(b.data.size(), 420 - 155);
    const std::string xml = bin("3c3f786d6c2076657273696f6e3d22312e30223f3e0d0a");
    assert_memory_equal(b.data.data(), xml.data(), xml.size());
    const http::BodyExtent e = http::body_extent(h, std::string_view(msg).substr(h.head_len));
    assert_false(e.complete);
    assert_int_equal(e.length, 265);
    // A cap below what is present.
    assert_int_equal(decode(msg, 8, h, b), ParseStatus::Truncated);
    assert_string_equal(b.data.c_str(), "<?xml ve");
    assert_true(b.capped);
}

static void test_body_extent_no_body_status(void **) {
    // ja4/http1.pcapng frame 13 (127 bytes): "HTTP/1.1 204 No Content" with Content-Length: 0.
    // tshark: code 204, no http.file_data.
    const std::string msg = bin(
        "485454502f312e3120323034204e6f20436f6e74656e740d0a436f6e74656e742d4c656e6774683a20300d0a"
        "43726f73732d4f726967696e2d5265736f757263652d506f6c6963793a2063726f73732d6f726967696e0d0a"
        "446174653a205765642c203037204a756e20323032332031363a34333a353620474d540d0a0d0a");
    http::Head h;
    http::BodyPrefix b;
    assert_int_equal(decode(msg, 512, h, b), ParseStatus::Ok);
    assert_int_equal(h.status, 204);
    assert_int_equal(b.framing, Framing::Length);
    assert_false(b.file_data);
    // Without Content-Length, 1xx/204/304 have no body but 200 runs to the end.
    assert_int_equal(http::parse_head("HTTP/1.1 304 Not Modified\r\n\r\n", h), ParseStatus::Ok);
    assert_int_equal(http::body_extent(h, "GET / HTTP/1.1\r\n\r\n").framing, Framing::None);
    assert_int_equal(http::parse_head("HTTP/1.1 200 OK\r\n\r\n", h), ParseStatus::Ok);
    const http::BodyExtent e = http::body_extent(h, "abc");
    assert_int_equal(e.framing, Framing::ToEnd);
    assert_int_equal(e.length, 3);
    assert_false(e.complete);
}

static void test_body_extent_invalid_content_length(void **) {
    // Crafted "HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\nhello": tshark ignores the
    // length ("12abc" is not a number followed by white space) and shows file_data "hello".
    const std::string msg = "HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\nhello";
    http::Head h;
    http::BodyPrefix b;
    assert_int_equal(decode(msg, 512, h, b), ParseStatus::Ok);
    assert_int_equal(b.framing, Framing::ToEnd);
    assert_string_equal(b.data.c_str(), "hello");
    // g_ascii_strtoll rules: white space around is fine, a sign is parsed, negatives refused.
    assert_int_equal(http::parse_head("POST / HTTP/1.1\r\nContent-Length: +3 \r\n\r\n", h),
                     ParseStatus::Ok);
    http::BodyExtent e = http::body_extent(h, "abcdef");
    assert_int_equal(e.framing, Framing::Length);
    assert_int_equal(e.length, 3);
    assert_int_equal(http::parse_head("POST / HTTP/1.1\r\nContent-Length: -3\r\n\r\n", h),
                     ParseStatus::Ok);
    assert_int_equal(http::body_extent(h, "abcdef").framing, Framing::None); // request, no TE
    assert_int_equal(
        http::parse_head("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", h),
        ParseStatus::Ok);
    assert_int_equal(http::body_extent(h, "abcdef").framing, Framing::None); // ERANGE
    // Crafted "Content-Length: 2\r\nContent-Length: 4" over "abcdef": tshark file_data "abcd";
    // with "Content-Length: x" last instead, no valid length: "abcdef". The last one counts.
    assert_int_equal(http::parse_head("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                                      "Content-Length: 4\r\n\r\n", h),
                     ParseStatus::Ok);
    assert_int_equal(http::body_extent(h, "abcdef").length, 4);
    assert_int_equal(http::parse_head("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                                      "Content-Length: x\r\n\r\n", h),
                     ParseStatus::Ok);
    assert_int_equal(http::body_extent(h, "abcdef").length, 6);
    // Transfer-Encoding voids Content-Length, whatever the order.
    assert_int_equal(http::parse_head("POST / HTTP/1.1\r\nContent-Length: 3\r\n"
                                      "Transfer-Encoding: chunked\r\n\r\n", h),
                     ParseStatus::Ok);
    e = http::body_extent(h, "1\r\nx\r\n0\r\n\r\nGET");
    assert_int_equal(e.framing, Framing::Chunked);
    assert_int_equal(e.length, 11);
    assert_true(e.complete);
}

// ---- chunked ------------------------------------------------------------------------------

static void test_body_prefix_chunked(void **) {
    // ndpi-corpus/dotenv.pcap frame 6 (tcp.payload, 231 bytes): 406 Not Acceptable, chunked.
    // tshark: code 406, http.server=openresty, http.content_type=application/octet-stream,
    // http.file_data = "Not Acceptable - block_uri_equal : /.env\n" (41 bytes).
    const std::string msg = bin(
        "485454502f312e3120343036204e6f742041636365707461626c650d0a5365727665723a206f70656e726573"
        "74790d0a446174653a205765642c2030332041707220323032342031333a30373a303520474d540d0a436f6e"
        "74656e742d547970653a206170706c69636174696f6e2f6f637465742d73747265616d0d0a5472616e736665"
        "722d456e636f64696e673a206368756e6b65640d0a436f6e6e656374696f6e3a206b6565702d616c6976650d"
        "0a0d0a32390d0a4e6f742041636365707461626c65202d20626c6f636b5f7572695f657175616c203a202f2e"
        "656e760a0d0a300d0a0d0a");
    http::Head h;
    http::BodyPrefix b;
    assert_int_equal(decode(msg, 512, h, b), ParseStatus::Ok);
    assert_int_equal(h.status, 406);
    assert_string_equal(str(h.get("Server")).c_str(), "openresty");
    assert_string_equal(str(h.get("Content-Type")).c_str(), "application/octet-stream");
    assert_int_equal(b.framing, Framing::Chunked);
    assert_true(b.file_data);
    assert_false(b.capped);
    assert_string_equal(b.data.c_str(), "Not Acceptable - block_uri_equal : /.env\n");
    assert_int_equal(b.consumed, 231 - 179);
    const http::BodyExtent e = http::body_extent(h, std::string_view(msg).substr(h.head_len));
    assert_true(e.complete);
    assert_int_equal(e.length, 52);
    // Cut inside the chunk data: Wireshark throws (no file_data); cut after the data: shown.
    const std::string_view body = std::string_view(msg).substr(h.head_len);
    assert_int_equal(http::body_prefix(h, body.substr(0, 20), 512, b), ParseStatus::Truncated);
    assert_false(b.file_data);
    assert_true(http::body_extent(h, body.substr(0, 20)).aborted);
    assert_int_equal(http::body_prefix(h, body.substr(0, 47), 512, b), ParseStatus::Truncated);
    assert_true(b.file_data);
    assert_int_equal(b.data.size(), 41);
    assert_int_equal(b.consumed, 47);
}

static void test_body_prefix_bad_chunk_size(void **) {
    // Crafted responses "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body; tshark:
    http::Head h;
    assert_int_equal(
        http::parse_head("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", h),
        ParseStatus::Ok);
    http::BodyPrefix b;
    // "zz\r\nhello\r\n0\r\n\r\n": strtol gives 0, the last chunk; "hello\r\n0\r\n" is shown as
    // the trailer part; http.file_data is present with 0 bytes.
    assert_int_equal(http::body_prefix(h, "zz\r\nhello\r\n0\r\n\r\n", 512, b),
                     ParseStatus::Malformed);
    assert_true(b.file_data);
    assert_int_equal(b.data.size(), 0);
    assert_int_equal(b.consumed, 16);
    // "0x5\r\nhello\r\n 3;x=1\r\nabc\r\n0\r\n\r\n": chunk sizes 5 and 3, file_data "helloabc".
    assert_int_equal(http::body_prefix(h, "0x5\r\nhello\r\n 3;x=1\r\nabc\r\n0\r\n\r\n", 512, b),
                     ParseStatus::Malformed);
    assert_true(b.file_data);
    assert_string_equal(b.data.c_str(), "helloabc");
    // "5\r\nhello\r\n100\r\nabc\r\n": the second chunk runs past the end: "Malformed Packet
    // (Exception occurred)", no file_data.
    assert_int_equal(http::body_prefix(h, "5\r\nhello\r\n100\r\nabc\r\n", 512, b),
                     ParseStatus::Truncated);
    assert_false(b.file_data);
    // "-1\r\nabc\r\n0\r\n\r\n": (guint32)-1 clamps to what is left, then throws.
    assert_int_equal(http::body_prefix(h, "-1\r\nabc\r\n0\r\n\r\n", 512, b),
                     ParseStatus::Truncated);
    assert_false(b.file_data);
    // "100000000\r\n3\r\nabc\r\n0\r\n\r\n": 2^32 truncates to 0, the last chunk: file_data "".
    assert_int_equal(http::body_prefix(h, "100000000\r\n3\r\nabc\r\n0\r\n\r\n", 512, b),
                     ParseStatus::Malformed);
    assert_true(b.file_data);
    assert_int_equal(b.data.size(), 0);
    assert_int_equal(b.consumed, 24);
    // An empty line where a size belongs: nothing de-chunked, the rest is data, no file_data.
    assert_int_equal(http::body_prefix(h, "\r\nabc", 512, b), ParseStatus::Malformed);
    assert_false(b.file_data);
    assert_int_equal(b.consumed, 5);
    // "3\r\nabc\r\n0\r": a CR as the last byte is no line end yet, so the walk stops before
    // "0\r"; tshark: "HTTP chunked response" of 8 bytes, file_data "abc".
    assert_int_equal(http::body_prefix(h, "3\r\nabc\r\n0\r", 512, b), ParseStatus::Truncated);
    assert_string_equal(b.data.c_str(), "abc");
    assert_int_equal(b.consumed, 8);
    // A clean body for contrast.
    assert_int_equal(http::body_prefix(h, "3\r\nabc\r\n0\r\n\r\n", 512, b), ParseStatus::Ok);
    assert_string_equal(b.data.c_str(), "abc");
}

static void test_body_prefix_transfer_encoding_case(void **) {
    // Crafted "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n":
    // tshark says "Unknown transfer coding name" and shows the 15 raw bytes as file_data.
    const std::string msg =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
    http::Head h;
    http::BodyPrefix b;
    assert_int_equal(decode(msg, 512, h, b), ParseStatus::Ok);
    assert_int_equal(b.framing, Framing::ToEnd);
    assert_string_equal(b.data.c_str(), "5\r\nhello\r\n0\r\n\r\n");
    // A transfer coding Wireshark recognises but does not decode: no file_data.
    const std::string gz = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                           "3\r\nabc\r\n0\r\n\r\n";
    assert_int_equal(decode(gz, 512, h, b), ParseStatus::Unsupported);
    assert_int_equal(b.coding, Coding::TransferCoded);
    assert_false(b.file_data);
    assert_int_equal(b.consumed, 13);
}

// ---- content codings ----------------------------------------------------------------------

static void test_body_prefix_gzip(void **) {
    // ndpi-corpus/ookla.pcap frame 29 (tcp.payload, 363 bytes). tshark: code 200,
    // http.server="Apache/2.2.22 (Ubuntu)", http.content_type=text/plain, content encoding
    // gzip, "Content-encoded entity body (gzip): 28 bytes -> 10 bytes", http.file_data
    // 746573743d746573740a ("test=test\n").
    const std::string msg = bin(
        "485454502f312e3120323030204f4b0d0a446174653a205361742c2030312041707220323031372031373a35"
        "313a303820474d540d0a5365727665723a204170616368652f322e322e323220285562756e7475290d0a4c61"
        "73742d4d6f6469666965643a204672692c203238204a756c20323030362031353a33313a323220474d540d0a"
        "455461673a202236303633332d612d34313961363031326638363830220d0a4163636570742d52616e676573"
        "3a2062797465730d0a566172793a204163636570742d456e636f64696e670d0a436f6e74656e742d456e636f"
        "64696e673a20677a69700d0a436f6e74656e742d4c656e6774683a2032380d0a4b6565702d416c6976653a20"
        "74696d656f75743d352c206d61783d39390d0a436f6e6e656374696f6e3a204b6565702d416c6976650d0a43"
        "6f6e74656e742d547970653a20746578742f706c61696e0d0a0d0a1f8b08000000000000032b492d2eb12d01"
        "125c009c3d5b750a000000");
    http::Head h;
    http::BodyPrefix b;
    assert_int_equal(decode(msg, 512, h, b), ParseStatus::Ok);
    assert_int_equal(h.kind, Kind::Response);
    assert_int_equal(h.status, 200);
    assert_string_equal(str(h.get("Server")).c_str(), "Apache/2.2.22 (Ubuntu)");
    assert_string_equal(str(h.get("Content-Type")).c_str(), "text/plain");
    assert_int_equal(h.head_len, 335);
    assert_int_equal(b.coding, Coding::Zlib);
    assert_true(b.file_data);
    assert_false(b.capped);
    assert_string_equal(b.data.c_str(), "test=test\n");
    assert_int_equal(b.consumed, 28);
}

static void test_body_prefix_chunked_gzip(void **) {
    // ja4/http1.pcapng frame 160 (tcp.reassembled.data, 794 bytes): 404, chunked + gzip.
    // tshark: http.server=cloudflare, http.content_type=text/html; charset=utf-8, http.file_data
    // 409 bytes starting 3c68746d6c3e0a3c686561643e3c7469746c653e343034204e6f7420466f756e64
    // ("<html>\n<head><title>404 Not Found").
    const std::string msg = bin(
        "485454502f312e3120343034204e6f7420466f756e640d0a446174653a205765642c203037204a756e203230"
        "32332031363a34353a343320474d540d0a436f6e74656e742d547970653a20746578742f68746d6c3b206368"
        "61727365743d7574662d380d0a5472616e736665722d456e636f64696e673a206368756e6b65640d0a436f6e"
        "6e656374696f6e3a20636c6f73650d0a782d616d7a2d726571756573742d69643a203642394536325a583333"
        "4331365253530d0a782d616d7a2d69642d323a20583551705a43665a4f2b3446455a76534647526d69583753"
        "6779616d6e2f766157616c6d412f414f5265587a4c4a41717264697250504a6c596f422f654a6c7431587546"
        "6e547538557a513d0d0a43462d43616368652d5374617475733a204849540d0a4167653a2036350d0a457870"
        "697265733a205765642c203037204a756e20323032332032303a34353a343320474d540d0a43616368652d43"
        "6f6e74726f6c3a207075626c69632c206d61782d6167653d31343430300d0a566172793a204163636570742d"
        "456e636f64696e670d0a5365727665723a20636c6f7564666c6172650d0a43462d5241593a20376433613564"
        "666462633363303630312d4941440d0a436f6e74656e742d456e636f64696e673a20677a69700d0a0d0a3132"
        "630d0a1f8b08000000000000036d915d4fc2301486eff915bd37522788bad425b03095281f1b86b9bbd21e68"
        "63d78eb545e1d71b361212e3ddc99be77d2ede43842b55d42102288f88934e41d4bfe9a3a97128315e7382db"
        "90e006e990b5e1875321f8cb8920ea107f922919c5864388a626f34cac606da583d8e88ddcfa9a3a6934c14a"
        "b6e43b584bb710a2a500642b60722381a3b5675fe010376091360e09ba0744d177eb42ec7fd9a8694d690921"
        "aac11a5f33b0d78ceb6ea5e08756559799f282a7b0f360dd2b0fd160f4381edc1679af17078334cb2ed08b69"
        "89fc6e5115f1a6985df59371b1cf92e7b494f97db63dd052e33d5d51550ef17096427e7c9b0c773597f57c3e"
        "519f668461a25c90fb442ffdc3c771f174b6e3662e51e3d37d1e16b71ff905be387969990100000d0a300d0a"
        "0d0a");
    const std::string want = "<html>\n<head><title>404 Not Found";
    http::Head h;
    http::BodyPrefix b;
    assert_int_equal(decode(msg, 512, h, b), ParseStatus::Ok);
    assert_string_equal(str(h.get("Server")).c_str(), "cloudflare");
    assert_string_equal(str(h.get("Content-Type")).c_str(), "text/html; charset=utf-8");
    assert_int_equal(h.head_len, 482);
    assert_int_equal(b.framing, Framing::Chunked);
    assert_int_equal(b.coding, Coding::Zlib);
    assert_true(b.file_data);
    assert_int_equal(b.data.size(), 409);
    assert_false(b.capped);
    assert_memory_equal(b.data.data(), want.data(), want.size());
    assert_int_equal(b.consumed, 312);
    // Capped: the same first bytes, no more.
    assert_int_equal(decode(msg, 20, h, b), ParseStatus::Ok);
    assert_int_equal(b.data.size(), 20);
    assert_true(b.capped);
    assert_memory_equal(b.data.data(), want.data(), 20);
}

static void test_body_prefix_deflate(void **) {
    // Crafted (no capture has deflate): "hello deflate\n" as zlib (Python zlib.compress) and as
    // raw deflate (wbits -15), Content-Encoding: deflate. tshark: "Content-encoded entity body
    // (deflate): 22 bytes -> 14 bytes" and "16 bytes -> 14 bytes", file_data "hello deflate\n".
    http::Head h;
    http::BodyPrefix b;
    const std::string zlib_body = bin("789ccb48cdc9c95748494dcb492c49e5020028200514");
    const std::string raw_body = bin("cb48cdc9c95748494dcb492c49e50200");
    assert_int_equal(decode(response_with("Content-Encoding: deflate\r\n", zlib_body), 512, h, b),
                     ParseStatus::Ok);
    assert_int_equal(b.coding, Coding::Zlib);
    assert_string_equal(b.data.c_str(), "hello deflate\n");
    assert_int_equal(decode(response_with("Content-Encoding: deflate\r\n", raw_body), 512, h, b),
                     ParseStatus::Ok);
    assert_true(b.file_data);
    assert_string_equal(b.data.c_str(), "hello deflate\n");
    // Names are compared whole and case-insensitively: "GZIP" decodes (zlib data under a gzip
    // name is fine for Wireshark too), "gzip " and "" fail ("Decompression failed"), br is not
    // decoded here, identity is plain.
    assert_int_equal(decode(response_with("Content-Encoding: GZIP\r\n", zlib_body), 512, h, b),
                     ParseStatus::Ok);
    assert_string_equal(b.data.c_str(), "hello deflate\n");
    assert_int_equal(decode(response_with("Content-Encoding: gzip \r\n", zlib_body), 512, h, b),
                     ParseStatus::Unsupported);
    assert_int_equal(b.coding, Coding::Other);
    assert_false(b.file_data);
    assert_int_equal(decode(response_with("Content-Encoding: \r\n", "hello"), 512, h, b),
                     ParseStatus::Unsupported);
    assert_false(b.file_data);
    assert_int_equal(decode(response_with("Content-Encoding: br\r\n", "hello"), 512, h, b),
                     ParseStatus::Unsupported);
    assert_int_equal(b.coding, Coding::Brotli);
    assert_int_equal(decode(response_with("Content-Encoding: identity\r\n", "hello"), 512, h, b),
                     ParseStatus::Ok);
    assert_string_equal(b.data.c_str(), "hello");
}

static void test_body_prefix_unknown_coding(void **) {
    // ndpi-corpus/1kxun.pcap frame 1049 (tcp.reassembled.data, 523 bytes; the 372-byte body cut
    // to its first 16 here). tshark: POST /mstat/report, http.host=pingma.qq.com:80, content
    // encoding "rc4,gzip", no http.file_data.
    const std::string msg = bin(
        "504f5354202f6d737461742f7265706f727420485454502f312e310d0a4163636570742d456e636f64696e67"
        "3a20677a69700d0a436f6e6e656374696f6e3a204b6565702d416c6976650d0a436f6e74656e742d456e636f"
        "64696e673a207263342c677a69700d0a436f6e74656e742d4c656e6774683a203337320d0a486f73743a2070"
        "696e676d612e71712e636f6d3a38300d0a0d0abd1a749f0da9a57702eb23b0e3ac1681");
    http::Head h;
    http::BodyPrefix b;
    assert_int_equal(decode(msg, 512, h, b), ParseStatus::Unsupported);
    assert_string_equal(str(h.uri).c_str(), "/mstat/report");
    assert_string_equal(str(h.get("Host")).c_str(), "pingma.qq.com:80");
    assert_int_equal(b.coding, Coding::Other);
    assert_false(b.file_data);
    assert_int_equal(b.consumed, 16);
}

static void test_body_prefix_gzip_header_flags(void **) {
    // Crafted gzip members of "hello deflate\n". With FNAME "hello.txt": tshark "44 bytes -> 14
    // bytes". With FHCRC (which tvb_uncompress does not skip): "Decompression failed".
    // Each was a 200 OK with Content-Encoding and Content-Length.
    http::Head h;
    http::BodyPrefix b;
    const std::string fname = bin("1f8b080800000000000368656c6c6f2e74787400cb48cdc9c95748494dcb492c"
                                  "49e50200a3e4158f0e000000");
    assert_int_equal(decode(response_with("Content-Encoding: gzip\r\n", fname), 512, h, b),
                     ParseStatus::Ok);
    assert_string_equal(b.data.c_str(), "hello deflate\n");
    // FEXTRA "ab", FNAME "name", FCOMMENT "comment" (flags 1c): tshark "51 bytes -> 14 bytes".
    const std::string all = bin("1f8b081c000000000003020061626e616d6500636f6d6d656e7400cb48cdc9c9"
                                "5748494dcb492c49e50200a3e4158f0e000000");
    assert_int_equal(decode(response_with("Content-Encoding: gzip\r\n", all), 512, h, b),
                     ParseStatus::Ok);
    assert_string_equal(b.data.c_str(), "hello deflate\n");
    // FEXTRA of 0x0102 bytes (both length bytes count): tshark "294 bytes -> 14 bytes".
    const std::string deflated = bin("cb48cdc9c95748494dcb492c49e50200");
    const std::string trailer = bin("a3e4158f0e000000");
    const std::string xbig =
        bin("1f8b08040000000000030201") + std::string(258, 'x') + deflated + trailer;
    assert_int_equal(decode(response_with("Content-Encoding: gzip\r\n", xbig), 512, h, b),
                     ParseStatus::Ok);
    assert_string_equal(b.data.c_str(), "hello deflate\n");
    // Compression method 7 instead of 8: tshark "Decompression failed".
    const std::string cm7 = bin("1f8b0700000000000003") + deflated + trailer;
    assert_int_equal(decode(response_with("Content-Encoding: gzip\r\n", cm7), 512, h, b),
                     ParseStatus::Malformed);
    assert_false(b.file_data);
    const std::string fhcrc = bin("1f8b0802000000000003aabbcb48cdc9c95748494dcb492c49e50200a3e415"
                                  "8f0e000000");
    assert_int_equal(decode(response_with("Content-Encoding: x-gzip\r\n", fhcrc), 512, h, b),
                     ParseStatus::Malformed);
    assert_false(b.file_data);
    assert_int_equal(b.data.size(), 0);
}

static void test_body_prefix_gzip_truncated_and_corrupt(void **) {
    // Crafted: gzip of bytes 00..ff repeated 8 times (Python gzip.compress, mtime 0), cut to 200
    // bytes. tshark: "200 bytes -> 184 bytes", file_data 000102...b7.
    const std::string cut = bin(
        "1f8b08000000000002036360646266616563e7e0e4e2e6e1e5e3171014121611151397909492969195935750"
        "545256515553d7d0d4d2d6d1d5d33730343236313533b7b0b4b2b6b1b5b37770747276717573f7f0f4f2f6f1"
        "f5f30f080c0a0e090d0b8f888c8a8e898d8b4f484c4a4e494d4bcfc8cccacec9cdcb2f282c2a2e292d2bafa8"
        "acaaaea9adab6f686c6a6e696d6befe8eceaeee9edeb9f3071d2e42953a74d9f3173d6ec3973e7cd5fb070d1"
        "e2254b972d5fb172d5ea356bd7addfb071d3e62d5bb76ddf");
    assert_int_equal(cut.size(), 200);
    http::Head h;
    http::BodyPrefix b;
    assert_int_equal(decode(response_with("Content-Encoding: gzip\r\n", cut), 512, h, b),
                     ParseStatus::Truncated);
    assert_true(b.file_data);
    assert_int_equal(b.data.size(), 184);
    for (size_t i = 0; i < b.data.size(); ++i)
        assert_int_equal(static_cast<uint8_t>(b.data[i]), i);
    // Crafted: a gzip header, a stored block of 100 'A' (00 6400 9bff ...) then a block of the
    // reserved type (07). tshark: "Decompression failed" (the error is in the first output pass,
    // so Wireshark keeps nothing). The same here when cap reaches the error...
    const std::string corrupt = bin("1f8b0800000000000003") + bin("0064009bff") +
                                std::string(100, 'A') + bin("070000000000000000");
    assert_int_equal(decode(response_with("Content-Encoding: gzip\r\n", corrupt), 512, h, b),
                     ParseStatus::Malformed);
    assert_false(b.file_data);
    // ...but with a cap before it the error is never reached (a documented difference).
    assert_int_equal(decode(response_with("Content-Encoding: gzip\r\n", corrupt), 50, h, b),
                     ParseStatus::Ok);
    assert_true(b.file_data);
    assert_true(b.capped);
    assert_string_equal(b.data.c_str(), std::string(50, 'A').c_str());
    // Crafted: 40000 zeros (raw deflate, sync flush) then a reserved block type, 79 bytes in all.
    // tshark: "79 bytes -> 32768 bytes": the error is in the second output pass of
    // clamp(2 x 79, 32 KiB, 10 MiB) bytes, so Wireshark keeps the first pass whole.
    const std::string late = bin("1f8b0800000000000003ecc13101000000c2a0f54fed650ba000000000000000"
                                 "0000000000000000000000000000000000000000000000000000000000000080"
                                 "1b000000ffff070000000000000000");
    assert_int_equal(late.size(), 79);
    assert_int_equal(decode(response_with("Content-Encoding: gzip\r\n", late), 40000, h, b),
                     ParseStatus::Malformed);
    assert_true(b.file_data);
    assert_int_equal(b.data.size(), http::kInflatePassMin);
    assert_true(b.data == std::string(http::kInflatePassMin, '\0'));
    assert_int_equal(decode(response_with("Content-Encoding: gzip\r\n", late), 512, h, b),
                     ParseStatus::Ok);
    assert_true(b.capped);
    assert_int_equal(b.data.size(), 512);
    // Crafted: reserved block type straight after the header. tshark: "Decompression failed".
    const std::string bad = bin("1f8b0800000000000003070000000000000000");
    assert_int_equal(decode(response_with("Content-Encoding: gzip\r\n", bad), 512, h, b),
                     ParseStatus::Malformed);
    assert_false(b.file_data);
}

static void test_body_prefix_gzip_bomb(void **) {
    // 16 MiB of zeros in ~16 KiB of gzip: the output stops at cap, and cap at kMaxBodyCap.
    const std::string bomb = gzip_zeros(16u << 20);
    assert_true(bomb.size() < 32 * 1024);
    const std::string msg = response_with("Content-Encoding: gzip\r\n", bomb);
    http::Head h;
    http::BodyPrefix b;
    assert_int_equal(decode(msg, 512, h, b), ParseStatus::Ok);
    assert_true(b.file_data);
    assert_true(b.capped);
    assert_int_equal(b.data.size(), 512);
    assert_true(b.data == std::string(512, '\0'));
    assert_int_equal(b.consumed, bomb.size());
    assert_int_equal(decode(msg, SIZE_MAX, h, b), ParseStatus::Ok);
    assert_int_equal(b.data.size(), http::kMaxBodyCap);
    assert_true(b.capped);
    // The same bomb chunked in 1000-byte pieces.
    std::string chunked;
    for (size_t i = 0; i < bomb.size(); i += 1000) {
        const std::string piece = bomb.substr(i, 1000);
        char size[24]; // room for any size_t in hex: g++ 14 checks
        std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
        chunked += size + piece + "\r\n";
    }
    chunked += "0\r\n\r\n";
    const std::string cmsg = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
                             "Transfer-Encoding: chunked\r\n\r\n" + chunked;
    assert_int_equal(decode(cmsg, 4096, h, b), ParseStatus::Ok);
    assert_int_equal(b.data.size(), 4096);
    assert_true(b.capped);
    assert_int_equal(b.consumed, chunked.size());
}

// ---- MessageIterator ----------------------------------------------------------------------

static void test_message_iterator_pipelined(void **) {
    // ja4/http1.pcapng frames 69 and 73 (tcp.payload, 232 + 250 bytes) sent in one segment.
    // tshark on that segment: http.request=1,1 http.request.method=GET,GET
    // http.request.uri=/generate_204,/rootDesc.xml
    // http.host=connectivitycheck.gstatic.com,192.168.1.1:41547
    const std::string buf = bin(kGetGenerate204) + bin(kGetRootDesc);
    http::MessageIterator it(buf);
    http::Message m;
    assert_true(it.next(m));
    assert_int_equal(m.head_status, ParseStatus::Ok);
    assert_int_equal(m.offset, 0);
    assert_int_equal(m.length(), 232);
    assert_string_equal(str(m.head.uri).c_str(), "/generate_204");
    assert_string_equal(str(m.head.get("Host")).c_str(), "connectivitycheck.gstatic.com");
    assert_true(it.next(m));
    assert_int_equal(m.offset, 232);
    assert_int_equal(m.length(), 250);
    assert_string_equal(str(m.head.uri).c_str(), "/rootDesc.xml");
    assert_string_equal(str(m.head.get("Host")).c_str(), "192.168.1.1:41547");
    assert_false(it.next(m));
    assert_int_equal(it.offset(), buf.size());
    assert_int_equal(it.count(), 2);
}

static void test_message_iterator_response_then_request(void **) {
    // Crafted "HTTP/1.1 204 No Content\r\n\r\nGET /next HTTP/1.1\r\nHost: n\r\n\r\n": tshark
    // shows http.response=1 (code 204) and http.request=1 (GET /next, host n).
    const std::string buf = "HTTP/1.1 204 No Content\r\n\r\nGET /next HTTP/1.1\r\nHost: n\r\n\r\n";
    http::MessageIterator it(buf);
    http::Message m;
    assert_true(it.next(m));
    assert_int_equal(m.head.status, 204);
    assert_int_equal(m.body.framing, Framing::None);
    assert_true(it.next(m));
    assert_int_equal(m.head.kind, Kind::Request);
    assert_string_equal(str(m.head.get("Host")).c_str(), "n");
    assert_false(it.next(m));
}

static void test_message_iterator_stops(void **) {
    http::Message m;
    // Bytes that are not a message end the walk (Wireshark's "Continuation").
    const std::string junk = "GET / HTTP/1.1\r\n\r\nhello";
    http::MessageIterator a(junk);
    assert_true(a.next(m));
    assert_false(a.next(m));
    assert_int_equal(a.offset(), 18);
    // An aborted chunked body ends it too, even if a message seems to follow.
    const std::string aborted = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "ff\r\nab\r\nGET / HTTP/1.1\r\n\r\n";
    http::MessageIterator b(aborted);
    assert_true(b.next(m));
    assert_true(m.body.aborted);
    assert_int_equal(m.body.length, aborted.size() - m.head.head_len);
    assert_false(b.next(m));
    // kMaxMessages, each making progress.
    std::string many;
    for (size_t i = 0; i <= http::kMaxMessages; ++i)
        many += "GET / HTTP/1.1\r\n\r\n";
    http::MessageIterator c(many);
    size_t n = 0, last = 0;
    while (c.next(m)) {
        assert_true(m.length() >= 1);
        assert_true(n == 0 || m.offset > last);
        last = m.offset;
        ++n;
    }
    assert_int_equal(n, http::kMaxMessages);
    // Empty input.
    http::MessageIterator d("");
    assert_false(d.next(m));
}

static void test_field_abbrev(void **) {
    assert_string_equal(http::field_abbrev(http::Field::Host), "http.host");
    assert_string_equal(http::field_abbrev(http::Field::ContentLength),
                        "http.content_length_header");
    assert_string_equal(http::field_abbrev(http::Field::Http2Settings), "http.http2_settings");
    assert_string_equal(http::field_abbrev(http::Field::Unknown), "");
    assert_int_equal(http::field_for_name("x-forwarded-FOR"), http::Field::XForwardedFor);
    assert_int_equal(http::field_for_name("Via"), http::Field::Unknown); // no http.via in 4.0
    assert_int_equal(http::field_for_name("Hos"), http::Field::Unknown);
}

// claims_unseen_payload: packet-http.c's first-line test on a conversation without a request
// (have_seen_http false), case by case from dissect_http_message: binary first byte, start line
// (its method list, "HTTP/", "ICY"), header-like "token:" first line, separators, one leading CRLF
// only in payloads longer than 3 bytes.
static void test_claims_unseen_payload(void **) {
    using http::claims_unseen_payload;
    const char tls_record[] = {0x16, 0x03, 0x01, 0x00, 0x05}; // a TLS record header: binary
    assert_false(claims_unseen_payload(std::string_view(tls_record, sizeof tls_record)));
    assert_false(claims_unseen_payload(""));
    assert_true(claims_unseen_payload("GET /index.html HTTP/1.1\r\nHost: a\r\n\r\n"));
    assert_true(claims_unseen_payload("HTTP/1.1 200 OK\r\n"));
    assert_true(claims_unseen_payload("NOTIFY * HTTP/1.1\r\n"));
    assert_true(claims_unseen_payload("Content-Type: text/html\r\n")); // a continued head
    assert_true(claims_unseen_payload("X-Foo:"));            // ':' ends the token
    assert_false(claims_unseen_payload("hello world\r\n")); // ' ' is a separator before any ':'
    assert_false(claims_unseen_payload("a/b: c\r\n"));      // '/' is a separator
    assert_false(claims_unseen_payload("abcdef"));           // no ':' before the end
    assert_false(claims_unseen_payload("abc\r\ndef: x"));   // ':' only on a later line
    assert_false(claims_unseen_payload("abc\tdef: x"));      // TAB is not printable
    assert_true(claims_unseen_payload("\r\nHost: x"));       // one leading CRLF skipped (n > 3)
    assert_true(claims_unseen_payload("\r\nA:"));            // n == 4 > 3: "A:" after the CRLF
    assert_false(claims_unseen_payload("\r\nA"));            // n == 3: no skip, CR is not printable
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_head_request_host),
        cmocka_unit_test(test_parse_head_truncated_every_boundary),
        cmocka_unit_test(test_parse_head_truncated_header_line),
        cmocka_unit_test(test_parse_head_header_without_colon),
        cmocka_unit_test(test_parse_head_invalid_name_empty_uri_leading_crlf),
        cmocka_unit_test(test_parse_head_header_count_cap),
        cmocka_unit_test(test_parse_head_length_cap),
        cmocka_unit_test(test_parse_head_not_a_start_line),
        cmocka_unit_test(test_parse_head_extra_start_line),
        cmocka_unit_test(test_parse_head_icy_response),
        cmocka_unit_test(test_parse_head_ssdp_notify),
        cmocka_unit_test(test_parse_head_ssdp_notify_bad_name),
        cmocka_unit_test(test_parse_head_ssdp_m_search),
        cmocka_unit_test(test_parse_head_ssdp_response),
        cmocka_unit_test(test_body_prefix_content_length_short),
        cmocka_unit_test(test_body_extent_no_body_status),
        cmocka_unit_test(test_body_extent_invalid_content_length),
        cmocka_unit_test(test_body_prefix_chunked),
        cmocka_unit_test(test_body_prefix_bad_chunk_size),
        cmocka_unit_test(test_body_prefix_transfer_encoding_case),
        cmocka_unit_test(test_body_prefix_gzip),
        cmocka_unit_test(test_body_prefix_chunked_gzip),
        cmocka_unit_test(test_body_prefix_deflate),
        cmocka_unit_test(test_body_prefix_unknown_coding),
        cmocka_unit_test(test_body_prefix_gzip_header_flags),
        cmocka_unit_test(test_body_prefix_gzip_truncated_and_corrupt),
        cmocka_unit_test(test_body_prefix_gzip_bomb),
        cmocka_unit_test(test_message_iterator_pipelined),
        cmocka_unit_test(test_message_iterator_response_then_request),
        cmocka_unit_test(test_message_iterator_stops),
        cmocka_unit_test(test_field_abbrev),
        cmocka_unit_test(test_claims_unseen_payload),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
