#!/usr/bin/env bash
# Compares two builds of vigie_bench on one benchmark, on a VM whose speed drifts between runs:
# the two binaries run alternately on the same core, ROUNDS times, and each round's ratio B/A is
# taken between neighbouring runs. Prints each run, the best and median items/s of each binary, and
# the median of the paired ratios (the figure to quote).
# Usage: bench/ab_compare.sh A_BENCH B_BENCH [FILTER] [ROUNDS] [MIN_TIME]
#   e.g. bench/ab_compare.sh /tmp/bench_before build/vigie_bench 'ParseAndNormalise$' 8 3
set -euo pipefail
a=$1
b=$2
filter=${3:-ParseAndNormalise$}
rounds=${4:-8}
min_time=${5:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
data=${VIGIE_DATA:-$root/../shared/data}
run() {
  VIGIE_DATA=$data taskset -c 0 "$1" --benchmark_filter="$filter" --benchmark_min_time="$min_time" 2>/dev/null |
    grep -o 'items_per_second=[0-9.]*[kM]*' | head -1 | cut -d= -f2 |
    awk '{ v = $1; if (v ~ /k$/) v = v * 1e3; else if (v ~ /M$/) v = v * 1e6; printf "%.0f\n", v }'
}
results=()
for ((i = 1; i <= rounds; ++i)); do
  ra=$(run "$a")
  rb=$(run "$b")
  echo "round $i: A $ra  B $rb"
  results+=("$ra $rb")
done
printf '%s\n' "${results[@]}" | python3 -c '
import statistics, sys
rows = [tuple(map(float, line.split())) for line in sys.stdin if line.strip()]
a = [r[0] for r in rows]; b = [r[1] for r in rows]
print("A best %.0f median %.0f items/s" % (max(a), statistics.median(a)))
print("B best %.0f median %.0f items/s" % (max(b), statistics.median(b)))
print("B/A paired median ratio %.3f" % statistics.median([y / x for x, y in rows]))'
