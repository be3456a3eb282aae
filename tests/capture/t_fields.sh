#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Field contract (STYLE 14): every huntpack field in `tshark -G fields` has its protocol's prefix,
# a unique name made of [a-z0-9._-], and a description; every huntpack protocol can be disabled.
source "$(dirname "$0")/../lib/common.sh"
hp_require_plugin
protos="spotudp tcplabel quicfp soctrait huntpack_lua"
fields=$(hp_tshark -G fields | awk -F'\t' '$1=="F"')
all=$(hp_tshark -G protocols | cut -f3)
n=0
for p in $protos; do
    grep -qx "$p" <<<"$all" || { echo "  (protocol $p not built yet)"; continue; }
    rows=$(awk -F'\t' -v p="$p" '$5==p && $4!="FT_NONE"' <<<"$fields")  # FT_NONE: expert items
    [ -z "$rows" ] && { hp_fail "$p registers no fields"; continue; }
    bad=$(awk -F'\t' -v p="$p" 'index($3, p".") != 1 || $3 !~ /^[a-z0-9._-]+$/ || $8 == "" {print $3}' <<<"$rows")
    [ -n "$bad" ] && hp_fail "$p: fields with a bad name or no description: $(echo $bad)"
    n=$((n + $(wc -l <<<"$rows")))
    hp_eq "--disable-protocol $p accepted" "0" "$(hp_tshark --disable-protocol "$p" -r "$HUNTPACK_SOURCE_DIR/captures/spotudp.pcap" -Y "$p" -T fields -e frame.number 2>&1 | wc -l)"
done
dups=$(awk -F'\t' '{print $3}' <<<"$fields" | sort | uniq -d | grep -E '^(spotudp|tcplabel|quicfp|soctrait|huntpack_lua)\.' || true)
[ -z "$dups" ] || hp_fail "duplicate field names: $dups"
hp_ok "$n huntpack fields checked"
hp_finish
