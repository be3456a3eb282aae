// SPDX-License-Identifier: GPL-2.0-or-later
// spotudp: Spotify LAN discovery datagrams (UDP 57621, "SpotUdp0"). Glue only: the bytes are
// parsed by heuristics/spotudp; this file registers the protocol, the heuristic on udp and the
// port, and turns the parse result into tree items and expert info.
#include "ws_compat.h"
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <wsutil/to_str.h>

#include "glue.h"
#include "spotudp.h"
#include "hp_frame.h"
#include "hp_peer.h"

namespace sp = huntpack::spotudp;

static int proto_spotudp = -1;
static int hf_spotudp_magic = -1;
static int hf_spotudp_instance_id = -1;
static int hf_spotudp_version = -1;
static int hf_spotudp_ext_len = -1;
static int hf_spotudp_ext = -1;
static int hf_spotudp_digest = -1;
static int hf_spotudp_trailing = -1;
static int hf_spotudp_length = -1;
static gint ett_spotudp = -1;
static expert_field ei_spotudp_discovery = EI_INIT;
static expert_field ei_spotudp_truncated = EI_INIT;
static expert_field ei_spotudp_malformed = EI_INIT;
static dissector_handle_t spotudp_handle;

// Did this dissector take the frame? For soctrait (hp_peer.h): Wireshark removes a dissector's
// protocol from the frame's layers again when it returns 0 (call_dissector_work, and the same for
// a heuristic dissector), so the layer stays exactly when it took the datagram. With a tree,
// call_dissector_work also removes it when the dissector added no item: dissect_spotudp must
// always add its protocol item (it does, below), visible tree or not.
extern "C" gboolean hp_spotudp_seen(const packet_info *pinfo)
{
    // The UDP dissector (SpotUdp's only carrier) leaves the frame PT_UDP: other frames need no
    // look at the layers (soctrait asks of every frame).
    if (pinfo->ptype != PT_UDP)
        return FALSE;
    static const int bit = hp_frame_layer_bit(proto_spotudp);
    return (hp_frame_layers(pinfo) & HP_LAYER(bit)) != 0;
}

static int dissect_spotudp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *)
{
    const guint len = tvb_captured_length(tvb);
    if (len < sp::kMagicLen || tvb_memeql(tvb, 0, sp::kMagic, sp::kMagicLen) != 0)
        return 0; // not ours: let Wireshark try others (the port alone never decides)

    // Copy once, parse in the core, then add items at offsets the core validated.
    const auto *bytes = static_cast<const uint8_t *>(tvb_memdup(pinfo->pool, tvb, 0, len));
    const sp::Message m = sp::parse(bytes, len);

    col_set_str(pinfo->cinfo, COL_PROTOCOL, "SpotUdp");
    col_set_str(pinfo->cinfo, COL_INFO, "Spotify LAN discovery");

    // Always, visible tree or not: it keeps this protocol in the layers (hp_spotudp_seen).
    proto_item *ti = proto_tree_add_item(tree, proto_spotudp, tvb, 0, -1, ENC_NA);
    proto_tree *st = proto_item_add_subtree(ti, ett_spotudp);
    proto_item *len_item = proto_tree_add_uint(st, hf_spotudp_length, tvb, 0, 0, len);
    proto_item_set_generated(len_item);
    proto_tree_add_item(st, hf_spotudp_magic, tvb, m.magic.offset, m.magic.length, ENC_ASCII);
    if (m.instance_id.length)
        proto_tree_add_item(st, hf_spotudp_instance_id, tvb, m.instance_id.offset, m.instance_id.length, ENC_NA);
    if (m.version.length)
        proto_tree_add_item(st, hf_spotudp_version, tvb, m.version.offset, 2, ENC_BIG_ENDIAN);
    if (m.ext_len.length)
        proto_tree_add_item(st, hf_spotudp_ext_len, tvb, m.ext_len.offset, 2, ENC_BIG_ENDIAN);
    if (m.ext.length)
        proto_tree_add_item(st, hf_spotudp_ext, tvb, m.ext.offset, m.ext.length, ENC_NA);
    if (m.digest.length)
        proto_tree_add_item(st, hf_spotudp_digest, tvb, m.digest.offset, m.digest.length, ENC_NA);
    if (m.trailing.length)
        proto_tree_add_item(st, hf_spotudp_trailing, tvb, m.trailing.offset, m.trailing.length, ENC_NA);

    switch (m.status) {
    case huntpack::ParseStatus::Ok:
        expert_add_info(pinfo, ti, &ei_spotudp_discovery);
        if (m.instance_id.length)
            col_append_fstr(pinfo->cinfo, COL_INFO, ", instance %s",
                bytes_to_str(pinfo->pool, bytes + m.instance_id.offset, m.instance_id.length));
        break;
    case huntpack::ParseStatus::Truncated:
        expert_add_info(pinfo, ti, &ei_spotudp_truncated);
        col_append_str(pinfo->cinfo, COL_INFO, " [truncated]");
        break;
    default:
        expert_add_info_format(pinfo, ti, &ei_spotudp_malformed,
            "Malformed SpotUdp datagram: extension length %u exceeds the %u-byte limit",
            m.ext_len_value, unsigned{sp::kMaxExtLen});
        col_append_str(pinfo->cinfo, COL_INFO, " [malformed]");
        break;
    }
    return static_cast<int>(len);
}

