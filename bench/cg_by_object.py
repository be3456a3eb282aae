#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/cg_by_object.py OUT...: a callgrind output's self cost summed per object (huntpack.so,
# libwireshark, libc, ...), for every event it recorded (Ir; with --cache-sim I1mr, D1mr, ...;
# with --branch-sim Bc, Bcm, Bi, Bim). callgrind_annotate sums per function only.
# Reads the format of valgrind's callgrind: object names ("ob=", compressed as "(id) name"), cost
# lines "position events..." (other lines start with a letter), and the line after each "calls="
# (the call's inclusive cost, not the caller's own: skipped).
import collections
import sys


def by_object(path):
    objects = {}  # compressed object names: id -> path (file and function names do not matter here)
    events, cur_ob, after_calls = [], "?", False
    agg = collections.defaultdict(list)

    def resolve(val):
        val = val.strip()
        if val.startswith("("):
            ident, _, name = val[1:].partition(")")
            if name.strip():
                objects[ident] = name.strip()
            return objects.get(ident, "?")
        return val

    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("events:"):
                events = line.split()[1:]
            elif line.startswith("ob="):
                cur_ob = resolve(line[3:])
            elif line.startswith("cob="):  # may define an id that a later ob= uses
                resolve(line[4:])
            elif line.startswith("calls="):
                after_calls = True
            elif line and (line[0].isdigit() or line[0] in "+-*"):
                if after_calls:  # the call's inclusive cost: not this object's own
                    after_calls = False
                    continue
                vals = [int(x) for x in line.split()[1:]]
                obj = cur_ob.rsplit("/", 1)[-1]
                a = agg[obj]
                if len(a) < len(vals):
                    a.extend([0] * (len(vals) - len(a)))
                for i, v in enumerate(vals):
                    a[i] += v
    return events, agg


def main():
    for path in sys.argv[1:]:
        events, agg = by_object(path)
        total = [sum(a[i] for a in agg.values() if i < len(a)) for i in range(len(events))]
        print(f"== {path}")
        print(f"{'object':34s}" + "".join(f"{e:>12s}" for e in events))
        rows = sorted(agg.items(), key=lambda kv: -kv[1][0])[:12]
        for obj, a in [("total", total)] + rows:
            a = a + [0] * (len(events) - len(a))
            print(f"{obj[:34]:34s}" + "".join(f"{v / 1e6:11.2f}M" for v in a))


if __name__ == "__main__":
    main()
