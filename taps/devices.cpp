// SPDX-License-Identifier: GPL-2.0-or-later
// huntpack_devices: the LAN device inventory (Statistics ▸ huntpack ▸ Devices, tshark
// -z huntpack_devices,table[,filter]). One row per device that announced itself over mDNS/DNS-SD,
// SSDP, LLMNR, NBNS, DHCP, LLDP, CDP or SpotUdp (MAC, IPs, names, services, models, guessed type
// and the evidence for it), and a first row with the capture's multicast/broadcast share.
// Facts are read from the frames' bytes (plugins/hp_app.h: DNS-family, SSDP, DHCP, LLDP, CDP
// parsers in heuristics/), on the built-in "frame" tap, without a protocol tree; Wireshark's own
// fields (dns.*, http.*, nbns.*, dhcp.*, lldp.*, cdp.*) are read only to check them
// (huntpack.verify_facts, said_from_fields). Folding and type guessing live in heuristics/devices. The multicast-exposure trait is raised by
// hp_devices_frame (end of this file), which soctrait's postdissector calls on every frame.
#include "ws_compat.h"
#include <epan/addr_resolv.h>
#include <epan/address_types.h>
#include <epan/epan_dissect.h>
#include <epan/stat_tap_ui.h>
#include <epan/packet.h>
#include <epan/tap.h>

#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "devices.h"
#include "first_listener.h"
#include "glue.h"
#include "hp_app.h"
#include "hp_fields.h"
#include "hp_frame.h"
#include "soctrait_api.h"

namespace dv = huntpack::devices;

extern "C" const char *const *hp_devices_wanted(void); // below: the fields the trait hook reads

namespace {

struct Model {
    // The table devices_init found or made in the UI's tables (the one table devices_packet
    // writes): kept here because reading it through the tap data (stat_data_t -> UI -> tables
    // -> first) was three cold loads a frame, three quarters of devices_packet's time (perf on
    // the bench capture, 14 ms a run). A UI's tables are freed only when its dialog closes,
    // after its listener is gone; a new dialog runs devices_init again.
    stat_tap_table *table = nullptr;
    dv::NoiseCounter noise;
    dv::Inventory inv;
};
Model *model;

// Field ids, resolved at first init.
struct Field {
    const char *name;
    int hf;
};
enum F {
    P_MDNS, P_SSDP, P_LLMNR, P_NBNS, P_DHCP, P_LLDP, P_CDP, P_SPOTUDP,
    DNS_RESPONSE, DNS_RESP_NAME, DNS_RESP_TYPE, DNS_PTR, DNS_SRV_TARGET, DNS_TXT, DNS_A, DNS_AAAA,
    HTTP_SERVER, HTTP_UA, HTTP_LOCATION, HTTP_UNKNOWN, HTTP_METHOD,
    NBNS_NAME, NBNS_RESPONSE, NBNS_OPCODE,
    DHCP_TYPE, DHCP_CHADDR, DHCP_HOSTNAME, DHCP_VENDOR, DHCP_REQ_IP, DHCP_CIADDR,
    LLDP_NAME, LLDP_DESC, LLDP_MGMT4, CDP_ID, CDP_PLATFORM, CDP_SOFTWARE, SPOTUDP_MAGIC,
    F_COUNT
};
Field fields[F_COUNT] = {
    {"mdns", -1}, {"ssdp", -1}, {"llmnr", -1}, {"nbns", -1}, {"dhcp", -1}, {"lldp", -1}, {"cdp", -1},
    {"spotudp", -1},
    {"dns.flags.response", -1}, {"dns.resp.name", -1}, {"dns.resp.type", -1}, {"dns.ptr.domain_name", -1},
    {"dns.srv.target", -1}, {"dns.txt", -1}, {"dns.a", -1}, {"dns.aaaa", -1},
    {"http.server", -1}, {"http.user_agent", -1}, {"http.location", -1}, {"http.unknown_header", -1},
    {"http.request.method", -1},
    {"nbns.name", -1}, {"nbns.flags.response", -1}, {"nbns.flags.opcode", -1},
    {"dhcp.type", -1}, {"dhcp.hw.mac_addr", -1}, {"dhcp.option.hostname", -1},
    {"dhcp.option.vendor_class_id", -1}, {"dhcp.option.requested_ip_address", -1}, {"dhcp.ip.client", -1},
    {"lldp.tlv.system.name", -1}, {"lldp.tlv.system.desc", -1}, {"lldp.mgn.addr.ip4", -1},
    {"cdp.deviceid", -1}, {"cdp.platform", -1}, {"cdp.software_version", -1}, {"spotudp.magic", -1},
};

enum : guint { C_DEVICE, C_IPS, C_NAMES, C_TYPE, C_BASIS, C_SERVICES, C_MODELS, C_UPNP, C_SOURCES, C_FIRST, C_COUNT, kCols };
stat_tap_table_item columns[kCols] = {
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Device (MAC)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "IPs", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Names", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Type", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Type evidence", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Services", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Models / software", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "UPnP (NT/ST/USN/LOCATION)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Announced over", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "First frame", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Announcements", "%u"},
};
const char *const kTableName = "Devices announced on the LAN";
const char *const kSummaryKey = "(capture)";

