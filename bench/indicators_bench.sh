#!/usr/bin/env bash
# Indicators over N synthetic national postings (default 20,000,000 over 2021-2025): each step of
# bench/indicators_bench.cc in its own process under /usr/bin/time, printing wall time and peak
# RSS, vigie's aggregation beside SQLite's GROUP BY on the same store.
# Usage: bench/indicators_bench.sh [COUNT]   (from the repository root after scripts/build)
set -euo pipefail
count=${1:-20000000}
root=$(cd "$(dirname "$0")/.." && pwd)
data=${VIGIE_DATA:-$root/../shared/data}
work=${BENCH_DIR:-$root/out/bench}
db=$work/indicators-$count.db
mkdir -p "$work"
if [ ! -f "$db" ]; then
  "$root/build/vigie" -q import --db "$db" --data "$data" >/dev/null
fi
"$root/build/vigie_indicators_bench" "$db" fill "$count"
if [ ! -f "$work/seekers-2025.csv" ]; then
  # Synthetic 2025 seekers for the tension step (the store has the real 2021 ones).
  "$root/build/vigie" -q synth seekers --db "$db" --data "$data" --from 2025-01 --to 2025-12 -o "$work/seekers-2025.csv"
  "$root/build/vigie" -q import-seekers --db "$db" --source vigie-synth "$work/seekers-2025.csv"
fi
for step in raw-scan vigie-offers sql-offers vigie-series sql-series vigie-tension vigie-trends; do
  /usr/bin/time -v "$root/build/vigie_indicators_bench" "$db" "$step" 2> "$work/time-$step.txt"
  rss=$(grep 'Maximum resident set size' "$work/time-$step.txt" | awk -F': ' '{print $2}')
  wall=$(grep 'Elapsed (wall clock)' "$work/time-$step.txt" | awk -F': ' '{print $2}')
  echo "    wall $wall, peak RSS $((rss / 1024)) MB"
done
