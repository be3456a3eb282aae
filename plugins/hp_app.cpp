// SPDX-License-Identifier: GPL-2.0-or-later
// hp_app.cpp: the application messages of a frame from its bytes (hp_app.h). Per frame, each
// kind is read once on first request and kept as plain data in pinfo->pool (proto data under
// hp_proto_id(), key kAppKey). Tvb access happens first (app_bytes), then the parsers of
// heuristics/ run on plain memory inside a try, and their results are copied into pinfo->pool
// before the C++ objects go: nothing owning outlives the parse, no C++ object is alive across a
// tvb accessor.
#include "hp_app.h"

#include <epan/proto_data.h>

#include <string>
#include <string_view>
#include <vector>

#include "discovery.h"
#include "dns_message.h"
#include "hp_fields.h"
#include "hp_frame.h"
#include "http_message.h"

namespace dns = huntpack::dns;
namespace http = huntpack::http;
namespace disc = huntpack::discovery;

namespace {

constexpr guint32 kAppKey = 3;           // p_add_proto_data key (pinfo->pool) under hp_proto_id()
constexpr guint kMaxDnsMessages = 16;    // DNS-over-TCP messages read per frame
constexpr size_t kMaxDnsRecords = 256;   // records kept per message
constexpr size_t kBodyCap = 512;         // decoded body bytes kept (soctrait sniffs 512)
constexpr size_t kConvUri = 65536;       // longest request URI kept per conversation

struct Protos {
    int dns = -1, mdns = -1, llmnr = -1, nbns = -1, http = -1, ssdp = -1, dhcp = -1, lldp = -1, cdp = -1;
    // Their masks in hp_frame_layers() (0 for a protocol this Wireshark lacks).
    guint64 m_dns = 0, m_mdns = 0, m_llmnr = 0, m_nbns = 0, m_http = 0, m_ssdp = 0, m_dhcp = 0, m_lldp = 0, m_cdp = 0;
    bool ok = false;
} P;

void resolve()
{
    if (P.ok)
        return;
    P.dns = proto_get_id_by_filter_name("dns");
    P.mdns = proto_get_id_by_filter_name("mdns");
    P.llmnr = proto_get_id_by_filter_name("llmnr");
    P.nbns = proto_get_id_by_filter_name("nbns");
    P.http = proto_get_id_by_filter_name("http");
    P.ssdp = proto_get_id_by_filter_name("ssdp");
    P.dhcp = proto_get_id_by_filter_name("dhcp");
    P.lldp = proto_get_id_by_filter_name("lldp");
    P.cdp = proto_get_id_by_filter_name("cdp");
    const auto m = [](int id) { return HP_LAYER(hp_frame_layer_bit(id)); };
    P.m_dns = m(P.dns);
    P.m_mdns = m(P.mdns);
    P.m_llmnr = m(P.llmnr);
    P.m_nbns = m(P.nbns);
    P.m_http = m(P.http);
    P.m_ssdp = m(P.ssdp);
    P.m_dhcp = m(P.dhcp);
    P.m_lldp = m(P.lldp);
    P.m_cdp = m(P.cdp);
    P.ok = true;
}

struct Cache {
    gboolean dns_done, http_done, disc_done;
    const hp_dns_frame *dns;
    const hp_http_frame *http;
    const hp_disc_frame *disc;
};

Cache *frame_cache(packet_info *pinfo)
{
    auto *c = static_cast<Cache *>(p_get_proto_data(pinfo->pool, pinfo, hp_proto_id(), kAppKey));
    if (!c) {
        c = wmem_new0(pinfo->pool, Cache);
        p_add_proto_data(pinfo->pool, pinfo, hp_proto_id(), kAppKey, c);
    }
    return c;
}

// The bytes an application dissector was given in this frame: the UDP payload; over TCP the
// PDU Wireshark reassembled here, else the frame's own payload.
struct Span {
    const guint8 *p;
    guint len;
    gboolean tcp;
    gboolean pdu; // a PDU Wireshark reassembled in this frame
};
Span app_bytes(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    Span s = {NULL, 0, pinfo->ptype == PT_TCP, FALSE};
    if (pinfo->ptype != PT_TCP && pinfo->ptype != PT_UDP)
        return s;
    if (hp_frame_quotes_packet(pinfo))
        return s; // a quoted header: not this frame's own message
    if (!s.tcp && pinfo->data_src) {
        // A datagram Wireshark reassembled from IP fragments: UDP header, then the payload.
        tvbuff_t *ip = hp_data_source_tvb(pinfo, "Reassembled IPv4");
        if (!ip)
            ip = hp_data_source_tvb(pinfo, "Reassembled IPv6");
        const guint n = ip ? tvb_captured_length(ip) : 0;
        if (n > 8) {
            s.p = tvb_get_ptr(ip, 8, (gint)(n - 8));
            s.len = n - 8;
            return s;
        }
    }
    if (s.tcp && pinfo->data_src) {
        if (tvbuff_t *pdu = hp_data_source_tvb(pinfo, "Reassembled TCP")) {
            const guint n = tvb_captured_length(pdu);
            s.p = n ? tvb_get_ptr(pdu, 0, (gint)n) : NULL;
            s.len = s.p ? n : 0;
            s.pdu = TRUE;
            return s;
        }
    }
    const hp_l4 *l4 = hp_frame_l4(tvb, pinfo, tree);
    s.p = hp_l4_payload(tvb, l4);
    s.len = s.p ? l4->payload_len : 0;
    return s;
}

const char *dup(wmem_allocator_t *a, const std::string &s) { return wmem_strndup(a, s.data(), s.size()); }

const char *const *dup_all(wmem_allocator_t *a, const std::vector<std::string> &v, guint *n)
{
    *n = (guint)v.size();
    if (v.empty())
        return NULL;
    auto **out = wmem_alloc_array(a, const char *, v.size());
    for (size_t i = 0; i < v.size(); i++)
        out[i] = dup(a, v[i]);
    return out;
}

hp_strs strs(wmem_allocator_t *a, const std::vector<std::string> &v)
{
    hp_strs r;
    r.v = dup_all(a, v, &r.n);
    return r;
}

// ---- DNS family ----------------------------------------------------------------------------
void keep_message(wmem_allocator_t *a, const dns::Message &m, hp_dns_msg &out)
{
    out.flags = m.flags;
    auto *rr = wmem_alloc0_array(a, hp_dns_rr, MAX(m.records.size(), (size_t)1));
    guint n = 0;
    for (const dns::Record &r : m.records) {
        if (!r.complete)
            continue; // Wireshark threw inside it: its fields are not shown
        hp_dns_rr &o = rr[n++];
        o.name = dup(a, r.name);
        o.type = r.type;
        o.section = static_cast<guint8>(r.section);
        o.resp_name = r.has_resp_name();
        if (r.has_target)
            o.target = dup(a, r.target);
        if (r.addr_len)
            o.addr = dup(a, dns::format_address(r));
        o.txt = dup_all(a, r.txt, &o.n_txt);
    }
    out.n_rr = n;
    out.rr = rr;
}

const hp_dns_frame *read_dns(Span b, packet_info *pinfo, dns::Dialect dialect)
{
    if (!b.p || !b.len)
        return NULL;
    auto *f = wmem_new0(pinfo->pool, hp_dns_frame);
    f->nbns = dialect == dns::Dialect::Nbns;
    try {
        dns::Options opt;
        opt.dialect = dialect;
        opt.max_records = kMaxDnsRecords;
        std::vector<dns::Message> msgs;
        if (!b.tcp) {
            msgs.emplace_back();
            dns::parse_message(huntpack::ByteView(b.p, b.len), msgs.back(), opt);
        } else {
            // DNS over TCP (RFC 1035 §4.2.2): messages with a 2-byte length prefix.
            for (guint off = 0; off + 2 <= b.len && msgs.size() < kMaxDnsMessages;) {
                const guint n = (guint)((b.p[off] << 8) | b.p[off + 1]);
                if (n > b.len - off - 2)
                    break;
                msgs.emplace_back();
                dns::parse_message(huntpack::ByteView(b.p + off + 2, n), msgs.back(), opt);
                off += 2 + n;
            }
        }
        auto *m = wmem_alloc0_array(pinfo->pool, hp_dns_msg, MAX(msgs.size(), (size_t)1));
        for (size_t i = 0; i < msgs.size(); i++)
            keep_message(pinfo->pool, msgs[i], m[i]);
        f->n_msg = (guint)msgs.size();
        f->msg = m;
    } catch (...) {
        f->n_msg = 0; // out of memory: the frame's names stay unread
    }
    return f;
}

// ---- HTTP and SSDP -------------------------------------------------------------------------
// What packet-http.c keeps per conversation for http.response_for.uri: the last request's full
// URI (scheme, Host and URI) and its URI; a response shows the full one, else the URI.
struct HttpConv {
    char *full_uri, *request_uri;
    size_t full_cap, request_cap; // bytes allocated (file scope), grown as needed up to kConvUri
};

void keep_conv(char *&dst, size_t &cap, const std::string &s)
{
    const size_t n = MIN(s.size(), kConvUri);
    if (!dst || cap < n + 1) {
        cap = MAX(n + 1, (size_t)128);
        dst = static_cast<char *>(wmem_realloc(wmem_file_scope(), dst, cap));
    }
    memcpy(dst, s.data(), n);
    dst[n] = '\0';
}

std::string ascii(std::string_view v)
{
    return disc::ws_ascii_value(reinterpret_cast<const uint8_t *>(v.data()), v.size());
}

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && g_ascii_strncasecmp(a.data(), b.data(), a.size()) == 0;
}

