"""Build the open data files: one CSV per content type, the JSON Lines export, the catalog.

A build writes every file into a fresh directory under OPEN_DATA_ROOT, then points the
`current` symlink at it in one rename, so a reader sees the old set or the new set,
never a mixture (a CSV from one build beside a catalog from another).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from analytics.export import neutralise
from servicecentre.content_io.schema import fields_for
from servicecentre.content_io.selectors import export_records, record_json
from servicecentre.labels import section_label
from servicecentre.selectors import content_models

# docs/adr/0006-open-data-licence.md says why this licence.
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
ATTRIBUTION = (
    "ASEAN SME Service Centre, compiled from the official sources named in each record "
    "(source_url, sources)"
)
CATALOG_NAME = "catalog.json"
JSONL_NAME = "directory.jsonl"
CURRENT = "current"
BUILD_PREFIX = "build-"
# Builds kept besides the current one, so a download that started on the previous
# build finishes from the same files.
KEEP_PREVIOUS = 1

MEDIA_TYPES = {".csv": "text/csv", ".jsonl": "application/jsonl", ".json": "application/json"}


def open_data_root() -> Path:
    return Path(settings.OPEN_DATA_ROOT)


def csv_name(content_type: str) -> str:
    return f"{content_type}.csv"


def media_type(name: str) -> str:
    return MEDIA_TYPES[Path(name).suffix]


# --- CSV in the import format's CSV layout (docs/import-format.md, "CSV") ----------------


def csv_columns(content_type: str) -> list[tuple[str, str, str | None]]:
    """(heading, field name, language) for each column of a type's CSV, in export order."""
    columns = []
    for field in fields_for(content_type):
        if field.kind.csv == "translated":
            columns += [
                (f"{field.name}.{language}", field.name, language)
                for language in settings.LANGUAGE_CODES
            ]
        else:
            columns.append((field.name, field.name, None))
    return columns


def csv_cell(value: Any) -> str:
    """A record's value as the import format's CSV writes it (before neutralising)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ";".join(value)
    if isinstance(value, list | dict):
        return record_json(value)
    return str(value)


def records_csv(*, content_type: str, records: list[dict]) -> str:
    """A type's records as CSV: UTF-8 text with a BOM, formula-like cells neutralised.

    A cell that starts with = + - @ (or a tab or carriage return) gets a leading
    apostrophe, so a spreadsheet shows it as text instead of running it.
    """
    columns = csv_columns(content_type)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([heading for heading, _name, _language in columns])
    for record in records:
        row = []
        for _heading, name, language in columns:
            value = record.get(name)
            if language:
                value = (value or {}).get(language)
            row.append(neutralise(csv_cell(value)))
        writer.writerow(row)
    return buffer.getvalue()


# --- The build --------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltFile:
    name: str
    size: int
    sha256: str
    modified: str  # ISO 8601, when this file's content last changed


def _site_url() -> str:
    """The public base URL for the catalog's absolute links (WAGTAILADMIN_BASE_URL, which
    e-mails use too: the admin and the site share a host)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def download_url(name: str, *, base: str = "") -> str:
    return f"{base}/api/v1/data/{name}"


def current_dir() -> Path | None:
    """The directory of the current build, or None before the first build."""
    link = open_data_root() / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def read_catalog() -> dict | None:
    """The current build's catalog, or None before the first build."""
    directory = current_dir()
    if directory is None:
        return None
    return json.loads((directory / CATALOG_NAME).read_text(encoding="utf-8"))


def _previous_modified() -> dict[tuple[str, str], str]:
    """(file name, sha256) → modified, from the current catalog: an unchanged file keeps
    its date, so Last-Modified moves only when the content does."""
    catalog = read_catalog() or {}
    return {
        (distribution["fileName"], distribution["checksum"]["checksumValue"]): distribution[
            "modified"
        ]
        for dataset in catalog.get("dataset", [])
        for distribution in dataset.get("distribution", [])
    }


def _write(directory: Path, name: str, text: str, *, now: str, previous: dict) -> BuiltFile:
    data = text.encode("utf-8")
    (directory / name).write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    return BuiltFile(name, len(data), digest, previous.get((name, digest), now))


def _distribution(built: BuiltFile, *, title: str, base: str) -> dict:
    kind = "CSV" if built.name.endswith(".csv") else "JSON Lines"
    return {
        "@type": "dcat:Distribution",
        "title": title,
        "fileName": built.name,
        "downloadURL": download_url(built.name, base=base),
        "mediaType": media_type(built.name),
        "format": kind,
        "byteSize": built.size,
        "checksum": {"algorithm": "sha256", "checksumValue": built.sha256},
        "modified": built.modified,
        "license": LICENCE_URL,
    }


