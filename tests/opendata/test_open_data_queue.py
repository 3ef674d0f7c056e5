"""Content changes queue one debounced build on the durable queue; requests never build."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import PageViewRestriction

from opendata.services import read_catalog
from opendata.tasks import BACKEND, build_open_data_task
from tests.opendata.conftest import make_scheme

pytestmark = pytest.mark.django_db


def queued():
    return DBTaskResult.objects.filter(backend_name=BACKEND, status="READY")


def test_publishing_queues_one_build_later_and_a_burst_adds_none(
    site, settings, django_capture_on_commit_callbacks
):
    settings.OPEN_DATA_DEBOUNCE_SECONDS = 60
    before = timezone.now()

    for slug in ("first", "second", "third"):
        with django_capture_on_commit_callbacks(execute=True):
            make_scheme(slug).save_revision().publish()

    assert queued().count() == 1
    task = queued().get()
    assert task.task_path.endswith("build_open_data_task")
    assert task.run_after >= before + timedelta(seconds=60)
    assert read_catalog() is None  # nothing was built in the request/transaction


def test_unpublishing_and_restricting_queue_a_build(site, django_capture_on_commit_callbacks):
    page = make_scheme("to-hide")
    page.save_revision().publish()
    queued().delete()

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert queued().count() == 1
    queued().delete()

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    assert queued().count() == 1


def test_the_queued_task_builds_the_files(site):
    make_scheme("queued-scheme").save_revision().publish()

    build_open_data_task.call()

    catalog = read_catalog()
    counts = {d["identifier"]: d["numberOfRecords"] for d in catalog["dataset"]}
    assert counts["financing_scheme"] == 1


def test_a_data_page_request_does_not_build(site, client):
    client.get("/en/data/")
    client.get("/api/v1/data/")

    assert read_catalog() is None
