"""The daily refresh: pages whose status changed are re-indexed through the durable queue."""

from __future__ import annotations

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command

from deadlines.status import next_local_midnight
from finance_directory.models import FinancingSchemePage
from search.status_refresh import (
    AFTER_MIDNIGHT,
    refresh_statuses,
    schedule_status_refresh,
    status_disagreements,
)
from search.tasks import drain_queue

from .conftest import make_page

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def call(site, rebuilt, es_client):
    page = make_page(
        kind="financing_scheme",
        country="TH",
        external_id="th-call",
        title={"en": "Call"},
        summary={"en": "A call for proposals"},
        window={"opens_on": TODAY - 10 * DAY, "closes_on": TODAY + 20 * DAY},
    )
    rebuilt()
    return page


def refresh_index(es_client):
    es_client.indices.refresh(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content")


@pytest.mark.django_db
def test_a_fresh_index_agrees_with_the_dates(call):
    assert status_disagreements() == []


@pytest.mark.django_db
def test_the_status_a_later_day_brings_is_reported(call):
    after_closing = datetime.datetime.combine(
        TODAY + 30 * DAY, datetime.time(12), tzinfo=datetime.UTC
    )

    (item,) = status_disagreements(after_closing)

    assert (item.id, item.indexed, item.expected) == ("th-call", "open", "closed")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_changed_status_is_reindexed_through_the_queue(call, es_client):
    # The dates changed without a publish (as a day passing changes the status).
    FinancingSchemePage.objects.filter(pk=call.pk).update(closes_on=TODAY - DAY)
    assert [d.expected for d in status_disagreements()] == ["closed"]

    assert refresh_statuses() == 1
    assert drain_queue() >= 1
    refresh_index(es_client)

    assert status_disagreements() == []
    source = es_client.get(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content", id="th-call")
    assert source["_source"]["status"] == "closed"


@pytest.mark.django_db
def test_the_refresh_is_scheduled_once_for_the_next_local_midnight(site):
    from django_tasks_db.models import DBTaskResult

    now = datetime.datetime(2026, 6, 30, 10, 0, tzinfo=datetime.UTC)

    assert schedule_status_refresh(now) is True
    assert schedule_status_refresh(now) is False  # already queued

    (queued,) = DBTaskResult.objects.filter(task_path__endswith="refresh_statuses_task")
    assert queued.run_after == next_local_midnight(now) + AFTER_MIDNIGHT
    assert queued.backend_name == "search"


@pytest.mark.django_db
def test_search_index_status_reports_outdated_statuses(call):
    FinancingSchemePage.objects.filter(pk=call.pk).update(closes_on=TODAY - DAY)
    out = io.StringIO()

    call_command("search_index", "status", stdout=out)

    assert "status outdated: 1 (expected 0)" in out.getvalue()
    assert "th-call: indexed open, dates give closed" in out.getvalue()
