"""The Elasticsearch request body, checked through .to_dict() with no server."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from search.backends import FACET_SIZE, ContentSearch
from search.params import parse_search_params


def body(query_string: str) -> dict:
    params = parse_search_params(QueryDict(query_string), default_lang="th", strict=True)
    return ContentSearch(params).build_search().to_dict()


@pytest.mark.django_db
def test_terms_aggregations_cover_every_value(site):
    aggs = body("")["aggs"]
    assert aggs["_filter_sector"]["aggs"]["sector"]["terms"]["size"] == FACET_SIZE >= 21


@pytest.mark.django_db
def test_a_facet_counts_with_every_other_facets_filter_but_not_its_own(site):
    result = body("country=TH&sector=C")
    assert result["aggs"]["_filter_country"]["filter"] == {"terms": {"sectors": ["C"]}}
    assert result["aggs"]["_filter_sector"]["filter"] == {"terms": {"country": ["TH"]}}
    assert result["post_filter"]["bool"]["must"] == [
        {"terms": {"country": ["TH"]}},
        {"terms": {"sectors": ["C"]}},
    ]


@pytest.mark.django_db
def test_the_query_searches_the_readers_language_then_english_segmented(site):
    query = body("q=ธนาคารกรุงเทพ")["query"]
    fields = {next(iter(clause[kind])) for clause in query["bool"]["should"] for kind in clause}
    assert {"title_th", "text_th", "title_en", "text_en", "title_th_folded"} <= fields
    match = next(
        c["match"]["title_th"] for c in query["bool"]["should"] if "title_th" in c.get("match", {})
    )
    assert " " in match["query"]  # the unspaced Thai was cut into words


@pytest.mark.django_db
def test_browsing_without_a_query_sorts_by_title_in_the_readers_language(site):
    assert body("")["sort"][0] == "sort_title_th"
