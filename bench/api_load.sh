#!/usr/bin/env bash
# Load test of the API and the dashboard's files on loopback (issue 6): starts `vigie serve` on a
# store, warms each answer once (the first computation of a period is timed apart), then runs wrk
# against cached indicator lookups, uncached narrowed lookups, orientations, the map bundle, a page
# and the GeoJSON, as a browser asks them (Accept-Encoding: gzip), and prints one line per run:
# requests/s, p50, p99, non-2xx answers, socket errors.
# Usage: bench/api_load.sh [DB] (default out/vigie.db, the demo's store; scripts/demo fills it).
# Environment: YEAR (default 2025), DURATION (wrk seconds, default 10), PORT (default 18080).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
db=${1:-$root/out/vigie.db}
year=${YEAR:-2025}
duration=${DURATION:-10}
port=${PORT:-18080}
data=${VIGIE_DATA:-$root/../shared/data}
vigie="$root/build/vigie"
command -v wrk >/dev/null || { echo "api_load: wrk is missing (scripts/install-deps installs it)" >&2; exit 1; }
[ -f "$db" ] || { echo "api_load: no store at $db (run scripts/demo, or give one)" >&2; exit 1; }
base="http://127.0.0.1:$port"
work=$(mktemp -d)
"$vigie" -q serve --db "$db" --port "$port" --web "$root/web/dist" --data "$data" \
  --rules "$root/config/funding_rules.json" >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
start=$(date +%s.%N)
until curl -sf "$base/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
  sleep 0.2
done
awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "server ready in %.1f s\n", b - a }'
# 200 zones d'emploi of the store, for the uncached lookups.
export ZE_CODES=$(sqlite3 "$db" "SELECT group_concat(code) FROM (SELECT code FROM geo_area WHERE level='ze' ORDER BY code LIMIT 200)")
export YEAR=$year
export PROFILE_FILE="$root/examples/personas/caissiere-thionville.json"
echo "first computations (one request each; later ones are answered from memory):"
for path in "/api/indicators/tension?level=ze&year=$year&territory=4410&top=10" \
            "/api/indicators/skills?level=ze&year=$year&territory=4410&top=10" \
            "/api/indicators/trends?level=ze&territory=4410&top=10" \
            "/api/indicators/forecast?level=ze&rome=J1501&horizon=12" \
            "/api/indicators/counts?level=ze&year=$year&rome=J1501" \
            "/api/indicators/tension/domain?level=ze&year=$year&domain=J"; do
  printf '  %-75s %s s\n' "$path" "$(curl -s -o /dev/null -w '%{time_total}' "$base$path")"
done
bundle=$(ls "$root/web/dist/assets" | grep -m1 '^carte-.*\.js$' || true)
run() {  # name, connections, wrk arguments…
  local name=$1 c=$2
  shift 2
  local out
  out=$(wrk -t"$(( c < 2 ? c : 2 ))" -c"$c" -d"${duration}s" --latency -H 'Accept-Encoding: gzip' "$@" 2>&1 || true)
  local rps p50 p99 errors non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(grep -o 'Socket errors:.*' <<<"$out" || echo "Socket errors: none")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  if [ -z "$rps" ]; then  # wrk failed: say how.
    printf '%-40s c=%-3s wrk failed: %s\n' "$name" "$c" "$(tr '\n' ' ' <<<"$out")"
    return
  fi
  printf '%-40s c=%-3s %10s req/s  p50 %-9s p99 %-9s non-2xx %-6s %s\n' "$name" "$c" "$rps" "$p50" "$p99" "${non2xx:-0}" "$errors"
}
for c in 8 32; do
  run "cached tension (Metz, top 10)" $c "$base/api/indicators/tension?level=ze&year=$year&territory=4410&top=10"
  run "cached skills (Metz, top 10)" $c "$base/api/indicators/skills?level=ze&year=$year&territory=4410&top=10"
  run "cached trends (Metz)" $c "$base/api/indicators/trends?level=ze&territory=4410&top=10"
  run "cached forecast (J1501, every ZE)" $c "$base/api/indicators/forecast?level=ze&rome=J1501&horizon=12"
  run "uncached narrowed tension" $c -s "$root/bench/wrk/narrowed.lua" "$base"
done
for c in 1 2 4; do run "POST /api/orient" $c -s "$root/bench/wrk/orient.lua" "$base/api/orient"; done
[ -n "$bundle" ] && run "map bundle /assets/$bundle" 8 "$base/assets/$bundle"
run "page /carte" 8 "$base/carte"
run "GeoJSON /api/geo/ze" 8 "$base/api/geo/ze"
