"""The JSON API of the size check: contract shape, 400s naming the parameter, never a 5xx."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

URL = "/api/v1/msme-size/"
DEFINITIONS_URL = "/api/v1/msme-size/definitions/"


def test_the_contract_example_answers_country_sector_size_explanation_and_source(client):
    response = client.get(
        URL,
        {"country": "MY", "sector": "manufacturing", "employees": "40", "annual_sales": "10000000"},
    )
    assert response.status_code == 200
    body = response.json()
    assert {"country", "sector", "size", "explanation", "source"} <= set(body)
    assert (body["country"], body["sector"], body["size"]) == ("MY", "manufacturing", "small")
    assert body["explanation"][-1].endswith(
        "→ small (SME Corporation Malaysia definition as given in Appendix A of "
        "the ASEAN SAP SMED 2016-2025)"
    )
    assert body["source"].startswith("SME Corporation Malaysia")


def test_a_country_without_a_sector_split_may_leave_the_sector_out(client):
    body = client.get(URL, {"country": "PH", "assets": "2999999"}).json()
    assert (body["sector"], body["size"]) == (None, "micro")


def test_assets_and_capital_are_accepted(client):
    assert (
        client.get(
            URL, {"country": "TH", "sector": "retail", "employees": "10", "assets": "1000000"}
        ).json()["size"]
        == "small"
    )
    assert (
        client.get(
            URL, {"country": "VN", "sector": "service", "employees": "60", "capital": "1"}
        ).json()["size"]
        == "medium"
    )


def test_undetermined_answers_list_the_possible_sizes(client):
    body = client.get(URL, {"country": "SG", "employees": "5"}).json()
    assert body["size"] == "undetermined"
    body = client.get(URL, {"country": "MY", "sector": "manufacturing", "employees": "100"}).json()
    assert (body["size"], body["possible_sizes"]) == ("undetermined", ["micro", "small", "medium"])


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "country"),
        ({"country": "XX"}, "country"),
        ({"country": "ASEAN"}, "country"),
        ({"country": "MY"}, "sector"),
        ({"country": "MY", "sector": "retail"}, "sector"),
        ({"country": "BN", "sector": "manufacturing"}, "sector"),
        ({"country": "PH", "assets": "abc"}, "assets"),
        ({"country": "PH", "assets": "-1"}, "assets"),
        ({"country": "PH", "assets": "NaN"}, "assets"),
        ({"country": "PH", "assets": "inf"}, "assets"),
        ({"country": "PH", "assets": "1e5"}, "assets"),
        ({"country": "PH", "assets": "1,000"}, "assets"),
        ({"country": "PH", "assets": "9" * 40}, "assets"),
        ({"country": "BN", "employees": "4.5.6"}, "employees"),
        ({"country": "ID", "annual_sales": "0x10"}, "annual_sales"),
        ({"country": "VN", "sector": "service", "capital": "-0"}, "capital"),
        ({"country": "PH", "lang": "xx"}, "lang"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, params, parameter):
    response = client.get(URL, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["parameter"] == parameter
    assert error["message"]


def test_the_answer_is_in_the_lang_parameter_or_the_request_language(client):
    body = client.get(
        URL, {"country": "TH", "sector": "retail", "employees": "10", "assets": "1", "lang": "th"}
    ).json()
    assert body["language"] == "th"
    assert any("การค้าปลีก" in line for line in body["explanation"])
    body = client.get(
        URL,
        {"country": "TH", "sector": "retail", "employees": "10", "assets": "1"},
        HTTP_ACCEPT_LANGUAGE="th",
    ).json()
    assert body["language"] == "th"
    body = client.get(
        URL, {"country": "MY", "sector": "manufacturing", "employees": "3", "lang": "ms"}
    ).json()
    assert any("Malaysia, pembuatan" in line for line in body["explanation"])


def test_digits_of_other_scripts_are_numbers(client):
    body = client.get(
        URL, {"country": "TH", "sector": "retail", "employees": "๑๐", "assets": "๑"}
    ).json()
    assert body["size"] == "small"


HOSTILE = [
    "",
    " ",
    "０",
    "٣",
    "1" * 10_000,
    "\x00",
    "\u202e12",
    "🙂",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "NaN",
    "-Infinity",
    "1e308",
    "1e-400",
    "9" * 31,
    "0" * 500 + "1",
    "１２",
    "12\u200b",
    "ไทย",
    "Malaysia",
    "MY:manufacturing",
    "TH:",
    ":",
    "null",
    "[]",
    "{}",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    "parameter", ["country", "sector", "employees", "annual_sales", "assets", "capital", "lang"]
)
def test_hostile_input_never_yields_a_5xx(client, parameter, value):
    params = {"country": "MY", "sector": "manufacturing", "employees": "3", parameter: value}
    response = client.get(URL, params)
    assert response.status_code in (200, 400)
    assert "error" in response.json() or "size" in response.json()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.dictionaries(
        st.sampled_from(
            ["country", "sector", "employees", "annual_sales", "assets", "capital", "lang"]
        ),
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(["MY", "TH", "VN", "SG", "manufacturing", "retail", "7"]),
        ),
    )
)
def test_any_combination_of_parameters_answers_200_or_400(client, params):
    response = client.get(URL, params)
    assert response.status_code in (200, 400)


def test_repeated_parameters_use_the_last_value(client):
    response = client.get(f"{URL}?country=XX&country=PH&assets=1")
    assert response.status_code == 200
    assert response.json()["country"] == "PH"


def test_definitions_list_each_countrys_sector_keys_thresholds_and_currency(client):
    response = client.get(DEFINITIONS_URL)
    assert response.status_code == 200
    countries = {entry["country"]: entry for entry in response.json()["countries"]}
    assert list(countries) == ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]
    assert countries["MY"]["sectors"] == ["manufacturing", "services_and_others"]
    assert countries["MY"]["sector_required"] is True
    assert countries["PH"]["sectors"] == [] and countries["PH"]["sector_required"] is False
    assert countries["VN"]["sectors"] == ["agriculture", "manufacturing", "service"]
    manufacturing = countries["MY"]["definitions"][0]
    assert (manufacturing["sector"], manufacturing["currency"], manufacturing["combination"]) == (
        "manufacturing",
        "MYR",
        "any",
    )
    assert {
        "size": "small",
        "criterion": "workers",
        "upper_bound": 75,
        "status": "applies",
        "printed": "< 75",
        "note": "",
    } in manufacturing["thresholds"]
    assert manufacturing["source"] and manufacturing["source_url"] and manufacturing["note"]
    cambodia = countries["KH"]["definitions"][0]
    assert cambodia["currency"] == "USD"
    assert {
        "size": "micro",
        "criterion": "assets",
        "upper_bound": 50,
        "status": "doubtful",
        "printed": "Asset (USD) < 50",
    }.items() <= next(
        t for t in cambodia["thresholds"] if t["size"] == "micro" and t["criterion"] == "assets"
    ).items()


def test_definitions_answer_in_the_requested_language(client):
    body = client.get(DEFINITIONS_URL, {"lang": "th"}).json()
    thailand = next(entry for entry in body["countries"] if entry["country"] == "TH")
    assert [d["sector_label"] for d in thailand["definitions"]] == [
        "การผลิต",
        "การค้าส่ง",
        "การค้าปลีก",
        "บริการอื่น ๆ",
    ]
    assert client.get(DEFINITIONS_URL, {"lang": "klingon"}).status_code == 400
