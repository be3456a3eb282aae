#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks tcplabel output (tshark -T fields TSV on stdin) against Wireshark and nDPI.

Input columns: frame, tcp.stream, srcip, srcport, dstip, dstport, frame.protocols,
tls.record.content_type|opaque_type present, http.request|response present, tcplabel.app,
tcplabel.basis, tcplabel.kind.
Usage: tcplabel_check.py CAPTURE_NAME [NDPI_OUT]   (prints a summary, exit 1 on failure)
"""
import re
import sys
from collections import defaultdict

WEB = {80, 443, 8080, 8443}


def load(stream):
    rows = []
    for line in stream:
        f = line.rstrip("\n").split("\t")
        if len(f) < 12 or not f[1]:
            continue
        rows.append(dict(frame=int(f[0]), stream=int(f[1]), a=(f[2], int(f[3])), b=(f[4], int(f[5])),
                         protos=f[6], tls=bool(f[7]), http=bool(f[8]), app=f[9], basis=f[10], kind=f[11]))
    return rows


def ndpi_flows(path):
    """{frozenset of two endpoints: 'tls'|'http'} for TCP flows nDPI labelled TLS or HTTP."""
    flows = {}
    pat = re.compile(r"\sTCP\s+\[?([0-9a-f.:]+?)\]?:(\d+)\s+<->\s+\[?([0-9a-f.:]+?)\]?:(\d+)\s.*?\[proto: [\d.]+/([A-Za-z0-9_]+)")
    for line in open(path, errors="replace"):
        m = pat.search(line)
        if not m:
            continue
        master = m.group(5).split(".")[0].lower()
        if master in ("tls", "http"):
            flows[frozenset([(m.group(1), int(m.group(2))), (m.group(3), int(m.group(4)))])] = master
    return flows


def main():
    name = sys.argv[1]
    rows = load(sys.stdin)
    ok = True
    # (a) every bare TCP frame on a web port carries tcplabel.app
    web = [r for r in rows if r["a"][1] in WEB or r["b"][1] in WEB]
    # ICMP errors quoting a TCP header (eth:ip:icmp:ip:tcp) are ICMP messages, not segments of
    # the flow: tcplabel must leave them alone on every Wireshark version.
    quoted = [r for r in web if ":icmp:" in r["protos"] or ":icmpv6:" in r["protos"]]
    web = [r for r in web if r not in quoted]
    bare = [r for r in web if r["protos"].endswith(":tcp") or r["protos"].endswith(":tcp:data")]
    missing = [r["frame"] for r in bare if not r["app"]]
    print(f"{name}: web-port TCP frames {len(web)}, bare {len(bare)}, without tcplabel.app {len(missing)}")
    if missing:
        print(f"  FAIL frames without label: {missing[:20]}")
        ok = False
    labelled_icmp = [r["frame"] for r in quoted if r["app"]]
    if labelled_icmp:
        print(f"  FAIL ICMP errors quoting TCP labelled by tcplabel: {labelled_icmp[:20]}")
        ok = False
    # (b) agreement with Wireshark's own identification of the same conversation
    ws = defaultdict(set)
    for r in web:
        if r["tls"]:
            ws[r["stream"]].add("tls")
        if r["http"]:
            ws[r["stream"]].add("http")
    # A label with basis "port" is a prediction made before any evidence (e.g. the handshake of a
    # flow whose first bytes come later, in a single pass): when Wireshark later identifies the
    # conversation otherwise it is counted apart, as a corrected guess, not as a contradiction.
    agree = disagree = guesses = 0
    bad = []
    for r in web:
        ids = ws.get(r["stream"])
        if not r["app"] or not ids or len(ids) != 1:
            continue
        if r["app"] in ids:
            agree += 1
        elif r["basis"] == "port":
            guesses += 1
        else:
            disagree += 1
            bad.append((r["frame"], r["app"], sorted(ids)))
    print(f"  vs Wireshark's identification of the conversation: {agree} agree, {disagree} disagree"
          + (f" ({guesses} port-basis guesses made before the flow's content, contradicted later)" if guesses else ""))
    if disagree:
        print(f"  FAIL {bad[:10]}")
        ok = False
    # (c) agreement with nDPI's per-flow labels
    if len(sys.argv) > 2:
        flows = ndpi_flows(sys.argv[2])
        n_agree = n_total = 0
        bad = []
        for r in web:
            key = frozenset([r["a"], r["b"]])
            if not r["app"] or key not in flows:
                continue
            n_total += 1
            if r["app"] == flows[key]:
                n_agree += 1
            else:
                bad.append((r["frame"], r["app"], flows[key]))
        print(f"  vs nDPI flow labels: {n_agree}/{n_total} frames agree")
        print(f"NDPI\t{name}\t{n_agree}\t{n_total}")
        if bad:
            print(f"  disagreements: {bad[:10]}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
