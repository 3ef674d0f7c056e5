# The two commands a newcomer needs: `make run` and `make test`.
.PHONY: run test setup elasticsearch elasticsearch-stop lint format bench messages load relevance

run:  ## set up and serve on 127.0.0.1:8000 with the sample content
	bash scripts/run.sh

test:  ## the whole suite, against a real Elasticsearch node
	bash scripts/test.sh

setup:  ## virtualenv, requirements, compiled translations
	bash scripts/setup.sh

elasticsearch:  ## fetch (once) and start Elasticsearch 8 on 127.0.0.1:9200; returns when healthy
	bash scripts/elasticsearch.sh start

elasticsearch-stop:
	bash scripts/elasticsearch.sh stop

lint: setup  ## ruff, djhtml and a migrations check
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/djhtml --check templates
	.venv/bin/python manage.py makemigrations --check --dry-run

format: setup
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .
	.venv/bin/djhtml templates

messages: setup  ## extract UI strings into locale/*/LC_MESSAGES/django.po
	.venv/bin/python manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=tests --ignore=bench

bench: setup elasticsearch  ## benchmarks (not part of the test suite)
	.venv/bin/python bench/search.py

relevance:  ## nDCG@10, recall@10, zero results on search/relevance/judgements.csv
	bash scripts/relevance.sh

load: setup  ## 4 x 60 s load and fault runs on loopback (own ES node on :9250; never stops :9200)
	.venv/bin/python bench/load.py