int primer_anchor; // the priming listener (hp_primer_start)

GPtrArray *all(proto_tree *tree, F f)
{
    if (!tree || fields[f].hf <= 0)
        return NULL;
    GPtrArray *a = proto_get_finfo_ptr_array(tree, fields[f].hf);
    return (a && a->len) ? a : NULL;
}

std::string repr(field_info *fi)
{
    char *s = fvalue_to_string_repr(NULL, HP_FI_VALUE(fi), FTREPR_DISPLAY, BASE_NONE);
    std::string r = s ? s : "";
    wmem_free(NULL, s);
    return r;
}

std::vector<std::string> strings(proto_tree *tree, F f)
{
    std::vector<std::string> r;
    if (GPtrArray *a = all(tree, f))
        for (guint i = 0; i < a->len; i++)
            r.push_back(repr(static_cast<field_info *>(g_ptr_array_index(a, i))));
    return r;
}

guint32 first_uint(proto_tree *tree, F f, guint32 dflt)
{
    GPtrArray *a = all(tree, f);
    if (!a)
        return dflt;
    auto *fi = static_cast<field_info *>(g_ptr_array_index(a, 0));
    if (fi->hfinfo->type == FT_BOOLEAN) // 4.0 stores booleans as 64-bit
        return fvalue_get_uinteger64(HP_FI_VALUE(fi)) != 0;
    return fvalue_get_uinteger(HP_FI_VALUE(fi));
}

std::string addr_str(const address &a)
{
    if (a.type == AT_NONE)
        return {};
    char *s = address_to_str(NULL, &a);
    std::string r = s ? s : "";
    wmem_free(NULL, s);
    return r;
}

bool is_group(const packet_info *pinfo)
{
    if (pinfo->dl_dst.type == AT_ETHER && pinfo->dl_dst.len == 6)
        return (static_cast<const guint8 *>(pinfo->dl_dst.data)[0] & 1) != 0; // I/G bit
    const auto *d = static_cast<const guint8 *>(pinfo->net_dst.data);
    if (pinfo->net_dst.type == AT_IPv4 && pinfo->net_dst.len == 4)
        return (d[0] & 0xf0) == 0xe0 || (d[0] == 255 && d[1] == 255 && d[2] == 255 && d[3] == 255);
    if (pinfo->net_dst.type == AT_IPv6 && pinfo->net_dst.len == 16)
        return d[0] == 0xff;
    return false;
}

// Not a host name: the root (OPT records), NBNS wildcard, fully qualified service instances.
bool usable_name(const std::string &n)
{
    return !n.empty() && n != "<Root>" && n != "*" && dv::service_type(n).empty();
}
void add_name(dv::Device &d, const std::string &n)
{
    if (usable_name(n))
        d.names.add(n);
}

bool usable_ip(const std::string &ip) { return !ip.empty() && ip != "0.0.0.0" && ip != "::"; }

// What one frame announces, as raw values (one entry per value of the Wireshark field named in
// the comment, in the same order): read from the frame's own bytes (said_from_bytes, hp_app.h),
// or, with huntpack.verify_facts only, from Wireshark's fields (said_from_fields, the oracle).
// fold_frame interprets it; both readers feed the same interpretation.
struct Said {
    uint16_t src = 0;                                   // dv source bits (pinfo->layers)
    bool dns_response = false;                          // dns.flags.response (first)
    std::vector<std::pair<std::string, uint32_t>> rrs;  // dns.resp.name with its dns.resp.type
    std::vector<std::string> ptrs, srv_targets, txts, addrs; // dns.ptr.domain_name, dns.srv.target, dns.txt, dns.a + dns.aaaa
    std::string http_method;                            // http.request.method (first)
    std::vector<std::string> http_server, http_ua, http_location, http_unknown; // http.server, .user_agent, .location, .unknown_header
    bool nbns_response = false;                         // nbns.flags.response (first)
    uint32_t nbns_op = 0;                               // nbns.flags.opcode (first)
    std::vector<std::string> nbns_names;                // nbns.name
    uint32_t dhcp_op = 0;                               // dhcp.type (first)
    std::string dhcp_chaddr;                            // dhcp.hw.mac_addr (first)
    std::vector<std::string> dhcp_hostname, dhcp_vendor, dhcp_req_ip, dhcp_ciaddr; // dhcp.option.hostname, .vendor_class_id, .requested_ip_address, dhcp.ip.client
    std::vector<std::string> lldp_name, lldp_desc, lldp_mgmt4; // lldp.tlv.system.name, .system.desc, lldp.mgn.addr.ip4
    std::vector<std::string> cdp_id, cdp_platform, cdp_software; // cdp.deviceid, cdp.platform, cdp.software_version

