#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/pairs.py LABEL: reads "A B" lines (the CPU ms of two commands run one after the other,
# a round a line; ab_plugins.sh, feature_cost.sh) and prints both medians, B - A, B/A of the
# medians and the median of the per-round ratios B/A.
import statistics
import sys

rows = [tuple(map(float, line.split())) for line in sys.stdin if line.strip()]
if not rows:
    sys.exit("pairs.py: no rounds read")
a = statistics.median(r[0] for r in rows)
b = statistics.median(r[1] for r in rows)
per_round = statistics.median(y / x for x, y in rows)
print(f"{sys.argv[1] if len(sys.argv) > 1 else '':34s} {a:8.1f} -> {b:8.1f} ms  {b - a:+7.1f} ms  "
      f"B/A {b / a:.4f}, per-round median {per_round:.4f} ({len(rows)} rounds)")
