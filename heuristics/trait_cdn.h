// SPDX-License-Identifier: GPL-2.0-or-later
// Trait cdn-content: name the CDN behind a host name, CNAME target, SNI or Server/Via/X-Cache
// header, and flag edge-like names ("cdn", "edge", "static", ...) on domains not in the catalog
// as an obscure CDN (higher severity than a well-known one: anyone can register "x-cdn.net").
// References: data/cdn_suffixes.tsv (each entry carries its public source); the seed blog post
// ("when encountering more obscure CDNs, how can we tell that it's legitimate?").
// Limitations: suffix and token matching only (no IP-range ownership, no ASN look-up); header
// tokens are substrings, so an origin that imitates "Server: cloudflare" is believed.
#pragma once

#include "trait_psl.h"
#include "trait_severity.h"
#include "trait_tsv.h"

#include <string>
#include <string_view>
#include <vector>

namespace huntpack::traits {

struct CdnEntry {
    bool header = false; // kind "header" (else "suffix")
    std::string pattern; // lower case
    std::string cdn;     // "Akamai"
    std::string source;
    std::string where; // "file:line"
};

class CdnCatalog {
  public:
    bool load_file(const std::string &path, std::string *error);
    bool add(std::string_view text, std::string_view origin, std::string *error);
    size_t size() const { return entries_.size(); }

    // The most specific suffix entry that `name` (normalised) falls under, or nullptr.
    const CdnEntry *match_name(std::string_view name) const;
    // The first header entry whose token occurs in `value` (case-insensitive), or nullptr.
    const CdnEntry *match_header(std::string_view value) const;

  private:
    bool apply(const std::vector<TsvRecord> &recs, std::string *error);
    std::vector<CdnEntry> entries_;
};

enum class CdnWhere : uint8_t { Host, Cname, Sni, Ptr };
const char *cdn_where_name(CdnWhere w); // "Host", "CNAME target", "SNI", "PTR name"

struct CdnVerdict {
    bool fired = false; // cdn-content
    uint8_t severity = kInfo;
    std::string evidence;
    std::string cdn;         // catalog CDN name, "" for an obscure one
    bool well_known = false; // matched the catalog
    bool edge_like = false;  // edge-like name on a domain outside the catalog
    std::string matched;     // the suffix/token that matched, or the edge-like label
    std::string domain;      // registrable domain of the name (ICANN section)
    std::string source;      // catalog source of the matching entry
};

CdnVerdict classify_cdn_name(const CdnCatalog &cat, const PublicSuffixList &psl,
                             std::string_view name, CdnWhere where);
CdnVerdict classify_cdn_header(const CdnCatalog &cat, std::string_view header_name,
                               std::string_view value);

// The edge-like token in a label, or "" ("gccdn" → "cdn", "static-assets" → "static").
std::string edge_like_token(std::string_view label);

} // namespace huntpack::traits
