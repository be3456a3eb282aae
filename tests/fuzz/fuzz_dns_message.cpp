// SPDX-License-Identifier: GPL-2.0-or-later
// dns::parse_message on an arbitrary message, nbns_name / format_text / format_address on what
// it returns. Input: one selector byte, then the message. Selector bits 0-1: dialect (DNS, mDNS,
// LLMNR, NBNS); bit 2: NBNS without the Info column; bits 3-7: 0 = the default record cap,
// otherwise that many records at most.
#include "dns_message.h"
#include "fuzz_common.h"
using namespace huntpack;

static void check_record(const dns::Record &r, const dns::Message &m, size_t size) {
    const bool nbns = m.dialect == dns::Dialect::Nbns;
    HP_CHECK(r.name.size() <= (nbns ? dns::kMaxNbnsName : dns::kMaxNameDisplay));
    HP_CHECK(r.target.size() <= dns::kMaxNameDisplay);
    HP_CHECK(r.has_target || r.target.empty());
    HP_CHECK(r.addr_len == 0 || r.addr_len == 4 || r.addr_len == 16);
    HP_CHECK(r.addr_len != 4 || r.type == dns::kTypeA);
    HP_CHECK(r.addr_len != 16 || r.type == dns::kTypeAaaa);
    HP_CHECK(!nbns || (r.addr_len == 0 && !r.has_target && r.txt.empty()));
    HP_CHECK((r.addr_len != 0) == !dns::format_address(r).empty());
    HP_CHECK(r.txt.size() <= dns::kMaxTxtStrings);
    for (const auto &t : r.txt)
        HP_CHECK(t.size() <= dns::kMaxTxtDisplay && t.find('\0') == std::string::npos);
    HP_CHECK(r.bitmap_types.size() <= dns::kMaxBitmapTypes);
    HP_CHECK(r.wack_flags.empty() || nbns);
    // Offsets point into the message; a resource record's declared extent was all there.
    HP_CHECK(r.offset < size && r.name_wire_len >= 1);
    HP_CHECK(size_t{r.offset} + r.name_wire_len <= size);
    if (r.section != dns::Section::Question)
        HP_CHECK(size_t{r.rdata_offset} + r.rdata_len <= size);
    else
        HP_CHECK(r.rdata_len == 0 && r.complete);
    // nbns_name accepts any expanded name; its result stays within Wireshark's buffer.
    const std::string nb = dns::nbns_name(r.name);
    HP_CHECK(nb.size() <= dns::kMaxNbnsName);
    hp_use(dns::format_text(r.name));
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1)
        return 0;
    dns::Options opt;
    opt.dialect = static_cast<dns::Dialect>(data[0] & 3);
    opt.nbns_info_column = (data[0] & 4) == 0;
    if (data[0] >> 3)
        opt.max_records = data[0] >> 3;
    const uint8_t *msg = data + 1;
    const size_t len = size - 1;
    dns::Message m;
    const ParseStatus s = dns::parse_message(ByteView(msg, len), m, opt);
    HP_CHECK(s == m.status && m.dialect == opt.dialect);
    HP_CHECK(m.records.size() <= opt.max_records);
    if (len > dns::kMaxMessageLen) {
        HP_CHECK(s == ParseStatus::Unsupported && m.records.empty());
        return 0;
    }
    HP_CHECK(m.has_flags == (len >= 4));
    HP_CHECK(m.has_counts == (len >= dns::kHeaderLen));
    const size_t counted = size_t{m.qdcount} + m.ancount + m.nscount + m.arcount;
    HP_CHECK(m.records.size() <= counted);
    if (s == ParseStatus::Ok && !m.capped)
        HP_CHECK(m.records.size() == counted);
    int prev_section = 0;
    for (size_t i = 0; i < m.records.size(); ++i) {
        const dns::Record &r = m.records[i];
        check_record(r, m, len);
        HP_CHECK(static_cast<int>(r.section) >= prev_section); // wire order
        prev_section = static_cast<int>(r.section);
        HP_CHECK(r.complete || (i + 1 == m.records.size() && s != ParseStatus::Ok));
    }
    // The same bytes give the same answer (no hidden state between calls).
    dns::Message again;
    dns::parse_message(ByteView(msg, len), again, opt);
    HP_CHECK(again.records.size() == m.records.size() && again.status == m.status);
    return 0;
}
