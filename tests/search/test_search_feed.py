"""Every search as an Atom feed, and closing dates as calendar files (parsed by real parsers)."""

from __future__ import annotations

import datetime

import feedparser
import icalendar
import pytest

from .conftest import make_page

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def calls(site, rebuilt):
    pages = {
        "closing": make_page(
            kind="financing_scheme",
            country="TH",
            external_id="th-grant",
            title={"en": "Innovation grant", "th": "ทุนนวัตกรรม"},
            summary={"en": "A grant for innovative firms", "th": "ทุนสำหรับธุรกิจนวัตกรรม"},
            supports=["grant"],
            window={"opens_on": TODAY - 30 * DAY, "closes_on": TODAY + 5 * DAY},
        ),
        "intake": make_page(
            kind="incubator",
            country="VN",
            external_id="vn-intake",
            title={"en": "Accelerator intake"},
            summary={"en": "Twelve weeks of acceleration"},
            window={"closes_on": TODAY + 30 * DAY},
        ),
        "closed": make_page(
            kind="financing_scheme",
            country="TH",
            external_id="th-old-grant",
            title={"en": "Old grant"},
            summary={"en": "A grant that closed"},
            supports=["grant"],
            window={"closes_on": TODAY - 3 * DAY},
        ),
        "always": make_page(
            kind="financing_scheme",
            country="MY",
            external_id="my-loan",
            title={"en": "Working capital loan"},
            summary={"en": "Loans all year"},
            supports=["loan"],
            window={"open_all_year": True},
        ),
    }
    rebuilt()
    return pages


@pytest.mark.django_db
def test_a_search_feed_is_valid_atom_with_the_searchs_results(client, calls):
    response = client.get("/en/search/feed/", {"country": "TH", "include_closed": "1"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert "Thailand" in feed.feed.title
    assert feed.feed.link.startswith("http://testserver/en/search/?")
    assert sorted(entry.title for entry in feed.entries) == ["Innovation grant", "Old grant"]
    grant = next(e for e in feed.entries if e.title == "Innovation grant")
    assert grant.link == "http://testserver/en/thailand/th-grant/"
    assert grant.id == "urn:aseansme:th-grant"
    assert grant.updated_parsed is not None
    closes = TODAY + 5 * DAY
    assert f"Closing soon · closes {closes.day} {closes:%B} {closes.year}" in grant.summary


@pytest.mark.django_db
def test_a_feed_takes_the_same_filters_as_the_page(client, calls):
    response = client.get("/en/search/feed/", {"status": "always_open"})

    feed = feedparser.parse(response.content)
    assert [entry.title for entry in feed.entries] == ["Working capital loan"]


@pytest.mark.django_db
def test_a_thai_feed_is_in_thai_with_buddhist_years(client, calls):
    response = client.get("/th/search/feed/", {"type": "financing_scheme", "country": "TH"})

    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.language == "th"
    (entry,) = feed.entries  # the closed grant is hidden when browsing
    assert entry.title == "ทุนนวัตกรรม"
    assert str((TODAY + 5 * DAY).year + 543) in entry.summary


@pytest.mark.django_db
def test_a_bad_feed_parameter_is_ignored_not_an_error(client, calls):
    response = client.get("/en/search/feed/", {"country": "XX", "page_size": "abc"})

    assert response.status_code == 200
    assert not feedparser.parse(response.content).bozo


@pytest.mark.django_db
def test_a_searchs_calendar_has_one_event_per_open_calls_closing_date(client, calls):
    response = client.get("/en/search/calendar/", {"include_closed": "1"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda event: event.decoded("dtstart"))
    # Not the closed call, nor the one open all year (no closing date to remember).
    assert [event.decoded("dtstart") for event in events] == [TODAY + 5 * DAY, TODAY + 30 * DAY]
    assert [str(event["summary"]) for event in events] == [
        "Closing date: Innovation grant",
        "Closing date: Accelerator intake",
    ]
    assert str(events[0]["url"]) == "http://testserver/en/thailand/th-grant/"
    assert events[0].decoded("dtend") == TODAY + 6 * DAY  # an all-day event
    assert str(events[0]["uid"]) == f"th-grant-closes-{(TODAY + 5 * DAY).isoformat()}@aseansme"
    assert events[0].walk("VALARM")  # a reminder on the reader's device


@pytest.mark.django_db
def test_a_searchs_calendar_follows_its_filters(client, calls):
    response = client.get("/en/search/calendar/", {"type": "incubator"})

    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["Closing date: Accelerator intake"]


@pytest.mark.django_db
def test_a_schemes_calendar_file_holds_its_closing_date(client, calls):
    page = calls["closing"]

    response = client.get(f"/en/calendar/{page.pk}.ics")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="th-grant.ics"'
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == TODAY + 5 * DAY
    assert str(event["url"]) == "http://testserver/en/thailand/th-grant/"


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["closed", "always"])
def test_no_calendar_file_without_a_closing_date_to_come(client, calls, which):
    assert client.get(f"/en/calendar/{calls[which].pk}.ics").status_code == 404


@pytest.mark.django_db
def test_the_scheme_page_shows_its_status_and_links_its_calendar_file(client, calls):
    page = calls["closing"]
    closes = TODAY + 5 * DAY

    html = client.get("/en/thailand/th-grant/").content.decode()
    assert "Closing soon" in html
    assert f"closes {closes.day} {closes:%B} {closes.year}" in html
    assert f'href="/en/calendar/{page.pk}.ics"' in html

    thai = client.get("/th/thailand/th-grant/").content.decode()
    assert str(closes.year + 543) in thai


@pytest.mark.django_db
def test_a_page_without_dates_says_they_are_not_known(client, site, rebuilt):
    make_page(
        kind="incubator",
        country="SG",
        external_id="sg-hub",
        title={"en": "Hub"},
        summary={"en": "An incubator"},
    )
    html = client.get("/en/singapore/sg-hub/").content.decode()
    assert "Dates not known" in html
    assert "The source gives no application dates" in html
