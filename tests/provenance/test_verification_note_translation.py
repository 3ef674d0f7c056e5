"""The verification note is translated like the other texts: status report and XLIFF."""

from __future__ import annotations

import pytest

from editorial.selectors import MISSING, field_statuses
from editorial.services import export_translations

pytestmark = pytest.mark.django_db


def test_a_missing_verification_note_translation_is_reported_and_exported(make_page):
    page = make_page("financing_scheme", verification_note_th="")

    statuses = {
        status.field: status.status for status in field_statuses(pages=[page], languages=["th"])
    }
    data, _count = export_translations(country="TH", language="th")

    assert statuses["verification_note"] == MISSING
    assert f'id="{page.external_id}/verification_note"'.encode() in data
    assert b"Gathered from the agency&apos;s published pages." in data or (
        b"Gathered from the agency's published pages." in data
    )
