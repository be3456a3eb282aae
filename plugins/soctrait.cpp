// SPDX-License-Identifier: GPL-2.0-or-later
// soctrait: suspicious or noteworthy traits (DESIGN.md "soctrait"), raised by a postdissector
// that reads the frame's HTTP, DNS and TLS messages from its bytes (hp_app.h, hp_frame.h; no
// wanted field, so no protocol tree is built for it; Wireshark's fields only for
// huntpack.verify_facts) and huntpack's spotudp/quicfp/tcplabel answers (hp_peer.h), judged by the pure classifiers in heuristics/trait_*.h; plus hp_trait_raise()
// (soctrait_api.h), the one way any module raises a trait.
// Glue only, in the house pattern: wanted fields are declared lazily (hp_fields.h); per frame,
// plain facts are gathered first (every tvb access, memdup into pinfo->pool), then judged by C++
// code that touches no tvb, inside a try; the verdicts are cached per frame with
// p_add_proto_data (where frames are dissected more than once, hp_frames_revisited) so every
// pass, the GUI and the tap see the same traits.
// Catalogs: <plugin dir>/huntpack/*.tsv (found with dladdr), then the same file names in the
// directory of the soctrait.catalog_dir preference (an analyst's additions, loaded after).
// Limitations: the frame on which huntpack learns that its output is wanted (no -z statistic,
// first frame of a file) is not judged; an HTTP response
// Wireshark could not reassemble is judged from the head segment's own bytes (first
// kMaxHeadScan bytes); raw TCP binaries are sniffed on the first kMaxSniffSegments data segments
// per direction only, and not in a direction that showed a TLS hello (its records are encrypted).
#include "ws_compat.h"
#include <epan/conversation.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/tap.h>
#include <epan/to_str.h>

#include <dlfcn.h>

#include <cstddef>
#include <cstring>
#include <forward_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "glue.h"
#include "hp_post.h"
#include "hp_endpoint.h"
#include "hp_fields.h"
#include "hp_app.h"
#include "hp_frame.h"
#include "hp_peer.h"
#include "soctrait_api.h"
#include "trait_cdn.h"
#include "trait_dns_random.h"
#include "trait_ip_literal.h"
#include "trait_magic.h"
#include "trait_tls.h"
#include "trait_tsv.h"
#include "tls_client_hello.h"
#include "quicfp.h"
#include "tls_records.h"

namespace tr = huntpack::traits;
namespace tls = huntpack::tls;

// ---- bounds (each a named cap; per-capture state never grows past them) ----------------------
static constexpr size_t kMaxCleartextHosts = 4096; // cleartext-http: hosts reported once
static constexpr size_t kMaxTlsDomains = 4096;     // registrable domains that negotiated TLS >= 1.2
static constexpr size_t kMaxDnsAddrs = 8192;       // address -> DNS name, to name TLS servers
static constexpr size_t kMaxDnsScores = 16384;     // (role, name) -> dns-random-name verdict cache
static constexpr size_t kMaxCdnNames = 16384;      // (where, name) -> cdn-content verdict cache
static constexpr int kMaxNames = 32;               // DNS/CDN names judged per frame
static constexpr guint kMaxHeadScan = 4096;        // bytes of a TCP payload scanned for an HTTP head
static constexpr guint8 kMaxSniffSegments = 4;     // raw TCP data segments sniffed per direction
static constexpr size_t kMaxText = 256;            // header values quoted in evidence
static constexpr size_t kConvStr = 256;            // longest string kept in conversation data, NUL included
static constexpr int kMaxHooked = 8;               // traits other modules' judges emit per frame

// ---- registration state ------------------------------------------------------------------------
static int proto_soctrait = -1;
static int hf_id = -1, hf_severity = -1, hf_summary = -1, hf_evidence = -1, hf_host = -1;
static gint ett_soctrait = -1;
static int trait_tap = -1;
static hp_want_set want;

extern "C" gboolean hp_soctrait_judges(proto_tree *tree)
{
    return hp_stats_on(HP_STATS_TRAITS) || (tree && proto_field_is_referenced(tree, proto_soctrait));
}
// Trait judges of other modules (taps/tcperr.cpp: tcp-errors, taps/devices.cpp:
// multicast-exposure), weak so that soctrait links without them. soctrait calls each once per
// frame, when it judges the frame itself (gather()), and caches
// what they emit with its own verdicts, so revisits re-raise them like any other trait. They are
// reset with soctrait's per-capture state. The devices judge reads the bytes (hp_app.h); its
// fields (hp_devices_wanted(), NULL-terminated) form a second hp_want_set activated only for
// huntpack.verify_facts; soctrait's handle holds the union of every active set (hp_want_holder),
// each field once. The tcp-errors judge reads Wireshark's TCP state (hp_tcp_frame).
extern "C" {
void hp_tcperr_frame(tvbuff_t *, packet_info *, proto_tree *, hp_trait_emit_fn, void *) __attribute__((weak));
void hp_tcperr_frame_reset(void) __attribute__((weak));
void hp_devices_frame(tvbuff_t *, packet_info *, proto_tree *, hp_trait_emit_fn, void *) __attribute__((weak));
void hp_devices_frame_reset(void) __attribute__((weak));
const char *const *hp_devices_wanted(void) __attribute__((weak));
}
static hp_want_set want_hooks;
static int hook_field_ids[HP_WANT_MAX]; // resolved in handoff; read by the hooks by name
static const char *pref_catalog_dir = "";

static const value_string severity_vals[] = {
    {HP_SEV_INFO, "info"}, {HP_SEV_NOTE, "note"}, {HP_SEV_WARN, "warn"}, {HP_SEV_ALERT, "alert"}, {0, NULL}};

// Known trait ids with the severity they usually carry; the expert field named after the id has
// that severity, the other three severities get "<name>.<severity>" fields.
struct TraitInfo {
    const char *id;
    int dflt;
    const char *title;
};
static const TraitInfo kTraits[] = {
    {"http-ip-host", HP_SEV_WARN, "HTTP request to an IP literal"},
    {"dns-random-name", HP_SEV_NOTE, "Machine-generated-looking DNS name"},
    {"cdn-content", HP_SEV_INFO, "Content served from a CDN"},
    {"active-content", HP_SEV_NOTE, "Active content (JavaScript, Flash) downloaded"},
    {"binary-download", HP_SEV_WARN, "Binary or executable downloaded"},
    {"cleartext-http", HP_SEV_INFO, "Web traffic without TLS"},
    {"tls-deprecated", HP_SEV_WARN, "Deprecated TLS version negotiated"},
    {"tls-weak-cipher", HP_SEV_NOTE, "Weak TLS cipher suite negotiated"},
    {"tcp-errors", HP_SEV_NOTE, "TCP errors"},
    {"multicast-exposure", HP_SEV_INFO, "Host announces itself on multicast"},
    {"quic-client-exposure", HP_SEV_NOTE, "QUIC client reveals its user agent"},
    {"p2p-discovery", HP_SEV_NOTE, "Peer-to-peer discovery broadcast"},
    {"port-protocol-mismatch", HP_SEV_WARN, "Protocol does not match the port"},
    {NULL, HP_SEV_NOTE, "Suspicious trait"}, // generic: ids raised by other modules or Lua
};
static constexpr size_t kNumTraitInfos = sizeof kTraits / sizeof kTraits[0];
static expert_field ei_traits[kNumTraitInfos][4];
static const char *const kSevNames[4] = {"info", "note", "warn", "alert"};
static const int kSevExpert[4] = {PI_CHAT, PI_NOTE, PI_WARN, PI_ERROR};

// Wireshark and huntpack fields we read (ids resolved in handoff).
static int hf_http_request = -1, hf_http_response = -1, hf_http_host = -1, hf_http_uri = -1,
           hf_http_resp_uri = -1, hf_http_ctype = -1, hf_http_server = -1, hf_http_file_data = -1,
           hf_http_via = -1, hf_dns_qry = -1, hf_dns_resp = -1, hf_dns_ptr = -1, hf_dns_cname = -1,
           hf_dns_a = -1, hf_dns_aaaa = -1;
// Wireshark's TLS fields: read only to check huntpack's own readings (huntpack.verify_facts).
static int hf_tls_hs_type = -1, hf_tls_hs_version = -1, hf_tls_suite = -1, hf_tls_sni = -1,
           hf_tls_supported_version = -1;
static hp_want_set want_verify;
static int proto_tls = -1, proto_tcp = -1;

// ---- catalogs and per-capture state (C++ heap, explicit lifetimes) ---------------------------
struct Catalogs {
    tr::CdnCatalog cdn;
    tr::DnsRandomModel dns;
    tr::CipherCatalog ciphers;
    std::unordered_set<uint32_t> std_ports; // (transport << 16) | port; transport 0 tls, 1 quic
    std::unordered_map<uint32_t, std::string> port_sources;
    std::string extra_dir;
};
static Catalogs *catalogs; // created in the init routine, freed at shutdown

