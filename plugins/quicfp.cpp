// SPDX-License-Identifier: GPL-2.0-or-later
// quicfp: QUIC/gQUIC/TLS client fingerprints as fields. Glue only: the UDP payload (or TLS
// ClientHello over TCP) is copied once and handed to heuristics/quicfp; the result is cached
// per frame and shown on the frame that completes the ClientHello (or the gQUIC CHLO: in clear
// for Q043-Q046, in decrypted Q050 Initials).
// Per-connection reassembly state is bounded: at most kMaxPending connections assemble at once
// (about 18 KiB each); beyond that new connections are reported, not reassembled.
#include "ws_compat.h"
#include <epan/conversation.h>
#include <epan/expert.h>
#include <epan/proto_data.h>
#include <epan/tap.h>
#include <epan/addr_resolv.h>
#include <epan/to_str.h>

#include "glue.h"
#include "hp_data.h"
#include "hp_fields.h"
#include "quic_initial.h"
#include "quicfp.h"
#include "quicfp_tap.h"
#include "hp_frame.h"
#include "hp_peer.h"
#include "hp_post.h"

namespace qf = huntpack::quicfp;

static int proto_quicfp = -1;
static int hf_kind = -1, hf_version = -1, hf_sni = -1, hf_alpn = -1, hf_ua = -1, hf_ja4 = -1,
           hf_ja4_r = -1, hf_ja4_o = -1, hf_ja4_ro = -1, hf_tp_order = -1, hf_initials = -1,
           hf_browser = -1, hf_browser_version = -1, hf_os = -1, hf_os_version = -1, hf_device = -1,
           hf_stack = -1, hf_stack_confidence = -1, hf_stack_source = -1;
static gint ett_quicfp = -1;
static expert_field ei_exposure = EI_INIT, ei_capacity = EI_INIT, ei_malformed = EI_INIT;
static int quicfp_tap = -1;

static constexpr guint kMaxPending = 1024;
static guint n_pending;

// What the glue keeps: plain pointers into wmem file scope.
struct Result {
    const char *kind, *sni, *alpn, *ua, *ja4, *ja4_r, *ja4_o, *ja4_ro, *tp_order, *error;
    const char *browser, *browser_version, *os, *os_version, *device, *stack, *stack_source;
    guint32 version, stack_confidence;
    guint16 initials;
    gboolean ok;
};
struct ConvState {
    qf::Connection *conn; // NULL when not assembling
    gboolean done;
    gboolean over_capacity;
    guint32 client_port;
};

// Enrichment: the uap-core parser and the stack catalog, loaded on first use in a capture and
// released at cleanup (C++ heap objects wmem cannot own).
static huntpack::ua::UaParser *ua_parser;
static huntpack::quicstack::Catalog *stack_catalog;
static bool enrich_loaded;
static constexpr const char *kUapRegexes = "/usr/share/uap-core/regexes.yaml";

// full: the user-agent parse, the stack catalog and JA4, which only quicfp's fields and the
// QUIC table show; soctrait reads the SNI, the raw user agent and the kind (hp_peer.h).
static qf::Enrich enrich(bool full) noexcept
{
    if (!full) {
        qf::Enrich e;
        e.ja4 = false;
        return e;
    }
    if (!enrich_loaded) {
        enrich_loaded = true;
        try {
            auto *p = new huntpack::ua::UaParser();
            std::string err;
            if (p->load(kUapRegexes, &err)) {
                ua_parser = p;
            } else {
                ws_warning("quicfp: user-agent parsing off: %s", err.c_str());
                delete p;
            }
            auto *c = new huntpack::quicstack::Catalog();
            char *path = hp_data_file("quic_stacks.tsv");
            if (c->load_file(path, &err)) {
                stack_catalog = c;
            } else {
                ws_warning("quicfp: QUIC stack signatures not loaded: %s", err.c_str());
                delete c;
            }
            g_free(path);
        } catch (...) {
            ws_warning("quicfp: enrichment data not loaded");
        }
    }
    qf::Enrich e;
    e.ua = ua_parser;
    e.stacks = stack_catalog;
    return e;
}

