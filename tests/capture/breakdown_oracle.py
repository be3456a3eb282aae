#!/usr/bin/env python3
"""Wireshark's own view of a capture's protocol breakdown, frame by frame, against huntpack's.

Usage: breakdown_oracle.py ORACLE_FIELDS PROTOCOLS BREAKDOWN
  ORACLE_FIELDS  output of `tshark -r F -T fields -E separator=/t -e frame.protocols
                 -e _ws.col.Protocol [-e tcplabel.bucket]` (a protocol tree: frame.protocols
                 lists only the layers whose dissector added an item, as the GUI's protocol
                 hierarchy does; the optional third column is compared frame by frame)
  PROTOCOLS      output of `tshark -G protocols` (name, short name, filter name)
  BREAKDOWN      output of `tshark -q -r F -z huntpack_breakdown,tree` (no protocol tree)

The oracle buckets each frame as README.md says ("How buckets are formed"): Wireshark's Protocol
column "TCP" (packet-tcp.c: a payload stored undissected for reassembly, "[TCP segment of a
reassembled PDU]") is "Unlabeled TCP"; otherwise the last layer of frame.protocols that is not a
sub-protocol of its parent, by its short name, tcp and udp as "Unlabeled TCP"/"Unlabeled UDP".
Prints one line per bucket whose packet count differs, then "frames=N moved=M fieldmoved=F
buckets=B" (M: frames counted in another bucket than Wireshark's, at least; F: frames whose
tcplabel.bucket is not Wireshark's bucket), and exits 1 if any differs.
"""
import re
import sys

SUB_EXACT = {"data", "data-text-lines", "media", "png", "json", "xml", "urlencoded-form",
             "mime_multipart", "image-gif", "image-jfif", "ber", "_ws.malformed", "_ws.short",
             "_ws.unreassembled", "_ws.expert"}
SUB_PREFIX = ("x509", "pkcs", "pkix", "image-")


def is_sub(layer):
    return layer in SUB_EXACT or layer.startswith(SUB_PREFIX)


def short_names(path):
    names = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 3:
                names[cols[2]] = cols[1]
    return names


def oracle(path, names):
    """Wireshark's bucket counts; also how many frames' third column (tcplabel.bucket, when
    asked for) names another bucket."""
    counts, field_moved = {}, 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            layers = cols[0].split(":") if cols[0] else []
            col = cols[1] if len(cols) > 1 else ""
            bucket = "Other"
            if col == "TCP":
                bucket = "Unlabeled TCP"
            else:
                for layer in reversed(layers):
                    if not is_sub(layer):
                        bucket = {"tcp": "Unlabeled TCP", "udp": "Unlabeled UDP"}.get(layer, names.get(layer, layer))
                        break
            counts[bucket] = counts.get(bucket, 0) + 1
            if len(cols) > 2 and cols[2] != bucket:
                field_moved += 1
    return counts, field_moved


def huntpack(path):
    counts, inside = {}, False
    row = re.compile(r"^ (\S.*?)\s{2,}(\d+)\s")
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("Packets by protocol"):
                inside = True
                continue
            if inside:
                m = row.match(line)
                if not m:
                    break
                counts[m.group(1)] = int(m.group(2))
    return counts


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    want, field_moved = oracle(sys.argv[1], short_names(sys.argv[2]))
    got = huntpack(sys.argv[3])
    moved = 0
    for bucket in sorted(set(want) | set(got)):
        if want.get(bucket, 0) != got.get(bucket, 0):
            print(f"{bucket}\twireshark={want.get(bucket, 0)}\thuntpack={got.get(bucket, 0)}")
            moved += abs(want.get(bucket, 0) - got.get(bucket, 0))
    # Each frame counted in another bucket adds 1 to two buckets' differences (at least).
    print(f"frames={sum(want.values())} moved={moved // 2} fieldmoved={field_moved} buckets={len(want)}")
    sys.exit(1 if moved or field_moved or not want or sum(got.values()) != sum(want.values()) else 0)


if __name__ == "__main__":
    main()
