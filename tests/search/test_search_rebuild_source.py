"""A rebuild fed pages by its caller (the benchmark's path), and how its failures end."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.test import override_settings

from search.documents import document_for
from search.indexing import rebuild, status

from .conftest import make_page


def live_index(es_client) -> str:
    alias = f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content"
    return next(iter(es_client.indices.get_alias(name=alias).body))


def indexed_ids(es_client) -> set[str]:
    alias = f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content"
    response = es_client.search(index=alias, query={"match_all": {}}, size=100, source=["id"])
    return {hit["_source"]["id"] for hit in response["hits"]["hits"]}


def pages(site) -> list:
    return [
        make_page(
            kind="financing_scheme",
            country="TH",
            external_id=f"th-given-{number}",
            title={"en": f"Given scheme {number}"},
            summary={"en": "Working capital"},
        )
        for number in range(3)
    ]


@pytest.mark.django_db
def test_rebuild_indexes_the_pages_it_is_given_and_reports_progress(site, es_client):
    given = pages(site)[:2]
    seen: list[tuple[int, int]] = []
    report = rebuild(
        pages=iter(given), total=len(given), progress=lambda done, total: seen.append((done, total))
    )
    assert report.documents == 2
    assert indexed_ids(es_client) == {"th-given-0", "th-given-1"}
    assert seen[-1] == (2, 2)


@pytest.mark.django_db
def test_a_failing_page_source_leaves_the_live_index_and_deletes_the_new_one(site, es_client):
    made = pages(site)
    first = rebuild()

    def breaking():
        yield made[0]
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="went away"):
        rebuild(pages=breaking())
    assert live_index(es_client) == first.index
    assert status()["documents"] == 3
    prefix = settings.ELASTICSEARCH_INDEX_PREFIX
    assert sorted(es_client.indices.get(index=f"{prefix}-content-*")) == [first.index]


@pytest.mark.django_db
def test_a_document_elasticsearch_rejects_fails_the_rebuild_and_deletes_the_new_index(
    site, es_client
):
    made = pages(site)
    first = rebuild()
    rejected = made[1]
    rejected.pk = "not-a-number"  # page_id is an integer field: the bulk item fails with 400

    with pytest.raises(RuntimeError, match="bulk indexing failed"):
        rebuild(pages=[made[0], rejected, made[2]])
    assert live_index(es_client) == first.index
    prefix = settings.ELASTICSEARCH_INDEX_PREFIX
    assert sorted(es_client.indices.get(index=f"{prefix}-content-*")) == [first.index]


def indexed_sources(es_client) -> dict[str, dict]:
    alias = f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content"
    response = es_client.search(index=alias, query={"match_all": {}}, size=1000)
    return {hit["_id"]: hit["_source"] for hit in response["hits"]["hits"]}


@pytest.mark.django_db
def test_worker_processes_index_exactly_what_the_rebuild_builds_alone(
    random_content, es_client, monkeypatch
):
    from search import indexing

    # Small bulks, so that many batches cross two worker processes and come back in order.
    monkeypatch.setattr(indexing, "BULK_CHUNK_SIZE", 7)
    seen: list[int] = []
    with override_settings(SEARCH_REBUILD_WORKERS=0):
        alone = rebuild()
        by_itself = indexed_sources(es_client)
    with override_settings(SEARCH_REBUILD_WORKERS=2):
        assert indexing.rebuild_workers(10) == 2
        shared = rebuild(progress=lambda done, _total: seen.append(done))
        with_workers = indexed_sources(es_client)
    assert shared.documents == alone.documents == len(random_content.pages) > 7 * 4
    assert seen == list(range(1, shared.documents + 1))
    assert with_workers == by_itself
    vocab = indexing.vocabularies()
    for page in random_content.pages:
        assert with_workers[page.external_id] == document_for(page, vocabularies=vocab)


def test_workers_start_only_for_a_large_site(settings):
    from search.indexing import WORKERS_MIN_PAGES, rebuild_workers

    settings.SEARCH_REBUILD_WORKERS = None
    assert rebuild_workers(WORKERS_MIN_PAGES - 1) == 0
    assert rebuild_workers(WORKERS_MIN_PAGES) == max(0, min((os.cpu_count() or 1) - 1, 4))
