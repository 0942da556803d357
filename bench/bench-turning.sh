#!/bin/sh
# bench-turning.sh: frames of the 3-D ion view while it turns in the real window (run under
# Xvfb, software GL, 1280×800). Opens FILE (a .pos: `build/bench/scale-tools write N FILE`
# makes one), waits WAIT seconds, drags over the view for about 2.5 s with one xdotool
# (60 moves a second) and prints, from the view's debug lines, the interval between frames
# (median and 90th percentile: ≤ 33 ms is 30 frames/s) against the view's own draw.
#
# Usage: xvfb-run -a -s '-screen 0 1280x800x24' bench/bench-turning.sh BUILDDIR FILE [WAIT]
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -e
build=$1
file=$2
wait_s=${3:-20}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

GSETTINGS_SCHEMA_DIR=$build/resources GSETTINGS_BACKEND=memory GTK_A11Y=none \
  G_MESSAGES_DEBUG=isc-ion-view "$build/app/ionscape" "$file" > "$log" 2>&1 &
app=$!
sleep "$wait_s"
moves="mousemove 480 350 mousedown 1"
i=1
while [ $i -le 150 ]; do
  moves="$moves mousemove $((480 + (i % 60) * 2)) $((350 + i % 40)) sleep 0.016"
  i=$((i + 1))
done
# shellcheck disable=SC2086
xdotool $moves mouseup 1
sleep 1
grep VmHWM /proc/$app/status
kill $app

# "HH:MM:SS.mmm: frame: turning, N of M ions, D ms, window W ms" → interval, draw, ions
grep 'frame: turning' "$log" |
  sed 's/.*DEBUG: \([0-9:.]*\): frame: turning, \([0-9]*\) of \([0-9]*\) ions, \([0-9.]*\) ms.*/\1 \2 \3 \4/' |
  awk '{ split ($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3];
         if (n > 1 && s - last < 0.5) printf "%.1f %s %s %s\n", (s - last) * 1000, $4, $2, $3;
         last = s; n++ }' > "$log.frames"
trap 'rm -f "$log" "$log.frames"' EXIT
k=$(wc -l < "$log.frames")
[ "$k" -gt 0 ] || { echo "no frames while turning"; exit 1; }
col () { cut -d' ' -f"$1" "$log.frames" | sort -n | sed -n "$2p"; }
mid=$(((k + 1) / 2))
p90=$(((k * 9 + 9) / 10))
iv=$(col 1 $mid)
echo "$k frames while turning, $(col 4 1) ions: interval median $iv ms, 90th percentile" \
     "$(col 1 $p90) ms ($(awk "BEGIN { printf \"%.0f\", 1000 / $iv }") frames/s); the view's draw" \
     "median $(col 2 $mid) ms, $(col 3 $mid) ions"