    // One line per protocol the frame carries, for huntpack.verify_facts' comparison.
    std::string describe() const;
};

void put(std::string &out, const char *what, const std::vector<std::string> &v)
{
    out += what;
    out += '[';
    for (size_t i = 0; i < v.size(); i++)
        out += (i ? "|" : "") + v[i];
    out += ']';
}

std::string Said::describe() const
{
    std::string o;
    if (src & (dv::kMdns | dv::kLlmnr)) {
        o += dns_response ? "dns response " : "dns query ";
        std::vector<std::string> r;
        for (const auto &x : rrs)
            r.push_back(x.first + "/" + std::to_string(x.second));
        put(o, "rr", r);
        put(o, " ptr", ptrs);
        put(o, " srv", srv_targets);
        put(o, " txt", txts);
        put(o, " addr", addrs);
        o += "; ";
    }
    if (src & dv::kSsdp) {
        o += "ssdp " + http_method;
        put(o, " server", http_server);
        put(o, " ua", http_ua);
        put(o, " location", http_location);
        put(o, " unknown", http_unknown);
        o += "; ";
    }
    if (src & dv::kNbns) {
        o += "nbns " + std::to_string(nbns_response) + "/" + std::to_string(nbns_op);
        put(o, " names", nbns_names);
        o += "; ";
    }
    if (src & dv::kDhcp) {
        o += "dhcp " + std::to_string(dhcp_op) + " " + dhcp_chaddr;
        put(o, " host", dhcp_hostname);
        put(o, " vendor", dhcp_vendor);
        put(o, " req", dhcp_req_ip);
        put(o, " ci", dhcp_ciaddr);
        o += "; ";
    }
    if (src & dv::kLldp) {
        put(o, "lldp name", lldp_name);
        put(o, " desc", lldp_desc);
        put(o, " mgmt", lldp_mgmt4);
        o += "; ";
    }
    if (src & dv::kCdp) {
        put(o, "cdp id", cdp_id);
        put(o, " platform", cdp_platform);
        put(o, " sw", cdp_software);
    }
    return o;
}

// The oracle: the same values from Wireshark's fields (huntpack.verify_facts).
void said_from_fields(Said &s, proto_tree *tree)
{
    if (s.src & (dv::kMdns | dv::kLlmnr)) {
        s.dns_response = first_uint(tree, DNS_RESPONSE, 0) != 0;
        // Pair each record's name with its type by position (the type field follows the name):
        // the arrays are not parallel, NSEC type bitmaps also use dns.resp.type.
        GPtrArray *names = all(tree, DNS_RESP_NAME), *types = all(tree, DNS_RESP_TYPE);
        for (guint i = 0; names && i < names->len; i++) {
            auto *nf = static_cast<field_info *>(g_ptr_array_index(names, i));
            guint32 t = 0;
            for (guint j = 0; types && j < types->len; j++) {
                auto *tf = static_cast<field_info *>(g_ptr_array_index(types, j));
                if (tf->ds_tvb == nf->ds_tvb && tf->start == nf->start + nf->length) {
                    t = fvalue_get_uinteger(HP_FI_VALUE(tf));
                    break;
                }
            }
            s.rrs.emplace_back(repr(nf), t);
        }
        s.ptrs = strings(tree, DNS_PTR);
        s.srv_targets = strings(tree, DNS_SRV_TARGET);
        s.txts = strings(tree, DNS_TXT);
        s.addrs = strings(tree, DNS_A);
        for (std::string &a : strings(tree, DNS_AAAA))
            s.addrs.push_back(std::move(a));
    }
    if (s.src & dv::kSsdp) {
        const auto method = strings(tree, HTTP_METHOD);
        s.http_method = method.empty() ? std::string() : method[0];
        s.http_server = strings(tree, HTTP_SERVER);
        s.http_ua = strings(tree, HTTP_UA);
        s.http_location = strings(tree, HTTP_LOCATION);
        s.http_unknown = strings(tree, HTTP_UNKNOWN);
    }
    if (s.src & dv::kNbns) {
        s.nbns_response = first_uint(tree, NBNS_RESPONSE, 0) != 0;
        s.nbns_op = first_uint(tree, NBNS_OPCODE, 0);
        s.nbns_names = strings(tree, NBNS_NAME);
    }
    if (s.src & dv::kDhcp) {
        s.dhcp_op = first_uint(tree, DHCP_TYPE, 0);
        const auto ch = strings(tree, DHCP_CHADDR);
        s.dhcp_chaddr = ch.empty() ? std::string() : ch[0];
        s.dhcp_hostname = strings(tree, DHCP_HOSTNAME);
        s.dhcp_vendor = strings(tree, DHCP_VENDOR);
        s.dhcp_req_ip = strings(tree, DHCP_REQ_IP);
        s.dhcp_ciaddr = strings(tree, DHCP_CIADDR);
    }
    if (s.src & dv::kLldp) {
        s.lldp_name = strings(tree, LLDP_NAME);
        s.lldp_desc = strings(tree, LLDP_DESC);
        s.lldp_mgmt4 = strings(tree, LLDP_MGMT4);
    }
    if (s.src & dv::kCdp) {
        s.cdp_id = strings(tree, CDP_ID);
        s.cdp_platform = strings(tree, CDP_PLATFORM);
        s.cdp_software = strings(tree, CDP_SOFTWARE);
    }
}

