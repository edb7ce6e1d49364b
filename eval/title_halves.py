#!/usr/bin/env python3
"""Title → ROME accuracy of `vigie tag` on each half of the real sample.

The halves split the 634 hand-labelled postings by the parity of the MD5 of their id: settings of
the classifier are chosen looking at the even half only, and the odd half tells whether a gain
holds on postings they were not chosen on (docs/accuracy.md).

Usage: python3 eval/title_halves.py [--vigie build/vigie] [--data $VIGIE_DATA]
"""
import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vigie", default=os.path.join(HERE, "..", "build", "vigie"))
    parser.add_argument("--data", default=os.environ.get("VIGIE_DATA", os.path.join(HERE, "..", "..", "shared", "data")))
    args = parser.parse_args()
    postings = os.path.join(args.data, "postings-sample", "offres_07_cdi_2025-05.csv")
    gold_path = os.path.join(HERE, "titles_gold_offres_07_cdi_2025-05.csv")
    gold = {r["id"]: {r["rome"], r["alt_rome"]} - {""} for r in csv.DictReader(open(gold_path, encoding="utf-8"))}
    lines, seen = [], set()
    with open(postings, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["id"] in seen:
                continue
            seen.add(r["id"])
            lines.append(json.dumps({"id": r["id"], "intitule": r["intitule"], "description": r["description"]},
                                    ensure_ascii=False))
    out = subprocess.run([args.vigie, "-q", "tag", "--data", args.data], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, check=True).stdout
    counts = {0: [0, 0, 0], 1: [0, 0, 0]}
    for line in out.splitlines():
        o = json.loads(line)
        if o.get("id") not in gold or "error" in o.get("vigie", {}):
            continue
        codes = [c["code"] for c in o["vigie"].get("rome", [])]
        half = int(hashlib.md5(o["id"].encode()).hexdigest(), 16) % 2
        c = counts[half]
        c[0] += 1
        c[1] += bool(codes[:1]) and codes[0] in gold[o["id"]]
        c[2] += bool(set(codes[:3]) & gold[o["id"]])
    for half, name in ((0, "chosen on"), (1, "held out")):
        n, top1, top3 = counts[half]
        if n == 0:
            print(f"{name:10} no postings")
            continue
        print(f"{name:10} {n:4} postings  top-1 {100 * top1 / n:5.1f}%  top-3 {100 * top3 / n:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
