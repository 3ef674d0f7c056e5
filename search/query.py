"""What a query means: its words, the synonyms and facet values they name, and the
Elasticsearch query that finds them.

A query is read into *units*: a word, a hyphenated compound, or a phrase the
lexicon knows ("certificate of origin", "Kredit Usaha Rakyat"). A unit matches a
page when any of its forms is in the page's title or text (exact, without accents,
stemmed, as a synonym, or one typo away), or when it names a facet value the page
has ("women", "cambodia", "grant" in any of the eleven languages). Most units must
match (`ranking.MINIMUM_SHOULD_MATCH`); the database fallback applies the same units
and the same rule (`search.backends`). Weights are in `search.ranking`.

The lexicon joins the editors' synonym groups (`SynonymGroup`) with the taxonomy's
labels in every language: groups that share a term are one concept, and a concept
that contains a label matches that facet value.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils.translation import override
from modeltranslation.utils import build_localized_fieldname

from search import analysis, ranking
from search import text as pipeline
from search.document_text import suffix
from servicecentre.labels import content_type_label, section_label
from servicecentre.models import content_models

__all__ = [
    "Unit",
    "analyse",
    "clear_lexicon",
    "elasticsearch_query",
    "lexicon_generation",
]

MAX_PHRASE_TOKENS = 8
MAX_UNITS = 16  # a longer query is not a question any more; its first words decide
MAX_ALTERNATIVES = 24  # per unit and language: bounds the body whatever the synonyms

# The taxonomy models whose labels name facet values, with the document field.
_TAXONOMY_FIELDS = (
    ("servicecentre.Country", "country"),
    ("servicecentre.Sector", "sector"),
    ("servicecentre.EnterpriseSize", "size"),
    ("servicecentre.SupportType", "support"),
    ("servicecentre.TargetGroup", "target"),
)
# Parts of a label that stand alone: "Agriculture, forestry and fishing".
_LABEL_PARTS = re.compile(r"[,;、，；/]")
# Words typed in capitals are acronyms: never fuzzy, never "corrected".
_ACRONYM = re.compile(r"(?<![\w])[A-Z][A-Z0-9&]{1,11}s?(?![\w])")

_KEY_STOP_WORDS = frozenset().union(*analysis.STOP_WORDS.values())
_ENGLISH_KEY = "en"

# Scripts of the fields of each language: a synonym in another script cannot match there.
_LANGUAGE_SCRIPT = {
    "th": "THAI",
    "lo": "LAO",
    "km": "KHMER",
    "my": "MYANMAR",
    "zh-hans": "CJK",
    "ta": "TAMIL",
}


@dataclass(frozen=True)
class Unit:
    """One thing the reader asked for."""

    exact: tuple[str, ...]  # the words as typed (normalised)
    folded: tuple[str, ...]  # the same, accents folded
    alternatives: tuple[str, ...] = ()  # other phrases for it (folded words, space-joined)
    facets: tuple[tuple[str, str], ...] = ()  # (document field, value) it names
    fuzzy: str = ""  # the folded word a typo may have changed ("" = no typo tolerance)

    @property
    def text(self) -> str:
        return " ".join(self.exact)


# --- The lexicon --------------------------------------------------------------------


def _key_token(token: str) -> str:
    """The form lexicon matching compares: folded, English-stemmed when plain Latin."""
    if token.isascii() and token.isalpha():
        return analysis.stems([token], _ENGLISH_KEY, keep_stop_words=True)[0]
    return token


def _phrase_tokens(text: str) -> list[str]:
    """Each word of a phrase folded (a Han word spelled as space-separated characters)."""
    _normalised, exact, _folded = pipeline.query_tokens(text)
    return [" ".join(pipeline.fold_tokens([token])) for token in exact]


def _key(tokens: Iterable[str]) -> tuple[str, ...]:
    return tuple(_key_token(t) for t in tokens if t not in _KEY_STOP_WORDS)[:MAX_PHRASE_TOKENS]


@dataclass
class _Concept:
    phrases: list[str] = field(default_factory=list)
    facets: set[tuple[str, str]] = field(default_factory=set)


class Lexicon:
    """Phrase keys → concepts (synonym groups merged with taxonomy labels)."""

    def __init__(self, groups: Sequence[tuple[list[str], set[tuple[str, str]]]]):
        parent: list[int] = list(range(len(groups)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        owner: dict[tuple[str, ...], int] = {}
        phrase_lists: list[list[str]] = []
        for index, (phrases, facets) in enumerate(groups):
            keyed = []
            for phrase in phrases:
                tokens = _phrase_tokens(phrase)
                key = _key(tokens)
                if not key:
                    continue
                keyed.append(" ".join(tokens))
                if key not in owner:
                    owner[key] = index
                elif not (facets and groups[owner[key]][1]):
                    # Two taxonomy terms never merge through a shared word ("สินเชื่อ" is
                    # in the labels of Loan and Trade finance): only an editor's group joins.
                    parent[find(index)] = find(owner[key])
            phrase_lists.append(keyed)
        concepts: dict[int, _Concept] = {}
        for index, (_phrases, facets) in enumerate(groups):
            concept = concepts.setdefault(find(index), _Concept())
            concept.phrases.extend(p for p in phrase_lists[index] if p not in concept.phrases)
            concept.facets |= facets
        self.concepts = {key: concepts[find(index)] for key, index in owner.items()}
        self.longest = max((len(key) for key in self.concepts), default=0)

    def match(self, keys: Sequence[str], start: int) -> tuple[int, _Concept] | None:
        """The longest known phrase at `start`: (its length in keys, its concept)."""
        for length in range(min(self.longest, len(keys) - start), 0, -1):
            concept = self.concepts.get(tuple(keys[start : start + length]))
            if concept is not None:
                return length, concept
        return None


def _taxonomy_groups() -> list[tuple[list[str], set[tuple[str, str]]]]:
    groups = []
    for label, document_field in _TAXONOMY_FIELDS:
        model = apps.get_model(label)
        for term in model.objects.all():
            phrases = []
            for language in settings.LANGUAGE_CODES:
                name = getattr(term, build_localized_fieldname("name", language), "") or ""
                phrases.extend(_label_phrases(name, language))
            groups.append((phrases, {(document_field, term.code)}))
    for code in content_models():
        phrases = []
        for language in settings.LANGUAGE_CODES:
            with override(language):
                for label in (content_type_label(code), section_label(code)):
                    phrases.extend(_label_phrases(str(label), language))
        groups.append((phrases, {("type", code)}))
    return groups


def _label_phrases(label: str, _language: str) -> list[str]:
    """The parts of a label a reader may type alone: "Agriculture, forestry and fishing"."""
    return [part.strip() for part in _LABEL_PARTS.split(label) if part.strip()]


def _synonym_groups() -> list[tuple[list[str], set[tuple[str, str]]]]:
    model = apps.get_model("sc_search", "SynonymGroup")
    return [(group.term_list(), set()) for group in model.objects.filter(active=True)]


LEXICON_CHECK_SECONDS = 60  # other processes see an editor's change within a minute


class _LexiconState:
    """The process's lexicon, rebuilt only when its sources changed.

    A save or delete in this process (signals → clear_lexicon) rebuilds it at once.
    Other processes compare a cheap fingerprint of the sources once a minute and
    rebuild only when it differs, so no request waits for a rebuild that changes
    nothing (a build reads and analyses ~1,200 phrases: ~0.1-0.2 s).
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.lexicon: Lexicon | None = None
        self.version = 0
        self.fingerprint: tuple | None = None
        self.checked = float("-inf")
        self.stale = True

    def current(self) -> Lexicon:
        now = time.monotonic()
        if (
            self.lexicon is not None
            and not self.stale
            and now - self.checked < LEXICON_CHECK_SECONDS
        ):
            return self.lexicon
        with self.lock:
            fingerprint = _fingerprint()
            if self.lexicon is None or self.stale or fingerprint != self.fingerprint:
                self.lexicon = Lexicon(_taxonomy_groups() + _synonym_groups())
                self.fingerprint = fingerprint
                self.version += 1
                self.stale = False
            self.checked = now
            return self.lexicon