static void enrich_cleanup(void)
{
    delete ua_parser;
    delete stack_catalog;
    ua_parser = NULL;
    stack_catalog = NULL;
    enrich_loaded = false;
}

static const char *keep(const std::string &s) { return s.empty() ? NULL : wmem_strdup(wmem_file_scope(), s.c_str()); }

static Result *to_result(const qf::Fingerprint &fp, guint16 initials)
{
    auto *r = wmem_new0(wmem_file_scope(), Result);
    r->ok = fp.ok;
    r->kind = keep(fp.kind);
    r->sni = keep(fp.sni);
    r->alpn = keep(fp.alpn);
    r->ua = keep(fp.ua);
    r->ja4 = keep(fp.ja4);
    r->ja4_r = keep(fp.ja4_r);
    r->ja4_o = keep(fp.ja4_o);
    r->ja4_ro = keep(fp.ja4_ro);
    r->tp_order = keep(fp.tp_order);
    r->error = keep(fp.error);
    r->browser = keep(fp.browser);
    r->browser_version = keep(fp.browser_version);
    r->os = keep(fp.os);
    r->os_version = keep(fp.os_version);
    r->device = keep(fp.device);
    r->stack = keep(fp.stack);
    r->stack_source = keep(fp.stack_source);
    r->stack_confidence = (guint32)fp.stack_confidence;
    r->version = fp.version;
    r->initials = initials;
    return r;
}

// All C++ work on plain bytes: no tvb access in here, so no longjmp can skip a destructor.
static Result *fingerprint_udp(ConvState *cs, const uint8_t *d, size_t n, bool full) noexcept
{
    try {
        if (qf::is_ietf_initial(d, n)) {
            if (cs->done || cs->over_capacity)
                return NULL;
            if (!cs->conn) {
                if (n_pending >= kMaxPending) {
                    cs->over_capacity = TRUE;
                    return NULL;
                }
                cs->conn = static_cast<qf::Connection *>(wmem_alloc(wmem_file_scope(), sizeof(qf::Connection)));
                new (cs->conn) qf::Connection();
                n_pending++;
            }
            const qf::Feed f = qf::feed_client_datagram(*cs->conn, d, n, NULL);
            if (f != qf::Feed::Complete && f != qf::Feed::Overflow)
                return NULL;
            // The TLS ClientHello (IETF QUIC, T05x) or the gQUIC CHLO (Q050), or why not.
            Result *r = to_result(qf::from_connection(*cs->conn, f, enrich(full)), cs->conn->initials);
            wmem_free(wmem_file_scope(), cs->conn);
            cs->conn = NULL;
            n_pending--;
            cs->done = TRUE;
            return r;
        }
        if (n >= 13 && !cs->done) { // gQUIC: public header with version, or Q046 long header
            const qf::Fingerprint fp = qf::from_gquic(d, n, enrich(full));
            if (fp.ok) {
                cs->done = TRUE;
                return to_result(fp, 1);
            }
        }
    } catch (...) {
        ws_warning("quicfp: unexpected exception (out of memory?)");
    }
    return NULL;
}

static Result *fingerprint_tls(const uint8_t *m, size_t n, bool full) noexcept
{
    try {
        return to_result(qf::from_client_hello(m, n, false, 0, enrich(full)), 0);
    } catch (...) {
        return NULL;
    }
}

