"""The two search backends behind one interface: Elasticsearch, and the database fallback.

Both take SearchParams and return a SearchResult of the same shape, so the views and
the API never know which one answered (except through `backend`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q as SQ
from elasticsearch.dsl import FacetedSearch, Q, TermsFacet
from modeltranslation.utils import build_localized_fieldname

from deadlines.status import CLOSED
from search import analysis, query, ranking
from search import text as pipeline
from search.client import alias_name, get_client
from search.documents import facet_fields, suffix
from search.facets import FACETS
from search.highlight import Highlighter
from search.indexing import vocabularies
from search.internals import facet_filter_aggregation, faceted_request_body
from search.params import SearchParams
from search.query import Unit, elasticsearch_query, lexicon_generation
from search.sql_browse import browse_counts, browse_window, facet_condition
from servicecentre.selectors import content_models

# Large enough for every value of every vocabulary (21 ISIC sections is the largest).
FACET_SIZE = 100
# The fields of a document that result_item() reads, besides its display texts.
RESULT_FIELDS = (
    *("id", "type", "country", "declared_sectors", "path", "last_verified"),
    *("verification", "compiled_on", "status", "closes_on", "published_at"),
)


@dataclass
class SearchResult:
    total: int
    params: SearchParams
    backend: str
    results: list[dict[str, Any]] = field(default_factory=list)
    # facet key → {value: count}, counts disjunctive (every other facet's filters applied)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    # facet key → how many results there would be without that facet's filter
    without: dict[str, int] = field(default_factory=dict)


def result_item(
    source: dict[str, Any], params: SearchParams, highlighter: Highlighter
) -> dict[str, Any]:
    """A result in the API's shape, in the requested language with English fallback.

    `highlighter` is one `highlighter_for(params)` for all of a page's results.
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
        "status": source.get("status"),
        "closes_on": source.get("closes_on"),
        "published_at": source.get("published_at"),
    }


def highlighter_for(params: SearchParams) -> Highlighter:
    """Marks the query's words that count (its units), not its stop words ("for", "in")."""
    units = query.analyse(params.q, params.lang) if params.q else ()
    return Highlighter(" ".join(unit.text for unit in units))


# --- Elasticsearch -------------------------------------------------------------


class ContentSearch(FacetedSearch):
    """Faceted search over the content alias; facet counts are disjunctive by design."""

    facets = {facet.key: TermsFacet(field=facet.key, size=FACET_SIZE) for facet in FACETS}

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
        if self.params.sort == "closing":
            return (
                "closing_rank",
                {"closes_on": {"order": "asc", "missing": "_last"}},
                title,
                "id",
            )
        return ("_score", title)

    def search(self):
        # Only what a result shows, in the reader's language and English: documents
        # hold every language's display text and analysed fields besides.
        shown = dict.fromkeys([f"display.{self.params.lang}", "display.en"])
        search = super().search()
        if self.params.hides_closed:
            # A base filter: it applies to the hits and to every facet's counts.
            search = search.exclude("term", status=CLOSED)
        return search.source(includes=[*RESULT_FIELDS, *shown]).extra(track_total_hits=True)

    def request_body(self) -> dict[str, Any]:
        """The search request FacetedSearch built: query, filters, facet aggs, sort, page."""
        return faceted_request_body(self)

    @staticmethod
    def facet_counts(aggregations: dict[str, Any]) -> dict[str, dict[str, int]]:
        """{facet key: {value: count}} from the raw answer to request_body().

        FacetedSearch nests each facet's terms aggregation under a filter aggregation
        named `_filter_<key>` (every other facet's filters applied: disjunctive counts).
        """
        return {
            key: {
                bucket["key"]: bucket["doc_count"]
                for bucket in aggregations[facet_filter_aggregation(key)][key]["buckets"]
            }
            for key in ContentSearch.facets
        }

    def query(self, search, query):
        body = elasticsearch_query(query, self.params.lang, any_word=self.params.match == "any")
        return search if body is None else search.query(Q(body))


# Request bodies already built, by request: a process answers the same few facet
# combinations and popular queries over and over, and building a body through
# elasticsearch.dsl costs about as much as the rest of the request's Python work.
MAX_CACHED_BODIES = 1024


