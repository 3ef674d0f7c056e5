"""Keep the indexed status of calls current: statuses change at each country's midnight.

A document stores the status its page had when it was indexed. Once a day per country
(the queue task below re-schedules itself for the next local midnight) the pages whose
indexed status differs from what their dates give now are queued for an index sync,
through the same durable queue as every other change.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django_tasks import task
from elasticsearch.helpers import scan

from deadlines.status import has_window, next_local_midnight, status_for
from search.client import alias_name, get_client
from search.internals import waiting_tasks
from search.tasks import enqueue_page_sync
from servicecentre.selectors import content_models

logger = logging.getLogger(__name__)

# Just after midnight: a status computed at 00:00:00.000 local time is already the new day's.
AFTER_MIDNIGHT = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class Disagreement:
    id: str
    page_id: int
    indexed: str | None
    expected: str | None


def _window_models() -> list:
    return [model for model in content_models().values() if has_window(model)]


def expected_statuses(now: datetime.datetime | None = None) -> dict[str, tuple[int, str | None]]:
    """Import id → (page id, status now) of every live, public page with a window."""
    expected = {}
    for model in _window_models():
        pages = (
            model.objects.live()
            .public()
            .exclude(external_id="")
            .only("pk", "external_id", "country_id", "opens_on", "closes_on", "open_all_year")
        )
        for page in pages:
            expected[page.external_id] = (page.pk, status_for(page, now))
    return expected


def indexed_statuses() -> dict[str, str | None]:
    """Import id → status as the index holds it, for documents of types with a window."""
    types = [model.content_type_code for model in _window_models()]
    hits = scan(
        get_client(),
        index=alias_name(),
        query={"query": {"terms": {"type": types}}, "_source": ["id", "status"]},
    )
    return {hit["_source"]["id"]: hit["_source"].get("status") for hit in hits}


def status_disagreements(now: datetime.datetime | None = None) -> list[Disagreement]:
    """Indexed pages whose indexed status is not the one their dates give now (expected: 0)."""
    indexed = indexed_statuses()
    return [
        Disagreement(id=external_id, page_id=page_id, indexed=indexed[external_id], expected=status)
        for external_id, (page_id, status) in sorted(expected_statuses(now).items())
        if external_id in indexed and indexed[external_id] != status
    ]


def refresh_statuses(now: datetime.datetime | None = None) -> int:
    """Queue an index sync of every page whose status changed; return how many."""
    disagreements = status_disagreements(now)
    with transaction.atomic():
        enqueue_page_sync([d.page_id for d in disagreements])
    if disagreements:
        logger.info("Status changed on %s page(s); index syncs queued", len(disagreements))
    return len(disagreements)


@task(backend="search", queue_name="search")
def refresh_statuses_task() -> str:
    """Queue syncs of the pages whose status changed, then run again at the next midnight."""
    try:
        changed = refresh_statuses()
    finally:
        schedule_status_refresh()
    return f"{changed} status change(s) queued"


def schedule_status_refresh(now: datetime.datetime | None = None) -> bool:
    """Queue the next refresh for just after the next local midnight, unless one is queued.

    Returns whether one was queued. Idempotent: `search_index refresh_status`, `make run`
    and each refresh itself call it.
    """
    if waiting_tasks("search", refresh_statuses_task).exists():
        return False
    run_after = next_local_midnight(now) + AFTER_MIDNIGHT
    refresh_statuses_task.using(run_after=run_after).enqueue()
    return True
