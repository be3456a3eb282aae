// SPDX-License-Identifier: GPL-2.0-or-later
// Public Suffix List look-ups (registrable domain, public suffix) for the trait classifiers.
// References: https://publicsuffix.org/list/ (Mozilla); libpsl (psl_latest, psl_is_public_suffix2);
// Debian package `publicsuffix` (/usr/share/publicsuffix/public_suffix_list.dat / .dafsa).
// Limitations: ASCII host names only (IDNs in xn-- form); by default only the ICANN section
// is used, so "d1ge0kk1l5kms0.cloudfront.net" has registrable domain "cloudfront.net" (one
// organisation), while include_private=true gives the PSL's private-section answer.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

struct psl_ctx_st; // libpsl's context; kept opaque so no libpsl type leaks into callers

namespace huntpack::traits {

class PublicSuffixList {
  public:
    // psl_latest(): the newest of the distribution's list file and libpsl's built-in data.
    PublicSuffixList();
    // A specific list file (.dat or .dafsa); ok() is false and error() says why on failure.
    explicit PublicSuffixList(const std::string &path);
    // libpsl's compiled-in list (psl_builtin()): immutable library data, nothing is loaded.
    static PublicSuffixList builtin();
    ~PublicSuffixList();
    PublicSuffixList(PublicSuffixList &&other) noexcept;
    PublicSuffixList(const PublicSuffixList &) = delete;
    PublicSuffixList &operator=(const PublicSuffixList &) = delete;

    bool ok() const { return ctx_ != nullptr; }
    const std::string &error() const { return error_; }

    // Offset in `host` (already normalised: lower case, no trailing dot) where its public
    // suffix starts; host.size() when nothing is a suffix. With star_rule=false an unlisted
    // TLD ("dnscat.0b98...") is not a suffix, so every label of such a name can be judged.
    // Answers are remembered (kMemoCap names, then forgotten all at once): one libpsl look-up
    // per label costs about 2,000 instructions, and a capture names the same servers again and
    // again (775 ServerHellos of t50k cost 7.2 M instructions in registrable_domain before).
    size_t public_suffix_offset(std::string_view host, bool include_private = false,
                                bool star_rule = true) const;
    // public_suffix_offset(host, include_private, false), given `starred`, the same with
    // star_rule=true: they differ only where the starred suffix is a single label that no rule
    // lists (the implicit "*" rule made it one; a suffix of two labels or more is always a
    // listed rule's). So this costs at most the TLD's look-up, remembered per TLD, instead of a
    // libpsl look-up per label of every new name (score_dns_name asks for both; 12,000 cycles
    // a new name on the bench capture).
    size_t unstarred_offset(std::string_view host, size_t starred, bool include_private = false) const;
    // "lhr25s34-in-f14.1e100.net" → "1e100.net"; "" when host is itself a public suffix.
    std::string registrable_domain(std::string_view host, bool include_private = false) const;
    // Answers remembered now (at most kMemoCap; for tests).
    size_t memo_size() const { return memo_.size(); }
    static constexpr size_t kMemoCap = 4096;

  private:
    struct Borrow {};
    PublicSuffixList(Borrow, const psl_ctx_st *ctx);

    size_t lookup(std::string_view host, int type) const;

    const psl_ctx_st *ctx_ = nullptr;
    bool owned_ = true;
    std::string error_;
    mutable std::unordered_map<std::string, size_t> memo_; // libpsl type byte + host -> offset
};

// Convenience for one-off calls, on libpsl's built-in list (use an object for a newer file).
// Accepts raw host names: case, a trailing dot and ":port" are normalised first.
std::string registrable_domain(std::string_view host);

} // namespace huntpack::traits
