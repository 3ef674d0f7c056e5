#!/usr/bin/env bash
# Create the virtualenv, install the pinned requirements and compile translations.
# Idempotent: re-running only installs what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating virtualenv .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
# Every package, transitive ones included, pinned with its hashes in the lock: pip refuses
# anything else. Regenerate the locks after changing requirements*.txt:
#   pip-compile --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
#     --no-emit-find-links --output-file requirements.lock requirements.txt
#   pip-compile ... --output-file requirements-test.lock requirements-test.txt
stamp=.venv/.requirements-installed
if [ ! -f "$stamp" ] || [ requirements-test.lock -nt "$stamp" ]; then
  for spec in requirements.txt requirements-test.txt; do
    lock="${spec%.txt}.lock"
    [ "$lock" -nt "$spec" ] || [ ! "$spec" -nt "$lock" ] \
      || echo "==> warning: $spec is newer than $lock; regenerate the lock" >&2
  done
  echo "==> Installing requirements (requirements-test.lock, hashes required)"
  .venv/bin/pip install --disable-pip-version-check -q --require-hashes -r requirements-test.lock
  touch "$stamp"
fi
# Test-only JavaScript (axe-core for the accessibility tests), pinned in package-lock.json.
npm_stamp=node_modules/.installed-from-lock
if [ ! -f "$npm_stamp" ] || [ package.json -nt "$npm_stamp" ] || [ package-lock.json -nt "$npm_stamp" ]; then
  if command -v npm >/dev/null; then
    echo "==> Installing test JavaScript tools (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    touch "$npm_stamp"
  else
    echo "==> npm not found: the accessibility tests will fail until \`npm ci\` has run" >&2
  fi
fi
.venv/bin/python manage.py compile_translations