std::vector<std::string> vec(const hp_strs &x)
{
    std::vector<std::string> r;
    for (guint i = 0; i < x.n; i++)
        r.emplace_back(x.v[i] ? x.v[i] : "");
    return r;
}

// The values from the frame's own bytes (hp_app.h). d, h, x: hp_app's answers for the frame,
// read before any C++ object existed.
void said_from_bytes(Said &s, const hp_dns_frame *d, const hp_http_frame *h, const hp_disc_frame *x)
{
    if ((s.src & (dv::kMdns | dv::kLlmnr | dv::kNbns)) && d) {
        bool first = true;
        for (guint m = 0; m < d->n_msg; m++) {
            const hp_dns_msg &msg = d->msg[m];
            const bool response = (msg.flags & 0x8000) != 0;
            if (first) {
                (d->nbns ? s.nbns_response : s.dns_response) = response;
                if (d->nbns)
                    s.nbns_op = (msg.flags >> 11) & 0xf;
                first = false;
            }
            for (guint i = 0; i < msg.n_rr; i++) {
                const hp_dns_rr &r = msg.rr[i];
                if (d->nbns) {
                    s.nbns_names.emplace_back(r.name ? r.name : "");
                    continue;
                }
                if (r.resp_name)
                    s.rrs.emplace_back(r.name ? r.name : "", r.type);
                if (r.type == 12 && r.target)
                    s.ptrs.emplace_back(r.target);
                if (r.type == 33 && r.target)
                    s.srv_targets.emplace_back(r.target);
                for (guint t = 0; t < r.n_txt; t++)
                    s.txts.emplace_back(r.txt[t]);
            }
        }
        if (!d->nbns) // dns.a values, then dns.aaaa values (the oracle's order)
            for (guint16 type : {(guint16)1, (guint16)28})
                for (guint m = 0; m < d->n_msg; m++)
                    for (guint i = 0; i < d->msg[m].n_rr; i++)
                        if (d->msg[m].rr[i].type == type && d->msg[m].rr[i].addr)
                            s.addrs.emplace_back(d->msg[m].rr[i].addr);
    }
    if ((s.src & dv::kSsdp) && h) {
        for (guint i = 0; i < h->n_msg; i++) {
            const hp_http_msg &m = h->msg[i];
            if (s.http_method.empty() && m.method)
                s.http_method = m.method;
            if (m.server)
                s.http_server.emplace_back(m.server);
            if (m.user_agent)
                s.http_ua.emplace_back(m.user_agent);
            if (m.location)
                s.http_location.emplace_back(m.location);
            for (guint u = 0; u < m.n_unknown; u++)
                s.http_unknown.emplace_back(m.unknown[u]);
        }
    }
    if (x && x->dhcp && (s.src & dv::kDhcp)) {
        s.dhcp_op = x->dhcp_op;
        s.dhcp_chaddr = x->dhcp_chaddr ? x->dhcp_chaddr : "";
        s.dhcp_hostname = vec(x->dhcp_hostname);
        s.dhcp_vendor = vec(x->dhcp_vendor);
        s.dhcp_req_ip = vec(x->dhcp_req_ip);
        s.dhcp_ciaddr = vec(x->dhcp_ciaddr);
    }
    if (x && x->lldp && (s.src & dv::kLldp)) {
        s.lldp_name = vec(x->lldp_name);
        s.lldp_desc = vec(x->lldp_desc);
        s.lldp_mgmt4 = vec(x->lldp_mgmt4);
    }
    if (x && x->cdp && (s.src & dv::kCdp)) {
        s.cdp_id = vec(x->cdp_id);
        s.cdp_platform = vec(x->cdp_platform);
        s.cdp_software = vec(x->cdp_software);
    }
}

uint16_t layer_sources(packet_info *pinfo);

