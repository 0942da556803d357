#!/usr/bin/env bash
# Developer aid: starts Ionscape under Xvfb with the given arguments, waits, and saves a screenshot.
# Usage: scripts/screenshot.sh OUT.png [SECONDS] [ionscape arguments…]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$1; shift
wait_s=${1:-4}; shift || true
export GSETTINGS_SCHEMA_DIR="$PWD/build/resources" IONSCAPE_LOCALEDIR="$PWD/build/po"
export GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1
xvfb-run -a -s '-screen 0 1400x900x24' bash -c "
  ./build/app/ionscape \"\$@\" &
  pid=\$!
  sleep $wait_s
  import -window root '$out'
  kill \$pid" _ "$@"
