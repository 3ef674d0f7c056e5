"""Open data tests: a slice of the real sample content, a draft, a private page, a build dir."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from finance_directory.models import FinancingSchemePage
from servicecentre.services import country_hub

ROOT = Path(__file__).resolve().parents[2]
# Real sample content covering all five types (each line carries its source URL).
SAMPLE_FILES = [
    "content/guides/fta.jsonl",
    "content/guides/market.jsonl",
    "content/guides/registration.jsonl",
    "content/schemes/th.jsonl",
    "content/incubators/incubators.jsonl",
]
LINES_PER_FILE = 3  # enough for every type, few enough to keep the tests quick


@pytest.fixture(autouse=True)
def open_data_root(settings, tmp_path):
    settings.OPEN_DATA_ROOT = tmp_path / "opendata"
    return settings.OPEN_DATA_ROOT


@pytest.fixture
def published(site, tmp_path) -> list[str]:
    """Import the sample slice (published); return the files given to the import."""
    files = []
    for name in SAMPLE_FILES:
        lines = (ROOT / name).read_text(encoding="utf-8").splitlines(True)
        path = tmp_path / name.replace("/", "-")
        path.write_text("".join(lines[:LINES_PER_FILE]), encoding="utf-8")
        files.append(str(path))
    call_command("import_content", *files, stdout=StringIO(), stderr=StringIO())
    return files


def make_scheme(slug: str, **fields) -> FinancingSchemePage:
    """An unpublished-by-default TH scheme added under its hub (`live` as given)."""
    defaults = {
        "title": f"Scheme {slug}",
        "title_en": f"Scheme {slug}",
        "slug": slug,
        "external_id": f"th-{slug}",
        "country_id": "TH",
        "summary": "Working capital loans for small firms.",
        "summary_en": "Working capital loans for small firms.",
        "source_url": "https://example.org/source",
        "compiled_on": datetime.date(2026, 1, 5),
    }
    defaults.update(fields)
    return country_hub("TH").add_child(instance=FinancingSchemePage(**defaults))


@pytest.fixture
def hidden_pages(published) -> dict[str, FinancingSchemePage]:
    """A never-published draft, a private (password) page, and a live page with a newer draft."""
    draft = make_scheme("secret-draft-scheme", live=False)
    draft.save_revision()
    private = make_scheme("private-scheme")
    private.save_revision().publish()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    edited = FinancingSchemePage.objects.get(external_id="th-tcg-portfolio-guarantee-scheme")
    edited = edited.get_latest_revision_as_object()
    edited.title_en = edited.title = "UNPUBLISHED DRAFT TITLE"
    edited.save_revision()
    return {"draft": draft, "private": private, "edited": edited}
