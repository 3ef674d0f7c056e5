"""Fixtures for the search analytics tests: roles, users, a few indexed pages."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings

from editorial.roles import setup_roles
from finance_directory.models import FinancingSchemePage
from servicecentre.services import country_hub


@pytest.fixture
def site(site):
    """The site skeleton plus the editorial groups (the Secretariat among them)."""
    setup_roles()
    return site


def _scheme(country: str, slug: str, title: str, summary: str) -> FinancingSchemePage:
    page = FinancingSchemePage(
        title=title,
        title_en=title,
        slug=slug,
        external_id=slug,
        country_id=country,
        summary=summary,
        summary_en=summary,
        source_url="https://example.org/source",
        compiled_on=datetime.date(2026, 11, 1),
    )
    country_hub(country).add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def loans(site, es_client):
    """Two published loan schemes (Thailand, Viet Nam), indexed in the real node."""
    from search.indexing import rebuild

    _scheme("TH", "th-loan", "Working capital loan", "A loan for small firms")
    _scheme("VN", "vn-loan", "Export loan", "A loan for exporters")
    rebuild()
    es_client.indices.refresh(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content")
