#!/usr/bin/env bash
# Builds and runs every benchmark in bench/; each prints its figures as ratios to a baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build
for b in build/bench/bench-*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b") =="
  "$b"
done
