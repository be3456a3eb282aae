// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for content sniffing and the active-content / binary-download verdict: every signature,
// every length boundary (each prefix is copied into an exact-size buffer so sanitizer builds see
// any over-read), benign look-alikes and hostile headers.
#include "cmocka_cxx.h"
#include "trait_magic.h"

#include <cstring>
#include <string>
#include <vector>

using namespace huntpack::traits;

namespace {

std::vector<uint8_t> bytes(const char *s, size_t n) {
    return std::vector<uint8_t>(s, s + n);
}
std::vector<uint8_t> bytes(const std::string &s) {
    return std::vector<uint8_t>(s.begin(), s.end());
}

MagicResult sniff_prefix(const std::vector<uint8_t> &b, size_t n) {
    std::vector<uint8_t> exact(b.begin(), b.begin() + static_cast<long>(n));
    return sniff_magic(exact.empty() ? nullptr : exact.data(), exact.size());
}

// A minimal PE: "MZ", e_lfanew = 0x40 at offset 0x3C, "PE\0\0" at 0x40.
std::vector<uint8_t> pe_image() {
    std::vector<uint8_t> b(0x48, 0);
    b[0] = 'M';
    b[1] = 'Z';
    b[0x3C] = 0x40; // e_lfanew, little endian
    std::memcpy(&b[0x40], "PE\0\0", 4);
    return b;
}

// A ZIP local file header (APPNOTE §4.3.7) whose first entry is `name`.
std::vector<uint8_t> zip_with(const std::string &name) {
    std::string h(30, '\0');
    h.replace(0, 4, "PK\x03\x04");
    h[26] = static_cast<char>(name.size()); // file name length (LE)
    return bytes(h + name);
}

} // namespace

static void test_sniff_magic_pe_every_boundary(void **) {
    std::vector<uint8_t> pe = pe_image();
    for (size_t n = 0; n < 2; ++n)
        assert_int_equal(sniff_prefix(pe, n).kind, MagicKind::Unknown);
    for (size_t n = 2; n < 0x44; ++n) {
        MagicResult r = sniff_prefix(pe, n);
        assert_int_equal(r.kind, MagicKind::Mz); // PE header not yet visible
        assert_true(r.executable);
        assert_false(r.confirmed);
    }
    for (size_t n = 0x44; n <= pe.size(); ++n) {
        MagicResult r = sniff_prefix(pe, n);
        assert_int_equal(r.kind, MagicKind::Pe);
        assert_true(r.confirmed);
    }
}

static void test_sniff_magic_mz_without_pe(void **) {
    std::vector<uint8_t> pe = pe_image();
    pe[0x41] = 'X'; // "PX\0\0": an NE/LE or corrupted header
    MagicResult r = sniff_prefix(pe, pe.size());
    assert_int_equal(r.kind, MagicKind::Mz);
    assert_true(r.confirmed);
    pe[0x3C] = 0xff; // e_lfanew = 0xffffffff: far beyond the bytes, must not overflow
    pe[0x3D] = 0xff;
    pe[0x3E] = 0xff;
    pe[0x3F] = 0xff;
    r = sniff_prefix(pe, pe.size());
    assert_int_equal(r.kind, MagicKind::Mz);
    assert_false(r.confirmed);
}

