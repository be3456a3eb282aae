#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# huntpack_tcperr: on the generated captures/tcperr.pcap, counts per conversation and kind equal
# Wireshark's own tcp.analysis counts and each stream gets the interpretation its generator
# documents (tests/expected/tcperr.interp); on shared real captures, the counts agree too.
source "$(dirname "$0")/../lib/common.sh"
hp_require_plugin
cd "$HUNTPACK_SOURCE_DIR"
CAP=captures/tcperr.pcap

# The committed capture is what the committed generator writes (deterministic).
regen=$(mktemp /tmp/tcperr.XXXXXX.pcap)
/usr/bin/python3 captures/gen_tcperr.py "$regen" >/dev/null 2>&1
if cmp -s "$regen" "$CAP"; then hp_ok "captures/tcperr.pcap = gen_tcperr.py output"; else hp_fail "captures/tcperr.pcap differs from gen_tcperr.py output"; fi
rm -f "$regen"

# Table rows as TSV: stream, 11 kind counts, first frame, severity, interpretation.
table_tsv() { # capture
    hp_tshark -q -r "$1" -z huntpack_tcperr,table 2>/dev/null |
        awk -F' \\|' '/^[0-9]+ \|/ {o=$1; for (i=3;i<=16;i++) {sub(/^ /,"",$i); o=o"\t"$i}; print o}'
}
# Wireshark's own counts as TSV rows "stream<TAB>c1..c11" (only streams with any count), from one
# tshark run: an analysis field is present when its column is not empty; RST when the flag is 1.
KINDS=(tcp.analysis.retransmission tcp.analysis.fast_retransmission tcp.analysis.spurious_retransmission
       tcp.analysis.duplicate_ack tcp.analysis.out_of_order tcp.analysis.lost_segment
       tcp.analysis.ack_lost_segment tcp.analysis.zero_window tcp.analysis.window_full
       tcp.analysis.keep_alive tcp.flags.reset)
wireshark_tsv() { # capture
    local args=() k
    for k in "${KINDS[@]}"; do args+=(-e "$k"); done
    hp_tshark -r "$1" -Y tcp -T fields -e tcp.stream "${args[@]}" 2>/dev/null |
        awk -F'\t' '$1!="" {split($1,s,","); any=0
                 for (k=2;k<=12;k++) { on = (k<12) ? ($k!="") : ($k ~ /^(1|True)/); if (on) {c[s[1]"\t"k]++; any=1} }
                 if (any) st[s[1]]=1}
             END {for (x in st) {o=x; for (k=2;k<=12;k++) o=o"\t"(c[x"\t"k]+0); print o}}' | sort -n
}
compare_counts() { # name capture
    local ours theirs
    ours=$(table_tsv "$2" | cut -f1-12 | sort -n)
    theirs=$(wireshark_tsv "$2")
    if [ "$ours" == "$theirs" ]; then
        hp_ok "$1: counts per stream and kind = Wireshark's tcp.analysis ($(wc -l <<<"$ours") streams)"
    else
        hp_fail "$1: counts differ from Wireshark's tcp.analysis:"
        diff <(echo "$theirs") <(echo "$ours") | head -20 >&2
    fi
}

compare_counts tcperr.pcap "$CAP"
hp_expect_file "interpretations" <(grep -v '^#' tests/expected/tcperr.interp) <(table_tsv "$CAP" | cut -f1,14,15)
# Evidence of the injection stream names the TTL and MAC change and the first odd frame.
ev=$(hp_tshark -q -r "$CAP" -z huntpack_tcperr,table 2>/dev/null | awk -F' \\|' '$1=="4" {print $17}')
for want in "B->A TTL 50, then 64 at #47" "B->A MAC 02:00:00:00:00:01, then 02:00:00:00:00:66 at #47" "unusual TTL/MAC #47"; do
    if grep -qF "$want" <<<"$ev"; then hp_ok "stream 4 evidence: $want"; else hp_fail "stream 4 evidence lacks '$want': $ev"; fi
done
# A display filter given to the table still finds the analysis fields (they are primed apart).
hp_eq "filtered table (tcp.stream == 0) rows" "0" "$(hp_tshark -q -r "$CAP" -z 'huntpack_tcperr,table,tcp.stream == 0' 2>/dev/null | awk -F' \\|' '/^[0-9]+ \|/ {print $1}' | tr '\n' ' ' | sed 's/ $//')"

# Real traffic: the same equality on shared captures with many TCP errors.
for rel in ndpi/google_ssl.pcap ndpi/android.pcap ndpi/telegram.pcap; do
    compare_counts "$rel" "$(hp_shared "$rel")"
done
hp_finish
