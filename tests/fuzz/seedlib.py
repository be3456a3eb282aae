# SPDX-License-Identifier: GPL-2.0-or-later
# seedlib.py: what the seed scripts share. make_seeds.py regenerates every harness's seeds;
# seeds_extra.py, seeds_dns_message.py, seeds_http_message.py and seeds_discovery.py each
# define add_all(add, cap=None, tshark_fields=None), which make_seeds.py calls, and rewrite only
# their own harnesses' corpus dirs when run alone (standalone()).
import hashlib, os, shutil, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
SHARED = os.environ.get("HUNTPACK_SHARED_CAPTURES", os.path.join(ROOT, "..", "shared", "captures"))
OUT = os.path.join(HERE, "corpus")
MAX_SEED = 4096
PER_HARNESS = 12
# Harnesses whose scripts keep more seeds than the default (every message of their unit tests).
LIMITS = {"fuzz_dns_message": 32, "fuzz_discovery": 32, "fuzz_http_message": 24}


def cap(rel):
    p = os.path.join(SHARED, rel)
    if not os.path.exists(p):
        sys.exit(f"missing shared capture {p}")
    return p


def tshark_fields(path, dfilter, *fields):
    cmd = ["tshark", "-n", "-r", path, "-Y", dfilter, "-T", "fields", "-E", "separator=\t"]
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True, errors="replace").stdout
    return [line.split("\t") for line in out.splitlines() if line.strip()]


class Seeds:
    """Distinct seeds per harness, each cut to MAX_SEED bytes, at most LIMITS/PER_HARNESS."""

    def __init__(self):
        self.by_harness = {}

    def add(self, harness, data):
        data = bytes(data)[:MAX_SEED]
        lst = self.by_harness.setdefault(harness, [])
        if data and data not in lst and len(lst) < LIMITS.get(harness, PER_HARNESS):
            lst.append(data)

    def write(self, harnesses=None):
        """Rewrites corpus/<harness>/ (all harnesses seen, or the ones named); file names are the
        first 16 hex digits of the content's SHA-1. Returns the number of files written."""
        total = 0
        for h in sorted(harnesses if harnesses is not None else self.by_harness):
            d = os.path.join(OUT, h)
            if os.path.isdir(d):
                shutil.rmtree(d)
            os.makedirs(d)
            lst = self.by_harness.get(h, [])
            for s in lst:
                with open(os.path.join(d, hashlib.sha1(s).hexdigest()[:16]), "wb") as f:
                    f.write(s)
            total += len(lst)
            print(f"{h}: {len(lst)} seeds")
        return total


def standalone(harnesses, add_all):
    """A seed script run alone: its add_all() with the shared captures, its harnesses rewritten."""
    seeds = Seeds()
    add_all(seeds.add, cap, tshark_fields)
    seeds.write(harnesses)
