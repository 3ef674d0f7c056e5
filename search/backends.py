"""The two search backends behind one interface: Elasticsearch, and the database fallback.

Both take SearchParams and return a SearchResult of the same shape, so the views and
the API never know which one answered (except through `backend`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from elasticsearch.dsl import FacetedSearch, TermsFacet
from modeltranslation.utils import build_localized_fieldname

from search import text as pipeline
from search.client import alias_name, get_client
from search.documents import facet_fields, suffix
from search.facets import FACETS, FACETS_BY_KEY
from search.highlight import highlight
from search.indexing import vocabularies
from search.params import SearchParams
from servicecentre.selectors import content_models

# Large enough for every value of every vocabulary (21 ISIC sections is the largest).
FACET_SIZE = 100


@dataclass
class SearchResult:
    total: int
    params: SearchParams
    backend: str
    results: list[dict[str, Any]] = field(default_factory=list)
    # facet key → {value: count}, counts disjunctive (every other facet's filters applied)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


def result_item(source: dict[str, Any], params: SearchParams) -> dict[str, Any]:
    """A result in the API's shape, in the requested language with English fallback."""
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
        "highlight": highlight(summary, params.q) if params.q else "",
        "url": f"/{params.lang}/{source.get('path', '')}",
        "language": language if shown.get("title") else "en",
        "last_verified": source.get("last_verified"),
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
        return (
            super()
            .search()
            .source(excludes=["title_*", "text_*", "suggest_*", "sort_title_*"])
            .extra(track_total_hits=True)
        )

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


def search_elasticsearch(params: SearchParams) -> SearchResult:
    faceted = ContentSearch(params)
    if params.beyond_window:
        faceted = faceted[0:0]
    else:
        faceted = faceted[params.offset : params.offset + params.page_size]
    response = faceted.execute()
    counts = {
        key: {value: count for value, count, _selected in response.facets[key]}
        for key in ContentSearch.facets
    }
    results = (
        [result_item(hit.to_dict(), params) for hit in response.hits]
        if not params.beyond_window
        else []
    )
    return SearchResult(
        total=response.hits.total.value,
        params=params,
        backend="elasticsearch",
        results=results,
        counts=counts,
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
    return SearchResult(
        total=len(hits),
        params=params,
        backend="database",
        results=[result_item(s, params) for s in window],
        counts=counts,
    )
