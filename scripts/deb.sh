#!/usr/bin/env bash
# make deb: builds the Debian package (debian/, debhelper + meson) from a copy of the tracked
# files in a folder outside the tree, so the tree's build/ and the parent folder stay clean.
# DEB_OUT=DIR chooses the folder (default ~/.cache/ionscape/deb); DEB_BUILD_OPTIONS=nocheck
# skips the package's checks.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${DEB_OUT:-${XDG_CACHE_HOME:-$HOME/.cache}/ionscape/deb}
missing=()
for tool in dpkg-buildpackage dpkg-parsechangelog dh; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "error: make deb needs ${missing[*]}: apt-get install dpkg-dev debhelper" >&2
  exit 1
fi
if ! unmet=$(dpkg-checkbuilddeps 2>&1); then
  echo "error: build dependencies missing: ${unmet#*: Unmet build dependencies: }" >&2
  echo "       install them with: apt-get install --no-install-recommends \\" >&2
  echo "         $(echo "${unmet#*Unmet build dependencies: }" | sed 's/([^)]*)//g; s/<[^>]*>//g')" >&2
  exit 1
fi

version=$(dpkg-parsechangelog -S Version)
src="$out/ionscape-$version"
rm -rf "$src"
mkdir -p "$src"
# The working tree's files (uncommitted edits and new files included), nothing ignored or built.
git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf - | tar -xf - -C "$src"

echo "Building ionscape $version in $src"
(cd "$src" && dpkg-buildpackage -us -uc -b)
echo "Packages in $out:"
ls -1 "$out"/*.deb
if command -v lintian >/dev/null 2>&1; then
  lintian --fail-on error "$out"/ionscape_"$version"_*.changes
fi
