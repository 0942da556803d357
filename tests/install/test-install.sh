#!/usr/bin/env bash
# Installs the build into a temporary root (meson install --destdir) and checks that every file
# lands where GNOME expects it and that the desktop tools accept them.
# Usage: test-install.sh BUILD_DIR
set -euo pipefail

build=$1
root=$(mktemp -d "${TMPDIR:-/tmp}/ionscape-install.XXXXXX")
trap 'rm -rf "$root"' EXIT
app_id=io.github.ionscape.Ionscape
status=0

fail () { echo "FAIL: $*"; status=1; }

# --no-rebuild: meson test has built everything already, and a second ninja would race it.
meson install -C "$build" --no-rebuild --quiet --destdir "$root" >"$root.log" 2>&1 \
  || { cat "$root.log"; rm -f "$root.log"; echo "FAIL: meson install"; exit 1; }
rm -f "$root.log"

prefix=$(meson introspect "$build" --buildoptions \
  | python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
p=$root$prefix
echo "# installed under $p"

for f in bin/ionscape bin/ionscape-cli; do
  [ -x "$p/$f" ] || fail "$f missing or not executable"
done
for f in \
  share/applications/$app_id.desktop \
  share/metainfo/$app_id.metainfo.xml \
  share/icons/hicolor/scalable/apps/$app_id.svg \
  share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg \
  share/glib-2.0/schemas/$app_id.gschema.xml \
  share/locale/de/LC_MESSAGES/ionscape.mo \
  share/locale/ko/LC_MESSAGES/ionscape.mo \
  share/help/C/ionscape/index.page \
  share/help/C/ionscape/fda.page \
  share/help/C/ionscape/figures/apt-page.png \
  share/man/man1/ionscape.1 \
  share/man/man1/ionscape-cli.1; do
  [ -s "$p/$f" ] || fail "$f missing"
done
echo "# $(find "$root" -type f | wc -l) files installed"

# The model for Python: libionscape, its introspection data and the PyGObject overrides.
libdir=$(meson introspect "$build" --buildoptions \
  | python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "libdir"))')
