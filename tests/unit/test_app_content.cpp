// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for cleartext application recognition from a payload's first line: HTTP/1.x request,
// status, chunk and header lines (RFC 9112 §3, §4, §7.1, §5), the HTTP/2 preface (RFC 9113
// §3.4), SSH banners (RFC 4253 §4.2), and the near misses that must stay unrecognised.
#include "cmocka_cxx.h"
#include "app_content.h"

#include <cstring>
#include <string>

namespace ct = huntpack::content;
using ct::App;
using ct::Evidence;

namespace {

const uint8_t *u8(const std::string &s) { return reinterpret_cast<const uint8_t *>(s.data()); }

ct::Verdict detect(const std::string &s) { return ct::detect_cleartext(u8(s), s.size()); }
bool request(const std::string &s) { return ct::is_http_request_line(u8(s), s.size()); }
bool status(const std::string &s) { return ct::is_http_status_line(u8(s), s.size()); }
bool chunk(const std::string &s) { return ct::is_http_chunk_line(u8(s), s.size()); }
bool header(const std::string &s) { return ct::is_http_header_line(u8(s), s.size()); }

void assert_verdict(const std::string &s, App app, Evidence ev) {
    const ct::Verdict v = detect(s);
    assert_int_equal(v.app, app);
    assert_int_equal(v.evidence, ev);
}

} // namespace

// ---- request lines ---------------------------------------------------------------------------

static void test_is_http_request_line_methods(void **) {
    assert_true(request("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"));
    assert_true(request("GET /index.html?q=1 HTTP/1.0\r\n"));
    assert_true(request("POST /api/v1/items HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}"));
    assert_true(request("HEAD /x HTTP/1.1\r\n"));
    assert_true(request("OPTIONS * HTTP/1.1\r\n"));
    // SSDP discovery (UPnP 1.1 §1.3.2): asterisk-form target.
    assert_true(request("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"));
    // authority-form (RFC 9112 §3.2.3).
    assert_true(request("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"));
    assert_verdict("POST /login HTTP/1.1\r\n", App::Http, Evidence::HttpRequestLine);
}

static void test_is_http_request_line_lf_only(void **) {
    // Line length without CR: "GET / HTTP/1.1" is 14, the shortest accepted.
    assert_true(request("GET / HTTP/1.1\n"));
    assert_true(request("M-SEARCH * HTTP/1.1\nST: ssdp:all\n"));
    assert_verdict("GET / HTTP/1.0\n\n", App::Http, Evidence::HttpRequestLine);
}

static void test_is_http_request_line_negatives(void **) {
    assert_false(request("GETX / HTTP/1.1\r\n"));       // no such method, no SP after GET
    assert_false(request("GET / HTTP/2.0\r\n"));        // not HTTP/1.x
    assert_false(request("GET / HTTP/1.2\r\n"));        // 1.2 does not exist
    assert_false(request("GET  / HTTP/1.1\r\n"));       // empty target
    assert_false(request("GET /a b HTTP/1.1\r\n"));     // SP inside the target
    assert_false(request("GET /a\tb HTTP/1.1\r\n"));    // HT (0x09) inside the target
    assert_false(request("GET /a\x7f" "b HTTP/1.1\r\n")); // DEL inside the target
    assert_false(request("get / HTTP/1.1\r\n"));        // methods are case-sensitive
    assert_false(request("GET / HTTP/1.1"));            // no line end at all
    assert_false(request("GET /\r\n"));                 // HTTP/0.9 form: no version
    assert_false(request(""));
    assert_false(ct::is_http_request_line(nullptr, 20));
    // GETX is not a known method, and nothing else claims it either.
    assert_verdict("GETX / HTTP/1.1\r\n", App::None, Evidence::None);
    assert_verdict("GET / HTTP/2.0\r\n", App::None, Evidence::None);
}

static void test_is_http_request_line_control_char_in_target(void **) {
    // "GET /a<NUL>b HTTP/1.1\r\n": 0x00 in the target.
    const uint8_t b[] = {'G', 'E', 'T', ' ', '/', 'a', 0x00, 'b', ' ', 'H', 'T', 'T',
                         'P', '/', '1', '.', '1', '\r', '\n'};
    assert_false(ct::is_http_request_line(b, sizeof b));
    assert_int_equal(ct::detect_cleartext(b, sizeof b).app, App::None);
    // Same with 0x1f (unit separator).
    uint8_t c[sizeof b];
    std::memcpy(c, b, sizeof b);
    c[6] = 0x1f;
    assert_false(ct::is_http_request_line(c, sizeof c));
    c[6] = '_'; // and with a printable byte it is a request line
    assert_true(ct::is_http_request_line(c, sizeof c));
}