class _BodyKey:
    """What a body depends on (the alias, the lexicon, the parameters), carrying the
    parameters themselves for building it; equal and hashed by the former only."""

    __slots__ = ("key", "params")

    def __init__(self, params: SearchParams):
        self.params = params
        self.key = (
            alias_name(),
            lexicon_generation(),
            params.q,
            params.match,
            params.lang,
            tuple(sorted(params.filters.items())),
            params.sort,
            params.page,
            params.page_size,
            params.hides_closed,
        )

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _BodyKey) and self.key == other.key


@lru_cache(maxsize=MAX_CACHED_BODIES)
def _built_body(key: _BodyKey) -> dict[str, Any]:
    params = key.params
    faceted = ContentSearch(params)
    if params.beyond_window:
        faceted = faceted[0:0]
    else:
        faceted = faceted[params.offset : params.offset + params.page_size]
    return faceted.request_body()


def request_body(params: SearchParams) -> dict[str, Any]:
    """The search request for `params`, as ContentSearch (FacetedSearch) builds it.

    Memoised per process (functools.lru_cache, bounded); the body depends only on
    the parameters, the alias and the lexicon. Callers must not modify it.
    """
    return _built_body(_BodyKey(params))


def search_elasticsearch(params: SearchParams) -> SearchResult:
    client = get_client()
    # A shallow copy: the client may rename top-level keys of the body it is given.
    answer = client.search(index=alias_name(), body=dict(request_body(params))).body
    # The answer is read as plain dicts: wrapping twenty hits and six facets in
    # elasticsearch.dsl's response objects cost more than the rest of the request.
    highlighter = highlighter_for(params)
    return SearchResult(
        total=answer["hits"]["total"]["value"],
        params=params,
        backend="elasticsearch",
        results=[result_item(h["_source"], params, highlighter) for h in answer["hits"]["hits"]],
        counts=ContentSearch.facet_counts(answer["aggregations"]),
        without={
            key: answer["aggregations"][facet_filter_aggregation(key)]["doc_count"]
            for key in params.filters
        },
    )


# --- Database fallback ------------------------------------------------------------


# At most this many pages are read per content type for one query: the fallback
# answers during an outage and must not let one request read the whole site.
MAX_FALLBACK_CANDIDATES = 500


def _accent_classes() -> dict[str, str]:
    """For each ASCII letter, a regex class of every Latin letter that folds to it."""
    variants: dict[str, set[str]] = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        folded = pipeline.fold(char).lower()
        if len(folded) == 1 and folded.isascii() and folded.isalpha():
            variants.setdefault(folded, set()).update({char, char.lower(), char.upper()})
    return {
        letter: "[" + letter + letter.upper() + "".join(sorted(chars)) + "]"
        for letter, chars in variants.items()
    }


_ACCENTS = _accent_classes()


def _needle(word: str) -> str:
    """A regex finding `word` with or without accents (an SQL LIKE cannot fold them)."""
    return "".join(_ACCENTS.get(char, re.escape(char)) for char in word)


def _unit_needles(unit: Unit, language: str) -> set[str]:
    """The words whose presence makes a page a candidate for this unit."""
    needles = set()
    for phrase in (" ".join(unit.folded), *unit.alternatives):
        if not query.usable_in(phrase, language):
            continue
        words = phrase.split()
        for word, stem in zip(
            words, analysis.stems(words, language, keep_stop_words=True), strict=True
        ):
            # A stem that starts the word ("export" of "exporters") finds every form.
            needles.add(stem if stem and word.startswith(stem) else word)
    return needles


def _candidate_filter(model, params: SearchParams, units: tuple[Unit, ...]) -> SQ:
    """Pages that may match at least one unit: the exact rule is checked in Python."""
    fields = ["title", *model.text_fields]
    conditions = []
    for language in dict.fromkeys([params.lang, "en"]):
        needles = sorted({n for unit in units for n in _unit_needles(unit, language)})
        if not needles:
            continue
        # One regex per column (an alternation of every unit's words) keeps the SQL small.
        pattern = "|".join(_needle(needle) for needle in needles)
        for name in fields:
            column = build_localized_fieldname(name, language)
            conditions.append(SQ(**{f"{column}__iregex": pattern}))
    for unit in units:
        for document_field, value in unit.facets:
            conditions.append(facet_condition(model, document_field, value))
    return SQ(*conditions, _connector=SQ.OR)