struct ModernTls {
    std::string server, version;
    guint32 frame;
};
// A name's verdict with the name normalised (tr::normalize_host; empty: no name to judge).
template <typename Verdict> struct NamedVerdict {
    std::string name;
    Verdict v;
};
using DnsScore = NamedVerdict<tr::DnsRandomVerdict>;
using CdnName = NamedVerdict<tr::CdnVerdict>;
struct CaptureState {
    std::unordered_set<std::string> cleartext_hosts;
    std::unordered_map<std::string, ModernTls> modern_tls; // registrable domain -> first server
    std::unordered_map<std::string, std::string> dns_names; // address -> name that resolved to it
    guint64 dns_name_writes = 0; // overwrites included (verify_quiet: the size alone misses them)
    // The same names recur in many DNS frames; scoring one costs 1-2 µs (bench_core).
    // Keyed by the name as the frame carries it (name_key): a name seen before costs one
    // look-up, without normalising it again.
    std::unordered_map<std::string, DnsScore> dns_scores; // role byte + name
    // Host, SNI, CNAME and PTR names recur too; classifying one (catalog suffixes, public
    // suffix list, edge-name tokens) costs ~20,000 instructions (callgrind, 50,000 frames).
    std::unordered_map<std::string, CdnName> cdn_names; // where byte + name
};
static CaptureState *capture; // reset in the init routine, freed in cleanup
static guint64 quiet_frames, judged_frames; // frames that skipped judge() and not (quiet()), logged at cleanup

// Per-conversation facts, trivially copyable in wmem file scope.
struct SocConv {
    // NULL until a ClientHello or HTTP request names them, then in file scope (keep_str: their
    // capacities below): most conversations (DNS, QUIC, bare TCP, ...) never do.
    char *sni;
    char *host;
    char *uri;
    guint16 sni_cap, host_cap, uri_cap;
    guint8 data_segs[2]; // raw data segments sniffed, by direction (0: from the first talker)
    guint8 raw_heads;    // response heads judged from bytes that reassembly may judge again
    guint8 http;         // an HTTP request or response was seen
    guint8 mismatch_raised, port_raised, binary_raised;
    guint8 tls_std_port; // 0 not looked up yet, 1 neither port is a standard TLS port, 2 one is
    // The first talker, to tell directions apart, kept inline (hp_endpoint.h): no copy of the
    // address to allocate or follow (a cache miss a frame on a capture of 100,000 flows).
    HpEndpoint first;
};
static_assert(std::is_trivially_copyable_v<SocConv>);

// A verdict, cached per frame in file scope.
struct CachedTrait {
    const char *id, *summary, *evidence, *host;
    int severity;
};
struct FrameTraits {
    guint32 n;
    CachedTrait *t;
};

// ---- catalogs ---------------------------------------------------------------------------------
static std::string plugin_data_dir()
{
    Dl_info info;
    if (dladdr(reinterpret_cast<void *>(&hp_trait_raise), &info) == 0 || !info.dli_fname)
        return "";
    std::string so = info.dli_fname;
    const size_t slash = so.rfind('/');
    return (slash == std::string::npos ? std::string(".") : so.substr(0, slash)) + "/" HUNTPACK_DATA_SUBDIR;
}

static void load_ports(Catalogs &c, const std::string &path, bool required)
{
    std::vector<tr::TsvRecord> recs;
    std::string err;
    if (!tr::read_tsv_file(path, 4, &recs, &err)) {
        if (required)
            ws_warning("soctrait: %s", err.c_str());
        return;
    }
    for (const tr::TsvRecord &r : recs) {
        const uint32_t transport = r.fields[0] == "tls" ? 0 : r.fields[0] == "quic" ? 1 : 2;
        const unsigned long port = strtoul(r.fields[1].c_str(), NULL, 10);
        if (transport > 1 || port == 0 || port > 65535) {
            ws_warning("soctrait: %s: bad transport or port", r.where.c_str());
            continue;
        }
        const uint32_t key = (transport << 16) | static_cast<uint32_t>(port);
        c.std_ports.insert(key);
        c.port_sources[key] = r.fields[2];
    }
}

static void load_dir(Catalogs &c, const std::string &dir, bool required)
{
    std::string err;
    auto check = [&](bool ok, const std::string &path) {
        if (!ok && (required || g_file_test(path.c_str(), G_FILE_TEST_EXISTS)))
            ws_warning("soctrait: catalog %s: %s", path.c_str(), err.c_str());
        err.clear();
    };
    std::string p = dir + "/cdn_suffixes.tsv";
    check(c.cdn.load_file(p, &err), p);
    p = dir + "/benign_random_families.tsv";
    check(c.dns.load_benign_file(p, &err), p);
    p = dir + "/cipher_suites.tsv";
    check(c.ciphers.load_suites_file(p, &err), p);
    p = dir + "/cipher_rules.tsv";
    check(c.ciphers.load_rules_file(p, &err), p);
    load_ports(c, dir + "/std_ports.tsv", required);
}

static void ensure_catalogs()
{
    const std::string extra = pref_catalog_dir ? pref_catalog_dir : "";
    if (catalogs && catalogs->extra_dir == extra)
        return;
    delete catalogs;
    catalogs = new Catalogs();
    catalogs->extra_dir = extra;
    load_dir(*catalogs, plugin_data_dir(), true);
    if (!extra.empty())
        load_dir(*catalogs, extra, false);
    ws_debug("soctrait: %zu CDN entries, %zu benign families, %zu suites, %zu rules, %zu ports",
        catalogs->cdn.size(), catalogs->dns.benign_count(), catalogs->ciphers.suite_count(),
        catalogs->ciphers.rule_count(), catalogs->std_ports.size());
}

static void reset_hooks()
{
    if (hp_tcperr_frame_reset)
        hp_tcperr_frame_reset();
    if (hp_devices_frame_reset)
        hp_devices_frame_reset();
}

static void soctrait_init()
{
    reset_hooks();
    try {
        ensure_catalogs();
        delete capture;
        capture = new CaptureState();
    } catch (...) {
        ws_warning("soctrait: initialisation failed (out of memory?)");
    }
}

static void soctrait_cleanup()
{
    if (quiet_frames + judged_frames)
        ws_info("soctrait: %" G_GUINT64_FORMAT " frames quiet (judges skipped), %" G_GUINT64_FORMAT " judged",
            quiet_frames, judged_frames);
    quiet_frames = judged_frames = 0;
    reset_hooks();
    delete capture;
    capture = NULL;
}

static void soctrait_shutdown()
{
    reset_hooks();
    delete capture;
    capture = NULL;
    delete catalogs;
    catalogs = NULL;
}

// ---- hp_trait_raise (soctrait_api.h) ----------------------------------------------------------
static expert_field *expert_for(const char *id, int severity)
{
    size_t i = 0;
    while (i + 1 < kNumTraitInfos && strcmp(kTraits[i].id, id) != 0)
        i++;
    return &ei_traits[i][severity];
}

extern "C" void hp_trait_raise(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const hp_trait *t)
{
    if (!t || !t->id || !pinfo)
        return;
    const int sev = CLAMP(t->severity, HP_SEV_INFO, HP_SEV_ALERT);
    const char *summary = t->summary ? t->summary : "";
    proto_item *ti = proto_tree_add_item(tree, proto_soctrait, tvb, 0, 0, ENC_NA);
    proto_item_append_text(ti, ": %s (%s)", t->id, kSevNames[sev]);
    proto_tree *st = proto_item_add_subtree(ti, ett_soctrait);
    proto_item_set_generated(proto_tree_add_string(st, hf_id, tvb, 0, 0, t->id));
    proto_item_set_generated(proto_tree_add_uint(st, hf_severity, tvb, 0, 0, (guint32)sev));
    proto_item_set_generated(proto_tree_add_string(st, hf_summary, tvb, 0, 0, summary));
    if (t->evidence)
        proto_item_set_generated(proto_tree_add_string(st, hf_evidence, tvb, 0, 0, t->evidence));
    if (t->host)
        proto_item_set_generated(proto_tree_add_string(st, hf_host, tvb, 0, 0, t->host));
    expert_add_info_format(pinfo, ti, expert_for(t->id, sev), "%s", summary);
    auto *rec = wmem_new0(pinfo->pool, hp_trait_rec);
    rec->id = wmem_strdup(pinfo->pool, t->id);
    rec->severity = sev;
    rec->summary = wmem_strdup(pinfo->pool, summary);
    rec->evidence = t->evidence ? wmem_strdup(pinfo->pool, t->evidence) : NULL;
    rec->host = t->host ? wmem_strdup(pinfo->pool, t->host) : NULL;
    rec->frame = pinfo->num;
    tap_queue_packet(trait_tap, pinfo, rec);
}

// "<dir>/cipher_rules.tsv:32" -> "cipher_rules.tsv:32": evidence names the catalog entry, not
// where this machine installed it (the path is in the catalog's own warnings).
static std::string catalog_ref(const std::string &where)
{
    const size_t slash = where.rfind('/');
    return slash == std::string::npos ? where : where.substr(slash + 1);
}

