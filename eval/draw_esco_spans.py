#!/usr/bin/env python3
"""Draws ESCO skill extractions of `vigie tag` on the real sample for a hand check of their spans.

Runs `vigie tag` over the distinct postings of offres_07_cdi_2025-05.csv, takes every ESCO skill it
found, orders them by SHA-1 of "SALT:posting id:uri" (a reproducible pseudo-random draw) and prints
the first N with the matched words and the text around them, for a reviewer to judge
(eval/README_spans.md). No verdict is made here.

Extractions listed in an earlier check (--exclude CSV, columns id,skill) are left out, so that a check
made after a rule was read off an earlier one is not drawn from the same extractions.

Usage: python3 eval/draw_esco_spans.py SALT N [--exclude CSV]... [--vigie build/vigie] [--data $VIGIE_DATA]
"""
import argparse
import csv
import hashlib
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("salt")
    parser.add_argument("n", type=int)
    parser.add_argument("--vigie", default=os.path.join(HERE, "..", "build", "vigie"))
    parser.add_argument("--data", default=os.environ.get("VIGIE_DATA", os.path.join(HERE, "..", "..", "shared", "data")))
    parser.add_argument("--exclude", action="append", default=[])
    args = parser.parse_args()
    excluded = set()
    for f in args.exclude:
        excluded |= {(r["id"], r["skill"]) for r in csv.DictReader(open(f, encoding="utf-8"))}
    lines, seen = [], set()
    path = os.path.join(args.data, "postings-sample", "offres_07_cdi_2025-05.csv")
    for r in csv.DictReader(open(path, encoding="utf-8", newline="")):
        if r["id"] not in seen:
            seen.add(r["id"])
            lines.append(json.dumps({"id": r["id"], "intitule": r["intitule"], "description": r["description"]},
                                    ensure_ascii=False))
    out = subprocess.run([args.vigie, "-q", "tag", "--data", args.data], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, check=True).stdout
    draw = []
    for line in out.splitlines():
        o = json.loads(line)
        text = (o["intitule"] + "\n" + o["description"]).encode("utf-8")
        for s in o["vigie"].get("esco", []):
            if (o["id"], s["uri"].rsplit("/", 1)[-1]) in excluded:
                continue
            key = hashlib.sha1(f"{args.salt}:{o['id']}:{s['uri']}".encode()).hexdigest()
            draw.append((key, o["id"], s, text))
    draw.sort(key=lambda d: d[0])
    print(f"{len(draw)} ESCO extractions; the first {args.n} of the draw:")
    for _, pid, s, text in draw[: args.n]:
        words = " … ".join(text[b:e].decode("utf-8", "replace") for b, e in s["spans"])
        lo = max(0, s["spans"][0][0] - 80)
        hi = min(len(text), s["spans"][-1][1] + 80)
        context = " ".join(text[lo:hi].decode("utf-8", "replace").split())
        print(f"\n{pid},{s['uri'].rsplit('/', 1)[-1]}  {s['score']:.2f} {s['kind']}  « {s['label']} »")
        print(f"  words: {words}\n  in: {context}")


if __name__ == "__main__":
    main()
