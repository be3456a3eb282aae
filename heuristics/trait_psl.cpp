// SPDX-License-Identifier: GPL-2.0-or-later
// Public Suffix List look-ups through libpsl.
// References: https://publicsuffix.org/list/ ; libpsl API (psl_is_public_suffix2, PSL_TYPE_*).
// Limitations: see trait_psl.h.
#include "trait_psl.h"
#include "trait_tsv.h"

#include <libpsl.h>

namespace huntpack::traits {

PublicSuffixList::PublicSuffixList() : ctx_(psl_latest(nullptr)) {
    if (!ctx_)
        error_ = "libpsl: no public suffix data (psl_latest failed)";
}

PublicSuffixList::PublicSuffixList(const std::string &path) : ctx_(psl_load_file(path.c_str())) {
    if (!ctx_)
        error_ = path + ": cannot load public suffix list";
}

PublicSuffixList::PublicSuffixList(Borrow, const psl_ctx_st *ctx) : ctx_(ctx), owned_(false) {
    if (!ctx_)
        error_ = "libpsl: built without built-in public suffix data";
}

PublicSuffixList PublicSuffixList::builtin() {
    return PublicSuffixList(Borrow{}, psl_builtin());
}

PublicSuffixList::PublicSuffixList(PublicSuffixList &&o) noexcept
    : ctx_(o.ctx_), owned_(o.owned_), error_(std::move(o.error_)), memo_(std::move(o.memo_)) {
    o.ctx_ = nullptr;
}

PublicSuffixList::~PublicSuffixList() {
    if (owned_)
        psl_free(const_cast<psl_ctx_t *>(ctx_)); // we created it with psl_latest/psl_load_file
}

size_t PublicSuffixList::public_suffix_offset(std::string_view host, bool include_private,
                                              bool star_rule) const {
    if (!ctx_ || host.empty() || host.find('\0') != std::string_view::npos)
        return host.size();
    const int type =
        (include_private ? PSL_TYPE_ANY : PSL_TYPE_ICANN) | (star_rule ? 0 : PSL_TYPE_NO_STAR_RULE);
    std::string key(1, static_cast<char>(type)); // PSL_TYPE_* bits fit a byte
    key.append(host);
    if (auto it = memo_.find(key); it != memo_.end())
        return it->second;
    const size_t off = lookup(host, type);
    if (memo_.size() >= kMemoCap)
        memo_.clear();
    memo_.emplace(std::move(key), off);
    return off;
}

size_t PublicSuffixList::lookup(std::string_view host, int type) const {
    const std::string h(host); // NUL-terminated copy for libpsl
    size_t pos = 0;
    while (true) { // the leftmost (longest) suffix that is public wins
        if (psl_is_public_suffix2(ctx_, h.c_str() + pos, type))
            return pos;
        size_t dot = h.find('.', pos);
        if (dot == std::string::npos)
            return host.size();
        pos = dot + 1;
    }
}

size_t PublicSuffixList::unstarred_offset(std::string_view host, size_t starred, bool include_private) const {
    if (starred >= host.size())
        return host.size(); // no suffix even with the star rule: none without it
    // libpsl applies the star rule to a name of one label, counted after one leading dot is
    // dropped (and before an IDN is converted): any other suffix is public or not whatever the
    // star rule, and the longer ones before it were not public even with it.
    const std::string_view suffix = host.substr(starred);
    const std::string_view counted = suffix.substr(suffix[0] == '.' ? 1 : 0);
    if (counted.find('.') != std::string_view::npos)
        return starred;
    return starred + public_suffix_offset(suffix, include_private, false);
}

std::string PublicSuffixList::registrable_domain(std::string_view host,
                                                 bool include_private) const {
    size_t last = host.rfind('.');
    std::string_view tld = last == std::string_view::npos ? host : host.substr(last + 1);
    if (tld.find_first_not_of("0123456789") == std::string_view::npos)
        return {}; // ends in a number: an IPv4 literal, not a domain (WHATWG URL host parser)
    size_t off = public_suffix_offset(host, include_private);
    if (off < 2 || off >= host.size())
        return {};
    size_t start = host.rfind('.', off - 2); // label before the suffix
    start = start == std::string_view::npos ? 0 : start + 1;
    return std::string(host.substr(start));
}

std::string registrable_domain(std::string_view host) {
    std::string h = normalize_host(host);
    if (h.empty())
        return {};
    return PublicSuffixList::builtin().registrable_domain(h);
}

} // namespace huntpack::traits