static Result *compute(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    // A result is computed once per connection and kept for revisits; without revisits (a
    // single-pass tshark) and with neither quicfp's fields nor the QUIC table asked for, nothing
    // will ever read its JA4 or user-agent details.
    const bool full = hp_stats_on(HP_STATS_QUIC) || hp_frames_revisited() ||
                      (tree && proto_field_is_referenced(tree, proto_quicfp));
    if (pinfo->ptype == PT_UDP) {
        // The datagram from the frame's bytes (hp_frame.h): no udp.payload item to prime.
        const hp_l4 *l4 = hp_frame_l4(tvb, pinfo, tree);
        const uint8_t *d = hp_l4_payload(tvb, l4);
        const guint n = d ? l4->payload_len : 0;
        if (!d || n < 7)
            return NULL;
        // Only a datagram that can begin or continue a client's first flight
        // (qf::may_begin_client_flight: fingerprint_udp's two ways to a result) needs the flow's
        // state; the rest (DNS and the other UDP exchanges, QUIC's short-header packets) skip the
        // conversation look-up and keep no state (nor create a conversation Wireshark has not). The client is the sender of the first such
        // datagram; until 2026-12-05 it was the sender of the flow's first datagram, which
        // differs only when a capture starts mid-flow (a short-header packet, a server's Version
        // Negotiation) and a later Initial comes from the other side: now fingerprinted.
        if (!qf::may_begin_client_flight(d, n))
            return NULL;
        conversation_t *conv = hp_conversation(tvb, pinfo, tree, TRUE);
        void **slot = hp_conv_slot(conv, HP_CONV_QUICFP, TRUE);
        if (!slot)
            return NULL; // no conversation (find_or_create_conversation: never today)
        auto *cs = static_cast<ConvState *>(*slot);
        if (!cs) {
            cs = wmem_new0(wmem_file_scope(), ConvState);
            cs->client_port = pinfo->srcport; // the first such datagram comes from the client
            *slot = cs;
        }
        if (pinfo->srcport != cs->client_port)
            return NULL;
        Result *r = fingerprint_udp(cs, d, n, full);
        if (!r && cs->over_capacity)
            expert_add_info(pinfo, NULL, &ei_capacity);
        return r;
    }
    if (pinfo->ptype == PT_TCP) {
        // The ClientHello from the flow's own bytes, reassembled across segments (hp_tls_frame;
        // it used to come from Wireshark's reassembled tls.handshake fields, which had to be
        // primed on every TLS record).
        const hp_tls_hello *h = hp_tls_frame(tvb, pinfo, tree);
        if (!h || h->type != 1)
            return NULL;
        // Only quicfp's own outputs read a TCP ClientHello's result: its fields and tree, the
        // QUIC table, its expert items (an expert listener, or _ws.expert fields in a filter,
        // a column or -e), the GUI's revisits. soctrait parses the hello itself (gather_tls: the
        // SNI and a user agent in clear), so without them there is nothing to compute (a second
        // parse of every hello: 8,800 instructions each).
        static const int expert_tap = find_tap_id("expert");
        static const int expert_proto = proto_get_id_by_filter_name("_ws.expert");
        const bool expert_read = (expert_tap >= 0 && have_tap_listener(expert_tap)) ||
            (tree && expert_proto > 0 && proto_field_is_referenced(tree, expert_proto)); // -Y, -e, columns
        if (!full && !expert_read)
            return NULL;
        return fingerprint_tls(h->message, h->message_len, full);
    }
    return NULL;
}

static void add_str(proto_tree *t, int hf, tvbuff_t *tvb, const char *s)
{
    if (s)
        proto_item_set_generated(proto_tree_add_string(t, hf, tvb, 0, 0, s));
}