def build_catalog(
    *, files: dict[str, BuiltFile], counts: dict[str, int], now: str, base: str
) -> dict:
    """The DCAT-style catalog (names from DCAT 3 / DCAT-AP, as JSON)."""
    publisher = {"@type": "foaf:Organization", "name": settings.WAGTAIL_SITE_NAME, "url": base}
    datasets = []
    with translation.override("en"):
        for code in content_models():
            built = files[csv_name(code)]
            title = str(section_label(code))
            datasets.append(
                {
                    "@type": "dcat:Dataset",
                    "identifier": code,
                    "title": title,
                    "description": (
                        f"{title} in the ten ASEAN member states: every published page of "
                        f"type {code}, one row per page, in the import format's CSV layout."
                    ),
                    "license": LICENCE_URL,
                    "rights": ATTRIBUTION,
                    "publisher": publisher,
                    "modified": built.modified,
                    "numberOfRecords": counts[code],
                    "distribution": [
                        _distribution(built, title=f"{title} (CSV)", base=base),
                    ],
                }
            )
        jsonl = files[JSONL_NAME]
        datasets.append(
            {
                "@type": "dcat:Dataset",
                "identifier": "directory",
                "title": "The whole directory (import format)",
                "description": (
                    "Every published page of every type as JSON Lines in the import format "
                    "(docs/import-format.md): another site can load it with "
                    "`manage.py import_content`."
                ),
                "license": LICENCE_URL,
                "rights": ATTRIBUTION,
                "publisher": publisher,
                "modified": jsonl.modified,
                "numberOfRecords": sum(counts.values()),
                "distribution": [_distribution(jsonl, title="Directory (JSON Lines)", base=base)],
            }
        )
    return {
        "@context": "https://www.w3.org/ns/dcat3.jsonld",
        "@type": "dcat:Catalog",
        "title": f"{settings.WAGTAIL_SITE_NAME}: open data",
        "description": (
            "The published directory of SME financing schemes, trade agreement guides, "
            "market guides, business registration guides and incubators in the ASEAN "
            "member states. Drafts and private pages are never included."
        ),
        "license": LICENCE_URL,
        "licenseName": LICENCE_NAME,
        "rights": ATTRIBUTION,
        "publisher": publisher,
        "homepage": f"{base}/en/data/",
        "modified": max(dataset["modified"] for dataset in datasets),
        "issued": now,
        "dataset": datasets,
    }


def build_open_data(*, now: datetime.datetime | None = None) -> dict:
    """Write every file from the live public pages and switch to them; return the catalog."""
    root = open_data_root()
    root.mkdir(parents=True, exist_ok=True)
    stamp = (now or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)
    now_iso = stamp.isoformat().replace("+00:00", "Z")
    previous = _previous_modified()
    base = _site_url()
    records = export_records(live=True)
    directory = Path(
        os.path.realpath(tempfile.mkdtemp(prefix=f"{BUILD_PREFIX}{stamp:%Y%m%dT%H%M%S}-", dir=root))
    )
    try:
        files: dict[str, BuiltFile] = {}
        counts: dict[str, int] = {}
        for code in content_models():
            of_type = [record for record in records if record["type"] == code]
            counts[code] = len(of_type)
            name = csv_name(code)
            files[name] = _write(
                directory,
                name,
                records_csv(content_type=code, records=of_type),
                now=now_iso,
                previous=previous,
            )
        lines = "".join(record_json(record) + "\n" for record in records)
        files[JSONL_NAME] = _write(directory, JSONL_NAME, lines, now=now_iso, previous=previous)
        catalog = build_catalog(files=files, counts=counts, now=now_iso, base=base)
        (directory / CATALOG_NAME).write_text(
            json.dumps(catalog, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        directory.chmod(0o755)
        # The switch: a new symlink renamed over the old one (rename is atomic).
        temporary_link = root / f".{CURRENT}-{directory.name}"
        temporary_link.symlink_to(directory.name)
        os.replace(temporary_link, root / CURRENT)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    _remove_old_builds(root, keep=directory)
    return catalog


def _remove_old_builds(root: Path, *, keep: Path) -> None:
    builds = sorted(
        (path for path in root.glob(f"{BUILD_PREFIX}*") if path.is_dir() and path != keep),
        key=lambda path: path.stat().st_mtime,
        reverse=True,
    )
    for old in builds[KEEP_PREVIOUS:]:
        shutil.rmtree(old, ignore_errors=True)


def open_data_file(name: str) -> Path | None:
    """The current build's file of that name, or None: only names the catalog lists."""
    catalog = read_catalog()
    directory = current_dir()
    if catalog is None or directory is None:
        return None
    listed = {CATALOG_NAME} | {
        distribution["fileName"]
        for dataset in catalog["dataset"]
        for distribution in dataset["distribution"]
    }
    return directory / name if name in listed else None
