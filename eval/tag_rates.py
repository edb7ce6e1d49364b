#!/usr/bin/env python3
"""How often recruiters tick each kind of item of a posting's fiche, and what ranking by it gives.

For the 155 real postings with recruiter-tagged compétences, each item of the hand-labelled fiche
(eval/titles_gold_…csv) is put in a class: its nature (compétence, macro-compétence, savoir),
whether the fiche marks it "Principale", and the age of its OGR code (codes are given in sequence:
below 140000 the items ROME v3 already had, 300000–399999 the macro-compétences ROME 4.0 added,
from 400000 the items added since). The script prints each class's tag rate, then the F1 of
suggesting the first N savoir-faire of the fiche (the macro-compétence rule of `vigie eval`):
  - in vigie's order ("Principale" first, then the others, each in the referential's order);
  - by class tag rate, the rates estimated on the other half of the postings (two-fold, halves by
    the parity of the MD5 of the id, as eval/title_halves.py), so no posting ranks its own items.
No text is read: this bounds what the fiche's own fields can tell, with the right fiche given.

Usage: python3 eval/tag_rates.py [--data $VIGIE_DATA]
"""
import argparse
import csv
import hashlib
import os
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.environ.get("VIGIE_DATA", os.path.join(HERE, "..", "..", "shared", "data")))
    args = parser.parse_args()
    rome = os.path.join(args.data, "rome-4.0-v460")

    def rows(path):
        return csv.DictReader(open(path, encoding="utf-8", newline=""))

    comp = {r["code_ogr"]: r for r in rows(os.path.join(rome, "unix_referentiel_competence_v460_utf8.csv"))}
    savoirs = {r["code_ogr_savoir"] for r in rows(os.path.join(rome, "unix_referentiel_savoir_v460_utf8.csv"))}
    fiche_items = defaultdict(list)
    for r in rows(os.path.join(rome, "unix_coherence_item_v460_utf8.csv")):
        fiche_items[r["code_rome"]].append((r["code_ogr"], r["coeur_metier"] == "Principale"))
    gold = {r["id"]: r["rome"] for r in rows(os.path.join(HERE, "titles_gold_offres_07_cdi_2025-05.csv"))}
    tags = defaultdict(set)
    for r in rows(os.path.join(args.data, "postings-sample", "offre_competences.csv")):
        if r["competence_code"]:
            tags[r["offre_id"]].add(r["competence_code"])
    postings = sorted(o for o in tags if o in gold)

    def nature(code):
        if code in comp:
            c = comp[code]
            if c["cat_comp"] != "Savoir-faire":
                return "savoir-etre"
            return "macro" if c["nature"] == "Macro-compétence" else "competence"
        return "savoir" if code in savoirs else "other"

    def age(code):
        n = int(code)
        return "v3" if n < 140000 else ("4.0 macro range" if n < 400000 else "added since")

    def klass(code, principale):
        return (nature(code), "Principale" if principale else "-", age(code))

    def half(o):
        return int(hashlib.md5(o.encode()).hexdigest(), 16) % 2

    macro_of = {c: r["code_ogr_macro_comp"] for c, r in comp.items()}

    def hits(pred, gold_set):  # A compétence also counts for its macro-compétence.
        return sum(p in gold_set or macro_of.get(p) in gold_set for p in pred)

    def rates(subset):
        seen, ticked = Counter(), Counter()
        for o in subset:
            for code, principale in fiche_items[gold[o]]:
                k = klass(code, principale)
                seen[k] += 1
                ticked[k] += code in tags[o]
        return seen, ticked

    seen, ticked = rates(postings)
    print("Items of the hand-labelled fiche of %d postings, by class (nature, Principale, code age)" % len(postings))
    print("  %-44s %7s %7s %7s" % ("class", "items", "ticked", "rate"))
    for k in sorted(seen, key=lambda k: -ticked[k] / seen[k]):
        if k[0] == "other" or seen[k] < 10:
            continue
        print("  %-44s %7d %7d %6.1f%%" % (", ".join(k), seen[k], ticked[k], 100 * ticked[k] / seen[k]))

    def proposed(code):
        return nature(code) in ("competence", "macro")

    def vigie_order(o, _rates):
        items = fiche_items[gold[o]]
        return [c for c, p in items if p and proposed(c)] + [c for c, p in items if not p and proposed(c)]

    def by_rate(o, rate):
        items = [(c, p) for c, p in fiche_items[gold[o]] if proposed(c)]
        return [c for c, p in sorted(items, key=lambda x: -rate.get(klass(*x), 0))]  # Stable: list order.

    print("\nF1 of the first N savoir-faire of the hand-labelled fiche (no text read)")
    print("  %-40s %8s %8s %8s" % ("ranking", "N=4", "N=6", "N=8"))
    for name, order in (("vigie's order", vigie_order), ("class rate of the other half", by_rate)):
        cells = []
        for n in (4, 6, 8):
            tp = predicted = wanted = 0
            for h in (0, 1):
                s, t = rates([o for o in postings if half(o) != h])
                rate = {k: t[k] / s[k] for k in s}
                for o in postings:
                    if half(o) == h:
                        pred = order(o, rate)[:n]
                        tp += hits(pred, tags[o])
                        predicted += len(pred)
                        wanted += len(tags[o])
            p, r = tp / predicted, tp / wanted
            cells.append("%7.1f%%" % (200 * p * r / (p + r)))
        print("  %-40s %s" % (name, " ".join(cells)))


if __name__ == "__main__":
    main()
