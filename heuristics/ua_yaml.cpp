// SPDX-License-Identifier: GPL-2.0-or-later
// ua_yaml.cpp: the YAML subset reader for uap-core's regexes.yaml (parse_uap_yaml,
// read_uap_yaml); see ua_parser.h for the subset and its limits.
#include "ua_parser.h"
#include "trait_tsv.h" // read_bounded_file
#include "ua_util.h"

#include <glib.h>


namespace huntpack::ua {
using namespace detail;

// ================================================================================================
// YAML subset
// ================================================================================================
namespace {

void append_utf8(std::string *out, uint32_t cp) {
    char buf[8];
    int n = g_unichar_to_utf8(static_cast<gunichar>(cp), buf);
    out->append(buf, static_cast<size_t>(n));
}

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Reads n hex digits at s[i..]; -1 if any is not hex or missing.
long read_hex(std::string_view s, size_t i, size_t n) {
    if (s.size() < i || s.size() - i < n)
        return -1;
    long v = 0;
    for (size_t k = 0; k < n; ++k) {
        int h = hex_value(s[i + k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

// One backslash escape of a double-quoted scalar, s[i] is the char after '\'. Returns chars
// consumed or 0 if the escape is not in the subset.
size_t read_escape(std::string_view s, size_t i, std::string *out) {
    if (i >= s.size())
        return 0;
    switch (s[i]) {
    case '\\': out->push_back('\\'); return 1;
    case '"': out->push_back('"'); return 1;
    case '/': out->push_back('/'); return 1;
    case '0': out->push_back('\0'); return 1;
    case 'a': out->push_back('\a'); return 1;
    case 'b': out->push_back('\b'); return 1;
    case 't': out->push_back('\t'); return 1;
    case 'n': out->push_back('\n'); return 1;
    case 'v': out->push_back('\v'); return 1;
    case 'f': out->push_back('\f'); return 1;
    case 'r': out->push_back('\r'); return 1;
    case 'e': out->push_back('\x1b'); return 1;
    case ' ': out->push_back(' '); return 1;
    case 'x': {
        long v = read_hex(s, i + 1, 2);
        if (v < 0)
            return 0;
        append_utf8(out, static_cast<uint32_t>(v));
        return 3;
    }
    case 'u': {
        long v = read_hex(s, i + 1, 4);
        if (v < 0)
            return 0;
        append_utf8(out, static_cast<uint32_t>(v));
        return 5;
    }
    default: return 0;
    }
}

// Scalar at the start of s (already left-trimmed). On success *rest is what follows it.
bool parse_scalar(std::string_view s, std::string *out, std::string_view *rest, std::string *why) {
    out->clear();
    if (s.empty() || s.front() == '#') {
        *rest = {};
        return true; // null
    }
    if (s.front() == '\'') {
        for (size_t i = 1; i < s.size(); ++i) {
            if (s[i] != '\'') {
                out->push_back(s[i]);
            } else if (i + 1 < s.size() && s[i + 1] == '\'') {
                out->push_back('\'');
                ++i;
            } else {
                *rest = s.substr(i + 1);
                return true;
            }
        }
        *why = "unterminated single-quoted scalar";
        return false;
    }
    if (s.front() == '"') {
        for (size_t i = 1; i < s.size(); ++i) {
            if (s[i] == '"') {
                *rest = s.substr(i + 1);
                return true;
            }
            if (s[i] != '\\') {
                out->push_back(s[i]);
                continue;
            }
            size_t used = read_escape(s, i + 1, out);
            if (!used) {
                *why = "unsupported escape in double-quoted scalar";
                return false;
            }
            i += used;
        }
        *why = "unterminated double-quoted scalar";
        return false;
    }
    const char first = s.front();
    if (first == '[' || first == '{' || first == '|' || first == '>' || first == '&' ||
        first == '*' || first == '!') {
        *why = "YAML construct outside the uap-core subset";
        return false;
    }
    size_t end = s.find(" #");
    *out = std::string(trim(s.substr(0, end)));
    *rest = {};
    return true;
}

// "key: scalar" -> field. Key is [A-Za-z0-9_]+.
bool parse_key_value(std::string_view s, YamlField *f, std::string *why) {
    size_t colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        *why = "expected 'key: value'";
        return false;
    }
    for (size_t i = 0; i < colon; ++i) {
        const char c = s[i];
        if (!(g_ascii_isalnum(c) || c == '_')) {
            *why = "bad character in key";
            return false;
        }
    }
    f->key = std::string(s.substr(0, colon));
    std::string_view after = s.substr(colon + 1);
    if (!after.empty() && !is_space(after.front())) {
        *why = "expected a space after ':'";
        return false;
    }
    std::string_view rest;
    if (!parse_scalar(trim(after), &f->value, &rest, why))
        return false;
    rest = trim(rest);
    if (!rest.empty() && rest.front() != '#') {
        *why = "unexpected text after scalar";
        return false;
    }
    return true;
}

size_t indent_of(std::string_view line) {
    size_t i = 0;
    while (i < line.size() && line[i] == ' ')
        ++i;
    return i;
}

// One non-blank, non-comment line into the document being built.
bool parse_yaml_line(std::string_view line, size_t lineno, std::vector<YamlSection> *out,
                     std::string *why) {
    const size_t ind = indent_of(line);
    std::string_view body = trim(line.substr(ind));
    if (ind == 0) {
        if (body.size() < 2 || body.back() != ':') {
            *why = "expected a top-level 'name:'";
            return false;
        }
        out->push_back(YamlSection{std::string(body.substr(0, body.size() - 1)), {}});
        return true;
    }
    if (out->empty()) {
        *why = "list item before any top-level key";
        return false;
    }
    YamlSection &sec = out->back();
    if (body.size() >= 2 && body[0] == '-' && is_space(body[1])) {
        sec.entries.push_back(YamlEntry{lineno, {}});
        body = trim(body.substr(2));
    } else if (sec.entries.empty()) {
        *why = "field outside a list item";
        return false;
    }
    YamlField f;
    if (!parse_key_value(body, &f, why))
        return false;
    sec.entries.back().fields.push_back(std::move(f));
    return true;
}

} // namespace

const std::string *YamlEntry::get(std::string_view key) const {
    for (const YamlField &f : fields)
        if (f.key == key)
            return &f.value;
    return nullptr;
}

bool parse_uap_yaml(std::string_view text, std::vector<YamlSection> *out, std::string *error) {
    out->clear();
    size_t lineno = 0;
    while (!text.empty()) {
        ++lineno;
        const std::string_view line = traits::next_line(&text);
        std::string_view t = trim(line);
        if (t.empty() || t.front() == '#')
            continue;
        if (indent_of(line) < line.size() && line[indent_of(line)] == '\t')
            return yaml_fail(error, lineno, "tab in indentation");
        std::string why;
        if (!parse_yaml_line(line, lineno, out, &why))
            return yaml_fail(error, lineno, why);
    }
    return true;
}

bool read_uap_yaml(const std::string &path, std::vector<YamlSection> *out, std::string *error) {
    std::string text;
    if (!traits::read_bounded_file(path, kMaxYamlBytes, &text, error))
        return false;
    if (!parse_uap_yaml(text, out, error)) {
        if (error)
            *error = path + ": " + *error;
        return false;
    }
    return true;
}

} // namespace huntpack::ua
