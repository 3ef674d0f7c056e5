"""The one search service the page and the API call: Elasticsearch, else the database."""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import override

from search.backends import SearchResult, search_database, search_elasticsearch
from search.client import get_breaker, get_client
from search.facets import FACETS
from search.params import SearchParams

logger = logging.getLogger(__name__)


def run_search(params: SearchParams) -> SearchResult:
    """Search with Elasticsearch; on any failure answer from the database instead.

    While the circuit breaker is open (the node failed repeatedly) the database answers
    at once, without waiting for a timeout.
    """
    breaker = get_breaker()
    if get_client() is not None and breaker.allow():
        try:
            result = search_elasticsearch(params)
        except Exception as error:  # outage, timeout, missing index: degrade, never 5xx
            breaker.failed(error)
            logger.warning("Elasticsearch search failed, using the database: %r", error)
        else:
            breaker.succeeded()
            return result
    return search_database(params)


def facet_options(result: SearchResult) -> dict[str, list[dict[str, Any]]]:
    """Every facet's values with labels in the request's language, counts and selection.

    Values with no result are left out unless selected, so a reader never ticks a
    box that leads nowhere and can always untick what they ticked.
    """
    params = result.params
    options: dict[str, list[dict[str, Any]]] = {}
    with override(params.lang):
        for facet in FACETS:
            counts = result.counts.get(facet.key, {})
            selected = set(params.selected(facet.key))
            options[facet.key] = [
                {
                    "value": code,
                    "label": str(label),
                    "count": counts.get(code, 0),
                    "selected": code in selected,
                }
                for code, label in facet.values()
                if counts.get(code) or code in selected
            ]
    return options


def to_json(result: SearchResult, offers: dict[str, Any] | None = None) -> dict[str, Any]:
    """The Search API's JSON answer (a stable public contract), with the offers of an empty
    result (`suggestion`, `relaxations`: search.dead_ends) when there are any."""
    params = result.params
    return {
        **(offers or {}),
        "total": result.total,
        "page": params.page,
        "page_size": params.page_size,
        "backend": result.backend,
        "results": result.results,
        "facets": facet_options(result),
    }