def _fingerprint() -> tuple:
    """What the lexicon is built from, in a few small queries: any edit changes it."""
    parts: list[Any] = [
        tuple(
            apps.get_model("sc_search", "SynonymGroup")
            .objects.filter(active=True)
            .order_by("pk")
            .values_list("pk", "terms")
        )
    ]
    for label, _field in _TAXONOMY_FIELDS:
        model = apps.get_model(label)
        names = [build_localized_fieldname("name", lang) for lang in settings.LANGUAGE_CODES]
        parts.append(tuple(model.objects.order_by("pk").values_list("pk", *names)))
    return (hash(tuple(parts)),)


_STATE = _LexiconState()


def clear_lexicon(**_kwargs) -> None:
    """Rebuild the lexicon on next use (connected to saves and deletes of its sources)."""
    _STATE.stale = True


def lexicon() -> Lexicon:
    return _STATE.current()


def lexicon_generation() -> int:
    """Changes whenever the lexicon changed: part of every cache key built on it."""
    lexicon()
    return _STATE.version


# --- Reading a query ----------------------------------------------------------------


def _script(text: str) -> str:
    for char in text:
        if char.isalpha():
            return unicodedata.name(char, "LATIN").split(" ", 1)[0]
    return "LATIN"


def usable_in(phrase: str, language: str) -> bool:
    """Whether a phrase can match the fields of `language` (same script, or Latin)."""
    script = _script(phrase)
    return script == "LATIN" or script == _LANGUAGE_SCRIPT.get(language)