// ---- facts (gathered with tvb access, plain data only) --------------------------------------
struct Name {
    const char *name;
    tr::DnsNameRole role;
};
struct Facts {
    guint32 frame;
    port_type ptype;
    // The addresses as text, made on first use (most frames raise no trait and never need
    // them): shallow copies of pinfo's addresses, valid while this frame is dissected.
    address src_addr, dst_addr;
    wmem_allocator_t *pool; // the packet's
    mutable const char *src_text, *dst_text;
    const char *src() const { return src_text ? src_text : (src_text = address_to_str(pool, &src_addr)); }
    const char *dst() const { return dst_text ? dst_text : (dst_text = address_to_str(pool, &dst_addr)); }
    guint32 srcport, dstport;
    SocConv *conv;
    // 0: the frame comes from the conversation's first talker, 1: from the other side. Asked
    // only of a raw data segment (raw_binary_sniffs), not told for every frame.
    int dir() const { return conv && !conv->first.is(src_addr, srcport) ? 1 : 0; }
    // HTTP
    gboolean http_request, http_response;
    const char *host, *uri, *resp_uri, *ctype, *server, *via;
    const guint8 *body;
    guint body_len;
    // raw TCP payload (first kMaxHeadScan bytes)
    const guint8 *payload;
    guint payload_len;
    // DNS (the names and addresses: the arrays at the end)
    int n_names;
    const char *dns_qname;
    int n_addrs;
    // TLS
    gboolean client_hello, server_hello, have_suite, tls_record;
    gboolean tls_handshake; // the flow has shown a hello (hp_tls_flow_handshake)
    gboolean tls_dir_handshake; // this frame's direction has (hp_tls_dir_handshake)
    const char *sni;
    guint32 sh_version, sh_suite;
    // huntpack's own fields
    gboolean spotudp;
    const char *quic_ua, *quic_sni, *quic_kind, *mismatch;
    int n_hooked; // traits in hooked[]
    // The arrays last: entries past their counts are never read, so a new Facts is zeroed only
    // up to here (new_facts; zeroing all of it was 1.2 KB a frame).
    Name names[kMaxNames];
    const char *dns_addrs[kMaxNames];
    hp_trait hooked[kMaxHooked]; // traits emitted by the other modules' judges (strings in pinfo->pool)
};
static_assert(std::is_standard_layout_v<Facts> && std::is_trivially_copyable_v<Facts>, "zeroed with memset");

// A Facts in the packet's pool, zeroed up to its arrays. In 16-byte stores: GCC makes the
// memset of this constant size a `rep stos`, whose start-up was a third of dissect_soctrait's
// own time (bench/perfprof.sh: 2.6 ms of 8 on 200,000 frames).
static Facts *new_facts(packet_info *pinfo)
{
    constexpr size_t n = offsetof(Facts, names);
    static_assert(n >= 16, "one store at least");
    typedef unsigned char v16 __attribute__((vector_size(16), may_alias, aligned(1)));
    auto *f = static_cast<Facts *>(wmem_alloc(pinfo->pool, sizeof(Facts)));
    auto *p = reinterpret_cast<unsigned char *>(f);
#pragma GCC unroll 32
    for (size_t i = 0; i + 16 <= n; i += 16)
        *reinterpret_cast<v16 *>(p + i) = v16{};
    *reinterpret_cast<v16 *>(p + n - 16) = v16{}; // the tail (n need not be a multiple of 16)
    return f;
}

static const char *fstr(field_info *fi) { return fi ? fvalue_get_string(HP_FI_VALUE(fi)) : NULL; }

static void add_names(Facts &f, proto_tree *tree, int hf, tr::DnsNameRole role)
{
    GPtrArray *a = hf > 0 ? proto_get_finfo_ptr_array(tree, hf) : NULL;
    for (guint i = 0; a && i < a->len && f.n_names < kMaxNames; i++) {
        const char *s = fstr(static_cast<field_info *>(g_ptr_array_index(a, i)));
        if (s && *s)
            f.names[f.n_names++] = {s, role};
    }
}

static void add_addrs(Facts &f, packet_info *pinfo, proto_tree *tree, int hf)
{
    GPtrArray *a = hf > 0 ? proto_get_finfo_ptr_array(tree, hf) : NULL;
    for (guint i = 0; a && i < a->len && f.n_addrs < kMaxNames; i++) {
        auto *fi = static_cast<field_info *>(g_ptr_array_index(a, i));
        f.dns_addrs[f.n_addrs++] = fvalue_to_string_repr(pinfo->pool, HP_FI_VALUE(fi), FTREPR_DISPLAY, BASE_NONE);
    }
}

// First field hf after `anchor` in the same data source and before `limit` (-1: no limit).
static field_info *field_after(proto_tree *tree, int hf, field_info *anchor, gint limit)
{
    GPtrArray *a = hf > 0 ? proto_get_finfo_ptr_array(tree, hf) : NULL;
    for (guint i = 0; a && i < a->len; i++) {
        auto *fi = static_cast<field_info *>(g_ptr_array_index(a, i));
        if (fi->ds_tvb == anchor->ds_tvb && fi->start > anchor->start && (limit < 0 || fi->start < limit))
            return fi;
    }
    return NULL;
}

// Wireshark's view of the frame's TLS hellos (its tls.* fields), the oracle of verify_facts.
static void gather_tls_fields(Facts &f, proto_tree *tree)
{
    GPtrArray *types = hf_tls_hs_type > 0 ? proto_get_finfo_ptr_array(tree, hf_tls_hs_type) : NULL;
    for (guint i = 0; types && i < types->len; i++) {
        auto *fi = static_cast<field_info *>(g_ptr_array_index(types, i));
        const guint32 type = fvalue_get_uinteger(HP_FI_VALUE(fi));
        gint limit = -1;
        if (i + 1 < types->len) {
            auto *next = static_cast<field_info *>(g_ptr_array_index(types, i + 1));
            if (next->ds_tvb == fi->ds_tvb)
                limit = next->start;
        }
        if (type == 1 && !f.client_hello) {
            f.client_hello = TRUE;
            f.sni = fstr(field_after(tree, hf_tls_sni, fi, limit));
        } else if (type == 2 && !f.server_hello) {
            field_info *v = field_after(tree, hf_tls_hs_version, fi, limit);
            field_info *sv = field_after(tree, hf_tls_supported_version, fi, limit);
            field_info *cs = field_after(tree, hf_tls_suite, fi, limit);
            if (!v && !sv)
                continue;
            f.server_hello = TRUE;
            f.sh_version = fvalue_get_uinteger(HP_FI_VALUE(sv ? sv : v));
            if (cs) {
                f.have_suite = TRUE;
                f.sh_suite = fvalue_get_uinteger(HP_FI_VALUE(cs));
            }
        }
    }
}

// The frame's TLS hellos from the flow's own bytes (hp_tls_frame): a TCP ClientHello's SNI, a
// ServerHello's negotiated version and suite. A QUIC client's ClientHello comes from quicfp
// (IETF QUIC and gQUIC with TLS; a legacy CHLO is no ClientHello). A QUIC server's ServerHello,
// in the server's Initial, is not read (Wireshark's fields had it; huntpack decrypts client
// Initials only): QUIC servers no longer count as "negotiated TLS 1.2+ earlier" in
// tls-deprecated's evidence (they did when Wireshark's fields were read).
// tls_record (read only while it can still matter: a TCP flow without a handshake whose port
// trait was not raised, neither of whose ports is a standard TLS port): Wireshark's TLS
// dissector took the frame and its bytes hold a chain of TLS record headers (Wireshark also
// takes the frames of flows it cannot parse, as "Continuation Data").

// Whether either port of the frame's conversation is a standard TLS port (std_ports.tsv),
// looked up once per conversation: mid-stream TLS records on such a flow never make a port
// mismatch, so they need no scan. Without catalogs no trait is judged: true.
static bool tls_std_port(const Facts &f)
{
    if (!f.conv || !catalogs)
        return true;
    if (!f.conv->tls_std_port)
        f.conv->tls_std_port = (catalogs->std_ports.count(f.srcport) || catalogs->std_ports.count(f.dstport)) ? 2 : 1;
    return f.conv->tls_std_port == 2;
}

static void gather_tls(Facts &f, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    if (pinfo->ptype == PT_UDP) {
        if (f.quic_kind && strcmp(f.quic_kind, "gquic") != 0) {
            f.client_hello = TRUE;
            f.sni = f.quic_sni; // may be NULL: a ClientHello without server_name
        }
        return;
    }
    const hp_tls_hello *h = hp_tls_frame(tvb, pinfo, tree);
    // Only a frame with payload bytes reads these (raw_binary_sniffs, tls_record and judge_tls
    // through it): a bare ACK skips the flow's look-ups.
    if (f.payload) {
        f.tls_handshake = hp_tls_flow_handshake(tvb, pinfo, tree);
        f.tls_dir_handshake = f.tls_handshake && hp_tls_dir_handshake(tvb, pinfo, tree);
    }
    if (f.payload && !f.tls_handshake && f.conv && !f.conv->port_raised && !tls_std_port(f) && hp_frame_has_layer(pinfo, proto_tls)) {
        const hp_l4 *l4 = hp_frame_l4(tvb, pinfo, tree);
        const guint8 *p = hp_l4_payload(tvb, l4);
        f.tls_record = p && (tls::scan_records(p, l4->payload_len).ok || tls::find_record_chain(p, l4->payload_len).ok);
    }
    if (!h)
        return;
    if (h->type == 2) {
        f.server_hello = TRUE;
        f.sh_version = h->version;
        f.have_suite = TRUE;
        f.sh_suite = h->suite;
        return;
    }
    f.client_hello = TRUE;
    // The SNI, and a user agent in clear with the SNI as quicfp shows them (quic-client-exposure,
    // judge_huntpack), from this one parse: quicfp reads TCP ClientHellos only for its own
    // outputs (dissect_quicfp).
    try {
        const tls::ClientHello ch = tls::parse_client_hello(huntpack::ByteView(h->message, h->message_len));
        if (!ch.sni.empty())
            f.sni = wmem_strndup(pinfo->pool, ch.sni.data(), ch.sni.size());
        const std::string ua = huntpack::quicfp::client_hello_user_agent(ch);
        if (!ua.empty())
            f.quic_ua = wmem_strndup(pinfo->pool, ua.data(), ua.size());
        const std::string shown = huntpack::quicfp::client_hello_sni(ch);
        if (!shown.empty())
            f.quic_sni = wmem_strndup(pinfo->pool, shown.data(), shown.size());
    } catch (...) {
        // out of memory: the hello stays without its name
    }
}