static void test_sniff_magic_fixed_signatures_every_boundary(void **) {
    struct Sig {
        std::vector<uint8_t> b;
        size_t min_len; // shortest prefix that is recognised
        MagicKind kind;
        bool exec;
    } sigs[] = {
        {bytes("\x7f"
               "ELF\x02\x01\x01",
               7),
         4, MagicKind::Elf, true},
        {bytes("\xfe\xed\xfa\xce\0\0\0\x07", 8), 4, MagicKind::MachO, true},
        {bytes("\xfe\xed\xfa\xcf\0\0\0\x07", 8), 4, MagicKind::MachO, true},
        {bytes("\xce\xfa\xed\xfe\x07\0\0\0", 8), 4, MagicKind::MachO, true},
        {bytes("\xcf\xfa\xed\xfe\x07\0\0\x01", 8), 4, MagicKind::MachO, true},
        {bytes("\xca\xfe\xba\xbf\0\0\0\x02", 8), 4, MagicKind::MachOFat, true},
        {bytes("\xca\xfe\xba\xbe\0\0\0\x02", 8), 4, MagicKind::MachOFat, true},
        {bytes("%PDF-1.7\n", 9), 5, MagicKind::Pdf, false},
        {bytes("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), 8, MagicKind::Png, false},
        {bytes("GIF89a\x01\0\x01\0", 10), 6, MagicKind::Gif, false},
        {bytes("GIF87a\x01\0", 8), 6, MagicKind::Gif, false},
        {bytes("\xff\xd8\xff\xe0\0\x10JFIF", 10), 3, MagicKind::Jpeg, false},
        {bytes("\x1f\x8b\x08\0", 4), 3, MagicKind::Gzip, false},
        {bytes("FWS\x0a\x10\0\0\0", 8), 3, MagicKind::Swf, false},
        {bytes("CWS\x13\x10\0\0\0", 8), 3, MagicKind::Swf, false},
        {bytes("ZWS\x0d\x10\0\0\0", 8), 3, MagicKind::Swf, false},
        {bytes("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0", 10), 4, MagicKind::OleCf, false},
        {bytes("PK\x05\x06\0\0", 6), 4, MagicKind::Zip, false},
    };
    for (const Sig &s : sigs) {
        for (size_t n = 0; n <= s.b.size(); ++n) {
            MagicResult r = sniff_prefix(s.b, n);
            MagicKind want = n >= s.min_len ? s.kind : MagicKind::Unknown;
            if (r.kind != want)
                print_error("%s at length %zu: got %s\n", magic_kind_name(s.kind), n,
                            magic_kind_name(r.kind));
            assert_int_equal(r.kind, want);
            if (n >= s.min_len)
                assert_int_equal(r.executable, s.exec);
        }
    }
}

static void test_sniff_magic_cafebabe_java_vs_fat(void **) {
    std::vector<uint8_t> cls = bytes("\xca\xfe\xba\xbe\0\0\0\x34", 8); // Java 8, major 52
    assert_int_equal(sniff_prefix(cls, 8).kind, MagicKind::JavaClass);
    MagicResult partial = sniff_prefix(cls, 7);
    assert_int_equal(partial.kind, MagicKind::MachOFat);
    assert_false(partial.confirmed);
}

static void test_sniff_magic_ole_partial_and_wrong_tail(void **) {
    std::vector<uint8_t> ole = bytes("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
    assert_false(sniff_prefix(ole, 5).confirmed);
    assert_true(sniff_prefix(ole, 8).confirmed);
    std::vector<uint8_t> bad = bytes("\xd0\xcf\x11\xe0\x00\x00\x00\x00", 8);
    assert_int_equal(sniff_prefix(bad, 8).kind, MagicKind::Unknown);
}

static void test_sniff_magic_zip_first_entry_every_boundary(void **) {
    struct Z {
        std::string name;
        MagicKind kind;
    } zs[] = {{"AndroidManifest.xml", MagicKind::Apk},
              {"META-INF/MANIFEST.MF", MagicKind::Jar},
              {"word/document.xml", MagicKind::Zip},
              {"META-INF", MagicKind::Zip}};
    for (const Z &z : zs) {
        std::vector<uint8_t> b = zip_with(z.name);
        for (size_t n = 0; n <= b.size(); ++n) {
            MagicResult r = sniff_prefix(b, n);
            if (n < 4) {
                assert_int_equal(r.kind, MagicKind::Unknown);
            } else if (n < b.size()) {
                assert_int_equal(r.kind, MagicKind::Zip); // name not fully visible yet
                assert_false(r.confirmed);
            } else {
                assert_int_equal(r.kind, z.kind);
                assert_true(r.confirmed);
            }
        }
    }
    std::vector<uint8_t> lying = zip_with("AndroidManifest.xml");
    lying[26] = 0xff; // name length 255 > bytes present
    assert_false(sniff_prefix(lying, lying.size()).confirmed);
}

static void test_sniff_magic_text_kinds(void **) {
    struct T {
        std::string s;
        MagicKind kind;
    } ts[] = {
        {"#!/bin/sh\necho hi\n", MagicKind::Script},
        {"#! /usr/bin/env python3\n", MagicKind::Script},
        {"#!important", MagicKind::Unknown},
        {"#!", MagicKind::Unknown},
        {"#", MagicKind::Unknown},
        {"\xEF\xBB\xBF  \r\n<!DOCTYPE html><html>", MagicKind::Html},
        {"<HTML><body>", MagicKind::Html},
        {"<?xml version=\"1.0\"?>", MagicKind::Xml},
        {"{\"a\": 1}", MagicKind::Json},
        {"[1, 2]", MagicKind::Json},
        {"[object Object]", MagicKind::Unknown},
        {"{}", MagicKind::Json},
        {"{", MagicKind::Unknown},
        {"FWSX is not a SWF header", MagicKind::Unknown},
        {"PDF-1.4 without percent", MagicKind::Unknown},
        {"var x = 1;", MagicKind::Unknown},
        {"MY", MagicKind::Unknown},
    };
    for (const T &t : ts) {
        MagicResult r = sniff_prefix(bytes(t.s), t.s.size());
        if (r.kind != t.kind)
            print_error("'%s': got %s\n", t.s.c_str(), magic_kind_name(r.kind));
        assert_int_equal(r.kind, t.kind);
    }
}

static void test_sniff_magic_hostile(void **) {
    assert_int_equal(sniff_magic(nullptr, 100).kind, MagicKind::Unknown);
    std::vector<uint8_t> zeros(1 << 20, 0);
    assert_int_equal(sniff_magic(zeros.data(), zeros.size()).kind, MagicKind::Unknown);
    std::vector<uint8_t> ws(1 << 20, ' ');
    assert_int_equal(sniff_magic(ws.data(), ws.size()).kind, MagicKind::Unknown);
    std::vector<uint8_t> ff(4096, 0xff);
    assert_int_equal(sniff_magic(ff.data(), ff.size()).kind, MagicKind::Unknown); // not FF D8 FF
}

static void test_classify_content_exe_as_image_is_alert(void **) {
    std::vector<uint8_t> pe = pe_image();
    ContentVerdict v = classify_content("image/png", "/img/logo.png", pe.data(), pe.size());
    assert_true(v.fired);
    assert_string_equal(v.trait_id, "binary-download");
    assert_int_equal(v.severity, kAlert);
    assert_true(v.mismatch);
    assert_string_equal(v.evidence.c_str(),
                        "executable served as image/text: declared Content-Type image/png, "
                        "sniffed Windows PE executable, URL extension .png (type mismatch)");
    ContentVerdict t = classify_content("text/plain; charset=utf-8", "", pe.data(), 2);
    assert_int_equal(t.severity, kAlert); // MZ alone is enough to be an executable
    std::string sh = "#!/bin/bash\ncurl x | sh\n";
    ContentVerdict s =
        classify_content("text/html", "/", reinterpret_cast<const uint8_t *>(sh.data()), sh.size());
    assert_int_equal(s.severity, kAlert);
    assert_int_equal(s.sniffed, MagicKind::Script);
}

static void test_classify_content_exe_declared_honestly(void **) {
    std::vector<uint8_t> pe = pe_image();
    ContentVerdict v =
        classify_content("application/octet-stream", "/setup.exe", pe.data(), pe.size());
    assert_true(v.fired);
    assert_int_equal(v.severity, kWarn);
    assert_false(v.mismatch);
    assert_int_equal(
        classify_content("application/x-msdownload", "", pe.data(), pe.size()).severity, kWarn);
    assert_int_equal(classify_content("", "", pe.data(), pe.size()).severity, kWarn);
    ContentVerdict j = classify_content("application/json", "", pe.data(), pe.size());
    assert_int_equal(j.severity, kAlert); // other declared type: mismatch raises warn → alert
    std::vector<uint8_t> ole = bytes("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
    ContentVerdict msi =
        classify_content("application/octet-stream", "/pkg/agent.MSI", ole.data(), ole.size());
    assert_int_equal(msi.severity, kWarn);
    assert_string_equal(msi.url_extension.c_str(), ".msi");
}

static void test_classify_content_javascript(void **) {
    std::string js = "(function(){var a=1;})();";
    const uint8_t *b = reinterpret_cast<const uint8_t *>(js.data());
    const char *types[] = {"application/javascript", "text/javascript; charset=UTF-8",
                           "application/x-javascript", "Application/JavaScript"};
    for (const char *t : types) {
        ContentVerdict v = classify_content(t, "/app", b, js.size());
        assert_true(v.fired);
        assert_string_equal(v.trait_id, "active-content");
        assert_int_equal(v.category, ContentCategory::JavaScript);
        assert_int_equal(v.severity, kInfo);
    }
    ContentVerdict byext = classify_content("", "/static/app.min.JS?v=3#x", b, js.size());
    assert_true(byext.fired);
    assert_int_equal(byext.category, ContentCategory::JavaScript);
    std::vector<uint8_t> gif = bytes("GIF89a\x01\0\x01\0", 10);
    ContentVerdict mism = classify_content("image/gif", "/track.js", gif.data(), gif.size());
    assert_true(mism.mismatch);
    assert_int_equal(mism.severity, kNote);
    assert_string_equal(mism.evidence.c_str(),
                        "JavaScript: declared Content-Type image/gif, sniffed GIF image, URL "
                        "extension .js (type mismatch)");
}

static void test_classify_content_flash(void **) {
    std::vector<uint8_t> swf = bytes("CWS\x0a\x10\0\0\0", 8);
    ContentVerdict v =
        classify_content("application/x-shockwave-flash", "/ad.swf", swf.data(), swf.size());
    assert_true(v.fired);
    assert_int_equal(v.category, ContentCategory::Flash);
    assert_int_equal(v.severity, kWarn);
    assert_false(v.mismatch);
    ContentVerdict hidden = classify_content("image/jpeg", "/pic.jpg", swf.data(), swf.size());
    assert_int_equal(hidden.category, ContentCategory::Flash);
    assert_int_equal(hidden.severity, kAlert);
    ContentVerdict octet = classify_content("application/octet-stream", "", swf.data(), swf.size());
    assert_int_equal(octet.category, ContentCategory::Flash);
    assert_false(octet.mismatch);
}

static void test_classify_content_octet_stream(void **) {
    std::vector<uint8_t> zip = zip_with("data.bin");
    ContentVerdict v =
        classify_content("application/octet-stream", "/update", zip.data(), zip.size());
    assert_true(v.fired);
    assert_string_equal(v.trait_id, "binary-download");
    assert_int_equal(v.severity, kNote);
    assert_string_equal(v.evidence.c_str(), "binary download: declared Content-Type "
                                            "application/octet-stream, sniffed ZIP archive");
    assert_true(classify_content("application/octet-stream", "", nullptr, 0).fired);
    std::string junk = "\x01\x02\x03 unknown";
    ContentVerdict e = classify_content(
        "", "/files/tool.exe", reinterpret_cast<const uint8_t *>(junk.data()), junk.size());
    assert_true(e.fired);
    assert_int_equal(e.severity, kNote);
}

static void test_classify_content_benign_does_not_fire(void **) {
    std::string html = "<!doctype html><title>404</title>";
    const uint8_t *h = reinterpret_cast<const uint8_t *>(html.data());
    assert_false(classify_content("text/html", "/", h, html.size()).fired);
    assert_false(classify_content("text/html", "/download/setup.exe", h, html.size()).fired);
    std::vector<uint8_t> png = bytes("\x89PNG\r\n\x1a\n", 8);
    assert_false(classify_content("image/png", "/a.png", png.data(), png.size()).fired);
    std::string json = "{\"version\": \"1.2.3\"}";
    assert_false(classify_content("application/json", "/v1.2.3/info",
                                  reinterpret_cast<const uint8_t *>(json.data()), json.size())
                     .fired);
    assert_false(classify_content("text/css", "/site.css", nullptr, 0).fired);
    assert_false(classify_content("application/jsonp", "/a.json", nullptr, 0).fired);
    assert_false(classify_content("", "/v1.2.3", nullptr, 0).fired);
}

static void test_classify_content_hostile_headers(void **) {
    std::string nul_type("application/octet-stream\0x", 26);
    ContentVerdict v = classify_content(nul_type, "", nullptr, 0);
    assert_false(v.fired); // a NUL makes the media type invalid: treated as absent
    std::string huge(100000, 'a');
    assert_false(classify_content(huge, huge, nullptr, 0).fired);
    assert_string_equal(media_type("  TEXT/JavaScript ; charset=x").c_str(), "text/javascript");
    assert_string_equal(media_type("text/\xff").c_str(), "");
    assert_string_equal(url_extension("/a.b/c").c_str(), "");
    assert_string_equal(url_extension("/a/file.").c_str(), "");
    assert_string_equal(url_extension("/a/x.verylongext").c_str(), "");
    assert_string_equal(url_extension("/a/x.e%78e").c_str(), "");
    assert_string_equal(url_extension("").c_str(), "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff_magic_pe_every_boundary),
        cmocka_unit_test(test_sniff_magic_mz_without_pe),
        cmocka_unit_test(test_sniff_magic_fixed_signatures_every_boundary),
        cmocka_unit_test(test_sniff_magic_cafebabe_java_vs_fat),
        cmocka_unit_test(test_sniff_magic_ole_partial_and_wrong_tail),
        cmocka_unit_test(test_sniff_magic_zip_first_entry_every_boundary),
        cmocka_unit_test(test_sniff_magic_text_kinds),
        cmocka_unit_test(test_sniff_magic_hostile),
        cmocka_unit_test(test_classify_content_exe_as_image_is_alert),
        cmocka_unit_test(test_classify_content_exe_declared_honestly),
        cmocka_unit_test(test_classify_content_javascript),
        cmocka_unit_test(test_classify_content_flash),
        cmocka_unit_test(test_classify_content_octet_stream),
        cmocka_unit_test(test_classify_content_benign_does_not_fire),
        cmocka_unit_test(test_classify_content_hostile_headers),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
