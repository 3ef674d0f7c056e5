"""A call's status from its dates, in its country's time zone, at the day boundaries."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from deadlines.status import (
    ALWAYS_OPEN,
    CLOSED,
    CLOSING_SOON,
    COUNTRY_TIME_ZONES,
    OPEN,
    UNKNOWN,
    UPCOMING,
    closing_rank,
    local_today,
    next_local_midnight,
    status_for,
    status_on,
)

OPENS = datetime.date(2026, 3, 1)
CLOSES = datetime.date(2026, 6, 30)


def call(country: str, **dates) -> SimpleNamespace:
    window = {"opens_on": OPENS, "closes_on": CLOSES, "open_all_year": False, **dates}
    return SimpleNamespace(country_id=country, **window)


def local(country: str, day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    """A moment on the country's wall clock, as the server sees it (UTC)."""
    zone = ZoneInfo(COUNTRY_TIME_ZONES[country])
    moment = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)
    return moment.astimezone(datetime.UTC)


DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize("country", ["TH", "VN", "ID", "MY", "PH", "SG"])  # UTC+7 and UTC+8
@pytest.mark.parametrize(
    ("day", "hour", "minute", "expected"),
    [
        (OPENS - DAY, 0, 1, UPCOMING),
        (OPENS - DAY, 23, 59, UPCOMING),
        (OPENS, 0, 1, OPEN),
        (OPENS, 23, 59, OPEN),
        (OPENS + DAY, 0, 1, OPEN),
        (CLOSES - DAY, 23, 59, CLOSING_SOON),
        (CLOSES, 0, 1, CLOSING_SOON),
        (CLOSES, 23, 59, CLOSING_SOON),
        (CLOSES + DAY, 0, 1, CLOSED),
        (CLOSES + DAY, 23, 59, CLOSED),
    ],
)
def test_status_at_the_boundaries_on_the_country_clock(country, day, hour, minute, expected):
    now = local(country, day, hour, minute)

    assert status_for(call(country), now) == expected


def test_the_same_moment_is_a_different_day_in_bangkok_and_manila():
    # 23:30 on the closing day in Bangkok (UTC+7) is already 00:30 the next day in Manila.
    now = local("TH", CLOSES, 23, 30)

    assert status_for(call("TH"), now) == CLOSING_SOON
    assert status_for(call("PH"), now) == CLOSED


def test_myanmar_is_half_an_hour_off_the_hour():
    # 17:29 UTC on the closing day is 23:59 in Yangon (UTC+6:30); 17:31 is the next day.
    last_minute = datetime.datetime.combine(CLOSES, datetime.time(17, 29), tzinfo=datetime.UTC)

    assert status_for(call("MM"), last_minute) == CLOSING_SOON
    assert status_for(call("MM"), last_minute + datetime.timedelta(minutes=2)) == CLOSED


def test_closing_soon_starts_fourteen_days_before_the_closing_day():
    def on(day):
        return status_on(opens_on=OPENS, closes_on=CLOSES, open_all_year=False, today=day)

    assert on(CLOSES - 14 * DAY) == OPEN
    assert on(CLOSES - 13 * DAY) == CLOSING_SOON  # 14 days left, the closing day counted


def test_no_dates_and_no_statement_is_unknown_never_open():
    assert status_for(call("TH", opens_on=None, closes_on=None)) == UNKNOWN


def test_always_open_only_when_the_page_says_so():
    assert status_for(call("TH", opens_on=None, closes_on=None, open_all_year=True)) == ALWAYS_OPEN


def test_a_call_with_only_a_closing_date_is_open_until_then():
    def on(day):
        return status_on(opens_on=None, closes_on=CLOSES, open_all_year=False, today=day)

    assert on(datetime.date(2026, 1, 1)) == OPEN
    assert on(CLOSES + DAY) == CLOSED


def test_a_call_with_only_an_opening_date_stays_open():
    def on(day):
        return status_on(opens_on=OPENS, closes_on=None, open_all_year=False, today=day)

    assert on(OPENS - DAY) == UPCOMING
    assert on(datetime.date(2030, 1, 1)) == OPEN


def test_a_page_without_a_window_has_no_status():
    assert status_for(SimpleNamespace(country_id="TH")) is None


def test_every_member_state_has_a_time_zone():
    members = {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"}

    assert members <= set(COUNTRY_TIME_ZONES)
    for code in members:
        ZoneInfo(COUNTRY_TIME_ZONES[code])  # a real zone


def test_local_today_follows_the_country():
    now = datetime.datetime(2026, 6, 30, 16, 30, tzinfo=datetime.UTC)  # 23:30 in Bangkok

    assert local_today("TH", now) == datetime.date(2026, 6, 30)
    assert local_today("SG", now) == datetime.date(2026, 7, 1)


def test_closing_sort_order():
    ranks = [closing_rank(s) for s in (CLOSING_SOON, ALWAYS_OPEN, UNKNOWN, CLOSED, None)]

    assert ranks == sorted(ranks) and len(set(ranks)) == 5
    assert closing_rank(OPEN) == closing_rank(UPCOMING) == closing_rank(CLOSING_SOON)


def test_the_next_change_is_the_first_country_midnight():
    now = datetime.datetime(2026, 6, 30, 10, 0, tzinfo=datetime.UTC)

    # Manila, Singapore, Kuala Lumpur and Brunei (UTC+8) reach midnight first: 16:00 UTC.
    assert next_local_midnight(now) == datetime.datetime(2026, 6, 30, 16, 0, tzinfo=datetime.UTC)