// huntpack.verify_facts (hp_fields.h): huntpack's TLS readings against Wireshark's fields.
static void verify_tls(packet_info *pinfo, proto_tree *tree, const Facts &ours)
{
    Facts *ws = wmem_new0(pinfo->pool, Facts);
    gather_tls_fields(*ws, tree);
    auto same = [](const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); };
    auto hello = [pinfo](const Facts &x) -> const char * {
        if (x.client_hello)
            return wmem_strdup_printf(pinfo->pool, "ClientHello (SNI %s)", x.sni ? x.sni : "none");
        if (x.server_hello)
            return wmem_strdup_printf(pinfo->pool, "ServerHello (version 0x%04x, suite 0x%04x)", x.sh_version,
                x.have_suite ? x.sh_suite : 0);
        return "no hello";
    };
    const char *a = hello(ours), *b = hello(*ws);
    // Not differences: a QUIC server's ServerHello, which huntpack does not read (gather_tls), and
    // a hello huntpack finds where Wireshark's TLS dissector did not look (TLS on a port or in a
    // flow Wireshark does not dissect as TLS).
    const bool quic_server = pinfo->ptype == PT_UDP && ws->server_hello && !ws->client_hello;
    const bool ws_not_tls = !ws->client_hello && !ws->server_hello && !hp_frame_has_layer(pinfo, proto_tls);
    if (!quic_server && !ws_not_tls && !same(a, b))
        hp_facts_differ(pinfo, pinfo->ptype == PT_UDP ? "TLS hello (QUIC)" : "TLS hello (TCP)", a, b);
    // tls_record is not compared: huntpack reads it only while it can still matter (gather_tls),
    // as record headers in the frame's own bytes, where Wireshark's field means "a record was
    // dissected here" (after reassembly): by design they differ on the segments of a record.
}

static SocConv *conv_state(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    if (pinfo->ptype != PT_TCP && pinfo->ptype != PT_UDP)
        return NULL;
    conversation_t *conv = hp_conversation(tvb, pinfo, tree, TRUE);
    void **slot = hp_conv_slot(conv, HP_CONV_SOCTRAIT, TRUE);
    if (!slot)
        return NULL; // no conversation (find_or_create_conversation: never today)
    auto *cs = static_cast<SocConv *>(*slot);
    if (!cs) {
        cs = wmem_new0(wmem_file_scope(), SocConv);
        cs->first.set(pinfo->src, pinfo->srcport);
        *slot = cs;
    }
    return cs;
}

static const guint8 *memdup_field(packet_info *pinfo, field_info *fi, guint cap, guint *len)
{
    *len = 0;
    if (!fi || !fi->ds_tvb || fi->length <= 0)
        return NULL;
    const gint avail = tvb_captured_length_remaining(fi->ds_tvb, fi->start);
    if (avail <= 0)
        return NULL;
    *len = MIN(MIN((guint)fi->length, (guint)avail), cap);
    return static_cast<const guint8 *>(tvb_memdup(pinfo->pool, fi->ds_tvb, fi->start, *len));
}

// Wireshark's view of the frame's HTTP and DNS (its http.* and dns.* fields), the oracle of
// verify_facts: each fact is the field's first value in the frame (names and addresses: all).
static void gather_app_fields(Facts &f, packet_info *pinfo, proto_tree *tree)
{
    f.http_request = hp_field_present(tree, hf_http_request);
    f.http_response = hp_field_present(tree, hf_http_response);
    if (f.http_request) {
        f.host = hp_field_string(tree, hf_http_host);
        f.uri = hp_field_string(tree, hf_http_uri);
    }
    if (f.http_response) {
        f.resp_uri = hp_field_string(tree, hf_http_resp_uri);
        f.ctype = hp_field_string(tree, hf_http_ctype);
        f.server = hp_field_string(tree, hf_http_server);
        f.via = hp_field_string(tree, hf_http_via);
        f.body = memdup_field(pinfo, hp_field(tree, hf_http_file_data), tr::kSniffBytes, &f.body_len);
    }
    add_names(f, tree, hf_dns_qry, tr::DnsNameRole::Query);
    add_names(f, tree, hf_dns_resp, tr::DnsNameRole::Answer);
    add_names(f, tree, hf_dns_cname, tr::DnsNameRole::Cname);
    add_names(f, tree, hf_dns_ptr, tr::DnsNameRole::PtrAnswer);
    f.dns_qname = hp_field_string(tree, hf_dns_qry);
    add_addrs(f, pinfo, tree, hf_dns_a);
    add_addrs(f, pinfo, tree, hf_dns_aaaa);
}

// The same facts from the frame's own bytes (hp_app.h), in the fields' order: a header's first
// value over the frame's messages; names by role (questions, record names, CNAME targets, PTR
// targets), each role in wire order; A then AAAA addresses.
static void gather_app(Facts &f, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    if (const hp_http_frame *h = hp_app_http(tvb, pinfo, tree)) {
        auto first = [h](const char *hp_http_msg::*m) -> const char * {
            for (guint i = 0; i < h->n_msg; i++)
                if (h->msg[i].*m)
                    return h->msg[i].*m;
            return NULL;
        };
        for (guint i = 0; i < h->n_msg; i++) {
            f.http_request |= h->msg[i].request;
            f.http_response |= h->msg[i].response;
        }
        if (f.http_request) {
            f.host = first(&hp_http_msg::host);
            f.uri = first(&hp_http_msg::uri);
        }
        if (f.http_response) {
            f.resp_uri = first(&hp_http_msg::resp_uri);
            f.ctype = first(&hp_http_msg::ctype);
            f.server = first(&hp_http_msg::server);
            f.via = first(&hp_http_msg::via);
            for (guint i = 0; i < h->n_msg && !f.body; i++)
                if (h->msg[i].body_len) {
                    f.body = h->msg[i].body;
                    f.body_len = MIN(h->msg[i].body_len, (guint)tr::kSniffBytes);
                }
        }
    }
    const hp_dns_frame *d = hp_app_dns(tvb, pinfo, tree);
    if (!d || d->nbns)
        return;
    auto names = [&f, d](tr::DnsNameRole role) {
        for (guint m = 0; m < d->n_msg; m++)
            for (guint i = 0; i < d->msg[m].n_rr && f.n_names < kMaxNames; i++) {
                const hp_dns_rr &r = d->msg[m].rr[i];
                const char *s = NULL;
                switch (role) {
                case tr::DnsNameRole::Query: s = r.section == 0 ? r.name : NULL; break;
                case tr::DnsNameRole::Answer: s = r.resp_name ? r.name : NULL; break;
                case tr::DnsNameRole::Cname: s = r.section != 0 && r.type == 5 ? r.target : NULL; break;
                case tr::DnsNameRole::PtrAnswer: s = r.section != 0 && r.type == 12 ? r.target : NULL; break;
                }
                if (s && *s)
                    f.names[f.n_names++] = {s, role};
            }
    };
    names(tr::DnsNameRole::Query);
    names(tr::DnsNameRole::Answer);
    names(tr::DnsNameRole::Cname);
    names(tr::DnsNameRole::PtrAnswer);
    for (guint m = 0; m < d->n_msg && !f.dns_qname; m++)
        for (guint i = 0; i < d->msg[m].n_rr && !f.dns_qname; i++)
            if (d->msg[m].rr[i].section == 0)
                f.dns_qname = d->msg[m].rr[i].name;
    for (guint16 type : {(guint16)1, (guint16)28})
        for (guint m = 0; m < d->n_msg; m++)
            for (guint i = 0; i < d->msg[m].n_rr && f.n_addrs < kMaxNames; i++)
                if (d->msg[m].rr[i].section != 0 && d->msg[m].rr[i].type == type && d->msg[m].rr[i].addr)
                    f.dns_addrs[f.n_addrs++] = d->msg[m].rr[i].addr;
}

// huntpack.verify_facts: the HTTP and DNS facts from the bytes against Wireshark's fields.
static const char *describe_app(packet_info *pinfo, const Facts &x, bool http)
{
    auto z = [](const char *s) { return s ? s : "-"; };
    if (http) {
        GString *b = g_string_new(NULL);
        for (guint i = 0; i < MIN(x.body_len, 8u); i++)
            g_string_append_printf(b, "%02x", x.body[i]);
        // Short fields first: an expert item's text is cut at 240 bytes.
        const char *r = wmem_strdup_printf(pinfo->pool,
            "req %d resp %d body %u:%s ctype %s server %s via %s host %s uri %s for %s", x.http_request,
            x.http_response, x.body_len, b->str, z(x.ctype), z(x.server),
            hf_http_via > 0 ? z(x.via) : "(no http.via before 4.2)", z(x.host), z(x.uri),
            hf_http_resp_uri > 0 ? z(x.resp_uri) : "(no http.response_for.uri in this version)");
        g_string_free(b, TRUE);
        return r;
    }
    GString *b = g_string_new(NULL);
    g_string_append_printf(b, "qname %s;", z(x.dns_qname));
    for (int i = 0; i < x.n_names; i++)
        g_string_append_printf(b, " %d:%s", (int)x.names[i].role, x.names[i].name);
    g_string_append(b, "; addrs");
    for (int i = 0; i < x.n_addrs; i++)
        g_string_append_printf(b, " %s", x.dns_addrs[i]);
    const char *r = wmem_strdup(pinfo->pool, b->str);
    g_string_free(b, TRUE);
    return r;
}

