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
    assert result["aggs"]["_filter_country"]["filter"] == {"terms": {"sector": ["C"]}}
    assert result["aggs"]["_filter_sector"]["filter"] == {"terms": {"country": ["TH"]}}
    assert result["post_filter"]["bool"]["must"] == [
        {"terms": {"country": ["TH"]}},
        {"terms": {"sector": ["C"]}},
    ]


def walk(node):
    """Every dict inside a query body, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def field_names(query: dict) -> set[str]:
    names = set()
    for node in walk(query):
        for kind in ("combined_fields", "multi_match"):
            if kind in node:
                names |= {name.split("^")[0] for name in node[kind]["fields"]}
        for kind in ("match_phrase",):
            if kind in node:
                names |= set(node[kind])
    return names


def units_of(query: dict) -> list[dict]:
    return query["bool"]["must"][0]["bool"]["should"]


@pytest.mark.django_db
def test_the_query_searches_the_readers_language_then_english_segmented(site):
    query = body("q=ธนาคารกรุงเทพ")["query"]
    names = field_names(query)
    for field in ("title", "text"):
        for language in ("th", "en"):
            assert {f"{field}_{language}", f"{field}_{language}_stem"} <= names
    assert len(units_of(query)) == 2  # the unspaced Thai was cut into two words


@pytest.mark.django_db
def test_most_but_not_all_words_must_match(site):
    from search import ranking

    query = body("q=sme+loans+for+exporters+in+malaysia&lang=en")["query"]
    required = query["bool"]["must"][0]["bool"]
    assert required["minimum_should_match"] == ranking.MINIMUM_SHOULD_MATCH
    assert len(required["should"]) == 4  # "for" and "in" are stop words


@pytest.mark.django_db
def test_words_naming_a_facet_value_match_pages_with_that_value(site):
    query = body("q=grants+for+women&lang=en")["query"]
    facet_filters = [
        node["constant_score"]["filter"]["terms"]
        for node in walk(query)
        if "terms" in node.get("constant_score", {}).get("filter", {})
    ]
    assert {"support": ["grant"]} in facet_filters
    assert {"target": ["women"]} in facet_filters


@pytest.mark.django_db
def test_typo_tolerance_is_for_long_latin_words_only_never_acronyms_or_numbers(site):
    def fuzzy_queries(q):
        return {
            node["multi_match"]["query"]
            for node in walk(body(f"q={q}&lang=en")["query"])
            if "fuzziness" in node.get("multi_match", {})
        }

    assert fuzzy_queries("finacing") == {"finacing"}
    assert fuzzy_queries("UMKMX") == set()  # typed in capitals: an acronym
    assert fuzzy_queries("loan") == set()  # too short to guess
    assert fuzzy_queries("2025") == set()
    assert fuzzy_queries("ธนาคาร") == set()
    for node in walk(body("q=finacing&lang=en")["query"]):
        if "fuzziness" in node.get("multi_match", {}):
            assert all(
                name.split("^")[0].endswith("_folded") for name in node["multi_match"]["fields"]
            )


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
        "status",
        "closes_on",
        "published_at",
        "display.th",
        "display.en",
    }


@pytest.mark.django_db
def test_request_bodies_are_memoised_per_request_and_bounded(site, monkeypatch):
    from search import backends

    backends._built_body.cache_clear()
    parse = lambda qs: parse_search_params(QueryDict(qs), default_lang="en", strict=True)  # noqa: E731
    first = backends.request_body(parse("country=TH&page=2"))
    assert first == ContentSearch(parse("country=TH&page=2"))[20:40].request_body()
    assert (first["from"], first["size"]) == (20, 20)
    assert backends.request_body(parse("page=2&country=TH")) is first  # same request
    assert backends.request_body(parse("country=TH&page=3")) is not first
    for page in range(4, 8):
        backends.request_body(parse(f"country=TH&page={page}"))
    info = backends._built_body.cache_info()
    assert (info.currsize, info.maxsize) == (6, backends.MAX_CACHED_BODIES)  # bounded
    backends._built_body.cache_clear()
    assert backends.request_body(parse("country=TH&page=2")) == first  # rebuilt alike
