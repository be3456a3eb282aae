// SPDX-License-Identifier: GPL-2.0-or-later
// devices: LAN device inventory and device-type guessing; see devices.h.
#include "devices.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

namespace huntpack::devices {

namespace {

std::string lower(std::string s)
{
    for (char &c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool contains(const std::string &hay_lower, const char *needle) { return hay_lower.find(needle) != std::string::npos; }

} // namespace

std::string source_names(uint16_t s)
{
    static const char *const names[] = {"mdns", "ssdp", "llmnr", "nbns", "dhcp", "lldp", "cdp", "spotudp"};
    std::string r;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (s & (1u << i))
            r += (r.empty() ? "" : ",") + std::string(names[i]);
    return r;
}

bool StrSet::add(const std::string &s0)
{
    if (s0.empty() || v.size() >= kMaxPerSet)
        return false;
    const std::string s = s0.size() > kMaxValueLen ? s0.substr(0, kMaxValueLen) : s0;
    const std::string l = lower(s);
    for (const std::string &x : v)
        if (lower(x) == l)
            return false;
    v.push_back(s);
    return true;
}

std::string StrSet::join(const char *sep) const
{
    std::string r;
    for (const std::string &x : v)
        r += (r.empty() ? "" : sep) + x;
    return r;
}

const char *type_name(Type t)
{
    switch (t) {
    case Type::Unknown: return "unknown";
    case Type::Printer: return "printer/scanner";
    case Type::TvCast: return "tv/cast";
    case Type::Speaker: return "speaker";
    case Type::Phone: return "phone/tablet";
    case Type::Computer: return "computer";
    case Type::Network: return "network equipment";
    case Type::IoT: return "iot";
    }
    return "unknown";
}

std::string service_type(const std::string &name)
{
    // "<instance>._<svc>._tcp.<domain>" or "_<svc>._udp.local": find "._tcp" / "._udp".
    const std::string l = lower(name);
    size_t proto = l.find("._tcp");
    if (proto == std::string::npos)
        proto = l.find("._udp");
    if (proto == std::string::npos)
        return {};
    const size_t end = proto + 5;
    if (end < l.size() && l[end] != '.')
        return {};
    size_t start = l.rfind('.', proto - 1);
    start = start == std::string::npos ? 0 : start + 1;
    if (start >= proto || l[start] != '_')
        return {};
    return l.substr(start, end - start);
}

std::string service_instance(const std::string &name)
{
    const std::string st = service_type(name);
    if (st.empty())
        return {};
    const size_t at = lower(name).find("." + st);
    if (at == std::string::npos || at == 0)
        return {};
    return name.substr(0, at);
}

std::string txt_model(const std::string &txt)
{
    const size_t eq = txt.find('=');
    if (eq == std::string::npos || eq + 1 >= txt.size())
        return {};
    const std::string k = lower(txt.substr(0, eq));
    if (k == "md" || k == "ty" || k == "model" || k == "mdl" || k == "usb_mdl" || k == "am")
        return txt.substr(eq + 1);
    return {};
}

bool split_header(const std::string &line, std::string &name, std::string &value)
{
    const size_t c = line.find(':');
    if (c == std::string::npos || c == 0)
        return false;
    name = lower(line.substr(0, c));
    size_t b = c + 1;
    while (b < line.size() && (line[b] == ' ' || line[b] == '\t'))
        b++;
    size_t e = line.size();
    // Line ends: real CR/LF, or the escaped text "\r\n" that Wireshark's http.unknown_header
    // values carry (format_text of the whole header line).
    for (;;) {
        if (e > b && (line[e - 1] == '\r' || line[e - 1] == '\n' || line[e - 1] == ' '))
            e--;
        else if (e >= b + 2 && line[e - 2] == '\\' && (line[e - 1] == 'r' || line[e - 1] == 'n'))
            e -= 2;
        else
            break;
    }
    value = line.substr(b, e - b);
    while (!name.empty() && name.back() == ' ')
        name.pop_back();
    return true;
}

std::string netbios_base(const std::string &name)
{
    std::string r = name.substr(0, name.find('<'));
    while (!r.empty() && r.back() == ' ')
        r.pop_back();
    return r;
}

namespace {

// One rule: where to look (services, models+software+upnp, names, sources) and what it means.
enum class Where : uint8_t { Service, Text, Name, Source };
struct Rule {
    Where where;
    const char *needle; // lowercase substring (Source: unused)
    uint16_t source;
    Type type;
};
// First match wins: specific device services and models before generic computer hints.
constexpr Rule kRules[] = {
    {Where::Service, "_ipp", 0, Type::Printer}, {Where::Service, "_printer.", 0, Type::Printer},
    {Where::Service, "_pdl-datastream", 0, Type::Printer}, {Where::Service, "_scanner", 0, Type::Printer},
    {Where::Service, "_uscan", 0, Type::Printer}, {Where::Text, "printer", 0, Type::Printer},
    {Where::Service, "_googlecast", 0, Type::TvCast}, {Where::Service, "_airplay", 0, Type::TvCast},
    {Where::Service, "_androidtvremote", 0, Type::TvCast}, {Where::Text, "mediarenderer", 0, Type::TvCast},
    {Where::Text, "dial-multiscreen", 0, Type::TvCast}, {Where::Text, "chromecast", 0, Type::TvCast},
    {Where::Text, "roku", 0, Type::TvCast}, {Where::Text, "smarttv", 0, Type::TvCast},
    {Where::Text, "tizen", 0, Type::TvCast}, {Where::Text, "webos", 0, Type::TvCast},
    {Where::Service, "_spotify-connect", 0, Type::Speaker}, {Where::Service, "_sonos", 0, Type::Speaker},
    {Where::Service, "_raop", 0, Type::Speaker}, {Where::Text, "sonos", 0, Type::Speaker},
    {Where::Text, "homepod", 0, Type::Speaker},
    {Where::Text, "internetgatewaydevice", 0, Type::Network}, {Where::Source, "", kLldp, Type::Network},
    {Where::Source, "", kCdp, Type::Network},
    {Where::Service, "_apple-mobdev", 0, Type::Phone}, {Where::Text, "android", 0, Type::Phone},
    {Where::Name, "iphone", 0, Type::Phone}, {Where::Name, "ipad", 0, Type::Phone},
    {Where::Name, "android", 0, Type::Phone}, {Where::Name, "galaxy", 0, Type::Phone},
    {Where::Text, "iphone", 0, Type::Phone}, {Where::Text, "ipad", 0, Type::Phone},
    {Where::Name, "imac", 0, Type::Computer}, {Where::Name, "macbook", 0, Type::Computer},
    {Where::Name, "-pc", 0, Type::Computer}, {Where::Name, "desktop-", 0, Type::Computer},
    {Where::Name, "laptop", 0, Type::Computer}, {Where::Name, "lifebook", 0, Type::Computer},
    {Where::Text, "msft", 0, Type::Computer}, {Where::Text, "windows", 0, Type::Computer},
    {Where::Text, "mac os x", 0, Type::Computer}, {Where::Text, "macbook", 0, Type::Computer},
    {Where::Text, "imac", 0, Type::Computer}, {Where::Text, "linux", 0, Type::Computer},
    {Where::Service, "_smb", 0, Type::Computer}, {Where::Service, "_workstation", 0, Type::Computer},
    {Where::Service, "_sftp-ssh", 0, Type::Computer}, {Where::Service, "_ssh", 0, Type::Computer},
    {Where::Source, "", kNbns, Type::Computer}, {Where::Source, "", kLlmnr, Type::Computer},
    {Where::Text, "upnp", 0, Type::IoT},
};

const char *where_name(Where w)
{
    switch (w) {
    case Where::Service: return "service";
    case Where::Text: return "model/software";
    case Where::Name: return "name";
    case Where::Source: return "announces over";
    }
    return "";
}

} // namespace

Guess guess_type(const Device &d)
{
    std::vector<std::string> texts;
    for (const StrSet *s : {&d.models, &d.software, &d.upnp})
        for (const std::string &x : s->v)
            texts.push_back(x);
    for (const Rule &r : kRules) {
        const std::vector<std::string> *pool = nullptr;
        switch (r.where) {
        case Where::Service: pool = &d.services.v; break;
        case Where::Text: pool = &texts; break;
        case Where::Name: pool = &d.names.v; break;
        case Where::Source:
            if (d.sources & r.source)
                return {r.type, std::string(where_name(r.where)) + " " + source_names(r.source)};
            continue;
        }
        for (const std::string &x : *pool)
            if (contains(lower(x), r.needle))
                return {r.type, std::string(where_name(r.where)) + " \"" + x + "\""};
    }
    return {};
}

Device *Inventory::get(const std::string &mac, const std::string &ip, uint32_t frame)
{
    const std::string &key = mac.empty() ? ip : mac;
    if (key.empty())
        return nullptr;
    if (const auto it = index_.find(key); it != index_.end())
        return &devs_[it->second];
    if (devs_.size() >= max_) {
        dropped_++;
        return nullptr;
    }
    Device d;
    d.key = key;
    d.mac = mac;
    d.first_frame = frame;
    index_.emplace(key, devs_.size());
    devs_.push_back(std::move(d));
    return &devs_.back();
}

void Inventory::clear()
{
    devs_.clear();
    index_.clear();
    dropped_ = 0;
}

void NoiseCounter::add(uint32_t len, bool mc)
{
    packets++;
    bytes += len;
    if (mc) {
        mcast_packets++;
        mcast_bytes += len;
    }
}

namespace {

struct Buf {
    char *p;
    size_t cap, n = 0;
    // Appends len bytes, cut to what fits before the terminating NUL (cap >= 1).
    void put(const char *s, size_t len)
    {
        const size_t room = cap - 1 - n;
        const size_t k = len < room ? len : room;
        std::memcpy(p + n, s, k);
        n += k;
    }
    void put(char c) { put(&c, 1); }
    template <size_t N> void str(const char (&s)[N]) { put(s, N - 1); } // literals: no strlen
    void u64(uint64_t v)
    {
        char d[20];
        size_t k = sizeof d;
        do {
            d[--k] = static_cast<char>('0' + v % 10);
            v /= 10;
        } while (v);
        put(d + k, sizeof d - k);
    }
    // part/whole as a percentage with one decimal, rounded half up ("12.5"): tenths of a percent
    // = round(1000 * part / whole), in 128 bits (2000 * part overflows 64 bits from about 2^53 on).
    void share(uint64_t part, uint64_t whole)
    {
        uint64_t tenths = 0;
        if (whole && part < (UINT64_C(1) << 52) && whole < (UINT64_C(1) << 62)) {
            tenths = (2000 * part + whole) / (2 * whole);
        } else if (whole) {
            const unsigned __int128 w = whole;
            tenths = static_cast<uint64_t>((2000 * static_cast<unsigned __int128>(part) + w) / (2 * w));
        }
        u64(tenths / 10);
        put('.');
        put(static_cast<char>('0' + tenths % 10));
    }
};

} // namespace

size_t NoiseCounter::format_summary(char *buf, size_t cap) const
{
    if (!buf || cap == 0)
        return 0;
    Buf b{buf, cap};
    b.str("multicast/broadcast: ");
    b.u64(mcast_packets);
    b.str(" of ");
    b.u64(packets);
    b.str(" packets (");
    b.share(mcast_packets, packets);
    b.str(" %), ");
    b.u64(mcast_bytes);
    b.str(" of ");
    b.u64(bytes);
    b.str(" bytes (");
    b.share(mcast_bytes, bytes);
    b.str(" %)");
    buf[b.n] = '\0';
    return b.n;
}

std::string NoiseCounter::summary() const
{
    char b[kSummaryCap];
    const size_t n = format_summary(b, sizeof b);
    return std::string(b, n);
}

} // namespace huntpack::devices
