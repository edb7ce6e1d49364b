#!/usr/bin/env bash
# End-to-end ingest throughput: generates N synthetic postings (default 1,000,000), ingests them
# into a fresh SQLite store with all cores, and prints postings/s, MB/s and peak RSS, then the
# micro-benchmarks that give the limits (raw scan, raw simdjson parse) on the same kind of data.
# Usage: bench/ingest_throughput.sh [COUNT]   (run from the repository root after scripts/build)
set -euo pipefail
count=${1:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/vigie
data=${VIGIE_DATA:-$root/../shared/data}
work=${BENCH_DIR:-$root/out/bench}
mkdir -p "$work"
input=$work/synth-v2-$count.jsonl  # v2: descriptions of real length
if [ ! -f "$input" ]; then
  "$bin" -q import --db "$work/ref.db" --data "$data" >/dev/null
  "$bin" synth postings --db "$work/ref.db" --data "$data" --count "$count" --seed 1 -o "$input"
fi
bytes=$(stat -c %s "$input")
rm -f "$work/ingest.db" "$work/ingest.db-wal" "$work/ingest.db-shm"
"$bin" -q import --db "$work/ingest.db" --data "$data" >/dev/null
/usr/bin/time -v "$bin" ingest --db "$work/ingest.db" --no-progress "$input" 2> "$work/time.txt" | tail -2
secs=$(grep 'Elapsed (wall clock)' "$work/time.txt" | awk -F': ' '{print $2}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
rss=$(grep 'Maximum resident set size' "$work/time.txt" | awk -F': ' '{print $2}')
cores=$(nproc)
awk -v n="$count" -v b="$bytes" -v s="$secs" -v r="$rss" -v c="$cores" 'BEGIN {
  printf "end-to-end: %d postings, %.1f MB in %.2f s wall: %.0f postings/s, %.1f MB/s (%.1f MB/s per core on %d cores), peak RSS %.0f MB\n",
         n, b/1e6, s, n/s, b/1e6/s, b/1e6/s/c, c, r/1024 }'
VIGIE_DATA=$data "$root/build/vigie_bench" --benchmark_min_time=1
