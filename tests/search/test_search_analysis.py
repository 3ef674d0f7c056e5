"""Stop words, stemming and compounds: the same analysis at index and at query time."""

from __future__ import annotations

from search.analysis import index_fields, stems
from search.text import query_tokens


def stemmed_query(text: str, language: str) -> list[str]:
    _normalised, _exact, folded = query_tokens(text)
    return stems(folded, language)


def test_plurals_and_singulars_share_a_stem_in_english():
    assert stems(["loans"], "en") == stems(["loan"], "en")
    assert stems(["exporters"], "en") == stems(["export"], "en")
    assert stems(["grants"], "en") == stems(["grant"], "en")


def test_indonesian_and_malay_share_one_stemmer():
    assert stems(["perusahaan"], "id") == stems(["pengusaha"], "ms") == ["usaha"]


def test_stop_words_are_dropped_from_the_stem_field_only():
    terms = index_fields("Grants for women in Cambodia", "en")
    assert "for" in terms.exact.split() and "in" in terms.exact.split()
    assert terms.stemmed.split() == ["grant", "women", "cambodia"]


def test_vietnamese_keeps_cho_of_cho_vay_and_folds_accents():
    terms = index_fields("Cho vay vốn và bảo lãnh", "vi")
    assert terms.stemmed.split() == ["cho", "vay", "von", "bao", "lanh"]


def test_hyphenated_compounds_are_indexed_joined_and_apart():
    words = index_fields("A start-up grant", "en").stemmed.split()
    assert {"start", "up", "startup"} <= set(words)
    assert set(stemmed_query("startups", "en")) <= set(words)


def test_languages_without_a_stemmer_keep_their_words():
    terms = index_fields("สินเชื่อสำหรับผู้ส่งออก", "th")
    assert "สำหรับ" in terms.exact.split()  # "for": a stop word
    assert "สำหรับ" not in terms.stemmed.split()
    assert set(terms.stemmed.split()) <= set(terms.exact.split())