static void verify_app(packet_info *pinfo, proto_tree *tree, const Facts &ours)
{
    if (hp_frame_quotes_packet(pinfo))
        return; // a message quoted in an ICMP error: not read by design (hp_app.h)
    Facts *ws = wmem_new0(pinfo->pool, Facts);
    gather_app_fields(*ws, pinfo, tree);
    for (bool http : {true, false}) {
        const char *a = describe_app(pinfo, ours, http), *b = describe_app(pinfo, *ws, http);
        if (strcmp(a, b) != 0)
            hp_facts_differ(pinfo, http ? "HTTP facts" : "DNS facts",
                wmem_strdup_printf(pinfo->pool, "(frame %u) %s", pinfo->num, a), b);
    }
}

// hp_trait_emit_fn for the other modules' judges: plain copies into the frame's Facts.
struct HookSink {
    Facts *f;
    wmem_allocator_t *pool; // the packet's
};
static void emit_hooked(void *ctx, const hp_trait *t)
{
    auto *k = static_cast<HookSink *>(ctx);
    if (!t || !t->id || k->f->n_hooked >= kMaxHooked)
        return;
    auto dup = [k](const char *s) -> const char * { return s ? wmem_strdup(k->pool, s) : NULL; };
    k->f->hooked[k->f->n_hooked++] = {dup(t->id), t->severity, dup(t->summary), dup(t->evidence), dup(t->host)};
}

// A TCP frame with no payload and nothing dissected above TCP (bare ACKs, handshakes,
// teardowns: 42 % of the bench capture's frames), that neither tcplabel nor quicfp said
// anything about. gather() finds nothing else in it for the judges (no HTTP or DNS layer, no
// payload for gather_tls, raw_binary_sniffs and starts_http_head, no hello: hp_tls_frame takes
// only payloads), so such a frame gets only what the rest needs: the conversation's record
// (made on its first frame, which names the flow's first talker) and the other modules' hooks.
// A cycle counter around soctrait on the bench capture: ~230 cycles a bare ACK, of which the
// full gather's look-ups were most. huntpack.verify_facts gathers such a frame both ways and
// reports any difference.
static bool bare_tcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const hp_peer_frame *peer)
{
    if (pinfo->ptype != PT_TCP || !pinfo->layers || peer->mismatch || peer->quic_client)
        return false;
    const hp_l4 *l4 = hp_frame_l4(tvb, pinfo, tree);
    if (!l4->ok || l4->payload_reported != 0 || l4->payload_len != 0)
        return false;
    wmem_list_frame_t *top = wmem_list_tail(pinfo->layers);
    return top && GPOINTER_TO_INT(wmem_list_frame_data(top)) == proto_tcp;
}

static void gather_full(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, Facts &f, bool hooks);

static void gather_frame(packet_info *pinfo, Facts &f)
{
    f.frame = pinfo->num;
    f.ptype = pinfo->ptype;
    copy_address_shallow(&f.src_addr, &pinfo->src);
    copy_address_shallow(&f.dst_addr, &pinfo->dst);
    f.pool = pinfo->pool;
    f.srcport = pinfo->srcport;
    f.dstport = pinfo->destport;
}

static void gather_hooks(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, Facts &f)
{
    HookSink sink = {&f, pinfo->pool};
    if (hp_tcperr_frame)
        hp_tcperr_frame(tvb, pinfo, tree, emit_hooked, &sink);
    if (hp_devices_frame)
        hp_devices_frame(tvb, pinfo, tree, emit_hooked, &sink);
}

static void gather(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, Facts &f)
{
    if (!bare_tcp(tvb, pinfo, tree, hp_peer())) {
        gather_full(tvb, pinfo, tree, f, true);
        return;
    }
    gather_frame(pinfo, f);
    f.conv = conv_state(tvb, pinfo, tree);
    gather_hooks(tvb, pinfo, tree, f);
    if (!hp_verify_facts())
        return;
    // The full gather must find the same (the hooks, which keep state, are not run again).
    Facts *full = new_facts(pinfo);
    gather_full(tvb, pinfo, tree, *full, false);
    if (memcmp(static_cast<const void *>(full), static_cast<const void *>(&f), offsetof(Facts, n_hooked)) != 0)
        hp_facts_differ(pinfo, "bare TCP frame", "nothing to gather", "the full gather found facts");
}

static void gather_full(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, Facts &f, bool hooks)
{
    gather_frame(pinfo, f);
    const hp_peer_frame *peer = hp_peer(); // huntpack's own modules answer directly (hp_peer.h)
    const bool quic_client = peer->quic_client && pinfo->ptype == PT_UDP;
    gather_app(f, tvb, pinfo, tree);
    // A UDP flow's record serves only a QUIC client's first flight (judge_tls) and HTTP over UDP
    // (SSDP: judge_http_*, judge_cdn): the other UDP conversations (DNS exchanges, half the bench
    // capture's 100,000) get none. Nor is a conversation created for them any more: for a UDP
    // frame Wireshark gives none (an ICMP error quoting UDP, a tunnel's inner packet), conv_state
    // used to make one, which huntpack_summary then counted as a UDP session (66 instead of
    // Wireshark's 63 on quic_interop_V; t_tcplabel checks).
    f.conv = pinfo->ptype == PT_TCP || quic_client || f.http_request || f.http_response
        ? conv_state(tvb, pinfo, tree) : NULL;
    if (pinfo->ptype == PT_TCP) {
        // This frame's TCP payload, from its bytes (hp_frame.h), valid for this frame only.
        const hp_l4 *l4 = hp_frame_l4(tvb, pinfo, tree);
        f.payload = hp_l4_payload(tvb, l4);
        f.payload_len = f.payload ? MIN(l4->payload_len, kMaxHeadScan) : 0;
    }
    f.spotudp = hp_spotudp_seen(pinfo);
    if (quic_client) { // a TCP ClientHello: gather_tls reads it
        f.quic_ua = peer->quic_ua;
        f.quic_sni = peer->quic_sni;
        f.quic_kind = peer->quic_kind;
    }
    gather_tls(f, tvb, pinfo, tree);
    f.mismatch = peer->mismatch;
    if (hooks)
        gather_hooks(tvb, pinfo, tree, f);
}

// ---- judging (plain C++ on the facts; no tvb, no longjmp) ------------------------------------
struct Pending {
    std::string id, summary, evidence, host;
    int severity;
};
using Out = std::vector<Pending>;

static std::string_view cut(const char *s, size_t n = kMaxText)
{
    if (!s)
        return {};
    std::string_view v(s);
    return v.substr(0, n);
}

// A flow's string, at most kConvStr - 1 bytes, in file scope; its buffer grows in steps of 32
// bytes and is written in place. Fixed kConvStr-byte buffers were 1.3 MB of t200k's analysis
// (3,500 TLS flows' SNIs and the HTTP flows' hosts and URIs, most of them 15-40 bytes).
static void keep_str(char *&dst, guint16 &cap, std::string_view s)
{
    const size_t n = MIN(s.size(), kConvStr - 1);
    if (!dst || cap < n + 1) {
        const size_t want = MIN(kConvStr, (n + 1 + 31) & ~static_cast<size_t>(31));
        dst = static_cast<char *>(wmem_realloc(wmem_file_scope(), dst, want));
        cap = static_cast<guint16>(want);
    }
    memcpy(dst, s.data(), n);
    dst[n] = '\0';
}

static std::string path_of(std::string_view uri)
{
    const size_t scheme = uri.find("://");
    if (scheme != std::string_view::npos) {
        const size_t slash = uri.find('/', scheme + 3);
        return slash == std::string_view::npos ? "/" : std::string(uri.substr(slash));
    }
    return std::string(uri);
}

static void judge_http_request(const Facts &f, Out &out)
{
    if (!f.http_request)
        return;
    tr::IpLiteralResult ip;
    const char *where = "Host header";
    if (f.host)
        ip = tr::classify_host_header(cut(f.host));
    if (!ip.fired && f.uri) {
        ip = tr::classify_uri_authority(cut(f.uri, 2048));
        where = "request URI";
    }
    if (ip.fired)
        out.push_back({"http-ip-host", "HTTP request addressed to an IP literal instead of a host name",
            std::string(where) + ": " + ip.evidence, ip.canonical, ip.severity});
    if (f.conv) {
        if (f.host)
            keep_str(f.conv->host, f.conv->host_cap, cut(f.host));
        if (f.uri)
            keep_str(f.conv->uri, f.conv->uri_cap, cut(f.uri));
    }
    if (f.ptype == PT_TCP && capture) {
        std::string host = f.host ? tr::normalize_host(cut(f.host)) : std::string();
        if (host.empty())
            host = f.dst();
        if (capture->cleartext_hosts.size() < kMaxCleartextHosts && capture->cleartext_hosts.insert(host).second)
            out.push_back({"cleartext-http", "Web traffic without TLS",
                "HTTP request to " + host + " on TCP port " + std::to_string(f.dstport) +
                    " (first cleartext request to this host in the capture)",
                host, HP_SEV_INFO});
    }
}

static void judge_content(const Facts &f, std::string_view ctype, std::string_view url,
                          const guint8 *body, size_t body_len, const char *basis, Out &out)
{
    const tr::ContentVerdict v = tr::classify_content(ctype, url, body, body_len);
    if (!v.fired || !*v.trait_id)
        return;
    const bool binary = strcmp(v.trait_id, "binary-download") == 0;
    std::string summary = binary ? "Binary or executable downloaded" : "Active content downloaded";
    if (v.mismatch)
        summary += ", under a misleading type";
    std::string host = f.conv && f.conv->host && f.conv->host[0] ? f.conv->host : f.src();
    out.push_back({v.trait_id, summary, v.evidence + " [" + basis + "]", host, v.severity});
}

