"""Template helpers for application windows: a page's status and dates in the reader's language."""

from __future__ import annotations

import datetime

from django import template
from django.utils.translation import get_language

from deadlines.formats import long_date as format_long_date
from deadlines.status import STATUS_LABELS, status_for

register = template.Library()


@register.filter
def long_date(value) -> str:
    """A date (or an ISO date string) in the active language and its calendar."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return format_long_date(value, get_language() or "en")


@register.inclusion_tag("deadlines/includes/status.html")
def window_status(*, status, opens_on=None, closes_on=None):
    """A status badge with the date that matters for it (results and pages)."""
    return {
        "status": status,
        "label": STATUS_LABELS.get(status, ""),
        "opens_on": opens_on,
        "closes_on": closes_on,
    }


@register.simple_tag
def page_status(page) -> str | None:
    """The page's status now, in its country's time zone (None without a window)."""
    return status_for(page)
