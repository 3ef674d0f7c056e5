"""Existing pages become compiled: their old "last verified" date was a compile date."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.db import connection
from wagtail.models import Revision

from finance_directory.models import FinancingSchemePage
from servicecentre.migration_helpers import compiled_not_verified

pytestmark = pytest.mark.django_db


def test_old_verification_dates_become_compile_dates_in_pages_and_revisions(make_page):
    page = make_page("financing_scheme")
    page.sources.all().delete()
    old_date = datetime.date(2026, 11, 25)
    # What a page looked like before: "verified" on the day it was compiled, no sources.
    FinancingSchemePage.objects.filter(pk=page.pk).update(
        last_verified=old_date,
        compiled_on=datetime.date(2026, 12, 1),
        verification_status="verified",
    )
    with connection.cursor() as cursor:  # the raw columns, past modeltranslation's rewriting
        cursor.execute(
            "UPDATE finance_directory_financingschemepage SET verification_note = %s, "
            "verification_note_en = NULL WHERE page_ptr_id = %s",
            ["Compiled from what the editors knew.", page.pk],
        )
    revision = page.latest_revision
    content = dict(revision.content)
    content.update(last_verified=old_date.isoformat(), verification_status="verified", sources=[])
    Revision.objects.filter(pk=revision.pk).update(content=content)

    compiled_not_verified(
        apps,
        None,
        app_label="finance_directory",
        pages={"FinancingSchemePage": "FinancingSchemeSource"},
    )

    page = FinancingSchemePage.objects.get(pk=page.pk)
    assert (page.verification_status, page.compiled_on, page.last_verified) == (
        "compiled",
        old_date,
        None,
    )
    assert page.verification_note_en == "Compiled from what the editors knew."
    assert [source.url for source in page.sources.all()] == [page.source_url]
    migrated = page.get_latest_revision_as_object()
    assert (migrated.verification_status, migrated.compiled_on, migrated.last_verified) == (
        "compiled",
        old_date,
        None,
    )
    assert [source.url for source in migrated.sources.all()] == [page.source_url]
