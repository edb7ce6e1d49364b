#!/usr/bin/env python3
"""Prints the bytes of the "description" members of JSON lines (standard input or the files
named) at every 5th percentile, linearly interpolated, then their mean: the table the synthetic
postings' lengths are drawn from (src/synth/synth_postings.cc, kRealDescriptionBytes), and a check
of what the generator writes:

    python3 bench/sample_to_jsonl.py | python3 bench/description_lengths.py
    build/vigie synth postings --count 20000 --seed 7 | python3 bench/description_lengths.py"""
import fileinput
import json

lengths = sorted(len(json.loads(line).get("description", "").encode()) for line in fileinput.input() if line.strip())
if not lengths:
    raise SystemExit("description_lengths: no posting read")


def percentile(p):
    x = p * (len(lengths) - 1)
    i = int(x)
    if i + 1 >= len(lengths):
        return lengths[-1]
    return lengths[i] + (lengths[i + 1] - lengths[i]) * (x - i)


print(len(lengths), "descriptions; bytes at 0, 5, …, 100%:")
print(", ".join(str(round(percentile(k / 20))) for k in range(21)))
print("mean %.0f" % (sum(lengths) / len(lengths)))
