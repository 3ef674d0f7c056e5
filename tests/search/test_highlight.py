"""Highlighting of result summaries (search/highlight.py); no Django models, no Elasticsearch."""

from __future__ import annotations

import pytest

from search.highlight import SNIPPET_CHARS, Highlighter


def highlight(source: str, query: str) -> str:
    return Highlighter(query)(source)


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        # Vietnamese typed without diacritics marks the accented original, and the
        # other way round; đ folds to d.
        ("Cho vay vốn ưu đãi", "vay von", "Cho <mark>vay</mark> <mark>vốn</mark> ưu đãi"),
        ("Cho vay von uu dai", "vốn", "Cho vay <mark>von</mark> uu dai"),
        ("Quỹ Đà Nẵng", "da nang", "Quỹ <mark>Đà</mark> <mark>Nẵng</mark>"),
        # Case does not matter; the original case is kept.
        ("SME Loan Scheme", "loan", "SME <mark>Loan</mark> Scheme"),
        # A folded form longer than its original (ß → ss) still marks the right letters.
        ("Die Straße, KMU loan", "strasse loan", "Die <mark>Straße</mark>, KMU <mark>loan</mark>"),
        # Latin words mark from a word start only; a longer query word wins.
        ("sloan loans", "loan", "sloan <mark>loan</mark>s"),
        ("export loans", "loan loans", "export <mark>loans</mark>"),
        # Scripts without spaces match inside a run of text.
        ("ขอสินเชื่อธนาคาร", "สินเชื่อ", "ขอ<mark>สินเชื่อ</mark>ธนาคาร"),
        ("ធនាគារផ្តល់ឥណទានដល់សហគ្រាស", "ឥណទាន", "ធនាគារផ្តល់<mark>ឥណទាន</mark>ដល់សហគ្រាស"),
        ("银行向中小企业提供贷款", "贷款", "银行向中小企业提供<mark>贷款</mark>"),
        # Thai digits match ASCII digits.
        ("ปี ๒๕๖๗ เท่านั้น", "2567", "ปี <mark>๒๕๖๗</mark> เท่านั้น"),
        # Markup in the text is escaped; only <mark> is HTML.
        (
            '<b>loan</b> & "grant"',
            "loan grant",
            "&lt;b&gt;<mark>loan</mark>&lt;/b&gt; &amp; &quot;<mark>grant</mark>&quot;",
        ),
        # No query, or nothing found: the escaped text.
        ("A & B", "", "A &amp; B"),
        ("A & B", "zzz", "A &amp; B"),
        ("", "loan", ""),
    ],
)
def test_highlight_marks_query_words_in_the_original_text(text, query, expected):
    assert highlight(text, query) == expected


def test_snippet_starts_near_the_first_match_in_a_long_text():
    text = "word " * 100 + "guarantee " + "tail " * 100
    snippet = highlight(text, "guarantee")
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>guarantee</mark>" in snippet
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) <= SNIPPET_CHARS + 2


def test_one_highlighter_serves_many_texts_alike():
    highlighter = Highlighter("vay vốn")
    texts = ["Vay vốn lưu động", "Khoản vay", "Không liên quan"]
    assert [highlighter(text) for text in texts] == [highlight(text, "vay vốn") for text in texts]
    assert highlighter.spans("Khoản vay") == [(6, 9)]
