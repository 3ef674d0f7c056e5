"""Index lifecycle against the real node: rebuild under queries, outage and recovery."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.http import QueryDict
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from search.backends import search_elasticsearch
from search.indexing import rebuild, status, sync_page
from search.params import parse_search_params
from search.tasks import drain_queue, pending_count

from .conftest import make_page

CLOSED_PORT = "http://127.0.0.1:9"


def indexed_ids(es_client) -> set[str]:
    alias = f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content"
    es_client.indices.refresh(index=alias)
    response = es_client.search(index=alias, query={"match_all": {}}, size=1000, source=["id"])
    return {hit["_source"]["id"] for hit in response["hits"]["hits"]}


@pytest.mark.django_db
def test_rebuild_swaps_the_alias_and_removes_the_old_index(random_content, rebuilt, es_client):
    first = rebuilt()
    second = rebuilt()
    assert second.removed_indexes == [first.index]
    assert status()["index"] == second.index
    assert status()["documents"] == len(random_content.pages) == status()["published_pages"]
    assert not es_client.indices.exists(index=first.index)


@pytest.mark.django_db
def test_no_query_fails_while_the_index_is_rebuilt(random_content, rebuilt):
    rebuilt()
    params = parse_search_params(
        QueryDict("country=TH&country=VN&q=loan"), default_lang="en", strict=True
    )
    expected = search_elasticsearch(params).total
    failures: list[BaseException] = []
    totals: list[int] = []
    stop = threading.Event()

    def query_loop():
        while not stop.is_set():
            try:
                totals.append(search_elasticsearch(params).total)
            except BaseException as error:  # any failure is the test's failure
                failures.append(error)

    threads = [threading.Thread(target=query_loop) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(3):
            rebuild()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert failures == []
    assert len(totals) > 10
    assert set(totals) == {expected}


@pytest.mark.django_db
def test_changes_made_during_an_outage_are_applied_once_elasticsearch_is_back(
    site, rebuilt, es_client, django_capture_on_commit_callbacks
):
    kept = make_page(
        kind="financing_scheme",
        country="MY",
        external_id="my-kept",
        title={"en": "Kept scheme"},
        summary={"en": "Stays published"},
    )
    to_unpublish = make_page(
        kind="incubator",
        country="SG",
        external_id="sg-going",
        title={"en": "Going incubator"},
        summary={"en": "Will be unpublished"},
    )
    rebuilt()
    assert indexed_ids(es_client) == {"my-kept", "sg-going"}

    with override_settings(ELASTICSEARCH_URL=CLOSED_PORT):
        with django_capture_on_commit_callbacks(execute=True):
            added = make_page(
                kind="market_guide",
                country="VN",
                external_id="vn-new",
                title={"en": "New guide"},
                summary={"en": "Published during the outage"},
            )
            to_unpublish.unpublish()
        assert pending_count() >= 2
        drain_queue()  # every sync fails and is rescheduled with backoff, none is lost
        assert pending_count() >= 2
        # A failed attempt is recorded as failed (and rescheduled), never as a success.
        assert DBTaskResult.objects.filter(
            backend_name="search",
            status="FAILED",
            exception_class_path="search.tasks.SyncRetryScheduled",
        ).exists()
        # Searching still answers, from the database.
        from search.service import run_search

        result = run_search(parse_search_params(QueryDict(""), default_lang="en", strict=True))
        assert result.backend == "database"
        assert {r["id"] for r in result.results} == {"my-kept", "vn-new"}

    # Back up: make the scheduled retries due now, then drain.
    DBTaskResult.objects.filter(backend_name="search", status="READY").update(
        run_after=timezone.now()
    )
    drain_queue()
    assert pending_count() == 0
    assert indexed_ids(es_client) == {kept.external_id, added.external_id}


@pytest.mark.django_db
def test_a_late_stale_write_never_overwrites_newer_data(site, rebuilt, es_client):
    from search.documents import document_for
    from search.indexing import vocabularies

    page = make_page(
        kind="financing_scheme",
        country="TH",
        external_id="th-versioned",
        title={"en": "Old title"},
        summary={"en": "Old"},
    )
    rebuilt()
    stale = document_for(page, vocabularies=vocabularies())
    page.title = page.title_en = "New title"
    page.save_revision().publish()
    sync_page(page.pk)
    alias = f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content"
    old_version = 1  # a retry that read the database long ago
    es_client.options(ignore_status=409).index(
        index=alias,
        id="th-versioned",
        document=stale,
        version=old_version,
        version_type="external_gte",
    )
    es_client.indices.refresh(index=alias)
    source = es_client.get(index=alias, id="th-versioned")["_source"]
    assert source["display"]["en"]["title"] == "New title"
