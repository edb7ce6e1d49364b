#!/usr/bin/env bash
# The per-posting pipeline against the matcher's raw scans, over the same postings, one core:
# runs BM_ParseAndNormalise, BM_HyperscanRootScan and BM_MatcherTokenScan together RUNS times and
# prints each run's ratios (a ratio is only meaningful within one run on a VM whose speed drifts),
# then their medians. The issue 3 goal is a pipeline at ≥ 50% of the raw scan.
# Usage: bench/pipeline_ratio.sh [RUNS] [MIN_TIME] [PIPELINE]   (after scripts/build)
#   PIPELINE: the pipeline benchmark, BM_ParseAndNormalise (default: ingest's default batches) or
#   BM_ParseAndNormaliseBatch16MB (`vigie ingest --batch-mb 16`).
# The postings are 20,000 synthetic ones; VIGIE_BENCH_POSTINGS=FILE (JSON lines) runs on those of
# FILE instead, e.g. the real sample: python3 bench/sample_to_jsonl.py > /tmp/real_ft.jsonl.
set -euo pipefail
runs=${1:-3}
min_time=${2:-3}
pipeline=${3:-BM_ParseAndNormalise}
root=$(cd "$(dirname "$0")/.." && pwd)
data=${VIGIE_DATA:-$root/../shared/data}
for ((i = 1; i <= runs; ++i)); do
  VIGIE_DATA=$data taskset -c 0 "$root/build/vigie_bench" \
    --benchmark_filter="^$pipeline\$|HyperscanRootScan|MatcherTokenScan" --benchmark_min_time="$min_time" 2>/dev/null |
    awk '/^BM_/ { for (f = 1; f <= NF; ++f) if ($f ~ /^items_per_second=/) { v = substr($f, 18);
           if (v ~ /k\/s$/) v = v * 1e3; else if (v ~ /M\/s$/) v = v * 1e6; printf "%s %.0f ", $1, v } } END { print "" }'
done | PIPELINE=$pipeline python3 -c '
import os, statistics, sys
runs = []
for line in sys.stdin:
    f = line.split()
    if f: runs.append(dict(zip(f[0::2], map(float, f[1::2]))))
print("run  pipeline/s  hyperscan/s  token-scan/s  ÷hyperscan  ÷token-scan")
rh, rt = [], []
for i, r in enumerate(runs, 1):
    p, h, t = r[os.environ["PIPELINE"]], r["BM_HyperscanRootScan"], r["BM_MatcherTokenScan"]
    rh.append(p / h); rt.append(p / t)
    print("%3d  %10.0f  %11.0f  %12.0f  %9.1f%%  %10.1f%%" % (i, p, h, t, 100 * p / h, 100 * p / t))
print("median ratio: %.1f%% of the Hyperscan scan, %.1f%% of the token scan (goal: 50%%)" %
      (100 * statistics.median(rh), 100 * statistics.median(rt)))'
