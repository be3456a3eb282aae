// SPDX-License-Identifier: GPL-2.0-or-later
// Google QUIC (Q0xx) header and CHLO parsing. See gquic.h for specs and limitations.
#include "gquic.h"

#include <algorithm>
#include <cstring>

namespace huntpack::gquic {
namespace {

// gQUIC crypto messages are little-endian (crypto_framer.cc).
uint32_t read_le(ByteView &r, size_t n) {
    uint32_t v = 0;
    for (size_t i = 0; i < n; ++i)
        v |= uint32_t{r.read_u8()} << (8 * i);
    return v;
}

std::vector<uint32_t> tag_list(ByteView v) {
    std::vector<uint32_t> out;
    while (v.remaining() >= kTagLen)
        out.push_back(v.read_u32());
    return out;
}

void decode_known(const ChloTag &t, ByteView value, Chlo &c) {
    const char *p = reinterpret_cast<const char *>(value.data());
    if (t.tag == kTagSni && c.sni.empty())
        c.sni.assign(p, value.remaining());
    else if (t.tag == kTagUaid && c.uaid.empty())
        c.uaid.assign(p, value.remaining());
    else if (t.tag == kTagVer && value.remaining() == kTagLen)
        c.version = value.read_u32();
    else if (t.tag == kTagAead)
        c.aead = tag_list(value);
    else if (t.tag == kTagKexs)
        c.kexs = tag_list(value);
    else if (t.tag == kTagPdmd)
        c.pdmd = tag_list(value);
}

// "Q046" -> 46; -1 for anything else (T051, IETF versions).
int q_version_number(uint32_t v) {
    const uint8_t b[4] = {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
    if (b[0] != 'Q')
        return -1;
    int n = 0;
    for (int i = 1; i < 4; ++i) {
        if (b[i] < '0' || b[i] > '9')
            return -1;
        n = n * 10 + (b[i] - '0');
    }
    return n;
}

size_t packet_number_length(uint8_t flags) {
    static constexpr size_t kLen[4] = {1, 2, 4, 6}; // 0x00, 0x10, 0x20, 0x30
    return kLen[(flags & kPublicFlagPacketNumberLen) >> 4];
}

void parse_public(ByteView &r, uint8_t flags, PacketHeader &h) {
    h.form = HeaderForm::Public;
    if (!(flags & kPublicFlagVersion)) {
        h.status = ParseStatus::Unsupported; // no version: not a client's first packet
        return;
    }
    if (flags & kPublicFlagConnectionId)
        r.advance(kConnectionIdLen);
    h.version = r.read_u32();
    r.advance(packet_number_length(flags));
}

// Q046 long header: flags, version, DCIL/SCIL nibbles (length - 3, 0 = absent), CIDs, PN.
void parse_long(ByteView &r, uint8_t flags, PacketHeader &h) {
    h.form = HeaderForm::Long;
    h.version = r.read_u32();
    int n = q_version_number(h.version);
    if (n < 0 || n >= kFirstEncryptedVersion)
        return; // the rest of the header is version specific; the caller stops here
    uint8_t cil = r.read_u8();
    size_t dcil = (cil >> 4) ? (cil >> 4) + 3 : 0;
    size_t scil = (cil & 0x0f) ? (cil & 0x0f) + 3 : 0;
    r.advance(dcil);
    r.advance(scil);
    r.advance(static_cast<size_t>(flags & 0x03) + 1);
}

} // namespace

std::string tag_name(uint32_t tag) {
    std::string s;
    for (int shift = 24; shift >= 0; shift -= 8) {
        char c = static_cast<char>((tag >> shift) & 0xff);
        if (c == 0)
            break;
        s += (c >= 0x20 && c < 0x7f) ? c : '.';
    }
    return s;
}

const ChloTag *Chlo::find(uint32_t tag) const {
    for (const ChloTag &t : tags)
        if (t.tag == tag)
            return &t;
    return nullptr;
}

Chlo parse_chlo(ByteView m, uint32_t base) {
    Chlo c;
    c.offset = base;
    const uint8_t *start = m.data();
    if (m.read_u32() != kTagChlo) {
        c.status = m.failed() ? ParseStatus::Truncated : ParseStatus::Malformed;
        return c;
    }
    size_t count = read_le(m, 2);
    m.advance(2); // padding
    if (m.failed())
        return c;
    if (count == 0 || count > kMaxChloTags) {
        c.status = ParseStatus::Malformed;
        return c;
    }
    if (m.remaining() / kChloEntryLen < count)
        return c; // table cut off: Truncated
    ByteView table = m.sub(count * kChloEntryLen);
    ByteView values = m.rest();
    const size_t values_at = kChloHeaderLen + count * kChloEntryLen;
    uint32_t prev_end = 0;
    c.status = ParseStatus::Ok;
    for (size_t i = 0; i < count; ++i) {
        ChloTag t;
        t.tag = table.read_u32();
        uint32_t end = read_le(table, 4);
        if (end < prev_end) {
            c.status = ParseStatus::Malformed;
            break;
        }
        if (end > values.size()) {
            c.status = ParseStatus::Truncated; // value lies past the input
            break;
        }
        t.offset = static_cast<uint32_t>(base + values_at + prev_end);
        t.length = end - prev_end;
        ByteView value(start + values_at + prev_end, t.length);
        decode_known(t, value, c);
        c.tags.push_back(t);
        prev_end = end;
    }
    c.length = static_cast<uint32_t>(values_at + prev_end);
    return c;
}

Chlo find_chlo(ByteView bytes) {
    static constexpr uint8_t kChlo[kTagLen] = {'C', 'H', 'L', 'O'};
    const uint8_t *begin = bytes.data();
    const uint8_t *end = begin + bytes.remaining();
    Chlo best;
    best.status = ParseStatus::Unsupported;
    for (const uint8_t *p = begin; p && end - p >= static_cast<ptrdiff_t>(kTagLen); ++p) {
        p = std::search(p, end, kChlo, kChlo + kTagLen);
        if (p == end)
            break;
        const auto at = static_cast<size_t>(p - begin);
        Chlo c = parse_chlo(ByteView(p, static_cast<size_t>(end - p)), static_cast<uint32_t>(at));
        if (c.status == ParseStatus::Ok)
            return c;
        if (best.status == ParseStatus::Unsupported || c.status == ParseStatus::Truncated)
            best = std::move(c); // keep the most useful failure
    }
    return best;
}

size_t chlo_declared_length(ByteView m) {
    if (m.read_u32() != kTagChlo)
        return 0;
    const size_t count = read_le(m, 2);
    m.advance(2); // padding
    if (m.failed() || count == 0 || count > kMaxChloTags || m.remaining() / kChloEntryLen < count)
        return 0;
    // End offsets never decrease (parse_chlo rejects a table where they do): the last is the
    // length of the value area.
    m.advance((count - 1) * kChloEntryLen + kTagLen);
    const uint32_t last_end = read_le(m, 4);
    if (m.failed())
        return 0;
    return kChloHeaderLen + count * kChloEntryLen + last_end;
}

PacketHeader parse_packet_header(ByteView r) {
    PacketHeader h;
    uint8_t flags = r.read_u8();
    if (r.failed())
        return h;
    if (flags & kLongHeaderBit)
        parse_long(r, flags, h);
    else
        parse_public(r, flags, h);
    if (h.status == ParseStatus::Unsupported)
        return h;
    h.version_number = q_version_number(h.version);
    if (r.failed()) {
        h.status = ParseStatus::Truncated;
        return h;
    }
    h.header_length = r.offset();
    const bool public_ok = h.form == HeaderForm::Public && h.version_number >= 0 &&
                           h.version_number <= kLastPublicHeaderVersion;
    const bool long_ok = h.form == HeaderForm::Long && h.version_number > kLastPublicHeaderVersion &&
                         h.version_number < kFirstEncryptedVersion;
    h.status = (public_ok || long_ok) ? ParseStatus::Ok : ParseStatus::Unsupported;
    return h;
}

ParseStatus Datagram::status() const {
    return header.status != ParseStatus::Ok ? header.status : chlo.status;
}

Datagram inspect_gquic_datagram(ByteView datagram) {
    Datagram d;
    d.header = parse_packet_header(datagram);
    if (d.header.status != ParseStatus::Ok) {
        if (d.header.status == ParseStatus::Truncated)
            d.reason = "packet header truncated";
        else if (d.header.version_number >= kFirstEncryptedVersion)
            d.reason = "payload encrypted with Initial keys (Q050+): decrypt first";
        else
            d.reason = "not a gQUIC client packet with a Q0xx version";
        return d;
    }
    ByteView payload = datagram;
    payload.advance(d.header.header_length);
    Chlo c = find_chlo(payload);
    for (ChloTag &t : c.tags)
        t.offset += static_cast<uint32_t>(d.header.header_length);
    c.offset += static_cast<uint32_t>(d.header.header_length);
    d.chlo = std::move(c);
    if (d.chlo.status == ParseStatus::Unsupported)
        d.reason = "no CHLO in the packet";
    else if (d.chlo.status == ParseStatus::Truncated)
        d.reason = "CHLO continues past the packet";
    else if (d.chlo.status == ParseStatus::Malformed)
        d.reason = "CHLO tag table is invalid";
    return d;
}

} // namespace huntpack::gquic
