#!/usr/bin/env bash
# Every translatable string in the sources is in po/de.po and po/ko.po, translated and not fuzzy,
# and every source file that marks strings is listed in po/POTFILES.in.
set -euo pipefail
src=$1
cd "$src"
status=0

# Files that mark strings must be in POTFILES.in.
while IFS= read -r f; do
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "not in po/POTFILES.in: $f"; status=1
  fi
done < <(grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_) ?\(' --include='*.c' model render widgets app | sort)
while IFS= read -r f; do
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "not in po/POTFILES.in: $f"; status=1
  fi
done < <(grep -rl 'translatable="yes"' --include='*.ui' resources | sort)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' po/POTFILES.in | grep -v '^$' > "$tmp/files"
xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --files-from="$tmp/files" -o "$tmp/ionscape.pot" 2>/dev/null

for lang in $(cat po/LINGUAS); do
  if ! msgcmp --use-untranslated "po/$lang.po" "$tmp/ionscape.pot" 2>"$tmp/cmp"; then
    echo "po/$lang.po lacks strings:"; grep -o 'this message.*\|msgid.*' "$tmp/cmp" | head -20; status=1
  fi
  stats=$(msgfmt --check --statistics -o /dev/null "po/$lang.po" 2>&1 | tail -1)
  case "$stats" in
    *untranslated*|*fuzzy*) echo "po/$lang.po: $stats"; status=1 ;;
  esac
  echo "po/$lang.po: $stats"
done
exit $status
