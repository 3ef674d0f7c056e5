"""Every weight of the public search in one table, with one line of reasoning each.

Read by `search.query` (the Elasticsearch body) and `search.backends` (the database
fallback's simpler score). Change a number here, run `make relevance`, and record the
new nDCG@10 in docs/search-relevance.md: the relevance test holds the figure.
"""

from __future__ import annotations

# Where a word is found.
FIELD_BOOSTS = {
    "title": 3.0,  # a word in the title says what the page is about
    "text": 1.0,  # summary, body, provider and type-specific text
}

# Which language's fields.
LANGUAGE_WEIGHTS = {
    "reader": 1.0,  # the reader's own language first
    "english": 0.7,  # English is every page's fallback; a match there counts, a bit less
}

# How a query word (a "unit") matches; the best way counts (dis_max), plus a little
# of the others (TIE_BREAKER) so a page matching several ways ranks higher.
MATCH_WEIGHTS = {
    "exact": 1.5,  # the word as typed: exact words rank above their stems
    "folded": 1.2,  # the word without accents ("vay von" for "vay vốn")
    "stemmed": 1.0,  # the same stem ("loans" for "loan", "exporters" for "export")
    "synonym": 0.8,  # an editor's synonym or acronym ("credit" for "loan")
    "fuzzy": 0.35,  # a typo away ("finacing"): a last resort, never above real words
}
TIE_BREAKER = 0.3
# Points for each query unit a page matches at all, whatever the way: a page with all
# of the reader's words outranks one that repeats a single word many times.
UNIT_MATCHED = 4.0
# A page written in the reader's language (not English only) ranks a little higher:
# a Thai reader typing สินเชื่อ wants Thai lenders first.
READER_LANGUAGE_PAGE = 2.0

# A query word that names a facet value matches pages with that value, at a constant
# score comparable to a good text match (BM25 scores here are mostly 1 to 10).
FACET_WEIGHTS = {
    "country": 4.0,  # "in cambodia": the reader wants that country's pages
    "type": 2.5,  # "incubator", "market guide": the kind of page wanted
    "support": 3.0,  # "grant", "loan": the kind of support wanted
    "target": 3.0,  # "women", "exporters": pages made for that group
    "sector": 1.0,  # most pages cover all sectors: weak evidence
    "size": 0.5,  # nearly every page covers every size: a match, not a ranking signal
}

# Phrase bonus: the words as typed, in order, close together.
PHRASE_WEIGHTS = {"title": 4.0, "text": 1.5}
PHRASE_SLOP = 2

# Most but not all query words must match (Elasticsearch minimum_should_match): one
# word → it; two → either (ranked both first); three or four → all but one; more → 75%.
MINIMUM_SHOULD_MATCH = "1<-1 4<75%"
# The relaxed query ("results for any of the words") when the normal one finds nothing.
ANY_WORD = "1"

# Typo tolerance on the folded fields: one edit from 5 letters, two from 9; the first
# letter must be right (typos rarely start a word, and it keeps the expansion small).
FUZZINESS = "AUTO:5,9"
FUZZY_PREFIX_LENGTH = 1
FUZZY_MAX_EXPANSIONS = 20