// The frame's TCP payload starts like an HTTP/1 response head.
static bool starts_http_head(const Facts &f)
{
    return f.payload && f.payload_len >= 7 && memcmp(f.payload, "HTTP/1.", 7) == 0;
}

// Would judge_raw_binary sniff this segment (and count it against its direction)? Not in a
// direction that showed a TLS hello: its segments are TLS records, an executable in them is
// encrypted (sniffing them was two thirds of the frames judged on the bench capture). Per
// direction: a fake ClientHello must not hide a raw executable that the server sends back.
static bool raw_binary_sniffs(const Facts &f)
{
    return f.ptype == PT_TCP && f.conv && f.payload && f.payload_len > 0 && !f.conv->http &&
        !f.conv->binary_raised && !f.http_request && !f.http_response && !f.tls_dir_handshake &&
        f.conv->data_segs[f.dir()] < kMaxSniffSegments;
}

static void judge_http_response(const Facts &f, Out &out)
{
    if (f.http_response) {
        if (f.conv && f.conv->raw_heads > 0) {
            f.conv->raw_heads--; // this head was judged from its segment's bytes already
            return;
        }
        judge_content(f, cut(f.ctype), path_of(cut(f.resp_uri, 2048)), f.body, f.body_len,
            "reassembled HTTP response", out);
        return;
    }
    // A response head in a TCP segment that Wireshark has not (or never) reassembled.
    if (f.payload_len < 12 || !starts_http_head(f))
        return;
    std::string_view p(reinterpret_cast<const char *>(f.payload), f.payload_len);
    const size_t end = p.find("\r\n\r\n");
    if (end == std::string_view::npos)
        return;
    std::string_view ctype;
    for (size_t pos = p.find("\r\n"); pos != std::string_view::npos && pos < end;) {
        const size_t next = p.find("\r\n", pos + 2);
        std::string_view line = p.substr(pos + 2, next - pos - 2);
        if (line.size() > 13 && tr::ascii_lower(line.substr(0, 13)) == "content-type:")
            ctype = tr::trim_ascii(line.substr(13));
        pos = next;
    }
    const size_t off = end + 4;
    const std::string url = f.conv && f.conv->uri ? path_of(f.conv->uri) : std::string();
    const size_t before = out.size();
    judge_content(f, ctype.substr(0, kMaxText), url, f.payload + off, f.payload_len - off,
        "response head in a TCP segment, not reassembled by Wireshark", out);
    if (out.size() > before && f.conv && f.conv->raw_heads < 255)
        f.conv->raw_heads++;
}

// Executables in raw TCP payloads (no HTTP): the first data segments of each direction
// (raw_binary_sniffs).
static void judge_raw_binary(const Facts &f, Out &out)
{
    if (!raw_binary_sniffs(f))
        return;
    guint8 &segs = f.conv->data_segs[f.dir()];
    segs++;
    if (starts_http_head(f))
        return;
    const tr::MagicResult m = tr::sniff_magic(f.payload, MIN(f.payload_len, (guint)tr::kSniffBytes));
    const bool native = m.kind == tr::MagicKind::Pe || m.kind == tr::MagicKind::Elf ||
        m.kind == tr::MagicKind::MachO || m.kind == tr::MagicKind::MachOFat;
    if (!native || !m.confirmed)
        return;
    f.conv->binary_raised = TRUE;
    out.push_back({"binary-download", "Executable transferred over a raw TCP connection",
        std::string(tr::magic_kind_name(m.kind)) + " at the start of a data segment from " + f.src() + ":" +
            std::to_string(f.srcport) + " (no HTTP; data segment " + std::to_string(segs) + " of this direction)",
        f.src(), HP_SEV_ALERT});
}

// The caches' key for a name as a frame carries it (cut to kMaxText) under a tag byte (its role
// or where it was found), built in one reused buffer: no allocation per name once it has grown.
static const std::string &name_key(char tag, std::string_view raw)
{
    static std::string key;
    key.assign(1, tag);
    key.append(raw);
    return key;
}

// The entry for `key` in `cache` (none without a capture's caches), made by `make` when absent:
// kept in the cache while it has room, else in `spill` (a list: what it holds stays put, and a
// frame that never spills allocates nothing). Names
// that normalise to nothing are kept too (so they are not normalised again), and each spelling
// of a name has its own entry.
template <typename Entry, typename Make>
static const Entry *cached(std::unordered_map<std::string, Entry> *cache, size_t cap, const std::string &key,
                           std::forward_list<Entry> &spill, Make make)
{
    if (cache) {
        auto it = cache->find(key);
        if (it != cache->end())
            return &it->second;
        if (cache->size() < cap)
            return &cache->emplace(key, make()).first->second;
    }
    spill.push_front(make());
    return &spill.front();
}

// A name already judged in this frame (the names are each judged once).
static bool judged_before(const std::string *const *seen, int n, const std::string &name)
{
    for (int i = 0; i < n; i++)
        if (*seen[i] == name)
            return true;
    return false;
}

static void judge_dns(const Facts &f, Out &out)
{
    if (!catalogs || f.n_names == 0)
        return;
    std::forward_list<DnsScore> spill; // verdicts the full cache cannot keep
    const std::string *seen[kMaxNames];
    int n_seen = 0;
    const std::string *qname = nullptr; // f.dns_qname normalised, when it is one of the names
    for (int i = 0; i < f.n_names; i++) {
        const std::string_view raw = cut(f.names[i].name);
        // A spelling met before in this frame (a response repeats its question as an answer's
        // name, a CNAME target as the next answer's): normalised the same, it is empty or
        // judged already, so no look-up (DNS frames name each spelling about twice).
        bool again = false;
        for (int j = 0; j < i && !again; j++)
            again = cut(f.names[j].name) == raw;
        if (again)
            continue;
        const tr::DnsNameRole role = f.names[i].role;
        const DnsScore *e = cached(capture ? &capture->dns_scores : nullptr, kMaxDnsScores,
            name_key(static_cast<char>(role), raw), spill, [&] {
                DnsScore d;
                d.name = tr::normalize_host(raw);
                if (!d.name.empty())
                    d.v = tr::score_dns_name(catalogs->dns, d.name, role);
                return d;
            });
        if (f.names[i].name == f.dns_qname && role == tr::DnsNameRole::Query)
            qname = &e->name;
        if (e->name.empty() || judged_before(seen, n_seen, e->name))
            continue;
        seen[n_seen++] = &e->name;
        const tr::DnsRandomVerdict &v = e->v;
        if (v.fired)
            out.push_back({"dns-random-name",
                v.benign_owner.empty() ? "DNS name looks machine-generated"
                                       : "Machine-generated-looking DNS name of a known family (" + v.benign_owner + ")",
                v.evidence, e->name, v.severity});
    }
    if (capture && f.dns_qname && f.n_addrs > 0) {
        // Each address looked up once, its key built in one reused buffer, and the name (the
        // question's verdict's, which outlives this function) copied only where it changes:
        // a count and an operator[] made two keys and two look-ups an address, and a copy of
        // the name each (2,400 cycles an address on the bench capture).
        std::string normalised;
        const std::string &q = qname ? *qname : (normalised = tr::normalize_host(cut(f.dns_qname)));
        static std::string key;
        for (int i = 0; i < f.n_addrs && !q.empty(); i++) {
            key.assign(f.dns_addrs[i]);
            auto it = capture->dns_names.find(key);
            if (it == capture->dns_names.end()) {
                if (capture->dns_names.size() >= kMaxDnsAddrs)
                    continue;
                capture->dns_names.emplace(key, q);
            } else if (it->second != q) {
                it->second = q;
            }
            capture->dns_name_writes++;
        }
    }
}

static void add_cdn(const Facts &f, const tr::CdnVerdict &v, const std::string &name, Out &out)
{
    (void)f;
    if (!v.fired)
        return;
    out.push_back({"cdn-content",
        v.well_known ? "Content served from the " + v.cdn + " CDN" : std::string("Content from an obscure CDN-like host"),
        v.evidence, name, v.severity});
}

static void judge_cdn(const Facts &f, Out &out)
{
    // Nearly every frame names nothing: no set made and destroyed for it (2.2 M instructions of t50k).
    if (!catalogs || !((f.http_request && f.host) || (f.client_hello && f.sni) || f.n_names > 0 || f.server || f.via))
        return;
    std::forward_list<CdnName> spill; // verdicts the full cache cannot keep
    const std::string *seen[kMaxNames + 2];
    int n_seen = 0;
    auto by_name = [&](const char *raw_name, tr::CdnWhere where) {
        const std::string_view raw = cut(raw_name);
        const CdnName *e = cached(capture ? &capture->cdn_names : nullptr, kMaxCdnNames,
            name_key(static_cast<char>(where), raw), spill, [&] {
                CdnName c;
                c.name = tr::normalize_host(raw);
                if (!c.name.empty())
                    c.v = tr::classify_cdn_name(catalogs->cdn, catalogs->dns.psl(), c.name, where);
                return c;
            });
        if (e->name.empty() || judged_before(seen, n_seen, e->name))
            return;
        seen[n_seen++] = &e->name;
        add_cdn(f, e->v, e->name, out);
    };
    if (f.http_request && f.host)
        by_name(f.host, tr::CdnWhere::Host);
    if (f.client_hello && f.sni)
        by_name(f.sni, tr::CdnWhere::Sni);
    for (int i = 0; i < f.n_names; i++)
        if (f.names[i].role == tr::DnsNameRole::Cname || f.names[i].role == tr::DnsNameRole::PtrAnswer)
            by_name(f.names[i].name, f.names[i].role == tr::DnsNameRole::Cname ? tr::CdnWhere::Cname : tr::CdnWhere::Ptr);
    if (!f.server && !f.via)
        return;
    const std::string host = f.conv && f.conv->host && f.conv->host[0] ? f.conv->host : f.src();
    if (f.server)
        add_cdn(f, tr::classify_cdn_header(catalogs->cdn, "Server", cut(f.server)), host, out);
    if (f.via)
        add_cdn(f, tr::classify_cdn_header(catalogs->cdn, "Via", cut(f.via)), host, out);
}

