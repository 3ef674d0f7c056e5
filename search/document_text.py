"""The text half of a search document: plain data in, index fields out.

`search.documents.document_for()` reads a page into plain data (`page_input()`) and
hands it to `analysed_fields()`, which runs the text pipeline for every language. Kept
apart, with no Django import, so that a rebuild can run the expensive half in worker
processes (`search.indexing`) while the main process reads pages and sends bulks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict

from search import text as pipeline
from search.analysis import index_fields

# Sort titles longer than this are cut here, and the mapping ignores longer keywords.
SORT_TITLE_LENGTH = 256

ANALYSED_FIELDS = ("title", "text")  # each analysed per language: exact, folded, stemmed


class Texts(TypedDict):
    title: str
    summary: str
    text: str


_EMPTY: Texts = {"title": "", "summary": "", "text": ""}


def suffix(language: str) -> str:
    """Field-name suffix of a language code (`zh-hans` → `zh_hans`)."""
    return language.replace("-", "_")


def analysed_fields(
    texts: dict[str, Texts], english_title: str, languages: Sequence[str]
) -> dict[str, Any]:
    """Display texts and analysed fields of every language, from a page's own texts.

    `texts` holds each language's own title, summary and text (no English fallback;
    languages without any may be left out); `english_title` is what sorts and shows
    when a language has no title of its own.
    """
    fields: dict[str, Any] = {"display": {}}
    # Most languages sort by the English title: normalise it once, not once per language.
    sort_titles: dict[str, str] = {}
    for language in languages:
        s = suffix(language)
        own = texts.get(language, _EMPTY)
        title = own["title"]
        if language == "en" and not title:
            title = english_title
        if title or own["summary"]:
            fields["display"][language] = {"title": title, "summary": own["summary"]}
        for name in ANALYSED_FIELDS:
            value = own["text"] if name == "text" else title
            if value:
                terms = index_fields(value, language)
                fields[f"{name}_{s}"] = terms.exact
                fields[f"{name}_{s}_folded"] = terms.folded
                fields[f"{name}_{s}_stem"] = terms.stemmed
        if title:
            fields[f"suggest_{s}"] = {"input": pipeline.suggest_input(title)}
        sort_title = title or english_title
        if sort_title not in sort_titles:
            sort_titles[sort_title] = pipeline.normalise(sort_title)[:SORT_TITLE_LENGTH]
        fields[f"sort_title_{s}"] = sort_titles[sort_title]
    return fields


def document_from_input(data: dict[str, Any], languages: Sequence[str]) -> dict[str, Any]:
    """The whole search document from `search.documents.page_input()`'s plain data."""
    return {**data["fields"], **analysed_fields(data["texts"], data["english_title"], languages)}
