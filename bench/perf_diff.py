#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/perf_diff.py B.tsv... -- C.tsv...: sampled CPU time of two commands (bench/perfprof.sh:
# "samples<TAB>object<TAB>function" lines from perf report, one file per run), summed over
# the runs of each: totals, (B - C) per object, the functions that differ most both ways, and
# huntpack.so's own functions. One sample is 0.1 ms of CPU (perf record -c 100000 on cpu-clock).
import collections
import sys


def load(paths):
    per_sym = collections.Counter()
    for p in paths:
        with open(p, errors="replace") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t", 2)
                if len(parts) == 3 and parts[0].isdigit():
                    per_sym[(parts[1], parts[2].strip())] += int(parts[0])
    return per_sym


def main(argv):
    if "--" not in argv:
        sys.exit("usage: perf_diff.py B.tsv... -- C.tsv...")
    cut = argv.index("--")
    bp, cp = argv[:cut], argv[cut + 1:]
    if not bp or not cp:
        sys.exit("perf_diff.py: no runs on one side")
    b, c = load(bp), load(cp)
    tb, tc = sum(b.values()), sum(c.values())
    if not tb or not tc:
        sys.exit("perf_diff.py: no samples read (perf report format?)")
    print(f"samples: (b) {tb} in {len(bp)} runs, (c) {tc} in {len(cp)} runs; "
          f"per run (b) {tb / len(bp) / 10:.1f} ms, (c) {tc / len(cp) / 10:.1f} ms, (b)/(c) {tb / len(bp) / (tc / len(cp)):.3f}")
    nb, nc = len(bp), len(cp)
    ob, oc = collections.Counter(), collections.Counter()
    for (o, _), n in b.items():
        ob[o] += n
    for (o, _), n in c.items():
        oc[o] += n
    print("\nper object, ms per run: (b), (c), (b) - (c)")
    for o in sorted(set(ob) | set(oc), key=lambda o: -abs(ob[o] / nb - oc[o] / nc))[:12]:
        print(f"  {ob[o] / nb / 10:8.1f} {oc[o] / nc / 10:8.1f} {(ob[o] / nb - oc[o] / nc) / 10:+8.1f}  {o}")
    keys = set(b) | set(c)
    d = {k: (b[k] / nb - c[k] / nc) / 10 for k in keys}
    print("\nfunctions (b) spends more time in, ms per run (outside huntpack.so)")
    for k in sorted((k for k in keys if k[0] != "huntpack.so"), key=lambda k: -d[k])[:15]:
        print(f"  {d[k]:+7.1f}  {k[0][:24]:24s} {k[1][:90]}")
    print("\nfunctions (b) spends less time in, ms per run")
    for k in sorted(keys, key=lambda k: d[k])[:10]:
        print(f"  {d[k]:+7.1f}  {k[0][:24]:24s} {k[1][:90]}")
    print("\nhuntpack.so's own functions, ms per run")
    for k in sorted((k for k in keys if k[0] == "huntpack.so"), key=lambda k: -d[k])[:30]:
        print(f"  {d[k]:7.1f}  {k[1][:110]}")


if __name__ == "__main__":
    main(sys.argv[1:])
