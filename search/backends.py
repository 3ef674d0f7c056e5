"""The two search backends behind one interface: Elasticsearch, and the database fallback.

Both take SearchParams and return a SearchResult of the same shape, so the views and
the API never know which one answered (except through `backend`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from elasticsearch.dsl import FacetedSearch, TermsFacet
from modeltranslation.utils import build_localized_fieldname

from search import text as pipeline
from search.client import alias_name, get_client
from search.documents import facet_fields, suffix
from search.facets import FACETS, FACETS_BY_KEY
from search.highlight import Highlighter
from search.indexing import vocabularies
from search.params import SearchParams
from servicecentre.selectors import content_models

# Large enough for every value of every vocabulary (21 ISIC sections is the largest).
FACET_SIZE = 100
# The fields of a document that result_item() reads, besides its display texts.
RESULT_FIELDS = (
    *("id", "type", "country", "declared_sectors", "path", "last_verified"),
    *("verification", "compiled_on"),
)


@dataclass
class SearchResult:
    total: int
    params: SearchParams
    backend: str
    results: list[dict[str, Any]] = field(default_factory=list)
    # facet key → {value: count}, counts disjunctive (every other facet's filters applied)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


def result_item(
    source: dict[str, Any], params: SearchParams, highlighter: Highlighter
) -> dict[str, Any]:
    """A result in the API's shape, in the requested language with English fallback.

    `highlighter` is one `Highlighter(params.q)` for all of a page's results.
    """
    display = source.get("display") or {}
    language = params.lang if params.lang in display else "en"
    shown = display.get(language) or {}
    english = display.get("en") or {}
    title = shown.get("title") or english.get("title") or ""
    summary = shown.get("summary") or english.get("summary") or ""
    return {
        "id": source["id"],
        "type": source["type"],
        "country": source["country"],
        "sectors": source.get("declared_sectors", []),
        "title": title,
        "summary": summary,
        "highlight": highlighter(summary) if params.q else "",
        "url": f"/{params.lang}/{source.get('path', '')}",
        "language": language if shown.get("title") else "en",
        "last_verified": source.get("last_verified"),
        "verification_status": source.get("verification") or "compiled",
        "compiled_on": source.get("compiled_on"),
    }


# --- Elasticsearch -------------------------------------------------------------


class ContentSearch(FacetedSearch):
    """Faceted search over the content alias; facet counts are disjunctive by design."""

    facets = {facet.key: TermsFacet(field=facet.field, size=FACET_SIZE) for facet in FACETS}

    def __init__(self, params: SearchParams):
        self.params = params
        self.index = alias_name()
        self.using = get_client()
        super().__init__(
            query=params.q,
            filters={k: list(v) for k, v in params.filters.items()},
            sort=self._sort(),
        )

    def _sort(self) -> tuple:
        title = f"sort_title_{suffix(self.params.lang)}"
        if self.params.sort == "newest":
            return ({"published_at": {"order": "desc", "missing": "_last"}}, title)
        if self.params.sort == "title":
            return (title, "id")
        return ("_score", title)

    def search(self):
        # Only what a result shows, in the reader's language and English: documents
        # hold every language's display text and analysed fields besides.
        shown = dict.fromkeys([f"display.{self.params.lang}", "display.en"])
        return (
            super().search().source(includes=[*RESULT_FIELDS, *shown]).extra(track_total_hits=True)
        )

    def request_body(self) -> dict[str, Any]:
        """The search request FacetedSearch built: query, filters, facet aggs, sort, page."""
        return self._s.to_dict()

    @staticmethod
    def facet_counts(aggregations: dict[str, Any]) -> dict[str, dict[str, int]]:
        """{facet key: {value: count}} from the raw answer to request_body().

        FacetedSearch nests each facet's terms aggregation under a filter aggregation
        named `_filter_<key>` (every other facet's filters applied: disjunctive counts).
        """
        return {
            key: {
                bucket["key"]: bucket["doc_count"]
                for bucket in aggregations[f"_filter_{key}"][key]["buckets"]
            }
            for key in ContentSearch.facets
        }

    def query(self, search, query):
        terms = pipeline.query_terms(query)
        if not (terms.exact or terms.folded):
            return search
        languages = [self.params.lang] + (["en"] if self.params.lang != "en" else [])
        should = []
        for weight, language in zip((1.0, 0.6), languages, strict=False):
            s = suffix(language)
            for name, boost in (("title", 3.0), ("text", 1.0)):
                if terms.exact:
                    should.append(
                        {
                            "match": {
                                f"{name}_{s}": {
                                    "query": terms.exact,
                                    "operator": "and",
                                    "boost": 2 * boost * weight,
                                }
                            }
                        }
                    )
                    should.append(
                        {
                            "match_phrase": {
                                f"{name}_{s}": {"query": terms.exact, "boost": 2 * boost * weight}
                            }
                        }
                    )
                if terms.folded:
                    should.append(
                        {
                            "match": {
                                f"{name}_{s}_folded": {
                                    "query": terms.folded,
                                    "operator": "and",
                                    "boost": boost * weight,
                                }
                            }
                        }
                    )
        return search.query("bool", should=should, minimum_should_match=1)


# Request bodies already built, by request: a process answers the same few facet
# combinations and popular queries over and over, and building a body through
# elasticsearch.dsl costs about as much as the rest of the request's Python work.
_BODIES: dict[tuple, dict[str, Any]] = {}
_BODIES_LOCK = threading.Lock()
MAX_CACHED_BODIES = 1024


def request_body(params: SearchParams) -> dict[str, Any]:
    """The search request for `params`, as ContentSearch (FacetedSearch) builds it.

    Memoised per process (bounded, oldest dropped first); the body depends only on
    the parameters and the alias. Callers must not modify it.
    """
    key = (
        alias_name(),
        params.q,
        params.lang,
        tuple(sorted(params.filters.items())),
        params.sort,
        params.page,
        params.page_size,
    )
    body = _BODIES.get(key)
    if body is None:
        faceted = ContentSearch(params)
        if params.beyond_window:
            faceted = faceted[0:0]
        else:
            faceted = faceted[params.offset : params.offset + params.page_size]
        body = faceted.request_body()
        with _BODIES_LOCK:  # threaded servers: evicting iterates the dict
            if len(_BODIES) >= MAX_CACHED_BODIES:
                _BODIES.pop(next(iter(_BODIES)))
            _BODIES[key] = body
    return body


def search_elasticsearch(params: SearchParams) -> SearchResult:
    client = get_client()
    # A shallow copy: the client may rename top-level keys of the body it is given.
    answer = client.search(index=alias_name(), body=dict(request_body(params))).body
    # The answer is read as plain dicts: wrapping twenty hits and six facets in
    # elasticsearch.dsl's response objects cost more than the rest of the request.
    highlighter = Highlighter(params.q)
    return SearchResult(
        total=answer["hits"]["total"]["value"],
        params=params,
        backend="elasticsearch",
        results=[result_item(h["_source"], params, highlighter) for h in answer["hits"]["hits"]],
        counts=ContentSearch.facet_counts(answer["aggregations"]),
    )


# --- Database fallback ------------------------------------------------------------


def _text_filter(model, params: SearchParams) -> Q:
    """Every query word must appear in the page's text, in the reader's language or English."""
    terms = pipeline.query_terms(params.q)
    languages = {params.lang, "en"}
    fields = ["title", *model.text_fields]
    condition = Q()
    for token in terms.exact.split():
        any_field = Q()
        for language in languages:
            for name in fields:
                any_field |= Q(**{f"{build_localized_fieldname(name, language)}__icontains": token})
        condition &= any_field
    return condition


def _matching_sources(params: SearchParams) -> list[dict[str, Any]]:
    """Search documents of the live pages whose text matches the query (facets not applied)."""
    vocab = vocabularies()
    sources = []
    for model in content_models().values():
        queryset = model.objects.live().public().exclude(external_id="").select_related("country")
        if params.q:
            queryset = queryset.filter(_text_filter(model, params))
        prefetch = ["sectors", "enterprise_sizes", "target_groups"]
        if hasattr(model, "support_types"):
            prefetch.append("support_types")
        for page in queryset.prefetch_related(*prefetch):
            source = facet_fields(page, vocabularies=vocab)
            source["display"] = {
                language: {"title": texts["title"], "summary": texts["summary"]}
                for language in {params.lang, "en"}
                if (texts := page.search_text(language))["title"] or language == "en"
            }
            if not source["display"]["en"]["title"]:
                source["display"]["en"]["title"] = page.title
            sources.append(source)
    return sources


def _values(source: dict[str, Any], field_name: str) -> list[str]:
    value = source[field_name]
    return [value] if isinstance(value, str) else list(dict.fromkeys(value or []))


def _matches(
    source: dict[str, Any], filters: dict[str, tuple[str, ...]], skip: str | None = None
) -> bool:
    return all(
        set(values) & set(_values(source, FACETS_BY_KEY[key].field))
        for key, values in filters.items()
        if key != skip
    )


def search_database(params: SearchParams) -> SearchResult:
    """Answer from the database with the same parameters and shape (Elasticsearch is down)."""
    sources = _matching_sources(params)
    counts: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        tally: dict[str, int] = {}
        for source in sources:
            if _matches(source, params.filters, skip=facet.key):
                for value in _values(source, facet.field):
                    tally[value] = tally.get(value, 0) + 1
        counts[facet.key] = tally
    hits = [s for s in sources if _matches(s, params.filters)]

    def title_key(source):
        shown = source["display"].get(params.lang) or source["display"]["en"]
        return pipeline.normalise(shown.get("title") or source["display"]["en"]["title"])

    hits.sort(key=lambda s: (title_key(s), s["id"]))
    if params.sort == "newest":
        # ISO timestamps in one time zone sort as strings; pages never published last.
        hits.sort(key=lambda s: s["published_at"] or "", reverse=True)
    elif params.sort == "relevance":
        query = pipeline.normalise(params.q)
        hits.sort(key=lambda s: query not in title_key(s))  # title matches first, stable
    window = [] if params.beyond_window else hits[params.offset : params.offset + params.page_size]
    highlighter = Highlighter(params.q)
    return SearchResult(
        total=len(hits),
        params=params,
        backend="database",
        results=[result_item(s, params, highlighter) for s in window],
        counts=counts,
    )
