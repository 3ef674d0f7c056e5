"""Mark the query's words in a result's text, the same way for every backend.

Highlighting happens here rather than in Elasticsearch because the indexed fields
hold segmented, folded text: Elasticsearch would show Thai with spaces between
words and Vietnamese without its accents. Here we match on a per-character folded
copy of the original text and mark the original characters.
"""

from __future__ import annotations

import re

from django.utils.html import escape

from search import text as pipeline

SNIPPET_CHARS = 240


def _folded_with_map(source: str) -> tuple[str, list[int]]:
    """Fold each character on its own, remembering where every output char came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(source):
        folded = pipeline.fold(char.casefold()) or char
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), origin


def _spans(source: str, query: str) -> list[tuple[int, int]]:
    terms = pipeline.query_terms(query)
    tokens = {t for t in terms.folded.split() if t} | {
        pipeline.fold(t) for t in terms.exact.split() if t
    }
    if not tokens:
        return []
    folded, origin = _folded_with_map(source)
    spans: list[tuple[int, int]] = []
    for token in sorted(tokens, key=len, reverse=True):
        # Latin words must start at a word boundary ("loan" marks "loans", not "sloan");
        # scripts written without spaces match anywhere.
        prefix = r"(?<![\w])" if token[:1].isascii() and token[:1].isalnum() else ""
        for match in re.finditer(prefix + re.escape(token), folded):
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
    return sorted(spans)


def highlight(source: str, query: str, *, limit: int = SNIPPET_CHARS) -> str:
    """HTML: an escaped snippet of `source` with the query's words in <mark>."""
    if not source:
        return ""
    spans = _spans(source, query) if query else []
    start = 0
    if spans and spans[0][0] > limit // 2 and len(source) > limit:
        start = max(0, spans[0][0] - limit // 3)
    end = min(len(source), start + limit)
    parts = ["…" if start else ""]
    cursor = start
    for s, e in spans:
        if s < start or e > end:
            continue
        parts.append(escape(source[cursor:s]))
        parts.append(f"<mark>{escape(source[s:e])}</mark>")
        cursor = e
    parts.append(escape(source[cursor:end]))
    if end < len(source):
        parts.append("…")
    return "".join(parts)