static int dissect_quicfp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    if (pinfo->ptype != PT_UDP && pinfo->ptype != PT_TCP)
        return 0;
    if (!hp_stats_on(HP_STATS_QUIC) && !hp_soctrait_judges(tree) && !(tree && proto_field_is_referenced(tree, proto_quicfp)))
        return 0;
    auto *r = static_cast<Result *>(hp_frame_result_get(pinfo, proto_quicfp));
    if (!r && !PINFO_FD_VISITED(pinfo)) {
        r = compute(tvb, pinfo, tree);
        hp_frame_result_keep(pinfo, proto_quicfp, r);
    }
    if (!r)
        return 0;
    hp_peer_frame *peer = hp_peer(); // for soctrait, the next stage (hp_peer.h)
    peer->quic_client = TRUE;
    peer->quic_ua = r->ua;
    peer->quic_sni = r->sni;
    peer->quic_kind = r->kind;
    proto_item *ti = proto_tree_add_item(tree, proto_quicfp, tvb, 0, 0, ENC_NA);
    proto_tree *t = proto_item_add_subtree(ti, ett_quicfp);
    proto_item_append_text(ti, ": %s%s%s", r->kind ? r->kind : "", r->sni ? " " : "", r->sni ? r->sni : "");
    add_str(t, hf_kind, tvb, r->kind);
    if (r->version)
        proto_item_set_generated(proto_tree_add_uint(t, hf_version, tvb, 0, 0, r->version));
    add_str(t, hf_sni, tvb, r->sni);
    add_str(t, hf_alpn, tvb, r->alpn);
    add_str(t, hf_ua, tvb, r->ua);
    add_str(t, hf_ja4, tvb, r->ja4);
    add_str(t, hf_ja4_r, tvb, r->ja4_r);
    add_str(t, hf_ja4_o, tvb, r->ja4_o);
    add_str(t, hf_ja4_ro, tvb, r->ja4_ro);
    add_str(t, hf_tp_order, tvb, r->tp_order);
    add_str(t, hf_browser, tvb, r->browser);
    add_str(t, hf_browser_version, tvb, r->browser_version);
    add_str(t, hf_os, tvb, r->os);
    add_str(t, hf_os_version, tvb, r->os_version);
    add_str(t, hf_device, tvb, r->device);
    add_str(t, hf_stack, tvb, r->stack);
    if (r->stack) {
        proto_item_set_generated(proto_tree_add_uint(t, hf_stack_confidence, tvb, 0, 0, r->stack_confidence));
        add_str(t, hf_stack_source, tvb, r->stack_source);
    }
    if (r->initials)
        proto_item_set_generated(proto_tree_add_uint(t, hf_initials, tvb, 0, 0, r->initials));
    if (r->ok && hp_stats_on(HP_STATS_QUIC)) {
        auto *rec = wmem_new0(pinfo->pool, hp_quicfp_rec);
        rec->client = address_to_str(pinfo->pool, &pinfo->src); // per host: client ports vary
        rec->kind = r->kind;
        rec->sni = r->sni;
        rec->alpn = r->alpn;
        rec->ua = r->ua;
        rec->ja4 = r->ja4;
        rec->browser = r->browser ? wmem_strdup_printf(pinfo->pool, "%s %s", r->browser, r->browser_version ? r->browser_version : "") : NULL;
        rec->os = r->os ? wmem_strdup_printf(pinfo->pool, "%s %s", r->os, r->os_version ? r->os_version : "") : NULL;
        rec->version = r->version;
        tap_queue_packet(quicfp_tap, pinfo, rec);
    }
    if (!r->ok)
        expert_add_info_format(pinfo, ti, &ei_malformed, "Client fingerprint incomplete: %s", r->error ? r->error : "?");
    else if (r->ua)
        expert_add_info_format(pinfo, ti, &ei_exposure, "Client reveals itself: %s %s on %s %s (user agent \"%s\")",
            r->browser ? r->browser : "?", r->browser_version ? r->browser_version : "",
            r->os ? r->os : "?", r->os_version ? r->os_version : "", r->ua);
    return 0; // a label beside Wireshark's own dissection, never a claim on the frame
}

