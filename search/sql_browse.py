"""The database fallback's browse path (no query): counted, ordered and paged in SQL.

During an Elasticsearch outage every search is answered from the database, so one
request must not read the whole site. Browsing (filters, no words) therefore:

- counts totals and disjunctive facet values with SQL aggregates (``COUNT`` grouped by
  value, one facet's own filter left out each time), never by loading pages;
- orders the matching pages by reading only their id, titles and dates
  (``values_list``), and loads page objects, their taxonomy and texts for the one
  requested page of results only.

The rules are the index's: an empty sector or size list means "all" (search.documents
expands it), a facet's values are OR-ed, facets are AND-ed. A call's status is computed
from its dates on today's date in its country (deadlines.status), here as SQL conditions
on the dates, one set of dates per country.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.db.models import Q as SQ
from modeltranslation.utils import build_localized_fieldname

from deadlines import status as call_status
from search import text as pipeline
from search.facets import FACETS
from search.params import SearchParams

# Facet (and document field) → the page's ORM lookup (sector and size: "all" is empty).
FACET_LOOKUPS = {
    "country": "country_id",
    "sector": "sectors__code",
    "size": "enterprise_sizes__code",
    "support": "support_types__code",
    "target": "target_groups__code",
    "verification": "verification_status",
}
# Facets whose empty list means every value of the vocabulary.
ALL_WHEN_EMPTY = ("sector", "size")


def _status_on(value: str, today: datetime.date) -> SQ:
    """Pages whose status is `value` on the local date `today` (deadlines.status.status_on)."""
    stated = SQ(open_all_year=False)
    started = SQ(opens_on__isnull=True) | SQ(opens_on__lte=today)
    soon = today + datetime.timedelta(days=call_status.CLOSING_SOON_DAYS)
    return {
        call_status.ALWAYS_OPEN: SQ(open_all_year=True),
        call_status.UNKNOWN: stated & SQ(opens_on__isnull=True, closes_on__isnull=True),
        call_status.UPCOMING: stated & SQ(opens_on__gt=today),
        call_status.CLOSED: stated & started & SQ(closes_on__lt=today),
        call_status.CLOSING_SOON: stated & started & SQ(closes_on__gte=today, closes_on__lt=soon),
        call_status.OPEN: stated
        & started
        & ~SQ(opens_on__isnull=True, closes_on__isnull=True)
        & (SQ(closes_on__isnull=True) | SQ(closes_on__gte=soon)),
    }[value]


def status_condition(model, value: str) -> SQ:
    """Pages of `model` whose call has status `value` today, each in its country's day."""
    if not call_status.has_window(model):
        return SQ(pk__isnull=True)  # no application window: no status
    zones = list(call_status.COUNTRY_TIME_ZONES)
    # Countries grouped by their local date: one branch per date (one or two), not per
    # country. Any other country code counts in the default zone, as
    # deadlines.status.country_time_zone does.
    by_day: dict[datetime.date, SQ] = {}
    for code in zones:
        day = call_status.local_today(code)
        by_day[day] = by_day.get(day, SQ(pk__isnull=True)) | SQ(country_id=code)
    other = call_status.local_today("")
    by_day[other] = by_day.get(other, SQ(pk__isnull=True)) | ~SQ(country_id__in=zones)
    condition = SQ(pk__isnull=True)
    for day, countries in by_day.items():
        condition |= countries & _status_on(value, day)
    return condition


def facet_condition(model, document_field: str, value: str) -> SQ:
    """Pages of `model` with a facet value, as facet_fields() indexes it ("all" included)."""
    if document_field == "status":
        return status_condition(model, value)
    if document_field == "type":
        return SQ(pk__isnull=model.content_type_code != value)
    if document_field == "support" and not hasattr(model, "support_types"):
        return SQ(pk__isnull=True)  # nothing
    lookup = FACET_LOOKUPS[document_field]
    condition = SQ(**{lookup: value})
    if document_field in ALL_WHEN_EMPTY:  # none chosen = all of them
        condition |= SQ(**{lookup.replace("__code", "__isnull"): True})
    return condition


def filters_condition(
    model, filters: dict[str, tuple[str, ...]], skip: str | None = None, *, hides_closed=False
) -> SQ:
    """The search's facet filters (values OR-ed, facets AND-ed), one facet left out.

    `hides_closed` (browsing) leaves closed calls out whatever is skipped, as the index's
    base filter does.
    """
    condition = SQ()
    if hides_closed:
        closed = model.objects.filter(status_condition(model, call_status.CLOSED))
        condition &= ~SQ(pk__in=closed.values("pk"))
    for key, values in filters.items():
        if key == skip or not values:
            continue
        either = SQ(pk__isnull=True)  # nothing, the neutral element of OR
        for value in values:
            either |= facet_condition(model, key, value)
        condition &= either
    return condition


def _matching(model, base, condition: SQ):
    """The pages of `base` meeting `condition`, as a subquery of primary keys.

    A subquery keeps the many-to-many joins of the filter away from the counting query,
    so a page with three matching sectors is still counted once.
    """
    return model.objects.filter(pk__in=base.filter(condition).values("pk"))