static std::string server_name(const Facts &f, const char *addr, bool *from_dns)
{
    *from_dns = false;
    if (f.conv && f.conv->sni && f.conv->sni[0])
        return f.conv->sni;
    if (capture) {
        auto it = capture->dns_names.find(addr);
        if (it != capture->dns_names.end()) {
            *from_dns = true;
            return it->second;
        }
    }
    return addr;
}

static void judge_tls(const Facts &f, Out &out)
{
    // tcplabel speaks for its web ports (judge_huntpack raises its mismatch): one trait a flow.
    if (f.mismatch && f.conv)
        f.conv->port_raised = TRUE;
    if (f.client_hello && f.conv && f.sni)
        keep_str(f.conv->sni, f.conv->sni_cap, cut(f.sni));
    // The server's port: the destination of a ClientHello or of a QUIC client's first flight
    // (quicfp.kind, gQUIC included), the source of a ServerHello.
    const bool quic_client = f.quic_kind && f.ptype == PT_UDP && strcmp(f.quic_kind, "tls") != 0;
    if ((f.client_hello || f.server_hello || quic_client) && f.conv && !f.conv->port_raised && catalogs &&
        (f.ptype == PT_TCP || f.ptype == PT_UDP)) {
        const uint32_t transport = f.ptype == PT_TCP ? 0 : 1;
        const bool from_client = f.client_hello || quic_client;
        const guint32 port = from_client ? f.dstport : f.srcport;
        const char *server = from_client ? f.dst() : f.src();
        if (!catalogs->std_ports.count((transport << 16) | port)) {
            f.conv->port_raised = TRUE;
            const char *proto = transport == 0 ? "TLS" : quic_client && strcmp(f.quic_kind, "gquic") == 0 ? "gQUIC" : "QUIC";
            const char *sni = f.sni ? f.sni : f.quic_sni;
            out.push_back({"port-protocol-mismatch", "Protocol does not match the port",
                std::string(proto) + (from_client ? " client hello to " : " ServerHello from ") +
                    (transport == 0 ? "TCP" : "UDP") + " port " + std::to_string(port) + ", not a standard " +
                    (transport == 0 ? "TLS" : "QUIC") + " port (std_ports.tsv)" +
                    (sni ? std::string("; SNI ") + std::string(cut(sni)) : std::string()),
                server, HP_SEV_NOTE});
        }
    }
    // TLS records of a flow whose handshake was not captured (mid-stream): neither port standard.
    if (f.tls_record && !f.tls_handshake && f.ptype == PT_TCP && f.conv &&
        !f.conv->port_raised && catalogs && !tls_std_port(f)) {
        f.conv->port_raised = TRUE;
        const bool src_server = f.srcport < f.dstport;
        out.push_back({"port-protocol-mismatch", "Protocol does not match the port",
            "TLS records between TCP ports " + std::to_string(f.srcport) + " and " + std::to_string(f.dstport) +
                " (handshake not captured), neither a standard TLS port (std_ports.tsv); the lower port " +
                std::to_string(MIN(f.srcport, f.dstport)) + " is likely the server's",
            src_server ? f.src() : f.dst(), HP_SEV_NOTE});
    }
    if (!f.server_hello || !catalogs)
        return;
    bool from_dns = false;
    const std::string server = server_name(f, f.src(), &from_dns);
    // The server as the evidence shows it, made only for a trait (nearly every ServerHello has none).
    auto shown = [&] { return from_dns ? server + " (" + f.src() + ", named by DNS)" : server; };
    const auto version = static_cast<uint16_t>(f.sh_version);
    tr::TlsVersionVerdict vv = tr::classify_tls_version(version, {});
    if (vv.fired)
        vv = tr::classify_tls_version(version, shown());
    const std::string domain = catalogs->dns.psl().registrable_domain(tr::normalize_host(server));
    if (vv.fired) {
        std::string ev = vv.evidence;
        if (capture && !domain.empty()) {
            auto it = capture->modern_tls.find(domain);
            if (it != capture->modern_tls.end()) {
                if (it->second.server != server)
                    ev += "; other servers of " + domain + " negotiated TLS 1.2+ earlier in this capture (first: " +
                        it->second.server + ", " + it->second.version + ", frame " + std::to_string(it->second.frame) + ")";
                else
                    ev += "; the same server negotiated " + it->second.version + " in frame " +
                        std::to_string(it->second.frame);
            }
        }
        out.push_back({"tls-deprecated", "Deprecated TLS version negotiated", ev, server, vv.severity});
    } else if (capture && !domain.empty() && f.sh_version >= 0x0303 && f.sh_version <= 0x0304 &&
               capture->modern_tls.size() < kMaxTlsDomains && !capture->modern_tls.count(domain)) {
        capture->modern_tls.emplace(domain, ModernTls{server, vv.name, f.frame});
    }
    if (f.have_suite) {
        const tr::CipherVerdict &cv = catalogs->ciphers.classify(static_cast<uint16_t>(f.sh_suite));
        if (cv.fired)
            out.push_back({"tls-weak-cipher",
                std::string(cv.cls == tr::CipherClass::Insecure ? "Insecure" : "Weak") + " TLS cipher suite negotiated",
                cv.evidence + " (" + catalog_ref(cv.rule_where) + "); server " + shown(), server, cv.severity});
    }
}

static void judge_huntpack(const Facts &f, Out &out)
{
    if (f.spotudp)
        out.push_back({"p2p-discovery", "Peer-to-peer discovery broadcast (Spotify LAN discovery)",
            std::string("SpotUdp0 datagram from ") + f.src() + ":" + std::to_string(f.srcport) + " to " + f.dst() + ":" +
                std::to_string(f.dstport) + ": announces a Spotify client to the local network",
            f.src(), HP_SEV_NOTE});
    if (f.quic_ua)
        out.push_back({"quic-client-exposure", "QUIC client reveals its user agent in clear",
            std::string("user agent \"") + std::string(cut(f.quic_ua)) + "\" in the client's first flight" +
                (f.quic_sni ? std::string(" to ") + std::string(cut(f.quic_sni)) : std::string()),
            f.src(), HP_SEV_NOTE});
    if (f.mismatch && f.conv && !f.conv->mismatch_raised) {
        f.conv->mismatch_raised = TRUE;
        out.push_back({"port-protocol-mismatch", "Protocol does not match the port",
            std::string("tcplabel.mismatch ") + std::string(cut(f.mismatch)) + " between " + f.src() + ":" +
                std::to_string(f.srcport) + " and " + f.dst() + ":" + std::to_string(f.dstport),
            f.dst(), HP_SEV_WARN});
    }
}

static const char *keep(wmem_allocator_t *scope, const std::string &s) { return wmem_strndup(scope, s.data(), s.size()); }

// Frames without a trait (nearly all) share this record: the per-frame cache (kept only where
// frames are revisited) then costs only Wireshark's proto-data node.
static FrameTraits no_traits = {0, NULL};

static FrameTraits *judge(const Facts &f) noexcept
{
    try {
        Out out;
        judge_http_request(f, out);
        judge_http_response(f, out);
        judge_raw_binary(f, out);
        judge_dns(f, out);
        judge_cdn(f, out);
        judge_tls(f, out);
        judge_huntpack(f, out);
        for (int i = 0; i < f.n_hooked; i++) {
            const hp_trait &h = f.hooked[i];
            out.push_back({h.id, h.summary ? h.summary : "", h.evidence ? h.evidence : "", h.host ? h.host : "",
                CLAMP(h.severity, HP_SEV_INFO, HP_SEV_ALERT)});
        }
        if (f.conv && (f.http_request || f.http_response))
            f.conv->http = TRUE;
        if (out.empty())
            return &no_traits;
        // Kept in file scope only for the frame's revisits (hp_frame_result_keep); otherwise
        // read once, by this frame's hp_trait_raise calls, which copy what they keep.
        wmem_allocator_t *scope = hp_frames_revisited() ? wmem_file_scope() : f.pool;
        auto *ft = wmem_new(scope, FrameTraits);
        ft->n = static_cast<guint32>(out.size());
        ft->t = wmem_alloc_array(scope, CachedTrait, ft->n);
        for (guint32 i = 0; i < ft->n; i++)
            ft->t[i] = {keep(scope, out[i].id), keep(scope, out[i].summary), keep(scope, out[i].evidence),
                out[i].host.empty() ? NULL : keep(scope, out[i].host), out[i].severity};
        return ft;
    } catch (...) {
        ws_warning("soctrait: frame %u not judged (out of memory?)", f.frame);
        return &no_traits;
    }
}

