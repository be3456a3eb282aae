// SPDX-License-Identifier: GPL-2.0-or-later
// devices: the announcement string helpers (service_type, service_instance, txt_model,
// split_header, netbios_base) on attacker-controlled names, and an Inventory fed fuzzed
// announcements (bounded sets, bounded device count, guess_type on every device).
// input: a sequence of [u8 op][u8 len][len bytes] records.
#include "devices.h"
#include "fuzz_common.h"
using namespace huntpack;
namespace dv = huntpack::devices;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzedDataProvider fdp(data, size);
    // The cap logic is the same for any cap; kMaxDevices (4,096) itself is pinned by
    // test_devices. Filling 4,096 devices on every input that asks for many (and judging each at
    // the end) kept the fuzzer at 100-300 exec/s.
    dv::Inventory inv(64);
    dv::NoiseCounter noise;
    dv::Device *cur = nullptr;
    uint32_t frame = 0;
    while (fdp.remaining_bytes() > 0) {
        const uint8_t op = fdp.ConsumeIntegral<uint8_t>();
        const std::string s = fdp.ConsumeRandomLengthString(512);
        frame++;
        switch (op % 12) {
        case 0: { // a new announcer: MAC or IP key
            const bool mac = op & 0x80;
            cur = inv.get(mac ? s : std::string(), mac ? std::string() : s, frame);
            if (cur)
                HP_CHECK(!cur->key.empty());
            break;
        }
        case 1: {
            const std::string t = dv::service_type(s);
            HP_CHECK(t.size() <= s.size());
            const std::string i = dv::service_instance(s);
            HP_CHECK(i.size() <= s.size());
            if (cur) {
                cur->services.add(t);
                cur->names.add(i);
                cur->sources |= dv::kMdns;
            }
            break;
        }
        case 2: {
            const std::string m = dv::txt_model(s);
            HP_CHECK(m.size() <= s.size());
            if (cur)
                cur->models.add(m);
            break;
        }
        case 3: {
            std::string n, v;
            if (dv::split_header(s, n, v)) {
                HP_CHECK(n.size() + v.size() <= s.size());
                if (cur) {
                    (n == "server" || n == "user-agent" ? cur->software : cur->upnp).add(v);
                    cur->sources |= dv::kSsdp;
                }
            }
            break;
        }
        case 4: {
            const std::string b = dv::netbios_base(s);
            HP_CHECK(b.size() <= s.size());
            if (cur) {
                cur->names.add(b);
                cur->sources |= dv::kNbns;
            }
            break;
        }
        case 5:
            if (cur)
                cur->ips.add(s);
            break;
        case 6:
            if (cur)
                cur->software.add(s), cur->sources |= dv::kDhcp;
            break;
        case 7:
            if (cur)
                cur->upnp.add(s);
            break;
        case 8:
            if (cur) {
                cur->sources |= uint16_t(s.empty() ? 0 : uint8_t(s[0]));
                cur->announcements++;
            }
            break;
        case 9:
            noise.add(uint32_t(s.size()), op & 0x80);
            break;
        case 10: // many devices at once: 16*(op>>4), up to 240 per record; once some look-ups
                 // past the cap were dropped, more would only cost time.
            for (unsigned k = 0, n = inv.dropped() > 64 ? 0 : 16u * (op >> 4); k < n; k++)
                inv.get(std::string(), s + std::to_string(k) + "/" + std::to_string(frame), frame);
            cur = nullptr; // the vector may have moved
            break;
        default:
            if (cur)
                cur->names.add(s);
            break;
        }
    }
    HP_CHECK(inv.devices().size() <= inv.max_devices());
    for (const dv::Device &d : inv.devices()) {
        for (const dv::StrSet *set : {&d.ips, &d.names, &d.services, &d.models, &d.software, &d.upnp}) {
            HP_CHECK(set->v.size() <= dv::kMaxPerSet);
            for (const std::string &x : set->v)
                HP_CHECK(x.size() <= dv::kMaxValueLen);
            hp_use(set->join());
        }
        const dv::Guess g = dv::guess_type(d);
        HP_CHECK(dv::type_name(g.type) != nullptr);
        hp_use(dv::source_names(d.sources));
    }
    hp_use(noise.summary());
    return 0;
}
