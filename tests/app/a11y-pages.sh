#!/usr/bin/env bash
# a11y-pages.sh: opens Ionscape on each kind of page at 1024×700 (and two in German) and reads the
# window through the accessibility bus, as a screen reader does, with ../shared/tools/a11y-check.py:
# no control may stick out of the window sideways and every control needs a name a person understands.
#
# usage: a11y-pages.sh IONSCAPE IONSCAPE-CLI SCHEMA-DIR LOCALE-DIR OUT-DIR
# Skips (exit 77) when the checker, python3-pyatspi or the accessibility bus launcher is missing.
set -uo pipefail

ionscape=$1 cli=$2 schema_dir=$3 locale_dir=$4 out_dir=$5
here=$(cd "$(dirname "$0")" && pwd)
fixtures=${IONSCAPE_FIXTURES:-$here/../../../shared/fixtures}
checker=$(cd "$fixtures/../tools" 2>/dev/null && pwd)/a11y-check.py
launcher=/usr/libexec/at-spi-bus-launcher

if [ ! -f "$checker" ] || [ ! -x "$launcher" ] || ! /usr/bin/python3 -c 'import pyatspi' 2>/dev/null \
   || ! command -v dbus-run-session >/dev/null; then
  echo "skip: a11y-check.py, python3-pyatspi, at-spi2-core or dbus is missing"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out_dir"
"$cli" demo --out "$work/demo" >/dev/null || { echo "could not write the demo project"; exit 1; }
demo=$work/demo

# The window's size comes from its settings: a keyfile backend holds 1024×700.
mkdir -p "$work/config/glib-2.0/settings"
cat >"$work/config/glib-2.0/settings/keyfile" <<EOF
[io/github/ionscape/Ionscape]
window-width=1024
window-height=700
window-maximized=false
EOF

# One line per page: a name, the language, then the arguments that open it.
pages=(
  "welcome|en|"
  "project|en|$demo/demo.ionscape"
  "project-de|de|$demo/demo.ionscape"
  "site|en|--site=300 cycles/R1|$demo/demo.ionscape"
  "site-de|de|--site=300 cycles/R1|$demo/demo.ionscape"
  "apt|en|$demo/apt/300cycles_R1/specimen-1.pos|$demo/apt/ranges.rrng"
  "stem|en|$demo/stem/300cycles_R1.tif"
  "insitu|en|$demo/insitu/ncm622-heating.tif"
  "cycling|en|$demo/cycling/18650-full-cell.csv"
  "thermal|en|$demo/thermal/tmoh2.csv|$demo/thermal/tmoh2-lioh.csv"
  "thermal-de|de|$demo/thermal/tmoh2.csv|$demo/thermal/tmoh2-lioh.csv"
)

status=0
export XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR=$schema_dir
export IONSCAPE_LOCALEDIR=$locale_dir
unset GTK_A11Y NO_AT_BRIDGE
for page in "${pages[@]}"; do
  IFS='|' read -r -a fields <<<"$page"
  name=${fields[0]} lang=${fields[1]}
  args=("${fields[@]:2}")
  [ -n "${args[0]:-}" ] || args=()
  if [ "$lang" = de ]; then lang_env=(LANGUAGE=de LANG=de_DE.UTF-8); else lang_env=(LANGUAGE=en LANG=C.UTF-8); fi
  report=$out_dir/a11y-$name.txt
  env "${lang_env[@]}" dbus-run-session -- xvfb-run -a -s '-screen 0 1280x800x24' bash -c '
    '"$launcher"' --launch-immediately & sleep 1
    "$@" >/dev/null 2>&1 & app=$!
    sleep 8
    /usr/bin/python3 '"$checker"' ionscape; rc=$?
    kill $app 2>/dev/null; wait $app 2>/dev/null
    exit $rc' _ "$ionscape" "${args[@]}" >"$report" 2>&1
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "FAIL $name (exit $rc):"; sed 's/^/  /' "$report"
    status=1
  else
    echo "ok   $name: $(tail -n 1 "$report")"
  fi
done
exit $status