static gboolean dissect_spotudp_heur(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    return dissect_spotudp(tvb, pinfo, tree, data) > 0;
}

extern "C" void hp_spotudp_register(void)
{
    static hf_register_info hf[] = {
        {&hf_spotudp_magic, {"Magic", "spotudp.magic", FT_STRING, BASE_NONE, NULL, 0x0,
            "The 8-byte magic \"SpotUdp0\" that starts every datagram", HFILL}},
        {&hf_spotudp_instance_id, {"Instance ID", "spotudp.instance_id", FT_BYTES, BASE_NONE, NULL, 0x0,
            "8 random bytes, constant per sending client for a while", HFILL}},
        {&hf_spotudp_version, {"Version", "spotudp.version", FT_UINT16, BASE_DEC, NULL, 0x0,
            "Message version (1 in every capture seen)", HFILL}},
        {&hf_spotudp_ext_len, {"Extension length", "spotudp.ext_len", FT_UINT16, BASE_DEC, NULL, 0x0,
            "Length of the extension bytes that follow", HFILL}},
        {&hf_spotudp_ext, {"Extension", "spotudp.ext", FT_BYTES, BASE_NONE, NULL, 0x0,
            "Extension bytes (meaning unknown)", HFILL}},
        {&hf_spotudp_digest, {"Digest", "spotudp.digest", FT_BYTES, BASE_NONE, NULL, 0x0,
            "20-byte trailer, probably a SHA-1 digest", HFILL}},
        {&hf_spotudp_trailing, {"Trailing bytes", "spotudp.trailing", FT_BYTES, BASE_NONE, NULL, 0x0,
            "Bytes after the digest (none in captures seen)", HFILL}},
        {&hf_spotudp_length, {"Payload length", "spotudp.length", FT_UINT16, BASE_DEC, NULL, 0x0,
            "Length of the SpotUdp payload", HFILL}},
    };
    static gint *ett[] = {&ett_spotudp};
    static ei_register_info ei[] = {
        {&ei_spotudp_discovery, {"spotudp.p2p_discovery", PI_SECURITY, PI_NOTE,
            "Spotify LAN discovery: legacy peer-to-peer discovery announces this client to the LAN",
            EXPFILL}},
        {&ei_spotudp_truncated, {"spotudp.truncated", PI_MALFORMED, PI_WARN,
            "SpotUdp datagram shorter than its layout (truncated)", EXPFILL}},
        {&ei_spotudp_malformed, {"spotudp.malformed", PI_MALFORMED, PI_ERROR,
            "Malformed SpotUdp datagram", EXPFILL}},
    };
    proto_spotudp = proto_register_protocol("Spotify LAN Discovery", "SpotUdp", "spotudp");
    proto_register_field_array(proto_spotudp, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t *em = expert_register_protocol(proto_spotudp);
    expert_register_field_array(em, ei, array_length(ei));
    spotudp_handle = register_dissector("spotudp", dissect_spotudp, proto_spotudp);
}

extern "C" void hp_spotudp_handoff(void)
{
    heur_dissector_add("udp", dissect_spotudp_heur, "Spotify LAN discovery over UDP", "spotudp_udp",
        proto_spotudp, HEURISTIC_ENABLE);
    dissector_add_uint_with_preference("udp.port", sp::kPort, spotudp_handle);
}
