#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""summarize.py runs.tsv: medians per (mode, variant), ratios and verdicts against issue 8's targets.

cpu = user + sys. Targets:
  plain read with huntpack <= 1.10 x without (wall, cpu) and peak RSS <= 1.10 x;
  huntpack analysis (with) <= Wireshark's io,phs + expert (without), compared both absolutely
  and as the increment over a plain read without huntpack.
"""
import argparse
import csv
import statistics


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tsv")
    ap.add_argument("--frames", default="?")
    ap.add_argument("--capture", default="?")
    a = ap.parse_args()
    rows = list(csv.DictReader(open(a.tsv), delimiter="\t"))
    groups = {}
    for r in rows:
        g = groups.setdefault((r["mode"], r["variant"]), {"wall": [], "cpu": [], "rss": [], "load": []})
        g["wall"].append(float(r["wall_s"]))
        g["cpu"].append(float(r["user_s"]) + float(r["sys_s"]))
        g["rss"].append(int(r["maxrss_kb"]) / 1024)
        g["load"].append(float(r["load1"]))
    med = {k: {m: statistics.median(v) for m, v in g.items()} for k, g in groups.items()}
    n = {k: len(g["wall"]) for k, g in groups.items()}

    print("# huntpack benchmark summary\n")
    print("capture: `%s` (%s frames)\n" % (a.capture, a.frames))
    print("| mode | variant | runs | wall s (median) | wall min-max | CPU s (median) | peak RSS MiB (median) | load1 (median) |")
    print("|---|---|---|---|---|---|---|---|")
    for k in sorted(groups):
        g = groups[k]
        print("| %s | %s | %d | %.2f | %.2f-%.2f | %.2f | %.0f | %.1f |" % (k[0], k[1], n[k], med[k]["wall"], min(g["wall"]),
              max(g["wall"]), med[k]["cpu"], med[k]["rss"], med[k]["load"]))
    print()

    def ratio(x, y, m):
        return med[x][m] / med[y][m] if x in med and y in med and med[y][m] else float("nan")

    verdicts = []
    a_w, a_n = ("plain", "with"), ("plain", "without")
    if a_w in med and a_n in med:
        rw, rc, rr = ratio(a_w, a_n, "wall"), ratio(a_w, a_n, "cpu"), ratio(a_w, a_n, "rss")
        print("plain read, with / without huntpack: wall %.3f x, CPU %.3f x, peak RSS %.3f x (targets <= 1.10)" % (rw, rc, rr))
        verdicts.append(("plain read time (CPU) <= 1.10x", rc <= 1.10, "%.3f x" % rc))
        verdicts.append(("plain read time (wall) <= 1.10x", rw <= 1.10, "%.3f x" % rw))
        verdicts.append(("plain read peak memory <= 1.10x", rr <= 1.10, "%.3f x" % rr))
    b, c = ("huntpack", "with"), ("wireshark", "without")
    if b in med and c in med:
        print("huntpack analysis (with) / Wireshark io,phs+expert (without): wall %.3f x, CPU %.3f x, peak RSS %.3f x"
              % (ratio(b, c, "wall"), ratio(b, c, "cpu"), ratio(b, c, "rss")))
        verdicts.append(("huntpack analysis CPU <= io,phs+expert CPU", ratio(b, c, "cpu") <= 1.0, "%.3f x" % ratio(b, c, "cpu")))
        verdicts.append(("huntpack analysis wall <= io,phs+expert wall", ratio(b, c, "wall") <= 1.0, "%.3f x" % ratio(b, c, "wall")))
        # The same ratio per round (the two runs of a round are minutes apart at most; system
        # time, mostly page clearing, swings by 0.5 s between rounds): information only, the
        # verdict stays on the ratio of the medians.
        per_round = {}
        for r in rows:
            key = (r["mode"], r["variant"])
            if key in (b, c):
                per_round.setdefault(r["round"], {})[key] = r
        for m, label in (("cpu", "CPU"), ("user", "user")):
            rs = []
            for pr in per_round.values():
                if b in pr and c in pr:
                    val = {k: float(pr[k]["user_s"]) + (float(pr[k]["sys_s"]) if m == "cpu" else 0) for k in (b, c)}
                    if val[c]:
                        rs.append(val[b] / val[c])
            if rs:
                print("  per round, huntpack analysis / io,phs+expert, %s: median %.3f x (%s)"
                      % (label, statistics.median(rs), ", ".join("%.3f" % x for x in rs)))
        if a_n in med:
            inc_b = med[b]["cpu"] - med[a_n]["cpu"]
            inc_c = med[c]["cpu"] - med[a_n]["cpu"]
            print("increment over a plain read without huntpack (CPU s): huntpack analysis %+.2f, io,phs+expert %+.2f (%.2f x)"
                  % (inc_b, inc_c, inc_b / inc_c if inc_c else float("nan")))
    cw = ("wireshark", "with")
    if cw in med and c in med:
        print("io,phs+expert, with / without huntpack loaded: wall %.3f x, CPU %.3f x, peak RSS %.3f x"
              % (ratio(cw, c, "wall"), ratio(cw, c, "cpu"), ratio(cw, c, "rss")))
    print("\n| target | met | measured |\n|---|---|---|")
    for name, ok, val in verdicts:
        print("| %s | %s | %s |" % (name, "yes" if ok else "**no**", val))


if __name__ == "__main__":
    main()
