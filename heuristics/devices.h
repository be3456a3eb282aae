// SPDX-License-Identifier: GPL-2.0-or-later
// devices: the LAN device inventory behind huntpack_devices. Announcements that a passive
// listener hears (mDNS/DNS-SD, SSDP/UPnP, LLMNR, NBNS, DHCP, LLDP/CDP, SpotUdp) are folded into
// one record per device (keyed by MAC, or by IP when no MAC is known), and a device type is
// guessed from the evidence, with the evidence that decided it.
// References: RFC 6762/6763 (mDNS, DNS-SD service types and TXT keys), UPnP Device Architecture
// 2.0 §1 (SSDP NOTIFY/M-SEARCH headers), RFC 4795 (LLMNR), RFC 1002 (NBNS), RFC 2132 §3.14/§9.13
// (DHCP options 12 and 60), IEEE 802.1AB (LLDP).
// Limitations: the type guess is a rule list (kRules in devices.cpp), first match wins; sets per
// device and devices per capture are bounded (constants below); names are kept as announced.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace huntpack::devices {

constexpr size_t kMaxDevices = 4096;   // devices tracked per capture
constexpr size_t kMaxPerSet = 16;      // IPs, names, services, ... kept per device
constexpr size_t kMaxValueLen = 128;   // longest string kept (longer ones are cut)

// Sources, as bits (which protocols announced the device).
enum Source : uint16_t {
    kMdns = 1u << 0, kSsdp = 1u << 1, kLlmnr = 1u << 2, kNbns = 1u << 3, kDhcp = 1u << 4,
    kLldp = 1u << 5, kCdp = 1u << 6, kSpotUdp = 1u << 7,
};
std::string source_names(uint16_t sources); // "mdns,dhcp"

// A small ordered set of strings: insertion order, no duplicates (case-insensitive), bounded.
struct StrSet {
    std::vector<std::string> v;
    bool add(const std::string &s); // false when empty, duplicate or full
    std::string join(const char *sep = ", ") const;
};

struct Device {
    std::string key;     // MAC ("aa:bb:..") or IP when no MAC
    std::string mac;
    StrSet ips, names, services, models, software; // software: SSDP SERVER/USER-AGENT, DHCP vendor
    StrSet upnp;         // SSDP NT/ST/USN device and service types, LOCATION
    uint16_t sources = 0;
    uint32_t first_frame = 0, announcements = 0;
};

enum class Type : uint8_t { Unknown, Printer, TvCast, Speaker, Phone, Computer, Network, IoT };
const char *type_name(Type t); // "printer", "tv/cast", ...

struct Guess {
    Type type = Type::Unknown;
    std::string basis; // the evidence that decided, e.g. "service _ipp._tcp"
};
Guess guess_type(const Device &d);

// DNS-SD: the service type in a name ("Office._ipp._tcp.local" -> "_ipp._tcp"), "" if none.
std::string service_type(const std::string &dns_name);
// DNS-SD: the instance label before the service type ("Office" above), "" if none.
std::string service_instance(const std::string &dns_name);
// TXT "key=value" strings that name a model: md=, ty=, model=, mdl=, usb_MDL= (value or "").
std::string txt_model(const std::string &txt);
// SSDP/HTTP header line "NT: urn:..." -> {"nt", "urn:..."}; name lowercased; false if no colon.
bool split_header(const std::string &line, std::string &name, std::string &value);
// NetBIOS "NAME<20>" -> "NAME" (suffix and padding removed).
std::string netbios_base(const std::string &name);

// The inventory: find or create by key; nullptr when full.
class Inventory {
public:
    // max_devices: the cap (kMaxDevices; a smaller one lets the fuzz harness reach it cheaply).
    explicit Inventory(size_t max_devices = kMaxDevices) : max_(max_devices) {}
    Device *get(const std::string &mac, const std::string &ip, uint32_t frame);
    size_t max_devices() const { return max_; }
    const std::vector<Device> &devices() const { return devs_; }
    size_t dropped() const { return dropped_; }
    void clear();

private:
    std::vector<Device> devs_;
    std::unordered_map<std::string, size_t> index_; // key -> position in devs_ (a frame's look-up is O(1), not a scan of up to kMaxDevices)
    size_t max_;
    size_t dropped_ = 0;
};

// Multicast / broadcast share of the capture.
struct NoiseCounter {
    uint64_t packets = 0, bytes = 0, mcast_packets = 0, mcast_bytes = 0;
    void add(uint32_t len, bool multicast_or_broadcast);
    std::string summary() const; // "multicast/broadcast: 12 of 100 packets (12.0 %), ..."
    // The same text into buf (always NUL-terminated; kSummaryCap bytes always suffice), without
    // allocation or floating point: the devices table refreshes it in place (on every frame in
    // Wireshark's dialogs, once before the table is printed in tshark). Shares are
    // rounded half up to one decimal. Returns the length written.
    static constexpr size_t kSummaryCap = 160;
    size_t format_summary(char *buf, size_t cap) const;
};

} // namespace huntpack::devices
