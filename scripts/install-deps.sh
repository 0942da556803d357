#!/usr/bin/env bash
# Installs the Debian 12 packages Ionscape needs to build, run and test, when any is missing.
# Runs apt-get as root, or through sudo.
set -euo pipefail

packages=(
  # build
  gcc meson ninja-build pkg-config gettext
  # libraries: model (GLib, HDF5, GSL, FFTW, libtiff, json-glib), render (cairo, pango, epoxy), widgets (GTK 4, libadwaita)
  libglib2.0-dev libhdf5-dev libgsl-dev libfftw3-dev libtiff-dev libjson-glib-dev
  # XRD readers: XML (xrdml, brml, rasx) and zip (brml, rasx)
  libxml2-dev libarchive-dev
  libcairo2-dev libpango1.0-dev libepoxy-dev libegl-dev libgtk-4-dev libadwaita-1-dev
  # desktop data checks
  desktop-file-utils appstream libglib2.0-bin
  # the manual (yelp-check validate, itstool for its translations)
  yelp-tools itstool
  # headless display, software OpenGL, screenshots, PDF checks
  xvfb xauth libgl1-mesa-dri libegl-mesa0 mesa-utils imagemagick poppler-utils
  # the model from Python: GObject introspection data (g-ir-scanner) and the PyGObject test
  gobject-introspection libgirepository1.0-dev gir1.2-glib-2.0 python3-gi python3-numpy
  # the accessibility check reads the window as a screen reader does (../shared/tools/a11y-check.py)
  python3 python3-pyatspi at-spi2-core dbus-x11
)

# make fuzz also needs clang and its libFuzzer runtime.
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing missing packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "error: these packages are missing and neither root nor sudo is available: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
