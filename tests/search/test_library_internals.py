"""Contracts of the private library parts search relies on (search/internals.py).

Each test exercises the real library: when an upgrade of elasticsearch-dsl or
django-tasks-db renames what search/internals.py reads, these fail and say which.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from elasticsearch.dsl import FacetedSearch, TermsFacet

from search.documents import ContentDocument, index_body
from search.internals import (
    claim_next_due,
    claim_next_ready,
    document_mapping,
    due_tasks,
    facet_filter_aggregation,
    faceted_request_body,
    queue_rows,
    run_claimed,
    task_rows,
    waiting_tasks,
)


class TwoFacets(FacetedSearch):
    facets = {
        "country": TermsFacet(field="country"),
        "type": TermsFacet(field="type"),
    }


def test_a_faceted_search_exposes_its_request_with_named_filter_aggregations():
    body = faceted_request_body(TwoFacets(filters={"country": ["MY"]}))
    country = body["aggs"][facet_filter_aggregation("country")]
    kind = body["aggs"][facet_filter_aggregation("type")]
    # Disjunctive counts: a facet's own filter is left out of its aggregation only.
    assert country["filter"] == {"match_all": {}}
    assert kind["filter"] == {"terms": {"country": ["MY"]}}
    assert country["aggs"]["country"]["terms"]["field"] == "country"
    assert body["post_filter"] == {"terms": {"country": ["MY"]}}


def test_a_document_class_built_with_type_exposes_its_mapping():
    mapping = document_mapping(ContentDocument)
    assert mapping["properties"]["type"] == {"type": "keyword"}
    assert index_body()["mappings"] == mapping


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_queue_rows_can_be_read_claimed_and_run():
    from search.tasks import sync_page_task

    sync_page_task.enqueue(0, 0, None)  # page 0 does not exist: the sync just finishes
    assert queue_rows().filter(status="READY").count() == 1
    with transaction.atomic():
        claimed = claim_next_ready("contract-test")
    assert claimed is not None
    assert queue_rows().get(pk=claimed.pk).status == "RUNNING"
    run_claimed(claimed)
    assert queue_rows().get(pk=claimed.pk).status in ("SUCCESSFUL", "FAILED")
    with transaction.atomic():
        assert claim_next_ready("contract-test") is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_other_queues_rows_can_be_found_by_task_and_argument_claimed_by_date_and_run():
    import datetime

    from django.utils import timezone

    from alerts.tasks import match_alerts_task

    later = timezone.now() + datetime.timedelta(hours=1)
    match_alerts_task.using(run_after=later).enqueue("weekly")
    assert waiting_tasks("alerts", match_alerts_task, first_arg="weekly").count() == 1
    assert waiting_tasks("alerts", match_alerts_task, first_arg="daily").count() == 0
    assert not due_tasks("alerts").exists()  # not due before `later`
    with transaction.atomic():
        assert claim_next_due("alerts", "contract-test", until=timezone.now()) is None
        claimed = claim_next_due("alerts", "contract-test", until=later)
    assert claimed is not None
    assert task_rows("alerts").get(pk=claimed.pk).status == "RUNNING"
    run_claimed(claimed)
    assert task_rows("alerts").get(pk=claimed.pk).status in ("SUCCESSFUL", "FAILED")