extern "C" void hp_quicfp_register(void)
{
    static hf_register_info hf[] = {
        {&hf_kind, {"Kind", "quicfp.kind", FT_STRING, BASE_NONE, NULL, 0x0, "ietf (QUIC), gquic (Google QUIC CHLO) or tls (ClientHello over TCP)", HFILL}},
        {&hf_version, {"QUIC version", "quicfp.version", FT_UINT32, BASE_HEX, NULL, 0x0, "QUIC version of the Initial / gQUIC packet", HFILL}},
        {&hf_sni, {"Server name", "quicfp.sni", FT_STRING, BASE_NONE, NULL, 0x0, "SNI of the ClientHello, or the gQUIC SNI tag", HFILL}},
        {&hf_alpn, {"ALPN", "quicfp.alpn", FT_STRING, BASE_NONE, NULL, 0x0, "ALPN protocols offered, comma-separated", HFILL}},
        {&hf_ua, {"User agent", "quicfp.ua", FT_STRING, BASE_NONE, NULL, 0x0, "gQUIC UAID tag or QUIC google_user_agent transport parameter", HFILL}},
        {&hf_ja4, {"JA4", "quicfp.ja4", FT_STRING, BASE_NONE, NULL, 0x0, "JA4 client fingerprint (q: QUIC, t: TCP)", HFILL}},
        {&hf_ja4_r, {"JA4_r", "quicfp.ja4_r", FT_STRING, BASE_NONE, NULL, 0x0, "JA4 raw (sorted) form", HFILL}},
        {&hf_ja4_o, {"JA4_o", "quicfp.ja4_o", FT_STRING, BASE_NONE, NULL, 0x0, "JA4 in original order, hashed", HFILL}},
        {&hf_ja4_ro, {"JA4_ro", "quicfp.ja4_ro", FT_STRING, BASE_NONE, NULL, 0x0, "JA4 in original order, raw", HFILL}},
        {&hf_tp_order, {"Transport parameter order", "quicfp.tp_order", FT_STRING, BASE_NONE, NULL, 0x0, "QUIC transport parameter ids in order (gQUIC: CHLO tags)", HFILL}},
        {&hf_browser, {"Browser", "quicfp.browser", FT_STRING, BASE_NONE, NULL, 0x0, "Browser family from the user agent (uap-core)", HFILL}},
        {&hf_browser_version, {"Browser version", "quicfp.browser_version", FT_STRING, BASE_NONE, NULL, 0x0, "Browser version from the user agent", HFILL}},
        {&hf_os, {"OS", "quicfp.os", FT_STRING, BASE_NONE, NULL, 0x0, "Operating system from the user agent (uap-core)", HFILL}},
        {&hf_os_version, {"OS version", "quicfp.os_version", FT_STRING, BASE_NONE, NULL, 0x0, "Operating system version from the user agent", HFILL}},
        {&hf_device, {"Device", "quicfp.device", FT_STRING, BASE_NONE, NULL, 0x0, "Device family from the user agent (uap-core)", HFILL}},
        {&hf_stack, {"Client stack", "quicfp.stack", FT_STRING, BASE_NONE, NULL, 0x0, "QUIC client stack named by the signature catalog (quic_stacks.tsv)", HFILL}},
        {&hf_stack_confidence, {"Stack confidence", "quicfp.stack_confidence", FT_UINT8, BASE_DEC, NULL, 0x0, "Confidence of the stack signature, 0-100", HFILL}},
        {&hf_stack_source, {"Stack signature", "quicfp.stack_signature", FT_STRING, BASE_NONE, NULL, 0x0, "Catalog line that matched and the capture it came from", HFILL}},
        {&hf_initials, {"Initials used", "quicfp.initials", FT_UINT16, BASE_DEC, NULL, 0x0, "Client Initial packets decrypted to reassemble the ClientHello", HFILL}},
    };
    static gint *ett[] = {&ett_quicfp};
    static ei_register_info ei[] = {
        {&ei_exposure, {"quicfp.client_exposure", PI_SECURITY, PI_NOTE, "QUIC client reveals its user agent", EXPFILL}},
        {&ei_capacity, {"quicfp.capacity", PI_UNDECODED, PI_NOTE, "Too many QUIC handshakes in progress: not reassembled", EXPFILL}},
        {&ei_malformed, {"quicfp.malformed", PI_MALFORMED, PI_WARN, "Client fingerprint incomplete", EXPFILL}},
    };
    proto_quicfp = proto_register_protocol("huntpack QUIC/TLS client fingerprint", "quicfp", "quicfp");
    proto_register_field_array(proto_quicfp, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_quicfp), ei, array_length(ei));
    hp_post_add(HP_POST_QUICFP, dissect_quicfp, proto_quicfp);
    quicfp_tap = register_tap(HP_QUICFP_TAP);
    register_init_routine([] { n_pending = 0; });
    register_cleanup_routine(enrich_cleanup);
    if (!huntpack::quic::crypto_init())
        ws_warning("quicfp: libgcrypt initialisation failed");
}