libdir=${libdir#"$prefix"/}
for f in \
  "$libdir/libionscape.so.0" \
  "$libdir/girepository-1.0/Ionscape-1.0.typelib" \
  share/gir-1.0/Ionscape-1.0.gir \
  lib/python3/dist-packages/gi/overrides/Ionscape.py; do
  [ -s "$p/$f" ] || fail "$f missing"
done
grep -q 'shared-library="libionscape.so.0"' "$p/share/gir-1.0/Ionscape-1.0.gir" \
  || fail "the GIR does not name libionscape.so.0 (the typelib would not find the library)"
# The installed typelib, library and overrides work from where they landed (Debian's python3-gi).
if /usr/bin/python3 -c 'import gi' 2>/dev/null; then
  out=$(env -u LD_PRELOAD GI_TYPELIB_PATH="$p/$libdir/girepository-1.0" LD_LIBRARY_PATH="$p/$libdir" \
    PYTHONPATH="$p/lib/python3/dist-packages" /usr/bin/python3 -c '
import gi
gi.require_version("Ionscape", "1.0")
from gi.repository import Ionscape
import sys
assert Ionscape.as_array, "overrides not loaded"
lib = [l for l in open("/proc/self/maps") if "libionscape" in l][0].split()[-1]
print(Ionscape.get_version(), lib.startswith(sys.argv[1]))' "$p/") || true
  [ "$out" = "$(meson introspect "$build" --projectinfo | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])') True" ] \
    || fail "the installed Ionscape typelib does not load from $p ($out)"
else
  echo "# python3-gi missing: the installed typelib was not loaded"
fi

# Nothing may point back into the source or build tree: the installed app must stand alone.
src=$(cd "$(dirname "$0")/../.." && pwd)
if grep -rlI --exclude='*.page' -e "$src" -e "$(cd "$build" && pwd)" "$p/share" 2>/dev/null; then
  fail "installed data names the source or build tree"
fi

# The manual pages format without warnings.
if command -v groff >/dev/null; then
  for m in ionscape ionscape-cli; do
    warnings=$(groff -man -Tutf8 -ww -z "$p/share/man/man1/$m.1" 2>&1)
    [ -z "$warnings" ] || { echo "$warnings"; fail "man page $m.1 has warnings"; }
  done
fi

# Hints count too: GNOME Software and the menus act on them.
out=$(desktop-file-validate "$p/share/applications/$app_id.desktop" 2>&1) || fail "desktop-file-validate"
[ -z "$out" ] || { echo "$out"; fail "desktop-file-validate has remarks"; }
grep -q '^Exec=ionscape' "$p/share/applications/$app_id.desktop" || fail "Exec is not ionscape"
grep -q '^Name\[de\]=' "$p/share/applications/$app_id.desktop" \
  || echo "# note: the desktop file carries no German name"
appstreamcli validate --no-net "$p/share/metainfo/$app_id.metainfo.xml" || fail "appstreamcli validate"

# The schema compiles where it was installed (meson's post-install step does this outside DESTDIR).
glib-compile-schemas --strict "$p/share/glib-2.0/schemas" || fail "glib-compile-schemas"
[ -s "$p/share/glib-2.0/schemas/gschemas.compiled" ] || fail "no gschemas.compiled"

# The German catalogue is a real one.
if command -v msgunfmt >/dev/null; then
  de=$(msgunfmt "$p/share/locale/de/LC_MESSAGES/ionscape.mo")
  grep -q '^msgstr "Öffnen' <<<"$de" || fail "de .mo has no German"
fi

# The installed binaries run with no environment (resources compiled in).
"$p/bin/ionscape" --version | grep -q '^ionscape ' || fail "ionscape --version"
"$p/bin/ionscape-cli" --version | grep -q '^ionscape-cli ' || fail "ionscape-cli --version"

# The locale directory compiled in is the installed one, not the build tree's.
text=$(strings "$p/bin/ionscape")
grep -qx "$prefix/share/locale" <<<"$text" || fail "ionscape does not name $prefix/share/locale"

# The installed app finds its schema where GLib looks (XDG_DATA_DIRS of the prefix) and the
# schema has the keys the application reads.
keys=$(env -u GSETTINGS_SCHEMA_DIR XDG_DATA_DIRS="$p/share" gsettings list-keys $app_id)
grep -qx color-scheme <<<"$keys" || fail "installed schema has no color-scheme key"

# The installed window starts with a bare environment (only the XDG_DATA_DIRS a session gives,
# here pointing into DESTDIR): it finds its schema and resources and is still up after 5 s.
if command -v xvfb-run >/dev/null; then
  result=$(xvfb-run -a -s '-screen 0 1024x700x24' bash -c '
    env -i DISPLAY="$DISPLAY" XAUTHORITY="$XAUTHORITY" HOME="$2" PATH=/usr/bin:/bin \
      XDG_DATA_DIRS="$1/share:/usr/share" XDG_CONFIG_HOME="$2/config" XDG_CACHE_HOME="$2/cache" \
      GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 "$1/bin/ionscape" >"$2/app.log" 2>&1 &
    app=$!
    sleep 5
    if kill -0 $app 2>/dev/null; then echo up; kill $app; else echo "exited"; fi
    wait $app 2>/dev/null; exit 0' _ "$p" "$root") || true
  if [ "$result" != up ]; then
    cat "$root/app.log"; fail "the installed ionscape did not stay up ($result)"
  elif grep -q "schema\|CRITICAL\|ERROR" "$root/app.log"; then
    cat "$root/app.log"; fail "the installed ionscape complained"
  else
    echo "# the installed ionscape runs without the build tree"
  fi
else
  echo "# xvfb-run missing: the installed window was not started"
fi

[ $status -eq 0 ] && echo "PASS: install into $root"
exit $status
