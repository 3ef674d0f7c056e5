"""Closing dates as alerts need them, on the status rules of deadlines.status.

Days count in the page's country (a call closing on 30 June in Bangkok closes at the end
of that day in Bangkok), as the status facet does.
"""

from __future__ import annotations

import datetime

from deadlines.status import CLOSING_SOON, local_today, status_for

REMINDER_DAYS = (14, 3)


def days_until_close(page, *, on: datetime.date | None = None) -> int | None:
    """Days from `on` (today in the page's country) to its closing date; None without one."""
    closes_on = getattr(page, "closes_on", None)
    if closes_on is None or getattr(page, "open_all_year", False):
        return None
    return (closes_on - (on or local_today(page.country_id))).days


def is_closing_soon(page) -> bool:
    """Whether the page's call is closing soon today (the `closing_soon` status)."""
    return status_for(page) == CLOSING_SOON


def reminder_due(page, *, on: datetime.date | None = None) -> int | None:
    """The reminder threshold (14 or 3) that applies today, or None.

    14 from 14 days down to 4 days before; 3 from 3 days before to the closing day.
    A reminder missed on its day (the job did not run) still goes the next day.
    """
    days = days_until_close(page, on=on)
    if days is None or days < 0:
        return None
    due = [threshold for threshold in REMINDER_DAYS if days <= threshold]
    return min(due) if due else None
