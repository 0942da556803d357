#!/usr/bin/env bash
# Configures (once) and builds a meson build folder: build.sh DIR [meson options…]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
if [ ! -f "$dir/build.ninja" ]; then
  meson setup "$dir" "$@"
fi
meson compile -C "$dir"
