#!/usr/bin/env bash
# Whole-process timings of mmf against the performance targets: builds the
# release binaries, installs wrk, and rewrites the measured table in
# docs/performance.md (between its timings markers). About two minutes.
# Usage: bench/run-timings.sh [ROWS]   (batch respondents, default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps wrk >/dev/null
scripts/build release >/dev/null
exec python3 bench/timings.py "${1:-1000000}"
