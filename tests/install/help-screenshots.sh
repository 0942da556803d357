#!/usr/bin/env bash
# help-screenshots.sh: takes the manual's screenshots from the demo project, each page of the
# window at 1024×700 under Xvfb, into OUT-DIR. The manual's copies in help/C/figures must still
# show the same (same size; normalised RMSE of thumbnails below 0.03): when the window changes, the test fails
# until they are taken again with IONSCAPE_UPDATE_HELP_FIGURES=1, which copies them there.
#
# usage: help-screenshots.sh IONSCAPE IONSCAPE-CLI SCHEMA-DIR HELP-DIR OUT-DIR
set -uo pipefail

ionscape=$1 cli=$2 schema_dir=$3 help_dir=$4 out_dir=$5
for tool in xvfb-run import compare convert identify; do
  command -v $tool >/dev/null || { echo "SKIP: $tool missing (xvfb, imagemagick)"; exit 77; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out_dir"
"$cli" demo --out "$work/demo" >/dev/null || { echo "FAIL: could not write the demo project"; exit 1; }
demo=$work/demo

mkdir -p "$work/config/glib-2.0/settings"
cat >"$work/config/glib-2.0/settings/keyfile" <<EOK
[io/github/ionscape/Ionscape]
window-width=1024
window-height=700
window-maximized=false
color-scheme='light'
EOK

# One line per figure: its name, then the arguments that open the page.
pages=(
  "overview|$demo/demo.ionscape"
  "site|--site=300 cycles/R1|$demo/demo.ionscape"
  "apt-page|$demo/apt/300cycles_R1/specimen-1.pos|$demo/apt/ranges.rrng"
  "stem|$demo/stem/300cycles_R1.tif"
  "insitu|$demo/insitu/ncm622-heating.tif"
  "cycling|$demo/cycling/18650-full-cell.csv"
)

status=0
export XDG_CONFIG_HOME=$work/config GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR=$schema_dir
export LANGUAGE=en LANG=C.UTF-8 GTK_A11Y=none NO_AT_BRIDGE=1
for page in "${pages[@]}"; do
  IFS='|' read -r -a fields <<<"$page"
  name=${fields[0]}
  args=("${fields[@]:1}")
  shot=$out_dir/$name.png
  rm -f "$shot"
  xvfb-run -a -s '-screen 0 1024x700x24' bash -c '
    shot=$1; shift
    "$@" >/dev/null 2>&1 & app=$!
    sleep 8
    import -window root -strip -define png:compression-level=9 "$shot"
    kill $app 2>/dev/null; wait $app 2>/dev/null
    exit 0' _ "$shot" "$ionscape" "${args[@]}"
  if [ ! -s "$shot" ]; then
    echo "FAIL $name: no screenshot"; status=1; continue
  fi
  # A window that did not come up leaves the root black: one colour.
  colours=$(convert "$shot" -format '%k' info:)
  if [ "${colours:-0}" -lt 50 ]; then
    echo "FAIL $name: the screenshot has $colours colours (did the window open?)"; status=1; continue
  fi
  kept=$help_dir/C/figures/$name.png
  if [ "${IONSCAPE_UPDATE_HELP_FIGURES:-}" = 1 ]; then
    cp "$shot" "$kept"; echo "updated $kept"; continue
  fi
  if [ ! -f "$kept" ]; then
    echo "FAIL $name: help/C/figures/$name.png missing"; status=1; continue
  fi
  if [ "$(identify -format '%wx%h' "$shot")" != "$(identify -format '%wx%h' "$kept")" ]; then
    echo "FAIL $name: size differs from help/C/figures/$name.png"; status=1; continue
  fi
  # Compared at 64×44 in grey: a page laid out differently differs by 0.05 or more (the overview
  # against the cycling plot), fonts or a few pixels' shift by about 0.01 (2 px) to 0.04 (6 px).
  convert "$shot" -colorspace gray -resize '64x44!' "$work/a.png"
  convert "$kept" -colorspace gray -resize '64x44!' "$work/b.png"
  rmse=$(compare -metric RMSE "$work/a.png" "$work/b.png" null: 2>&1 | sed -n 's/.*(\(.*\)).*/\1/p')
  if awk -v r="${rmse:-1}" 'BEGIN { exit !(r > 0.03) }'; then
    echo "FAIL $name: differs from help/C/figures/$name.png (RMSE $rmse): retake with IONSCAPE_UPDATE_HELP_FIGURES=1"
    status=1
  else
    echo "ok   $name: RMSE $rmse against the manual's copy"
  fi
done
exit $status
