#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""compare.py: compare a huntpack dialog's Copy text (Wireshark Qt) with tshark's `-q -z` output.

    compare.py table GUI_COPY TSHARK_OUT   # stat_tap_table dialogs (-z huntpack_*,table)
    compare.py tree  GUI_COPY TSHARK_OUT   # stats_tree dialogs (-z huntpack_*,tree)

Exit 0 when the rows match, 1 (with a diff on stderr) when they differ, 2 when a file cannot be
parsed (for example an empty clipboard). Rows are compared as sorted lists: the GUI sorts by its
first column, tshark keeps the tap's order.

Formats (Wireshark 4.0.17):
- tshark table: a header row "Col |Col |...|" then one row per item, cells separated by '|'.
- GUI table copy: '=' rule, "<title> - <file>:", header "Col  Col  ...", '-' rule, rows, '-' rule.
  Each cell is its text padded to the width of its column header, cells joined by two spaces.
- trees (both): "Topic / Item" header, '-' rule, rows "<indent><name>  <count>  ...", one space of
  indent per level; only the names and the Count column are compared (rates depend on timing
  only in the GUI's burst settings).
"""
import re
import sys


def norm(cell):
    return " ".join(cell.replace("\\r\\n", " ").replace("\r\n", " ").split())


def tshark_table(text):
    rows, header = [], None
    for line in text.splitlines():
        if "|" not in line or line.startswith("Filter for statistics"):
            continue
        cells = [norm(c) for c in line.rstrip().rstrip("|").split("|")]
        if header is None:
            header = cells
            continue
        rows.append(tuple(cells))
    if header is None:
        raise ValueError("no table header in tshark output")
    return header, rows


def split_gui_row(line, widths):
    cells, p = [], 0
    for i, w in enumerate(widths):
        if i == len(widths) - 1:
            cells.append(line[p:])
            break
        end = p + w
        if line[end:end + 2] == "  " or end >= len(line):
            cells.append(line[p:end])
            p = end + 2
        else:  # text wider than its header: runs to the next double space
            nxt = line.find("  ", end)
            if nxt < 0:
                cells.append(line[p:])
                p = len(line)
            else:
                cells.append(line[p:nxt])
                p = nxt + 2
    cells += [""] * (len(widths) - len(cells))
    return tuple(norm(c) for c in cells)


def gui_table(text, header_names):
    lines = text.splitlines()
    hdr_idx = None
    for i, line in enumerate(lines):
        if line.startswith(header_names[0]) and all(h in line for h in header_names):
            hdr_idx = i
            break
    if hdr_idx is None:
        raise ValueError("no table header in the GUI copy")
    widths = [len(h) for h in header_names]
    rows = []
    for line in lines[hdr_idx + 2:]:
        if re.fullmatch(r"-+", line.strip()) or not line.strip():
            break
        rows.append(split_gui_row(line, widths))
    return rows


TREE_ROW = re.compile(r"^( *)(\S(?:.*?\S)?)\s{2,}(\S+)")


def tree_rows(text):
    lines = text.splitlines()
    start = None
    for i, line in enumerate(lines):
        if line.startswith("Topic / Item"):
            start = i + 1
            break
    if start is None:
        raise ValueError("no 'Topic / Item' header")
    rows, stack = [], []
    for line in lines[start:]:
        if not line.strip() or re.fullmatch(r"[-=]+", line.strip()):
            if rows:
                break
            continue
        m = TREE_ROW.match(line)
        if not m:
            continue
        depth = len(m.group(1))
        stack = stack[:depth] + [m.group(2)]
        rows.append((" / ".join(stack), m.group(3)))
    return rows


def canon(row):
    # A cell may itself contain '|' (tshark's separator), so rows compare as one joined string.
    if isinstance(row, tuple) and row and isinstance(row[0], str) and len(row) > 2:
        return re.sub(r"\s*\|\s*", "|", "|".join(row))
    return row


def report(kind, gui, ref):
    g, r = sorted(canon(x) for x in gui), sorted(canon(x) for x in ref)
    if g == r:
        print(f"{kind}: {len(g)} rows match")
        return 0
    only_g = [x for x in g if x not in r]
    only_r = [x for x in r if x not in g]
    print(f"{kind}: MISMATCH ({len(g)} GUI rows, {len(r)} tshark rows)", file=sys.stderr)
    for x in only_r[:20]:
        print(f"  tshark only: {x}", file=sys.stderr)
    for x in only_g[:20]:
        print(f"  GUI only:    {x}", file=sys.stderr)
    return 1


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("table", "tree"):
        print(__doc__, file=sys.stderr)
        return 2
    kind, gui_file, ts_file = sys.argv[1:]
    with open(gui_file, encoding="utf-8", errors="replace") as f:
        gui_text = f.read()
    with open(ts_file, encoding="utf-8", errors="replace") as f:
        ts_text = f.read()
    try:
        if kind == "table":
            header, ref = tshark_table(ts_text)
            gui = gui_table(gui_text, header)
        else:
            ref, gui = tree_rows(ts_text), tree_rows(gui_text)
    except ValueError as e:
        print(f"{kind}: cannot parse: {e}", file=sys.stderr)
        return 2
    if not ref:
        print(f"{kind}: tshark output has no rows", file=sys.stderr)
        return 2
    return report(kind, gui, ref)


if __name__ == "__main__":
    sys.exit(main())