def _required(count: int, *, any_word: bool) -> int:
    """How many units must match: ranking.MINIMUM_SHOULD_MATCH ("1<-1 4<75%") in Python."""
    if any_word or count <= 1:
        return min(count, 1)
    return count - 1 if count <= 4 else int(count * 0.75)


def _page_words(page, languages) -> dict[str, dict[str, set[str]]]:
    """Per language: the folded and stemmed words of the title and of the text."""
    words = {}
    for language in languages:
        texts = page.search_text(language)
        if language == "en" and not texts["title"]:
            texts["title"] = page.title
        words[language] = {}
        for name in ("title", "text"):
            terms = analysis.index_fields(texts[name], language)
            words[language][name] = set(terms.folded.split()) | set(terms.stemmed.split())
    return words


def _unit_score(unit: Unit, words, source, language: str) -> float:
    """How well a page matches a unit (0: not at all), by the weights of search.ranking."""
    best = 0.0
    for field_language, weight in ((language, 1.0), ("en", ranking.LANGUAGE_WEIGHTS["english"])):
        forms = [(list(unit.folded), 1.0)]
        forms.append((query.stemmed(unit.folded, field_language).split(), 1.0))
        forms += [
            (
                query.stemmed(phrase.split(), field_language).split(),
                ranking.MATCH_WEIGHTS["synonym"],
            )
            for phrase in unit.alternatives
            if query.usable_in(phrase, field_language)
        ]
        for name in ("title", "text"):
            present = words[field_language][name]
            for form, form_weight in forms:
                if form and all(word in present for word in form):
                    best = max(best, ranking.FIELD_BOOSTS[name] * weight * form_weight)
    for document_field, value in unit.facets:
        if value in _values(source, document_field):
            best = max(best, ranking.FACET_WEIGHTS[document_field] / 2)
    return best


def _live_pages(model):
    """The pages the index holds: live, public, with an import id."""
    return model.objects.live().public().exclude(external_id="")


def _with_taxonomy(queryset, model):
    prefetch = ["sectors", "enterprise_sizes", "target_groups"]
    if hasattr(model, "support_types"):
        prefetch.append("support_types")
    return queryset.select_related("country").prefetch_related(*prefetch)


def _page_source(page, params: SearchParams, vocab) -> dict[str, Any]:
    """A page as the fallback's hits carry it: the index's fields and display texts."""
    source = facet_fields(page, vocabularies=vocab)
    source["display"] = {
        language: {"title": texts["title"], "summary": texts["summary"]}
        for language in {params.lang, "en"}
        if (texts := page.search_text(language))["title"] or language == "en"
    }
    if not source["display"]["en"]["title"]:
        source["display"]["en"]["title"] = page.title
    return source


# A word PostgreSQL's raw tsquery syntax reads as one term (no operators, no quotes).
_TSQUERY_TERM = re.compile(r"[^\s'\\:&|!()<>*]+")


def _ranked_candidates(model, candidates, params: SearchParams, units) -> list[int]:
    """The ids of at most MAX_FALLBACK_CANDIDATES candidate pages, best first.

    On PostgreSQL the candidates are ranked by full-text search ('simple' configuration,
    every unit's words as prefixes, the reader's language and English columns), so the
    cap keeps the pages most likely to match; elsewhere the first by id are kept.
    """
    ids = model.objects.filter(pk__in=candidates.values("pk"))
    if connection.vendor == "postgresql":
        words = sorted(
            {
                needle
                for language in dict.fromkeys([params.lang, "en"])
                for unit in units
                for needle in _unit_needles(unit, language)
                if _TSQUERY_TERM.fullmatch(needle)
            }
        )
        if words:
            columns = [
                build_localized_fieldname(name, language)
                for language in dict.fromkeys([params.lang, "en"])
                for name in ("title", *model.text_fields)
            ]
            terms = " | ".join(f"'{word}':*" for word in words)
            rank = SearchRank(
                SearchVector(*columns, config="simple"),
                SearchQuery(terms, search_type="raw", config="simple"),
            )
            ids = ids.annotate(rank=rank).order_by("-rank", "pk")
            return list(ids.values_list("pk", flat=True)[:MAX_FALLBACK_CANDIDATES])
    return list(ids.order_by("pk").values_list("pk", flat=True)[:MAX_FALLBACK_CANDIDATES])


