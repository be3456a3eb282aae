// SPDX-License-Identifier: GPL-2.0-or-later
// lua_bridge: analyst trait rules and catalog additions written in Lua (lua-bridge/README.md).
// The protocol "huntpack_lua" owns the heuristic list "huntpack.rules". Its postdissector calls
// every enabled entry of that list on every frame (directly, so one rule answering
// TRUE does not hide the others); a rule reports by setting, in pinfo.private,
//   "huntpack.trait"   lines  id|severity|summary|evidence|host   (severity 0-3 or info/note/warn/alert)
//   "huntpack.catalog" lines  cdn-suffix<TAB>suffix<TAB>CDN name
// and the bridge raises each trait through hp_trait_raise (soctrait_api.h), so Lua hits become
// soctrait items, expert infos and huntpack_traits rows exactly like built-in ones. Catalog
// lines extend a small runtime CDN suffix list (per capture file) that raises cdn-content for
// HTTP Host, TLS/QUIC SNI, DNS query and CNAME/PTR names under an analyst's suffix.
// Memory: pinfo->private_table is created here (g_free'd keys/values, as wslua's PrivateTable
// g_strdup's them) when no dissector made one, so Lua never owns it; destroyed after the rules.
// Verdicts are cached per frame (p_add_proto_data) so the GUI, tshark -2 and taps agree and the
// Lua rules run once per frame. Lazy like tcplabel/soctrait: nothing runs unless a huntpack
// statistic runs or a filter/column/field references soctrait or huntpack_lua.
// Limitations: a Lua rule sees the fields that exist when the postdissector runs (Wireshark's and
// every other postdissector's: the bridge registers at the first init routine call, after them); the runtime catalog applies from the frame
// on which it arrived (the bridge emits it on the first frame); benign-family lines are not yet
// supported (the soctrait catalog_dir preference covers them); at most kMaxRules rules,
// kMaxHitsPerFrame hits per frame, kMaxCatalog suffixes.
#include "ws_compat.h"
#include <epan/expert.h>
#include <epan/proto_data.h>

#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "glue.h"
#include "hp_fields.h"
#include "soctrait_api.h"

// ---- bounds --------------------------------------------------------------------------------------
static constexpr int kMaxRules = 64;          // heuristic entries called per frame
static constexpr int kMaxHitsPerFrame = 32;   // trait lines accepted per frame
static constexpr size_t kMaxCatalog = 256;    // runtime CDN suffixes per capture file
static constexpr size_t kMaxLine = 1024;      // bytes of one reported line
static constexpr int kMaxNames = 16;          // names checked against the runtime catalog per frame

static const char kTraitKey[] = "huntpack.trait";
static const char kCatalogKey[] = "huntpack.catalog";

// ---- registration state ----------------------------------------------------------------------
static int proto_lua = -1;
static int proto_soctrait_id = -1;
static int hf_rule = -1, hf_hit = -1, hf_catalog = -1;
static gint ett_lua = -1;
static expert_field ei_bad_line = EI_INIT, ei_no_soctrait = EI_INIT;
static heur_dissector_list_t rules_list;
static dissector_handle_t lua_handle;
static hp_want_set want;
static int hf_http_host = -1, hf_tls_sni = -1, hf_dns_qry = -1, hf_dns_cname = -1, hf_dns_ptr = -1,
           hf_quicfp_sni = -1;

// ---- per capture file (reset by the init routine) --------------------------------------------------
struct CdnSuffix {
    std::string suffix; // lower case, no leading dot
    std::string name;
};
struct FileState {
    heur_dtbl_entry_t *rules[kMaxRules];
    int n_rules = 0;
    std::vector<CdnSuffix> cdn;
};
static FileState *file_state;
static bool postdissector_registered;

// One frame's verdict, in wmem_file_scope (trivially destructible).
struct LuaHit {
    const char *rule; // heuristic short name of the rule that reported it
    const char *id;
    const char *summary;
    const char *evidence;
    const char *host; // or NULL
    int severity;
};
struct FrameHits {
    LuaHit *hits;
    guint32 n;
    const char *catalog; // catalog lines that arrived on this frame, or NULL
    guint32 bad;         // malformed lines
};
static_assert(std::is_trivially_destructible<LuaHit>::value, "wmem never runs destructors");
static_assert(std::is_trivially_destructible<FrameHits>::value, "wmem never runs destructors");