def acronyms(raw_query: str) -> frozenset[str]:
    """The words typed in capitals ("KUR", "SMEs"), casefolded."""
    return frozenset(word.casefold().rstrip("s") for word in _ACRONYM.findall(raw_query))


def _typo_tolerant(folded: str, raw_query: str) -> bool:
    return (
        len(folded) >= 5
        and folded.isascii()
        and folded.isalpha()
        and folded.rstrip("s") not in acronyms(raw_query)
    )


@lru_cache(maxsize=2048)
def _analyse(raw_query: str, language: str, _generation: int) -> tuple[Unit, ...]:
    normalised, exact, _folded = pipeline.query_tokens(raw_query)
    folded = _phrase_tokens(raw_query) if exact else []
    stop = analysis.STOP_WORDS.get(language, frozenset())
    if language == "en" or language in _LANGUAGE_SCRIPT:
        # Latin words typed on a Thai, Khmer... page are English; on a Malay or
        # Vietnamese page they are that language ("an" is Vietnamese for safe).
        stop = stop | analysis.STOP_WORDS["en"]
    content = [i for i, token in enumerate(folded) if token not in stop] or list(range(len(exact)))
    # Hyphenated compounds ("start-up") are one unit, matched joined and apart.
    compound_at: dict[int, int] = {}
    for joined in _compound_spans(normalised, exact):
        compound_at[joined[0]] = joined[1]
    keys = [_key_token(folded[i]) for i in content]
    lex = lexicon()
    units: list[Unit] = []
    position = 0
    while position < len(content) and len(units) < MAX_UNITS:
        start = content[position]
        found = lex.match(keys, position)
        if found is not None:
            length, concept = found
            span = content[position : position + length]
            words = [exact[i] for i in span]
            typed = " ".join(folded[i] for i in span)
            units.append(
                Unit(
                    exact=tuple(words),
                    folded=tuple(folded[i] for i in span),
                    alternatives=tuple(p for p in concept.phrases if p != typed),
                    facets=tuple(sorted(concept.facets)),
                )
            )
            position += length
            continue
        end = compound_at.get(start)
        if end is not None:
            span = [i for i in content[position:] if i <= end]
            units.append(
                Unit(
                    exact=tuple(exact[i] for i in span),
                    folded=tuple(folded[i] for i in span),
                    alternatives=("".join(folded[i] for i in span),),
                )
            )
            position += len(span)
            continue
        token = folded[start]
        units.append(
            Unit(
                exact=(exact[start],),
                folded=(token,),
                fuzzy=token if _typo_tolerant(token, raw_query) else "",
            )
        )
        position += 1
    return tuple(units)


def _compound_spans(normalised: str, exact: list[str]) -> list[tuple[int, int]]:
    """(first, last) token positions of each hyphenated Latin compound in the query."""
    spans = []
    for joined_parts in analysis._COMPOUND.findall(normalised):
        parts = joined_parts.split("-")
        for i in range(len(exact) - len(parts) + 1):
            if exact[i : i + len(parts)] == parts:
                spans.append((i, i + len(parts) - 1))
                break
    return spans


def analyse(raw_query: str, language: str) -> tuple[Unit, ...]:
    """The units of a query typed on a page in `language`."""
    return _analyse(raw_query, language, lexicon_generation())


# --- The Elasticsearch query ----------------------------------------------------------


def _languages(language: str) -> list[tuple[str, float]]:
    weights = [(language, ranking.LANGUAGE_WEIGHTS["reader"])]
    if language != "en":
        weights.append(("en", ranking.LANGUAGE_WEIGHTS["english"]))
    return weights


def _fields(kind: str, language: str) -> list[str]:
    s = suffix(language)
    ending = "" if kind == "exact" else f"_{kind}"
    title = ranking.FIELD_BOOSTS["title"]
    return [f"title_{s}{ending}^{title:g}", f"text_{s}{ending}"]