// What the frame announces (false: no discovery protocol in it). tvb access (hp_app) happens
// first; with huntpack.verify_facts and a tree, the fields' values are compared.
bool said_for_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, Said &s)
{
    s.src = layer_sources(pinfo);
    if (!s.src)
        return false;
    const hp_dns_frame *d = (s.src & (dv::kMdns | dv::kLlmnr | dv::kNbns)) ? hp_app_dns(tvb, pinfo, tree) : NULL;
    const hp_http_frame *h = (s.src & dv::kSsdp) ? hp_app_http(tvb, pinfo, tree) : NULL;
    const hp_disc_frame *x = (s.src & (dv::kDhcp | dv::kLldp | dv::kCdp)) ? hp_app_discovery(tvb, pinfo, tree) : NULL;
    said_from_bytes(s, d, h, x);
    if (hp_verify_facts() && tree) {
        Said ws;
        ws.src = s.src;
        said_from_fields(ws, tree);
        const std::string a = s.describe(), b = ws.describe();
        if (a != b)
            hp_facts_differ(pinfo, "device facts", a.c_str(), b.c_str());
    }
    return true;
}

// DNS-based announcements (mDNS, LLMNR): names of A/AAAA/SRV targets, services, TXT models.
void fold_dns(dv::Device &d, const Said &s)
{
    if (!s.dns_response)
        return;
    for (const auto &rr : s.rrs) {
        if (rr.second == 1 || rr.second == 28) // A, AAAA: the host's own name
            add_name(d, rr.first);
        d.services.add(dv::service_type(rr.first));
    }
    for (const std::string &p : s.ptrs) {
        d.services.add(dv::service_type(p));
        d.names.add(dv::service_instance(p));
    }
    for (const std::string &t : s.srv_targets)
        add_name(d, t);
    for (const std::string &t : s.txts)
        d.models.add(dv::txt_model(t));
    for (const std::string &a : s.addrs)
        d.ips.add(a);
}

void fold_ssdp(dv::Device &d, const Said &s)
{
    const bool search = s.http_method == "M-SEARCH";
    for (const std::string &v : s.http_server)
        d.software.add(v);
    for (const std::string &v : s.http_ua)
        d.software.add(v);
    for (const std::string &v : s.http_location)
        d.upnp.add(v);
    for (const std::string &line : s.http_unknown) {
        std::string n, v;
        // An M-SEARCH's ST is what the host looks for, not what it is.
        if (dv::split_header(line, n, v) && (n == "nt" || n == "usn" || (n == "st" && !search)))
            d.upnp.add(v);
    }
}

void fold_nbns(dv::Device &d, const Said &s)
{
    // Registrations (5), refreshes (8, 9) and positive answers name the sender; queries do not.
    if (!(s.nbns_response || s.nbns_op == 5 || s.nbns_op == 8 || s.nbns_op == 9))
        return;
    for (const std::string &n : s.nbns_names)
        add_name(d, dv::netbios_base(n));
}

// The device a frame announces (nullptr: none, e.g. a DHCP server reply, or the inventory is
// full). A DHCP BOOTREQUEST's client hardware address names the device, not the frame's sender
// (a relay agent forwards requests); server replies describe the client, not the server.
dv::Device *lookup(dv::Inventory &inv, packet_info *pinfo, const Said &s)
{
    std::string mac = pinfo->dl_src.type == AT_ETHER ? addr_str(pinfo->dl_src) : std::string();
    const std::string ip = addr_str(pinfo->net_src);
    if (s.src & dv::kDhcp) {
        if (s.dhcp_op != 1)
            return nullptr;
        if (!s.dhcp_chaddr.empty())
            mac = s.dhcp_chaddr;
    }
    return inv.get(mac, usable_ip(ip) ? ip : std::string(), pinfo->num);
}

// Folds what the frame announces into its device.
void fold_frame(dv::Device &d, packet_info *pinfo, const Said &s)
{
    const std::string ip = addr_str(pinfo->net_src);
    d.sources |= s.src;
    d.announcements++;
    if (usable_ip(ip))
        d.ips.add(ip);
    if (s.src & (dv::kMdns | dv::kLlmnr))
        fold_dns(d, s);
    if (s.src & dv::kSsdp)
        fold_ssdp(d, s);
    if (s.src & dv::kNbns)
        fold_nbns(d, s);
    if ((s.src & dv::kDhcp) && s.dhcp_op == 1) {
        for (const std::string &h : s.dhcp_hostname)
            d.names.add(h);
        for (const std::string &v : s.dhcp_vendor)
            d.software.add(v);
        for (const std::string &a : s.dhcp_req_ip)
            if (usable_ip(a))
                d.ips.add(a);
        for (const std::string &a : s.dhcp_ciaddr)
            if (usable_ip(a))
                d.ips.add(a);
    }
    for (const std::string &n : s.lldp_name)
        d.names.add(n);
    for (const std::string &v : s.lldp_desc)
        d.software.add(v);
    for (const std::string &a : s.lldp_mgmt4)
        d.ips.add(a);
    for (const std::string &n : s.cdp_id)
        d.names.add(n);
    for (const std::string &m : s.cdp_platform)
        d.models.add(m);
    for (const std::string &v : s.cdp_software)
        d.software.add(v);
    if (s.src & dv::kSpotUdp)
        d.services.add("spotify-lan-discovery");
}

