-- SPDX-License-Identifier: GPL-2.0-or-later
-- our_cdn.lua: "this CDN suffix is ours". Adds suffixes to huntpack's CDN catalog for this
-- session: names under them raise cdn-content (info) naming our CDN, instead of looking like an
-- obscure CDN. (Built-in judgements are not suppressed: both show, each with its evidence.)
-- Use:  tshark -r FILE -X lua_script:lua-bridge/examples/our_cdn.lua -Y 'soctrait.id == "cdn-content"'
assert(huntpack and huntpack.cdn_suffix, "our_cdn.lua: load huntpack.lua first")

huntpack.cdn_suffix("stackfast-cdn.net", "StackFast (our company's CDN)")