def _matching_sources(params: SearchParams, units: tuple[Unit, ...]) -> list[dict[str, Any]]:
    """Search documents of the live pages that match the query (facets not applied).

    The same units and the same "most words" rule as Elasticsearch (search.query);
    no typo tolerance. Scores are simpler: each matched unit counts, title first.
    At most MAX_FALLBACK_CANDIDATES pages per content type are read: on PostgreSQL the
    ones its full-text rank puts first, elsewhere the first by id.
    """
    vocab = vocabularies()
    required = _required(len(units), any_word=params.match == "any")
    languages = list(dict.fromkeys([params.lang, "en"]))
    sources = []
    for model in content_models().values():
        candidates = _live_pages(model).filter(_candidate_filter(model, params, units))
        ids = _ranked_candidates(model, candidates, params, units)
        for page in _with_taxonomy(model.objects.filter(pk__in=ids), model):
            source = _page_source(page, params, vocab)
            words = _page_words(page, languages)
            scores = [_unit_score(unit, words, source, params.lang) for unit in units]
            matched = sum(score > 0 for score in scores)
            if matched < required:
                continue
            source["score"] = matched * ranking.UNIT_MATCHED + sum(scores)
            sources.append(source)
    return sources


def _values(source: dict[str, Any], field_name: str) -> list[str]:
    value = source[field_name]
    return [value] if isinstance(value, str) else list(dict.fromkeys(value or []))


def _matches(
    source: dict[str, Any], filters: dict[str, tuple[str, ...]], skip: str | None = None
) -> bool:
    return all(
        set(values) & set(_values(source, key)) for key, values in filters.items() if key != skip
    )


def search_database(params: SearchParams) -> SearchResult:
    """Answer from the database with the same parameters and shape (Elasticsearch is down).

    Browsing (no words to match) is counted and paged in SQL (search.sql_browse); a query
    reads at most MAX_FALLBACK_CANDIDATES pages per content type.
    """
    units = query.analyse(params.q, params.lang) if params.q else ()
    if not units:
        return _browse_database(params)
    sources = _matching_sources(params, units)
    if params.hides_closed:
        sources = [s for s in sources if s["status"] != CLOSED]
    counts: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        tally: dict[str, int] = {}
        for source in sources:
            if _matches(source, params.filters, skip=facet.key):
                for value in _values(source, facet.key):
                    tally[value] = tally.get(value, 0) + 1
        counts[facet.key] = tally
    hits = [s for s in sources if _matches(s, params.filters)]
    without = {
        key: sum(_matches(s, params.filters, skip=key) for s in sources) for key in params.filters
    }

    def title_key(source):
        shown = source["display"].get(params.lang) or source["display"]["en"]
        return pipeline.normalise(shown.get("title") or source["display"]["en"]["title"])

    hits.sort(key=lambda s: (title_key(s), s["id"]))
    if params.sort == "newest":
        # ISO timestamps in one time zone sort as strings; pages never published last.
        hits.sort(key=lambda s: s["published_at"] or "", reverse=True)
    elif params.sort == "relevance":
        hits.sort(key=lambda s: -s.get("score", 0))  # stable: equal scores by title
    elif params.sort == "closing":
        # As Elasticsearch: rank, then the closing date (none last), then title and id.
        hits.sort(key=lambda s: (s["closing_rank"], s["closes_on"] is None, s["closes_on"] or ""))
    window = [] if params.beyond_window else hits[params.offset : params.offset + params.page_size]
    return _database_result(params, len(hits), window, counts, without)


def _browse_database(params: SearchParams) -> SearchResult:
    """Filters without words: totals, facet counts and the order come from SQL."""
    models = list(content_models().values())
    vocab = vocabularies()
    total, counts, without = browse_counts(models, params, _live_pages, vocab)
    window = browse_window(models, params, _live_pages)
    loaded = {}
    for model in {model for model, _pk in window}:
        ids = [pk for m, pk in window if m is model]
        for page in _with_taxonomy(model.objects.filter(pk__in=ids), model):
            loaded[page.pk] = _page_source(page, params, vocab)
    hits = [loaded[pk] for _model, pk in window if pk in loaded]
    return _database_result(params, total, hits, counts, without)


def _database_result(params, total, window, counts, without) -> SearchResult:
    highlighter = highlighter_for(params)
    return SearchResult(
        total=total,
        params=params,
        backend="database",
        results=[result_item(s, params, highlighter) for s in window],
        counts=counts,
        without=without,
    )
