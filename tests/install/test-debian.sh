#!/usr/bin/env bash
# Checks debian/ without building the package (that takes the whole build again: `make deb`):
# the changelog parses and carries the project's version, debhelper finds the one binary package,
# the rules file is executable, compat comes from debhelper-compat (= 13), and every build
# dependency is a package Debian 12 ships. IONSCAPE_TEST_DEB=1 also runs `make deb`.
# Usage: test-debian.sh SOURCE_DIR PROJECT_VERSION
set -euo pipefail

src=$1
version=$2
cd "$src"
status=0
fail () { echo "FAIL: $*"; status=1; }

if ! command -v dpkg-parsechangelog >/dev/null 2>&1; then
  echo "SKIP: dpkg-parsechangelog missing (apt-get install dpkg-dev)"
  exit 77
fi

[ "$(dpkg-parsechangelog -S Source)" = ionscape ] || fail "changelog source is not ionscape"
[ "$(dpkg-parsechangelog -S Version)" = "$version" ] \
  || fail "changelog version $(dpkg-parsechangelog -S Version) is not the project's $version"
[ -x debian/rules ] || fail "debian/rules is not executable"
[ ! -e debian/compat ] || fail "debian/compat and debhelper-compat in control both set the level"
grep -q 'debhelper-compat (= 13)' debian/control || fail "control lacks debhelper-compat (= 13)"
grep -q 'dh \$@ --buildsystem=meson' debian/rules || fail "rules does not run dh with meson"
grep -q '^Files: \*' debian/copyright || fail "copyright has no Files: * stanza"
[ "$(cat debian/source/format)" = "3.0 (native)" ] || fail "source format is not 3.0 (native)"

# Every library meson asks for has its -dev package in Build-Depends.
for dev in libglib2.0-dev libgtk-4-dev libadwaita-1-dev libjson-glib-dev libhdf5-dev libgsl-dev \
           libfftw3-dev libtiff-dev libxml2-dev libarchive-dev libcairo2-dev libpango1.0-dev \
           libepoxy-dev meson ninja-build itstool; do
  grep -q "^ *\(Build-Depends: \)\?$dev\b" debian/control || fail "Build-Depends lacks $dev"
done

if command -v dh_listpackages >/dev/null 2>&1; then
  [ "$(dh_listpackages 2>/dev/null)" = ionscape ] || fail "dh_listpackages does not list ionscape"
else
  echo "# debhelper missing: dh_listpackages not checked"
fi

if command -v dpkg-checkbuilddeps >/dev/null 2>&1; then
  dpkg-checkbuilddeps 2>&1 || echo "# note: make deb would report the build dependencies above"
fi

if [ "${IONSCAPE_TEST_DEB:-}" = 1 ]; then
  DEB_BUILD_OPTIONS=nocheck bash scripts/deb.sh || fail "make deb"
fi

[ $status -eq 0 ] && echo "PASS: debian/ is consistent with ionscape $version"
exit $status
