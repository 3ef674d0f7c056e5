"""Importing CSV: one column per field, `title.en` per language, `;` lists, JSON cells."""

from __future__ import annotations

import json

import pytest

from abinet.models import IncubatorPage
from finance_directory.models import FinancingSchemePage
from onestop.models import RegistrationGuidePage
from servicecentre.content_io.selectors import export_records

pytestmark = pytest.mark.django_db

TYPES = ["financing_scheme", "fta_guide", "market_guide", "registration_guide", "incubator"]


def as_csv(records: list[dict]) -> tuple[list[str], list[list[str]]]:
    """The CSV spelling of records: the header is the union of their columns."""
    rows = []
    for record in records:
        row = {}
        for key, value in record.items():
            if key in ("steps", "one_stop_centres"):
                row[key] = json.dumps(value, ensure_ascii=False)
            elif isinstance(value, dict):
                row.update({f"{key}.{language}": text for language, text in value.items()})
            elif isinstance(value, list):
                row[key] = ";".join(value)
            elif isinstance(value, bool):
                row[key] = "true" if value else "false"
            else:
                row[key] = str(value)
        rows.append(row)
    header = list(dict.fromkeys(column for row in rows for column in row))
    return header, [[row.get(column, "") for column in header] for row in rows]


def test_every_content_type_imports_from_csv_as_from_json_lines(
    sample, write_csv, write_jsonl, run_import
):
    records = [sample(code) for code in TYPES]
    header, rows = as_csv(records)

    run = run_import(write_csv("content.csv", header, rows))

    assert run.ok, run.stderr
    assert "Imported 5 pages: 5 created, 0 updated, 0 unchanged." in run.stdout
    from_csv = export_records()
    # The same records as JSON Lines describe the very same pages.
    rerun = run_import(write_jsonl("content.jsonl", records))
    assert "0 updated, 5 unchanged" in rerun.stdout
    assert export_records() == from_csv


def test_csv_cells_are_read_by_field_kind(write_csv, run_import):
    header = [
        "id",
        "type",
        "country",
        "title.en",
        "title.th",
        "summary.en",
        "sectors",
        "stages",
        "abinet_member",
        "abinet_member_source",
        "source_url",
        "last_verified",
        "fees.en",
    ]
    row = [
        "th-nia-incubator",
        "incubator",
        "TH",
        "NIA Startup Incubation",
        "",
        "Incubation for Thai startups.",
        " C ; J;",
        "incubation;acceleration",
        "TRUE",
        "https://www.nia.or.th/about",
        "https://www.nia.or.th/",
        "2026-05-01",
        "",
    ]

    run = run_import(write_csv("incubators.csv", header, [row]))

    assert run.ok, run.stderr
    page = IncubatorPage.objects.get()
    assert page.title_th is None  # an empty cell is an absent field
    assert sorted(page.sectors.values_list("code", flat=True)) == ["C", "J"]
    assert (page.offers_incubation, page.offers_acceleration, page.abinet_member) == (
        True,
        True,
        True,
    )
    assert page.fees_en is None


def test_csv_amounts_and_json_cells(write_csv, run_import):
    header = [
        "id",
        "type",
        "country",
        "title.en",
        "summary.en",
        "amount_min",
        "amount_max",
        "currency",
        "source_url",
        "last_verified",
    ]
    row = [
        "ph-sb-corp-rise-up",
        "financing_scheme",
        "PH",
        "RISE UP loans",
        "Loans for micro enterprises.",
        "10000",
        "300000.50",
        "PHP",
        "https://www.sbcorp.gov.ph/",
        "2026-04-01",
    ]

    assert run_import(write_csv("schemes.csv", header, [row])).ok

    page = FinancingSchemePage.objects.get()
    assert (str(page.amount_min), str(page.amount_max), page.currency) == (
        "10000.00",
        "300000.50",
        "PHP",
    )


def test_registration_steps_come_from_a_json_cell(sample, write_csv, run_import):
    record = sample("registration_guide")
    header = [
        "id",
        "type",
        "country",
        "title.en",
        "summary.en",
        "steps",
        "source_url",
        "last_verified",
    ]
    row = [
        record["id"],
        record["type"],
        record["country"],
        record["title"]["en"],
        record["summary"]["en"],
        json.dumps(record["steps"], ensure_ascii=False),
        record["source_url"],
        record["last_verified"],
    ]

    assert run_import(write_csv("registration.csv", header, [row])).ok

    steps = RegistrationGuidePage.objects.get().steps.order_by("sort_order")
    assert [step.title_vi for step in steps] == ["Chuẩn bị hồ sơ đăng ký", None]


def test_csv_errors_name_the_physical_line_of_the_row(write_csv, run_import):
    header = [
        "id",
        "type",
        "country",
        "title.en",
        "summary.en",
        "body.en",
        "source_url",
        "last_verified",
    ]
    rows = [
        [
            "la-first",
            "market_guide",
            "LA",
            "Lao market",
            "Overview.",
            "Two\n\nparagraphs",
            "https://a.example/",
            "2026-01-01",
        ],
        [
            "la-second",
            "market_guide",
            "LA",
            "Lao market 2",
            "Overview.",
            "",
            "https://a.example/",
            "01/02/2026",
        ],
    ]
    path = write_csv("market.csv", header, rows)

    run = run_import(path)

    # The header is line 1, the first row lines 2-4 (its body spans three lines), the second line 5.
    assert run.error_lines == [
        f"{path}:5: last_verified: '01/02/2026' is not an ISO date (YYYY-MM-DD)"
    ]


def test_unknown_csv_columns_are_reported_on_the_header_line(write_csv, run_import):
    header = [
        "id",
        "type",
        "country",
        "title",
        "title.xx",
        "summary.en",
        "colour",
        "source_url",
        "last_verified",
    ]
    row = ["bn-x", "market_guide", "BN", "X", "Y", "Z", "red", "https://a.example/", "2026-01-01"]
    path = write_csv("market.csv", header, [row])

    run = run_import(path)

    assert not run.ok
    assert run.error_lines == [
        f"{path}:1: title: a translated field takes one column per language, e.g. title.en",
        f"{path}:1: title.xx: unknown language code "
        "(use one of en, ms, id, th, vi, km, lo, my, fil, zh-hans, ta)",
        f"{path}:1: colour: unknown field",
        f"{path}:2: title: required",
    ]


def test_a_bad_boolean_cell_is_an_error(write_csv, run_import):
    header = [
        "id",
        "type",
        "country",
        "title.en",
        "summary.en",
        "abinet_member",
        "source_url",
        "last_verified",
    ]
    row = ["sg-x", "incubator", "SG", "X", "Y", "yes", "https://a.example/", "2026-01-01"]
    path = write_csv("incubators.csv", header, [row])

    assert run_import(path).error_lines == [
        f"{path}:2: abinet_member: expected true or false, got 'yes'"
    ]


def test_a_csv_with_a_byte_order_mark_imports(tmp_path, run_import):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "\ufeffid,type,country,title.en,summary.en,source_url,last_verified\r\n"
        "kh-x,market_guide,KH,Cambodia market,Overview.,https://a.example/,2026-01-01\r\n".encode()
    )

    run = run_import(str(path))

    assert run.ok, run.stderr