void keep_http(wmem_allocator_t *a, const http::Head &h, std::string_view after, bool with_body, HttpConv *conv,
               bool first_pass, hp_http_msg &o)
{
    o.request = h.kind == http::Kind::Request;
    o.response = h.kind == http::Kind::Response;
    o.notification = h.kind == http::Kind::Notification;
    std::string method, uri;
    if (h.kind != http::Kind::Response) {
        method = ascii(h.method);
        uri = ascii(h.uri);
        o.method = dup(a, method);
        o.uri = dup(a, uri);
    }
    std::vector<std::string> unknown;
    for (const http::Header &x : h.headers) {
        const char **dst = NULL;
        switch (x.field) {
        case http::Field::Host: dst = &o.host; break;
        case http::Field::UserAgent: dst = &o.user_agent; break;
        case http::Field::ContentType: dst = &o.ctype; break;
        case http::Field::Server: dst = &o.server; break;
        case http::Field::Location: dst = &o.location; break;
        default: break;
        }
        if (dst && !*dst)
            *dst = dup(a, ascii(x.value));
        if (!o.via && iequals(x.name, "via"))
            o.via = dup(a, ascii(x.value));
        if (h.is_unknown_header(x))
            unknown.push_back(disc::ws_format_text(reinterpret_cast<const uint8_t *>(x.line.data()), x.line.size()));
    }
    const char *host = o.host;
    o.unknown = dup_all(a, unknown, &o.n_unknown);
    if (conv && first_pass && h.kind == http::Kind::Request) {
        keep_conv(conv->request_uri, conv->request_cap, uri);
        if (host) {
            const bool absolute = g_ascii_strncasecmp(uri.c_str(), "http://", 7) == 0 ||
                g_ascii_strncasecmp(uri.c_str(), "https://", 8) == 0 || g_ascii_strncasecmp(method.c_str(), "CONNECT", 7) == 0;
            if (absolute) {
                keep_conv(conv->full_uri, conv->full_cap, uri);
            } else {
                std::string_view hv(host); // Host without surrounding blanks (g_strstrip)
                while (!hv.empty() && g_ascii_isspace(hv.front()))
                    hv.remove_prefix(1);
                while (!hv.empty() && g_ascii_isspace(hv.back()))
                    hv.remove_suffix(1);
                keep_conv(conv->full_uri, conv->full_cap, "http://" + std::string(hv) + uri);
            }
        }
    }
    if (conv && h.kind == http::Kind::Response)
        o.resp_uri = conv->full_uri ? conv->full_uri : conv->request_uri;
    if (with_body) {
        http::BodyPrefix bp;
        http::body_prefix(h, after, kBodyCap, bp);
        if (bp.file_data && !bp.data.empty()) {
            o.body = static_cast<const guint8 *>(wmem_memdup(a, bp.data.data(), bp.data.size()));
            o.body_len = (guint)bp.data.size();
        }
    }
}

