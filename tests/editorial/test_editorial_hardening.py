"""Smaller editorial findings: CSV formula injection, XLIFF unit ids, private pages in exports."""

from __future__ import annotations

import csv
import io

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from editorial.services import TranslationImportError, export_translations, import_translations

LONG_AGO = timezone.localdate() - relativedelta(years=3)


def test_the_overdue_csv_export_neutralises_formulas_in_titles(make_scheme, make_user, client):
    make_scheme(
        "TH",
        slug="formula",
        title_en='=HYPERLINK("https://evil.example","x")',
        compiled_on=LONG_AGO,
    )
    make_scheme("TH", slug="plus", title_en="+66 hotline loan", compiled_on=LONG_AGO)
    client.force_login(make_user("sec", "ASEAN Secretariat"))

    response = client.get(reverse("editorial:overdue"), {"export": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    titles = {row[0] for row in rows[1:]}
    assert '\'=HYPERLINK("https://evil.example","x")' in titles
    assert "'+66 hotline loan" in titles
    assert not any(title.startswith(("=", "+", "-", "@")) for title in titles)


def test_an_xliff_unit_id_with_a_trailing_newline_is_refused(make_scheme, make_user):
    page = make_scheme("TH", slug="sme-loan")
    translator = make_user("somchai", "Translators (Thai)")
    data, _ = export_translations(country="TH", language="th")
    data = data.replace(
        f'id="{page.external_id}/title"'.encode(), f'id="{page.external_id}/title&#10;"'.encode()
    )

    with pytest.raises(TranslationImportError) as refused:
        import_translations(data=data, user=translator)

    assert any("the id is not <page>/<field>" in error for error in refused.value.errors)


def test_the_xliff_export_leaves_out_another_countrys_private_pages(make_scheme, make_user, client):
    make_scheme("TH", slug="open-loan", title_en="Open Thai loan")
    secret = make_scheme("TH", slug="secret-loan", title_en="Secret Thai loan")
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    client.force_login(make_user("aminah", "Malaysia editors"))

    exported = client.get(
        reverse("editorial:translations_export"), {"country": "TH", "language": "ms"}
    )

    assert exported.status_code == 200
    assert b"Open Thai loan" in exported.content
    assert b"Secret Thai loan" not in exported.content


def test_the_xliff_export_keeps_private_pages_for_those_who_edit_them(
    make_scheme, make_user, client
):
    secret = make_scheme("TH", slug="secret-loan", title_en="Secret Thai loan")
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    client.force_login(make_user("somsak", "Thailand editors"))

    exported = client.get(
        reverse("editorial:translations_export"), {"country": "TH", "language": "th"}
    )

    assert b"Secret Thai loan" in exported.content
