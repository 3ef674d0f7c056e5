"""Record searches without slowing them: build in memory, write after the response is sent.

`record_search` only builds a `SearchEvent` and appends it to a per-thread buffer; the
`request_finished` receiver below bulk-creates the buffer once the WSGI server has
sent the response and closed it. Nothing here may ever fail a search: every error is
logged and the events of that request are dropped.
"""

from __future__ import annotations

import atexit
import logging
import threading
import unicodedata
import uuid

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.dispatch import receiver
from django.utils import timezone

from analytics.models import NORMALISED_QUERY_MAX_LENGTH, QUERY_MAX_LENGTH, SearchEvent

logger = logging.getLogger(__name__)

# A request records one search; a thread that somehow never finishes a request must
# not grow without bound (the oldest events are dropped).
MAX_BUFFERED_EVENTS = 100

_buffer = threading.local()


def normalise_query(query: str) -> str:
    """The form reports group on: NFKC, casefolded, whitespace collapsed, at most 255 chars."""
    text = unicodedata.normalize("NFKC", query or "").casefold()
    return " ".join(text.split())[:NORMALISED_QUERY_MAX_LENGTH]


def _pending() -> list[SearchEvent]:
    events = getattr(_buffer, "events", None)
    if events is None:
        events = _buffer.events = []
    return events


def record_search(result) -> str:
    """Queue one event for this search result; return its token ("" if it could not be built).

    `result` is a `search.backends.SearchResult`; only its params, total and backend
    are read. Written after the response by `write_pending_events`.
    """
    try:
        params = result.params
        filters = {key: list(values) for key, values in sorted(params.filters.items()) if values}
        countries = filters.get("country") or [""]
        event = SearchEvent(
            created_at=timezone.now(),
            query=(params.q or "")[:QUERY_MAX_LENGTH],
            normalised_query=normalise_query(params.q),
            language=params.lang,
            filters=filters,
            country=countries[0],
            total=max(0, int(result.total)),
            backend=result.backend,
            page=params.page,
            token=uuid.uuid4(),
        )
    except Exception:
        logger.exception("Could not build a search event; the search is not recorded")
        return ""
    events = _pending()
    events.append(event)
    del events[:-MAX_BUFFERED_EVENTS]
    return str(event.token)


def pending_events() -> list[SearchEvent]:
    """This thread's events not yet written (a copy)."""
    return list(_pending())


@receiver(request_started, dispatch_uid="analytics.drop_stale_events")
def drop_stale_events(**kwargs) -> None:
    """Forget events a previous request on this thread buffered but never finished.

    Under WSGI a thread serves one request at a time, so whatever is buffered when a
    request starts belongs to none that will finish (a view called outside a server,
    a response never closed): written later, it would land with the wrong request.
    """
    events = getattr(_buffer, "events", None)
    if events:
        logger.warning("Dropping %d search event(s) of an unfinished request", len(events))
        _buffer.events = []


# Finished requests' events wait here, shared by the process's threads, and are written
# in one INSERT once there are SEARCH_ANALYTICS_BATCH of them or the oldest has waited
# SEARCH_ANALYTICS_FLUSH_SECONDS: one write per batch instead of one (and, with
# CONN_MAX_AGE=0, one connection) per search. At most a batch is lost if the process dies.
_ready: list[SearchEvent] = []
_ready_lock = threading.Lock()


@receiver(request_finished, dispatch_uid="analytics.write_pending_events")
def write_pending_events(**kwargs) -> int:
    """Move this request's events to the process's batch; write the batch when it is due."""
    events = getattr(_buffer, "events", None)
    if events:
        _buffer.events = []
        with _ready_lock:
            _ready.extend(events)
    with _ready_lock:
        due = len(_ready) >= settings.SEARCH_ANALYTICS_BATCH or (
            _ready
            and (timezone.now() - _ready[0].created_at).total_seconds()
            >= settings.SEARCH_ANALYTICS_FLUSH_SECONDS
        )
        if not due:
            return 0
        batch = _ready[:]
        _ready.clear()
    return _write(batch)


def flush() -> int:
    """Write whatever is waiting (at exit, and for tests and commands)."""
    with _ready_lock:
        batch = _ready[:]
        _ready.clear()
    return _write(batch) if batch else 0


def _write(events: list[SearchEvent]) -> int:
    """Write events in one INSERT; log and drop them on failure."""
    # Django closes an old connection on request_finished before this runs; if this
    # write opens a new one, close it again rather than leave it to the idle thread.
    opened_here = connection.connection is None
    try:
        # A savepoint when already in a transaction (tests), so a failure here
        # leaves the surrounding transaction usable.
        with transaction.atomic():
            SearchEvent.objects.bulk_create(events)
        return len(events)
    except Exception:  # never into the request: a lost event is only a lost statistic
        logger.exception("Could not write %d search event(s); they are dropped", len(events))
        return 0
    finally:
        if opened_here and not connection.in_atomic_block:
            try:
                connection.close()
            except Exception:
                logger.exception("Could not close the analytics write's connection")


atexit.register(flush)
