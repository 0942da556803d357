#!/usr/bin/env bash
# Runs test_ionscape.py with a Python that has PyGObject (Debian's python3-gi lives in the
# system Python, which a pyenv or venv python3 first on PATH would not see).
# Usage: test-python.sh SCRIPT CLI  (GI_TYPELIB_PATH, LD_LIBRARY_PATH and PYTHONPATH from meson)
set -u

script=$1
cli=$2
for py in /usr/bin/python3 python3; do
  if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import gi' 2>/dev/null; then
    exec "$py" "$script" "$cli"
  fi
done
echo "1..0 # SKIP python3-gi is not installed (apt install python3-gi; scripts/install-deps.sh does)"
exit 0
