# SPDX-License-Identifier: GPL-2.0-or-later
# tcplabel_rows CAPTURE: the TCP frames of CAPTURE as tcplabel_check.py reads them, from one tshark
# run (sourced by t_tcplabel.sh and t_tcplabel_corpus.sh after tests/lib/common.sh). Columns:
# frame, tcp.stream, src, srcport, dst, dstport, frame.protocols, TLS record seen (content_type
# or, for TLS 1.3, opaque_type), http.request, tcplabel.app, tcplabel.basis, tcplabel.kind.
# Addresses come from ip or ipv6; with tunnels (several values) the first one is kept.
# A damaged file still yields the frames tshark could read (tshark exits 2, or 14 on 4.6, after them).
tcplabel_rows() {
    hp_tshark -r "$1" -Y 'tcp' -T fields -e frame.number -e tcp.stream -e ip.src -e ipv6.src -e tcp.srcport \
        -e ip.dst -e ipv6.dst -e tcp.dstport -e frame.protocols -e tls.record.content_type \
        -e tls.record.opaque_type -e http.request -e tcplabel.app -e tcplabel.basis -e tcplabel.kind \
        2>/dev/null |
        awk -F'\t' -v OFS='\t' '{
            src = ($3 != "") ? $3 : $4; dst = ($6 != "") ? $6 : $7; tls = ($10 != "") ? $10 : $11
            st = $2; sp = $5; dp = $8
            sub(/,.*/, "", src); sub(/,.*/, "", dst); sub(/,.*/, "", st); sub(/,.*/, "", sp); sub(/,.*/, "", dp)
            print $1, st, src, sp, dst, dp, $9, tls, $12, $13, $14, $15 }' || true
}
