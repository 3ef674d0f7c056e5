"""The one place that touches private parts of elasticsearch-dsl and django-tasks.

Each use was measured and chosen (docs/performance.md, ADR 0003); keeping them here
means an upgrade of either library breaks this module and its contract tests
(tests/search/test_library_internals.py), not the search code that relies on it.

- elasticsearch-dsl `FacetedSearch`: the request it built (`_s`) and the names of its
  per-facet filter aggregations (`_filter_<key>`), read to send plain dicts and read
  plain answers (wrapping responses cost more than the rest of a request).
- elasticsearch-dsl `Document`: the mapping of a class built with `type()` (`_doc_type`).
- django-tasks-db: the queue's rows (`DBTaskResult`), read for status and driven for
  draining, settling and reclaiming, which django-tasks has no public API for.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from elasticsearch.dsl import Document, FacetedSearch

SEARCH_BACKEND = "search"  # the TASKS backend of the index queue (settings.TASKS)


# --- elasticsearch-dsl ---------------------------------------------------------------


def faceted_request_body(faceted: FacetedSearch) -> dict[str, Any]:
    """The search request a FacetedSearch built: query, filters, facet aggs, sort, page."""
    return faceted._s.to_dict()


def facet_filter_aggregation(key: str) -> str:
    """The name of the filter aggregation FacetedSearch wraps facet `key`'s terms in
    (every other facet's filters applied: disjunctive counts)."""
    return f"_filter_{key}"


def document_mapping(document: type[Document]) -> dict[str, Any]:
    """The mapping of a Document class, as the body of an index creation."""
    return document._doc_type.mapping.to_dict()


# --- django-tasks-db -----------------------------------------------------------------


def queue_rows() -> QuerySet:
    """The index queue's task rows (django-tasks-db's DBTaskResult)."""
    from django_tasks_db.models import DBTaskResult  # an app model: after apps are ready

    return DBTaskResult.objects.filter(backend_name=SEARCH_BACKEND)


def claim_next_ready(worker_id: str):
    """Lock, claim and return the next task row due now, or None. Call in a transaction."""
    from django_tasks_db.models import DBTaskResult

    result = DBTaskResult.objects.ready().filter(backend_name=SEARCH_BACKEND).get_locked()
    if result is not None:
        result.claim(worker_id)
    return result


def run_claimed(result) -> None:
    """Run a claimed task row in this process and record its outcome on the row."""
    try:
        value = result.task.call(*result.task_result.args, **result.task_result.kwargs)
        result.set_successful(value)
    except Exception as error:
        result.set_failed(error)


# The same rows for the project's other queues (alerts, open data): read and drained here
# only, so the table's columns are named in one module.


def task_rows(backend: str) -> QuerySet:
    """Every task row of one TASKS backend."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(backend_name=backend)


def waiting_tasks(backend: str, task=None, *, first_arg: Any = None) -> QuerySet:
    """Rows queued and not started (due or not), of one task and first argument if given."""
    rows = task_rows(backend).filter(status="READY")
    if task is not None:
        rows = rows.filter(task_path=task.module_path)
    if first_arg is not None:
        rows = rows.filter(args_kwargs__args__0=first_arg)
    return rows


def due_tasks(backend: str) -> QuerySet:
    """Rows queued and due now."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().filter(backend_name=backend)


def claim_next_due(backend: str, worker_id: str, *, until):
    """Lock, claim and return the oldest row due by `until` (or never scheduled), or None.

    Call in a transaction; run the row with run_claimed().
    """
    from django.db.models import Q
    from django_tasks_db.models import get_date_max

    result = (
        waiting_tasks(backend)
        .filter(Q(run_after__lte=until) | Q(run_after=get_date_max()))
        .order_by("enqueued_at")
        .select_for_update()
        .first()
    )
    if result is not None:
        result.claim(worker_id)
    return result
