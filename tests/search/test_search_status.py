"""The status facet, the closing sort and closed calls hidden when browsing, on both backends."""

from __future__ import annotations

import datetime

import pytest
from django.http import QueryDict
from django.test import override_settings

from search.backends import search_database, search_elasticsearch
from search.params import parse_search_params

from .conftest import make_page

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
BACKENDS = (search_elasticsearch, search_database)


def scheme(external_id, country="TH", **window):
    return make_page(
        kind="financing_scheme",
        country=country,
        external_id=external_id,
        title={"en": external_id.replace("-", " ").title()},
        summary={"en": f"Support called {external_id}"},
        supports=["grant"],
        window=window,
    )


@pytest.fixture
def calls(site, rebuilt):
    scheme("th-closed", opens_on=TODAY - 60 * DAY, closes_on=TODAY - 10 * DAY)
    scheme("th-closing", opens_on=TODAY - 60 * DAY, closes_on=TODAY + 3 * DAY)
    scheme("vn-open", country="VN", opens_on=TODAY - 10 * DAY, closes_on=TODAY + 40 * DAY)
    scheme("my-later", country="MY", opens_on=TODAY + 20 * DAY, closes_on=TODAY + 80 * DAY)
    scheme("ph-always", country="PH", open_all_year=True)
    scheme("id-unknown", country="ID")
    make_page(
        kind="incubator",
        country="SG",
        external_id="sg-intake",
        title={"en": "Intake"},
        summary={"en": "An incubator intake"},
        window={"closes_on": TODAY + 10 * DAY},
    )
    make_page(
        kind="market_guide",
        country="TH",
        external_id="th-guide",
        title={"en": "Market guide"},
        summary={"en": "Selling to Thailand"},
    )
    rebuilt()


def search(backend, query=""):
    return backend(parse_search_params(QueryDict(query), default_lang="en", strict=True))


def ids(result):
    return [item["id"] for item in result.results]


@pytest.mark.django_db
@pytest.mark.parametrize("backend", BACKENDS)
def test_browsing_hides_closed_calls(calls, backend):
    result = search(backend)

    assert "th-closed" not in ids(result)
    assert result.total == 7  # every other call, and the guide
    assert "closed" not in result.counts["status"]


@pytest.mark.django_db
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("query", ["include_closed=1", "status=closed", "q=support"])
def test_closed_calls_are_found_when_asked_for_or_searched(calls, backend, query):
    assert "th-closed" in ids(search(backend, query))


@pytest.mark.django_db
@pytest.mark.parametrize("backend", BACKENDS)
def test_each_page_is_counted_under_its_status(calls, backend):
    result = search(backend, "include_closed=1")

    assert result.counts["status"] == {
        "closed": 1,
        "closing_soon": 2,  # th-closing and the intake
        "open": 1,
        "upcoming": 1,
        "always_open": 1,
        "unknown": 1,
    }
    by_id = {item["id"]: item for item in result.results}
    assert by_id["th-closing"]["status"] == "closing_soon"
    assert by_id["th-closing"]["closes_on"] == (TODAY + 3 * DAY).isoformat()
    assert by_id["th-guide"]["status"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("backend", BACKENDS)
def test_status_filters_are_disjunctive(calls, backend):
    result = search(backend, "status=open&status=always_open&country=VN&country=PH&country=TH")

    assert sorted(ids(result)) == ["ph-always", "vn-open"]
    # The status counts apply the country filter but not the status filter.
    assert result.counts["status"] == {"open": 1, "always_open": 1, "closing_soon": 1, "closed": 1}


@pytest.mark.django_db
@pytest.mark.parametrize("backend", BACKENDS)
def test_closing_sort_puts_the_soonest_first_then_always_open_then_unknown(calls, backend):
    result = search(backend, "sort=closing&include_closed=1")

    assert ids(result) == [
        "th-closing",  # in 3 days
        "sg-intake",  # in 10 days
        "vn-open",  # in 40 days
        "my-later",  # opens later, closes in 80 days
        "ph-always",
        "id-unknown",
        "th-closed",
        "th-guide",  # no window at all
    ]


@pytest.mark.django_db
def test_the_api_refuses_a_bad_include_closed_and_takes_the_closing_sort(client, calls):
    bad = client.get("/api/v1/search/", {"include_closed": "yes"})
    assert bad.status_code == 400
    assert bad.json()["error"]["parameter"] == "include_closed"

    answer = client.get("/api/v1/search/", {"sort": "closing", "status": "closing_soon"}).json()
    assert [r["id"] for r in answer["results"]] == ["th-closing", "sg-intake"]
    assert {o["value"] for o in answer["facets"]["status"]} >= {"closing_soon", "open"}


@pytest.mark.django_db
def test_the_page_says_closed_calls_are_hidden_and_shows_them_on_request(client, calls):
    html = client.get("/en/search/").content.decode()
    assert "Closed calls are not shown." in html
    assert 'href="?include_closed=1"' in html
    assert "Th Closed" not in html

    html = client.get("/en/search/", {"include_closed": "1"}).content.decode()
    assert "Th Closed" in html
    assert "Hide closed calls" in html
    assert 'name="include_closed" value="1"' in html  # kept when the form is sent again


@pytest.mark.django_db
def test_each_result_shows_its_status_and_closing_date(client, calls):
    closes = TODAY + 3 * DAY
    html = client.get("/en/search/", {"status": "closing_soon"}).content.decode()
    assert "Closing soon" in html
    assert f"closes {closes.day} {closes:%B} {closes.year}" in html


@pytest.mark.django_db
def test_thai_pages_show_the_buddhist_year(client, calls):
    html = client.get("/th/search/", {"status": "closing_soon"}).content.decode()
    assert str(TODAY.year + 543) in html or str((TODAY + 3 * DAY).year + 543) in html


@pytest.mark.django_db
def test_the_database_fallback_agrees_when_elasticsearch_is_down(client, calls):
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        answer = client.get("/api/v1/search/", {"sort": "closing"}).json()
    assert answer["backend"] == "database"
    assert "th-closed" not in [r["id"] for r in answer["results"]]


@pytest.mark.django_db
def test_the_database_counts_each_country_on_its_own_date_across_midnight(site, monkeypatch):
    """16:30 UTC: 23:30 on the closing day in Thailand (UTC+7), already the next day in
    Malaysia (UTC+8). The SQL conditions must agree with deadlines.status per page."""
    from django.utils import timezone

    from deadlines.status import status_for
    from search.sql_browse import status_condition

    closing_day = datetime.date(2027, 3, 31)
    moment = datetime.datetime(2027, 3, 31, 16, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    window = {"opens_on": closing_day - 30 * DAY, "closes_on": closing_day}
    thai = scheme("th-last-day", **window)
    malaysian = scheme("my-last-day", country="MY", **window)
    assert (status_for(thai), status_for(malaysian)) == ("closing_soon", "closed")
    model = type(thai)
    for page in (thai, malaysian):
        matching = {
            value
            for value in ("upcoming", "open", "closing_soon", "closed", "always_open", "unknown")
            if model.objects.filter(status_condition(model, value), pk=page.pk).exists()
        }
        assert matching == {status_for(page)}, page.external_id
