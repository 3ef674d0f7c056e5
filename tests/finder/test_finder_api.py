"""The Finder API on the sample content: labelled profiles, reasons, near misses, errors."""

import json
from pathlib import Path
from urllib.parse import urlencode

import pytest

from servicecentre.selectors import content_models

PROFILES = json.loads((Path(__file__).parent / "profiles.json").read_text(encoding="utf-8"))[
    "profiles"
]


def _ids(body):
    return {result["id"] for group in body["groups"] for result in group["results"]}


def test_the_labelled_profiles_cover_the_ten_countries_and_name_real_pages(sample_content, db):
    assert len(PROFILES) >= 40
    assert {p["query"]["country"] for p in PROFILES} == {
        "BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"
    }  # fmt: skip
    known = {
        page.external_id for model in content_models().values() for page in model.objects.all()
    }
    named = set()
    for profile in PROFILES:
        named |= (
            set(profile["must"]) | set(profile["must_not"]) | set(profile.get("near_misses", {}))
        )
        for trade in profile.get("trade", {}).values():
            named |= set(trade["fta_guides"]) | ({trade["market_guide"]} - {None})
    assert named - known == set()


def test_every_labelled_profile_gets_its_answer(finder):
    failures = []
    for profile in PROFILES:
        status, body = finder(urlencode(profile["query"], doseq=True))
        label = profile["label"]
        if status != 200:
            failures.append(f"{label}: status {status} {body}")
            continue
        ids = _ids(body)
        if body["profile"]["size"] != profile["size"]:
            failures.append(
                f"{label}: size {body['profile']['size']!r} ({body['profile']['size_rule']})"
            )
        if profile["size"] not in (None, "undetermined") and not body["profile"]["size_rule"]:
            failures.append(f"{label}: no size rule")
        for missing in set(profile["must"]) - ids:
            failures.append(f"{label}: {missing} missing")
        for unwanted in set(profile["must_not"]) & ids:
            failures.append(f"{label}: {unwanted} must not appear")
        near = {miss["id"]: miss["ruled_out_by"] for miss in body["near_misses"]}
        for page_id, phrase in profile.get("near_misses", {}).items():
            if page_id not in near:
                failures.append(f"{label}: {page_id} not a near miss")
            elif not any(phrase in rule for rule in near[page_id]):
                failures.append(f"{label}: {page_id} ruled out by {near[page_id]}, not {phrase!r}")
        for group in body["groups"]:
            for result in group["results"]:
                if not result["reasons"]:
                    failures.append(f"{label}: {result['id']} has no reason")
        for miss in body["near_misses"]:
            if not miss["ruled_out_by"]:
                failures.append(f"{label}: near miss {miss['id']} names no rule")
            if miss["id"] in ids:
                failures.append(f"{label}: {miss['id']} is both a result and a near miss")
        trade = {item["export_to"]: item for item in body["trade"]}
        for destination, expected in profile.get("trade", {}).items():
            got = trade.get(destination)
            if got is None:
                failures.append(f"{label}: no trade journey for {destination}")
                continue
            got = {key: got[key] for key in ("fta_guides", "market_guide", "certificate")}
            if got != expected:
                failures.append(f"{label}: trade {destination} {got} != {expected}")
    assert not failures, "\n".join(failures)


def test_the_answer_has_the_stable_shape_and_explains_the_size(finder):
    status, body = finder(
        "country=th&sector=c&employees=45&assets=1000000&need=grow&group=women&export_to=cn"
    )
    assert status == 200
    assert set(body) == {"profile", "groups", "near_misses", "trade"}
    assert body["profile"]["country"] == "TH"
    assert body["profile"]["sector"] == "C"
    assert body["profile"]["size"] == "small"
    assert "fewer than 50 workers (45)" in body["profile"]["size_rule"]
    [group] = body["groups"]
    assert group["need"] == "grow"
    result = next(r for r in group["results"] if r["id"] == "th-gsb-micro-and-sme-loans")
    assert set(result) == {"id", "type", "title", "url", "reasons"}
    assert result["type"] == "financing_scheme"
    assert result["url"].startswith("/en/thailand/")
    assert result["reasons"][0] == "Thailand"
    assert result["reasons"][1].startswith("Small (fewer than 50 workers (45)")
    assert result["reasons"][-1] == "you need money to grow"
    assert body["trade"] == [
        {
            "export_to": "CN",
            "fta_guides": ["acfta-guide", "rcep-guide"],
            "market_guide": None,
            "certificate": "Form E",
        }
    ]


