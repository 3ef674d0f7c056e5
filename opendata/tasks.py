"""Regenerate the open data files on the durable queue, debounced.

Every content change asks for a build; a build already waiting covers it, so an
import of a thousand pages costs one build, OPEN_DATA_DEBOUNCE_SECONDS after the
first change. Builds never run in a request.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from opendata.services import build_open_data
from search.internals import waiting_tasks

BACKEND = "opendata"


@task(backend=BACKEND, queue_name=BACKEND)
def build_open_data_task() -> str:
    catalog = build_open_data()
    return f"built {sum(d['numberOfRecords'] for d in catalog['dataset'][:-1])} records"


def pending_builds() -> int:
    """Builds queued and not started (django-tasks-db's table, read here only)."""
    return waiting_tasks(BACKEND).count()


def request_build() -> None:
    """Queue a build once the surrounding transaction commits, unless one is waiting."""

    def enqueue() -> None:
        if pending_builds():
            return
        delay = timedelta(seconds=settings.OPEN_DATA_DEBOUNCE_SECONDS)
        build_open_data_task.using(run_after=timezone.now() + delay).enqueue()

    transaction.on_commit(enqueue)