def _value_counts(model, pages, field: str, vocabulary: Iterable[str]) -> dict[str, int]:
    """{value: pages} for one facet field among `pages`, grouped in SQL."""
    if field == "type":
        count = pages.count()
        return {model.content_type_code: count} if count else {}
    if field == "support" and not hasattr(model, "support_types"):
        return {}
    if field == "status":
        if not call_status.has_window(model):
            return {}
        # One query: a conditional count per status (the statuses exclude each other).
        counts = pages.aggregate(
            **{
                f"status_{value}": Count("pk", filter=status_condition(model, value))
                for value in vocabulary
            }
        )
        return {value: count for value in vocabulary if (count := counts[f"status_{value}"])}
    lookup = FACET_LOOKUPS[field]
    tally: dict[str, int] = {}
    rows = pages.order_by().values(lookup).annotate(pages=Count("pk", distinct=True))
    for row in rows:
        value, count = row[lookup], row["pages"]
        if value is None:
            if field in ALL_WHEN_EMPTY:  # a page for every sector / size
                for code in vocabulary:
                    tally[code] = tally.get(code, 0) + count
            continue
        tally[value] = tally.get(value, 0) + count
    return tally


def browse_counts(
    models: Iterable, params: SearchParams, base_for, vocabularies: dict[str, list[str]]
) -> tuple[int, dict[str, dict[str, int]], dict[str, int]]:
    """Total, disjunctive facet counts and totals without each filter, all in SQL."""
    total = 0
    counts: dict[str, dict[str, int]] = {facet.key: {} for facet in FACETS}
    without = dict.fromkeys(params.filters, 0)
    for model in models:
        base = base_for(model)
        total += _matching(
            model, base, filters_condition(model, params.filters, hides_closed=params.hides_closed)
        ).count()
        for key in params.filters:
            condition = filters_condition(
                model, params.filters, skip=key, hides_closed=params.hides_closed
            )
            without[key] += _matching(model, base, condition).count()
        for facet in FACETS:
            condition = filters_condition(
                model, params.filters, facet.key, hides_closed=params.hides_closed
            )
            pages = _matching(model, base, condition)
            vocabulary = (
                [code for code, _label in call_status.STATUSES]
                if facet.key == "status"
                else vocabularies.get(facet.key, ())
            )
            for value, count in _value_counts(model, pages, facet.key, vocabulary).items():
                counts[facet.key][value] = counts[facet.key].get(value, 0) + count
    return total, counts, without


def browse_window(models: Iterable, params: SearchParams, base_for) -> list[tuple[Any, int]]:
    """(model, pk) of the requested page of results, in the search's order.

    Reads only ids, titles, dates and country of the matching pages, never page objects;
    the order is the index's: normalised shown title then id; newest first for `newest`;
    for `closing`, the status's rank, then the closing date (none last).
    """
    if params.beyond_window:
        return []
    rows = []
    own = build_localized_fieldname("title", params.lang)
    english = build_localized_fieldname("title", "en")
    for model in models:
        condition = filters_condition(model, params.filters, hides_closed=params.hides_closed)
        pages = _matching(model, base_for(model), condition)
        columns = ["pk", "external_id", "title", english, own]
        columns += ["last_published_at", "first_published_at", "country_id"]
        windowed = call_status.has_window(model)
        if windowed:
            columns += ["opens_on", "closes_on", "open_all_year"]
        # values() names a column once, so "title_en" is read once when the reader's is English.
        for row in pages.values(*dict.fromkeys(columns)):
            status = None
            if windowed:
                status = call_status.status_on(
                    opens_on=row["opens_on"],
                    closes_on=row["closes_on"],
                    open_all_year=row["open_all_year"],
                    today=call_status.local_today(row["country_id"]),
                )
            rows.append(
                _Row(
                    title=pipeline.normalise(row[own] or row[english] or row["title"] or ""),
                    external_id=row["external_id"],
                    published=row["last_published_at"] or row["first_published_at"],
                    closing_rank=call_status.closing_rank(status),
                    closes_on=row["closes_on"] if windowed else None,
                    model=model,
                    pk=row["pk"],
                )
            )
    rows.sort(key=lambda row: (row.title, row.external_id))
    if params.sort == "newest":
        # Newest first, pages never published last; equal dates keep the title order.
        rows.sort(key=lambda row: (row.published is not None, row.published or 0), reverse=True)
    elif params.sort == "closing":
        rows.sort(
            key=lambda row: (row.closing_rank, row.closes_on is None, row.closes_on or _NO_DATE)
        )
    window = rows[params.offset : params.offset + params.page_size]
    return [(row.model, row.pk) for row in window]


_NO_DATE = datetime.date.min


@dataclass(frozen=True)
class _Row:
    title: str
    external_id: str
    published: datetime.datetime | None
    closing_rank: int
    closes_on: datetime.date | None
    model: Any
    pk: int
