"""A reader or editor keeps to confirmed information with the `verification` facet."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from search.backends import search_database
from search.params import parse_search_params

pytestmark = pytest.mark.django_db


def search(query: str):
    params = parse_search_params(QueryDict(query), default_lang="en", strict=True)
    return search_database(params)


def test_the_verification_facet_filters_and_counts_states(make_page):
    make_page("financing_scheme")
    make_page("incubator")
    verified = make_page("market_guide", "verified")
    confirmed = make_page("registration_guide", "confirmed_by_provider")

    everything = search("")
    confirmed_only = search("verification=verified&verification=confirmed_by_provider")

    assert everything.counts["verification"] == {
        "compiled": 2,
        "verified": 1,
        "confirmed_by_provider": 1,
    }
    assert {item["id"] for item in confirmed_only.results} == {
        verified.external_id,
        confirmed.external_id,
    }
    by_id = {item["id"]: item for item in everything.results}
    assert by_id[verified.external_id]["verification_status"] == "verified"
    assert by_id[verified.external_id]["last_verified"] == "2026-11-30"