const hp_http_frame *read_http(Span b, packet_info *pinfo, HttpConv *conv)
{
    if (!b.p || !b.len)
        return NULL;
    auto *f = wmem_new0(pinfo->pool, hp_http_frame);
    const bool first_pass = !pinfo->fd->visited;
    try {
        const std::string_view data(reinterpret_cast<const char *>(b.p), b.len);
        std::vector<hp_http_msg> out;
        if (!b.tcp) {
            // SSDP: the first message of the datagram only (as Wireshark reads it).
            http::Head h;
            const huntpack::ParseStatus st = http::parse_head(data, h);
            if (st == huntpack::ParseStatus::Ok && !h.aborted && h.kind != http::Kind::None) {
                out.emplace_back();
                keep_http(pinfo->pool, h, data.substr(h.head_len), true, conv, first_pass, out.back());
            }
        } else {
            http::MessageIterator it(data);
            http::Message m;
            while (it.next(m)) {
                if (m.head_status != huntpack::ParseStatus::Ok || m.head.aborted || m.head.kind == http::Kind::None)
                    break;
                // A message whose announced body goes past the frame's own bytes: Wireshark's
                // HTTP asks TCP for the rest (desegmentation) and dissects it where the PDU
                // completes. (Without a tree, HTTP then still stands in pinfo->layers.)
                if (!b.pdu && !m.body.complete &&
                    (m.body.framing == http::Framing::Length || m.body.framing == http::Framing::Chunked))
                    break;
                out.emplace_back();
                keep_http(pinfo->pool, m.head, data.substr(m.offset + m.head.head_len), true, conv, first_pass, out.back());
            }
        }
        auto *msgs = wmem_alloc0_array(pinfo->pool, hp_http_msg, MAX(out.size(), (size_t)1));
        for (size_t i = 0; i < out.size(); i++)
            msgs[i] = out[i];
        f->n_msg = (guint)out.size();
        f->msg = msgs;
    } catch (...) {
        f->n_msg = 0;
    }
    return f;
}

