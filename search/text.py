"""Search text pipeline shared by indexing and querying.

The Elasticsearch node only has core analysis (no ICU, no asciifolding, no
ngram), and Lucene's standard tokenizer keeps a whole run of Thai, Lao, Khmer
or Burmese as one token.  So all language work happens here, in Python, and
Elasticsearch only splits on whitespace (``whitespace`` analyzer).  The same
functions MUST be used at index time and at query time: a query matches only
because it went through exactly the same steps as the document.

Fields (see docs/adr/0001-search-text-pipeline.md):

* ``<field>``         <- ``index_terms(text).exact``  / ``query_terms(q).exact``
* ``<field>_folded``  <- ``index_terms(text).folded`` / ``query_terms(q).folded``
* ``<field>_suggest`` (completion) <- ``suggest_input(title)`` / ``suggest_prefix(q)``
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from icu4py.breakers import WordBreaker
from icu4py.locale import Locale

__all__ = [
    "MAX_INDEX_CHARS",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_TOKENS",
    "MAX_SUGGEST_INPUTS",
    "MAX_TITLE_CHARS",
    "MAX_TOKEN_CHARS",
    "SUGGEST_MAX_INPUT_LENGTH",
    "Terms",
    "fold",
    "fold_tokens",
    "foldable",
    "index_terms",
    "index_tokens",
    "normalise",
    "query_terms",
    "query_tokens",
    "segment",
    "suggest_input",
    "suggest_prefix",
]

# Bounds: every public function does work proportional to these, whatever the input.
MAX_INDEX_CHARS = 200_000  # one document field; longer text is cut (ICU runs at ~MB/s)
MAX_QUERY_CHARS = 1_000  # a user query; anything longer is not a real query
MAX_QUERY_TOKENS = 64  # keeps the match query well under ES's max_clause_count
MAX_TOKEN_CHARS = 64  # Lucene rejects huge terms; cut identically on both sides
MAX_TITLE_CHARS = 300  # completion works on titles only
MAX_SUGGEST_INPUTS = 20  # full title + suffixes; bounds the completion FST per doc
# Must equal the completion field's max_input_length (ES default 50, counted in UTF-16
# units): ES cuts longer inputs, so a longer prefix could never match.
SUGGEST_MAX_INPUT_LENGTH = 50

# ICU word break data is locale-independent for our scripts (Thai/Lao/Khmer/Burmese/CJK
# use dictionaries whatever the locale), so one root locale serves every language.
# icu4py copies the Locale into each breaker, so sharing this read-only object is safe.
_ROOT = Locale("root")

# Cc controls: replaced by a space so "a\x00b" does not fuse into one word.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# ZERO WIDTH SPACE is an author-placed word boundary in Khmer/Burmese/Thai text.
_ZWSP = "\u200b"
# Invisible characters that carry no searchable meaning: Cf format characters
# (soft hyphen, ZWJ/ZWNJ, bidi controls, BOM, tags...), lone surrogates (ICU cannot
# even encode them) and variation selectors (glyph choice only).
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\ufe00-\ufe0f"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef]"
)
# Thai and Lao are kept out of NFKC: NFKC decomposes SARA AM (U+0E33 -> U+0E4D U+0E32),
# Lao AM and the Lao HO NO/HO MO ligatures, and ICU's dictionaries then mis-segment
# ("สำหรับ" -> "สําห" "รับ").  Those blocks have no canonical (NFC) mappings at all.
_THAI_LAO_RUN = re.compile(r"[\u0e00-\u0eff]+")
# Common typing variant of SARA AM / Lao AM: NIKHAHIT (+ tone mark) + SARA AA.
_THAI_AM_SPLIT = re.compile(r"\u0e4d([\u0e48-\u0e4b]?)\u0e32")
_LAO_AM_SPLIT = re.compile(r"\u0ecd([\u0ec8-\u0ecb]?)\u0eb2")

_HAS_ALNUM = re.compile(r"[^\W_]")
# Apostrophes and underscores split words (ICU keeps "don't", "l'entreprise",
# "foo_bar" whole): "sme's" must match "sme", "l'entreprise" must match "entreprise".
_INNER_SPLIT = re.compile(r"['\u2018\u2019_]+")
# Han ideographs: indexed as single characters in the folded field.
_HAN = re.compile(r"[\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
# Scripts written without spaces between words; spaces between two such characters are
# dropped for completion so "สินเชื่อ ธุรกิจ" and "สินเชื่อธุรกิจ" complete alike.
_CONTINUA = (
    "\u0e00-\u0eff\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f\u1780-\u17ff\u19e0-\u19ff"
    "\u3005\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003ffff"
)
_CONTINUA_GAP = re.compile(f"(?<=[{_CONTINUA}]) (?=[{_CONTINUA}])")

# Only characters in these ranges (Latin letters, combining marks) and non-ASCII digits
# can change under fold(); everything else skips the per-character work.
_LATIN_FOLDABLE = re.compile(
    r"[\u00c0-\u02af\u0300-\u036f\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f]"
)
_DIGIT = re.compile(r"\d")
# Latin letters that carry their "accent" in the base letter, so NFD cannot strip it.
_LATIN_SPECIAL = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "TH",
        "ħ": "h",
        "Ħ": "H",
        "ı": "i",
        "ŧ": "t",
        "Ŧ": "T",
        "ŀ": "l",
        "Ŀ": "L",
        "ƀ": "b",
        "ƒ": "f",
        "ɨ": "i",
        "ʉ": "u",
        "ſ": "s",
        "ĸ": "k",
    }
)


class Terms(NamedTuple):
    """Whitespace-joined tokens for the exact field and for the folded field."""

    exact: str
    folded: str


def _as_text(text: object) -> str:
    """Coerce None and non-strings to text, so callers never crash on odd input."""
    if text is None:
        return ""
    return text if isinstance(text, str) else str(text)


def _nfkc_outside_thai_lao(text: str) -> str:
    """NFKC everywhere except Thai/Lao runs, which NFKC would damage."""
    if not _THAI_LAO_RUN.search(text):
        return unicodedata.normalize("NFKC", text)
    parts: list[str] = []
    pos = 0
    for match in _THAI_LAO_RUN.finditer(text):
        parts.append(unicodedata.normalize("NFKC", text[pos : match.start()]))
        parts.append(match.group())
        pos = match.end()
    parts.append(unicodedata.normalize("NFKC", text[pos:]))
    return "".join(parts)


def _normalise_once(text: str) -> str:
    """One pass of the normalisation steps (see normalise)."""
    text = _CONTROL.sub(" ", text.replace(_ZWSP, " "))
    text = _INVISIBLE.sub("", text)
    # NFKC folds full-width Latin/digits, half-width kana, ligatures, NBSP and the
    # ideographic space; casefold can emit unnormalised sequences, hence NFKC again.
    text = _nfkc_outside_thai_lao(_nfkc_outside_thai_lao(text).casefold())
    text = _THAI_AM_SPLIT.sub("\\1\u0e33", text)
    text = _LAO_AM_SPLIT.sub("\\1\u0eb3", text)
    return " ".join(text.split())


def normalise(text: str) -> str:
    """Return text as NFKC (NFC for Thai/Lao), casefolded, without controls, single-spaced."""
    text = _as_text(text)
    if text.isascii():
        # NFKC and the invisible characters leave ASCII alone, casefold is lower().
        return " ".join(_CONTROL.sub(" ", text).lower().split())
    result = _normalise_once(text)
    # Casefold + NFKC is not closed for a handful of exotic characters (e.g. Greek
    # iota subscript); iterate to the fixed point so normalise is idempotent. A result
    # that casefolding leaves alone is already there: it is NFKC (NFC in Thai/Lao
    # runs), so a second pass would change nothing.
    for _ in range(3):
        if result.casefold() == result:
            break
        again = _normalise_once(result)
        if again == result:
            break
        result = again
    return result


def segment(text: str) -> list[str]:
    """Split text into words with ICU word break, dropping punctuation/space/emoji segments."""
    text = _as_text(text)
    if not text.isascii():
        text = _INVISIBLE.sub("", text)  # lone surrogates would crash ICU's UTF-8 input
    return _segment_visible(text)


def _segment_visible(text: str) -> list[str]:
    """segment() of a text already without invisible characters (e.g. normalised)."""
    if not text:
        return []
    words: list[str] = []
    # icu4py has no setText(): a breaker is built per text, cloned by ICU from its
    # process-wide cached prototype (~3 µs), so there is no per-thread state to keep.
    for piece in WordBreaker(text, _ROOT):
        if piece.isalnum():  # most words: no marks, apostrophes or underscores
            words.append(piece)
        elif piece == " " or not _HAS_ALNUM.search(piece):
            continue
        elif _INNER_SPLIT.search(piece):
            words.extend(part for part in _INNER_SPLIT.split(piece) if _HAS_ALNUM.search(part))
        else:
            words.append(piece)
    return words


@lru_cache(maxsize=4096)
def _is_latin(char: str) -> bool:
    """Tell whether a character is a Latin-script letter."""
    return unicodedata.name(char, "").startswith("LATIN ")


def fold(token: str) -> str:
    """Strip accents from Latin letters only, map đ/ø/ł/ß/æ-style letters and digits to ASCII."""
    # Case-preserving (Đ -> D); the pipeline casefolds before folding, so đ and Đ both
    # end up as "d" in the index.
    token = _as_text(token)
    if token.isascii() or not foldable(token):
        return token
    return _fold_cached(token) if len(token) <= MAX_TOKEN_CHARS else _fold(token)


def foldable(text: str) -> bool:
    """Tell whether fold() could change text: Latin letters or marks, non-ASCII digits."""
    # Two simple scans are much faster on long Thai or Khmer text than one regex
    # with a lookahead for "a digit but not 0-9"; texts hold few digits.
    return bool(_LATIN_FOLDABLE.search(text)) or not all(
        digit.isascii() for digit in _DIGIT.findall(text)
    )


@lru_cache(maxsize=16_384)
def _fold_cached(token: str) -> str:
    """Memoised _fold: words repeat heavily across documents (Zipf), long strings are not cached."""
    return _fold(token)


def _fold(token: str) -> str:
    """Do the per-character folding work for fold."""
    out: list[str] = []
    base_is_latin = False
    for char in unicodedata.normalize("NFD", token).translate(_LATIN_SPECIAL):
        if unicodedata.category(char)[0] == "M":
            # A mark belongs to the preceding base: drop it under Latin letters only.
            # Thai/Lao/Khmer/Burmese/Tamil/Devanagari vowels and tone marks are
            # combining marks too, and dropping them would change the word.
            if not base_is_latin:
                out.append(char)
            continue
        base_is_latin = _is_latin(char)
        if char.isdecimal() and not char.isascii():
            # Thai/Lao/Khmer/Burmese digits: let "๒๕๖๗" match "2567".
            out.append(str(unicodedata.decimal(char)))
        else:
            out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def _clip(text: object, limit: int) -> str:
    """Cut input to at most limit characters before any heavy work."""
    return _as_text(text)[:limit]


def _tokens(text: object, limit: int) -> list[str]:
    """Normalise and segment bounded input into exact tokens."""
    # normalise() has removed every invisible character segment() would remove.
    return [word[:MAX_TOKEN_CHARS] for word in _segment_visible(normalise(_clip(text, limit)))]


def _folded(tokens: list[str]) -> list[str]:
    """Fold each token; spell Han words out as single characters."""
    joined = " ".join(tokens)
    if joined.isascii() or not (foldable(joined) or _HAN.search(joined)):
        return tokens  # nothing to fold, no Han: one scan instead of one per token
    out: list[str] = []
    for token in tokens:
        folded = fold(token)
        if _HAN.search(folded):
            # Chinese words are indexed (and queried) character by character here, so
            # "企" finds "中小企业" and "企业" still matches as adjacent characters.
            out.extend(char for char in folded if char.isalnum())
        else:
            out.append(folded)
    return out


def index_tokens(text: str) -> tuple[str, list[str], list[str]]:
    """The normalised text, its exact tokens and its folded tokens (index-side bounds)."""
    normalised = normalise(_clip(text, MAX_INDEX_CHARS))
    tokens = [word[:MAX_TOKEN_CHARS] for word in _segment_visible(normalised)]
    return normalised, tokens, _folded(tokens)


def query_tokens(text: str) -> tuple[str, list[str], list[str]]:
    """The normalised query, its exact tokens and its folded tokens (query-side bounds)."""
    normalised = normalise(_clip(text, MAX_QUERY_CHARS))
    tokens = [word[:MAX_TOKEN_CHARS] for word in _segment_visible(normalised)]
    return normalised, tokens[:MAX_QUERY_TOKENS], _folded(tokens)[:MAX_QUERY_TOKENS]


def fold_tokens(tokens: list[str]) -> list[str]:
    """Fold each token as the folded field does (Han words become single characters)."""
    return _folded(tokens)


def index_terms(text: str) -> Terms:
    """Return the exact and folded index strings for a document text field."""
    tokens = _tokens(text, MAX_INDEX_CHARS)
    return Terms(" ".join(tokens), " ".join(_folded(tokens)))


def query_terms(text: str) -> Terms:
    """Return the exact and folded query strings for a user query (for match queries)."""
    tokens = _tokens(text, MAX_QUERY_CHARS)
    return Terms(
        " ".join(tokens[:MAX_QUERY_TOKENS]),
        " ".join(_folded(tokens)[:MAX_QUERY_TOKENS]),
    )


def _clip_utf16(text: str, limit: int) -> str:
    """Cut text to at most limit UTF-16 code units, as ES counts max_input_length."""
    if len(text) <= limit // 2:
        return text
    if text.isascii() or max(text) <= "\uffff":  # one unit per character
        return text if len(text) <= limit else text[:limit].rstrip()
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index].rstrip()
    return text


def _suggest_form(text: object, limit: int) -> str:
    """Return the canonical completion form: normalised, unpunctuated, folded, gaps closed."""
    text = normalise(_clip(text, limit))
    # Character-level (no word segmentation) so a half-typed prefix gets exactly the
    # same treatment as the title: ICU segments partial Thai words unpredictably.
    kept = "".join(
        char if char.isalnum() or unicodedata.category(char)[0] == "M" else " " for char in text
    )
    # Fold first: folding turns Thai/Burmese digits into ASCII, which are not no-space script.
    return _CONTINUA_GAP.sub("", fold(" ".join(kept.split())))


def suggest_input(title: str) -> list[str]:
    """Return completion inputs: the canonical title plus its suffixes from each word on."""
    form = _suggest_form(title, MAX_TITLE_CHARS)
    if not form:
        return []
    inputs: list[str] = [_clip_utf16(form, SUGGEST_MAX_INPUT_LENGTH)]
    seen: set[str] = set(inputs)
    pos = 0
    # Iterate pieces (not segments(), whose offsets are UTF-16 units) to find where
    # each word starts; a suffix from there lets a middle word complete the title.
    for piece in WordBreaker(form, _ROOT):
        if _HAS_ALNUM.search(piece):
            candidate = _clip_utf16(form[pos:], SUGGEST_MAX_INPUT_LENGTH)
            if candidate and candidate not in seen:
                seen.add(candidate)
                inputs.append(candidate)
                if len(inputs) >= MAX_SUGGEST_INPUTS:
                    break
        pos += len(piece)
    return inputs


def suggest_prefix(text: str) -> str:
    """Return the completion prefix for what the user has typed so far ('' means don't ask)."""
    return _clip_utf16(_suggest_form(text, MAX_QUERY_CHARS), SUGGEST_MAX_INPUT_LENGTH)
