"""Synonyms editors keep, facet words in every language, best bets and dead ends."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.models import SynonymGroup
from search.query import analyse
from search.seed import SEED_FILE, seed_groups
from tests.search.conftest import make_page


def facets_of(q: str, language: str = "en") -> set[tuple[str, str]]:
    return {facet for unit in analyse(q, language) for facet in unit.facets}


@pytest.mark.django_db
def test_the_seed_file_is_loaded_by_the_migration(site):
    assert SynonymGroup.objects.count() == len(seed_groups(SEED_FILE)) >= 50


@pytest.mark.django_db
def test_taxonomy_labels_in_any_language_name_facet_values(site):
    assert ("target", "women") in facets_of("grants for women")
    assert ("support", "grant") in facets_of("grants for women")
    assert ("country", "KH") in facets_of("กัมพูชา", "th")
    assert ("support", "loan") in facets_of("pinjaman", "ms")
    assert ("type", "incubator") in facets_of("incubator singapore")


@pytest.mark.django_db
def test_acronyms_expand_to_their_full_names(site):
    (unit,) = analyse("KUR", "id")
    assert "kredit usaha rakyat" in unit.alternatives
    (unit,) = analyse("certificate of origin", "en")
    assert "co" in unit.alternatives


@pytest.mark.django_db
def test_an_editors_new_synonym_group_takes_effect_at_once(site):
    assert ("target", "youth") not in facets_of("gen z")
    SynonymGroup.objects.create(terms="youth ~ gen z")
    assert ("target", "youth") in facets_of("gen z")


@pytest.mark.django_db
def test_a_synonym_finds_pages_that_never_use_the_typed_word(site, client, rebuilt):
    make_page(
        kind="financing_scheme",
        country="MY",
        external_id="my-lending-line",
        title={"en": "Working capital lending line"},
        summary={"en": "Lending for trading companies."},
    )
    rebuilt()
    answer = client.get("/api/v1/search/", {"q": "borrowing", "lang": "en"}).json()
    assert [r["id"] for r in answer["results"]] == ["my-lending-line"]


@pytest.mark.django_db
def test_a_best_bet_is_shown_first_and_marked_recommended(site, client, rebuilt):
    page = make_page(
        kind="financing_scheme",
        country="SG",
        external_id="sg-pinned",
        title={"en": "Pinned scheme"},
        summary={"en": "A scheme editors recommend."},
    )
    rebuilt()
    query = Query.objects.create(query_string="recommend scheme")
    SearchPromotion.objects.create(query=query, page=page, description="Start here")
    answer = client.get("/api/v1/search/", {"q": "Recommend  scheme!", "lang": "en"}).json()
    assert answer["recommended"][0]["id"] == "sg-pinned"
    assert answer["results"][0]["id"] == "sg-pinned"  # also found as usual
    html = client.get("/en/search/", {"q": "recommend scheme"}).content.decode()
    assert "Recommended" in html
    assert html.index("Pinned scheme") < html.index('class="results"')


@pytest.mark.django_db
def test_a_misspelt_query_that_finds_nothing_gets_a_suggestion(site, client, rebuilt):
    make_page(
        kind="financing_scheme",
        country="TH",
        external_id="th-grant-one",
        title={"en": "Innovation grant"},
        summary={"en": "A grant for innovative firms."},
    )
    rebuilt()
    answer = client.get("/api/v1/search/", {"q": "grnt", "lang": "en"}).json()
    assert answer["total"] == 0
    assert answer["suggestion"]["q"] == "grant"
    assert answer["suggestion"]["url"] == "/en/search/?q=grant"
    html = client.get("/en/search/", {"q": "grnt"}).content.decode()
    assert "Did you mean" in html and 'href="/en/search/?q=grant"' in html


@pytest.mark.django_db
def test_acronyms_and_numbers_get_no_spelling_suggestion(site, client, rebuilt):
    make_page(
        kind="financing_scheme",
        country="TH",
        external_id="th-grant-two",
        title={"en": "Innovation grant 2026"},
        summary={"en": "A grant."},
    )
    rebuilt()
    for q in ("GRNT", "2027"):
        answer = client.get("/api/v1/search/", {"q": q, "lang": "en"}).json()
        assert answer["total"] == 0 and "suggestion" not in answer, q


@pytest.mark.django_db
def test_an_empty_result_offers_the_query_without_its_narrowest_filter_and_any_word(
    site, client, rebuilt
):
    make_page(
        kind="financing_scheme",
        country="TH",
        external_id="th-export-loan",
        title={"en": "Export loan"},
        summary={"en": "Loans for exporters."},
        supports=["loan"],
    )
    make_page(
        kind="incubator",
        country="VN",
        external_id="vn-hub",
        title={"en": "Innovation hub"},
        summary={"en": "Desks for founders."},
    )
    rebuilt()
    answer = client.get(
        "/api/v1/search/", {"q": "export loan", "country": "VN", "lang": "en"}
    ).json()
    assert answer["total"] == 0
    first = answer["relaxations"][0]
    assert (first["kind"], first["facet"], first["total"]) == ("without_filter", "country", 1)
    assert first["url"] == "/en/search/?q=export+loan"
    answer = client.get(
        "/api/v1/search/", {"q": "export innovation zebra quagga", "lang": "en"}
    ).json()
    assert answer["total"] == 0
    any_word = answer["relaxations"][-1]
    assert any_word["kind"] == "any_word" and any_word["total"] == 2
    assert (
        client.get(any_word["url"].replace("/en/search/", "/api/v1/search/")).json()["total"] == 2
    )


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="admin", email="admin@example.com", password="pw"
    )
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_editors_add_a_synonym_group_in_the_admin_and_search_uses_it(site, admin_client):
    listing = admin_client.get(reverse("wagtailsnippets_sc_search_synonymgroup:list"))
    assert listing.status_code == 200
    assert "loan ~ loans ~ credit ~ financing" in listing.content.decode()
    add_url = reverse("wagtailsnippets_sc_search_synonymgroup:add")
    refused = admin_client.post(add_url, {"terms": "lonely", "note": "", "active": "on"})
    assert refused.status_code == 200 and "at least two terms" in refused.content.decode()
    assert (
        admin_client.post(add_url, {"terms": "kopitiam ~ youth", "active": "on"}).status_code == 302
    )
    assert ("target", "youth") in facets_of("kopitiam")


@pytest.mark.django_db
def test_highlights_mark_the_words_that_count_not_stop_words(site, client, rebuilt):
    make_page(
        kind="financing_scheme",
        country="LA",
        external_id="la-women-grants",
        title={"en": "Grants for women"},
        summary={"en": "Small grants for women in rural areas."},
    )
    rebuilt()
    answer = client.get("/api/v1/search/", {"q": "grants for women", "lang": "en"}).json()
    highlight = answer["results"][0]["highlight"]
    assert "<mark>women</mark>" in highlight and "<mark>grants</mark>" in highlight
    assert "<mark>for</mark>" not in highlight