def _combined(query: str, kind: str, language: str, boost: float) -> dict[str, Any]:
    return {
        "combined_fields": {
            "query": query,
            "fields": _fields(kind, language),
            "operator": "and",
            "boost": round(boost, 3),
        }
    }


def stemmed(phrase_tokens: Sequence[str], language: str) -> str:
    """A phrase's words as the `_stem` field of `language` holds them."""
    words = analysis.stems(list(phrase_tokens), language)
    return " ".join(words or analysis.stems(list(phrase_tokens), language, keep_stop_words=True))


def unit_clause(unit: Unit, language: str) -> dict[str, Any]:
    """The query of one unit: its best way of matching counts (dis_max)."""
    weights = ranking.MATCH_WEIGHTS
    queries: list[dict[str, Any]] = []
    for field_language, weight in _languages(language):
        exact = " ".join(unit.exact)
        folded = " ".join(unit.folded)
        queries.append(_combined(exact, "exact", field_language, weights["exact"] * weight))
        if folded != exact:
            queries.append(_combined(folded, "folded", field_language, weights["folded"] * weight))
        seen = set()
        own = stemmed(unit.folded, field_language)
        if own:
            seen.add(own)
            queries.append(_combined(own, "stem", field_language, weights["stemmed"] * weight))
        for phrase in unit.alternatives:
            if len(seen) > MAX_ALTERNATIVES or not usable_in(phrase, field_language):
                continue
            form = stemmed(phrase.split(), field_language)
            if form and form not in seen:
                seen.add(form)
                queries.append(_combined(form, "stem", field_language, weights["synonym"] * weight))
        if unit.fuzzy:
            queries.append(
                {
                    "multi_match": {
                        "query": unit.fuzzy,
                        "fields": _fields("folded", field_language),
                        "fuzziness": ranking.FUZZINESS,
                        "prefix_length": ranking.FUZZY_PREFIX_LENGTH,
                        "max_expansions": ranking.FUZZY_MAX_EXPANSIONS,
                        "boost": round(weights["fuzzy"] * weight, 3),
                    }
                }
            )
    by_field: dict[str, list[str]] = {}
    for document_field, value in unit.facets:
        by_field.setdefault(document_field, []).append(value)
    for document_field, values in sorted(by_field.items()):
        queries.append(
            {
                "constant_score": {
                    "filter": {"terms": {document_field: values}},
                    "boost": ranking.FACET_WEIGHTS[document_field],
                }
            }
        )
    # Every unit a page matches adds the same points (coordination), so a page with
    # all the reader's words ranks above one with many repeats of a single word; the
    # text score then orders pages that match the same units.
    return {
        "bool": {
            "should": [
                {
                    "constant_score": {
                        "filter": {"bool": {"should": queries}},
                        "boost": ranking.UNIT_MATCHED,
                    }
                },
                {"dis_max": {"queries": queries, "tie_breaker": ranking.TIE_BREAKER}},
            ]
        }
    }


def elasticsearch_query(raw_query: str, language: str, *, any_word: bool = False) -> dict | None:
    """The query part of the search body, or None when the query has no words."""
    units = analyse(raw_query, language)
    if not units:
        return None
    minimum = ranking.ANY_WORD if any_word else ranking.MINIMUM_SHOULD_MATCH
    required = {
        "bool": {
            "should": [unit_clause(unit, language) for unit in units],
            "minimum_should_match": minimum,
        }
    }
    words = [word for unit in units for word in unit.exact]
    phrases = []
    if len(words) > 1:
        for field_language, weight in _languages(language):
            s = suffix(field_language)
            for name in ("title", "text"):
                phrases.append(
                    {
                        "match_phrase": {
                            f"{name}_{s}": {
                                "query": " ".join(words),
                                "slop": ranking.PHRASE_SLOP,
                                "boost": round(ranking.PHRASE_WEIGHTS[name] * weight, 3),
                            }
                        }
                    }
                )
    # Pages written in the reader's language (not only in English) rank a little higher.
    preferred = [
        {
            "constant_score": {
                "filter": {"exists": {"field": f"title_{suffix(language)}"}},
                "boost": ranking.READER_LANGUAGE_PAGE,
            }
        }
    ]
    if language == "en":
        preferred = []
    query: dict[str, Any] = {"bool": {"must": [required]}}
    if phrases or preferred:
        query["bool"]["should"] = phrases + preferred
    return query
