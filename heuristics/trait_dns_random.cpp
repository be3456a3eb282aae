// SPDX-License-Identifier: GPL-2.0-or-later
// Machine-generated-looking DNS names (dns-random-name) with named benign families.
// References: see trait_dns_random.h; bigram source in trait_dns_bigrams.h.
// Limitations: see trait_dns_random.h. Weights were set on the shared capture names and checked
// against an independent word list (tests/unit/test_trait_dns_random.cpp prints both rates).
#include "trait_dns_random.h"
#include "trait_dns_bigrams.h"

#include <cmath>
#include <cstdio>

namespace huntpack::traits {

namespace {

constexpr size_t kBenignFields = 4;     // suffix, owner, what, source
constexpr uint16_t kRareBigramPpm = 60; // < 60 per million (≈ 5 of 89k) counts as rare
constexpr size_t kMinBigramPairs = 3;   // fewer letter pairs say nothing about readability
constexpr size_t kMinHexChars = 8;

// Feature weights: each is the share of the 0..1 score one feature may contribute.
constexpr double kWeightMixing = 0.6;     // >= 3 letter/digit alternations
constexpr double kWeightHex = 0.7;        // hex blob with enough alternation or length
constexpr double kWeightRareBigram = 0.7; // times the share of rare letter pairs
constexpr double kWeightConsonants = 0.2; // a run of >= 6 consonants
constexpr double kWeightLowVowels = 0.15; // < 20 % vowels over >= 7 letters
constexpr double kWeightEntropy = 0.1;    // >= 3.6 bits/char over >= 12 chars
constexpr double kMinEntropyBits = 2.0;   // below: repetitive padding ("ckaaaa..."), not random

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_vowel(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}
bool is_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f');
}

double shannon_entropy(std::string_view s) {
    int counts[256] = {};
    for (char c : s)
        counts[static_cast<unsigned char>(c)]++;
    double h = 0;
    for (int n : counts) {
        if (n == 0)
            continue;
        double p = static_cast<double>(n) / static_cast<double>(s.size());
        h -= p * std::log2(p);
    }
    return h;
}

void add(LabelScore *s, double w, const char *why) {
    s->score += w;
    if (!s->why.empty())
        s->why += ", ";
    s->why += why;
}

// Features of one hyphen/underscore-free segment of a label (lower case, [a-z0-9] only).
void measure(std::string_view seg, LabelScore *s) {
    size_t letters = 0, digits = 0, vowels = 0, pairs = 0, rare = 0;
    int run = 0;
    bool hex = true;
    for (size_t i = 0; i < seg.size(); ++i) {
        char c = seg[i];
        hex = hex && is_hex(c);
        if (is_digit(c)) {
            ++digits;
            run = 0;
        } else {
            ++letters;
            vowels += is_vowel(c);
            run = is_vowel(c) ? 0 : run + 1;
            s->consonant_run = std::max(s->consonant_run, run);
        }
        if (i == 0)
            continue;
        char p = seg[i - 1];
        s->transitions += is_digit(p) != is_digit(c);
        if (is_lower(p) && is_lower(c)) {
            ++pairs;
            rare += detail::kBigramPerMillion[p - 'a'][c - 'a'] < kRareBigramPpm;
        }
    }
    s->length = seg.size();
    s->entropy = shannon_entropy(seg);
    s->vowel_ratio = letters ? static_cast<double>(vowels) / static_cast<double>(letters) : 0;
    s->rare_bigrams =
        pairs >= kMinBigramPairs ? static_cast<double>(rare) / static_cast<double>(pairs) : 0;
    s->hex_like = hex && digits >= 2 && letters >= 2 && seg.size() >= kMinHexChars;
}

LabelScore score_segment(std::string_view seg) {
    LabelScore s;
    measure(seg, &s);
    if (s.hex_like && (s.transitions >= 3 || s.length >= 12))
        add(&s, kWeightHex, "hex-like");
    else if (s.transitions >= 3)
        add(&s, kWeightMixing, "letters and digits interleaved");
    if (s.rare_bigrams > 0)
        add(&s, kWeightRareBigram * s.rare_bigrams, "unpronounceable letter pairs");
    if (s.consonant_run >= 6)
        add(&s, kWeightConsonants, "long consonant run");
    size_t letters = 0;
    for (char c : seg)
        letters += is_lower(c);
    if (letters >= 7 && s.vowel_ratio < 0.2)
        add(&s, kWeightLowVowels, "few vowels");
    if (s.length >= 12 && s.entropy >= 3.6)
        add(&s, kWeightEntropy, "high entropy");
    s.score = s.entropy < kMinEntropyBits ? 0.0 : std::min(1.0, s.score);
    return s;
}

bool is_reverse_zone(std::string_view n) {
    return domain_matches(n, "in-addr.arpa") || domain_matches(n, "ip6.arpa");
}

std::string percent(double v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

} // namespace

LabelScore score_label(std::string_view label) {
    LabelScore best;
    std::string low = ascii_lower(label.substr(0, 63)); // RFC 1035 §2.3.4: labels <= 63
    size_t pos = 0;
    while (pos <= low.size()) {
        size_t end = low.find_first_of("-_", pos);
        if (end == std::string::npos)
            end = low.size();
        std::string_view seg = std::string_view(low).substr(pos, end - pos);
        bool alnum =
            seg.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789") == std::string_view::npos;
        if (alnum && seg.size() >= kMinScoredLabel) {
            LabelScore s = score_segment(seg);
            if (s.score > best.score || best.length == 0)
                best = s;
        }
        pos = end + 1;
    }
    return best;
}

bool DnsRandomModel::apply(const std::vector<TsvRecord> &recs, std::string *error) {
    std::vector<BenignFamily> add;
    for (const TsvRecord &r : recs) {
        BenignFamily f{ascii_lower(r.fields[0]), r.fields[1], r.fields[2], r.fields[3], r.where};
        if (normalize_host(f.suffix) != f.suffix) {
            *error = r.where + ": '" + r.fields[0] + "' is not a DNS suffix";
            return false;
        }
        add.push_back(std::move(f));
    }
    families_.insert(families_.end(), add.begin(), add.end());
    return true;
}

bool DnsRandomModel::add_benign(std::string_view text, std::string_view origin,
                                std::string *error) {
    std::vector<TsvRecord> recs;
    return parse_tsv(text, origin, kBenignFields, &recs, error) && apply(recs, error);
}

bool DnsRandomModel::load_benign_file(const std::string &path, std::string *error) {
    std::vector<TsvRecord> recs;
    return read_tsv_file(path, kBenignFields, &recs, error) && apply(recs, error);
}

const BenignFamily *DnsRandomModel::benign_family(std::string_view name) const {
    const BenignFamily *best = nullptr;
    for (const BenignFamily &f : families_)
        if (domain_matches(name, f.suffix) && (!best || f.suffix.size() > best->suffix.size()))
            best = &f;
    return best;
}

DnsRandomVerdict score_dns_name(const DnsRandomModel &model, std::string_view name,
                                DnsNameRole role) {
    DnsRandomVerdict v;
    std::string host = normalize_host(name);
    if (host.empty() || host.find(':') != std::string::npos ||
        (role != DnsNameRole::PtrAnswer && is_reverse_zone(host))) {
        v.skipped = true;
        return v;
    }
    v.domain = model.psl().registrable_domain(host);
    // Labels up to the public suffix without the star rule (an unlisted TLD's labels are judged
    // too), derived from the starred answer registrable_domain has just remembered.
    const size_t suffix = model.psl().unstarred_offset(host, model.psl().public_suffix_offset(host));
    std::string_view labels = std::string_view(host).substr(0, suffix);
    LabelScore worst;
    size_t pos = 0;
    while (pos < labels.size()) {
        size_t dot = labels.find('.', pos);
        size_t end = dot == std::string_view::npos ? labels.size() : dot;
        LabelScore s = score_label(labels.substr(pos, end - pos));
        if (s.score > worst.score) {
            worst = s;
            v.label = std::string(labels.substr(pos, end - pos));
        }
        pos = end + 1;
    }
    v.score = worst.score;
    if (v.score < kRandomThreshold)
        return v;
    v.fired = true;
    v.evidence = "label " + v.label + " of " + host + " looks machine-generated (score " +
                 percent(v.score) + ": " + worst.why + ")";
    if (const BenignFamily *f = model.benign_family(host)) {
        v.severity = kInfo;
        v.benign_owner = f->owner;
        v.benign_source = f->source;
        v.evidence +=
            "; known-benign family: " + f->suffix + " is " + f->owner + "'s (" + f->what + ")";
    } else {
        v.severity = kWarn;
    }
    return v;
}

} // namespace huntpack::traits
