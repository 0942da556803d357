#!/usr/bin/env bash
# The manual: every page is valid Mallard, every link and figure resolves, every page is reachable
# from the index, and the definitions the analyses rest on are stated.
# Usage: test-help.sh HELP_DIR
set -euo pipefail

cd "$1/C"
if ! command -v yelp-check >/dev/null 2>&1; then
  echo "SKIP: yelp-check missing (apt-get install yelp-tools)"
  exit 77
fi
status=0
fail () { echo "FAIL: $*"; status=1; }

yelp-check validate *.page || fail "yelp-check validate"
out=$(yelp-check links . 2>&1) || true
[ -z "$out" ] || { echo "$out"; fail "broken links"; }
out=$(yelp-check orphans . 2>&1) || true
[ -z "$out" ] || { echo "$out"; fail "pages no guide links to"; }
out=$(yelp-check media . 2>&1) || true
[ -z "$out" ] || { echo "$out"; fail "missing media"; }

# Every page meson installs exists and every page is installed.
listed=$(sed -n "/help_pages = \[/,/\]/p" ../meson.build | grep -o "'[^']*\.page'" | tr -d "'" | sort)
present=$(ls *.page | sort)
[ "$listed" = "$present" ] || fail "help/meson.build lists $(echo $listed) but help/C holds $(echo $present)"

media_listed=$(sed -n "/help_media = \[/,/\]/p" ../meson.build | grep -o "'[^']*'" | tr -d "'" | sort)
media_present=$(ls figures/* | sort)
[ "$media_listed" = "$media_present" ] || fail "help/meson.build's media differ from help/C/figures"

# The definitions the numbers in the window follow (model/apt/fda.c, composition.c).
need () { grep -q -- "$2" "$1" || fail "$1 does not state $2"; }
need composition.page '√(c (1 − c) / N)'
need fda.page 'χ² = Σ (O − E)² / E'
need fda.page 'μ = √(χ² / (N + χ²))'
need fda.page 'E(n) = N_b · C(n_b, n)'
need fda.page 'Moody'
need fda.page 'N_s'
need fda.page 'N_b · n_b'

[ $status -eq 0 ] && echo "PASS: $(ls *.page | wc -l) pages valid"
exit $status
