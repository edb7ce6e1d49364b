#!/usr/bin/env python3
"""Writes the real France Travail postings of the data folder's sample as JSON lines in the
France Travail API's shape (as `vigie ingest` and the benchmarks read them), on standard output,
so that the benchmarks can run on real postings:

    python3 bench/sample_to_jsonl.py > /tmp/real_ft.jsonl
    VIGIE_BENCH_POSTINGS=/tmp/real_ft.jsonl bench/pipeline_ratio.sh 5 2

Reads $VIGIE_DATA/postings-sample/offres_07_cdi_2025-05.csv (default ../shared/data)."""
import csv
import json
import os
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = os.environ.get("VIGIE_DATA") or os.path.join(root, "..", "shared", "data")
csv.field_size_limit(1 << 30)
with open(os.path.join(data, "postings-sample", "offres_07_cdi_2025-05.csv"), newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        record = {
            "id": row["id"],
            "intitule": row["intitule"],
            "description": row["description"],
            "dateCreation": row["dateCreation"],
            "typeContrat": row["typeContrat"],
            "lieuTravail": {"libelle": row["lieuTravail"]},
            "salaire": {"libelle": row["salaire"]},
        }
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
