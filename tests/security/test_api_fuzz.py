"""No generated query string makes the search, suggest or MSME size API answer a 5xx.

Hypothesis builds raw query strings from the APIs' parameter names and junk names, with
known values, unicode in every script, control characters, huge and odd numbers,
repeated parameters and invalid percent-encodings, and each test counts the requests it
really sent (2,030 across the file). The search API answers from the real
Elasticsearch node and from the database fallback.
"""

from __future__ import annotations

import json
import re
import string
from urllib.parse import quote

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

SEARCH_PARAMS = [
    "q",
    "lang",
    "country",
    "sector",
    "type",
    "size",
    "support",
    "target",
    "sort",
    "page",
    "page_size",
]
MSME_PARAMS = ["country", "sector", "employees", "annual_sales", "assets", "capital", "lang"]
JUNK_PARAMS = [
    "",
    "Q",
    "q[]",
    "country[]",
    "page_size ",
    "__proto__",
    "csrfmiddlewaretoken",
    "format",
    "callback",
    "%",
    "q\x00",
    "ประเทศ",
]
KNOWN_VALUES = [
    *("BN KH ID LA MY MM PH SG TH VN ASEAN".split()),
    *string.ascii_uppercase[:21],
    "financing_scheme",
    "fta_guide",
    "market_guide",
    "registration_guide",
    "incubator",
    "micro",
    "small",
    "medium",
    "large",
    "grant",
    "loan",
    "credit_guarantee",
    "equity",
    "women",
    "youth",
    "exporters",
    "relevance",
    "newest",
    "title",
    *settings.LANGUAGE_CODES,
    "manufacturing",
    "services_and_others",
    "wholesale",
    "retail",
    "other_service",
    "labour_intensive_manufacturing",
    "service",
    "others",
    "agriculture",
    "MY:manufacturing",
    "TH:retail",
    "VN:agriculture",
    "MM:others",
    "loan",
    "เงินกู้",
    "vốn vay",
    "von vay",
    "ឥណទាន",
    "ເງິນກູ້",
    "ချေးငွေ",
    "贷款",
    "கடன்",
]
ODD_NUMBERS = [
    "0",
    "-0",
    "1",
    "-1",
    "00001",
    "1.5",
    "1e3",
    "1e309",
    "-1e309",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "0x10",
    "1_000",
    "1,000",
    "1 000",
    "１２３",
    "๑๒๓",
    "٣",
    "²",
    "9" * 40,
    "9" * 5000,
    "10000000000000000000000000000000",
    "2147483648",
    "9223372036854775808",
    "0.0000000000000000000001",
    "1.",
    ".5",
    "+5",
    " 40 ",
    "40\x00",
]
CONTROL = "".join(chr(c) for c in range(32)) + "\x7f\u0085\u200b\u200e\u202e\ufeff\u2028"


def encode(text: str) -> str:
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


raw_bytes = st.binary(max_size=24).map(lambda data: "".join(f"%{byte:02X}" for byte in data))
junk_fragments = st.sampled_from(
    ["&", "&&", "=", "==", "%", "%zz", "%E0%A4", "%C0%AF", "%ED%A0%80", "a=b=c", "+", ";", "?"]
)


def value_strategy() -> st.SearchStrategy[str]:
    """Percent-encoded values, plus the odd raw byte sequence."""
    text = st.one_of(
        st.sampled_from(KNOWN_VALUES),
        st.sampled_from(ODD_NUMBERS),
        st.integers(min_value=-(10**40), max_value=10**40).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.text(max_size=30),
        st.text(alphabet=CONTROL, max_size=10),
        # Long values, cheaply: a short text repeated (generating long ones is slow).
        st.tuples(st.text(min_size=1, max_size=12), st.integers(20, 400)).map(
            lambda text_times: text_times[0] * text_times[1]
        ),
    )
    return st.one_of(text.map(encode), raw_bytes)


def query_strategy(names: list[str]) -> st.SearchStrategy[str]:
    """A raw QUERY_STRING: repeated and unknown parameters, junk between them."""
    name = st.one_of(st.sampled_from(names), st.sampled_from(JUNK_PARAMS), st.text(max_size=8)).map(
        encode
    )
    pair = st.tuples(name, value_strategy()).map(lambda kv: f"{kv[0]}={kv[1]}")
    part = st.one_of(pair, pair, pair, junk_fragments)
    return st.lists(part, max_size=8).map("&".join)


