#!/usr/bin/env python3
"""Draws stored skill extractions for a hand check of their spans (eval/README_spans.md).

From a store where `vigie ingest` read the real sample, takes every stored skill with a score of at
least 0.5, leaves out those already checked in the given files, orders them by SHA-1 of
"SALT:posting id:code" (a reproducible pseudo-random draw) and prints the first N with the matched
words and the text around them, for a reviewer to judge. No verdict is made here.

Usage: python3 eval/draw_spans.py STORE.db SALT N [CHECKED.csv ...]
"""
import csv
import hashlib
import json
import sqlite3
import sys


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    db, salt, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    checked = set()
    for path in sys.argv[4:]:
        checked |= {(r["id"], r["code"]) for r in csv.DictReader(open(path, encoding="utf-8"))}
    con = sqlite3.connect(db)
    label = dict(con.execute("SELECT ogr, label FROM rome_competence"))
    label.update(dict(con.execute("SELECT ogr, label FROM rome_savoir")))
    draw = []
    for sid, title, description, rome, skills in con.execute(
            "SELECT source_id, title, description, rome, skills FROM postings"):
        text = (title + "\n" + description).encode()
        for s in json.loads(skills):
            if s[1] < 0.5 or (sid, str(s[0])) in checked:
                continue
            draw.append((hashlib.sha1(f"{salt}:{sid}:{s[0]}".encode()).hexdigest(), sid, rome, s, text))
    draw.sort()
    print(f"# {len(draw)} extractions to draw from", file=sys.stderr)
    for i, (_, sid, rome, s, text) in enumerate(draw[:n]):
        spans = [tuple(map(int, x.split("-"))) for x in s[3].split()]
        words = " … ".join(text[a:b].decode(errors="replace") for a, b in spans)
        a, b = max(0, spans[0][0] - 90), min(len(text), spans[-1][1] + 90)
        context = text[a:b].decode(errors="replace").replace("\n", " / ")
        where = "in the fiche" if s[2] else "outside the fiche"
        print(f"[{i}] {sid},{s[0]} {rome} {s[1]:.2f} {where} «{label.get(s[0])}»\n"
              f"   words: {words}\n   text: {context}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
