#!/usr/bin/env bash
# Set up and serve the site on 127.0.0.1:8000 with the sample content (`make run`).
# Safe to re-run: migrations, set-up and imports are idempotent and keep your data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
PY=.venv/bin/python
# Development settings, opted into here: nothing falls back to them on its own.
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-servicecentre.settings.dev}"

echo "==> Migrating the database (${DATABASE_URL:-SQLite db.sqlite3})"
mkdir -p var
$PY manage.py migrate --noinput >var/migrate.log 2>&1 || { cat var/migrate.log; exit 1; }
$PY manage.py setup_site
$PY manage.py setup_roles

if [ "${ELASTICSEARCH_URL-http://127.0.0.1:9200}" = "" ]; then
  echo "==> ELASTICSEARCH_URL is empty: search runs on the database fallback."
elif command -v java >/dev/null; then
  echo "==> Starting Elasticsearch"
  bash scripts/elasticsearch.sh start || echo "!! Elasticsearch did not start: search runs on the database fallback (see above)."
else
  echo "==> No Java on this machine: search runs on the database fallback."
fi

echo "==> Loading the sample content"
$PY manage.py import_content content/*/*.jsonl
$PY manage.py search_index rebuild || echo "!! Search index not built: search runs on the database fallback."
$PY manage.py build_open_data >var/open-data.log 2>&1 || { cat var/open-data.log; exit 1; }
# Call statuses change at each country's midnight: the queue re-indexes them then (idempotent).
$PY manage.py search_index refresh_status >/dev/null 2>&1 || true

$PY manage.py setup_site --admin
# Mail goes to a local SMTP sink that keeps each message as var/mail/*.eml, unless
# EMAIL_URL or EMAIL_HOST points elsewhere.
mail_sink=""
if [ -z "${EMAIL_URL:-}${EMAIL_HOST:-}" ]; then
  export EMAIL_URL="smtp://127.0.0.1:${MAIL_SINK_PORT:-1025}"
  $PY manage.py mail_sink --port "${MAIL_SINK_PORT:-1025}" --directory var/mail >var/mail-sink.log 2>&1 &
  mail_sink=$!
  echo "==> E-mails the site sends are kept in var/mail/ (one .eml file each; open it in any mail program)"
fi
echo "==> Starting the queue workers and the web server on http://127.0.0.1:8000/ (Ctrl-C stops all)"
# One worker per task backend: Wagtail's housekeeping ("default"), the search index
# queue ("search"), e-mail alerts ("alerts") and the open data builds ("opendata");
# a worker serves only the backend it is given.
$PY manage.py db_worker --backend default --queue-name '*' --interval 1 >var/worker-default.log 2>&1 &
default_worker=$!
$PY manage.py db_worker --backend search --queue-name search --interval 1 >var/worker-search.log 2>&1 &
search_worker=$!
$PY manage.py db_worker --backend alerts --queue-name alerts --interval 1 >var/worker-alerts.log 2>&1 &
alerts_worker=$!
$PY manage.py db_worker --backend opendata --queue-name opendata --interval 5 >var/worker-opendata.log 2>&1 &
opendata_worker=$!
trap 'kill $default_worker $search_worker $alerts_worker $opendata_worker $mail_sink 2>/dev/null || true' EXIT INT TERM
$PY manage.py runserver 127.0.0.1:8000
