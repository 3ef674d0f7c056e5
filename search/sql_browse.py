"""The database fallback's browse path (no query): counted, ordered and paged in SQL.

During an Elasticsearch outage every search is answered from the database, so one
request must not read the whole site. Browsing (filters, no words) therefore:

- counts totals and disjunctive facet values with SQL aggregates (``COUNT`` grouped by
  value, one facet's own filter left out each time), never by loading pages;
- orders the matching pages by reading only their id, titles and dates
  (``values_list``), and loads page objects, their taxonomy and texts for the one
  requested page of results only.

The rules are the index's: an empty sector or size list means "all" (search.documents
expands it), a facet's values are OR-ed, facets are AND-ed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.db.models import Q as SQ
from modeltranslation.utils import build_localized_fieldname

from search import text as pipeline
from search.facets import FACETS, FACETS_BY_KEY
from search.params import SearchParams

# Document facet field → the page's ORM lookup (sizes and sectors: "all" is empty).
FACET_LOOKUPS = {
    "country": "country_id",
    "sectors": "sectors__code",
    "sizes": "enterprise_sizes__code",
    "support": "support_types__code",
    "target": "target_groups__code",
    "verification": "verification_status",
}
# Facets whose empty list means every value of the vocabulary.
ALL_WHEN_EMPTY = ("sectors", "sizes")


def facet_condition(model, document_field: str, value: str) -> SQ:
    """Pages of `model` with a facet value, as facet_fields() indexes it ("all" included)."""
    if document_field == "type":
        return SQ(pk__isnull=model.content_type_code != value)
    if document_field == "support" and not hasattr(model, "support_types"):
        return SQ(pk__isnull=True)  # nothing
    lookup = FACET_LOOKUPS[document_field]
    condition = SQ(**{lookup: value})
    if document_field in ALL_WHEN_EMPTY:  # none chosen = all of them
        condition |= SQ(**{lookup.replace("__code", "__isnull"): True})
    return condition


def filters_condition(model, filters: dict[str, tuple[str, ...]], skip: str | None = None) -> SQ:
    """The search's facet filters (values OR-ed, facets AND-ed), one facet left out."""
    condition = SQ()
    for key, values in filters.items():
        if key == skip or not values:
            continue
        field = FACETS_BY_KEY[key].field
        either = SQ(pk__isnull=True)  # nothing, the neutral element of OR
        for value in values:
            either |= facet_condition(model, field, value)
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
        total += _matching(model, base, filters_condition(model, params.filters)).count()
        for key in params.filters:
            condition = filters_condition(model, params.filters, skip=key)
            without[key] += _matching(model, base, condition).count()
        for facet in FACETS:
            pages = _matching(model, base, filters_condition(model, params.filters, facet.key))
            vocabulary = vocabularies.get(facet.field, ())
            for value, count in _value_counts(model, pages, facet.field, vocabulary).items():
                counts[facet.key][value] = counts[facet.key].get(value, 0) + count
    return total, counts, without


def browse_window(models: Iterable, params: SearchParams, base_for) -> list[tuple[Any, int]]:
    """(model, pk) of the requested page of results, in the search's order.

    Reads only ids, titles and dates of the matching pages; the order is the one the
    full fallback used (normalised shown title, then id; newest first for `newest`).
    """
    if params.beyond_window:
        return []
    rows = []
    for model in models:
        pages = _matching(model, base_for(model), filters_condition(model, params.filters))
        own = build_localized_fieldname("title", params.lang)
        english = build_localized_fieldname("title", "en")
        columns = ("pk", "external_id", "title", english, own)
        dates = ("last_published_at", "first_published_at")
        # values() names a column once, so "title_en" is read once when the reader's is English.
        for row in pages.values(*dict.fromkeys(columns), *dates):
            shown = row[own] or row[english] or row["title"] or ""
            published = row["last_published_at"] or row["first_published_at"]
            rows.append(
                (pipeline.normalise(shown), row["external_id"], published, model, row["pk"])
            )
    rows.sort(key=lambda row: (row[0], row[1]))
    if params.sort == "newest":
        # Newest first, pages never published last; equal dates keep the title order.
        rows.sort(key=lambda row: (row[2] is not None, row[2] or 0), reverse=True)
    window = rows[params.offset : params.offset + params.page_size]
    return [(model, pk) for _key, _id, _date, model, pk in window]
