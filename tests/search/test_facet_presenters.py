"""Each facet words its own chip and part of the result summary (search.facets.Facet)."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from search.documents import index_body
from search.facets import FACETS, FACETS_BY_KEY
from search.params import InvalidParameter, parse_search_params
from search.views import _summary


def options(selected: dict[str, list[str]]) -> dict[str, list[dict]]:
    return {
        facet.key: [
            {"value": label, "label": label, "count": 1, "selected": True}
            for label in selected.get(facet.key, [])
        ]
        for facet in FACETS
    }


def test_the_summary_puts_countries_first_and_the_other_facets_in_brackets_by_rank():
    params = parse_search_params(QueryDict("q=loan"), default_lang="en", strict=True)
    chosen = {
        "sector": ["Manufacturing"],
        "country": ["Malaysia", "Thailand"],
        "type": ["Financing scheme"],
        "verification": ["Verified"],  # not part of the sentence
    }
    assert _summary(params, 1234, options(chosen)) == (
        "1,234 results for ‘loan’ in Malaysia, Thailand (Financing scheme; Manufacturing)"
    )
    assert _summary(params, 1, options({})) == "1 result for ‘loan’"


def test_a_chip_removes_only_its_own_value():
    facet = FACETS_BY_KEY["sector"]
    shown = [
        {"value": "A", "label": "Agriculture", "selected": True},
        {"value": "C", "label": "Manufacturing", "selected": True},
        {"value": "F", "label": "Construction", "selected": False},
    ]
    chips = facet.chips(shown, ("A", "C"), lambda values: "?sector=" + ",".join(values))
    assert chips == [
        {"label": "Agriculture", "facet": facet.heading, "url": "?sector=C"},
        {"label": "Manufacturing", "facet": facet.heading, "url": "?sector=A"},
    ]


@pytest.mark.django_db
def test_a_facet_has_one_name_from_the_url_to_the_index():
    """The query parameter, the key in the answer and the search document's field are
    one word (issue 13: the size facet was `size` in the URL and `sizes` in the index)."""
    properties = index_body()["mappings"]["properties"]
    for facet in FACETS:
        assert properties[facet.key]["type"] == "keyword", facet.key
        with pytest.raises(InvalidParameter) as refused:
            parse_search_params(
                QueryDict(f"{facet.key}=no-such-value"), default_lang="en", strict=True
            )
        assert refused.value.name == facet.key
