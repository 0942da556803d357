#!/usr/bin/env bash
# make run: install what is missing, build, generate the demo project into the user cache
# folder (first start only) and open Ionscape on it. Without a display, writes the demo and
# says where it is.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh build

cache=${XDG_CACHE_HOME:-$HOME/.cache}/ionscape/demo
# Regenerate when missing or written by another version of the generator.
version=$(./build/app/cli/ionscape-cli --version)
if [ ! -f "$cache/demo.ionscape" ] || [ "$(cat "$cache/.generator" 2>/dev/null)" != "$version" ]; then
  rm -rf "$cache"
  mkdir -p "$cache"
  ./build/app/cli/ionscape-cli demo --out "$cache"
  echo "$version" > "$cache/.generator"
fi

export GSETTINGS_SCHEMA_DIR="$PWD/build/resources"
export IONSCAPE_LOCALEDIR="$PWD/build/po"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found, so Ionscape's window cannot open here."
  echo "The demo project was written to: $cache"
  echo "Open it on a machine with a display: ./build/app/ionscape $cache/demo.ionscape"
  exit 0
fi
exec ./build/app/ionscape "$cache/demo.ionscape"
