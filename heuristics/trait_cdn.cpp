// SPDX-License-Identifier: GPL-2.0-or-later
// CDN identification from names and headers, and obscure-CDN detection from edge-like labels.
// References: data/cdn_suffixes.tsv (sources per entry); trait_cdn.h.
// Limitations: see trait_cdn.h; the edge-like vocabulary is English and deliberately short.
#include "trait_cdn.h"

namespace huntpack::traits {

namespace {

constexpr size_t kCdnFields = 4;         // kind, pattern, cdn, source
constexpr size_t kMaxHeaderChars = 1024; // longer header values are cut before matching

// Whole alphabetic tokens that name edge/content hosts (exact match).
constexpr std::string_view kEdgeWords[] = {"cdn",    "edge",  "static", "assets", "asset",
                                           "img",    "imgs",  "images", "media",  "cache",
                                           "cached", "edges", "statics"};
// Words that merely end in "edge" (not CDN names).
constexpr std::string_view kEdgeFalseFriends[] = {
    "knowledge", "hedge", "pledge", "ledge", "sledge", "wedge", "dredge", "allege", "acknowledge"};

bool is_alpha(char c) {
    return c >= 'a' && c <= 'z';
}

bool ends_with(std::string_view s, std::string_view suf) {
    return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

std::string token_verdict(std::string_view tok) {
    for (std::string_view w : kEdgeWords)
        if (tok == w)
            return std::string(w);
    if (tok.find("cdn") != std::string_view::npos)
        return "cdn"; // no English word contains "cdn": gccdn, txcdn, alicdn
    if (tok.size() > 4 && (tok.substr(0, 4) == "edge" || ends_with(tok, "edge"))) {
        for (std::string_view f : kEdgeFalseFriends)
            if (tok == f || ends_with(tok, f))
                return {};
        return "edge"; // sinaedge, edgecache
    }
    return {};
}

std::string describe_name(CdnWhere where, std::string_view name) {
    return std::string(cdn_where_name(where)) + " " + std::string(name);
}

} // namespace

const char *cdn_where_name(CdnWhere w) {
    switch (w) {
    case CdnWhere::Host:
        return "Host";
    case CdnWhere::Cname:
        return "CNAME target";
    case CdnWhere::Sni:
        return "SNI";
    case CdnWhere::Ptr:
        return "PTR name";
    }
    return "name";
}

bool CdnCatalog::apply(const std::vector<TsvRecord> &recs, std::string *error) {
    std::vector<CdnEntry> add;
    for (const TsvRecord &r : recs) {
        const std::string &kind = r.fields[0];
        if (kind != "suffix" && kind != "header") {
            *error = r.where + ": kind must be 'suffix' or 'header', got '" + kind + "'";
            return false;
        }
        CdnEntry e{kind == "header", ascii_lower(r.fields[1]), r.fields[2], r.fields[3], r.where};
        if (!e.header && normalize_host(e.pattern) != e.pattern) {
            *error = r.where + ": '" + r.fields[1] + "' is not a DNS suffix";
            return false;
        }
        add.push_back(std::move(e));
    }
    entries_.insert(entries_.end(), add.begin(), add.end());
    return true;
}

bool CdnCatalog::add(std::string_view text, std::string_view origin, std::string *error) {
    std::vector<TsvRecord> recs;
    return parse_tsv(text, origin, kCdnFields, &recs, error) && apply(recs, error);
}

bool CdnCatalog::load_file(const std::string &path, std::string *error) {
    std::vector<TsvRecord> recs;
    return read_tsv_file(path, kCdnFields, &recs, error) && apply(recs, error);
}

const CdnEntry *CdnCatalog::match_name(std::string_view name) const {
    const CdnEntry *best = nullptr;
    for (const CdnEntry &e : entries_)
        if (!e.header && domain_matches(name, e.pattern) &&
            (!best || e.pattern.size() > best->pattern.size()))
            best = &e;
    return best;
}

const CdnEntry *CdnCatalog::match_header(std::string_view value) const {
    std::string v = ascii_lower(value.substr(0, kMaxHeaderChars));
    for (const CdnEntry &e : entries_)
        if (e.header && v.find(e.pattern) != std::string::npos)
            return &e;
    return nullptr;
}

std::string edge_like_token(std::string_view label) {
    std::string low = ascii_lower(label);
    size_t i = 0;
    while (i < low.size()) {
        while (i < low.size() && !is_alpha(low[i]))
            ++i;
        size_t start = i;
        while (i < low.size() && is_alpha(low[i]))
            ++i;
        if (i > start) {
            std::string t = token_verdict(std::string_view(low).substr(start, i - start));
            if (!t.empty())
                return t;
        }
    }
    return {};
}

CdnVerdict classify_cdn_name(const CdnCatalog &cat, const PublicSuffixList &psl,
                             std::string_view name, CdnWhere where) {
    CdnVerdict v;
    std::string host = normalize_host(name);
    if (host.empty())
        return v;
    v.domain = psl.registrable_domain(host);
    if (const CdnEntry *e = cat.match_name(host)) {
        v.fired = v.well_known = true;
        v.cdn = e->cdn;
        v.matched = e->pattern;
        v.source = e->source;
        v.evidence = describe_name(where, host) + " is served by " + e->cdn + " (catalog suffix " +
                     e->pattern + ")";
        return v;
    }
    size_t suffix = psl.public_suffix_offset(host);
    std::string_view labels = std::string_view(host).substr(0, suffix);
    size_t pos = 0;
    while (pos < labels.size()) { // every label left of the public suffix
        size_t dot = labels.find('.', pos);
        std::string_view label =
            labels.substr(pos, dot == std::string_view::npos ? dot : dot - pos);
        std::string tok = edge_like_token(label);
        if (!tok.empty()) {
            v.fired = v.edge_like = true;
            v.severity = kNote;
            v.matched = std::string(label);
            v.evidence = describe_name(where, host) + " looks like a CDN edge name ('" + tok +
                         "' in label " + std::string(label) + ") but " +
                         (v.domain.empty() ? host : v.domain) + " is not in the CDN catalog";
            return v;
        }
        if (dot == std::string_view::npos)
            break;
        pos = dot + 1;
    }
    return v;
}

CdnVerdict classify_cdn_header(const CdnCatalog &cat, std::string_view header_name,
                               std::string_view value) {
    CdnVerdict v;
    const CdnEntry *e = cat.match_header(value);
    if (!e)
        return v;
    v.fired = v.well_known = true;
    v.cdn = e->cdn;
    v.matched = e->pattern;
    v.source = e->source;
    std::string shown;
    for (char c : value.substr(0, 80)) // printable, bounded copy for the evidence
        shown += (c >= 0x20 && c < 0x7f) ? c : '?';
    v.evidence = std::string(header_name.substr(0, 40)) + ": " + shown + " names " + e->cdn;
    return v;
}

} // namespace huntpack::traits
