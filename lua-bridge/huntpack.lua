-- SPDX-License-Identifier: GPL-2.0-or-later
-- huntpack.lua: the analyst's Lua API to huntpack (installed into the personal Lua plugin folder,
-- ~/.local/lib/wireshark/plugins/). Rules written with it raise soctrait items exactly like
-- huntpack's built-in traits; catalog additions extend huntpack's CDN names at run time.
-- Mechanism (lua-bridge/README.md): one Lua heuristic, "huntpack_rules", registered on
-- huntpack's heuristic list "huntpack.rules" with the first rule or catalog line (with none,
-- the list stays empty and costs nothing); huntpack's C++ postdissector calls it on every
-- frame (only when huntpack output is asked for) and reads the hits this file writes into
-- pinfo.private["huntpack.trait"] (lines id|severity|summary|evidence|host) and
-- pinfo.private["huntpack.catalog"] (lines cdn-suffix<TAB>suffix<TAB>name).
-- Lua 5.2 and 5.4: no integer division, no bitwise operators, no goto.
--
--   huntpack.rule{ id = "watched-domain", severity = "warn",            -- 0..3 or info/note/warn/alert
--                  summary = "Contact with a watched domain",
--                  fields = { "http.host", "dns.qry.name" },            -- read with Field.new
--                  match = function(f, pinfo)                           -- f["http.host"]: first value
--                      ...                                              -- f.all("dns.qry.name"): list
--                      return { evidence = "...", host = "..." }        -- or true/string/list/nil
--                  end }
--   huntpack.cdn_suffix("cdn.example.net", "Example corp CDN")

-- Wireshark 4.x runs each Lua script in its own environment: share the API through _G.
if _G.huntpack and _G.huntpack.version then
    return -- loaded twice (personal folder and -X lua_script): keep the first
end

local M = {}
_G.huntpack = M
M.version = "0.1.0"

local SEVERITIES = { info = 0, note = 1, warn = 2, alert = 3 }
local rules = {}        -- in registration order
local extractors = {}   -- field name -> Field (Field.new must run at load time)
local catalog = {}      -- catalog lines, emitted to the C++ side once per capture file
local catalog_sent = false
local errors_seen = {}
local registered = false
local ensure_registered -- defined below the heuristic it registers

local function extractor(name)
    if not extractors[name] then
        local ok, f = pcall(Field.new, name)
        if not ok then
            error("huntpack.rule: unknown field '" .. tostring(name) .. "'", 3)
        end
        extractors[name] = f
    end
    return extractors[name]
end

local function clean(s)
    s = tostring(s or "")
    s = string.gsub(s, "[|\r\n]", " ")
    return s
end

local function severity_of(s)
    if type(s) == "number" and s >= 0 and s <= 3 then
        return math.floor(s)
    end
    if type(s) == "string" and SEVERITIES[s] then
        return SEVERITIES[s]
    end
    return nil
end

