"""The durable index queue: signals enqueue, the worker syncs, failures retry with backoff.

Tasks live in the database (django-tasks-db), so a change made while Elasticsearch
is down waits in the queue and is applied once it is back; none is lost.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from search.indexing import SearchUnavailable, sync_page

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 300


def backoff(attempt: int) -> timedelta:
    """Exponential backoff, capped: 2, 4, 8 ... seconds, then every 5 minutes."""
    return timedelta(seconds=min(2**attempt, MAX_BACKOFF_SECONDS))


@task(backend="search", queue_name="search")
def sync_page_task(page_id: int, attempt: int = 0, external_id: str | None = None) -> str:
    """Bring the index in line with one page; re-enqueue itself later if ES fails."""
    try:
        return sync_page(page_id, external_id)
    except SearchUnavailable:
        return "skipped: search disabled"
    except Exception as error:  # transport errors, timeouts, 5xx from the node
        logger.warning("Index sync of page %s failed (attempt %s): %s", page_id, attempt + 1, error)
        sync_page_task.using(run_after=timezone.now() + backoff(attempt)).enqueue(
            page_id, attempt + 1, external_id
        )
        return f"retry scheduled: {error.__class__.__name__}"


def enqueue_page_sync(page_ids: list[int], *, external_id: str | None = None) -> None:
    """Queue index syncs once the surrounding transaction commits.

    `external_id` names the document of a page that is being deleted (its row will
    be gone when the task runs).
    """

    def enqueue() -> None:
        for page_id in dict.fromkeys(page_ids):
            sync_page_task.enqueue(page_id, 0, external_id)

    transaction.on_commit(enqueue)


def drain_queue(*, max_tasks: int | None = None) -> int:
    """Run the search tasks that are due now, in this process; return how many ran."""
    from django_tasks_db.models import DBTaskResult

    ran = 0
    while max_tasks is None or ran < max_tasks:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().filter(backend_name="search").get_locked()
            if result is None:
                return ran
            result.claim("drain")
        try:
            value = result.task.call(*result.task_result.args, **result.task_result.kwargs)
            result.set_successful(value)
        except Exception as error:
            result.set_failed(error)
        ran += 1
    return ran


def settle_queued_before(moment) -> int:
    """Mark syncs queued before `moment` done: a rebuild that read the database after
    `moment` already holds their result. Returns how many were settled."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        backend_name="search", status="READY", enqueued_at__lt=moment
    ).update(status="SUCCESSFUL", finished_at=timezone.now(), return_value="covered by rebuild")


def pending_count() -> int:
    """Search tasks waiting to run, including retries scheduled for later."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(backend_name="search", status="READY").count()
