"""Dashboard tests: roles, users, pages of two countries, reader reports."""

from __future__ import annotations

import datetime

import pytest

from editorial.roles import setup_roles
from finance_directory.models import FinancingSchemePage
from provenance.models import ProblemReport
from servicecentre.services import country_hub


@pytest.fixture
def site(site):
    setup_roles()
    return site


@pytest.fixture
def make_scheme(site):
    def make(country: str, slug: str, *, publish: bool = True, **fields):
        defaults = {
            "title": f"Scheme {slug}",
            "title_en": f"Scheme {slug}",
            "slug": slug,
            "external_id": f"{country.lower()}-{slug}",
            "country_id": country,
            "summary": "Working capital loans for small firms.",
            "summary_en": "Working capital loans for small firms.",
            "source_url": "https://example.org/source",
            "compiled_on": datetime.date.today(),
        }
        defaults.update(fields)
        page = country_hub(country).add_child(
            instance=FinancingSchemePage(live=publish, **defaults)
        )
        revision = page.save_revision()
        if publish:
            revision.publish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def two_countries(make_scheme):
    """Thailand: two live pages, one draft, one open report. Malaysia: one live page,
    three drafts, two open reports and a closed one."""
    th = make_scheme("TH", "th-live-1")
    make_scheme("TH", "th-live-2")
    make_scheme("TH", "th-draft", publish=False)
    my = make_scheme("MY", "my-live")
    for number in range(3):
        make_scheme("MY", f"my-draft-{number}", publish=False)
    ProblemReport.objects.create(page=th, country_id="TH", message="TH report: wrong amount")
    ProblemReport.objects.create(page=my, country_id="MY", message="MY secret report one")
    ProblemReport.objects.create(page=my, country_id="MY", message="MY secret report two")
    ProblemReport.objects.create(
        page=my, country_id="MY", message="closed", status=ProblemReport.FIXED
    )
    return {"th": th, "my": my}
