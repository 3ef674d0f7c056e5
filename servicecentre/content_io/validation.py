"""Check one raw record against the format and turn it into its canonical values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from servicecentre.content_io.readers import Problem, RawRecord
from servicecentre.content_io.schema import (
    SUPPORT_TYPES,
    TYPE,
    Vocabularies,
    all_fields,
    canonical_provenance,
    drop_implied,
    fields_for,
    types_with_field,
)
from servicecentre.models import COMPILED


@dataclass
class CheckedRecord:
    """A record after validation: its canonical values and what was wrong with it."""

    file: str
    line: int
    values: dict[str, Any]  # canonical, in export order, empty fields left out
    problems: list[Problem] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)  # fields whose value was rejected
    warnings: list[Problem] = field(default_factory=list)  # worth knowing, but written anyway
    source_from_url: bool = False  # the line gave `source_url` alone: its one source

    @property
    def content_type(self) -> str | None:
        return self.values.get("type")

    def report(self, name: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.line, name, message))
        self.failed.add(name.split(".")[0].split("[")[0])

    def warn(self, name: str, message: str) -> None:
        self.warnings.append(Problem(self.file, self.line, name, message))


def check_record(raw: RawRecord, *, vocab: Vocabularies) -> CheckedRecord:
    """Validate a raw record field by field, then the rules that span fields."""
    checked = CheckedRecord(raw.file, raw.line, {})
    data = raw.data
    content_type = (
        TYPE.kind.clean(data["type"], report=lambda *a: None, vocab=vocab)
        if data.get("type")
        else None
    )
    fields = fields_for(content_type)
    names = {f.name for f in fields}
    known = all_fields()

    for key, value in data.items():
        if key in names:
            continue
        if key == SUPPORT_TYPES.name and content_type:
            # A common field of the format that only some page types store: check it, then drop it.
            def report(suffix: str, message: str, key: str = key) -> None:
                checked.report(key + suffix, message)

            if SUPPORT_TYPES.kind.clean(value, report=report, vocab=vocab):
                checked.warn(key, f"ignored: {content_type} pages have no support types")
        elif key in known:
            if content_type:
                owners = ", ".join(types_with_field(key))
                checked.report(key, f"not a field of {content_type} (it belongs to {owners})")
        else:
            checked.report(key, "unknown field")

    for spec in fields:
        value = data.get(spec.name)
        # A source is required: `source_url`, or `sources` instead.
        required = spec.required or (spec.name == "source_url" and data.get("sources") is None)
        if value is None:
            if required:
                checked.report(spec.name, "required")
            continue
        before = len(checked.problems)

        def report(suffix: str, message: str, name: str = spec.name) -> None:
            checked.report(name + suffix, message)

        cleaned = spec.kind.clean(value, report=report, vocab=vocab)
        if cleaned is not None:
            checked.values[spec.name] = cleaned
        elif required and len(checked.problems) == before:
            checked.report(spec.name, "required")

    _check_provenance(checked)
    # Rules across fields belong to the page models' clean(), which the importer runs on
    # each planned page (services._validate_page); here only what the format implies.
    drop_implied(checked.values, fields)
    return checked


def _check_provenance(checked: CheckedRecord) -> None:
    """A source is required (`source_url` or `sources`); dates agree with the status."""
    values = checked.values
    checked.source_from_url = "sources" not in values
    if "verification_status" in checked.failed:
        return
    canonical_provenance(values)
    compiled_on, checked_on = values.get("compiled_on"), values.get("last_verified")
    if compiled_on is None or checked_on is None:
        return
    if values["verification_status"] == COMPILED:
        if compiled_on != checked_on:
            checked.report(
                "compiled_on",
                "a compiled page's compile date is last_verified: give one date "
                f"({compiled_on} is not {checked_on})",
            )
        else:
            del values["compiled_on"]
    elif compiled_on == checked_on:
        del values["compiled_on"]  # implied, so the canonical record leaves it out
    elif compiled_on > checked_on:
        checked.report("compiled_on", f"must not be after last_verified ({checked_on})")
