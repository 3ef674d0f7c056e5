"""Bad input: every problem is reported as FILE:LINE: field: message, and nothing is written."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db

LANGUAGES = "en, ms, id, th, vi, km, lo, my, fil, zh-hans, ta"
SECTORS = ", ".join(chr(letter) for letter in range(ord("A"), ord("U") + 1))
COUNTRIES = "BN, KH, ID, LA, MY, MM, PH, SG, TH, VN, ASEAN"

# Each case: the lines after a good first line, and the errors expected as "LINE: field: message".
CASES = {
    "malformed json": (
        lambda s: ['{"id": "th-x", "type": "market_guide",'],
        ["2: json: Expecting property name enclosed in double quotes (column 39)"],
    ),
    "a line that is not an object": (
        lambda s: ['["th-x"]'],
        ["2: json: expected an object {...} per line, got a list"],
    ),
    "a key given twice": (
        lambda s: [json.dumps(s("market_guide"))[:-1] + ', "country": "TH"}'],
        ["2: country: given more than once"],
    ),
    "missing required field": (
        lambda s: [s("market_guide", summary=None)],
        ["2: summary: required"],
    ),
    "empty required text": (
        lambda s: [s("market_guide", source_url="")],
        ["2: source_url: required"],
    ),
    "several missing fields": (
        lambda s: [{"id": "th-x", "type": "market_guide"}],
        [
            "2: country: required",
            "2: title: required",
            "2: summary: required",
            "2: source_url: required",
            "2: last_verified: required",
        ],
    ),
    "unknown sector code": (
        lambda s: [s("market_guide", sectors=["C", "Z"])],
        [f"2: sectors: unknown code 'Z' (use one of {SECTORS})"],
    ),
    "unknown size code": (
        lambda s: [s("market_guide", enterprise_sizes=["large"])],
        ["2: enterprise_sizes: unknown code 'large' (use one of micro, small, medium)"],
    ),
    "unknown target group": (
        lambda s: [s("market_guide", target_groups=["seniors"])],
        [
            "2: target_groups: unknown code 'seniors' "
            "(use one of women, youth, startups, exporters, rural)"
        ],
    ),
    "unknown support type": (
        lambda s: [s("financing_scheme", support_types=["gift"])],
        [
            "2: support_types: unknown code 'gift' (use one of grant, loan, credit_guarantee, "
            "microfinance, equity, trade_finance, tax_incentive, advisory)"
        ],
    ),
    "unknown country code": (
        lambda s: [s("market_guide", country="XX")],
        [f"2: country: unknown country code 'XX' (use one of {COUNTRIES})"],
    ),
    "unknown content type": (
        lambda s: [s("market_guide", type="grant")],
        [
            "2: type: unknown content type 'grant' (use one of financing_scheme, fta_guide, "
            "market_guide, registration_guide, incubator)"
        ],
    ),
    "duplicate id": (
        lambda s: [s("market_guide"), s("market_guide", title={"en": "Again"})],
        [
            "2: id: duplicate id 'th-market-guide', also on {path}:3",
            "3: id: duplicate id 'th-market-guide', also on {path}:2",
        ],
    ),
    "bad date format": (
        lambda s: [s("market_guide", last_verified="15/09/2026")],
        ["2: last_verified: '15/09/2026' is not an ISO date (YYYY-MM-DD)"],
    ),
    "impossible date": (
        lambda s: [s("market_guide", last_verified="2026-02-30")],
        ["2: last_verified: '2026-02-30' is not a valid date"],
    ),
    "unknown field": (lambda s: [s("market_guide", colour="red")], ["2: colour: unknown field"]),
    "field of another type": (
        lambda s: [s("market_guide", amount_min=5)],
        ["2: amount_min: not a field of market_guide (it belongs to financing_scheme)"],
    ),
    "list given as a string": (
        lambda s: [s("market_guide", sectors="C")],
        ["2: sectors: expected a list of codes, got a string"],
    ),
    "translated text given as a string": (
        lambda s: [s("market_guide", title="Exporting to Thailand")],
        [
            "2: title: expected an object from language code to text, "
            'e.g. {"en": "..."}, got a string'
        ],
    ),
    "number given as a string": (
        lambda s: [s("financing_scheme", amount_min="50000")],
        ["2: amount_min: expected a number, got a string"],
    ),
    "boolean given as a string": (
        lambda s: [s("incubator", id="sg-other", abinet_member="yes")],
        ["2: abinet_member: expected true or false, got a string"],
    ),
    "bad id format": (
        lambda s: [s("market_guide", id="TH_Market")],
        [
            "2: id: 'TH_Market' is not a valid id: use lowercase letters, digits and hyphens, "
            "starting with a letter or digit"
        ],
    ),
    "english missing": (
        lambda s: [s("market_guide", title={"th": "การส่งออกไปยังประเทศไทย"})],
        ["2: title.en: required: every translated text needs English"],
    ),
    "english missing in an optional field": (
        lambda s: [s("market_guide", body={"th": "เนื้อหา"})],
        ["2: body.en: required: every translated text needs English"],
    ),
    "unknown language": (
        lambda s: [s("market_guide", title={"en": "Exporting", "xx": "?"})],
        [f"2: title.xx: unknown language code (use one of {LANGUAGES})"],
    ),
    "bad url": (
        lambda s: [s("market_guide", url="www.ditp.go.th")],
        ["2: url: not a valid http(s) URL: 'www.ditp.go.th'"],
    ),
    "amount_min above amount_max": (
        lambda s: [s("financing_scheme", amount_min=500000, amount_max=1000.5)],
        ["2: amount_max: the maximum amount must not be below the minimum"],
    ),
    "negative amount": (
        lambda s: [s("financing_scheme", amount_min=-1)],
        ["2: amount_min: must not be negative"],
    ),
    "amount without currency": (
        lambda s: [s("financing_scheme", currency=None)],
        ["2: currency: give the currency of the amounts"],
    ),
    "bad currency": (
        lambda s: [s("financing_scheme", currency="RM")],
        ["2: currency: 'RM' is not an ISO 4217 currency code such as MYR"],
    ),
    "window closing before it opens": (
        lambda s: [s("financing_scheme", opens_on="2026-06-01", closes_on="2026-01-31")],
        ["2: closes_on: the closing date must not be before the opening date"],
    ),
    "intake closing before it opens": (
        lambda s: [s("incubator", id="sg-intake", opens_on="2026-06-01", closes_on="2026-01-31")],
        ["2: closes_on: the closing date must not be before the opening date"],
    ),
    "intake open all year with a closing date": (
        lambda s: [s("incubator", id="sg-intake", open_all_year=True, closes_on="2026-01-31")],
        ["2: open_all_year: a call open all year has no opening or closing date"],
    ),
    "open all year with a window": (
        lambda s: [s("financing_scheme", open_all_year=True)],
        ["2: open_all_year: a call open all year has no opening or closing date"],
    ),
    "fta guide for one country": (
        lambda s: [s("fta_guide", country="TH")],
        ["2: country: FTA guide pages are ASEAN-wide: use ASEAN, not 'TH'"],
    ),
    "country guide for ASEAN": (
        lambda s: [s("market_guide", country="ASEAN")],
        ["2: country: 'ASEAN' is only for FTA guide pages: give the member state's code"],
    ),
    "unknown agreement": (
        lambda s: [s("fta_guide", agreement="XFTA")],
        [
            "2: agreement: unknown code 'XFTA' "
            "(use one of ATIGA, ACFTA, AKFTA, AJCEP, AANZFTA, AIFTA, AHKFTA, RCEP)"
        ],
    ),
    "unknown certificate form": (
        lambda s: [s("fta_guide", certificate_of_origin="Form Z")],
        [
            "2: certificate_of_origin: unknown code 'Form Z' (use one of Form D, Form E, Form AK, "
            "Form AJ, Form AANZ, Form AI, Form AHK, RCEP)"
        ],
    ),
    "a member state as a party": (
        lambda s: [s("fta_guide", parties=["CN", "TH"])],
        ["2: parties: 'TH' is an ASEAN member state: list only the partners outside ASEAN"],
    ),
    "two guides for one agreement": (
        lambda s: [s("fta_guide"), s("fta_guide", id="acfta-guide-2")],
        [
            "2: agreement: ACFTA is also the agreement of 'acfta-guide-2' ({path}:3)",
            "3: agreement: ACFTA is also the agreement of 'acfta-guide' ({path}:2)",
        ],
    ),
    "unknown stage": (
        lambda s: [s("incubator", id="sg-other", stages=["seed"])],
        ["2: stages: unknown stage 'seed' (use one of pre_incubation, incubation, acceleration)"],
    ),
    "step without a title": (
        lambda s: [
            s("registration_guide", steps=[{"title": {"en": "Register"}}, {"agency": "DPI"}])
        ],
        ["2: steps[2].title: required"],
    ),
    "unknown field in a centre": (
        lambda s: [s("registration_guide", one_stop_centres=[{"name": "Office", "fax": "1"}])],
        [
            "2: one_stop_centres[1].fax: unknown field "
            "(use name, address, contact, opening_hours, url)"
        ],
    ),
    "too long for the model": (
        lambda s: [s("registration_guide", steps=[{"title": {"en": "Pay"}, "cost": "x" * 256}])],
        ["2: steps[1].cost: ensure this value has at most 255 characters (it has 256)"],
    ),
    "title too long for the model": (
        lambda s: [s("market_guide", title={"en": "x" * 256})],
        ["2: title.en: ensure this value has at most 255 characters (it has 256)"],
    ),
    "too many decimal places": (
        lambda s: [s("financing_scheme", amount_min=1.125)],
        ["2: amount_min: ensure that there are no more than 2 decimal places"],
    ),
}


@pytest.fixture
def existing_content(sample, write_jsonl, run_import):
    """A site with content already, so 'nothing written' means more than an empty database."""
    assert run_import(
        write_jsonl("existing.jsonl", [sample("incubator", id="bn-existing", country="BN")])
    ).ok


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_reported_and_nothing_is_written(
    case, existing_content, sample, write_jsonl, run_import, database_state
):
    make_lines, expected = CASES[case]
    path = write_jsonl("content.jsonl", [sample("incubator"), *make_lines(sample)])
    before = database_state()

    run = run_import(path)

    assert not run.ok
    assert run.error_lines == [f"{path}:{line.replace('{path}', path)}" for line in expected]
    assert "nothing was imported" in run.error
    assert database_state() == before


def test_every_problem_of_every_line_is_reported(sample, write_jsonl, run_import):
    lines = [
        sample("market_guide", sectors=["Z"], url="ftp://example.com/file"),
        "{not json",
        sample("incubator", last_verified="yesterday"),
    ]
    path = write_jsonl("content.jsonl", lines)

    run = run_import(path)

    assert run.error_lines == [
        f"{path}:1: sectors: unknown code 'Z' (use one of {SECTORS})",
        f"{path}:1: url: not a valid http(s) URL: 'ftp://example.com/file'",
        f"{path}:2: json: Expecting property name enclosed in double quotes (column 2)",
        f"{path}:3: last_verified: 'yesterday' is not an ISO date (YYYY-MM-DD)",
    ]
    assert run.error == "4 errors in the input; nothing was imported."


def test_a_bad_file_stops_the_good_files_too(sample, write_jsonl, run_import, database_state):
    good = write_jsonl("good.jsonl", [sample("market_guide")])
    bad = write_jsonl("bad.jsonl", [sample("incubator", country="XX")])
    before = database_state()

    run = run_import(good, bad)

    assert run.error_lines == [
        f"{bad}:1: country: unknown country code 'XX' (use one of {COUNTRIES})"
    ]
    assert database_state() == before


def test_an_id_of_another_type_is_an_error(
    existing_content, sample, write_jsonl, run_import, database_state
):
    path = write_jsonl("content.jsonl", [sample("market_guide", id="bn-existing", country="BN")])
    before = database_state()

    run = run_import(path)

    assert run.error_lines == [
        f"{path}:1: id: 'bn-existing' is already the id of a page of type incubator "
        "(/home/brunei-darussalam/existing/); a page cannot change its type"
    ]
    assert database_state() == before


def test_an_import_cannot_move_a_page_to_another_country(
    existing_content, sample, write_jsonl, run_import
):
    path = write_jsonl("content.jsonl", [sample("incubator", id="bn-existing", country="SG")])

    run = run_import(path)

    assert run.error_lines == [
        f"{path}:1: country: the page 'bn-existing' belongs to BN; an import cannot move it "
        "to another country (move it in the admin)"
    ]


def test_an_agreement_that_already_has_a_guide_is_an_error(sample, write_jsonl, run_import):
    assert run_import(write_jsonl("first.jsonl", [sample("fta_guide")])).ok
    path = write_jsonl("second.jsonl", [sample("fta_guide", id="acfta-second")])

    run = run_import(path)

    assert run.error_lines == [
        f"{path}:1: agreement: ACFTA is already the agreement of the page 'acfta-guide'"
    ]


def test_a_missing_file_is_an_error(tmp_path, run_import):
    path = str(tmp_path / "missing.jsonl")

    run = run_import(path)

    assert run.error_lines == [f"{path}:0: file: cannot read the file: No such file or directory"]


def test_an_unknown_file_type_is_an_error(tmp_path, run_import):
    path = tmp_path / "content.xlsx"
    path.write_bytes(b"")

    assert run_import(str(path)).error_lines == [
        f"{path}:0: file: unknown file type: use .jsonl (JSON Lines) or .csv"
    ]


def test_dry_run_reports_errors_too(sample, write_jsonl, run_import):
    path = write_jsonl("content.jsonl", [sample("market_guide", summary=None)])

    run = run_import(path, "--dry-run")

    assert not run.ok and run.error_lines == [f"{path}:1: summary: required"]
