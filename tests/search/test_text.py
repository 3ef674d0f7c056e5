"""Behaviour of the search text pipeline (search/text.py); no Django, no Elasticsearch."""

from __future__ import annotations

import threading
import unicodedata

import pytest

from search.text import (
    MAX_QUERY_TOKENS,
    MAX_SUGGEST_INPUTS,
    MAX_TOKEN_CHARS,
    SUGGEST_MAX_INPUT_LENGTH,
    Terms,
    fold,
    index_terms,
    normalise,
    query_terms,
    segment,
    suggest_input,
    suggest_prefix,
)

THAI_DOC = "ธนาคารให้สินเชื่อแก่ผู้ประกอบการวิสาหกิจขนาดกลางและขนาดย่อมเพื่อขยายธุรกิจและส่งออกสินค้า"
LAO_DOC = "ທະນາຄານໃຫ້ເງິນກູ້ແກ່ວິສາຫະກິດຂະໜາດນ້ອຍແລະກາງເພື່ອຂະຫຍາຍທຸລະກິດ"
KHMER_DOC = "ធនាគារផ្តល់ឥណទានដល់សហគ្រាសធុនតូចនិងមធ្យមដើម្បីពង្រីកអាជីវកម្ម"
BURMESE_DOC = "ဘဏ်ကအသေးစားနှင့်အလတ်စားလုပ်ငန်းများကိုချေးငွေထုတ်ပေးသည်"
CHINESE_DOC = "银行向中小企业提供贷款以扩大出口业务"
VIETNAMESE_DOC = "Vay vốn cho doanh nghiệp vừa và nhỏ tại Đà Nẵng"
MIXED_DOC = "SME loan สินเชื่อเอสเอ็มอี 2024 Vay vốn 中小企业贷款"

HOSTILE = [
    "",
    " ",
    "...!!!???",
    '"\\*?:(){}[]^~',
    'title:(foo OR bar*) AND "x y"~2 [a TO b]^3 \\ / && || !-+=<>',
    "😀👍🏽🇹🇭 👨‍👩‍👧",
    "\x00\x01\x02\x1b[31m\x7f\x85\u200e\u202e\ufeff",
    "a\ud800b\udfff",
    "\u0301\u0e48\u0bcd",  # combining marks with no base
    "x" * 10_000,
    "สินเชื่อ" * 2_000,
    "中" * 10_000,
    ("Vay vốn 😀 " * 1_000),
    "𠀀" * 5_000,
]


def tokens(text: str) -> list[str]:
    """Split a pipeline output string the way the whitespace analyzer does."""
    return text.split()


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    """Tell whether needle occurs as a contiguous run (a phrase) in haystack."""
    width = len(needle)
    return width > 0 and any(
        haystack[i : i + width] == needle for i in range(len(haystack) - width + 1)
    )


# --- segmentation of scripts written without spaces ---------------------------------


def test_thai_word_is_a_token_of_an_unspaced_thai_sentence() -> None:
    words = tokens(index_terms("ธนาคารให้สินเชื่อแก่ผู้ประกอบการ").exact)
    assert "ธนาคาร" in words
    assert "ให้" in words


def test_thai_compound_query_matches_as_a_phrase_inside_an_unspaced_sentence() -> None:
    # ICU's dictionary splits สินเชื่อ (credit) into สิน + เชื่อ, identically at query time.
    document = tokens(index_terms("ธนาคารให้สินเชื่อแก่ผู้ประกอบการ").exact)
    query = tokens(query_terms("สินเชื่อ").exact)
    assert query == ["สิน", "เชื่อ"]
    assert contains_run(document, query)


def test_lao_word_is_a_token_of_an_unspaced_lao_sentence() -> None:
    words = tokens(index_terms("ທະນາຄານໃຫ້ເງິນກູ້ແກ່ວິສາຫະກິດ").exact)
    assert "ທະນາຄານ" in words
    assert "ວິສາຫະກິດ" in words
    assert contains_run(words, tokens(query_terms("ເງິນກູ້").exact))


def test_khmer_word_is_a_token_of_an_unspaced_khmer_sentence() -> None:
    words = tokens(index_terms(KHMER_DOC).exact)
    assert "ឥណទាន" in words
    assert "សហគ្រាស" in words


def test_burmese_word_is_a_token_of_an_unspaced_burmese_sentence() -> None:
    words = tokens(index_terms(BURMESE_DOC).exact)
    assert "ချေးငွေ" in words
    assert "လုပ်ငန်း" in words


def test_burmese_word_is_found_whether_or_not_the_author_put_spaces() -> None:
    spaced = tokens(index_terms("ဘဏ်က အသေးစားလုပ်ငန်းများကို ချေးငွေထုတ်ပေးသည်").exact)
    assert "ချေးငွေ" in spaced


