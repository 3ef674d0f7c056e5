"""The database fallback's work is bounded: one request never reads the whole site.

During an Elasticsearch outage every search is answered from the database. Browsing
is counted and paged in SQL and loads only the requested page of results; a query
reads at most MAX_FALLBACK_CANDIDATES pages per content type, on PostgreSQL the ones
its full-text rank puts first.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import QueryDict

from search import backends
from search import text as pipeline
from search.backends import search_database
from search.params import parse_search_params

from .conftest import make_page


def _params(query: str):
    # Browsing hides closed calls by default; these tests count every page.
    return parse_search_params(QueryDict(query), default_lang="en", strict=True)


@pytest.fixture
def loaded_pages(monkeypatch) -> list[int]:
    """Page ids the fallback turned into result sources (a spy; the real function runs)."""
    seen: list[int] = []
    real = backends.facet_fields

    def spy(page, **kwargs):
        seen.append(page.pk)
        return real(page, **kwargs)

    monkeypatch.setattr(backends, "facet_fields", spy)
    return seen


@pytest.mark.django_db
def test_browsing_loads_only_the_requested_page_of_results(random_content, loaded_pages):
    result = search_database(_params("page=2&page_size=5&include_closed=1"))

    assert result.total == len(random_content.pages) == 40
    assert len(result.results) == 5
    assert len(loaded_pages) == 5
    assert sum(result.counts["type"].values()) == 40


@pytest.mark.django_db
def test_browsing_pages_in_sql_cover_every_page_once_in_title_order(random_content):
    ids = []
    for page in range(1, 9):
        query = f"page={page}&page_size=5&include_closed=1"
        ids += [r["id"] for r in search_database(_params(query)).results]

    by_title = sorted(
        random_content.pages, key=lambda p: (pipeline.normalise(p.title), p.external_id)
    )
    assert ids == [p.external_id for p in by_title]


@pytest.mark.django_db
def test_browsing_newest_first_pages_in_sql(random_content):
    ids = []
    for page in range(1, 5):
        query = f"page={page}&page_size=10&sort=newest&country=TH&country=VN&country=MY"
        query += "&include_closed=1"
        ids += [r["id"] for r in search_database(_params(query)).results]

    chosen = [p for p in random_content.pages if p.country_id in {"TH", "VN", "MY"}]
    chosen.sort(key=lambda p: (pipeline.normalise(p.title), p.external_id))
    chosen.sort(key=lambda p: p.last_published_at, reverse=True)
    assert ids == [p.external_id for p in chosen]


@pytest.mark.django_db
def test_a_query_reads_at_most_the_candidate_cap_per_content_type(
    site, made, monkeypatch, loaded_pages
):
    monkeypatch.setattr(backends, "MAX_FALLBACK_CANDIDATES", 2)
    # Pages that name a loan once come first by id; the one about loans is created last.
    for number in range(4):
        made.pages.append(
            make_page(
                kind="financing_scheme",
                country="TH",
                external_id=f"th-loan-{number}",
                title={"en": f"Working capital loan {number}"},
                summary={"en": "Working capital for firms."},
            )
        )
    best = make_page(
        kind="financing_scheme",
        country="TH",
        external_id="th-export-loan",
        title={"en": "Loan for exporters"},
        summary={"en": "An export loan: a pre-shipment loan and a post-shipment loan."},
    )

    result = search_database(_params("q=loan"))

    assert len(loaded_pages) == 2
    found = {r["id"] for r in result.results}
    if connection.vendor == "postgresql":
        # Full-text rank keeps the page that names loans most within the cap.
        assert best.external_id in found
    else:
        # Without full-text ranking the cap keeps the first candidates by id.
        assert found == {"th-loan-0", "th-loan-1"}
