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


@pytest.mark.django_db
def test_a_result_shows_only_what_it_needs_from_the_source(site):
    source = body("lang=th")["_source"]
    assert set(source["includes"]) == {
        "id",
        "type",
        "country",
        "declared_sectors",
        "path",
        "last_verified",
        "verification",
        "compiled_on",
        "display.th",
        "display.en",
    }


@pytest.mark.django_db
def test_request_bodies_are_memoised_per_request_and_bounded(site, monkeypatch):
    from search import backends

    monkeypatch.setattr(backends, "_BODIES", {})
    monkeypatch.setattr(backends, "MAX_CACHED_BODIES", 3)
    parse = lambda qs: parse_search_params(QueryDict(qs), default_lang="en", strict=True)  # noqa: E731
    first = backends.request_body(parse("country=TH&page=2"))
    assert first == ContentSearch(parse("country=TH&page=2"))[20:40].request_body()
    assert (first["from"], first["size"]) == (20, 20)
    assert backends.request_body(parse("page=2&country=TH")) is first  # same request
    assert backends.request_body(parse("country=TH&page=3")) is not first
    for page in range(4, 8):
        backends.request_body(parse(f"country=TH&page={page}"))
    assert len(backends._BODIES) == 3
    assert backends.request_body(parse("country=TH&page=2")) == first  # rebuilt alike