void fill_row(stat_tap_table *t, guint row, const char *const vals[kCols - 2], guint first, guint count);

void show_device(stat_tap_table *t, size_t idx, const dv::Device &d)
{
    const dv::Guess g = dv::guess_type(d);
    std::string models = d.models.join();
    if (!d.software.v.empty())
        models += (models.empty() ? "" : "; ") + d.software.join("; ");
    const std::string ips = d.ips.join(), names = d.names.join(), svcs = d.services.join(),
                      upnp = d.upnp.join(" | "), srcs = dv::source_names(d.sources);
    const char *const vals[] = {d.key.c_str(), ips.c_str(), names.c_str(), dv::type_name(g.type),
        g.basis.c_str(), svcs.c_str(), models.c_str(), upnp.c_str(), srcs.c_str()};
    fill_row(t, static_cast<guint>(idx + 1), vals, d.first_frame, d.announcements);
}

void free_item(stat_tap_table *, guint, guint column, stat_tap_table_item_type *field)
{
    if (column < kCols && columns[column].type == TABLE_ITEM_STRING && field->value.string_value) {
        g_free(const_cast<char *>(field->value.string_value));
        field->value.string_value = NULL;
    }
}

void fill_row(stat_tap_table *t, guint row, const char *const vals[kCols - 2], guint first, guint count)
{
    if (row >= t->num_elements) {
        stat_tap_table_item_type items[kCols];
        memset(items, 0, sizeof items);
        for (guint i = 0; i < kCols; i++)
            items[i].type = columns[i].type;
        stat_tap_init_table_row(t, row, kCols, items);
    }
    for (guint c = 0; c < kCols - 2; c++) {
        stat_tap_table_item_type *it = stat_tap_get_field_data(t, row, c);
        free_item(t, row, c, it);
        it->value.string_value = g_strdup(vals[c]);
        stat_tap_set_field_data(t, row, c, it);
    }
    stat_tap_table_item_type *it = stat_tap_get_field_data(t, row, C_FIRST);
    it->value.uint_value = first;
    it = stat_tap_get_field_data(t, row, C_COUNT);
    it->value.uint_value = count;
}

// Masks in hp_frame_layers() of P_MDNS .. P_SPOTUDP (fields[0..7]), resolved on first use; 0 if
// this Wireshark lacks the protocol.
constexpr int kProtos = P_SPOTUDP + 1;
guint64 layer_masks[kProtos], any_layer;
bool layer_masks_ok;

// Which discovery protocols the frame carries, as dv source bits (1 << i for fields[i]), from
// pinfo->layers by protocol (hp_frame_layers: one walk of the frame's layers a frame;
// proto_is_frame_protocol compares names, 8 times slower).
uint16_t layer_sources(packet_info *pinfo)
{
    if (!layer_masks_ok) {
        for (int i = 0; i < kProtos; i++) {
            layer_masks[i] = HP_LAYER(hp_frame_layer_bit(proto_get_id_by_filter_name(fields[i].name)));
            any_layer |= layer_masks[i];
        }
        layer_masks_ok = true;
    }
    static_assert(kProtos <= 16, "source bits are 16 bits");
    const guint64 l = hp_frame_layers(pinfo);
    if (!(l & any_layer))
        return 0;
    uint16_t src = 0;
    for (int i = 0; i < kProtos; i++)
        if (l & layer_masks[i])
            src |= static_cast<uint16_t>(1u << i);
    return src;
}

// Row 0, the capture's multicast share. Its text changes with every frame (the denominator), so
// the row owns a fixed kSummaryCap buffer, reformatted in place without allocating.
constexpr guint kSummaryCol = C_NAMES;
void show_summary(stat_tap_table *t)
{
    const char *const vals[] = {kSummaryKey, "", "", "", "", "", "", "", ""};
    fill_row(t, 0, vals, 0, static_cast<guint>(model->noise.mcast_packets));
    stat_tap_table_item_type *it = stat_tap_get_field_data(t, 0, kSummaryCol);
    free_item(t, 0, kSummaryCol, it);
    char *buf = static_cast<char *>(g_malloc0(dv::NoiseCounter::kSummaryCap));
    model->noise.format_summary(buf, dv::NoiseCounter::kSummaryCap);
    it->value.string_value = buf;
    stat_tap_set_field_data(t, 0, kSummaryCol, it);
}

// The row's text and count, from the noise counter (on every frame in Wireshark's dialogs; in
// tshark once, at the draw: defer_summary below).
void refresh_summary(stat_tap_table *t)
{
    if (t->num_elements == 0) {
        show_summary(t);
        return;
    }
    stat_tap_table_item_type *it = stat_tap_get_field_data(t, 0, kSummaryCol);
    model->noise.format_summary(const_cast<char *>(it->value.string_value), dv::NoiseCounter::kSummaryCap);
    stat_tap_table_item_type *n = stat_tap_get_field_data(t, 0, C_COUNT);
    n->value.uint_value = static_cast<guint>(model->noise.mcast_packets);
}

