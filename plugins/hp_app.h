/* SPDX-License-Identifier: GPL-2.0-or-later
 * hp_app.h: the application messages of a frame (DNS family, HTTP and SSDP, DHCP, LLDP, CDP),
 * read from the bytes Wireshark's dissector was given instead of its fields, once per frame,
 * shared by soctrait and the devices table (plugins/hp_app.cpp; parsers in heuristics/
 * dns_message, http_message, discovery).
 * Why: a wanted field of another dissector makes Wireshark build a protocol tree for every frame
 * (about 8,800 instructions a frame, bench/RESULTS.md), even where the field is never present.
 * Which frames: the ones whose pinfo->layers name the protocol (Wireshark's own choice of
 * dissector, heuristics included); the bytes: the UDP payload (of the datagram Wireshark
 * reassembled from IP fragments in this frame, if any), or for TCP the PDU Wireshark reassembled
 * in this frame ("Reassembled TCP") or else the frame's own payload. Not read: messages quoted in
 * ICMP errors (Wireshark dissects them; huntpack judges what was sent, not what bounced).
 * Every value mirrors one Wireshark field (named in the comments) so that huntpack.verify_facts
 * can compare them; strings live in pinfo->pool, valid for this frame's dissection. */
#pragma once

#include "ws_compat.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One resource record or question (dns.qry.name / dns.resp.name and the rdata fields). */
typedef struct hp_dns_rr {
    const char *name;          /* NBNS: as nbns.name shows it ("NAME<20>") */
    const char *target;        /* dns.cname, dns.ptr.domain_name, dns.ns, dns.srv.target; NULL otherwise */
    const char *addr;          /* dns.a / dns.aaaa as displayed; NULL otherwise */
    const char *const *txt;    /* dns.txt, one per character-string */
    guint n_txt;
    guint16 type;              /* dns.qry.type / dns.resp.type */
    guint8 section;            /* 0 question, 1 answer, 2 authority, 3 additional */
    gboolean resp_name;        /* name shown as dns.resp.name (every record but an SRV with a name) */
} hp_dns_rr;

typedef struct hp_dns_msg {
    guint16 flags;             /* dns.flags: bit 15 response, bits 11-14 opcode */
    guint n_rr;
    const hp_dns_rr *rr;       /* questions first, then the records, in wire order */
} hp_dns_msg;

typedef struct hp_dns_frame {
    gboolean nbns;             /* NBNS (names decoded as nbns.name) rather than DNS/mDNS/LLMNR */
    guint n_msg;
    const hp_dns_msg *msg;
} hp_dns_frame;

/* The DNS, mDNS or LLMNR messages (nbns FALSE), or NBNS messages (nbns TRUE), of the frame; NULL
 * when Wireshark dissected none of these protocols in it. */
const hp_dns_frame *hp_app_dns(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

/* One HTTP message head (and body start) Wireshark dissected in the frame. */
typedef struct hp_http_msg {
    gboolean request;          /* http.request (a request that is not a notification) */
    gboolean response;         /* http.response */
    gboolean notification;     /* http.notification (SSDP NOTIFY, SUBSCRIBE, UNSUBSCRIBE) */
    const char *method, *uri;  /* http.request.method, http.request.uri */
    const char *host, *user_agent, *ctype, *server, *via, *location; /* header fields, NULL if absent */
    const char *const *unknown; /* http.unknown_header: whole lines */
    guint n_unknown;
    const char *resp_uri;      /* http.response_for.uri (responses) */
    const guint8 *body;        /* http.file_data: the decoded body's first bytes */
    guint body_len;
} hp_http_msg;

typedef struct hp_http_frame {
    guint n_msg;
    const hp_http_msg *msg;
} hp_http_frame;

/* The HTTP (TCP) or SSDP (UDP) messages of the frame; NULL when Wireshark dissected neither. */
const hp_http_frame *hp_app_http(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

/* DHCP, LLDP and CDP announcements (each list as the field's values, in order). */
typedef struct hp_strs {
    guint n;
    const char *const *v;
} hp_strs;

typedef struct hp_disc_frame {
    gboolean dhcp;
    guint8 dhcp_op;            /* dhcp.type: 1 BOOTREQUEST */
    const char *dhcp_chaddr;   /* dhcp.hw.mac_addr, or NULL */
    hp_strs dhcp_hostname, dhcp_vendor, dhcp_req_ip, dhcp_ciaddr; /* option 12, 60, 50, dhcp.ip.client */
    gboolean lldp;
    hp_strs lldp_name, lldp_desc, lldp_mgmt4; /* lldp.tlv.system.name, .system.desc, lldp.mgn.addr.ip4 */
    gboolean cdp;
    hp_strs cdp_id, cdp_platform, cdp_software; /* cdp.deviceid, cdp.platform, cdp.software_version */
} hp_disc_frame;

/* The frame's DHCP/LLDP/CDP facts; NULL when Wireshark dissected none of them. */
const hp_disc_frame *hp_app_discovery(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

#ifdef __cplusplus
}
#endif
