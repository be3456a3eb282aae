#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The demo capture: captures/gen_demo.py reproduces captures/demo.pcapng and
# tests/expected/demo_findings.txt byte for byte (same seed), the capture stays small enough to
# commit, and huntpack finds every expected finding (the generator's own plan, not huntpack's
# output): tcplabel/quicfp/spotudp field values always; soctrait traits (id on host) only when
# this build has the soctrait protocol (tshark -G protocols), otherwise they are listed as skipped.
source "$(dirname "$0")/../lib/common.sh"
hp_require_plugin
cd "$HUNTPACK_SOURCE_DIR"
DEMO=captures/demo.pcapng
EXP=tests/expected/demo_findings.txt
# The generator reuses real QUIC bytes from these shared captures: missing ones are a failure.
hp_shared ndpi/quic_t51.pcap >/dev/null
hp_shared ndpi/quic_q46.pcap >/dev/null
hp_shared ja4/quic-tls-handshake.pcapng >/dev/null

work=$(mktemp -d /tmp/hp-demo.XXXXXX)
trap 'rm -rf "$HP_HOME" "$work"' EXIT
seed=$(capinfos -k "$DEMO" 2>/dev/null | sed -n 's/.*--seed \([0-9]*\).*/\1/p' | head -1)
seed=${seed:-7}
/usr/bin/python3 captures/gen_demo.py --seed "$seed" --scale small -o "$work/demo.pcapng" --plan "$work/findings.txt" 2>/dev/null
if cmp -s "$work/demo.pcapng" "$DEMO"; then hp_ok "gen_demo.py --seed $seed reproduces $DEMO byte for byte"
else hp_fail "gen_demo.py --seed $seed does not reproduce $DEMO"; fi
hp_expect_file "generator plan" "$EXP" "$work/findings.txt"
size=$(stat -c %s "$DEMO")
if [ "$size" -lt 2000000 ]; then hp_ok "$DEMO is $size bytes (< 2 MB)"; else hp_fail "$DEMO is $size bytes (>= 2 MB)"; fi
frames=$(capinfos -c -M "$DEMO" | awk '/Number of packets/ {print $NF}')
if [ "$frames" -ge 2000 ]; then hp_ok "$DEMO has $frames frames"; else hp_fail "$DEMO has only $frames frames"; fi

# Field findings: one tshark pass, every occurrence of each field, values joined by \x1f.
mapfile -t fields < <(awk -F'\t' '$1=="field" {print $2}' "$EXP" | sort -u)
args=()
for f in "${fields[@]}"; do args+=(-e "$f"); done
hp_tshark -r "$DEMO" -Y 'tcplabel || quicfp || spotudp' -T fields -E occurrence=a -E "aggregator=$(printf '\x1f')" \
    -E header=y "${args[@]}" >"$work/fields.tsv"

have_soctrait=0
# (grep on a variable: grep -q on a pipe would SIGPIPE tshark and fail under pipefail)
protocols=$(hp_tshark -G protocols | cut -f3)
if grep -qx soctrait <<<"$protocols"; then
    have_soctrait=1
    hp_tshark -r "$DEMO" -Y soctrait -T json --no-duplicate-keys -j soctrait >"$work/traits.json"
else
    echo '[]' >"$work/traits.json"
    echo "note: this build has no soctrait protocol: trait findings are skipped"
fi

res=$(/usr/bin/python3 - "$EXP" "$work/fields.tsv" "$work/traits.json" "$have_soctrait" <<'PY'
import json, sys
exp, fields_tsv, traits_json, have_soctrait = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
seen = {}
with open(fields_tsv) as f:
    header = f.readline().rstrip("\n").split("\t")
    for line in f:
        for name, cell in zip(header, line.rstrip("\n").split("\t")):
            for v in cell.split("\x1f"):
                if v:
                    seen.setdefault(name, set()).add(v)
pairs = set()
def walk(o):
    if isinstance(o, dict):
        if "soctrait.id" in o:
            ids = o["soctrait.id"] if isinstance(o["soctrait.id"], list) else [o["soctrait.id"]]
            hosts = o.get("soctrait.host", "")
            hosts = hosts if isinstance(hosts, list) else [hosts]
            for i, t in enumerate(ids):
                pairs.add((t, hosts[i] if i < len(hosts) else ""))
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(json.load(open(traits_json)))
for line in open(exp):
    if line.startswith("#") or not line.strip():
        continue
    kind, key, value, why = line.rstrip("\n").split("\t")
    if kind == "field":
        ok = value in seen.get(key, set())
        print(("OK" if ok else "MISS") + "\tfield %s == %s (%s)" % (key, value, why))
    elif kind == "trait":
        if not have_soctrait:
            print("SKIP\ttrait %s on %s (%s): no soctrait" % (value, key, why))
            continue
        ok = (value, key) in pairs
        print(("OK" if ok else "MISS") + "\ttrait %s on %s (%s)" % (value, key, why))
PY
)
while IFS=$'\t' read -r status what; do
    case "$status" in
        OK) hp_ok "$what" ;;
        SKIP) echo "skip: $what" ;;
        *) hp_fail "not found: $what" ;;
    esac
done <<<"$res"
hp_finish
