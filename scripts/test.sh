#!/usr/bin/env bash
# make test: install what is missing, build, run the whole suite headless (Xvfb), then run
# the model, render and CLI suites again under AddressSanitizer and UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh build
bash scripts/build.sh build-sanitize -Db_sanitize=address,undefined -Db_lundef=false

export GTK_A11Y=none GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1
status=0
echo "== Full suite under Xvfb =="
xvfb-run -a -s '-screen 0 1400x900x24' meson test -C build --print-errorlogs --num-processes 2 || status=1
echo "== Model, render and CLI suites under AddressSanitizer + UBSan =="
xvfb-run -a -s '-screen 0 1400x900x24' \
  meson test -C build-sanitize --print-errorlogs --num-processes 2 --suite model --suite render --suite cli || status=1

# One closing line over both runs, in the plain form CI reads.
python3 - <<'PY' || true
import json, os
passed = failed = skipped = 0
for d in ("build", "build-sanitize"):
    path = os.path.join(d, "meson-logs", "testlog.json")
    if not os.path.exists(path):
        continue
    for line in open(path):
        r = json.loads(line).get("result")
        if r in ("OK", "EXPECTEDFAIL"): passed += 1
        elif r == "SKIP": skipped += 1
        else: failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
