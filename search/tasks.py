"""The durable index queue: signals enqueue, the worker syncs, failures retry with backoff.

Tasks live in the database (django-tasks-db), so a change made while Elasticsearch
is down waits in the queue and is applied once it is back; none is lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tasks import task
from elastic_transport import ApiError, TransportError

from search.indexing import SearchUnavailable, sync_page
from search.internals import claim_next_ready, queue_rows, run_claimed

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 300


def backoff(attempt: int) -> timedelta:
    """Exponential backoff, capped: 2, 4, 8 ... seconds, then every 5 minutes."""
    return timedelta(seconds=min(2**attempt, MAX_BACKOFF_SECONDS))


class SyncRetryScheduled(RuntimeError):
    """This attempt failed for a reason that may pass (the node is down); a retry is queued."""


class PermanentSyncError(RuntimeError):
    """This sync cannot succeed by retrying (the node refused the document); not retried."""


class WorkerLost(RuntimeError):
    """The worker running this task stopped (killed, crashed) before it finished."""


def is_permanent(error: BaseException) -> bool:
    """Whether retrying cannot help: the node answered that the request itself is wrong
    (a mapping or parsing error, 4xx), or building the document failed in our code."""
    if isinstance(error, ApiError):
        return 400 <= error.meta.status < 500 and error.meta.status not in (408, 409, 429)
    return not isinstance(error, (TransportError, OSError, DatabaseError))


@task(backend="search", queue_name="search")
def sync_page_task(page_id: int, attempt: int = 0, external_id: str | None = None) -> str:
    """Bring the index in line with one page; on a passing failure, queue a retry later.

    A failed attempt is recorded as failed (the exception says whether a retry is
    queued or the error is permanent), never as a success.
    """
    reclaim_stale_tasks()
    try:
        return sync_page(page_id, external_id)
    except SearchUnavailable:
        return "skipped: search disabled"
    except Exception as error:
        if is_permanent(error):
            logger.error("Index sync of page %s failed for good: %r", page_id, error)
            raise PermanentSyncError(f"page {page_id}: {error!r}") from error
        logger.warning("Index sync of page %s failed (attempt %s): %s", page_id, attempt + 1, error)
        sync_page_task.using(run_after=timezone.now() + backoff(attempt)).enqueue(
            page_id, attempt + 1, external_id
        )
        raise SyncRetryScheduled(f"page {page_id}, attempt {attempt + 1}: {error!r}") from error


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
    reclaim_stale_tasks()
    ran = 0
    while max_tasks is None or ran < max_tasks:
        with transaction.atomic():
            result = claim_next_ready("drain")
            if result is None:
                return ran
        run_claimed(result)
        ran += 1
    return ran


def settle_queued_before(moment) -> int:
    """Mark syncs queued before `moment` done: a rebuild that read the database after
    `moment` already holds their result. Returns how many were settled."""
    return (
        queue_rows()
        .filter(status="READY", enqueued_at__lt=moment)
        .update(status="SUCCESSFUL", finished_at=timezone.now(), return_value="covered by rebuild")
    )


def pending_count() -> int:
    """Search tasks waiting to run, including retries scheduled for later."""
    return queue_rows().filter(status="READY").count()


def reclaim_stale_tasks() -> int:
    """Record search tasks left RUNNING by a dead worker as failed, and queue them again.

    A sync takes seconds; one still RUNNING after SEARCH_TASK_STALE_SECONDS lost its
    worker (SIGKILL, a crash, a reboot). Syncs read the page when they run, so running
    one twice is harmless. Returns how many were reclaimed.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.SEARCH_TASK_STALE_SECONDS)
    stale = (
        queue_rows()
        .filter(status="RUNNING", started_at__lt=cutoff)
        .only("id", "args_kwargs", "task_path")
    )
    reclaimed = 0
    for result in stale:
        # Only the process that flips the row re-queues it.
        flipped = (
            queue_rows()
            .filter(pk=result.pk, status="RUNNING")
            .update(
                status="FAILED",
                finished_at=timezone.now(),
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"{WorkerLost.__name__}: {WorkerLost.__doc__}",
            )
        )
        if flipped and result.task_path.endswith("sync_page_task"):
            args, kwargs = result.args_kwargs["args"], result.args_kwargs["kwargs"]
            transaction.on_commit(lambda a=args, k=kwargs: sync_page_task.enqueue(*a, **k))
            reclaimed += 1
    if reclaimed:
        logger.warning("Reclaimed %s index sync(s) left running by a dead worker", reclaimed)
    return reclaimed


@dataclass
class QueueReport:
    pending: int
    running: int
    stale: int
    permanent_failures: list[str]
    retried_failures: int


def queue_report(*, recent: int = 10) -> QueueReport:
    """What `search_index status` and the admin show about the index queue."""
    search = queue_rows()
    cutoff = timezone.now() - timedelta(seconds=settings.SEARCH_TASK_STALE_SECONDS)
    permanent = search.filter(status="FAILED", exception_class_path__endswith=".PermanentSyncError")
    return QueueReport(
        pending=search.filter(status="READY").count(),
        running=search.filter(status="RUNNING").count(),
        stale=search.filter(status="RUNNING", started_at__lt=cutoff).count(),
        permanent_failures=[
            f"{finished:%Y-%m-%d %H:%M} {traceback.strip().splitlines()[-1][:300]}"
            for finished, traceback in permanent.order_by("-finished_at").values_list(
                "finished_at", "traceback"
            )[:recent]
        ],
        retried_failures=search.filter(
            status="FAILED", exception_class_path__endswith=".SyncRetryScheduled"
        ).count(),
    )
