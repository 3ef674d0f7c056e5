"""What to offer when a search finds nothing: a spelling, a filter to drop, any word.

In this order (issue: "no dead ends"): a spelling suggestion from the index's own
words (Elasticsearch's term suggester over the folded fields; never for acronyms or
numbers), the same query without its narrowest filter, and the results for any of
the words. Each comes with its number of results and the URL that shows them.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from django.utils.translation import ngettext, override

from search import query
from search.backends import SearchResult
from search.client import alias_name, get_client
from search.document_text import suffix
from search.facets import FACETS_BY_KEY
from search.params import SearchParams, query_string

logger = logging.getLogger(__name__)

MIN_WORD_LENGTH = 4  # shorter words are too often right to correct


def search_url(params: SearchParams, **changes) -> str:
    return f"/{params.lang}/search/" + query_string(params, **changes)


def spelling(params: SearchParams) -> str:
    """The query with its misspelt words replaced by the index's nearest ones ("" if none)."""
    client = get_client()
    units = query.analyse(params.q, params.lang)
    candidates = [word for unit in units if (word := unit.fuzzy or _correctable(unit, params.q))]
    if client is None or not candidates:
        return ""
    fields = [
        f"{name}_{suffix(lang)}_folded"
        for lang in dict.fromkeys([params.lang, "en"])
        for name in ("title", "text")
    ]
    body = {
        "size": 0,
        "suggest": {
            "text": " ".join(candidates),
            **{
                f"s{i}": {
                    "term": {
                        "field": name,
                        "suggest_mode": "missing",
                        "min_word_length": MIN_WORD_LENGTH,
                        "prefix_length": 1,
                        "sort": "score",
                    }
                }
                for i, name in enumerate(fields)
            },
        },
    }
    try:
        answer = client.search(index=alias_name(), body=body)
    except Exception as error:  # a suggestion is a nicety
        logger.warning("Spelling suggestion failed: %r", error)
        return ""
    corrections: dict[str, tuple[float, int, str]] = {}
    missing_everywhere: dict[str, int] = {}
    for key in body["suggest"]:
        if key == "text":
            continue
        for entry in answer["suggest"][key]:
            options = entry["options"]
            if not options:
                continue
            missing_everywhere[entry["text"]] = missing_everywhere.get(entry["text"], 0) + 1
            best = options[0]
            ranked = (best["score"], best["freq"], best["text"])
            if ranked > corrections.get(entry["text"], (0.0, 0, "")):
                corrections[entry["text"]] = ranked
    # A word some field knows is not misspelt, only rarer there.
    fixed = {
        word: best[2]
        for word, best in corrections.items()
        if missing_everywhere.get(word) == len(fields)
    }
    if not fixed:
        return ""
    words = []
    for unit in units:
        for exact, folded in zip(unit.exact, unit.folded, strict=True):
            words.append(fixed.get(folded, exact))
    return " ".join(words)


def _correctable(unit: query.Unit, raw: str) -> str:
    """A four-letter word gets no typo tolerance, but may still get a suggestion."""
    if len(unit.folded) != 1 or unit.alternatives or unit.facets:
        return ""
    word = unit.folded[0]
    tolerant = word.isascii() and word.isalpha() and len(word) >= MIN_WORD_LENGTH
    return word if tolerant and word.rstrip("s") not in query.acronyms(raw) else ""


def alternatives(result: SearchResult, run) -> dict[str, Any]:
    """The `suggestion` and `relaxations` of an empty result (`run`: the search service)."""
    params = result.params
    if result.total or not (params.q or params.filters):
        return {}
    offers: dict[str, Any] = {}
    if params.q and result.backend == "elasticsearch":
        corrected = spelling(params)
        if corrected and corrected != params.q and run(replace(params, q=corrected)).total:
            offers["suggestion"] = {"q": corrected, "url": search_url(params, q=corrected)}
    relaxations = []
    if result.without:
        key, total = max(result.without.items(), key=lambda item: (item[1], item[0]))
        if total:
            facet = FACETS_BY_KEY[key]
            labels = dict(facet.values())
            with override(params.lang):
                heading = str(facet.heading)
            relaxations.append(
                {
                    "kind": "without_filter",
                    "facet": key,
                    "label": heading,
                    "values": [labels.get(v, v) for v in params.selected(key)],
                    "total": total,
                    # Counted with closed calls: without a status chosen, browsing
                    # would hide them, so the link keeps them shown.
                    "url": search_url(
                        params,
                        **{facet.key: []},
                        include_closed=params.include_closed or key == "status",
                    ),
                }
            )
    if params.q and params.match != "any" and len(query.analyse(params.q, params.lang)) > 1:
        total = run(replace(params, match="any", page=1)).total
        if total:
            relaxations.append(
                {"kind": "any_word", "total": total, "url": search_url(params, match="any")}
            )
    if relaxations:
        offers["relaxations"] = relaxations
    return offers


def describe(offer: dict[str, Any]) -> str:
    """The sentence the search page shows for a relaxation."""
    count = offer["total"]
    if offer["kind"] == "without_filter":
        return ngettext(
            "%(count)s result without the filter %(facet)s: %(values)s",
            "%(count)s results without the filter %(facet)s: %(values)s",
            count,
        ) % {"count": f"{count:,}", "facet": offer["label"], "values": ", ".join(offer["values"])}
    return ngettext(
        "%(count)s result for any of the words", "%(count)s results for any of the words", count
    ) % {"count": f"{count:,}"}
