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
# The ion map the view's way: first picture, refinement to full detail, memory per ion.
echo "== bench-gl --progressive =="
build/bench/bench-gl --progressive 10 50
# The CLI at scale: SCALE ions (default 1e8; `make bench SCALE=1e9` for the full 16 GB run).
echo "== bench-scale =="
bash bench/bench-scale.sh "${SCALE:-1e8}"
