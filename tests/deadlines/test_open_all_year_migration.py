"""The migration stops claiming "open all year" where it was only the old default."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps

from finance_directory.models import FinancingSchemePage

migration = importlib.import_module(
    "finance_directory.migrations.0004_open_all_year_only_when_stated"
)


def scheme(slug: str, **window) -> FinancingSchemePage:
    from servicecentre.services import country_hub

    page = FinancingSchemePage(
        title=slug,
        slug=slug,
        country_id="TH",
        summary="A scheme",
        source_url="https://example.org/",
        compiled_on=datetime.date(2026, 11, 1),
        **window,
    )
    country_hub("TH").add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_undated_open_all_year_becomes_unknown_with_the_reason(site):
    guessed = scheme("guessed", open_all_year=True)
    dated = scheme("dated", opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 2, 1))

    migration.unknown_unless_stated(apps, None)

    guessed.refresh_from_db()
    assert guessed.open_all_year is False
    assert "status is unknown" in guessed.verification_note_en
    revision = guessed.latest_revision
    revision.refresh_from_db()
    assert revision.content["open_all_year"] is False  # publishing the draft cannot undo it
    dated.refresh_from_db()
    assert not dated.verification_note_en
