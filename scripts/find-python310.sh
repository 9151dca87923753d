#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter, or say what to install and exit 1.
# Order: $PYTHON, python3.10 and python3 on PATH, pyenv's installed versions, usual system places.
# pyenv's `python3.10` shim only works when a 3.10 version is selected, so every candidate is run, not trusted.
set -uo pipefail

is_python310() {
  [ -n "$1" ] && "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
}

find_python310() {
  local candidate
  # 1. An interpreter named by the person running the set-up, then python3.10 on PATH
  #    (pyenv's shim only works when a 3.10 version is selected, so it is checked, not trusted).
  for candidate in "${PYTHON:-}" "$(command -v python3.10 || true)" "$(command -v python3 || true)"; do
    if is_python310 "$candidate"; then echo "$candidate"; return 0; fi
  done
  # 2. pyenv's installed versions, newest 3.10 first.
  local roots=("${PYENV_ROOT:-$HOME/.pyenv}")
  command -v pyenv >/dev/null 2>&1 && roots+=("$(pyenv root)")
  for root in "${roots[@]}"; do
    for candidate in $(ls -d "$root"/versions/3.10*/bin/python3.10 2>/dev/null | sort -V -r); do
      if is_python310 "$candidate"; then echo "$candidate"; return 0; fi
    done
  done
  # 3. Usual system places.
  for candidate in /usr/local/bin/python3.10 /usr/bin/python3.10 /opt/homebrew/bin/python3.10; do
    if is_python310 "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

if find_python310; then exit 0; fi
cat >&2 <<'MSG'
Python 3.10 is needed (Rasa 3.6 does not run on 3.11 or newer), and none was found.
Install it, then run the command again. For example:
  - with pyenv:   pyenv install 3.10
  - on Debian or Ubuntu:  apt-get install python3.10 python3.10-venv
  - or name one:  PYTHON=/path/to/python3.10 make run
MSG
exit 1
