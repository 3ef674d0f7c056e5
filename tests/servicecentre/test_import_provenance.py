"""Import of provenance: sources, verification states and the registration and ABINet gaps."""

from __future__ import annotations

import datetime

import pytest

from abinet.models import IncubatorPage
from finance_directory.models import FinancingSchemePage
from onestop.models import RegistrationGuidePage

pytestmark = pytest.mark.django_db

HOME_PAGE_WARNING = (
    "only a site's home page, but the page states amounts, rates or dates: "
    "cite the page that states them"
)


def test_a_home_page_source_for_a_page_with_amounts_is_a_warning_with_file_and_line(
    sample, write_jsonl, run_import
):
    scheme = sample("financing_scheme", source_url="https://www.sjpp.com.my/")
    path = write_jsonl("schemes.jsonl", [sample("market_guide", key_terms=None), scheme])

    run = run_import(path, "-v", "2")

    assert run.ok, run.stderr
    assert f"warning: {path}:2: source_url: {HOME_PAGE_WARNING}" in run.stderr.splitlines()
    assert FinancingSchemePage.objects.filter(external_id=scheme["id"]).exists()


def test_strict_refuses_a_home_page_source_for_a_page_with_amounts(sample, write_jsonl, run_import):
    scheme = sample(
        "financing_scheme",
        source_url=None,
        sources=[
            {"url": "https://www.sjpp.com.my/schemes/working-capital", "title": {"en": "Terms"}},
            {"url": "https://www.sjpp.com.my/", "publisher": "SJPP"},
        ],
    )
    path = write_jsonl("schemes.jsonl", [scheme])

    run = run_import(path, "--strict")

    assert not run.ok
    assert run.error_lines == [f"{path}:1: sources[2].url: {HOME_PAGE_WARNING}"]
    assert not FinancingSchemePage.objects.exists()


def test_a_home_page_source_is_fine_for_a_page_without_figures(sample, write_jsonl, run_import):
    guide = sample(
        "market_guide",
        source_url="https://www.ditp.go.th/",
        market_overview={"en": "A large market for processed food."},
        standards_bodies=None,
    )

    run = run_import(write_jsonl("guides.jsonl", [guide]), "--strict")

    assert run.ok, run.stderr


def test_sources_are_imported_in_order_and_source_url_is_the_first(
    sample, write_jsonl, run_import, run_export
):
    sources = [
        {
            "url": "https://www.sjpp.com.my/schemes/working-capital",
            "title": {"en": "Working capital guarantee", "ms": "Jaminan modal kerja"},
            "publisher": "SJPP",
            "accessed_on": "2026-11-20",
            "facts": "Guarantee cover and amounts.",
        },
        {"url": "https://www.bnm.gov.my/funds", "facts": "Fund size."},
    ]
    record = sample("financing_scheme", source_url=None, sources=sources)

    run = run_import(write_jsonl("schemes.jsonl", [record]))

    assert run.ok, run.stderr
    page = FinancingSchemePage.objects.get()
    assert [source.url for source in page.sources.all()] == [s["url"] for s in sources]
    first = page.sources.first()
    assert (first.title_ms, first.accessed_on) == (
        "Jaminan modal kerja",
        datetime.date(2026, 11, 20),
    )
    assert page.source_url == sources[0]["url"]
    again = run_import(write_jsonl("again.jsonl", [record]))
    assert "0 updated, 1 unchanged" in again.stdout


def test_an_import_cannot_claim_a_verification(sample, write_jsonl, run_import):
    record = sample("incubator", verification_status="verified")
    path = write_jsonl("incubators.jsonl", [record])

    run = run_import(path)

    assert not run.ok
    assert run.error_lines[0].startswith(
        f"{path}:1: verification_status: an import cannot record a verification (verified)"
    )


def test_a_compiled_pages_last_verified_is_its_compile_date(sample, write_jsonl, run_import):
    record = sample("incubator", last_verified="2026-11-25", verification_status="compiled")

    run = run_import(write_jsonl("incubators.jsonl", [record]))

    assert run.ok, run.stderr
    page = IncubatorPage.objects.get()
    assert (page.verification_status, page.compiled_on, page.last_verified) == (
        "compiled",
        datetime.date(2026, 11, 25),
        None,
    )


def test_a_verification_note_may_be_translated(sample, write_jsonl, run_import):
    note = {"en": "Fees not confirmed.", "th": "ยังไม่ได้ยืนยันค่าธรรมเนียม"}
    record = sample("incubator", verification_note=note)

    run = run_import(write_jsonl("incubators.jsonl", [record]))

    assert run.ok, run.stderr
    page = IncubatorPage.objects.get()
    assert (page.verification_note_en, page.verification_note_th) == (note["en"], note["th"])


def test_a_registration_total_needs_its_source_and_year(sample, write_jsonl, run_import):
    record = sample(
        "registration_guide", total_time_source=None, total_time_year=None, total_cost=None
    )
    record.pop("total_cost_source")
    record.pop("total_cost_year")
    path = write_jsonl("guides.jsonl", [record])

    run = run_import(path)

    assert not run.ok
    assert run.error_lines == [
        f"{path}:1: total_time_source: cite the source that states this total",
        f"{path}:1: total_time_year: give the year the source states it for",
    ]


def test_an_unknown_registration_total_carries_its_reason(sample, write_jsonl, run_import):
    record = sample(
        "registration_guide",
        total_cost=None,
        total_cost_source=None,
        total_cost_year=None,
        total_cost_unknown_reason="No official source states the total cost.",
    )

    run = run_import(write_jsonl("guides.jsonl", [record]))

    assert run.ok, run.stderr
    page = RegistrationGuidePage.objects.get()
    assert page.total_cost == ""
    assert page.total_cost_unknown_reason == "No official source states the total cost."
    assert page.total_time_year == 2026


def test_an_abinet_membership_needs_a_source(sample, write_jsonl, run_import):
    path = write_jsonl("incubators.jsonl", [sample("incubator", abinet_member_source=None)])

    run = run_import(path)

    assert run.error_lines == [
        f"{path}:1: abinet_member_source: cite where the membership (yes or no) is stated"
    ]


def test_the_sample_content_imports_as_compiled_without_a_verification_date(run_import):
    from pathlib import Path

    files = sorted(str(path) for path in Path("content").glob("*/*.jsonl"))

    run = run_import(*files)

    assert run.ok, run.stderr
    from servicecentre.selectors import content_models

    for model in content_models().values():
        assert not model.objects.exclude(verification_status="compiled").exists()
        assert not model.objects.filter(last_verified__isnull=False).exists()
