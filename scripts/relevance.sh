#!/usr/bin/env bash
# `make relevance`: measure search relevance on search/relevance/judgements.csv.
# The sample content goes into a database and an index of their own (var/relevance.sqlite3,
# prefix "relevance"), so a developer's data and index are never touched.
# Prints nDCG@10, recall@10 and the zero-result rate per language and overall, for the
# Elasticsearch index and for the database fallback, beside the figures from before the
# relevance work (search/relevance/figures.json). Extra arguments go to the command,
# e.g. `bash scripts/relevance.sh --queries` prints every query's figures.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
bash scripts/elasticsearch.sh start
mkdir -p var
export DATABASE_URL="sqlite:///$PWD/var/relevance.sqlite3"
export ELASTICSEARCH_INDEX_PREFIX=relevance
PY=.venv/bin/python
echo "==> Sample content into var/relevance.sqlite3 and the 'relevance' index"
$PY manage.py migrate --noinput >var/relevance-migrate.log 2>&1 || { cat var/relevance-migrate.log; exit 1; }
$PY manage.py load_synonyms
$PY manage.py import_content content/*/*.jsonl
$PY manage.py search_index rebuild
for backend in elasticsearch database; do
  echo
  $PY manage.py search_relevance --backend "$backend" "$@"
done
