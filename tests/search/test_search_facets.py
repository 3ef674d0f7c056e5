"""Totals and disjunctive facet counts equal brute-force counts, on both backends."""

from __future__ import annotations

import random

import pytest
from django.http import QueryDict
from django.test import override_settings

from search.backends import search_database, search_elasticsearch
from search.facets import FACETS
from search.params import parse_search_params

from .conftest import COUNTRIES, SECTORS, SIZES, SUPPORTS, TARGETS

CHOICES = {
    "country": COUNTRIES,
    "sector": SECTORS,
    "size": SIZES,
    "support": SUPPORTS,
    "target": TARGETS,
    "type": ["financing_scheme", "market_guide", "registration_guide", "incubator"],
    "status": ["upcoming", "open", "closing_soon", "closed", "always_open", "unknown"],
}


def brute_force(made, filters: dict[str, list[str]], query_ids: set[str] | None):
    pages = [p for p in made.pages if query_ids is None or p.external_id in query_ids]
    values = {p.external_id: made.facet_values(p) for p in pages}
    if query_ids is None and "status" not in filters:
        # Browsing hides closed calls (the reader can show them, or choose a status).
        pages = [p for p in pages if values[p.external_id]["status"] != {"closed"}]

    def passes(page_id: str, skip: str | None = None) -> bool:
        return all(set(v) & values[page_id][k] for k, v in filters.items() if k != skip)

    total = sum(passes(p.external_id) for p in pages)
    counts = {}
    for facet in FACETS:
        tally: dict[str, int] = {}
        for p in pages:
            if passes(p.external_id, skip=facet.key):
                for value in values[p.external_id][facet.key]:
                    tally[value] = tally.get(value, 0) + 1
        counts[facet.key] = tally
    return total, counts


def random_filters(rng: random.Random) -> dict[str, list[str]]:
    filters = {}
    for key in rng.sample(list(CHOICES), rng.choice([0, 1, 1, 2, 2, 3])):
        filters[key] = rng.sample(CHOICES[key], rng.choice([1, 1, 2, 3]))
    return filters


def params_for(filters, q=""):
    data = QueryDict(mutable=True)
    for key, values in filters.items():
        data.setlist(key, values)
    if q:
        data["q"] = q
    data["page_size"] = "100"
    return parse_search_params(data, default_lang="en", strict=True)


@pytest.mark.django_db
def test_counts_match_brute_force_for_random_filter_combinations(random_content, rebuilt):
    rebuilt()
    rng = random.Random(7)
    export_ids = {p.external_id for p in random_content.pages if "Export loan" in p.summary}
    # Which pages match the query is the relevance rules' business (most words, synonyms,
    # facet words); here both backends must agree on it, include every page with the
    # words as typed, and then count facets over exactly those pages.
    matching = {
        search.__name__: {r["id"] for r in search(params_for({}, q="export loan")).results}
        for search in (search_elasticsearch, search_database)
    }
    assert matching["search_elasticsearch"] == matching["search_database"]
    assert export_ids <= matching["search_elasticsearch"]
    query_ids = matching["search_elasticsearch"]
    for round_number in range(40):
        filters = random_filters(rng)
        with_query = round_number % 2 == 1
        params = params_for(filters, q="export loan" if with_query else "")
        expected_total, expected_counts = brute_force(
            random_content, filters, query_ids if with_query else None
        )
        for search in (search_elasticsearch, search_database):
            result = search(params)
            assert result.total == expected_total, (search.__name__, filters, with_query)
            for facet in FACETS:
                assert result.counts[facet.key] == expected_counts[facet.key], (
                    search.__name__,
                    facet.key,
                    filters,
                    with_query,
                )
            assert {r["id"] for r in result.results} <= {
                p.external_id for p in random_content.pages
            }


@pytest.mark.django_db
def test_pages_past_the_result_window_are_empty_not_errors(random_content, rebuilt):
    rebuilt()
    data = QueryDict("page=600&page_size=20&include_closed=1")
    result = search_elasticsearch(parse_search_params(data, default_lang="en", strict=True))
    assert result.total == 40
    assert result.results == []


@pytest.mark.django_db
def test_search_falls_back_to_the_database_when_elasticsearch_is_down(random_content):
    from search.service import run_search

    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        result = run_search(params_for({"country": ["TH", "VN"]}))
    expected_total, expected_counts = brute_force(random_content, {"country": ["TH", "VN"]}, None)
    assert result.backend == "database"
    assert result.total == expected_total
    assert result.counts["country"] == expected_counts["country"]
