#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the pinned dependencies. Safe to run again: it only
# reinstalls when pyproject.toml or constraints.txt changed.
set -euo pipefail
cd "$(dirname "$0")/.."

is_python310() {
  [ -n "$1" ] && "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
}

if ! is_python310 .venv/bin/python; then
  rm -rf .venv
  python=$(scripts/find-python310.sh)
  echo "Creating .venv with $python"
  "$python" -m venv .venv
fi

stamp=".venv/.installed-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "Installing dependencies into .venv (a few minutes the first time)..."
  # (this machine's pip config may name local indexes that do not exist; those warnings are noise)
  .venv/bin/python -m pip install --quiet -c constraints.txt -e ".[dev]" 2> >(grep -v -e "is ignored: it is neither" -e "DEPRECATION: .* legacy .setup.py install." >&2)
  rm -f .venv/.installed-*
  touch "$stamp"
fi
