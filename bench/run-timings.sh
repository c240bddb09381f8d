#!/usr/bin/env bash
# Whole-process timings of mmf with /usr/bin/time, as quoted in
# docs/performance.md. Builds the release binary first.
# Usage: bench/run-timings.sh [ROWS]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
scripts/build release >/dev/null
mmf=build/release/host/mmf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {  # label, command...
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %U s user, %M KiB peak" "$@" >/dev/null
}

for i in 1 2 3; do measure "assess (cold, all plugins)" "$mmf" assess alliance examples/alliance-acme-globex.toml --format json; done
for i in 1 2 3; do measure "validate four models" "$mmf" validate models/alliance.toml models/ecosystem.toml models/capability.toml models/readiness.toml; done
python3 bench/generate_wide_csv.py models/alliance.toml "$rows" >"$work/survey.csv"
measure "batch $rows rows (csv out)" "$mmf" batch alliance "$work/survey.csv" -q -o "$work/out.csv"
python3 bench/generate_wide_csv.py models/alliance.toml $((rows / 10)) >"$work/small.csv"
measure "batch $((rows / 10)) rows (csv out)" "$mmf" batch alliance "$work/small.csv" -q -o "$work/small.out"
