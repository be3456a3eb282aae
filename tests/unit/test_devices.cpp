// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for the device inventory: DNS-SD name parsing, TXT model keys, SSDP header lines,
// NetBIOS names, bounded sets, inventory keys and bounds, the type guess and its evidence.
#include "cmocka_cxx.h"
#include "devices.h"

using namespace huntpack::devices;

namespace {

void test_service_type_forms(void **)
{
    assert_string_equal(service_type("Office Printer._ipp._tcp.local").c_str(), "_ipp._tcp");
    assert_string_equal(service_type("_googlecast._tcp.local").c_str(), "_googlecast._tcp");
    assert_string_equal(service_type("_services._dns-sd._udp.local").c_str(), "_dns-sd._udp");
    assert_string_equal(service_type("Living-Room.local").c_str(), "");
    assert_string_equal(service_type("x._tcpfoo.local").c_str(), "");
    assert_string_equal(service_type("._tcp").c_str(), "");
    assert_string_equal(service_type("").c_str(), "");
}

void test_service_instance_forms(void **)
{
    assert_string_equal(service_instance("Office Printer._ipp._tcp.local").c_str(), "Office Printer");
    assert_string_equal(service_instance("_googlecast._tcp.local").c_str(), "");
    assert_string_equal(service_instance("host.local").c_str(), "");
}

void test_txt_model_keys(void **)
{
    assert_string_equal(txt_model("md=Chromecast").c_str(), "Chromecast");
    assert_string_equal(txt_model("ty=HP LaserJet 400").c_str(), "HP LaserJet 400");
    assert_string_equal(txt_model("model=iMac11,3").c_str(), "iMac11,3");
    assert_string_equal(txt_model("MD=Upper").c_str(), "Upper");
    assert_string_equal(txt_model("fn=Kitchen").c_str(), "");
    assert_string_equal(txt_model("md=").c_str(), "");
    assert_string_equal(txt_model("md").c_str(), "");
}

void test_split_header_forms(void **)
{
    std::string n, v;
    assert_true(split_header("NT: urn:schemas-upnp-org:device:MediaRenderer:1\r\n", n, v));
    assert_string_equal(n.c_str(), "nt");
    assert_string_equal(v.c_str(), "urn:schemas-upnp-org:device:MediaRenderer:1");
    // Wireshark's http.unknown_header value: the line with its end escaped as the text "\r\n".
    assert_true(split_header("NT: urn:schemas-upnp-org:device:MediaRenderer:1\\r\\n", n, v));
    assert_string_equal(v.c_str(), "urn:schemas-upnp-org:device:MediaRenderer:1");
    assert_true(split_header("USN :uuid:1", n, v));
    assert_string_equal(n.c_str(), "usn");
    assert_string_equal(v.c_str(), "uuid:1");
    assert_false(split_header("no colon", n, v));
    assert_false(split_header(":x", n, v));
}

void test_netbios_base_forms(void **)
{
    assert_string_equal(netbios_base("GUNNAR<20>").c_str(), "GUNNAR");
    assert_string_equal(netbios_base("WORKGROUP      <1d>").c_str(), "WORKGROUP");
    assert_string_equal(netbios_base("PLAIN").c_str(), "PLAIN");
}

void test_strset_bounds_and_dups(void **)
{
    StrSet s;
    assert_true(s.add("Host.local"));
    assert_false(s.add("host.LOCAL"));
    assert_false(s.add(""));
    for (size_t i = 0; s.v.size() < kMaxPerSet; i++)
        s.add("n" + std::to_string(i));
    assert_false(s.add("one-more"));
    assert_int_equal(s.v.size(), kMaxPerSet);
    StrSet l;
    l.add(std::string(kMaxValueLen + 50, 'x'));
    assert_int_equal(l.v[0].size(), kMaxValueLen);
}

void test_inventory_keys_and_bound(void **)
{
    Inventory inv;
    Device *a = inv.get("aa:bb:cc:dd:ee:ff", "10.0.0.1", 3);
    assert_non_null(a);
    assert_ptr_equal(inv.get("aa:bb:cc:dd:ee:ff", "10.0.0.2", 9), a);
    assert_int_equal(a->first_frame, 3);
    assert_string_equal(inv.get("", "10.0.0.7", 4)->key.c_str(), "10.0.0.7"); // no MAC: by IP
    assert_null(inv.get("", "", 5));
    for (size_t i = inv.devices().size(); i < kMaxDevices; i++)
        assert_non_null(inv.get("", "h" + std::to_string(i), 6));
    assert_null(inv.get("", "overflow", 7));
    assert_int_equal(inv.dropped(), 1);
}

Type guess(std::initializer_list<const char *> services, std::initializer_list<const char *> text,
    std::initializer_list<const char *> names, uint16_t sources = kMdns)
{
    Device d;
    for (const char *s : services) d.services.add(s);
    for (const char *s : text) d.software.add(s);
    for (const char *s : names) d.names.add(s);
    d.sources = sources;
    return guess_type(d).type;
}

void test_guess_type_rules(void **)
{
    assert_int_equal(static_cast<int>(guess({"_ipp._tcp"}, {}, {})), static_cast<int>(Type::Printer));
    assert_int_equal(static_cast<int>(guess({"_googlecast._tcp"}, {}, {})), static_cast<int>(Type::TvCast));
    assert_int_equal(static_cast<int>(guess({"_spotify-connect._tcp"}, {}, {})), static_cast<int>(Type::Speaker));
    assert_int_equal(static_cast<int>(guess({}, {"android-dhcp-9"}, {}, kDhcp)), static_cast<int>(Type::Phone));
    assert_int_equal(static_cast<int>(guess({}, {}, {"Gabrieles-iPad.local"})), static_cast<int>(Type::Phone));
    assert_int_equal(static_cast<int>(guess({}, {"MSFT 5.0"}, {}, kDhcp)), static_cast<int>(Type::Computer));
    assert_int_equal(static_cast<int>(guess({}, {}, {}, kNbns)), static_cast<int>(Type::Computer));
    assert_int_equal(static_cast<int>(guess({}, {}, {}, kLldp)), static_cast<int>(Type::Network));
    assert_int_equal(static_cast<int>(guess({}, {}, {}, kDhcp)), static_cast<int>(Type::Unknown));
    // A printer that also speaks SMB is a printer: specific services first.
    assert_int_equal(static_cast<int>(guess({"_smb._tcp", "_ipp._tcp"}, {}, {})), static_cast<int>(Type::Printer));
}

void test_guess_type_evidence(void **)
{
    Device d;
    d.services.add("_airplay._tcp");
    const Guess g = guess_type(d);
    assert_string_equal(type_name(g.type), "tv/cast");
    assert_string_equal(g.basis.c_str(), "service \"_airplay._tcp\"");
}

void test_noise_summary(void **)
{
    NoiseCounter n;
    assert_string_equal(n.summary().c_str(),
        "multicast/broadcast: 0 of 0 packets (0.0 %), 0 of 0 bytes (0.0 %)");
    n.add(100, true);
    n.add(300, false);
    assert_string_equal(n.summary().c_str(),
        "multicast/broadcast: 1 of 2 packets (50.0 %), 100 of 400 bytes (25.0 %)");
    // Rounding half up to a tenth: 1 of 8 = 12.5 % exactly; 1 of 3 = 33.33.. -> 33.3;
    // 2 of 3 = 66.66.. -> 66.7; 1 of 16 = 6.25 -> 6.3 (printf's %.1f would say 6.2: half-even).
    NoiseCounter r;
    r.add(1, true);
    for (int i = 0; i < 7; i++)
        r.add(1, false);
    assert_string_equal(r.summary().c_str(),
        "multicast/broadcast: 1 of 8 packets (12.5 %), 1 of 8 bytes (12.5 %)");
    NoiseCounter t;
    t.add(10, true);
    t.add(10, true);
    t.add(10, false);
    assert_string_equal(t.summary().c_str(),
        "multicast/broadcast: 2 of 3 packets (66.7 %), 20 of 30 bytes (66.7 %)");
    NoiseCounter u;
    u.add(1, true);
    for (int i = 0; i < 15; i++)
        u.add(1, false);
    assert_string_equal(u.summary().c_str(),
        "multicast/broadcast: 1 of 16 packets (6.3 %), 1 of 16 bytes (6.3 %)");
    // A short buffer is cut, never overrun, and stays terminated.
    char small[12];
    assert_int_equal(u.format_summary(small, sizeof small), 11);
    assert_string_equal(small, "multicast/b");
    // The largest counters still fit kSummaryCap.
    NoiseCounter big;
    big.packets = big.bytes = big.mcast_packets = big.mcast_bytes = UINT64_C(18014398509481983); // 2^54 - 1
    char full[NoiseCounter::kSummaryCap];
    assert_true(big.format_summary(full, sizeof full) < sizeof full - 1);
    assert_string_equal(full, "multicast/broadcast: 18014398509481983 of 18014398509481983 packets (100.0 %), "
                              "18014398509481983 of 18014398509481983 bytes (100.0 %)");
    // Zeros inside numbers, shares below a tenth and exact:
    // 7 of 1,000,009 packets = 0.0007 % -> 0.0; 1,020,304 of 10,203,040 bytes = 10.0 %.
    NoiseCounter m;
    m.packets = 1000009;
    m.mcast_packets = 7;
    m.bytes = 10203040;
    m.mcast_bytes = 1020304;
    assert_string_equal(m.summary().c_str(),
        "multicast/broadcast: 7 of 1000009 packets (0.0 %), 1020304 of 10203040 bytes (10.0 %)");
    assert_string_equal(source_names(kMdns | kDhcp).c_str(), "mdns,dhcp");
}

} // namespace

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_service_type_forms), cmocka_unit_test(test_service_instance_forms),
        cmocka_unit_test(test_txt_model_keys), cmocka_unit_test(test_split_header_forms),
        cmocka_unit_test(test_netbios_base_forms), cmocka_unit_test(test_strset_bounds_and_dups),
        cmocka_unit_test(test_inventory_keys_and_bound), cmocka_unit_test(test_guess_type_rules),
        cmocka_unit_test(test_guess_type_evidence), cmocka_unit_test(test_noise_summary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