// In tshark the table is printed once, at the end, so refreshing the summary row on every frame
// (its text, about 790 instructions, 1.2 % of an analysis of t50k; its count) is work nobody
// reads. huntpack's first tap listener (first_listener.h), which tshark draws before the table,
// refreshes it once instead. It must be ahead of the table's own listener: on each frame the
// table checks that the first listener got the frame before it (both are on the "frame" tap);
// if not, it refreshes directly, as it always does in Wireshark's dialogs, which draw whenever
// they like. Preference huntpack.batch_stats.
struct SummaryDeferral {
    bool tried = false;              // the first listener asked for (once per process)
    bool listening = false;          // it is registered, with the draw hook
    stat_tap_table *table = nullptr; // the table whose summary is stale, or null
    guint64 deferred = 0;            // frames whose refresh waited for the draw
};
SummaryDeferral deferral;

void deferral_draw()
{
    if (deferral.table && model)
        refresh_summary(deferral.table);
    if (deferral.deferred)
        ws_info("devices summary: formatted at the draw, not on %" PRIu64 " frames", deferral.deferred);
    deferral.table = nullptr;
    deferral.deferred = 0;
}

// May this frame leave the summary row stale until the draw?
bool defer_summary(packet_info *pinfo, stat_tap_table *t)
{
    if (!hp_is_tshark() || !hp_batch_stats())
        return false;
    if (!deferral.tried) {
        deferral.tried = true;
        deferral.listening = hp_first_listen(deferral_draw, nullptr);
        if (!deferral.listening)
            ws_warning("huntpack_devices: summary formatted on every frame");
        return false; // it may have been registered during this frame: it did not see it
    }
    if (!deferral.listening || !hp_first_saw(pinfo))
        return false;
    deferral.table = t;
    deferral.deferred++;
    return true;
}

void reset_table(stat_tap_table *t)
{
    for (guint r = 0; r < t->num_elements; r++) {
        for (guint c = 0; c < t->num_fields; c++)
            free_item(t, r, c, &t->elements[r][c]);
        g_free(t->elements[r]);
    }
    g_free(t->elements);
    t->elements = NULL;
    t->num_elements = 0;
    if (model) {
        model->inv.clear();
        model->noise = dv::NoiseCounter{};
        show_summary(t);
    }
}

void devices_init(stat_tap_table_ui *ui)
{
    try {
        if (!model)
            model = new Model;
        model->table = nullptr; // until this init has its table (an earlier one may be freed)
        if (fields[0].hf <= 0)
            for (Field &x : fields)
                x.hf = proto_registrar_get_id_byname(x.name);
        // The table reads the frames' bytes (hp_app.h); the fields only to check them.
        if (hp_verify_facts())
            hp_primer_start(&primer_anchor, hp_devices_wanted(), "huntpack_devices");
        stat_tap_table *t = stat_tap_find_table(ui, kTableName);
        if (!t) {
            t = stat_tap_init_table(kTableName, kCols, 0, NULL);
            stat_tap_add_table(ui, t);
        }
        model->table = t;
        reset_table(t);
    } catch (const std::exception &e) {
        ws_warning("huntpack_devices: init failed: %s", e.what());
    }
}

tap_packet_status devices_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt, const void *, tap_flags_t)
{
    if (!tapdata || !model || !model->table)
        return TAP_PACKET_DONT_REDRAW;
    try {
        stat_tap_table *t = model->table;
        model->noise.add(pinfo->fd->pkt_len, is_group(pinfo));
        if (!defer_summary(pinfo, t)) // else the whole row waits for the draw
            refresh_summary(t);
        if (!edt || !layer_sources(pinfo)) // most frames: no discovery protocol, no Said built
            return TAP_PACKET_REDRAW;
        Said said;
        if (!said_for_frame(edt->tvb, pinfo, edt->tree, said))
            return TAP_PACKET_REDRAW;
        dv::Device *d = lookup(model->inv, pinfo, said);
        if (!d)
            return TAP_PACKET_REDRAW;
        fold_frame(*d, pinfo, said);
        const size_t idx = static_cast<size_t>(d - model->inv.devices().data());
        show_device(t, idx, *d);
        return TAP_PACKET_REDRAW;
    } catch (const std::exception &ex) {
        ws_warning("huntpack_devices: frame %u: %s", pinfo->num, ex.what());
        return TAP_PACKET_DONT_REDRAW;
    }
}

tap_param params[] = {{PARAM_FILTER, "filter", "Filter", NULL, TRUE}};