// ---- DHCP, LLDP, CDP -----------------------------------------------------------------------
const hp_disc_frame *read_disc(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    const guint64 layers = hp_frame_layers(pinfo);
    const bool want_dhcp = (layers & P.m_dhcp) != 0, want_l2 = (layers & (P.m_lldp | P.m_cdp)) != 0;
    const Span b = want_dhcp ? app_bytes(tvb, pinfo, tree) : Span{NULL, 0, FALSE, FALSE};
    const guint flen = want_l2 ? tvb_captured_length(tvb) : 0;
    const guint8 *frame = flen ? tvb_get_ptr(tvb, 0, (gint)flen) : NULL;
    const bool proxy = pinfo->srcport == disc::kProxyDhcpPort || pinfo->destport == disc::kProxyDhcpPort;
    auto *f = wmem_new0(pinfo->pool, hp_disc_frame);
    wmem_allocator_t *a = pinfo->pool;
    try {
        if (b.p && b.len && !b.tcp) {
            disc::DhcpFacts d;
            disc::parse_dhcp(huntpack::ByteView(b.p, b.len), d, proxy);
            f->dhcp = TRUE;
            f->dhcp_op = d.have_op ? d.op : 0;
            f->dhcp_chaddr = d.have_chaddr ? dup(a, d.chaddr) : NULL;
            f->dhcp_hostname = strs(a, d.hostnames);
            f->dhcp_vendor = strs(a, d.vendor_classes);
            f->dhcp_req_ip = strs(a, d.requested_ips);
            f->dhcp_ciaddr = strs(a, d.have_ciaddr ? std::vector<std::string>{d.ciaddr} : std::vector<std::string>{});
        }
        disc::L2Pdu pdu;
        if (frame && disc::find_l2_pdu(huntpack::ByteView(frame, flen), pdu)) {
            const huntpack::ByteView v(frame + pdu.offset, pdu.length);
            if (pdu.kind == disc::L2Kind::Lldp) {
                disc::LldpFacts l;
                disc::parse_lldp(v, l);
                f->lldp = TRUE;
                f->lldp_name = strs(a, l.names);
                f->lldp_desc = strs(a, l.descs);
                f->lldp_mgmt4 = strs(a, l.mgmt_ipv4);
            } else if (pdu.kind == disc::L2Kind::Cdp) {
                disc::CdpFacts c;
                disc::parse_cdp(v, c);
                f->cdp = TRUE;
                f->cdp_id = strs(a, c.device_ids);
                f->cdp_platform = strs(a, c.platforms);
                f->cdp_software = strs(a, c.software);
            }
        }
    } catch (...) {
        // out of memory: what was copied stays
    }
    return f;
}

} // namespace

