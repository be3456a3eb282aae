// SPDX-License-Identifier: GPL-2.0-or-later
// Tab-separated catalog reader and host-name helpers for the trait classifiers.
// References: RFC 1035 §2.3.4 (name ≤ 255 octets on the wire, 253 characters as text).
// Limitations: ASCII only; IDNs must arrive in their punycode (xn--) form.
#include "trait_tsv.h"
#include "trait_severity.h"

#include <fstream>
#include <iterator>

namespace huntpack::traits {

namespace {
constexpr size_t kMaxDnsNameChars = 253; // RFC 1035 §2.3.4 (255 octets wire form)

bool bad_line_byte(unsigned char c) {
    return c == 0 || (c < 0x20 && c != '\t') || c == 0x7f;
}

std::vector<std::string> split_tabs(std::string_view line) {
    std::vector<std::string> fields;
    size_t start = 0;
    while (true) {
        size_t tab = line.find('\t', start);
        std::string_view f = line.substr(start, tab == std::string_view::npos ? tab : tab - start);
        fields.emplace_back(trim_ascii(f));
        if (tab == std::string_view::npos)
            break;
        start = tab + 1;
    }
    return fields;
}
} // namespace

const char *severity_name(uint8_t s) {
    switch (s) {
    case kInfo:
        return "info";
    case kNote:
        return "note";
    case kWarn:
        return "warn";
    case kAlert:
        return "alert";
    default:
        return "invalid";
    }
}

std::string_view trim_ascii(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool parse_tsv(std::string_view text, std::string_view origin, size_t min_fields,
               std::vector<TsvRecord> *out, std::string *error) {
    size_t lineno = 0;
    while (!text.empty()) {
        ++lineno;
        const std::string_view line = next_line(&text);
        std::string where = std::string(origin) + ":" + std::to_string(lineno);
        if (line.size() > kMaxLineBytes) {
            *error = where + ": line longer than " + std::to_string(kMaxLineBytes) + " bytes";
            return false;
        }
        for (char c : line) {
            if (bad_line_byte(static_cast<unsigned char>(c))) {
                *error = where + ": control byte in line";
                return false;
            }
        }
        std::string_view t = trim_ascii(line);
        if (t.empty() || t.front() == '#')
            continue;
        TsvRecord rec{split_tabs(t), where};
        if (rec.fields.size() < min_fields) {
            *error = where + ": expected at least " + std::to_string(min_fields) +
                     " tab-separated fields, found " + std::to_string(rec.fields.size());
            return false;
        }
        for (size_t i = 0; i < min_fields; ++i) {
            if (rec.fields[i].empty()) {
                *error = where + ": field " + std::to_string(i + 1) + " is empty";
                return false;
            }
        }
        out->push_back(std::move(rec));
    }
    return true;
}

bool read_bounded_file(const std::string &path, size_t max_bytes, std::string *text, std::string *error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (error)
            *error = path + ": cannot open";
        return false;
    }
    text->clear();
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        text->append(buf, static_cast<size_t>(in.gcount()));
        if (text->size() > max_bytes) {
            if (error)
                *error = path + ": larger than " + std::to_string(max_bytes) + " bytes";
            text->clear();
            return false;
        }
    }
    return true;
}

bool read_tsv_file(const std::string &path, size_t min_fields, std::vector<TsvRecord> *out,
                   std::string *error) {
    std::string text;
    return read_bounded_file(path, kMaxFileBytes, &text, error) &&
           parse_tsv(text, path, min_fields, out, error);
}

std::string normalize_host(std::string_view host) {
    host = trim_ascii(host);
    if (!host.empty() && host.front() == '[')
        return {}; // an IPv6 literal is not a DNS name
    size_t colon = host.rfind(':');
    if (colon != std::string_view::npos) {
        std::string_view port = host.substr(colon + 1);
        if (port.empty() || port.size() > 5 ||
            port.find_first_not_of("0123456789") != std::string_view::npos)
            return {};
        host = host.substr(0, colon);
    }
    if (!host.empty() && host.back() == '.')
        host.remove_suffix(1);
    if (host.empty() || host.size() > kMaxDnsNameChars)
        return {};
    for (char c : host) {
        unsigned char u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
            return {};
    }
    return ascii_lower(host);
}

bool domain_matches(std::string_view name, std::string_view suffix) {
    if (suffix.empty() || name.size() < suffix.size())
        return false;
    if (name.substr(name.size() - suffix.size()) != suffix)
        return false;
    return name.size() == suffix.size() || name[name.size() - suffix.size() - 1] == '.';
}

} // namespace huntpack::traits
