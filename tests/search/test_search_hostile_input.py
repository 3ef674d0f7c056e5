"""No query string ever yields a 5xx; the API names the bad parameter in a 400."""

from __future__ import annotations

import pytest

HOSTILE_QUERIES = [
    '"',
    "'",
    "\\",
    '\\"',
    "a\\",
    '"unterminated',
    "*",
    "?",
    "~",
    "^",
    "(",
    ")",
    "{}",
    "[]",
    "title:loan AND country:TH",
    "loan OR NOT grant",
    "/.*/",
    "q=1&x=2",
    "<script>alert(1)</script>",
    "x" * 10_000,
    "\x00\x01\x02\x1b",
    "\u202e\u200b\ufeff",
    "😀🚀💸",
    "\ud7ff",
    "%00",
    "$(rm -rf /)",
    "SELECT * FROM wagtailcore_page;--",
    "ก" * 3000,
    "  ",
    "\t\n",
]


@pytest.fixture
def indexed(site, rebuilt):
    from .conftest import make_page

    make_page(
        kind="financing_scheme",
        country="TH",
        external_id="th-anything",
        title={"en": "Anything"},
        summary={"en": "Something"},
    )
    rebuilt()


@pytest.mark.django_db
@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_yield_a_server_error(client, indexed, query):
    for url in ("/api/v1/search/", "/api/v1/search/suggest/", "/en/search/", "/th/financing/"):
        response = client.get(url, {"q": query})
        assert response.status_code == 200, (url, query[:40], response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "9" * 30}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "1000"}, "page_size"),
        ({"country": "XX"}, "country"),
        ({"sector": "Z"}, "sector"),
        ({"type": "blog"}, "type"),
        ({"size": "huge"}, "size"),
        ({"support": "gift"}, "support"),
        ({"target": "aliens"}, "target"),
        ({"lang": "de"}, "lang"),
        ({"sort": "random"}, "sort"),
    ],
)
def test_invalid_parameters_get_a_400_naming_the_parameter(client, indexed, params, parameter):
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == parameter


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page": "-1"},
        {"page": "9" * 30},
        {"page_size": "1000"},
        {"country": "XX"},
        {"lang": "de"},
        {"sort": "random"},
        {"page": "999999"},
    ],
)
def test_the_html_page_ignores_invalid_parameters_politely(client, indexed, params):
    response = client.get("/en/search/", params)
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_page_far_past_the_end_is_empty_with_the_right_total(client, indexed):
    response = client.get("/api/v1/search/", {"page": "999999"})
    assert response.status_code == 200
    assert response.json()["total"] == 1
    assert response.json()["results"] == []