static void collect_rule(const gchar *, heur_dtbl_entry_t *entry, gpointer user_data)
{
    auto *fs = static_cast<FileState *>(user_data);
    if (fs->n_rules < kMaxRules)
        fs->rules[fs->n_rules++] = entry;
    else
        ws_warning("huntpack_lua: more than %d rules in huntpack.rules; %s ignored", kMaxRules, entry->short_name);
}

static void lua_bridge_init()
{
    try {
        delete file_state;
        file_state = new FileState();
        // Lua scripts register after every C handoff, so the list is read here, per file.
        heur_dissector_table_foreach("huntpack.rules", collect_rule, file_state);
        // Postdissectors run in registration order, and Wireshark calls plugin register and
        // handoff routines in an order of its own. An init routine runs after every register
        // and handoff routine and after the Lua scripts loaded, so registering here puts the
        // bridge after huntpack's own postdissector: rules see tcplabel, quicfp and soctrait
        // fields of the same frame. Registered only once there is a rule (catalog lines come from
        // rules; every postdissector costs Wireshark a call on every frame).
        if (!postdissector_registered && file_state->n_rules > 0) {
            postdissector_registered = true;
            register_postdissector(lua_handle);
            if (want.active) { // a statistic activated the fields before the handle was registered
                want.active = FALSE;
                hp_want_activate(&want);
            }
        }
        // The rules read Wireshark's fields: wanted only when there are rules (a wanted field
        // makes Wireshark build a protocol tree for every frame of an analysis).
        if (file_state->n_rules > 0)
            hp_want_activate(&want);
    } catch (...) {
        file_state = nullptr;
    }
}

static void lua_bridge_cleanup()
{
    delete file_state;
    file_state = nullptr;
}

// ---- parsing (plain C++, touches no tvb) ----------------------------------------------------------
static const char *keep(const std::string &s) { return wmem_strndup(wmem_file_scope(), s.data(), s.size()); }

static std::vector<std::string> split(const std::string &s, char sep)
{
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        const size_t at = s.find(sep, start);
        out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos)
            return out;
        start = at + 1;
    }
}

static std::string trim(const std::string &s)
{
    const size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos)
        return std::string();
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