extern "C" const hp_dns_frame *hp_app_dns(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    resolve();
    // Most frames carry none of these: answered from the layers alone, no cache entry.
    const guint64 m = hp_frame_layers(pinfo);
    dns::Dialect d; // in this order of precedence
    if (m & P.m_nbns)
        d = dns::Dialect::Nbns;
    else if (m & P.m_mdns)
        d = dns::Dialect::Mdns;
    else if (m & P.m_llmnr)
        d = dns::Dialect::Llmnr;
    else if (m & P.m_dns)
        d = dns::Dialect::Dns;
    else
        return NULL;
    Cache *c = frame_cache(pinfo);
    if (c->dns_done)
        return c->dns;
    c->dns_done = TRUE;
    c->dns = read_dns(app_bytes(tvb, pinfo, tree), pinfo, d);
    return c->dns;
}

extern "C" const hp_http_frame *hp_app_http(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    resolve();
    const guint64 layers = hp_frame_layers(pinfo);
    const bool tcp_http = pinfo->ptype == PT_TCP && (layers & P.m_http);
    const bool ssdp = pinfo->ptype == PT_UDP && (layers & P.m_ssdp);
    if (!tcp_http && !ssdp)
        return NULL;
    Cache *c = frame_cache(pinfo);
    if (c->http_done)
        return c->http;
    c->http_done = TRUE;
    const Span b = app_bytes(tvb, pinfo, tree);
    HttpConv *conv = NULL;
    if (void **slot = hp_conv_slot(hp_conversation(tvb, pinfo, tree, TRUE), HP_CONV_HTTP, TRUE)) {
        if (!*slot)
            *slot = wmem_new0(wmem_file_scope(), HttpConv);
        conv = static_cast<HttpConv *>(*slot);
    }
    c->http = read_http(b, pinfo, conv);
    return c->http;
}

extern "C" const hp_disc_frame *hp_app_discovery(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    resolve();
    if (!(hp_frame_layers(pinfo) & (P.m_dhcp | P.m_lldp | P.m_cdp)))
        return NULL;
    Cache *c = frame_cache(pinfo);
    if (c->disc_done)
        return c->disc;
    c->disc_done = TRUE;
    c->disc = read_disc(tvb, pinfo, tree);
    return c->disc;
}
