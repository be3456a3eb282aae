#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The Lua bridge and the report: huntpack.lua loads from the personal Lua folder; the example
# rules (lua-bridge/examples) raise their hits as huntpack_lua/soctrait items on the demo capture,
# and (with soctrait) in `-z huntpack_traits,table` and in the report; a raw Lua heuristic on
# "huntpack.rules" works without huntpack.lua; malformed lines become expert info;
# --disable-heuristic switches a rule off; report.lua writes valid JSON and Markdown on every
# capture in captures/ with the packet count capinfos gives.
source "$(dirname "$0")/../lib/common.sh"
hp_require_plugin
cd "$HUNTPACK_SOURCE_DIR"
plugins=$(hp_tshark -G plugins 2>&1)
if grep -q 'huntpack.lua' <<<"$plugins"; then hp_ok "huntpack.lua loaded from the personal Lua folder"
else hp_fail "huntpack.lua not loaded (tshark -G plugins)"; fi
have_soctrait=0
# (grep on a variable: grep -q on a pipe would SIGPIPE tshark and fail under pipefail)
protocols=$(hp_tshark -G protocols | cut -f3)
if grep -qx soctrait <<<"$protocols"; then have_soctrait=1
else echo "note: this build has no soctrait protocol: soctrait/huntpack_traits checks are skipped"; fi

DEMO=captures/demo.pcapng
EX=(-X lua_script:lua-bridge/examples/flag_domains.lua -X lua_script:lua-bridge/examples/our_cdn.lua
    -X lua_script:lua-bridge/examples/ja4_alert.lua)
# huntpack.lua registers its heuristic with the first rule: installed without rules it leaves
# huntpack.rules empty (a Lua call on every frame costs ~7 us), with a rule it is there.
# (-G must come first and takes no -X: the rule goes into the personal folder, after huntpack.lua.)
heur_none=$(hp_tshark -G heuristic-decodes 2>&1 | grep -c 'huntpack\.rules' || true)
lua_dir="$HP_HOME/.local/lib/wireshark/plugins"
printf 'huntpack.rule{ id = "zz-test", fields = {}, match = function() return nil end }\n' >"$lua_dir/zz-hp-rule.lua"
chmod a+r "$lua_dir/zz-hp-rule.lua"
heur_ex=$(hp_tshark -G heuristic-decodes 2>&1 | grep -c 'huntpack_rules' || true)
rm -f "$lua_dir/zz-hp-rule.lua"
hp_eq "huntpack.lua without rules registers no heuristic" "0" "$heur_none"
hp_eq "huntpack.lua with rules registers its one heuristic" "1" "$heur_ex"
work=$(mktemp -d /tmp/hp-lua.XXXXXX)
trap 'rm -rf "$HP_HOME" "$work"' EXIT

# 1. Example rules: huntpack_lua items (always) and soctrait items (when soctrait exists).
hp_tshark -r "$DEMO" "${EX[@]}" -Y huntpack_lua -T fields -e frame.number -e huntpack_lua.rule -e huntpack_lua.hit \
    -e huntpack_lua.catalog 2>"$work/err" >"$work/hits.tsv"
if [ -s "$work/err" ]; then hp_fail "tshark/Lua errors: $(head -5 "$work/err")"; fi
hp_eq "catalog addition arrives once" "1" "$(awk -F'\t' '$4 ~ /stackfast-cdn.net/' "$work/hits.tsv" | wc -l)"
for want in watched-domain ja4-watchlist cdn-content; do
    n=$(cut -f3 "$work/hits.tsv" | tr ',' '\n' | grep -cx "$want" || true)
    if [ "$n" -gt 0 ]; then hp_ok "huntpack_lua.hit $want on $n frame(s)"; else hp_fail "no huntpack_lua.hit $want"; fi
done
if [ "$have_soctrait" = 1 ]; then
    hp_tshark -r "$DEMO" "${EX[@]}" -Y 'soctrait.evidence contains "[Lua heuristic" || soctrait.evidence contains "analyst catalog added from Lua"' \
        -T json --no-duplicate-keys -j soctrait >"$work/traits.json"
    got=$(/usr/bin/python3 - "$work/traits.json" <<'PY'
import json, sys
pairs = set()
def walk(o):
    if isinstance(o, dict):
        if "soctrait.id" in o:
            ids = o["soctrait.id"] if isinstance(o["soctrait.id"], list) else [o["soctrait.id"]]
            hosts = o.get("soctrait.host", [])
            hosts = hosts if isinstance(hosts, list) else [hosts]
            ev = o.get("soctrait.evidence", [])
            ev = ev if isinstance(ev, list) else [ev]
            for i, t in enumerate(ids):
                if i < len(ev) and ("Lua" in ev[i]):
                    pairs.add("%s@%s" % (t, hosts[i] if i < len(hosts) else ""))
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(json.load(open(sys.argv[1])))
print(" ".join(sorted(pairs)))
PY
)
    hp_eq "soctrait items from the Lua examples" \
        "cdn-content@e7.stackfast-cdn.net ja4-watchlist@192.168.1.23 watched-domain@ads.example-adnet.com watched-domain@tracker.example-adnet.com" \
        "$got"
    table=$(hp_tshark -q -r "$DEMO" "${EX[@]}" -z huntpack_traits,table 2>&1)
    for want in watched-domain ja4-watchlist; do
        if grep -q "^$want " <<<"$table"; then hp_ok "huntpack_traits,table has a $want row"
        else hp_fail "huntpack_traits,table has no $want row"; echo "$table" | head -20 >&2; fi
    done
    if grep -q "analyst catalog added from Lua" <<<"$(hp_tshark -r "$DEMO" "${EX[@]}" -Y 'soctrait.id == "cdn-content"' -T fields -e soctrait.evidence)"; then
        hp_ok "cdn-content from the Lua catalog addition"
    else hp_fail "no cdn-content from the Lua catalog addition"; fi
