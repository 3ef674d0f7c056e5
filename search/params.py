"""One parser for the search parameters of the JSON API and the HTML page."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict

from search.facets import FACETS

SORTS = ("relevance", "newest", "title", "closing")
# "most": most of the query's words must match (the default); "any": any one of them
# (offered when the default finds nothing).
MATCHES = ("most", "any")
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Elasticsearch refuses from + size beyond index.max_result_window (set from this in
# search.documents); a page past it is answered empty rather than with an error.
MAX_RESULT_WINDOW = 10_000
MAX_QUERY_LENGTH = 1_000


class InvalidParameter(ValueError):
    """A parameter the API must refuse with 400, naming it."""

    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    lang: str = "en"
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "title"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    match: str = "most"
    # Browsing (no query, no status chosen) hides closed calls unless this asks for them.
    include_closed: bool = False

    @property
    def hides_closed(self) -> bool:
        return not self.q and not self.include_closed and "status" not in self.filters

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def beyond_window(self) -> bool:
        return self.offset + self.page_size > MAX_RESULT_WINDOW

    def selected(self, facet_key: str) -> tuple[str, ...]:
        return self.filters.get(facet_key, ())

    def with_filters(self, **filters: tuple[str, ...]) -> SearchParams:
        merged = {**self.filters, **filters}
        return SearchParams(
            q=self.q,
            lang=self.lang,
            filters={k: v for k, v in merged.items() if v},
            sort=self.sort,
            page=self.page,
            page_size=self.page_size,
            match=self.match,
            include_closed=self.include_closed,
        )


def _clean_text(value: str) -> str:
    # Control characters carry no meaning in a query and upset some backends.
    return "".join(ch for ch in value if ch >= " " or ch in "\t\n").strip()[:MAX_QUERY_LENGTH]


def _int(data: QueryDict, name: str, default: int, low: int, high: int, *, strict: bool) -> int:
    raw = data.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        if strict:
            raise InvalidParameter(name, "must be a whole number") from None
        return default
    if not low <= value <= high:
        if strict:
            raise InvalidParameter(name, f"must be between {low} and {high}")
        return min(max(value, low), high)
    return value


def parse_search_params(
    data: QueryDict,
    *,
    default_lang: str,
    strict: bool,
    preset: dict[str, tuple[str, ...]] | None = None,
) -> SearchParams:
    """Validate request parameters into SearchParams.

    `strict` (the API) raises InvalidParameter naming the first bad parameter;
    otherwise (the HTML page) bad values are dropped politely.
    """
    q = _clean_text(data.get("q", ""))
    lang = data.get("lang") or default_lang
    if lang not in settings.LANGUAGE_CODES:
        if strict:
            raise InvalidParameter(
                "lang", f"unknown language; use one of {', '.join(settings.LANGUAGE_CODES)}"
            )
        lang = default_lang

    filters: dict[str, tuple[str, ...]] = dict(preset or {})
    for facet in FACETS:
        values = [v for v in data.getlist(facet.key) if v != ""]
        if not values:
            continue
        known = facet.known_values()
        unknown = [v for v in values if v not in known]
        if unknown and strict:
            raise InvalidParameter(facet.key, f"unknown value {unknown[0][:50]!r}")
        chosen = tuple(dict.fromkeys(v for v in values if v in known))
        if chosen:
            filters[facet.key] = chosen

    sort = data.get("sort") or ("relevance" if q else "title")
    if sort not in SORTS:
        if strict:
            raise InvalidParameter("sort", f"use one of {', '.join(SORTS)}")
        sort = "relevance" if q else "title"
    if sort == "relevance" and not q:
        sort = "title"  # nothing to be relevant to

    page_size = _int(data, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, strict=strict)
    page = _int(data, "page", 1, 1, 10**9, strict=strict)
    match = data.get("match") or "most"
    if match not in MATCHES:
        if strict:
            raise InvalidParameter("match", f"use one of {', '.join(MATCHES)}")
        match = "most"
    include_closed = data.get("include_closed", "")
    if include_closed not in ("", "0", "1"):
        if strict:
            raise InvalidParameter("include_closed", "use 1 to show closed calls, or 0")
        include_closed = ""
    return SearchParams(
        q=q,
        lang=lang,
        filters=filters,
        sort=sort,
        page=page,
        page_size=page_size,
        match=match,
        include_closed=include_closed == "1",
    )


def query_string(params: SearchParams, *, hidden=frozenset(), **changes) -> str:
    """A query string for these params with some changes (`q`, a facet's param, `sort`,
    `page`, `match`, `include_closed`); empty values and defaults are left out; `hidden`
    facets too."""
    items: list[tuple[str, str]] = []
    q = changes.get("q", params.q)
    if q:
        items.append(("q", q))
    for facet in FACETS:
        if facet.key in hidden:
            continue
        for value in changes.get(facet.key, params.selected(facet.key)):
            items.append((facet.key, value))
    sort = changes.get("sort", params.sort)
    if sort != ("relevance" if q else "title"):
        items.append(("sort", sort))
    match = changes.get("match", params.match)
    if match != "most":
        items.append(("match", match))
    if changes.get("include_closed", params.include_closed):
        items.append(("include_closed", "1"))
    page = changes.get("page", 1)
    if page != 1:
        items.append(("page", str(page)))
    return "?" + urlencode(items) if items else "?"
