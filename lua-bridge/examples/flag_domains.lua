-- SPDX-License-Identifier: GPL-2.0-or-later
-- flag_domains.lua: "flag these domains". Any HTTP Host, TLS/QUIC SNI or DNS query under a
-- watched domain raises the trait watched-domain (warn) on that frame, with the name as host.
-- Use:  tshark -r FILE -X lua_script:lua-bridge/examples/flag_domains.lua -Y 'soctrait.id == "watched-domain"'
-- Needs huntpack.lua (installed in the personal Lua plugin folder, or loaded first with -X lua_script).
assert(huntpack and huntpack.rule, "flag_domains.lua: load huntpack.lua first")

local WATCHED = { "example-adnet.com", "x7kq2mz9vpl3.info" }  -- edit me

local SOURCES = { "http.host", "tls.handshake.extensions_server_name", "quicfp.sni", "dns.qry.name" }

huntpack.rule{
    id = "watched-domain",
    severity = "warn",
    summary = "Contact with a watched domain",
    fields = SOURCES,
    match = function(f)
        local hits, seen = {}, {}
        for _, src in ipairs(SOURCES) do
            for _, name in ipairs(f.all(src)) do
                for _, domain in ipairs(WATCHED) do
                    if huntpack.ends_with(name, domain) and not seen[name] then
                        seen[name] = true
                        hits[#hits + 1] = { host = string.lower(name),
                                            evidence = src .. " " .. name .. " is under watched domain " .. domain }
                    end
                end
            end
        end
        if #hits > 0 then return hits end
        return nil
    end,
}
