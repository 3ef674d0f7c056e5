"""Search analytics: recording searches, counting clicks, the editors' report, pruning."""

from __future__ import annotations

import csv
import datetime
import io
import logging
import re
import uuid

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import override_settings
from django.utils import timezone

from analytics import recording
from analytics.models import SearchEvent
from analytics.recording import normalise_query
from editorial.roles import SECRETARIAT_GROUP

pytestmark = pytest.mark.django_db

# Everything a SearchEvent holds; a new field must be added here on purpose, after
# checking it says nothing about who searched.
RECORDED_FIELDS = {
    "id",
    "created_at",
    "query",
    "normalised_query",
    "language",
    "filters",
    "country",
    "total",
    "backend",
    "page",
    "token",
    "clicks",
}
READER = {
    "REMOTE_ADDR": "198.51.100.23",
    "HTTP_USER_AGENT": "ReaderBrowser/1.0 (distinctive-agent)",
    "HTTP_X_FORWARDED_FOR": "203.0.113.9",
}


def click_url(token, position=1) -> str:
    return f"/api/v1/search/click/?t={token}&p={position}"


def ping(client, url: str):
    """What Chromium sends for <a ping>: a POST with a text/ping body, no CSRF token."""
    return client.post(url, data="PING", content_type="text/ping")


def make_event(query: str, *, days_ago: float = 1, **fields) -> SearchEvent:
    values = {
        "created_at": timezone.now() - datetime.timedelta(days=days_ago),
        "query": query,
        "normalised_query": normalise_query(query),
        "language": "en",
        "filters": {},
        "country": "",
        "total": 3,
        "backend": "elasticsearch",
        "page": 1,
    }
    values.update(fields)
    return SearchEvent.objects.create(**values)


# --- Recording ---------------------------------------------------------------------


def test_an_api_search_records_one_event_with_its_query_language_filters_and_outcome(client, loans):
    response = client.get("/api/v1/search/", {"q": "Loan", "country": "VN", "lang": "en"}, **READER)
    assert response.status_code == 200
    assert response.json()["total"] == 1

    event = SearchEvent.objects.get()
    assert event.query == "Loan"
    assert event.normalised_query == "loan"
    assert event.language == "en"
    assert event.filters == {"country": ["VN"]}
    assert event.country == "VN"
    assert event.total == 1
    assert event.backend == "elasticsearch"
    assert event.page == 1
    assert event.clicks == 0


def test_a_search_page_request_records_one_event_and_gives_the_page_its_token(client, loans):
    response = client.get("/th/search/", {"q": "  loan   ", "type": "financing_scheme"})
    assert response.status_code == 200

    event = SearchEvent.objects.get()
    assert (event.query, event.normalised_query, event.language) == ("loan", "loan", "th")
    assert event.filters == {"type": ["financing_scheme"]}
    assert event.country == ""
    assert event.total == 2
    assert event.backend == "elasticsearch"
    assert response.context["search_token"] == str(event.token)


def test_a_search_answered_by_the_database_records_the_database_backend(client, loans):
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        client.get("/en/search/", {"q": "loan"})
    event = SearchEvent.objects.get()
    assert event.backend == "database"
    assert event.total == 2


def test_nothing_about_the_reader_is_stored(client, loans, make_user):
    client.force_login(make_user("reader"))
    client.get("/api/v1/search/", {"q": "loan"}, **READER)
    client.get("/en/search/", {"q": "loan"}, **READER)

    assert {field.attname for field in SearchEvent._meta.concrete_fields} == RECORDED_FIELDS
    stored = repr(list(SearchEvent.objects.values()))
    for personal in ("198.51.100", "203.0.113", "distinctive-agent", "reader"):
        assert personal not in stored


def test_browsing_without_words_and_later_pages_are_recorded_with_their_page(client, loans):
    client.get("/en/search/", {"country": "TH"})
    client.get("/api/v1/search/", {"q": "loan", "page": 2, "page_size": 1})

    browse, second_page = SearchEvent.objects.order_by("id")
    assert (browse.query, browse.country, browse.page) == ("", "TH", 1)
    assert (second_page.query, second_page.page) == ("loan", 2)


def test_a_refused_api_request_records_nothing(client, site):
    assert client.get("/api/v1/search/", {"page_size": 1000}).status_code == 400
    assert not SearchEvent.objects.exists()