def test_a_targeted_group_is_a_reason_and_ranks_first(finder):
    status, body = finder("country=ID&annual_sales=200000000&need=grow&group=women")
    assert status == 200
    results = body["groups"][0]["results"]
    assert results[0]["id"] == "id-pnm-mekaar"
    assert "it is meant for women-owned businesses" in results[0]["reasons"]


def test_no_need_given_answers_every_need_in_order(finder):
    status, body = finder("country=LA")
    assert status == 200
    assert [g["need"] for g in body["groups"]] == [
        "start", "grow", "export", "advice", "space", "register"
    ]  # fmt: skip
    assert body["profile"] == {"country": "LA", "sector": None, "size": None, "size_rule": None}


def test_a_sector_split_country_without_a_sector_cannot_size_but_still_answers(finder):
    status, body = finder("country=MY&employees=40&need=grow")
    assert status == 200
    assert body["profile"]["size"] == "undetermined"
    assert "sector" in body["profile"]["size_rule"]
    assert "my-tekun-nasional-financing" in _ids(body)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("", "country"),
        ("country=XX", "country"),
        ("country=ASEAN", "country"),
        ("country=TH&sector=Z", "sector"),
        ("country=TH&sector=manufacturing", "sector"),
        ("country=TH&size=tiny", "size"),
        ("country=TH&size=small&employees=10", "size"),
        ("country=TH&employees=-3", "employees"),
        ("country=TH&employees=4e5", "employees"),
        ("country=TH&annual_sales=NaN", "annual_sales"),
        ("country=TH&assets=" + "9" * 70, "assets"),
        ("country=TH&capital=1,000", "capital"),
        ("country=TH&need=money", "need"),
        ("country=TH&need=grow&need=", "need"),
        ("country=TH&group=men", "group"),
        ("country=TH&export_to=US", "export_to"),
        ("country=TH&export_to=TH", "export_to"),
        ("country=TH&lang=xx", "lang"),
        ("country=TH%00", "country"),
    ],
)
def test_bad_input_gets_a_400_naming_the_parameter(finder, query, parameter):
    status, body = finder(query)
    assert status == 400
    assert body["error"]["parameter"] == parameter
    assert body["error"]["message"]


def test_the_answer_speaks_the_requested_language(finder):
    status, body = finder("country=TH&need=grow&lang=th")
    assert status == 200
    titles = {r["id"]: r["title"] for g in body["groups"] for r in g["results"]}
    assert titles["th-tcg-portfolio-guarantee-scheme"].startswith("โครงการค้ำประกันสินเชื่อ")
    assert body["groups"][0]["results"][0]["url"].startswith("/th/")


def test_a_call_closed_in_its_country_is_a_near_miss(finder):
    """A scheme whose round closed yesterday (Bangkok's day) is ruled out as closed."""
    import datetime

    from deadlines.status import local_today
    from finance_directory.models import FinancingSchemePage

    today = local_today("TH")
    closed = FinancingSchemePage.objects.filter(external_id="th-gsb-micro-and-sme-loans")
    before = list(closed.values_list("opens_on", "closes_on"))
    closed.update(
        opens_on=today - datetime.timedelta(days=60), closes_on=today - datetime.timedelta(days=1)
    )
    try:
        status_code, body = finder("country=TH&size=small&need=grow")
    finally:
        closed.update(opens_on=before[0][0], closes_on=before[0][1])
    assert status_code == 200
    assert "th-gsb-micro-and-sme-loans" not in _ids(body)
    assert "th-sme-d-bank-loans" in _ids(body)
    near = {miss["id"]: miss["ruled_out_by"] for miss in body["near_misses"]}
    assert near["th-gsb-micro-and-sme-loans"] == ["closed for applications"]