def test_zero_width_space_separates_words() -> None:
    assert tokens(index_terms("ឥណទាន\u200bសហគ្រាស").exact) == ["ឥណទាន", "សហគ្រាស"]


def test_chinese_is_split_into_words_in_the_exact_field() -> None:
    assert tokens(index_terms(CHINESE_DOC).exact) == [
        "银行",
        "向",
        "中小企业",
        "提供",
        "贷款",
        "以",
        "扩大",
        "出口",
        "业务",
    ]


def test_chinese_word_query_finds_the_document_in_both_fields() -> None:
    document = index_terms(CHINESE_DOC)
    query = query_terms("贷款")
    assert "贷款" in tokens(document.exact)
    assert contains_run(tokens(document.folded), tokens(query.folded))


def test_chinese_single_character_query_finds_a_multi_character_word() -> None:
    document = index_terms(CHINESE_DOC)
    query = query_terms("企")
    assert query.folded == "企"
    assert "企" in tokens(document.folded)
    assert "企" not in tokens(document.exact)  # exact field stays word-level for ranking


def test_latin_words_stay_whole_in_mixed_script_text() -> None:
    words = tokens(index_terms(MIXED_DOC).exact)
    assert words[:2] == ["sme", "loan"]
    assert "2024" in words
    assert "vốn" in words
    assert "中小企业" in words
    assert contains_run(words, tokens(query_terms("สินเชื่อ").exact))


def test_hyphens_and_apostrophes_split_words() -> None:
    assert segment("e-commerce") == ["e", "commerce"]
    assert segment("SME's") == ["SME", "s"]
    assert segment("l’entreprise") == ["l", "entreprise"]
    assert segment("foo_bar") == ["foo", "bar"]


def test_numbers_keep_their_internal_separators() -> None:
    assert segment("3.14 1,000") == ["3.14", "1,000"]


def test_segment_drops_punctuation_space_and_emoji_segments() -> None:
    assert segment("Hello, world! 😀 — ok?") == ["Hello", "world", "ok"]


# --- Vietnamese and other Latin folding -----------------------------------------------


def test_plain_vietnamese_query_finds_text_with_diacritics() -> None:
    document = tokens(index_terms(VIETNAMESE_DOC).folded)
    assert contains_run(document, tokens(query_terms("vay von").folded))
    assert contains_run(document, tokens(query_terms("doanh nghiep").folded))


def test_vietnamese_query_with_diacritics_finds_plain_text() -> None:
    document = tokens(index_terms("Vay von cho doanh nghiep").folded)
    assert contains_run(document, tokens(query_terms("vay vốn").folded))


def test_vietnamese_query_with_diacritics_matches_exactly_in_the_exact_field() -> None:
    document = tokens(index_terms(VIETNAMESE_DOC).exact)
    assert contains_run(document, tokens(query_terms("Vay vốn").exact))
    assert "vốn" not in tokens(index_terms("Vay von").exact)


def test_d_with_stroke_folds_to_d() -> None:
    assert fold("đà") == "da"
    assert fold("Đà Nẵng") == "Da Nang"  # fold keeps case; the pipeline lowercases first
    assert index_terms("ĐÀ NẴNG").folded == "da nang"
    assert index_terms("Đà Nẵng").folded == "da nang"


def test_special_latin_letters_fold_to_ascii() -> None:
    assert fold("øresund łódź straße æsir œuvre þorn") == "oresund lodz strasse aesir oeuvre thorn"


def test_fold_keeps_tamil_combining_marks() -> None:
    for word in ("தொழில்", "கடன்", "சிறு"):
        assert fold(word) == word


def test_fold_keeps_thai_lao_khmer_burmese_and_devanagari_marks() -> None:
    for word in ("น้ำ", "ที่", "เชื่อ", "ເງິນກູ້", "ផ្តល់", "ချေးငွေ", "उद्योग"):
        assert fold(word) == word


def test_fold_maps_non_ascii_digits_to_ascii() -> None:
    assert fold("๒๕๖๗") == "2567"
    assert index_terms("ปี ๒๕๖๗").folded == index_terms("ปี 2567").folded


def test_fold_is_idempotent() -> None:
    for word in ("việt", "ǣ", "ǿ", "đ", "ß", "தொழில்", "น้ำ"):
        assert fold(fold(word)) == fold(word)


# --- normalisation -----------------------------------------------------------------


def test_normalise_lowercases_and_collapses_whitespace() -> None:
    assert normalise("  SME\t\tLoan\n\nGuide  ") == "sme loan guide"


