"""Title completions for a prefix, in the reader's language then English."""

from __future__ import annotations

import logging

from search import text as pipeline
from search.client import alias_name, get_breaker, get_client
from search.documents import suffix

logger = logging.getLogger(__name__)
MAX_SUGGESTIONS = 8


def suggest(prefix: str, language: str, *, size: int = MAX_SUGGESTIONS) -> list[dict[str, str]]:
    """Up to `size` suggestions {id, title, url}; empty when the prefix is empty or ES is down."""
    canonical = pipeline.suggest_prefix(prefix)
    client = get_client()
    breaker = get_breaker()
    if not canonical or client is None or not breaker.allow():
        return []
    languages = [language] + (["en"] if language != "en" else [])
    body = {
        "_source": ["id", "path", "display"],
        "suggest": {
            lang: {
                "prefix": canonical,
                "completion": {
                    "field": f"suggest_{suffix(lang)}",
                    "size": size,
                    "skip_duplicates": True,
                },
            }
            for lang in languages
        },
    }
    try:
        response = client.search(index=alias_name(), body=body)
    except Exception as error:  # suggestions are a nicety: degrade to none
        breaker.failed(error)
        logger.warning("Suggest failed: %r", error)
        return []
    breaker.succeeded()
    seen: set[str] = set()
    suggestions = []
    for lang in languages:
        for option in response["suggest"][lang][0]["options"]:
            source = option["_source"]
            if source["id"] in seen:
                continue
            seen.add(source["id"])
            title = (source.get("display", {}).get(lang) or {}).get("title") or (
                source.get("display", {}).get("en") or {}
            ).get("title", "")
            suggestions.append(
                {"id": source["id"], "title": title, "url": f"/{language}/{source['path']}"}
            )
    return suggestions[:size]
