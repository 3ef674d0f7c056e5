"""The HTML search page and the type directories."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from search.facets import FACETS

from .conftest import make_page


@pytest.fixture
def content(site, rebuilt):
    make_page(
        kind="financing_scheme",
        country="TH",
        external_id="th-loan",
        title={"en": "Working capital loan", "th": "สินเชื่อเงินทุนหมุนเวียน"},
        summary={"en": "A loan for small firms", "th": "สินเชื่อสำหรับธุรกิจขนาดเล็ก"},
        sectors=["C"],
        supports=["loan"],
    )
    make_page(
        kind="financing_scheme",
        country="VN",
        external_id="vn-loan",
        title={"en": "Export loan"},
        summary={"en": "A loan for exporters"},
        supports=["loan"],
    )
    make_page(
        kind="incubator",
        country="MY",
        external_id="my-hub",
        title={"en": "Tech hub"},
        summary={"en": "Incubation for start-ups"},
    )
    rebuilt()


@pytest.mark.django_db
def test_the_summary_sentence_names_the_query_and_countries(client, content):
    response = client.get("/en/search/", {"q": "loan", "country": ["TH", "VN"]})
    html = response.content.decode()
    assert "2 results for ‘loan’ in Thailand, Viet Nam" in html
    assert '<meta name="robots" content="noindex, follow">' in html


@pytest.mark.django_db
def test_applied_filters_are_removable_chips(client, content):
    html = client.get("/en/search/", {"country": ["TH", "VN"]}).content.decode()
    assert 'href="?country=VN"' in html  # removing Thailand keeps Viet Nam
    assert 'href="?country=TH"' in html
    assert "Clear all filters" in html


@pytest.mark.django_db
def test_a_single_facet_filter_page_may_be_indexed(client, content):
    html = client.get("/en/search/", {"country": "TH"}).content.decode()
    assert "noindex" not in html


@pytest.mark.django_db
def test_the_empty_state_offers_to_remove_filters(client, content):
    html = client.get("/en/search/", {"country": "TH", "type": "incubator"}).content.decode()
    assert "Nothing matches all of your choices." in html
    assert "Remove Thailand" in html


@pytest.mark.django_db
def test_results_show_type_country_highlight_and_verification_date(client, content):
    html = client.get("/en/search/", {"q": "exporters"}).content.decode()
    assert "Financing scheme" in html
    assert "Viet Nam" in html
    assert "<mark>exporters</mark>" in html
    assert "Compiled 1 Nov 2026, not yet confirmed" in html


@pytest.mark.django_db
def test_a_directory_lists_only_its_type_with_the_type_facet_hidden(client, content):
    response = client.get("/en/financing/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Working capital loan" in html and "Export loan" in html
    assert "Tech hub" not in html
    assert 'name="type"' not in html


@pytest.mark.django_db
def test_the_page_shows_a_notice_when_search_runs_on_the_database(client, content):
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        html = client.get("/en/search/", {"q": "loan"}).content.decode()
    assert "simplified mode" in html
    assert "Working capital loan" in html


@pytest.mark.django_db
def test_thai_readers_see_thai_titles(client, content):
    html = client.get("/th/search/", {"country": "TH"}).content.decode()
    assert "สินเชื่อเงินทุนหมุนเวียน" in html


@pytest.mark.django_db
def test_each_facet_checkbox_is_named_after_its_query_parameter(client, content):
    html = client.get("/en/search/?q=loan&country=TH").content.decode()
    names = set(re.findall(r'<input type="checkbox" name="([^"]*)"', html))
    assert names and names <= {facet.key for facet in FACETS}
    assert re.search(r'name="country" value="TH" checked', html)
