"""Markup typed into content or query strings reaches readers as text, never as live HTML."""

from __future__ import annotations

import json

import pytest

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile_scheme(publish_scheme):
    return publish_scheme(
        slug="th-hostile-scheme",
        title=f"Loan {HOSTILE}",
        summary=f"Working capital guarantee {HOSTILE}",
        body=f"First paragraph {HOSTILE}\n\nSecond paragraph",
        eligibility=HOSTILE,
        key_terms=HOSTILE,
        how_to_apply=HOSTILE,
        provider=HOSTILE,
        contact=HOSTILE,
    )


def assert_escaped(html: str, inline_code) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert inline_code(html).problems == []


def test_content_with_markup_is_shown_escaped_on_its_page(client, hostile_scheme, inline_code):
    response = client.get(hostile_scheme.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert_escaped(html, inline_code)
    # Every field is still shown, as text.
    assert html.count("&lt;script&gt;") >= 6


def test_content_with_markup_is_escaped_in_lists_on_its_country_hub(
    client, hostile_scheme, inline_code
):
    html = client.get(hostile_scheme.get_parent().url).content.decode()
    assert "Working capital guarantee" in html
    assert_escaped(html, inline_code)


def test_search_highlights_escape_the_content_around_the_marks(
    client, hostile_scheme, inline_code, settings
):
    settings.ELASTICSEARCH_URL = ""  # the database backend; highlights are built the same way

    html = client.get("/en/search/?q=guarantee").content.decode()
    assert "<mark>guarantee</mark>" in html.lower()
    assert_escaped(html, inline_code)

    answer = json.loads(client.get("/api/v1/search/?q=guarantee&lang=en").content)
    [result] = answer["results"]
    assert "&lt;script&gt;" in result["highlight"]
    assert "<script" not in result["highlight"]
    # The API's plain fields stay plain text for clients to escape themselves.
    assert HOSTILE in result["summary"]


def test_query_strings_are_echoed_escaped(client, site, inline_code):
    for url in (
        f"/en/search/?q={HOSTILE}",
        f"/en/msme-size/?country=MY&sector=manufacturing&employees={HOSTILE}",
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert inline_code(html).problems == [], url