static void test_is_http_request_line_too_long(void **) {
    // Target of kMaxLineLen + 100 bytes: no line end within the first kMaxLineLen bytes.
    const std::string longline =
        "GET /" + std::string(ct::kMaxLineLen + 100, 'a') + " HTTP/1.1\r\n";
    assert_false(request(longline));
    assert_int_equal(detect(longline).app, App::None);
    // 8000 octets is the length RFC 9112 §3 recommends supporting: "GET /" (5) + 7986 +
    // " HTTP/1.1" (9) = 8000, then CRLF.
    const std::string rfc = "GET /" + std::string(7986, 'a') + " HTTP/1.1\r\n";
    assert_int_equal(rfc.size(), 8002);
    assert_true(request(rfc));
}

// ---- status lines ----------------------------------------------------------------------------

static void test_is_http_status_line_valid(void **) {
    assert_true(status("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    assert_true(status("HTTP/1.0 404 Not Found\r\n"));
    assert_true(status("HTTP/1.1 200\r\n"));  // reason-phrase is optional; 12 chars
    assert_true(status("HTTP/1.1 200 \r\n")); // ... and may be empty after the SP
    assert_true(status("HTTP/1.1 101 Switching Protocols\n"));
    assert_true(status("HTTP/1.1 503 Service Unavailable\r\n"));
    assert_verdict("HTTP/1.1 200 OK\r\n", App::Http, Evidence::HttpStatusLine);
    assert_verdict("HTTP/1.1 200\r\n", App::Http, Evidence::HttpStatusLine);
}

static void test_is_http_status_line_negatives(void **) {
    assert_false(status("HTTP/1.1 999 X\r\n")); // first digit must be 1..5
    assert_false(status("HTTP/1.1 099 X\r\n"));
    assert_false(status("HTTP/1.1 20 OK\r\n"));  // two digits
    assert_false(status("HTTP/1.1 2000 OK\r\n")); // four digits
    assert_false(status("HTTP/1.1 2x0 OK\r\n"));
    assert_false(status("HTTP/2 200\r\n"));
    assert_false(status("HTTP/1.1  200 OK\r\n")); // two SPs
    assert_false(status("HTTP/1.1 200 OK"));       // no line end
    assert_false(status(""));
    assert_false(ct::is_http_status_line(nullptr, 17));
    assert_verdict("HTTP/1.1 999 X\r\n", App::None, Evidence::None);
}

// ---- chunk lines -----------------------------------------------------------------------------

static void test_is_http_chunk_line_valid(void **) {
    assert_true(chunk("1a2b\r\n"));        // 0x1a2b = 6699 bytes follow
    assert_true(chunk("0\r\n\r\n"));       // last-chunk, empty trailer
    assert_true(chunk("A\r\nabcdefghij\r\n"));
    assert_true(chunk("1a2b;name=value\r\n")); // chunk-ext
    assert_true(chunk("ff;a=\"x y\"\r\n"));
    assert_true(chunk("ffffffffffffffff\r\n")); // 16 hex digits, the cap
    assert_verdict("1a2b\r\n", App::Http, Evidence::HttpChunkLine);
    assert_verdict("0\r\n\r\n", App::Http, Evidence::HttpChunkLine);
}

static void test_is_http_chunk_line_negatives(void **) {
    assert_false(chunk("1a2b\n"));               // bare LF is too weak for a chunk line
    assert_false(chunk("1a2b"));                 // no line end
    assert_false(chunk("\r\n"));                 // no digits
    assert_false(chunk("1g\r\n"));               // g is not a hex digit
    assert_false(chunk("10000000000000000\r\n")); // 17 hex digits
    assert_false(chunk("1a;x\x01y\r\n"));         // control char in the extension
    assert_false(chunk(""));
    assert_false(ct::is_http_chunk_line(nullptr, 6));
}

// ---- header lines ----------------------------------------------------------------------------

static void test_is_http_header_line_valid(void **) {
    assert_true(header("Content-Type: text/html\r\n"));
    assert_true(header("X-Custom_1!:\tvalue\r\n"));
    assert_true(header("Via:\r\n")); // empty field-value
    assert_verdict("Content-Type: text/html\r\n", App::Http, Evidence::HttpHeaderLine);
    // A header line that also parses as hex-then-':' is not a chunk line: "Cafe: 1\r\n".
    assert_verdict("Cafe: 1\r\n", App::Http, Evidence::HttpHeaderLine);
}

static void test_is_http_header_line_negatives(void **) {
    assert_false(header("Content Type: x\r\n"));   // SP in the field-name
    assert_false(header(": value\r\n"));           // empty field-name
    assert_false(header("Content-Type text\r\n")); // no colon
    assert_false(header("Content-Type: text\n"));  // bare LF
    assert_false(header("X: a\x01" "b\r\n"));        // control char in the value
    assert_false(header("X: a\x7f" "b\r\n"));        // DEL in the value
    assert_false(header(""));
    assert_false(ct::is_http_header_line(nullptr, 10));
}

// ---- HTTP/2 and SSH --------------------------------------------------------------------------

static void test_detect_cleartext_http2_preface(void **) {
    // RFC 9113 §3.4: 0x505249202a20485454502f322e300d0a0d0a534d0d0a0d0a (24 octets),
    // here followed by an empty SETTINGS frame: length 000000, type 04, flags 00, stream 0.
    const uint8_t p[] = {'P', 'R', 'I', ' ', '*', ' ', 'H', 'T', 'T', 'P', '/', '2', '.',
                         '0', '\r', '\n', '\r', '\n', 'S', 'M', '\r', '\n', '\r', '\n',
                         0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00};
    const ct::Verdict v = ct::detect_cleartext(p, sizeof p);
    assert_int_equal(v.app, App::Http2);
    assert_int_equal(v.evidence, Evidence::Http2Preface);
    assert_int_equal(ct::detect_cleartext(p, 24).app, App::Http2); // exactly the preface
    assert_int_equal(ct::detect_cleartext(p, 23).app, App::None);  // one octet short
}

static void test_detect_cleartext_ssh_banner(void **) {
    assert_verdict("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", App::Ssh, Evidence::SshBanner);
    assert_verdict("SSH-1.99-Cisco-1.25\r\n", App::Ssh, Evidence::SshBanner);
    assert_verdict("SSH-1.5-OldServer\r\n", App::None, Evidence::None); // SSH-1 only
    assert_verdict("SSH-2.0", App::None, Evidence::None);              // no '-' after version
}

// ---- negatives -------------------------------------------------------------------------------

static void test_detect_cleartext_binary_junk(void **) {
    // A TLS application-data header and ciphertext: 17 03 03 00 20 | 8f 3c ...
    const uint8_t tls[] = {0x17, 0x03, 0x03, 0x00, 0x20, 0x8f, 0x3c, 0xd1, 0x00, 0xe2, 0x7a};
    assert_int_equal(ct::detect_cleartext(tls, sizeof tls).app, App::None);
    const uint8_t zeros[16] = {};
    assert_int_equal(ct::detect_cleartext(zeros, sizeof zeros).app, App::None);
}

static void test_detect_cleartext_empty_and_null(void **) {
    const uint8_t b[] = {'G'};
    const ct::Verdict e = ct::detect_cleartext(b, 0);
    assert_int_equal(e.app, App::None);
    assert_int_equal(e.evidence, Evidence::None);
    const ct::Verdict n = ct::detect_cleartext(nullptr, 100);
    assert_int_equal(n.app, App::None);
    assert_int_equal(n.evidence, Evidence::None);
}

static void test_app_name_and_evidence_name(void **) {
    assert_string_equal(ct::app_name(App::Http), "http");
    assert_string_equal(ct::app_name(App::Tls), "tls");
    assert_string_equal(ct::app_name(App::Http2), "http2");
    assert_string_equal(ct::app_name(App::Ssh), "ssh");
    assert_string_equal(ct::app_name(App::None), "");
    assert_string_equal(ct::evidence_name(Evidence::HttpChunkLine), "http-chunk-line");
    assert_string_equal(ct::evidence_name(Evidence::TlsRecords), "tls-records");
    assert_string_equal(ct::evidence_name(Evidence::None), "");
}

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_http_request_line_methods),
        cmocka_unit_test(test_is_http_request_line_lf_only),
        cmocka_unit_test(test_is_http_request_line_negatives),
        cmocka_unit_test(test_is_http_request_line_control_char_in_target),
        cmocka_unit_test(test_is_http_request_line_too_long),
        cmocka_unit_test(test_is_http_status_line_valid),
        cmocka_unit_test(test_is_http_status_line_negatives),
        cmocka_unit_test(test_is_http_chunk_line_valid),
        cmocka_unit_test(test_is_http_chunk_line_negatives),
        cmocka_unit_test(test_is_http_header_line_valid),
        cmocka_unit_test(test_is_http_header_line_negatives),
        cmocka_unit_test(test_detect_cleartext_http2_preface),
        cmocka_unit_test(test_detect_cleartext_ssh_banner),
        cmocka_unit_test(test_detect_cleartext_binary_junk),
        cmocka_unit_test(test_detect_cleartext_empty_and_null),
        cmocka_unit_test(test_app_name_and_evidence_name),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
