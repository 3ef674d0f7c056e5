"""Language-specific analysis on top of the text pipeline: stop words, stemming, compounds.

The Elasticsearch node has no `stemmer`, `stop` or `synonym` filters (the
integ-test distribution ships no analysis-common module), so this happens in
Python, exactly like segmentation and folding in `search.text`. Index and query
MUST go through the same function: `stems()` builds the `<field>_<l>_stem` index
fields and every query alternative aimed at them. See docs/adr/0004-search-relevance.md.

Stemmers are Snowball's (PyStemmer, the C build of the same algorithms): English;
Indonesian for both Indonesian and Malay (one language family, one algorithm:
`perusahaan` and `pengusaha` both reduce to `usaha`); Tamil. The other languages
are isolating (Vietnamese, Thai, Lao, Khmer, Burmese, Chinese) or have no Snowball
algorithm (Filipino): their stem field holds the folded words without stop words.
"""

from __future__ import annotations

import re
import threading
from typing import NamedTuple

import Stemmer

from search import text as pipeline

__all__ = [
    "STEMMER_ALGORITHMS",
    "STOP_WORDS",
    "LanguageTerms",
    "compounds",
    "index_fields",
    "is_stop_word",
    "stems",
]

STEMMER_ALGORITHMS = {"en": "english", "id": "indonesian", "ms": "indonesian", "ta": "tamil"}

# Function words only: a word that can carry the meaning of a query ("up", "small",
# "new", "cho" in Vietnamese "cho vay" = to lend) is never here. Lists are short on
# purpose; the cost of a missing stop word is a slightly stricter match, the cost of
# a wrong one is a word that can never be found. Words are stored folded.
_STOP_WORDS_TEXT = {
    "en": """a an the and or of for to in on at by with from into about as is are was were
        be been being its this that these those there here i me my we our you your
        they them their what which who whom how when where why do does did can could
        should would will shall may might must have has had not no any some such than
        then so if also get please want need""",
    "ms": """dan atau yang di ke dari untuk bagi pada dengan dalam ini itu ialah adalah
        saya kami kita anda mereka apa bagaimana mana bila siapa boleh akan sudah telah
        juga oleh sebagai tentang kepada mahu perlu""",
    "id": """dan atau yang di ke dari untuk bagi pada dengan dalam ini itu ialah adalah
        saya kami kita anda mereka apa bagaimana mana kapan siapa bisa dapat akan sudah
        telah juga oleh sebagai tentang kepada ingin mau perlu""",
    "fil": """ang ng sa mga at o na ay si ni kay para ko mo ako ikaw siya kami tayo
        sila ano paano saan kailan bakit ba po""",
    # Vietnamese syllables: only pure function words ("cho" is kept: "cho vay" = lend).
    "vi": "và hoặc của là các những thì mà ở tôi bạn như thế nào gì ạ",
    "th": "และ หรือ ของ ที่ ใน การ ความ ได้ ให้ กับ จาก สำหรับ เพื่อ อย่างไร ไหม ครับ ค่ะ คะ",
    "lo": "ແລະ ຫຼື ຂອງ ທີ່ ໃນ ການ ສຳລັບ ເພື່ອ",
    "km": "និង ឬ របស់ ដែល នៅ ក្នុង សម្រាប់ ដើម្បី ការ",
    "my": "နှင့် ၏ တွင် သည် ကို များ",
    "zh-hans": "的 和 与 及 或 在 是 了 吗 怎么 如何",
    "ta": "மற்றும் அல்லது ஒரு இந்த அந்த",
}
STOP_WORDS: dict[str, frozenset[str]] = {
    language: frozenset(pipeline.fold(pipeline.normalise(word)) for word in words.split())
    for language, words in _STOP_WORDS_TEXT.items()
}
_NO_STOP_WORDS: frozenset[str] = frozenset()

# Latin words joined by hyphens ("start-up", "e-commerce", Malay reduplication
# "usaha-usaha"): indexed and queried joined too, so "startup" finds "start-up".
_COMPOUND = re.compile(r"(?<![\w-])[^\W\d_]+(?:-[^\W\d_]+)+(?![\w-])")


_THREAD = threading.local()


def _stemmer(language: str):
    """This thread's stemmer for a language, or None (PyStemmer objects are not thread-safe)."""
    algorithm = STEMMER_ALGORITHMS.get(language)
    if algorithm is None:
        return None
    stemmers = getattr(_THREAD, "stemmers", None)
    if stemmers is None:
        stemmers = _THREAD.stemmers = {}
    stemmer = stemmers.get(algorithm)
    if stemmer is None:
        # The built-in cache memoises recent words (Zipf: most words repeat).
        stemmer = stemmers[algorithm] = Stemmer.Stemmer(algorithm, 20_000)
    return stemmer


def is_stop_word(folded_word: str, language: str) -> bool:
    return folded_word in STOP_WORDS.get(language, _NO_STOP_WORDS)


def compounds(normalised_text: str) -> list[str]:
    """The joined forms of hyphenated Latin compounds in an already normalised text."""
    if "-" not in normalised_text:
        return []
    joined = []
    for match in _COMPOUND.finditer(normalised_text):
        parts = match.group().split("-")
        if len(set(parts)) > 1:  # "usaha-usaha" is "usaha", already a word of the text
            joined.append(pipeline.fold("".join(parts))[: pipeline.MAX_TOKEN_CHARS])
    return joined


def stems(folded_tokens: list[str], language: str, *, keep_stop_words: bool = False) -> list[str]:
    """The stem-field words of folded tokens: stop words dropped, the rest stemmed."""
    stop = _NO_STOP_WORDS if keep_stop_words else STOP_WORDS.get(language, _NO_STOP_WORDS)
    words = [token for token in folded_tokens if token not in stop] if stop else folded_tokens
    stemmer = _stemmer(language)
    return stemmer.stemWords(words) if stemmer and words else list(words)


class LanguageTerms(NamedTuple):
    """The three index strings of one text in one language."""

    exact: str  # segmented words as written (casefolded)
    folded: str  # Latin accents folded, Han spelled as characters
    stemmed: str  # folded, stop words dropped, stemmed, hyphenated compounds joined too


def index_fields(text: str, language: str) -> LanguageTerms:
    """The exact, folded and stemmed index strings of a text written in `language`."""
    normalised, exact, folded = pipeline.index_tokens(text)
    return LanguageTerms(
        " ".join(exact),
        " ".join(folded),
        " ".join(stems(folded + compounds(normalised), language)),
    )