// A frame none of the judges above can act on: most frames (mid-stream TLS records, bare ACKs,
// body segments of a known flow). Each clause is a judge's own entry test, in judge() order, so
// that such a frame skips judge() entirely (its seven calls cost ~45 instruction-cache misses a
// frame, more than the judging). huntpack.verify_facts judges every quiet frame anyway and
// reports any trait or change of state it makes (verify_quiet).
static bool quiet(const Facts &f)
{
    if (f.http_request || f.http_response)         // judge_http_request, _response, conv->http
        return false;
    if (starts_http_head(f))                       // judge_http_response: a head not reassembled
        return false;
    if (raw_binary_sniffs(f))                      // judge_raw_binary: a segment still sniffed
        return false;
    if (f.n_names > 0 || f.server || f.via)        // judge_dns, judge_cdn (the HTTP/TLS names above and below)
        return false;
    if (f.client_hello || f.server_hello || f.tls_record || f.quic_kind)
        return false;                              // judge_tls (a QUIC client's first flight)
    return !f.mismatch && !f.spotudp && !f.quic_ua && f.n_hooked == 0; // judge_tls/_huntpack, hooks
}

// huntpack.verify_facts: judge a quiet frame anyway; it must raise nothing and change neither
// its flow's state nor the capture's.
static guint64 capture_state_size()
{
    return capture ? capture->cleartext_hosts.size() + capture->modern_tls.size() + capture->dns_names.size() +
        capture->dns_scores.size() + capture->cdn_names.size() + capture->dns_name_writes : 0;
}

static void verify_quiet(packet_info *pinfo, const Facts &f)
{
    SocConv before;
    memset(static_cast<void *>(&before), 0, sizeof before);
    char text[3][kConvStr] = {};
    if (f.conv) {
        memcpy(static_cast<void *>(&before), f.conv, sizeof before);
        const char *const s[3] = {f.conv->sni, f.conv->host, f.conv->uri}; // at most kConvStr bytes (keep_str)
        for (int i = 0; i < 3; i++)
            if (s[i])
                g_strlcpy(text[i], s[i], kConvStr);
    }
    const guint64 size = capture_state_size();
    const FrameTraits *ft = judge(f);
    bool conv_same = !f.conv || memcmp(static_cast<const void *>(&before), f.conv, sizeof before) == 0;
    if (f.conv && conv_same) { // the same buffers: their text (keep_str writes in place)
        const char *const s[3] = {f.conv->sni, f.conv->host, f.conv->uri};
        for (int i = 0; i < 3; i++)
            conv_same = conv_same && (!s[i] || strncmp(text[i], s[i], kConvStr) == 0);
    }
    const bool capture_same = size == capture_state_size();
    if (ft->n || !conv_same || !capture_same)
        hp_facts_differ(pinfo, "quiet frame", "skips the judges",
            wmem_strdup_printf(pinfo->pool, "judges raise %u traits (flow state %s, capture state %s)", ft->n,
                conv_same ? "same" : "changed", capture_same ? "same" : "changed"));
}

// ---- the postdissector ------------------------------------------------------------------------
static int dissect_soctrait(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    if (!hp_soctrait_judges(tree))
        return 0; // nobody asked: cost nothing
    const bool discovery = !want.active;
    hp_want_activate(&want);
    if (hp_verify_facts()) {
        hp_want_activate(&want_verify);
        hp_want_activate(&want_hooks);
    }
    auto *ft = static_cast<FrameTraits *>(hp_frame_result_get(pinfo, proto_soctrait));
    if (!ft && !discovery) {
        Facts *f = new_facts(pinfo);
        gather(tvb, pinfo, tree, *f);
        if (hp_verify_facts() && tree) {
            verify_tls(pinfo, tree, *f);
            verify_app(pinfo, tree, *f);
        }
        if (quiet(*f)) {
            quiet_frames++;
            if (hp_verify_facts())
                verify_quiet(pinfo, *f);
            ft = &no_traits;
        } else {
            judged_frames++;
            ft = judge(*f);
        }
        hp_frame_result_keep(pinfo, proto_soctrait, ft);
    }
    for (guint32 i = 0; ft && i < ft->n; i++) {
        const hp_trait t = {ft->t[i].id, ft->t[i].severity, ft->t[i].summary, ft->t[i].evidence, ft->t[i].host};
        hp_trait_raise(tvb, pinfo, tree, &t);
    }
    return 0; // traits sit beside Wireshark's dissection, never claim the frame
}


static void register_experts()
{
    static ei_register_info ei[kNumTraitInfos * 4];
    size_t k = 0;
    for (size_t i = 0; i < kNumTraitInfos; i++) {
        std::string snake = kTraits[i].id ? kTraits[i].id : "generic";
        for (char &c : snake)
            if (c == '-')
                c = '_';
        for (int s = 0; s < 4; s++) {
            std::string abbrev = "soctrait." + snake;
            if (s != kTraits[i].dflt)
                abbrev += std::string(".") + kSevNames[s];
            ei[k++] = {&ei_traits[i][s], {g_strdup(abbrev.c_str()), PI_SECURITY, kSevExpert[s],
                kTraits[i].title, EXPFILL}};
        }
    }
    expert_register_field_array(expert_register_protocol(proto_soctrait), ei, static_cast<int>(k));
}

extern "C" void hp_soctrait_register(void)
{
    static hf_register_info hf[] = {
        {&hf_id, {"Trait", "soctrait.id", FT_STRING, BASE_NONE, NULL, 0x0,
            "Trait id, kebab-case (http-ip-host, dns-random-name, tls-deprecated, ...)", HFILL}},
        {&hf_severity, {"Severity", "soctrait.severity", FT_UINT8, BASE_DEC, VALS(severity_vals), 0x0,
            "0 info, 1 note, 2 warn, 3 alert", HFILL}},
        {&hf_summary, {"Summary", "soctrait.summary", FT_STRING, BASE_NONE, NULL, 0x0,
            "One human sentence saying what the trait means", HFILL}},
        {&hf_evidence, {"Evidence", "soctrait.evidence", FT_STRING, BASE_NONE, NULL, 0x0,
            "What was seen, and the rule or catalog entry that judged it", HFILL}},
        {&hf_host, {"Host", "soctrait.host", FT_STRING, BASE_NONE, NULL, 0x0,
            "The host, name or address the trait is about", HFILL}},
    };
    static gint *ett[] = {&ett_soctrait};
    proto_soctrait = proto_register_protocol("huntpack suspicious trait", "soctrait", "soctrait");
    proto_register_field_array(proto_soctrait, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    register_experts();

    module_t *m = prefs_register_protocol(proto_soctrait, NULL);
    prefs_register_directory_preference(m, "catalog_dir", "Extra catalog directory",
        "A directory with the analyst's own catalogs (cdn_suffixes.tsv, benign_random_families.tsv, "
        "cipher_suites.tsv, cipher_rules.tsv, std_ports.tsv), loaded after the shipped ones",
        &pref_catalog_dir);

    hp_post_add(HP_POST_SOCTRAIT, dissect_soctrait, proto_soctrait);
    trait_tap = register_tap(HP_TRAIT_TAP);
    register_init_routine(soctrait_init);
    register_cleanup_routine(soctrait_cleanup);
    register_shutdown_routine(soctrait_shutdown);

    hp_want(&want_verify, "http.request", &hf_http_request);
    hp_want(&want_verify, "http.response", &hf_http_response);
    hp_want(&want_verify, "http.host", &hf_http_host);
    hp_want(&want_verify, "http.request.uri", &hf_http_uri);
    hp_want(&want_verify, "http.response_for.uri", &hf_http_resp_uri);
    hp_want(&want_verify, "http.content_type", &hf_http_ctype);
    hp_want(&want_verify, "http.server", &hf_http_server);
    hp_want(&want_verify, "http.via", &hf_http_via); // not in 4.0: resolves to -1 and is skipped
    hp_want(&want_verify, "http.file_data", &hf_http_file_data);
    hp_want(&want_verify, "dns.qry.name", &hf_dns_qry);
    hp_want(&want_verify, "dns.resp.name", &hf_dns_resp);
    hp_want(&want_verify, "dns.ptr.domain_name", &hf_dns_ptr);
    hp_want(&want_verify, "dns.cname", &hf_dns_cname);
    hp_want(&want_verify, "dns.a", &hf_dns_a);
    hp_want(&want_verify, "dns.aaaa", &hf_dns_aaaa);
    hp_want(&want_verify, "tls.handshake.type", &hf_tls_hs_type);
    hp_want(&want_verify, "tls.handshake.version", &hf_tls_hs_version);
    hp_want(&want_verify, "tls.handshake.ciphersuite", &hf_tls_suite);
    hp_want(&want_verify, "tls.handshake.extensions_server_name", &hf_tls_sni);
    hp_want(&want_verify, "tls.handshake.extensions.supported_version", &hf_tls_supported_version);

    int k = 0;
    const char *const *list = hp_devices_wanted ? hp_devices_wanted() : NULL;
    for (size_t i = 0; list && list[i]; i++) {
        if (k < HP_WANT_MAX)
            hp_want(&want_hooks, list[i], &hook_field_ids[k++]);
        else
            ws_warning("soctrait: too many hook fields, %s ignored", list[i]);
    }
}

extern "C" void hp_soctrait_handoff(void)
{
    // huntpack's one postdissector (hp_post.cpp) runs soctrait after tcplabel and quicfp, so
    // their answers for the frame (hp_peer.h) are there when it asks, and holds every module's
    // wanted fields, each once.
    hp_want_resolve_for(&want, hp_post_handle(), HP_STATS_TRAITS);
    hp_want_resolve_for(&want_hooks, hp_post_handle(), HP_VERIFY_SETS); // huntpack.verify_facts only
    hp_want_resolve_for(&want_verify, hp_post_handle(), HP_VERIFY_SETS); // huntpack.verify_facts only
    proto_tls = proto_get_id_by_filter_name("tls");
    proto_tcp = proto_get_id_by_filter_name("tcp");
}
