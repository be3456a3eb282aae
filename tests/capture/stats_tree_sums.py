#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Reads `tshark -z X,tree` output on stdin; for the top-level nodes whose children partition
them ("Packets by protocol", "Bytes by protocol", and their revised forms), checks that the
direct children's counts add up to the parent's count. Prints one line per node checked."""
import sys

lines = sys.stdin.read().splitlines()
col = None
nodes = []  # (depth, name, count)
for ln in lines:
    if ln.startswith("Topic / Item"):
        col = ln.index("Count")
        continue
    if col is None or not ln.strip() or ln.startswith(("=", "-")) or ":" in ln[:col] and ln.endswith(":"):
        continue
    name = ln[:col].rstrip()
    rest = ln[col:].split()
    if not rest or not rest[0].isdigit():
        continue
    depth = len(name) - len(name.lstrip(" "))
    nodes.append((depth, name.strip(), int(rest[0])))
for i, (d, name, cnt) in enumerate(nodes):
    if d != 0 or "by protocol" not in name:
        continue
    kids = 0
    for d2, _, c2 in nodes[i + 1:]:
        if d2 <= d:
            break
        if d2 == d + 1:
            kids += c2
    print(f"{name}: {cnt} = sum of children {kids}" + ("" if kids == cnt else " MISMATCH"))
