"""Hostile import files and pages busy in the admin: FILE:LINE errors, never a crash."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def test_a_deeply_nested_line_is_reported_not_a_crash(sample, write_jsonl, run_import):
    nested = (
        json.dumps(sample("incubator"))[:-1] + ', "sectors": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    path = write_jsonl("content.jsonl", [sample("market_guide"), nested])

    run = run_import(path)

    assert not run.ok
    assert run.error_lines == [f"{path}:2: json: nested too deeply"]


@pytest.mark.parametrize("number", ["1e999999999", "1e-999999999", "9" * 5000])
def test_a_number_with_a_huge_exponent_or_length_is_reported_not_a_crash(
    number, sample, write_jsonl, run_import
):
    line = json.dumps(sample("financing_scheme"))[:-1] + f', "amount_max": {number}' + "}"
    path = write_jsonl("content.jsonl", [line])

    run = run_import(path)

    assert not run.ok
    assert len(run.error_lines) == 1
    assert run.error_lines[0].startswith(f"{path}:1: ")
    assert "number" in run.error_lines[0]


@pytest.fixture
def imported(sample, write_jsonl, run_import):
    from finance_directory.models import FinancingSchemePage

    record = sample("financing_scheme")
    assert run_import(write_jsonl("first.jsonl", [record])).ok
    return record, FinancingSchemePage.objects.get(external_id=record["id"])


def test_an_import_refuses_a_page_locked_in_the_admin(imported, write_jsonl, run_import, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    record, page = imported
    client.force_login(
        get_user_model().objects.create_superuser("locker", "locker@example.org", "pw")
    )
    assert client.post(reverse("wagtailadmin_pages:lock", args=[page.pk])).status_code == 302
    revisions = page.revisions.count()
    path = write_jsonl("second.jsonl", [{**record, "title": {"en": "Changed by an import"}}])

    run = run_import(path)

    assert run.error_lines == [
        f"{path}:1: id: the page {record['id']!r} is locked in the admin by locker; unlock it first"
    ]
    assert page.revisions.count() == revisions


def test_an_import_refuses_a_page_in_review(imported, write_jsonl, run_import):
    from django.contrib.auth import get_user_model

    from editorial.roles import setup_roles

    record, page = imported
    setup_roles()
    reviewer = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    page.get_workflow().start(page, reviewer)
    revisions = page.revisions.count()
    path = write_jsonl("second.jsonl", [{**record, "title": {"en": "Changed by an import"}}])

    run = run_import(path)

    assert len(run.error_lines) == 1
    assert run.error_lines[0].startswith(f"{path}:1: id: the page {record['id']!r} is in review")
    assert page.revisions.count() == revisions
