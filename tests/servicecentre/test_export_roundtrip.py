"""Export writes the import format: importing an export changes nothing, re-exports the same."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from wagtail.models import PageLogEntry, Revision

from finance_directory.models import FinancingSchemePage
from market_info.models import FtaIndexPage
from servicecentre.models import CountryPage
from servicecentre.services import country_hub

pytestmark = pytest.mark.django_db

TYPES = ["financing_scheme", "fta_guide", "market_guide", "registration_guide", "incubator"]


@pytest.fixture
def imported(sample, write_jsonl, run_import) -> list[dict]:
    records = [sample(code) for code in TYPES]
    assert run_import(write_jsonl("content.jsonl", records)).ok
    return records


def exported(run_export, *args) -> list[dict]:
    run = run_export(*args)
    assert run.ok, run.error
    return [json.loads(line) for line in run.stdout.splitlines()]


def with_provenance(record: dict) -> dict:
    """A record as export writes it: its status, and its source_url as its one source."""
    record = {**record, "verification_status": "compiled"}
    record.setdefault("sources", [{"url": record["source_url"]}])
    if isinstance(record.get("verification_note"), str):
        record["verification_note"] = {"en": record["verification_note"]}
    return record


def test_export_writes_each_page_as_its_import_record(imported, run_export):
    records = {record["id"]: record for record in exported(run_export)}

    assert list(records) == sorted(records)
    assert records["my-sjpp-working-capital-guarantee"] == with_provenance(imported[0])
    assert records["acfta-guide"] == with_provenance(imported[1])
    assert records["th-market-guide"] == with_provenance(imported[2])
    assert records["vn-business-registration"] == with_provenance(imported[3])
    # Codes come out in their vocabulary's order, stages in the programme's; the rest as given.
    assert records["sg-block71"] == {
        **with_provenance(imported[4]),
        "stages": ["pre_incubation", "incubation"],
        "target_groups": ["youth", "startups"],
    }


def test_export_leaves_empty_and_implied_fields_out(sample, write_jsonl, run_import, run_export):
    record = sample(
        "financing_scheme", opens_on=None, closes_on=None, body={"en": "Text", "th": ""}, sectors=[]
    )
    run_import(write_jsonl("schemes.jsonl", [record]))

    (line,) = exported(run_export)

    assert "open_all_year" not in line  # false is the default
    assert "sectors" not in line
    assert line["body"] == {"en": "Text"}


def test_export_then_import_changes_nothing(imported, run_export, run_import, tmp_path):
    out = tmp_path / "export.jsonl"
    assert run_export("-o", str(out)).ok
    revisions, logs = Revision.objects.count(), PageLogEntry.objects.count()

    run = run_import(str(out))

    assert "Imported 5 pages: 0 created, 0 updated, 5 unchanged." in run.stdout
    assert (Revision.objects.count(), PageLogEntry.objects.count()) == (revisions, logs)


def test_export_import_into_a_fresh_site_and_export_again_is_identical(
    imported, run_export, run_import, tmp_path
):
    first = tmp_path / "first.jsonl"
    run_export("-o", str(first))
    # Every hub and section with all the content below: the import has to make them again.
    for section in [*CountryPage.objects.all(), FtaIndexPage.objects.get()]:
        section.delete()

    assert "5 created" in run_import(str(first)).stdout
    second = tmp_path / "second.jsonl"
    run_export("-o", str(second))

    assert second.read_bytes() == first.read_bytes()


def test_pages_made_in_the_admin_get_an_id_and_are_exported(site, run_export, run_import, tmp_path):
    page = FinancingSchemePage(
        title="Green SME loan",
        slug="green-sme-loan",
        country_id="TH",
        summary="Loans for energy-saving equipment.",
        source_url="https://www.smebank.co.th/",
    )
    country_hub("TH").add_child(instance=page)
    page.save_revision().publish()

    (record,) = exported(run_export)

    assert record["id"] == "th-green-sme-loan"
    assert record["title"] == {"en": "Green SME loan"}
    out = tmp_path / "export.jsonl"
    run_export("-o", str(out))
    assert "1 unchanged" in run_import(str(out)).stdout


def test_export_writes_the_latest_revision_and_live_the_published_version(
    imported, sample, write_jsonl, run_import, run_export
):
    changed = sample("market_guide", title={"en": "Selling to Thailand"})
    run_import(
        write_jsonl("draft.jsonl", [changed, sample("incubator", id="sg-new-draft")]), "--draft"
    )

    latest = {record["id"]: record for record in exported(run_export)}
    live = {record["id"]: record for record in exported(run_export, "--live")}

    assert latest["th-market-guide"]["title"] == {"en": "Selling to Thailand"}
    assert live["th-market-guide"]["title"] == imported[2]["title"]
    assert "sg-new-draft" in latest and "sg-new-draft" not in live


def test_export_filters_by_type_and_country(imported, run_export, tmp_path):
    assert [record["id"] for record in exported(run_export, "--type", "incubator")] == [
        "sg-block71"
    ]
    assert [record["id"] for record in exported(run_export, "--country", "ASEAN")] == [
        "acfta-guide"
    ]
    assert exported(run_export, "--type", "incubator", "--country", "TH") == []
    out = tmp_path / "th.jsonl"
    run = run_export("--country", "TH", "-o", str(out))
    assert "Exported 1 page" in run.stderr
    assert [
        json.loads(line)["id"] for line in Path(out).read_text(encoding="utf-8").splitlines()
    ] == ["th-market-guide"]


def test_export_refuses_an_unknown_country(site, run_export):
    run = run_export("--country", "XX")

    assert not run.ok and "Unknown country code 'XX'" in run.error


@pytest.mark.parametrize(
    "window",
    [
        {"opens_on": "2026-01-05", "closes_on": "2026-02-27"},
        {"closes_on": "2026-02-27"},
        {"open_all_year": True},
    ],
)
def test_an_incubator_intake_window_is_exported_as_imported(
    window, sample, write_jsonl, run_import, run_export
):
    from abinet.models import IncubatorPage

    assert run_import(write_jsonl("incubators.jsonl", [sample("incubator", **window)])).ok

    page = IncubatorPage.objects.get()
    assert page.closes_on == (
        datetime.date.fromisoformat(window["closes_on"]) if "closes_on" in window else None
    )
    (line,) = exported(run_export)
    names = ("opens_on", "closes_on", "open_all_year")
    assert {key: line[key] for key in names if key in line} == window
