// SPDX-License-Identifier: GPL-2.0-or-later
// Trait dns-random-name: score DNS names for looking machine-generated (DGA, tunnels, hashes),
// and name known-benign families (1e100.net is Google's) at info severity instead of hiding them.
// References: RFC 1035 §2.3.1 (labels), Public Suffix List via libpsl (the public suffix is never
// scored), RFC 1035 §3.5 / RFC 3596 §2.5 (in-addr.arpa / ip6.arpa query names are skipped; PTR
// answer names are scored), feature set after Antonakakis et al., "From Throw-Away Traffic to
// Bots" (USENIX Security 2012) and Schiavoni et al., "Phoenix" (DIMVA 2014): digit/letter mixing,
// character entropy, consonant runs, vowel ratio and English bigram readability
// (trait_dns_bigrams.h). Limitations: English-centric readability (romanised Chinese or Polish
// names score higher); labels shorter than kMinScoredLabel characters are not judged;
// ASCII/punycode names only.
#pragma once

#include "trait_psl.h"
#include "trait_severity.h"
#include "trait_tsv.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace huntpack::traits {

constexpr size_t kMinScoredLabel = 7;    // "lhr25s34" yes, "e3067" no
constexpr double kRandomThreshold = 0.6; // label score at which the trait fires

enum class DnsNameRole : uint8_t { Query, Answer, Cname, PtrAnswer };

struct LabelScore {
    double score = 0;        // 0 (reads like words) .. 1 (random)
    size_t length = 0;       // alphanumeric characters considered
    int transitions = 0;     // letter<->digit changes
    double entropy = 0;      // Shannon entropy, bits per character
    int consonant_run = 0;   // longest run of consonants
    double vowel_ratio = 0;  // vowels / letters
    double rare_bigrams = 0; // share of letter pairs rare in English
    bool hex_like = false;   // only [0-9a-f], with both digits and letters
    std::string why;         // the features that contributed, for evidence
};

LabelScore score_label(std::string_view label);

struct BenignFamily {
    std::string suffix, owner, what, source, where;
};

class DnsRandomModel {
  public:
    DnsRandomModel() = default; // the distribution's newest list (psl_latest)
    // A given list, e.g. PublicSuffixList::builtin() where loading a file per model is too slow.
    explicit DnsRandomModel(PublicSuffixList psl) : psl_(std::move(psl)) {}
    bool load_benign_file(const std::string &path, std::string *error);
    bool add_benign(std::string_view text, std::string_view origin, std::string *error);
    const BenignFamily *benign_family(std::string_view name) const; // most specific suffix
    size_t benign_count() const { return families_.size(); }
    const PublicSuffixList &psl() const { return psl_; }

  private:
    bool apply(const std::vector<TsvRecord> &recs, std::string *error);
    std::vector<BenignFamily> families_;
    PublicSuffixList psl_;
};

struct DnsRandomVerdict {
    bool fired = false; // dns-random-name
    uint8_t severity = kInfo;
    std::string evidence;
    bool skipped = false;     // reverse-lookup query name, empty or malformed name
    double score = 0;         // the highest label score
    std::string label;        // that label
    std::string domain;       // registrable domain (ICANN section)
    std::string benign_owner; // "Google" when a benign family matched
    std::string benign_source;
};

DnsRandomVerdict score_dns_name(const DnsRandomModel &model, std::string_view name,
                                DnsNameRole role);

} // namespace huntpack::traits