def test_queries_are_casefolded_and_their_whitespace_collapsed():
    assert normalise_query("  Loan\tFOR   Exporters ") == "loan for exporters"
    assert normalise_query("Straße") == "strasse"
    assert normalise_query("ｌｏａｎ") == "loan"  # full-width letters (NFKC)
    assert len(normalise_query("x " * 400)) == 255


def test_events_are_written_after_the_response_not_while_the_view_runs(rf, loans):
    from search.api import search_api

    response = search_api(rf.get("/api/v1/search/", {"q": "loan"}))
    assert response.status_code == 200
    assert not SearchEvent.objects.exists()  # only buffered: no request_finished yet
    assert [event.query for event in recording.pending_events()] == ["loan"]

    # What the WSGI server does once the bytes are out. Like Django's test client, keep
    # the test's database connection open (close_old_connections would close it inside
    # the test's transaction on PostgreSQL).
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)

    assert SearchEvent.objects.get().query == "loan"
    assert recording.pending_events() == []


def test_events_of_a_request_that_never_finished_are_dropped_when_the_next_one_starts(
    client, rf, loans
):
    from search.api import search_api

    search_api(rf.get("/api/v1/search/", {"q": "unfinished"}))  # never closed
    client.get("/api/v1/search/", {"q": "loan"})

    assert list(SearchEvent.objects.values_list("query", flat=True)) == ["loan"]


def test_a_failed_analytics_write_never_fails_the_search(client, loans, monkeypatch, caplog):
    taken = make_event("earlier search")
    # The next event gets a token already stored: the INSERT breaks its unique constraint.
    monkeypatch.setattr(recording.uuid, "uuid4", lambda: taken.token)

    with caplog.at_level(logging.ERROR, logger="analytics.recording"):
        api = client.get("/api/v1/search/", {"q": "loan"})
        page = client.get("/en/search/", {"q": "loan"})

    assert api.status_code == 200 and api.json()["total"] == 2
    assert page.status_code == 200 and "Working capital loan" in page.content.decode()
    assert list(SearchEvent.objects.values_list("query", flat=True)) == ["earlier search"]
    assert "Could not write 1 search event(s)" in caplog.text
    # The connection is still usable after the failed write.
    assert client.get("/api/v1/search/", {"q": "loan"}).status_code == 200


def test_a_result_that_cannot_be_recorded_still_answers(client, loans, monkeypatch):
    def broken(query):
        raise RuntimeError("normaliser broke")

    monkeypatch.setattr(recording, "normalise_query", broken)
    response = client.get("/en/search/", {"q": "loan"})
    assert response.status_code == 200
    assert response.context["search_token"] == ""
    assert " ping=" not in response.content.decode()
    assert not SearchEvent.objects.exists()


# --- Clicks ------------------------------------------------------------------------------


def test_result_links_ping_the_click_url_of_their_search(client, loans):
    html = client.get("/en/search/", {"q": "loan"}).content.decode()
    event = SearchEvent.objects.get()

    pings = re.findall(r'<a href="[^"]+" ping="([^"]+)"', html)
    assert pings == [
        f"/api/v1/search/click/?t={event.token}&amp;p=1",
        f"/api/v1/search/click/?t={event.token}&amp;p=2",
    ]
    assert ping(client, pings[1].replace("&amp;", "&")).status_code == 204
    event.refresh_from_db()
    assert event.clicks == 1


def test_a_ping_with_a_valid_token_counts_a_click(client, site):
    event = make_event("loan")
    for _ in range(2):
        response = ping(client, click_url(event.token, 3))
        assert response.status_code == 204
        assert response.content == b""
    event.refresh_from_db()
    assert event.clicks == 2


def test_a_click_url_answers_405_to_get(client, site):
    event = make_event("loan")
    assert client.get(click_url(event.token)).status_code == 405
    event.refresh_from_db()
    assert event.clicks == 0


@pytest.mark.parametrize(
    "url",
    [
        click_url(uuid.UUID(int=7)),  # well formed, unknown
        click_url("not-a-token"),
        "/api/v1/search/click/",
        "/api/v1/search/click/?t=&p=",
    ],
)
def test_an_unknown_or_malformed_token_answers_204_and_changes_nothing(client, site, url):
    event = make_event("loan")
    assert ping(client, url).status_code == 204
    event.refresh_from_db()
    assert event.clicks == 0