def test_normalise_folds_full_width_and_compatibility_forms() -> None:
    assert normalise("ＳＭＥ　１２３") == "sme 123"
    assert normalise("ﬁnance ㈱") == "finance (株)"


def test_normalise_keeps_thai_sara_am_for_the_dictionary() -> None:
    # NFKC would decompose ำ and break ICU's Thai dictionary lookups.
    assert normalise("น้ำสำหรับ") == "น้ำสำหรับ"
    assert "สำหรับ" in segment(normalise("น้ำดื่มสะอาดสำหรับทุกคน"))


def test_normalise_repairs_the_split_sara_am_typing_variant() -> None:
    assert normalise("น\u0e4d\u0e49\u0e32") == "น้ำ"
    assert normalise("ທ\u0ecd\u0eb2ມະຊາດ") == "ທຳມະຊາດ"
    assert segment(normalise("ທ\u0ecd\u0eb2ມະຊາດ")) == ["ທຳມະຊາດ"]


def test_normalise_strips_control_and_format_characters() -> None:
    assert normalise("a\x00b\u200dc\u00add\ufeff") == "a bcd"


def test_normalise_is_idempotent() -> None:
    samples = [THAI_DOC, LAO_DOC, KHMER_DOC, BURMESE_DOC, CHINESE_DOC, VIETNAMESE_DOC, MIXED_DOC]
    samples += ["ΐ ᾈ ǰ İstanbul ß ﬀ", "\u0345\u0399", *HOSTILE]
    for sample in samples:
        once = normalise(sample)
        assert normalise(once) == once


def test_normalise_is_idempotent_for_every_bmp_character() -> None:
    for code_point in range(0x10000):
        once = normalise(chr(code_point))
        assert normalise(once) == once, hex(code_point)


def test_normalise_leaves_no_character_that_segmentation_would_remove() -> None:
    # _tokens() segments normalised text without removing invisible characters again.
    from search.text import _INVISIBLE

    for code_point in range(0x110000):
        assert not _INVISIBLE.search(normalise(f"a{chr(code_point)}b")), hex(code_point)


def test_normalise_removes_every_format_character_except_zero_width_space() -> None:
    for code_point in range(0x110000):
        char = chr(code_point)
        if unicodedata.category(char) == "Cf" and char != "\u200b":
            assert normalise(f"a{char}b") == "ab", hex(code_point)


# --- hostile input -------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_query_never_raises_and_returns_bounded_plain_tokens(text: str) -> None:
    result = query_terms(text)
    assert isinstance(result, Terms)
    for field in result:
        words = tokens(field)
        assert field == " ".join(words)
        assert len(words) <= MAX_QUERY_TOKENS
        assert all(len(word) <= MAX_TOKEN_CHARS for word in words)
        assert not set(field) & set('"\\*?:(){}[]^~&|!/<>=+')


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_never_breaks_indexing_or_suggestions(text: str) -> None:
    index_terms(text)
    segment(text)
    fold(text)
    inputs = suggest_input(text)
    assert len(inputs) <= MAX_SUGGEST_INPUTS
    assert all(utf16_len(item) <= SUGGEST_MAX_INPUT_LENGTH for item in inputs)
    assert utf16_len(suggest_prefix(text)) <= SUGGEST_MAX_INPUT_LENGTH


def test_query_syntax_characters_produce_no_terms() -> None:
    assert query_terms('"\\*?:(){}[]^~') == Terms("", "")
    assert query_terms("title:(loan*)").exact == "title loan"


def test_none_and_non_string_input_are_treated_as_text() -> None:
    assert query_terms(None) == Terms("", "")  # type: ignore[arg-type]
    assert index_terms(2024).exact == "2024"  # type: ignore[arg-type]


def test_long_queries_are_truncated_to_a_bounded_number_of_tokens() -> None:
    result = query_terms("word " * 5_000)
    assert len(tokens(result.exact)) == MAX_QUERY_TOKENS


# --- index/query symmetry ---------------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [THAI_DOC, LAO_DOC, KHMER_DOC, BURMESE_DOC, CHINESE_DOC, VIETNAMESE_DOC, MIXED_DOC],
)
def test_every_word_of_a_document_queried_alone_matches_that_document(document: str) -> None:
    indexed = index_terms(document)
    for word in segment(normalise(document)):
        query = query_terms(word)
        assert set(tokens(query.exact)) <= set(tokens(indexed.exact)), word
        assert set(tokens(query.folded)) <= set(tokens(indexed.folded)), word


