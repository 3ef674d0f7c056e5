"""Whether a scheme or an incubator intake takes applications: a status from its dates.

Plain functions with no database access, so the index, the pages, the feeds and the
alerts all compute the same status. A page's dates are days in its country's time
zone: a call that closes on 30 June takes applications until 23:59 that day in
Bangkok, whatever the server's clock says.
"""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

UPCOMING = "upcoming"
OPEN = "open"
CLOSING_SOON = "closing_soon"
CLOSED = "closed"
ALWAYS_OPEN = "always_open"
UNKNOWN = "unknown"

STATUSES = [
    (UPCOMING, _("Opens later")),
    (OPEN, _("Open")),
    (CLOSING_SOON, _("Closing soon")),
    (CLOSED, _("Closed")),
    (ALWAYS_OPEN, _("Open all year")),
    (UNKNOWN, _("Dates not known")),
]
STATUS_LABELS = dict(STATUSES)

# A call closing within this many days (the closing day counted) is "closing soon".
CLOSING_SOON_DAYS = 14

# Each member state's time zone (IANA). Indonesia spans three zones (WIB, WITA, WIT);
# Jakarta's (WIB, UTC+7) is used for the whole country, as national calls are announced
# in it. Myanmar is UTC+6:30.
COUNTRY_TIME_ZONES = {
    "BN": "Asia/Brunei",
    "KH": "Asia/Phnom_Penh",
    "ID": "Asia/Jakarta",
    "LA": "Asia/Vientiane",
    "MY": "Asia/Kuala_Lumpur",
    "MM": "Asia/Yangon",
    "PH": "Asia/Manila",
    "SG": "Asia/Singapore",
    "TH": "Asia/Bangkok",
    "VN": "Asia/Ho_Chi_Minh",
    "ASEAN": "Asia/Jakarta",  # the ASEAN Secretariat's, as settings.TIME_ZONE
}

# Order of the `closing` sort after the closing date: calls with a date to act on first.
_CLOSING_RANK = {
    CLOSING_SOON: 0,
    OPEN: 0,
    UPCOMING: 0,
    ALWAYS_OPEN: 1,
    UNKNOWN: 2,
    CLOSED: 3,
}
NO_STATUS_RANK = 4  # pages without an application window (guides)


def country_time_zone(country_code: str) -> ZoneInfo:
    """The time zone a country's dates are in (Jakarta's for an unknown code)."""
    return ZoneInfo(COUNTRY_TIME_ZONES.get(country_code, COUNTRY_TIME_ZONES["ASEAN"]))


def local_today(country_code: str, now: datetime.datetime | None = None) -> datetime.date:
    """Today's date in the country (`now` is an aware moment; default: the clock)."""
    return (now or timezone.now()).astimezone(country_time_zone(country_code)).date()


def status_on(
    *,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
    open_all_year: bool,
    today: datetime.date,
) -> str:
    """The status on a local date. Both dates count as days applications are taken."""
    if open_all_year:
        return ALWAYS_OPEN
    if opens_on is None and closes_on is None:
        return UNKNOWN  # no dates and no statement: never guess
    if opens_on is not None and today < opens_on:
        return UPCOMING
    if closes_on is None:
        return OPEN
    if today > closes_on:
        return CLOSED
    if (closes_on - today).days < CLOSING_SOON_DAYS:
        return CLOSING_SOON
    return OPEN


def has_window(page: Any) -> bool:
    """Whether a page has an application window at all (schemes and incubators do)."""
    return hasattr(page, "open_all_year") and hasattr(page, "closes_on")


def status_for(page: Any, now: datetime.datetime | None = None) -> str | None:
    """A page's status now in its country's time zone; None for a page without a window."""
    if not has_window(page):
        return None
    return status_on(
        opens_on=page.opens_on,
        closes_on=page.closes_on,
        open_all_year=bool(page.open_all_year),
        today=local_today(page.country_id, now),
    )


def closing_rank(status: str | None) -> int:
    """Where a status goes in the `closing` sort (then by closing date, then by title)."""
    return _CLOSING_RANK.get(status, NO_STATUS_RANK)


def next_local_midnight(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next moment a country's date changes (statuses change only then)."""
    now = now or timezone.now()
    moments = []
    for name in set(COUNTRY_TIME_ZONES.values()):
        local = now.astimezone(ZoneInfo(name))
        midnight = datetime.datetime.combine(
            local.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=ZoneInfo(name)
        )
        moments.append(midnight)
    return min(moments).astimezone(datetime.UTC)


def window_errors(
    *, opens_on: datetime.date | None, closes_on: datetime.date | None, open_all_year: bool
) -> dict[str, Any]:
    """Model errors of an application window (shared by the page types that have one)."""
    errors: dict[str, Any] = {}
    if opens_on and closes_on and opens_on > closes_on:
        errors["closes_on"] = _("The closing date must not be before the opening date.")
    if open_all_year and (opens_on or closes_on):
        errors["open_all_year"] = _("A call open all year has no opening or closing date.")
    return errors