@pytest.mark.parametrize("position", ["0", "101", "-1", "one", "1e3"])
def test_a_position_outside_a_page_of_results_is_ignored(client, site, position):
    event = make_event("loan")
    assert ping(client, f"/api/v1/search/click/?t={event.token}&p={position}").status_code == 204
    event.refresh_from_db()
    assert event.clicks == 0


def test_a_replayed_token_stops_counting_at_the_cap(client, site):
    from analytics.views import MAX_CLICKS_PER_EVENT

    event = make_event("loan", clicks=MAX_CLICKS_PER_EVENT)
    assert ping(client, click_url(event.token)).status_code == 204
    event.refresh_from_db()
    assert event.clicks == MAX_CLICKS_PER_EVENT


def test_pings_share_the_api_rate_limit(client, site):
    event = make_event("loan")
    caches["default"].clear()
    address = {"REMOTE_ADDR": "192.0.2.201"}
    with override_settings(API_RATE_LIMIT="2/60"):
        answers = [
            client.post(click_url(event.token), "PING", content_type="text/ping", **address)
            for _ in range(3)
        ]
    caches["default"].clear()
    assert [answer.status_code for answer in answers] == [204, 204, 429]
    event.refresh_from_db()
    assert event.clicks == 2


def test_the_search_page_policy_lets_the_ping_through(client, site):
    """<a ping> is governed by connect-src: same origin is enough."""
    policy = client.get("/en/search/")["Content-Security-Policy"]
    assert "connect-src 'self'" in policy


# --- The report --------------------------------------------------------------------------


@pytest.fixture
def searches(site):
    """A month of searches in two languages and countries."""
    for _ in range(3):
        make_event("loan", total=10, clicks=1, country="TH")
    make_event("Loan", total=8, clicks=0, country="TH")
    make_event("loan", page=2, total=10, clicks=2, country="TH")  # same search, page 2
    make_event("grants for women", total=0, language="en", country="TH")
    make_event("grants for women", total=0, language="en", country="TH")
    make_event("vay von", total=0, language="vi", country="VN")
    make_event("tax holiday", total=4, clicks=0, country="TH")
    make_event("tax holiday", total=6, clicks=0, country="TH")
    make_event('=HYPERLINK("http://evil.example")', total=0, country="TH")
    make_event("+cmd", total=2, clicks=0, country="TH")
    make_event("", total=50, country="TH")  # browsing: not a query
    make_event("old", total=0, days_ago=40, country="TH")


def report(client, **params):
    response = client.get("/admin/analytics/search-terms/", params)
    assert response.status_code == 200
    return {
        section["key"]: [
            dict(zip(section["headings"], row, strict=True)) for row in section["rows"]
        ]
        for section in response.context["sections"]
    }


def queries(rows) -> list[str]:
    return [row["Query"] for row in rows]


def test_the_secretariat_sees_top_zero_result_and_unopened_queries(client, searches, make_user):
    client.force_login(make_user("sec", SECRETARIAT_GROUP))
    sections = report(client, days=30, language="en", country="TH")

    top = sections["top"]
    assert queries(top)[0] == "loan"
    assert top[0]["Searches"] == 4  # page 2 is not another search
    assert top[0]["Average results"] == 9.5
    assert top[0]["Clicks"] == 5  # clicks from every page
    assert top[0]["Click-through (%)"] == 75
    assert "" not in queries(top)
    assert "old" not in queries(top)  # outside the period

    assert queries(sections["zero"]) == ["grants for women", '=hyperlink("http://evil.example")']
    assert sections["zero"][0]["Searches"] == 2
    assert "vay von" not in queries(sections["zero"])  # another language and country

    assert queries(sections["no_clicks"]) == ["tax holiday", "+cmd"]
    assert sections["no_clicks"][0]["Searches"] == 2
    assert sections["no_clicks"][0]["Average results"] == 5.0


def test_the_report_opens_with_the_periods_figures(client, searches, make_user):
    client.force_login(make_user("sec", SECRETARIAT_GROUP))
    response = client.get("/admin/analytics/search-terms/", {"language": "en", "country": "TH"})
    # 10 page-1 searches with words: 3 found nothing, 3 led to a click.
    assert response.context["overview"] == {
        "searches": 10,
        "zero_result_share": 30,
        "click_through": 30,
    }
    assert "10 searches in this period; 30% found nothing" in response.content.decode()


