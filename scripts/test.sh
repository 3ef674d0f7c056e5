#!/usr/bin/env bash
# Run the whole test suite (`make test`): install, start Elasticsearch, run pytest.
# Elasticsearch is required: the integration tests fail, never skip, without it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "==> Starting Elasticsearch (required by the integration tests)"
bash scripts/elasticsearch.sh start
export DJANGO_SETTINGS_MODULE=servicecentre.settings.test
export TEST_ARTIFACTS_DIR="${TEST_ARTIFACTS_DIR:-$PWD/test-artifacts}"
mkdir -p "$TEST_ARTIFACTS_DIR"
# Show the database without its password.
shown_db=$(printf '%s' "${DATABASE_URL:-SQLite}" | sed -E 's#(://[^:/@]*):[^@]*@#\1:***@#')
echo "==> Database: $shown_db; screenshots and reports go to $TEST_ARTIFACTS_DIR"
.venv/bin/python -m pytest "$@"
