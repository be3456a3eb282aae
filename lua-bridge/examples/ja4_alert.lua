-- SPDX-License-Identifier: GPL-2.0-or-later
-- ja4_alert.lua: "alert on this JA4". A TLS or QUIC ClientHello whose quicfp.ja4 is on the list
-- raises ja4-watchlist (alert) with the client address as host.
-- Use:  tshark -r FILE -X lua_script:lua-bridge/examples/ja4_alert.lua -Y 'soctrait.id == "ja4-watchlist"'
assert(huntpack and huntpack.rule, "ja4_alert.lua: load huntpack.lua first")

local WATCHLIST = {
    ["q13d0310h3_55b375c5d22e_cd85d2d88918"] = "Chrome QUIC v1 (ja4/quic-tls-handshake.pcapng)",  -- edit me
}

huntpack.rule{
    id = "ja4-watchlist",
    severity = "alert",
    summary = "Client fingerprint on the JA4 watch list",
    fields = { "quicfp.ja4", "quicfp.sni", "ip.src" },
    match = function(f)
        local ja4 = f["quicfp.ja4"]
        if ja4 and WATCHLIST[ja4] then
            return { host = f["ip.src"],
                     evidence = "JA4 " .. ja4 .. " (" .. WATCHLIST[ja4] .. ") to " .. (f["quicfp.sni"] or "?") }
        end
        return nil
    end,
}