def test_the_report_filters_by_language_country_and_period(client, searches, make_user):
    client.force_login(make_user("sec", SECRETARIAT_GROUP))
    assert queries(report(client, language="vi")["zero"]) == ["vay von"]
    assert queries(report(client, country="VN")["top"]) == ["vay von"]
    assert "old" in queries(report(client, days=90, country="TH")["zero"])
    assert "old" not in queries(report(client, days=7, country="TH")["zero"])
    # An invalid filter falls back to the defaults rather than failing.
    assert "loan" in queries(report(client, days=12345, language="xx")["top"])


def test_the_csv_export_has_what_is_shown_with_formula_cells_neutralised(
    client, searches, make_user
):
    client.force_login(make_user("sec", SECRETARIAT_GROUP))
    response = client.get(
        "/admin/analytics/search-terms/", {"country": "TH", "language": "en", "export": "zero"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.match(
        r'attachment; filename="search-terms-zero-en-th-30d-\d{8}\.csv"',
        response["Content-Disposition"],
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == ["Query", "Searches", "Last searched"]
    assert sorted(row[0] for row in rows[1:]) == [
        '\'=hyperlink("http://evil.example")',
        "grants for women",
    ]

    unopened = client.get(
        "/admin/analytics/search-terms/", {"country": "TH", "export": "no_clicks"}
    ).content.decode("utf-8")
    assert [row[0] for row in csv.reader(io.StringIO(unopened.removeprefix("\ufeff")))][1:] == [
        "tax holiday",
        "'+cmd",
    ]


def test_a_superuser_sees_the_report_and_its_menu_item(client, searches, make_user):
    client.force_login(make_user("root", superuser=True))
    assert "loan" in queries(report(client)["top"])
    assert "/admin/analytics/search-terms/" in client.get("/admin/").content.decode()


def test_a_country_editor_is_refused_and_does_not_see_the_menu_item(client, searches, make_user):
    client.force_login(make_user("editor", "Thailand editors"))
    # Wagtail answers an admin view's PermissionDenied with a redirect home and a message.
    for params in ({}, {"export": "top"}):
        response = client.get("/admin/analytics/search-terms/", params)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
        assert "text/csv" not in response["Content-Type"]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("permission" in message for message in messages), messages
    assert "/admin/analytics/search-terms/" not in client.get("/admin/").content.decode()


def test_a_visitor_without_admin_access_is_sent_to_the_login(client, searches, make_user):
    response = client.get("/admin/analytics/search-terms/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    client.force_login(make_user("reader"))
    response = client.get("/admin/analytics/search-terms/")
    assert response.status_code == 302
    assert "search" not in response.content.decode()


# --- Retention ---------------------------------------------------------------------------


def test_pruning_deletes_events_older_than_the_given_days(site):
    make_event("ancient", days_ago=400)
    make_event("last quarter", days_ago=80)
    make_event("yesterday", days_ago=1)
    out = io.StringIO()

    call_command("prune_search_events", stdout=out)
    assert set(SearchEvent.objects.values_list("query", flat=True)) == {"last quarter", "yesterday"}
    assert "Deleted 1 search event(s) older than 365 days." in out.getvalue()

    call_command("prune_search_events", "--days", "30", stdout=io.StringIO())
    assert list(SearchEvent.objects.values_list("query", flat=True)) == ["yesterday"]


def test_searches_are_written_in_batches_and_the_rest_at_a_flush(client, loans, settings):
    settings.SEARCH_ANALYTICS_BATCH = 3
    settings.SEARCH_ANALYTICS_FLUSH_SECONDS = 3600
    for query in ("one", "two"):
        client.get("/api/v1/search/", {"q": query})
    assert not SearchEvent.objects.exists()  # waiting for a full batch
    client.get("/api/v1/search/", {"q": "three"})
    assert sorted(SearchEvent.objects.values_list("query", flat=True)) == ["one", "three", "two"]
    client.get("/api/v1/search/", {"q": "four"})
    assert recording.flush() == 1
    assert SearchEvent.objects.filter(query="four").exists()
