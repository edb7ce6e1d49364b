#!/usr/bin/env bash
# End-to-end test of the dashboard: builds a small store from the real referentials (real sample
# postings, SYNTHETIC Grand Est postings, seekers and catalogue), serves it with the built
# dashboard on a free loopback port, and drives Debian's Chromium through playwright-core.
# Usage: run-e2e.sh VIGIE_BINARY [ARTIFACTS_DIR]. Screenshots land in ARTIFACTS_DIR.
set -euo pipefail
vigie=$1
web=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$web/.." && pwd)
artifacts=${2:-$root/build/e2e-artifacts}
data=${VIGIE_DATA:-$root/../shared/data}
# What the test needs; scripts/test installs and builds it all. Missing, the test is skipped (77)
# on a developer's plain `ctest`, and fails in CI.
missing=
[ -f "$web/dist/index.html" ] || missing="the built dashboard (web/dist: scripts/build)"
[ -d "$web/node_modules/playwright-core" ] || missing="playwright-core (web/node_modules: scripts/install-deps)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing="Chromium (${CHROMIUM:-/usr/bin/chromium}: scripts/install-deps)"
if [ -n "$missing" ]; then
  echo "e2e: missing $missing" >&2
  if [ -n "${CI:-}" ]; then exit 1; fi
  exit 77
fi
work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
db="$work/e2e.db"
"$vigie" -q import --db "$db" --data "$data"
"$vigie" -q ingest --db "$db" --source francetravail --esco "$data/postings-sample/offres_07_cdi_2025-05.csv"
"$vigie" -q synth postings --db "$db" --data "$data" --count 60000 --seed 2 --region 44 --from 2024-01-01 --to 2025-12-31 -o "$work/ge.jsonl"
"$vigie" -q ingest --db "$db" --source synthetic --esco "$work/ge.jsonl"
"$vigie" -q synth seekers --db "$db" --data "$data" --region 44 --from 2024-01 --to 2025-12 --seed 1 -o "$work/seekers.csv"
"$vigie" -q import-seekers --db "$db" --source vigie-synth "$work/seekers.csv"
"$vigie" -q synth catalogue --db "$db" --data "$data" --sessions 20000 --seed 1 -o "$work/catalogue.xml"
"$vigie" -q import-catalogue --db "$db" "$work/catalogue.xml"
"$vigie" serve --db "$db" --data "$data" --rules "$root/config/funding_rules.json" --web "$web/dist" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
url=
for _ in $(seq 1 600); do
  url=$(grep -o 'http://[0-9.:]*/' "$work/serve.out" 2>/dev/null | head -1 || true)
  [ -n "$url" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/serve.err" >&2; exit 1; fi
  sleep 0.1
done
if [ -z "$url" ]; then echo "e2e: the server did not start" >&2; cat "$work/serve.err" >&2; exit 1; fi
mkdir -p "$artifacts"
node "$web/tests/e2e.mjs" "$url" "$artifacts"
