#!/usr/bin/env bash
# Install what the browser, database and scale-out tests need from Debian's packages, and the
# browser-test packages from npm. Safe to run again: it only installs what is missing.
#   chromium            real browser for the widget and editor tests (driven by npm's playwright-core)
#   postgresql          the content and tracker store tests against a real PostgreSQL server
#   redis-server, nginx the scale-out test (lock store, conversation-sticky routing)
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing from Debian: ${missing[*]} (a few minutes the first time)..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "${missing[@]}" >/dev/null \
      || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
  else
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing. Install Node.js 20 or newer (Debian: sudo apt-get install nodejs npm)." >&2
  exit 1
fi
stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "Installing browser-test packages from npm..."
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
