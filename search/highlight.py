"""Mark the query's words in a result's text, the same way for every backend.

Highlighting happens here rather than in Elasticsearch because the indexed fields
hold segmented, folded text: Elasticsearch would show Thai with spaces between
words and Vietnamese without its accents. Here we match on a per-character folded
copy of the original text and mark the original characters.

A `Highlighter` is built once per request (the query is segmented and its patterns
compiled once) and applied to every result; folding a text is one `str.translate`
over a per-process table of characters already seen.
"""

from __future__ import annotations

import re
from html import escape  # Django's escape() adds a lazy-string check per call; same output

from search import text as pipeline

SNIPPET_CHARS = 240


class _FoldTable(dict):
    """Code point → its case- and accent-folded form (never empty), filled as met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = pipeline.fold(char.casefold()) or char
        if len(self) < 65_536:  # bounded: a hostile text cannot grow it without end
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def _folded_with_map(source: str) -> tuple[str, list[int] | None]:
    """Fold each character on its own; map output positions back unless they line up.

    Every character folds to at least one character, so an output as long as the
    input means one-to-one (the common case: no ß, no ligature): no map is needed.
    """
    if source.isascii():
        return source.lower(), None
    casefolded = source.casefold()
    if len(casefolded) == len(source) and not pipeline.foldable(casefolded):
        return casefolded, None  # Thai, Khmer, Chinese...: nothing to fold but case
    folded = source.translate(_FOLD_TABLE)
    if len(folded) == len(source):
        return folded, None
    origin: list[int] = []
    for index, char in enumerate(source):
        origin.extend([index] * len(_FOLD_TABLE[ord(char)]))
    return folded, origin


class Highlighter:
    """Marks one query's words in any number of texts."""

    def __init__(self, query: str):
        terms = pipeline.query_terms(query) if query else pipeline.Terms("", "")
        tokens = {t for t in terms.folded.split() if t} | {
            pipeline.fold(t) for t in terms.exact.split() if t
        }
        # One pass over the text, alternatives longest first, so at any position a
        # longer word wins over a word it contains. Latin words must start a word
        # ("loan" marks "loans", not "sloan"): checked on each match, as a lookbehind
        # in the pattern would make the regex engine try every position; scripts
        # written without spaces match anywhere.
        ordered = sorted(tokens, key=lambda t: (-len(t), t))
        self.word_start = {t for t in ordered if t[:1].isascii() and t[:1].isalnum()}
        self.pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def spans(self, source: str) -> list[tuple[int, int]]:
        """Non-overlapping (start, end) ranges of `source` that match query words, in order."""
        if self.pattern is None:
            return []
        folded, origin = _folded_with_map(source)
        spans = []
        for match in self.pattern.finditer(folded):
            start, end = match.span()
            if start and match.group() in self.word_start:
                before = folded[start - 1]
                if before.isalnum() or before == "_":
                    continue
            if origin is not None:
                start, end = origin[start], origin[end - 1] + 1
            if spans and spans[-1][1] == start:
                # Words of one unspaced run ("สิน" "เชื่อ") make one mark.
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        return spans

    def __call__(self, source: str, *, limit: int = SNIPPET_CHARS) -> str:
        """HTML: an escaped snippet of `source` with the query's words in <mark>."""
        if not source:
            return ""
        spans = self.spans(source)
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