def examples(count: int):
    return hypothesis_settings(
        max_examples=count,
        deadline=None,
        database=None,  # no example database: each run stands on its own, as in CI
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def get(client, path: str, query: str):
    # WSGI hands Django the query string as latin-1 text of the raw bytes.
    return client.get(path, QUERY_STRING=query.encode("utf-8", "surrogatepass").decode("latin-1"))


def check_json_answer(response, path: str, query: str) -> dict:
    assert response.status_code < 500, (path, query, response.status_code)
    assert response.status_code in (200, 400), (path, query, response.status_code)
    assert response["Content-Type"].startswith("application/json"), (path, query)
    body = json.loads(response.content)
    if response.status_code == 400:
        assert body["error"], (path, query)
    return body


def check_search_answer(body: dict) -> None:
    assert {"total", "page", "page_size", "backend", "results", "facets"} <= set(body)
    for result in body["results"]:
        # Highlights are HTML: escaped text with <mark> as the only markup.
        assert "<" not in re.sub(r"</?mark>", "", result["highlight"]), result["highlight"]


@pytest.fixture
def indexed_content(site, publish_scheme, es_client):
    """A few published pages (some with markup, in several scripts), indexed in the real node."""
    from search.client import alias_name
    from search.indexing import rebuild

    publish_scheme(
        slug="th-fuzz-loan",
        title="Working capital loan",
        summary='Loan guarantee <script>alert("x")</script> for exporters',
    )
    publish_scheme(
        slug="my-fuzz-grant",
        title="Digitalisation grant",
        country="MY",
        summary="Grant & matching fund < 50% > for SMEs",
    )
    publish_scheme(
        slug="vn-fuzz-credit",
        title="Tín dụng cho doanh nghiệp",
        country="VN",
        summary="Vốn vay ưu đãi cho doanh nghiệp nhỏ và vừa",
    )
    publish_scheme(
        slug="la-fuzz-fund", title="ກອງທຶນສົ່ງເສີມ", country="LA", summary="ເງິນກູ້ສຳລັບວິສາຫະກິດຂະໜາດນ້ອຍ"
    )
    report = rebuild()
    es_client.indices.refresh(index=alias_name())
    return report


def test_search_api_answers_every_generated_query_without_a_server_error(client, indexed_content):
    sent = []
    answered = []

    @examples(400)
    @given(query=query_strategy(SEARCH_PARAMS))
    def check(query):
        response = get(client, "/api/v1/search/", query)
        sent.append(query)
        body = check_json_answer(response, "/api/v1/search/", query)
        if response.status_code == 200:
            check_search_answer(body)
            assert body["backend"] == "elasticsearch", query
            answered.append(query)

    check()
    assert len(sent) >= 400
    assert len(answered) >= 100  # Elasticsearch really ran the queries, not just the parser
    # Elasticsearch answered with content, not just errors: a plain query still finds it.
    found = json.loads(client.get("/api/v1/search/", {"q": "loan"}).content)
    assert found["backend"] == "elasticsearch" and found["total"] >= 1


def test_search_api_on_the_database_fallback_answers_every_generated_query(
    client, site, publish_scheme, settings
):
    settings.ELASTICSEARCH_URL = ""
    publish_scheme(
        slug="th-fuzz-db-loan",
        title="Working capital loan",
        summary='Loan guarantee <script>alert("x")</script> for exporters',
    )
    sent = []

    @examples(80)
    @given(query=query_strategy(SEARCH_PARAMS))
    def check(query):
        response = get(client, "/api/v1/search/", query)
        sent.append(query)
        body = check_json_answer(response, "/api/v1/search/", query)
        if response.status_code == 200:
            check_search_answer(body)
            assert body["backend"] == "database", query

    check()
    assert len(sent) >= 80


def test_suggest_api_answers_every_generated_query_without_a_server_error(client, indexed_content):
    sent = []

    @examples(950)
    @given(query=query_strategy(SEARCH_PARAMS))
    def check(query):
        response = get(client, "/api/v1/search/suggest/", query)
        sent.append(query)
        body = check_json_answer(response, "/api/v1/search/suggest/", query)
        if response.status_code == 200:
            assert isinstance(body["suggestions"], list)

    check()
    assert len(sent) >= 950
    found = json.loads(client.get("/api/v1/search/suggest/", {"q": "work"}).content)
    assert [item["title"] for item in found["suggestions"]] == ["Working capital loan"]


def msme_query_strategy(definitions: list[tuple[str, str]]) -> st.SearchStrategy[str]:
    """A valid size check (a real country, sector and figures) with generated parameters after it.

    Django reads the last of repeated parameters, so what follows can override any part.
    """
    figures = st.dictionaries(
        st.sampled_from(["employees", "annual_sales", "assets", "capital"]),
        st.integers(min_value=0, max_value=10**13).map(str),
    )
    base = st.tuples(st.sampled_from(definitions), figures).map(
        lambda both: "&".join(
            [f"country={both[0][0]}"]
            + ([f"sector={both[0][1]}"] if both[0][1] else [])
            + [f"{name}={value}" for name, value in both[1].items()]
        )
    )
    return st.tuples(st.one_of(base, st.just("")), query_strategy(MSME_PARAMS)).map(
        lambda parts: "&".join(part for part in parts if part)
    )


def test_msme_size_api_answers_every_generated_query_without_a_server_error(client, db):
    from msme.models import SizeDefinition

    definitions = list(SizeDefinition.objects.values_list("country_id", "sector_key"))
    assert len(definitions) >= 10
    sent = []
    classified = []

    @examples(500)
    @given(query=msme_query_strategy(definitions))
    def check(query):
        response = get(client, "/api/v1/msme-size/", query)
        sent.append(query)
        body = check_json_answer(response, "/api/v1/msme-size/", query)
        if response.status_code == 200:
            assert body["size"] in ("micro", "small", "medium", "large", "undetermined"), query
            classified.append(body["size"])

    check()
    assert len(sent) >= 500
    assert len(classified) >= 100  # the generator reaches the classifier, not only the parser
    answer = json.loads(
        client.get(
            "/api/v1/msme-size/",
            {
                "country": "MY",
                "sector": "manufacturing",
                "employees": "40",
                "annual_sales": "10000000",
            },
        ).content
    )
    assert answer["size"] == "small"


def test_msme_definitions_api_answers_every_generated_query_without_a_server_error(client, db):
    sent = []

    @examples(100)
    @given(query=query_strategy(MSME_PARAMS))
    def check(query):
        response = get(client, "/api/v1/msme-size/definitions/", query)
        sent.append(query)
        check_json_answer(response, "/api/v1/msme-size/definitions/", query)

    check()
    assert len(sent) >= 100