fi

# 2. The raw mechanism, without huntpack.lua's helpers: any Lua heuristic on huntpack.rules.
cat >"$work/raw.lua" <<'LUA'
local p = Proto("hp_raw_test", "huntpack raw rule test")
p:register_heuristic("huntpack.rules", function(tvb, pinfo, tree)
    if pinfo.number == 3 then
        pinfo.private["huntpack.trait"] = "raw-rule|warn|Raw rule hit|frame three|10.9.8.7\nBAD ID|9|x|y"
    end
    return false
end)
LUA
chmod a+r "$work/raw.lua"; chmod a+rx "$work"
raw=$(hp_tshark -r "$DEMO" -X lua_script:"$work/raw.lua" -Y 'huntpack_lua' -T fields -e frame.number -e huntpack_lua.hit -e huntpack_lua.rule)
hp_eq "raw Lua heuristic hit" "3	raw-rule	hp_raw_test_huntpack.rules" "$raw"
bad=$(hp_tshark -r "$DEMO" -X lua_script:"$work/raw.lua" -Y 'huntpack_lua.bad_line' -T fields -e frame.number)
hp_eq "malformed line raises huntpack_lua.bad_line" "3" "$bad"
off=$(hp_tshark -r "$DEMO" -X lua_script:"$work/raw.lua" --disable-heuristic hp_raw_test_huntpack.rules -Y 'huntpack_lua' -T fields -e frame.number | wc -l)
hp_eq "--disable-heuristic switches the rule off" "0" "$off"
if [ "$have_soctrait" = 1 ]; then
    hp_eq "raw hit as soctrait" "raw-rule	2	10.9.8.7" \
        "$(hp_tshark -r "$DEMO" -X lua_script:"$work/raw.lua" -Y 'soctrait.id == "raw-rule"' -T fields -e soctrait.id -e soctrait.severity -e soctrait.host)"
fi

# 3. The report on every capture in captures/: JSON parses, packets = capinfos, Markdown has
#    every section; on the demo (with the example rules) the Lua hits are in the report.
for cap in captures/*.pcap captures/*.pcapng; do
    [ -f "$cap" ] || continue
    n=$(capinfos -c -M "$cap" | awk '/Number of packets/ {print $NF}')
    hp_tshark -q -r "$cap" -X lua_script:lua-bridge/report.lua -X lua_script1:format=json >"$work/r.json" 2>"$work/err"
    if [ -s "$work/err" ]; then hp_fail "$cap: report.lua errors: $(head -3 "$work/err")"; fi
    if pk=$(/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["summary"]["packets"])' <"$work/r.json"); then
        hp_eq "$cap: JSON report parses, packets = capinfos" "$n" "$pk"
    else
        hp_fail "$cap: JSON report does not parse"
    fi
    md=$(hp_tshark -q -r "$cap" -X lua_script:lua-bridge/report.lua -X lua_script1:format=markdown)
    sections=$(grep -c '^## ' <<<"$md" || true)
    row=$(grep -A2 '^| packets |' <<<"$md" | tail -1 | cut -d'|' -f2 | tr -d ' ')
    if [ "$sections" -eq 6 ] && [ "$row" = "$n" ]; then hp_ok "$cap: Markdown report with 6 sections, $row packets"
    else hp_fail "$cap: Markdown report: $sections sections, packets '$row' (want 6, $n)"; fi
done
if [ "$have_soctrait" = 1 ]; then
    hp_tshark -q -r "$DEMO" -X lua_script:lua-bridge/report.lua -X lua_script1:format=json "${EX[@]}" >"$work/r.json"
    got=$(/usr/bin/python3 -c '
import json,sys
d = json.load(sys.stdin)
print(" ".join(sorted({t["id"] + "@" + t["host"] for t in d["traits"] if t["id"] in ("watched-domain", "ja4-watchlist")})))' <"$work/r.json")
    hp_eq "Lua rule hits in the JSON report" \
        "ja4-watchlist@192.168.1.23 watched-domain@ads.example-adnet.com watched-domain@tracker.example-adnet.com" "$got"
fi
hp_finish
