"""Export content pages as records of the import format."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation

from servicecentre.content_io.schema import page_record, related_names
from servicecentre.selectors import content_models


def export_records(
    *, content_type: str | None = None, country: str | None = None, live: bool = False
) -> list[dict]:
    """Every content page as an import record, sorted by id.

    By default each page's latest revision, drafts included: what an import compares
    against and edits, so exporting and importing again changes nothing. With `live`,
    only live pages, as visitors see them.
    """
    records = []
    with translation.override(settings.LANGUAGE_CODE):
        for code, model in content_models().items():
            if content_type and code != content_type:
                continue
            pages = model.objects.prefetch_related(*related_names(code))
            if country:
                pages = pages.filter(country_id=country)
            if live:
                pages = pages.live().public()
            for page in pages:
                records.append(page_record(page if live else page.get_latest_revision_as_object()))
    return sorted(records, key=lambda record: record["id"])


def _json_number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def record_json(record: dict) -> str:
    """One record as a line of JSON Lines (UTF-8 text, not escaped)."""
    return json.dumps(record, ensure_ascii=False, default=_json_number)