static std::string lower(std::string s)
{
    for (char &c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

static bool kebab(const std::string &id)
{
    if (id.empty() || id.size() > 64 || id.front() == '-' || id.back() == '-')
        return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    return true;
}

static int severity_of(const std::string &s)
{
    static const char *const names[] = {"info", "note", "warn", "alert"};
    for (int i = 0; i < 4; i++)
        if (s == names[i] || (s.size() == 1 && s[0] == '0' + i))
            return i;
    return -1;
}

// "id|severity|summary|evidence|host" -> hit; false when malformed.
static bool parse_trait_line(const std::string &line, const char *rule, LuaHit *out)
{
    const std::vector<std::string> f = split(line.substr(0, kMaxLine), '|');
    if (f.size() < 4 || f.size() > 5)
        return false;
    const std::string id = trim(f[0]);
    const int sev = severity_of(lower(trim(f[1])));
    if (!kebab(id) || sev < 0)
        return false;
    const std::string host = f.size() == 5 ? trim(f[4]) : std::string();
    *out = {rule, keep(id), keep(trim(f[2])), keep(trim(f[3]) + " [Lua heuristic " + rule + "]"),
            host.empty() ? nullptr : keep(host), sev};
    return true;
}

// "cdn-suffix<TAB>suffix<TAB>name" -> runtime catalog entry.
static bool parse_catalog_line(const std::string &line)
{
    const std::vector<std::string> f = split(line.substr(0, kMaxLine), '\t');
    if (f.size() != 3 || trim(f[0]) != "cdn-suffix")
        return false;
    std::string suffix = lower(trim(f[1]));
    while (!suffix.empty() && suffix.front() == '.')
        suffix.erase(0, 1);
    if (suffix.empty() || !file_state)
        return !suffix.empty();
    for (const CdnSuffix &c : file_state->cdn)
        if (c.suffix == suffix)
            return true;
    if (file_state->cdn.size() < kMaxCatalog)
        file_state->cdn.push_back({suffix, trim(f[2])});
    return true;
}

// The most specific runtime suffix that `name` equals or ends with "." + suffix.
static const CdnSuffix *match_cdn(const std::string &name)
{
    const CdnSuffix *best = nullptr;
    if (!file_state)
        return best;
    for (const CdnSuffix &c : file_state->cdn) {
        const bool hit = name == c.suffix ||
            (name.size() > c.suffix.size() && name.compare(name.size() - c.suffix.size(), c.suffix.size(), c.suffix) == 0 &&
             name[name.size() - c.suffix.size() - 1] == '.');
        if (hit && (!best || c.suffix.size() > best->suffix.size()))
            best = &c;
    }
    return best;
}

struct NameSeen {
    const char *name;
    const char *where;
};

// All of one frame's reported text and names -> the frame's verdict. Never throws.
static FrameHits *judge(const char *const *rule_names, const char *const *trait_text, const char *const *catalog_text,
                        int n, const NameSeen *names, int n_names) noexcept
{
    auto *fh = wmem_new0(wmem_file_scope(), FrameHits);
    try {
        std::vector<LuaHit> hits;
        std::string catalog_added;
        for (int r = 0; r < n; r++) {
            if (catalog_text[r])
                for (const std::string &line : split(catalog_text[r], '\n')) {
                    if (trim(line).empty())
                        continue;
                    if (parse_catalog_line(line))
                        catalog_added += (catalog_added.empty() ? "" : "; ") + trim(line);
                    else
                        fh->bad++;
                }
            if (trait_text[r])
                for (const std::string &line : split(trait_text[r], '\n')) {
                    if (trim(line).empty())
                        continue;
                    LuaHit h{};
                    if (static_cast<int>(hits.size()) >= kMaxHitsPerFrame || !parse_trait_line(line, rule_names[r], &h))
                        fh->bad++;
                    else
                        hits.push_back(h);
                }
        }
        for (int i = 0; i < n_names && static_cast<int>(hits.size()) < kMaxHitsPerFrame; i++) {
            std::string name = lower(trim(names[i].name));
            while (!name.empty() && name.back() == '.')
                name.pop_back();
            const CdnSuffix *c = match_cdn(name);
            if (!c)
                continue;
            bool dup = false;
            for (const LuaHit &h : hits)
                dup = dup || (h.host && name == h.host && strcmp(h.id, "cdn-content") == 0);
            if (dup)
                continue;
            hits.push_back({"huntpack.catalog", "cdn-content", keep("Content served from the " + c->name + " CDN"),
                            keep(std::string(names[i].where) + " " + name + " is under " + c->suffix +
                                 " (analyst catalog added from Lua: " + c->name + ")"),
                            keep(name), HP_SEV_INFO});
        }
        fh->n = static_cast<guint32>(hits.size());
        fh->hits = wmem_alloc_array(wmem_file_scope(), LuaHit, MAX(fh->n, 1));
        for (guint32 i = 0; i < fh->n; i++)
            fh->hits[i] = hits[i];
        fh->catalog = catalog_added.empty() ? nullptr : keep(catalog_added);
    } catch (...) {
        ws_warning("huntpack_lua: a frame's Lua hits were dropped (out of memory?)");
        fh->n = 0;
    }
    return fh;
}

// ---- glue ------------------------------------------------------------------------------------------
static bool wanted(proto_tree *tree)
{
    if (hp_stats_active())
        return true;
    return tree && (proto_field_is_referenced(tree, proto_lua) ||
                    (proto_soctrait_id > 0 && proto_field_is_referenced(tree, proto_soctrait_id)));
}

// Take (copy into pinfo->pool, then remove) a key the rules set in the private table.
static const char *take(packet_info *pinfo, const char *key)
{
    if (!pinfo->private_table)
        return NULL;
    const char *v = static_cast<const char *>(g_hash_table_lookup(pinfo->private_table, key));
    const char *copy = v ? wmem_strdup(pinfo->pool, v) : NULL;
    if (v)
        g_hash_table_remove(pinfo->private_table, key);
    return copy;
}

static int gather_names(proto_tree *tree, NameSeen *out)
{
    struct {
        int hf;
        const char *where;
    } const src[] = {{hf_http_host, "HTTP Host"}, {hf_tls_sni, "TLS SNI"}, {hf_quicfp_sni, "QUIC SNI"},
                     {hf_dns_qry, "DNS name"}, {hf_dns_cname, "CNAME target"}, {hf_dns_ptr, "PTR name"}};
    int n = 0;
    for (const auto &s : src) {
        if (!tree || s.hf <= 0)
            continue;
        GPtrArray *a = proto_get_finfo_ptr_array(tree, s.hf);
        for (guint i = 0; a && i < a->len && n < kMaxNames; i++) {
            auto *fi = static_cast<field_info *>(g_ptr_array_index(a, i));
            const char *v = fvalue_get_string(HP_FI_VALUE(fi));
            if (v && *v)
                out[n++] = {v, s.where};
        }
    }
    return n;
}

// As call_heur_dissector_direct() sets up a heuristic call (wslua finds the Lua function by
// pinfo->current_proto and pinfo->heur_list_name), without its fallback to the data dissector
// when the rule answers FALSE (which every rule does: it must never claim the frame).
static void call_rule(heur_dtbl_entry_t *e, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    const char *saved_proto = pinfo->current_proto;
    const char *saved_list = pinfo->heur_list_name;
    pinfo->heur_list_name = e->list_name;
    if (e->protocol)
        pinfo->current_proto = proto_get_protocol_short_name(e->protocol);
    (void)e->dissector(tvb, pinfo, tree, NULL);
    pinfo->current_proto = saved_proto;
    pinfo->heur_list_name = saved_list;
}

static FrameHits *run_rules(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    const char *rule_names[kMaxRules];
    const char *traits[kMaxRules];
    const char *catalogs[kMaxRules];
    int n = 0;
    GHashTable *mine = NULL;
    if (!pinfo->private_table) {
        // wslua's PrivateTable g_strdup's keys and values and frees only tables it allocated.
        mine = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        pinfo->private_table = mine;
    }
    for (int r = 0; file_state && r < file_state->n_rules; r++) {
        heur_dtbl_entry_t *e = file_state->rules[r];
        if (!e->enabled || (e->protocol && !proto_is_protocol_enabled(e->protocol)))
            continue;
        call_rule(e, tvb, pinfo, tree);
        rule_names[n] = e->short_name;
        traits[n] = take(pinfo, kTraitKey);
        catalogs[n] = take(pinfo, kCatalogKey);
        n++;
    }
    if (mine) {
        pinfo->private_table = NULL;
        g_hash_table_destroy(mine);
    }
    bool catalog_now = false; // the catalog may arrive on this very frame: judge() adds it first
    for (int r = 0; r < n; r++)
        catalog_now = catalog_now || catalogs[r];
    NameSeen names[kMaxNames];
    const int n_names = (catalog_now || (file_state && !file_state->cdn.empty())) ? gather_names(tree, names) : 0;
    return judge(rule_names, traits, catalogs, n, names, n_names);
}

static int dissect_lua_bridge(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *)
{
    if (!wanted(tree))
        return 0; // nobody asked: cost nothing
    auto *fh = static_cast<FrameHits *>(p_get_proto_data(wmem_file_scope(), pinfo, proto_lua, 0));
    if (!fh) {
        if (!file_state || (file_state->n_rules == 0 && file_state->cdn.empty()))
            return 0;
        fh = run_rules(tvb, pinfo, tree);
        if (tree) // without a tree the rules saw no fields: judge again when one exists
            p_add_proto_data(wmem_file_scope(), pinfo, proto_lua, 0, fh);
    }
    if (fh->n == 0 && !fh->catalog && fh->bad == 0)
        return 0;
    proto_item *ti = proto_tree_add_item(tree, proto_lua, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(ti);
    proto_tree *lt = proto_item_add_subtree(ti, ett_lua);
    for (guint32 i = 0; i < fh->n; i++) {
        const LuaHit &h = fh->hits[i];
        proto_item_set_generated(proto_tree_add_string(lt, hf_rule, tvb, 0, 0, h.rule));
        proto_item_set_generated(proto_tree_add_string_format_value(lt, hf_hit, tvb, 0, 0, h.id, "%s (%s): %s",
            h.id, h.host ? h.host : "-", h.summary));
        if (hp_trait_raise) {
            const hp_trait t = {h.id, h.severity, h.summary, h.evidence, h.host};
            hp_trait_raise(tvb, pinfo, tree, &t);
        } else {
            expert_add_info_format(pinfo, ti, &ei_no_soctrait, "Lua rule hit %s (%s): %s; %s", h.id,
                h.host ? h.host : "-", h.summary, h.evidence);
        }
    }
    if (fh->catalog)
        proto_item_set_generated(proto_tree_add_string(lt, hf_catalog, tvb, 0, 0, fh->catalog));
    if (fh->bad)
        expert_add_info_format(pinfo, ti, &ei_bad_line,
            "%u malformed line(s) from Lua rules (want id|severity|summary|evidence|host, or "
            "cdn-suffix<TAB>suffix<TAB>name)", fh->bad);
    return 0; // beside Wireshark's dissection, never claims the frame
}

extern "C" void hp_lua_bridge_register(void)
{
    static hf_register_info hf[] = {
        {&hf_rule, {"Rule", "huntpack_lua.rule", FT_STRING, BASE_NONE, NULL, 0x0,
            "Short name of the Lua heuristic (huntpack.rules entry) that reported a hit", HFILL}},
        {&hf_hit, {"Hit", "huntpack_lua.hit", FT_STRING, BASE_NONE, NULL, 0x0,
            "Trait id reported by a Lua rule (also raised as a soctrait item)", HFILL}},
        {&hf_catalog, {"Catalog addition", "huntpack_lua.catalog", FT_STRING, BASE_NONE, NULL, 0x0,
            "Catalog lines a Lua script added on this frame (cdn-suffix<TAB>suffix<TAB>name)", HFILL}},
    };
    static gint *ett[] = {&ett_lua};
    static ei_register_info ei[] = {
        {&ei_bad_line, {"huntpack_lua.bad_line", PI_PROTOCOL, PI_WARN,
            "A Lua rule reported a malformed line", EXPFILL}},
        {&ei_no_soctrait, {"huntpack_lua.hit", PI_SECURITY, PI_NOTE,
            "Lua rule hit (soctrait is not available to raise it)", EXPFILL}},
    };
    proto_lua = proto_register_protocol("huntpack Lua rules", "huntpack_lua", "huntpack_lua");
    proto_register_field_array(proto_lua, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_lua), ei, array_length(ei));
    rules_list = register_heur_dissector_list("huntpack.rules", proto_lua);
    lua_handle = create_dissector_handle(dissect_lua_bridge, proto_lua);
    register_init_routine(lua_bridge_init);
    register_cleanup_routine(lua_bridge_cleanup);

    hp_want(&want, "http.host", &hf_http_host);
    hp_want(&want, "tls.handshake.extensions_server_name", &hf_tls_sni);
    hp_want(&want, "quicfp.sni", &hf_quicfp_sni);
    hp_want(&want, "dns.qry.name", &hf_dns_qry);
    hp_want(&want, "dns.cname", &hf_dns_cname);
    hp_want(&want, "dns.ptr.domain_name", &hf_dns_ptr);
}

extern "C" void hp_lua_bridge_handoff(void)
{
    proto_soctrait_id = proto_get_id_by_filter_name("soctrait");
    hp_want_resolve_for(&want, lua_handle, 0); // activated by lua_bridge_init, only with rules
}
