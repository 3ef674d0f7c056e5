"""The three "Search terms" reports, read from SearchEvent.

A search is a page-1 event: later pages of the same search are counted for their
clicks only. Searches without words (browsing with filters only) are left out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from analytics.models import SearchEvent

REPORTS = ("top", "zero", "no_clicks")
PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
MAX_ROWS = 200


@dataclass(frozen=True)
class ReportFilters:
    days: int = DEFAULT_PERIOD
    language: str = ""
    country: str = ""


def _events(filters: ReportFilters, *, now: datetime.datetime | None = None) -> QuerySet:
    since = (now or timezone.now()) - datetime.timedelta(days=filters.days)
    events = SearchEvent.objects.filter(created_at__gte=since).exclude(normalised_query="")
    if filters.language:
        events = events.filter(language=filters.language)
    if filters.country:
        events = events.filter(country=filters.country)
    return events


def _grouped(events: QuerySet) -> QuerySet:
    first_page = Q(page=1)
    return (
        events.values("normalised_query")
        .annotate(
            searches=Count("id", filter=first_page),
            average_results=Avg("total", filter=first_page),
            clicked_searches=Count("id", filter=first_page & Q(clicks__gt=0)),
            clicks=Sum("clicks"),
            last_searched=Max("created_at"),
        )
        .filter(searches__gt=0)
    )


def _rows(queryset: QuerySet) -> list[dict]:
    rows = []
    for row in queryset[:MAX_ROWS]:
        searches = row["searches"]
        rows.append(
            {
                **row,
                "average_results": round(float(row["average_results"] or 0), 1),
                "clicks": row["clicks"] or 0,
                "click_through": round(100 * row["clicked_searches"] / searches) if searches else 0,
            }
        )
    return rows


def top_queries(filters: ReportFilters, *, now=None) -> list[dict]:
    """Most searched queries, with average results and click-through (share of page-1
    searches from whose results someone opened one)."""
    return _rows(_grouped(_events(filters, now=now)).order_by("-searches", "normalised_query"))


def zero_result_queries(filters: ReportFilters, *, now=None) -> list[dict]:
    """Queries whose first page found nothing, most frequent first."""
    events = _events(filters, now=now).filter(page=1, total=0)
    return _rows(_grouped(events).order_by("-searches", "normalised_query"))


def unopened_queries(filters: ReportFilters, *, now=None) -> list[dict]:
    """Queries that found results of which nobody opened any, on any page."""
    events = _events(filters, now=now).filter(total__gt=0)
    grouped = _grouped(events).filter(clicks=0)
    return _rows(grouped.order_by("-searches", "normalised_query"))


def overview(filters: ReportFilters, *, now=None) -> dict:
    """Searches with words in the period, and the share that found nothing or led to a click."""
    figures = (
        _events(filters, now=now)
        .filter(page=1)
        .aggregate(
            searches=Count("id"),
            zero=Count("id", filter=Q(total=0)),
            clicked=Count("id", filter=Q(clicks__gt=0)),
        )
    )
    searches = figures["searches"]
    return {
        "searches": searches,
        "zero_result_share": round(100 * figures["zero"] / searches) if searches else 0,
        "click_through": round(100 * figures["clicked"] / searches) if searches else 0,
    }


def report_rows(report: str, filters: ReportFilters, *, now=None) -> list[dict]:
    return {
        "top": top_queries,
        "zero": zero_result_queries,
        "no_clicks": unopened_queries,
    }[report](filters, now=now)
