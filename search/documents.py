"""The search document: its mapping (elasticsearch.dsl) and how a page becomes one.

One document per content page, holding every language side by side:
`title_<l>`/`text_<l>` (segmented words) and `title_<l>_folded`/`text_<l>_folded`
(Latin accents folded, CJK spelled as characters), all analysed with the core
`whitespace` analyzer because the text pipeline (search/text.py) has already done
the linguistic work in Python. See docs/adr/0001-search-text-pipeline.md.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from elasticsearch.dsl import Completion, Date, Document, Integer, Keyword, Object, Text

from deadlines.status import closing_rank
from search import text as pipeline
from search.document_text import ANALYSED_FIELDS, SORT_TITLE_LENGTH, document_from_input, suffix
from search.internals import document_mapping
from search.params import MAX_RESULT_WINDOW

__all__ = [
    "ANALYSED_FIELDS",
    "ContentDocument",
    "current_version",
    "document_for",
    "facet_fields",
    "index_body",
    "page_input",
    "page_path",
    "suffix",
]


def _language_fields() -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for language in settings.LANGUAGE_CODES:
        s = suffix(language)
        for name in ANALYSED_FIELDS:
            fields[f"{name}_{s}"] = Text(analyzer="whitespace")
            fields[f"{name}_{s}_folded"] = Text(analyzer="whitespace")
            fields[f"{name}_{s}_stem"] = Text(analyzer="whitespace")
        fields[f"suggest_{s}"] = Completion(
            analyzer="whitespace",
            search_analyzer="whitespace",
            preserve_separators=True,
            max_input_length=pipeline.SUGGEST_MAX_INPUT_LENGTH,
        )
        fields[f"sort_title_{s}"] = Keyword(ignore_above=SORT_TITLE_LENGTH)
    return fields


class _BaseContentDocument(Document):
    id = Keyword()
    page_id = Integer()
    type = Keyword()
    country = Keyword()
    sector = Keyword()
    size = Keyword()
    support = Keyword()
    target = Keyword()
    declared_sectors = Keyword(index=False)  # as the page states them; [] = all sectors
    path = Keyword(index=False)
    verification = Keyword()
    # Application window (schemes, incubator intakes): the status on the day of indexing,
    # refreshed at each country's midnight (search.status_refresh); none for guides.
    status = Keyword()
    closes_on = Date()
    closing_rank = Integer()
    compiled_on = Date()
    last_verified = Date()
    published_at = Date()
    # What results display, per language, exactly as written (never searched).
    display = Object(enabled=False)


ContentDocument = type("ContentDocument", (_BaseContentDocument,), _language_fields())

INDEX_SETTINGS = {
    "number_of_shards": 1,
    "number_of_replicas": 0,  # a single node: replicas would keep the index yellow
    "max_result_window": MAX_RESULT_WINDOW,
}


def index_body() -> dict[str, Any]:
    """Settings and mappings of a new concrete index."""
    return {"settings": INDEX_SETTINGS, "mappings": document_mapping(ContentDocument)}


def _expand(values: list[str], every: list[str]) -> list[str]:
    # "Applies to all" is indexed as every value, so a filter on one sector finds it.
    return list(every) if values == ["*"] else values


def page_path(page) -> str:
    """The page's URL path without the site root, e.g. `malaysia/sme-loan/`."""
    parts = page.url_path.strip("/").split("/")[1:]
    return "/".join(parts) + "/" if parts else ""


def facet_fields(page, *, vocabularies: dict[str, list[str]]) -> dict[str, Any]:
    """A page's identity, facet values and dates as the index stores them.

    Shared by the index and the database fallback, so both filter and count alike.
    """
    facets = page.search_facets()
    status = (facets.get("status") or [None])[0]
    closes_on = getattr(page, "closes_on", None)
    published = page.last_published_at or page.first_published_at
    return {
        "id": page.external_id,
        "page_id": page.pk,
        "type": facets["type"][0],
        "country": facets["country"][0],
        "sector": _expand(facets["sector"], vocabularies["sector"]),
        "size": _expand(facets["size"], vocabularies["size"]),
        "declared_sectors": [] if facets["sector"] == ["*"] else facets["sector"],
        "support": facets["support"],
        "target": facets["target"],
        "path": page_path(page),
        "verification": facets["verification"][0],
        "status": status,
        "closes_on": closes_on.isoformat() if closes_on else None,
        "closing_rank": closing_rank(status),
        "compiled_on": page.compiled_on.isoformat() if page.compiled_on else None,
        "last_verified": page.last_verified.isoformat() if page.last_verified else None,
        "published_at": published.isoformat() if published else None,
    }


def page_input(page, *, vocabularies: dict[str, list[str]]) -> dict[str, Any]:
    """What the search document needs from a page, as plain data (see search.document_text).

    Only languages with text of their own are carried; the rest fall back to English.
    """
    texts = {}
    for language in settings.LANGUAGE_CODES:
        own = page.search_text(language)
        if own["title"] or own["summary"] or own["text"]:
            texts[language] = own
    return {
        "fields": facet_fields(page, vocabularies=vocabularies),
        "texts": texts,
        "english_title": texts.get("en", {}).get("title") or page.title,
    }


def document_for(page, *, vocabularies: dict[str, list[str]]) -> dict[str, Any]:
    """The search document source of a live content page (`page` is specific)."""
    return document_from_input(page_input(page, vocabularies=vocabularies), settings.LANGUAGE_CODES)


def current_version() -> int:
    """An external version for a write: microseconds at the moment the DB was read.

    Every write reads the page's state from the database first, so the later read
    carries the newer truth; a late retry or a rebuild's stale bulk write never
    overwrites it (version_type=external_gte keeps the larger version).
    """
    return time.time_ns() // 1_000