-- Declare a rule. Returns the rule table.
function M.rule(spec)
    assert(type(spec) == "table", "huntpack.rule{...} takes a table")
    assert(type(spec.id) == "string" and string.match(spec.id, "^[a-z0-9][a-z0-9-]*$"),
        "huntpack.rule: id must be kebab-case (lower-case letters, digits, '-')")
    assert(type(spec.match) == "function", "huntpack.rule: match must be a function")
    local sev = severity_of(spec.severity or "note")
    assert(sev, "huntpack.rule: severity must be 0..3 or info/note/warn/alert")
    local r = { id = spec.id, severity = sev, summary = spec.summary or spec.id, match = spec.match,
                fields = {}, name = spec.name or spec.id }
    for _, name in ipairs(spec.fields or {}) do
        r.fields[#r.fields + 1] = name
        extractor(name)
    end
    rules[#rules + 1] = r
    ensure_registered()
    return r
end

-- Add a CDN suffix to huntpack's catalog for this session (names under it raise cdn-content).
function M.cdn_suffix(suffix, name)
    assert(type(suffix) == "string" and suffix ~= "", "huntpack.cdn_suffix: suffix must be a string")
    catalog[#catalog + 1] = "cdn-suffix\t" .. clean(suffix) .. "\t" .. clean(name or suffix)
    catalog_sent = false
    ensure_registered()
end

-- Values of the fields a rule asked for, on the current frame.
local function field_values(r)
    local values = {}
    for _, name in ipairs(r.fields) do
        local list = {}
        local infos = { extractors[name]() }
        for i = 1, #infos do
            local fi = infos[i]
            local v = fi.value
            if v ~= nil then
                list[#list + 1] = tostring(v)
            end
        end
        values[name] = list
    end
    local f = { all = function(name) return values[name] or {} end }
    for name, list in pairs(values) do
        f[name] = list[1]
    end
    return f
end

local function hit_line(r, h)
    local sev = severity_of(h.severity) or r.severity
    return clean(r.id) .. "|" .. sev .. "|" .. clean(h.summary or r.summary) .. "|" ..
        clean(h.evidence or ("rule " .. r.name .. " matched")) .. "|" .. clean(h.host or "")
end

local proto = Proto("huntpack_rules", "huntpack Lua rules (huntpack.lua)")

function proto.init()
    catalog_sent = false
end

local function heuristic(tvb, pinfo, tree)
    local lines = {}
    for _, r in ipairs(rules) do
        local ok, res = pcall(r.match, field_values(r), pinfo)
        if not ok then
            if not errors_seen[r.id] then
                errors_seen[r.id] = true
                io.stderr:write("huntpack.lua: rule " .. r.id .. " failed: " .. tostring(res) .. "\n")
            end
        elseif res == true then
            lines[#lines + 1] = hit_line(r, {})
        elseif type(res) == "string" then
            lines[#lines + 1] = hit_line(r, { evidence = res })
        elseif type(res) == "table" then
            if res[1] ~= nil then
                for _, h in ipairs(res) do
                    lines[#lines + 1] = hit_line(r, type(h) == "table" and h or { evidence = tostring(h) })
                end
            else
                lines[#lines + 1] = hit_line(r, res)
            end
        end
    end
    if #lines > 0 then
        pinfo.private["huntpack.trait"] = table.concat(lines, "\n")
    end
    if not catalog_sent and #catalog > 0 then
        pinfo.private["huntpack.catalog"] = table.concat(catalog, "\n")
        catalog_sent = true
    end
    return false -- never claim the frame
end

-- The heuristic is registered with the first rule or catalog line, not when this file loads:
-- huntpack's postdissector calls the list on every frame, and a Lua call costs Wireshark about
-- 7 microseconds a frame (Tvb, Pinfo and TreeItem objects are made and collected for it) even
-- when no rule exists: 23.0 s instead of 15.2 s for the analysis of 1.1 M frames (bench/).
-- With huntpack.lua installed and no rule, the list stays empty and costs nothing.
ensure_registered = function()
    if registered then
        return
    end
    registered = true
    local ok, err = pcall(function() proto:register_heuristic("huntpack.rules", heuristic) end)
    if not ok then
        io.stderr:write("huntpack.lua: huntpack.so is not loaded (no heuristic list huntpack.rules): " ..
            tostring(err) .. "\n")
    end
end

-- Helpers for rules.
function M.ends_with(name, suffix)
    if type(name) ~= "string" then
        return false
    end
    name = string.lower(name)
    suffix = string.lower(suffix)
    return name == suffix or (string.len(name) > string.len(suffix) and
        string.sub(name, -string.len(suffix) - 1) == "." .. suffix)
end

function M.rules()
    local out = {}
    for i, r in ipairs(rules) do
        out[i] = { id = r.id, severity = r.severity, summary = r.summary, fields = r.fields }
    end
    return out
end

return M
