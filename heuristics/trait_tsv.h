// SPDX-License-Identifier: GPL-2.0-or-later
// Tab-separated catalog reader shared by the trait catalogs (CDN suffixes, cipher suites, ...).
// Format: one record per line, fields separated by TAB; '#' starts a comment line; blank lines
// are skipped. Every problem is reported as "file:line: reason", never thrown or ignored.
// Limitations: no quoting or escaping (catalog fields never contain TABs or newlines); lines
// longer than kMaxLineBytes are rejected.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace huntpack::traits {

// A catalog line longer than this is malformed (real lines are well under 300 bytes).
constexpr size_t kMaxLineBytes = 4096;

struct TsvRecord {
    std::vector<std::string> fields;
    std::string where; // "file:line", for error messages from the caller's own checks
};

// Split `text` (the content of `origin`) into records of at least `min_fields` fields.
// Returns false and sets *error on the first malformed line.
bool parse_tsv(std::string_view text, std::string_view origin, size_t min_fields,
               std::vector<TsvRecord> *out, std::string *error);

// The next line of *text (without its '\n'), removed from *text with its terminator: the line
// loop of every catalog reader (TSV catalogs, regexes.yaml, the QUIC stack catalog).
inline std::string_view next_line(std::string_view *text) {
    const size_t nl = text->find('\n');
    const std::string_view line = text->substr(0, nl);
    text->remove_prefix(nl == std::string_view::npos ? text->size() : nl + 1);
    return line;
}

// Reads a whole file into *text, refusing (with *error "PATH: ...") one that cannot be opened or
// is larger than max_bytes: never more than max_bytes + 64 KiB in memory. error may be NULL.
bool read_bounded_file(const std::string &path, size_t max_bytes, std::string *text, std::string *error);

// Read a whole file (capped at kMaxFileBytes) and parse it as above.
constexpr size_t kMaxFileBytes = 8u << 20;
bool read_tsv_file(const std::string &path, size_t min_fields, std::vector<TsvRecord> *out,
                   std::string *error);

// ASCII lower-casing and trimming helpers used by the trait modules.
std::string ascii_lower(std::string_view s);
std::string_view trim_ascii(std::string_view s);
// Host name normalisation: lower case, strip one trailing dot and an optional ":port".
// Returns "" for names that are not plausible DNS names (NUL, control bytes, non-ASCII, > 253).
std::string normalize_host(std::string_view host);
// True when `name` equals `suffix` or ends with "." + suffix (both already lower case).
bool domain_matches(std::string_view name, std::string_view suffix);

} // namespace huntpack::traits
