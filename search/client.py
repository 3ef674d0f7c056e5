"""The Elasticsearch connection, configured from settings."""

from __future__ import annotations

import functools

from django.conf import settings
from elasticsearch import Elasticsearch


@functools.lru_cache(maxsize=4)
def _client_for(url: str, timeout: float) -> Elasticsearch:
    # No retries on timeout: a search falls back to the database instead of waiting.
    return Elasticsearch(url, request_timeout=timeout, max_retries=1, retry_on_timeout=False)


def get_client() -> Elasticsearch | None:
    """The client for ELASTICSEARCH_URL, or None when Elasticsearch is disabled."""
    if not settings.ELASTICSEARCH_URL:
        return None
    return _client_for(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)


def alias_name() -> str:
    """The alias every search reads, named from ELASTICSEARCH_INDEX_PREFIX."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content"


def is_available() -> bool:
    """True when the node answers and the cluster is at least yellow."""
    client = get_client()
    if client is None:
        return False
    try:
        health = client.options(request_timeout=2).cluster.health()
    except Exception:  # any transport or HTTP error means "not available"
        return False
    return health.get("status") in ("green", "yellow")