@pytest.mark.parametrize(
    ("document", "typed"),
    [
        (THAI_DOC, "สินเชื่อ"),
        (THAI_DOC, "ผู้ประกอบการ"),
        (THAI_DOC, "ขนาดกลาง"),
        (THAI_DOC, "ส่งออกสินค้า"),
        (LAO_DOC, "ເງິນກູ້"),
        (LAO_DOC, "ຂະໜາດນ້ອຍ"),
        (KHMER_DOC, "ឥណទាន"),
        (KHMER_DOC, "សហគ្រាសធុនតូច"),
        (BURMESE_DOC, "ချေးငွေ"),
        (BURMESE_DOC, "အသေးစား"),
        (CHINESE_DOC, "中小企业"),
        (CHINESE_DOC, "出口业务"),
        (VIETNAMESE_DOC, "doanh nghiệp"),
        (VIETNAMESE_DOC, "DOANH NGHIEP"),
    ],
)
def test_words_a_user_would_type_match_the_document_as_a_phrase(document: str, typed: str) -> None:
    indexed = index_terms(document)
    query = query_terms(typed)
    assert contains_run(tokens(indexed.folded), tokens(query.folded))
    if typed == typed.lower() and not typed.isascii():
        assert contains_run(tokens(indexed.exact), tokens(query.exact))


def test_index_keeps_the_original_word_order() -> None:
    assert index_terms("Vay vốn cho doanh nghiệp").exact == "vay vốn cho doanh nghiệp"
    assert index_terms("Vay vốn cho doanh nghiệp").folded == "vay von cho doanh nghiep"


def test_pipeline_gives_identical_results_across_threads() -> None:
    samples = [THAI_DOC, LAO_DOC, KHMER_DOC, BURMESE_DOC, CHINESE_DOC, VIETNAMESE_DOC, MIXED_DOC]
    expected = [index_terms(sample) for sample in samples]
    failures: list[str] = []

    def work() -> None:
        for _ in range(50):
            for sample, want in zip(samples, expected, strict=True):
                if index_terms(sample) != want:
                    failures.append(sample)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


# --- completion suggestions ----------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Elasticsearch counts max_input_length."""
    return len(text.encode("utf-16-le")) // 2


def suggests(title: str, typed: str) -> bool:
    """Tell whether a completion prefix query for typed would hit one of the title's inputs."""
    prefix = suggest_prefix(typed)
    return bool(prefix) and any(item.startswith(prefix) for item in suggest_input(title))


@pytest.mark.parametrize("title", [THAI_DOC[:45], LAO_DOC[:40], KHMER_DOC[:40], BURMESE_DOC[:40]])
def test_every_typed_prefix_of_an_unspaced_title_suggests_it(title: str) -> None:
    # Segmenting a half-typed Thai word gives unstable splits, so completion never
    # segments the prefix; this checks every intermediate state of typing.
    for end in range(1, len(title) + 1):
        typed = title[:end]
        if suggest_prefix(typed):
            assert suggests(title, typed), typed


def test_typing_a_middle_word_suggests_the_title() -> None:
    title = "ธนาคารให้สินเชื่อแก่ผู้ประกอบการ"
    assert suggests(title, "สินเชื่อ")
    assert suggests(title, "ผู้ประก")
    assert suggests(VIETNAMESE_DOC, "doanh ngh")
    assert suggests(CHINESE_DOC, "贷")


def test_thai_suggestions_ignore_spaces_the_user_adds_or_omits() -> None:
    assert suggests("สินเชื่อ ธุรกิจส่งออก", "สินเชื่อธุรกิจ")
    assert suggests("สินเชื่อธุรกิจส่งออก", "สินเชื่อ ธุรกิจ")


def test_latin_suggestions_match_with_or_without_diacritics() -> None:
    assert suggests("Vay vốn cho doanh nghiệp", "vay vo")
    assert suggests("Vay vốn cho doanh nghiệp", "Vay vố")
    assert suggests("Vay von cho doanh nghiep", "vay vốn")
    assert suggests("Đà Nẵng SME Centre", "da na")


def test_suggestions_ignore_punctuation() -> None:
    assert suggests("SME Loans: A Guide", "sme loans a")
    assert suggest_input("SME Loans: A Guide")[0] == "sme loans a guide"


def test_suggest_inputs_are_bounded_and_unique() -> None:
    inputs = suggest_input(" ".join(f"word{i}" for i in range(200)))
    assert len(inputs) == MAX_SUGGEST_INPUTS
    assert len(set(inputs)) == len(inputs)
    assert all(utf16_len(item) <= SUGGEST_MAX_INPUT_LENGTH for item in inputs)


def test_empty_title_has_no_suggest_inputs() -> None:
    assert suggest_input("") == []
    assert suggest_input("!!! 😀") == []
    assert suggest_prefix("  ?? ") == ""
