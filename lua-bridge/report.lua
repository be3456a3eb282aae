-- SPDX-License-Identifier: GPL-2.0-or-later
-- report.lua: an analyst report of a capture, from a Lua tap, as Markdown or JSON.
--
--   tshark -q -r FILE -X lua_script:lua-bridge/report.lua                            (Markdown)
--   tshark -q -r FILE -X lua_script:lua-bridge/report.lua -X lua_script1:format=json
--   ... -X lua_script1:out=report.md   (write to a file instead of stdout)
--
-- Sections: summary (packets, bytes, duration, TCP/UDP sessions, protocols), breakdown (top
-- protocol per frame as Wireshark labels it: tcplabel.bucket, or without huntpack.so the last
-- layer of frame.protocols; huntpack's own tap struct reaches Lua as nil), revised breakdown
-- (tcplabel.revised: frames tcplabel labelled take tcplabel.app), traits by
-- severity (soctrait.*), QUIC clients (quicfp.*), devices (hosts that announce themselves on
-- multicast/broadcast: mDNS, SSDP, NBNS, LLMNR, DHCP, SpotUdp).
-- Every huntpack field is optional: without huntpack.so the sections say "not available".
-- Lua 5.2 and 5.4: no integer division, no bitwise operators, no goto.
-- Limitations: a frame with several traits where some have no soctrait.host gets no host on
-- any of them (Lua sees flat field lists, not which host belongs to which trait); bucket names
-- are the upper-cased filter names (TLS, DNS, MDNS ...), which match Wireshark's short names for
-- the protocols of web browsing but not for every protocol.

local args = { ... }
local opts = { format = "markdown", out = nil }
for _, a in ipairs(args) do
    local k, v = string.match(a, "^([%w_]+)=(.*)$")
    if k then opts[k] = v end
end
if opts.format == "md" then opts.format = "markdown" end
if opts.format ~= "markdown" and opts.format ~= "json" then
    error("report.lua: format must be markdown or json, not " .. tostring(opts.format))
end

-- ---- fields (optional ones through pcall: unknown without huntpack.so) ----
local F = {}
local function field(name)
    local ok, f = pcall(Field.new, name)
    if ok then F[name] = f end
end
for _, n in ipairs({ "frame.protocols", "tcp.stream", "udp.stream", "ip.src", "ip.dst", "eth.src",
    "tcplabel.app", "tcplabel.bucket", "tcplabel.revised", "soctrait.id", "soctrait.severity", "soctrait.summary", "soctrait.evidence", "soctrait.host",
    "quicfp.kind", "quicfp.sni", "quicfp.ua", "quicfp.ja4", "quicfp.alpn", "quicfp.version",
    "dns.resp.name", "dns.ptr.domain_name", "dns.srv.target", "dns.qry.name", "dhcp.option.hostname",
    "dhcp.option.vendor_class_id", "nbns.name", "http.server", "http.user_agent", "spotudp.instance_id",
    "udp.srcport", "udp.dstport" }) do
    field(n)
end
local have = { tcplabel = F["tcplabel.app"] ~= nil, soctrait = F["soctrait.id"] ~= nil, quicfp = F["quicfp.kind"] ~= nil }

local function values(name)
    local out = {}
    local f = F[name]
    if not f then return out end
    local infos = { f() }
    for i = 1, #infos do
        local v = infos[i].value
        if v ~= nil then out[#out + 1] = tostring(v) end
    end
    return out
end
local function first(name) return values(name)[1] end

-- ---- state ----
local S
local function reset()
    S = { packets = 0, bytes = 0, t0 = nil, t1 = nil, tcp = {}, udp = {}, ntcp = 0, nudp = 0,
          ws = {}, rev = {}, traits = {}, quic = {}, devices = {} }
end
reset()

-- Sub-protocols and huntpack's own layers never name a frame's bucket (as huntpack_breakdown).
local SUB = { data = true, ["data-text-lines"] = true, media = true, png = true, json = true, xml = true,
    ["urlencoded-form"] = true, mime_multipart = true, ["image-gif"] = true, ["image-jfif"] = true, ber = true,
    ["_ws.malformed"] = true, ["_ws.short"] = true, ["_ws.unreassembled"] = true, ["_ws.expert"] = true,
    huntpack_lua = true, huntpack_rules = true } -- tcplabel, quicfp, soctrait add no layer (hp_post.cpp)
local function is_sub(p)
    return SUB[p] or string.sub(p, 1, 4) == "x509" or string.sub(p, 1, 4) == "pkcs" or string.sub(p, 1, 4) == "pkix"
        or string.sub(p, 1, 6) == "image-"
end
local function bucket_of(protocols)
    local layers = {}
    for p in string.gmatch(protocols or "", "[^:]+") do layers[#layers + 1] = p end
    for i = #layers, 1, -1 do
        local p = layers[i]
        if not is_sub(p) then
            if p == "tcp" then return "Unlabeled TCP" end
            if p == "udp" then return "Unlabeled UDP" end
            return string.upper(p)
        end
    end
    return "Other"
end

local function count(t, key, len)
    local e = t[key]
    if not e then e = { packets = 0, bytes = 0 }; t[key] = e end
    e.packets = e.packets + 1
    e.bytes = e.bytes + len
end

local function is_announce(dst)
    if not dst then return false end
    local a = tonumber(string.match(dst, "^(%d+)%."))
    return (a and a >= 224 and a <= 239) or string.match(dst, "%.255$") ~= nil
end

local SEV_NAMES = { [0] = "info", [1] = "note", [2] = "warn", [3] = "alert" }

local function add_set(set, v) if v and v ~= "" then set[v] = true end end

-- ---- the tap ----
local tap = Listener.new(nil, nil, false)

function tap.reset() reset() end

function tap.packet(pinfo, tvb)
    local len = pinfo.len
    local t = pinfo.abs_ts
    S.packets = S.packets + 1
    S.bytes = S.bytes + len
    if not S.t0 or t < S.t0 then S.t0 = t end
    if not S.t1 or t > S.t1 then S.t1 = t end
    local ts, us = first("tcp.stream"), first("udp.stream")
    if ts and not S.tcp[ts] then S.tcp[ts] = true; S.ntcp = S.ntcp + 1 end
    if us and not S.udp[us] then S.udp[us] = true; S.nudp = S.nudp + 1 end

    -- huntpack's own buckets (as huntpack_breakdown and huntpack_revised count them), else
    -- the last layer of frame.protocols
    local b = first("tcplabel.bucket") or bucket_of(first("frame.protocols"))
    count(S.ws, b, len)
    count(S.rev, first("tcplabel.revised") or b, len) -- tcplabel adds both fields or neither

    if have.soctrait then
        local ids, sevs, sums, evs, hosts = values("soctrait.id"), values("soctrait.severity"),
            values("soctrait.summary"), values("soctrait.evidence"), values("soctrait.host")
        for i = 1, #ids do
            local host = (#hosts == #ids) and hosts[i] or ""
            local sev = tonumber(sevs[i]) or 1
            local key = sev .. "\0" .. ids[i] .. "\0" .. host
            local e = S.traits[key]
            if not e then
                e = { id = ids[i], severity = sev, host = host, summary = sums[i] or "", evidence = evs[i] or "",
                      frames = 0, first_frame = pinfo.number }
                S.traits[key] = e
            end
            e.frames = e.frames + 1
        end
    end

    if have.quicfp then
        local kind = first("quicfp.kind")
        if kind then
            local client = first("ip.src") or tostring(pinfo.src)
            local sni, ja4 = first("quicfp.sni") or "", first("quicfp.ja4") or ""
            local key = client .. "\0" .. kind .. "\0" .. sni .. "\0" .. ja4
            local e = S.quic[key]
            if not e then
                e = { client = client, kind = kind, sni = sni, ja4 = ja4, ua = first("quicfp.ua") or "",
                      alpn = first("quicfp.alpn") or "", version = first("quicfp.version") or "", handshakes = 0 }
                S.quic[key] = e
            end
            e.handshakes = e.handshakes + 1
        end
    end

    local dst = first("ip.dst")
    if is_announce(dst) then
        local src = first("ip.src") or tostring(pinfo.src)
        local mac = first("eth.src") or ""
        local key = mac ~= "" and mac or src -- a DHCP client (0.0.0.0) joins its device by MAC
        local d = S.devices[key]
        if not d then
            d = { mac = mac, addresses = {}, protocols = {}, names = {}, details = {}, frames = 0 }
            S.devices[key] = d
        end
        if src ~= "0.0.0.0" then add_set(d.addresses, src) end
        d.frames = d.frames + 1
        add_set(d.protocols, b)
        local sport, dport = first("udp.srcport"), first("udp.dstport")
        if sport == "5353" or dport == "5353" then
            for _, n in ipairs(values("dns.resp.name")) do add_set(d.names, n) end
            for _, n in ipairs(values("dns.ptr.domain_name")) do add_set(d.names, n) end
            for _, n in ipairs(values("dns.srv.target")) do add_set(d.names, n) end
        end
        if dport == "5355" then
            for _, n in ipairs(values("dns.qry.name")) do add_set(d.details, "LLMNR query " .. n) end
        end
        for _, n in ipairs(values("nbns.name")) do add_set(d.names, n) end
        add_set(d.names, first("dhcp.option.hostname"))
        local vc = first("dhcp.option.vendor_class_id")
        if vc then add_set(d.details, "DHCP vendor class " .. vc) end
        local server = first("http.server")
        if server then add_set(d.details, "SSDP server " .. server) end
        local ua = first("http.user_agent")
        if ua then add_set(d.details, "user agent " .. ua) end
        local spot = first("spotudp.instance_id")
        if spot then add_set(d.details, "Spotify instance " .. spot) end
    end
end

-- ---- output ----
local function sorted_keys(t, cmp)
    local keys = {}
    for k in pairs(t) do keys[#keys + 1] = k end
    table.sort(keys, cmp)
    return keys
end
local function set_list(set) return sorted_keys(set) end

local function breakdown_rows(t)
    local rows = {}
    for name, e in pairs(t) do rows[#rows + 1] = { protocol = name, packets = e.packets, bytes = e.bytes } end
    table.sort(rows, function(a, b)
        if a.packets ~= b.packets then return a.packets > b.packets end
        return a.protocol < b.protocol
    end)
    return rows
end

local function pct(n, total)
    if total == 0 then return "0.0" end
    return string.format("%.1f", 100 * n / total)
end

local function build()
    local duration = (S.t0 and S.t1) and (S.t1 - S.t0) or 0
    local ws, rev = breakdown_rows(S.ws), breakdown_rows(S.rev)
    local traits = {}
    for _, e in pairs(S.traits) do traits[#traits + 1] = e end
    table.sort(traits, function(a, b)
        if a.severity ~= b.severity then return a.severity > b.severity end
        if a.id ~= b.id then return a.id < b.id end
        return a.host < b.host
    end)
    local by_sev = { alert = 0, warn = 0, note = 0, info = 0 }
    for _, e in ipairs(traits) do
        local s = SEV_NAMES[e.severity] or "note"
        by_sev[s] = by_sev[s] + 1
        e.severity_name = s
    end
    local quic = {}
    for _, e in pairs(S.quic) do quic[#quic + 1] = e end
    table.sort(quic, function(a, b)
        if a.client ~= b.client then return a.client < b.client end
        if a.kind ~= b.kind then return a.kind < b.kind end
        if a.sni ~= b.sni then return a.sni < b.sni end
        return a.ja4 < b.ja4
    end)
    local devices = {}
    for _, key in ipairs(sorted_keys(S.devices)) do
        local d = S.devices[key]
        local addrs = set_list(d.addresses)
        devices[#devices + 1] = { address = table.concat(addrs, ", "), mac = d.mac, frames = d.frames, protocols = set_list(d.protocols),
                                  names = set_list(d.names), details = set_list(d.details) }
    end
    return {
        summary = { packets = S.packets, bytes = S.bytes, duration_seconds = duration, tcp_sessions = S.ntcp,
                    udp_sessions = S.nudp, sessions = S.ntcp + S.nudp, protocols = #ws,
                    throughput_bps = duration > 0 and (S.bytes * 8 / duration) or 0 },
        breakdown = ws, revised_breakdown = rev, traits = traits, traits_by_severity = by_sev,
        quic_clients = quic, devices = devices,
        available = have,
    }
end

-- JSON (keys in a fixed order for stable output).
local function jstr(s)
    s = tostring(s)
    s = string.gsub(s, '[%c"\\]', function(c)
        local map = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
        return map[c] or string.format("\\u%04x", string.byte(c))
    end)
    return '"' .. s .. '"'
end
local function jnum(n)
    if n == math.floor(n) and math.abs(n) < 1e15 then return string.format("%d", n) end
    return string.format("%.6f", n)
end
local ORDER = { "summary", "protocol", "packets", "bytes", "duration_seconds", "throughput_bps", "sessions", "tcp_sessions",
    "udp_sessions", "protocols", "available", "tcplabel", "soctrait", "quicfp", "breakdown", "revised_breakdown",
    "traits_by_severity", "alert", "warn", "note", "info", "traits", "id", "severity", "severity_name",
    "host", "summary", "evidence", "frames", "first_frame", "quic_clients", "client", "kind", "sni", "ja4", "ua",
    "alpn", "version", "handshakes", "devices", "address", "mac", "names", "details" }
local RANK = {}
for i, k in ipairs(ORDER) do if not RANK[k] then RANK[k] = i end end

local function json(v, indent)
    indent = indent or ""
    local t = type(v)
    if t == "nil" then return "null" end
    if t == "boolean" then return v and "true" or "false" end
    if t == "number" then return jnum(v) end
    if t == "string" then return jstr(v) end
    local inner = indent .. "  "
    if v[1] ~= nil then
        local parts = {}
        for _, x in ipairs(v) do parts[#parts + 1] = inner .. json(x, inner) end
        return "[\n" .. table.concat(parts, ",\n") .. "\n" .. indent .. "]"
    end
    if next(v) == nil then return "[]" end
    local keys = sorted_keys(v, function(a, b)
        local ra, rb = RANK[a] or 1000, RANK[b] or 1000
        if ra ~= rb then return ra < rb end
        return a < b
    end)
    local parts = {}
    for _, k in ipairs(keys) do parts[#parts + 1] = inner .. jstr(k) .. ": " .. json(v[k], inner) end
    return "{\n" .. table.concat(parts, ",\n") .. "\n" .. indent .. "}"
end

local function md_cell(s)
    s = tostring(s or "")
    s = string.gsub(s, "|", "\\|")
    s = string.gsub(s, "[\r\n]", " ")
    return s
end

local function markdown(r)
    local L = {}
    local function add(s) L[#L + 1] = s end
    local s = r.summary
    add("# huntpack report")
    add("")
    add("## Summary")
    add("")
    add("| packets | bytes | duration (s) | throughput (bit/s) | sessions (TCP + UDP) | protocols |")
    add("|---:|---:|---:|---:|---:|---:|")
    add(string.format("| %d | %d | %.3f | %.0f | %d (%d + %d) | %d |", s.packets, s.bytes, s.duration_seconds,
        s.throughput_bps, s.sessions, s.tcp_sessions, s.udp_sessions, s.protocols))
    local function breakdown(title, rows, note)
        add("")
        add("## " .. title)
        add("")
        if note then add(note); add("") end
        add("| protocol | packets | % | bytes |")
        add("|---|---:|---:|---:|")
        for _, row in ipairs(rows) do
            add(string.format("| %s | %d | %s | %d |", md_cell(row.protocol), row.packets, pct(row.packets, s.packets), row.bytes))
        end
    end
    breakdown("Protocol breakdown (Wireshark)", r.breakdown, "Top protocol of each frame as Wireshark labels it.")
    breakdown("Protocol breakdown (revised by tcplabel)", r.revised_breakdown,
        r.available.tcplabel and "Frames tcplabel labelled counted under tcplabel.app." or
        "tcplabel is not available (huntpack.so not loaded): same as above.")
    add("")
    add("## Traits by severity")
    add("")
    if not r.available.soctrait then
        add("soctrait is not available in this Wireshark (huntpack.so without soctrait, or not loaded).")
    else
        local b = r.traits_by_severity
        add(string.format("alert %d, warn %d, note %d, info %d (distinct trait/host pairs)", b.alert, b.warn, b.note, b.info))
        add("")
        add("| severity | trait | host | frames | first frame | summary | evidence |")
        add("|---|---|---|---:|---:|---|---|")
        for _, e in ipairs(r.traits) do
            add(string.format("| %s | %s | %s | %d | %d | %s | %s |", e.severity_name, md_cell(e.id), md_cell(e.host),
                e.frames, e.first_frame, md_cell(e.summary), md_cell(e.evidence)))
        end
    end
    add("")
    add("## QUIC and TLS clients")
    add("")
    if not r.available.quicfp then
        add("quicfp is not available (huntpack.so not loaded).")
    else
        add("| client | kind | server name | JA4 | user agent | ALPN | version | handshakes |")
        add("|---|---|---|---|---|---|---|---:|")
        for _, e in ipairs(r.quic_clients) do
            add(string.format("| %s | %s | %s | %s | %s | %s | %s | %d |", md_cell(e.client), md_cell(e.kind), md_cell(e.sni),
                md_cell(e.ja4), md_cell(e.ua), md_cell(e.alpn), md_cell(e.version), e.handshakes))
        end
    end
    add("")
    add("## Devices announcing themselves (multicast and broadcast)")
    add("")
    add("| address | MAC | frames | protocols | names | details |")
    add("|---|---|---:|---|---|---|")
    for _, d in ipairs(r.devices) do
        add(string.format("| %s | %s | %d | %s | %s | %s |", md_cell(d.address), md_cell(d.mac), d.frames,
            md_cell(table.concat(d.protocols, ", ")), md_cell(table.concat(d.names, ", ")),
            md_cell(table.concat(d.details, "; "))))
    end
    add("")
    return table.concat(L, "\n")
end

function tap.draw()
    local r = build()
    local text
    if opts.format == "json" then
        text = json(r) .. "\n"
    else
        text = markdown(r)
    end
    if opts.out then
        local fh = assert(io.open(opts.out, "w"))
        fh:write(text)
        fh:close()
    else
        io.stdout:write(text)
        io.stdout:flush()
    end
end
