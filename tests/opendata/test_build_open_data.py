"""`build_open_data`: every download parses back to the published pages, and only those."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page

from opendata.services import CATALOG_NAME, JSONL_NAME, LICENCE_URL, build_open_data, csv_columns
from servicecentre.content_io.schema import fields_for
from servicecentre.content_io.selectors import export_records
from servicecentre.selectors import content_models
from tests.opendata.conftest import make_scheme

pytestmark = pytest.mark.django_db
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def current(root):
    return root / "current"


def read_jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def restore(cell: str) -> str:
    """Undo the neutralising apostrophe (the data page documents it)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_PREFIXES) else cell


def csv_records(path, content_type: str) -> list[dict]:
    """Rebuild import records from a type's CSV with the csv module alone."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    assert header == [heading for heading, _name, _language in csv_columns(content_type)]
    kinds = {field.name: field.kind.csv for field in fields_for(content_type)}
    records = []
    for row in body:
        record: dict = {}
        for heading, cell in zip(header, row, strict=True):
            cell = restore(cell)
            if not cell:
                continue
            name, _, language = heading.partition(".")
            kind = kinds[name]
            if language:
                record.setdefault(name, {})[language] = cell
            elif kind == "list":
                record[name] = cell.split(";")
            elif kind == "bool":
                record[name] = cell == "true"
            elif kind == "number":
                record[name] = json.loads(cell)
            elif kind == "json":
                record[name] = json.loads(cell)
            else:
                record[name] = cell
        records.append(record)
    return records


def live_public_ids() -> set[str]:
    """The published, public content pages, read straight from the database."""
    return {
        page.external_id
        for model in content_models().values()
        for page in model.objects.live().public()
    }


def test_each_csv_parses_back_to_the_published_pages(published, hidden_pages, open_data_root):
    build_open_data()
    expected = [json.loads(json.dumps(r, default=float)) for r in export_records(live=True)]
    seen = []
    for code in content_models():
        rows = csv_records(current(open_data_root) / f"{code}.csv", code)
        assert rows == [record for record in expected if record["type"] == code]
        assert rows, f"the sample slice has {code} pages"
        seen += rows
    assert {record["id"] for record in seen} == live_public_ids()


def test_the_jsonl_is_the_published_pages_in_the_import_format(
    published, hidden_pages, open_data_root
):
    build_open_data()
    records = read_jsonl(current(open_data_root) / JSONL_NAME)

    assert [record["id"] for record in records] == sorted(live_public_ids())
    assert records == [json.loads(json.dumps(r, default=float)) for r in export_records(live=True)]
    # The live version, not the newer draft.
    edited = next(
        record for record in records if record["id"] == "th-tcg-portfolio-guarantee-scheme"
    )
    assert edited["title"]["en"] != "UNPUBLISHED DRAFT TITLE"


def test_import_content_dry_run_accepts_the_jsonl_and_finds_nothing_to_change(
    published, open_data_root
):
    build_open_data()
    out = StringIO()
    call_command(
        "import_content", str(current(open_data_root) / JSONL_NAME), "--dry-run", stdout=out
    )
    lines = out.getvalue().splitlines()
    planned = [line for line in lines if not line.startswith("Dry run")]
    assert len(planned) == len(live_public_ids())
    assert all(line.startswith("unchanged") for line in planned), planned[:3]


def test_import_content_dry_run_accepts_each_csv_and_finds_nothing_to_change(
    published, open_data_root
):
    build_open_data()
    for code in content_models():
        out = StringIO()
        call_command(
            "import_content", str(current(open_data_root) / f"{code}.csv"), "--dry-run", stdout=out
        )
        planned = [line for line in out.getvalue().splitlines() if not line.startswith("Dry")]
        assert planned and all(line.startswith("unchanged") for line in planned), planned[:3]


def test_a_draft_or_private_page_never_appears_in_any_file(published, hidden_pages, open_data_root):
    build_open_data()
    for path in current(open_data_root).iterdir():
        text = path.read_text(encoding="utf-8")
        assert "secret-draft-scheme" not in text, path.name
        assert "private-scheme" not in text, path.name
        assert "UNPUBLISHED DRAFT TITLE" not in text, path.name


def test_an_unpublished_page_leaves_the_files_at_the_next_build(published, open_data_root):
    build_open_data()
    assert "th-boi-investment-promotion" in (current(open_data_root) / JSONL_NAME).read_text()
    Page.objects.get(
        pk=content_models()["financing_scheme"]
        .objects.get(external_id="th-boi-investment-promotion")
        .pk
    ).unpublish()

    build_open_data()

    assert "th-boi-investment-promotion" not in (current(open_data_root) / JSONL_NAME).read_text()
    assert "th-boi-investment-promotion" not in (
        current(open_data_root) / "financing_scheme.csv"
    ).read_text(encoding="utf-8")


def test_formula_cells_are_neutralised_in_the_csv_but_not_in_the_jsonl(site, open_data_root):
    page = make_scheme("formula", title_en='=HYPERLINK("http://evil")', summary_en="-1+2")
    page.title = page.title_en
    page.save_revision().publish()

    build_open_data()

    rows = list(
        csv.DictReader(
            io.StringIO(
                (current(open_data_root) / "financing_scheme.csv").read_text(encoding="utf-8-sig")
            )
        )
    )
    assert rows[0]["title.en"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["summary.en"] == "'-1+2"
    record = read_jsonl(current(open_data_root) / JSONL_NAME)[0]
    assert record["title"]["en"] == '=HYPERLINK("http://evil")'


def test_the_catalog_describes_each_file_with_licence_size_and_checksum(published, open_data_root):
    call_command("build_open_data", stdout=StringIO())
    directory = current(open_data_root)
    catalog = json.loads((directory / CATALOG_NAME).read_text(encoding="utf-8"))

    assert catalog["license"] == LICENCE_URL
    assert catalog["publisher"]["name"] == "ASEAN SME Service Centre"
    names = set()
    for dataset in catalog["dataset"]:
        assert dataset["license"] == LICENCE_URL
        assert dataset["title"] and dataset["description"] and dataset["modified"]
        for distribution in dataset["distribution"]:
            data = (directory / distribution["fileName"]).read_bytes()
            assert distribution["byteSize"] == len(data)
            assert distribution["checksum"] == {
                "algorithm": "sha256",
                "checksumValue": hashlib.sha256(data).hexdigest(),
            }
            assert distribution["license"] == LICENCE_URL
            assert distribution["downloadURL"].endswith(f"/api/v1/data/{distribution['fileName']}")
            names.add(distribution["fileName"])
    assert names == {f"{code}.csv" for code in content_models()} | {JSONL_NAME}
    counts = {d["identifier"]: d["numberOfRecords"] for d in catalog["dataset"]}
    assert counts["directory"] == len(live_public_ids())


def test_a_rebuild_switches_atomically_and_keeps_unchanged_files_dates(published, open_data_root):
    import datetime

    first = build_open_data(now=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC))
    first_dir = current(open_data_root).resolve()
    Page.objects.get(pk=content_models()["incubator"].objects.order_by("pk").first().pk).unpublish()

    second = build_open_data(now=datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC))

    assert current(open_data_root).is_symlink()
    assert current(open_data_root).resolve() != first_dir
    assert first_dir.is_dir()  # kept for downloads that started on it
    modified = {(d["identifier"]): d["modified"] for d in second["dataset"]}
    assert modified["financing_scheme"] == "2026-03-01T00:00:00Z"  # unchanged content
    assert modified["incubator"] == "2026-03-02T00:00:00Z"
    build_open_data(now=datetime.datetime(2026, 3, 3, tzinfo=datetime.UTC))
    assert not first_dir.exists()  # only the previous build is kept
    assert first["issued"] == "2026-03-01T00:00:00Z"