stat_tap_table_ui devices_ui = {
    REGISTER_PACKET_STAT_GROUP_UNSORTED,
    "huntpack/Devices",
    "frame",
    "huntpack_devices,table",
    devices_init,
    devices_packet,
    reset_table,
    free_item,
    NULL,
    kCols,
    columns,
    sizeof params / sizeof params[0],
    params,
    NULL,
    0,
};

} // namespace

extern "C" void hp_devices_register(void)
{
    register_stat_tap_table_ui(&devices_ui);
}

// ---- the multicast-exposure trait (called by soctrait's postdissector, soctrait_api.h) -------
// soctrait calls hp_devices_frame for every frame it judges (with or without a tree; the fields of
// hp_devices_wanted() are primed only for huntpack.verify_facts). First pass (frames in order, not yet visited): announcements
// sent to a multicast or broadcast address are folded into an inventory of this hook's own (as
// in the table above), and a frame on which a device announces a name, service, model, software
// or UPnP type it had not announced before raises one multicast-exposure trait, host = the
// device's IP; soctrait caches it with the frame's other traits. State is per capture (hp_devices_frame_reset at soctrait's init and cleanup) and
// bounded (dv::kMaxDevices, kMaxPerSet, and the cap below).
namespace {

struct HookTrait {
    std::string summary, evidence, host;
};
struct HookState {
    dv::Inventory inv;
    guint32 last_frame = 0; // frames up to here were judged (each once, in order)
};
HookState *hook;
const char *hook_fields[F_COUNT + 1];                   // field names (not protocols), NULL-terminated

void hook_resolve()
{
    for (Field &x : fields)
        if (x.hf <= 0)
            x.hf = proto_registrar_get_id_byname(x.name);
}

// Items of s after its first `before` ones (StrSet keeps insertion order), comma-separated.
std::string added(const dv::StrSet &s, size_t before)
{
    std::string r;
    for (size_t i = before; i < s.v.size(); i++)
        r += (r.empty() ? "" : ", ") + s.v[i];
    return r;
}

bool hook_judge(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, HookTrait &out)
{
    if (!hook || !is_group(pinfo))
        return false;
    Said said;
    if (!said_for_frame(tvb, pinfo, tree, said))
        return false;
    dv::Device *d = lookup(hook->inv, pinfo, said);
    if (!d)
        return false;
    const size_t names = d->names.v.size(), services = d->services.v.size(), models = d->models.v.size(),
                 software = d->software.v.size(), upnp = d->upnp.v.size();
    fold_frame(*d, pinfo, said);
    std::string ev;
    auto part = [&](const char *what, const dv::StrSet &s, size_t before) {
        const std::string a = added(s, before);
        if (!a.empty())
            ev += (ev.empty() ? "" : "; ") + std::string(what) + ": " + a;
    };
    part("names", d->names, names);
    part("services", d->services, services);
    part("models", d->models, models);
    part("software", d->software, software);
    part("UPnP", d->upnp, upnp);
    if (ev.empty())
        return false;
    const std::string over = dv::source_names(said.src);
    std::string host = addr_str(pinfo->net_src);
    if (!usable_ip(host))
        host = d->ips.v.empty() ? d->key : d->ips.v[0];
    const dv::Guess g = dv::guess_type(*d);
    out.summary = "Device announces itself to the local network over " + over;
    out.evidence = over + " from " + host + (d->mac.empty() ? std::string() : " (" + d->mac + ")") + " announces " + ev +
        "; guessed type " + dv::type_name(g.type) + (g.basis.empty() ? std::string() : " (" + g.basis + ")");
    out.host = host;
    return true;
}

} // namespace

extern "C" const char *const *hp_devices_wanted(void)
{
    if (!hook_fields[0]) {
        size_t k = 0;
        for (size_t i = DNS_RESPONSE; i < F_COUNT; i++) // protocols are found in pinfo->layers
            hook_fields[k++] = fields[i].name;
        hook_fields[k] = NULL;
    }
    return hook_fields;
}

extern "C" void hp_devices_frame_reset(void)
{
    delete hook;
    hook = NULL;
}

extern "C" void hp_devices_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, hp_trait_emit_fn emit, void *ctx)
{
    if (!tvb || !pinfo || !emit)
        return;
    try {
        if (!hook) {
            hook = new HookState;
            hook_resolve();
        }
        if (pinfo->num <= hook->last_frame) // the inventory is fed in frame order only
            return;
        hook->last_frame = pinfo->num;
        HookTrait t;
        if (!hook_judge(tvb, pinfo, tree, t))
            return;
        const hp_trait h = {"multicast-exposure", HP_SEV_NOTE, t.summary.c_str(), t.evidence.c_str(), t.host.c_str()};
        emit(ctx, &h);
    } catch (const std::exception &ex) {
        ws_warning("huntpack_devices: trait judge, frame %u: %s", pinfo->num, ex.what());
    }
}
