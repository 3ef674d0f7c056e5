"""Read import files (JSON Lines or CSV) into raw records, keeping each record's line number."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings

from servicecentre.content_io.schema import Field, all_fields, describe, parse_decimal

JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Problem:
    """One error in the input, printed as `FILE:LINE: field: message`."""

    file: str
    line: int  # 1-based; 0 for the file as a whole
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@dataclass
class RawRecord:
    """One object of the input as parsed, before validation."""

    file: str
    line: int
    data: dict[str, Any]


def read_file(*, path: Path, label: str) -> tuple[list[RawRecord], list[Problem]]:
    """Parse one file by its extension; `label` names it in records and problems."""
    suffix = path.suffix.lower()
    if suffix not in JSONL_SUFFIXES + CSV_SUFFIXES:
        return [], [Problem(label, 0, "file", "unknown file type: use .jsonl (JSON Lines) or .csv")]
    try:
        content = path.read_bytes()
    except OSError as exc:
        return [], [Problem(label, 0, "file", f"cannot read the file: {exc.strerror or exc}")]
    if suffix in CSV_SUFFIXES:
        return read_csv(content=content, label=label)
    return read_jsonl(content=content, label=label)


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


# Far beyond any amount, and small enough that no later arithmetic or int() conversion
# of an imported number can take long (1e999999999 as an int has a billion digits).
MAX_NUMBER_DIGITS = 40
MAX_EXPONENT = 40


def _bounded_decimal(text: str) -> Decimal:
    number = Decimal(text)
    digits = len(number.as_tuple().digits)
    if digits > MAX_NUMBER_DIGITS or abs(number.adjusted()) > MAX_EXPONENT:
        raise ValueError(f"number out of range: {text[:20]}{'...' if len(text) > 20 else ''}")
    return number


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise ValueError(f"number out of range: {text[:20]}...")
    return int(text)


def loads(text: str, **kwargs):
    """json.loads with exact, bounded numbers; no NaN or Infinity; nesting errors as ValueError."""
    try:
        return json.loads(
            text,
            parse_float=_bounded_decimal,
            parse_int=_bounded_int,
            parse_constant=_reject_constant,
            **kwargs,
        )
    except RecursionError:
        raise ValueError("nested too deeply") from None


def read_jsonl(*, content: bytes, label: str) -> tuple[list[RawRecord], list[Problem]]:
    """One JSON object per line; blank lines are skipped."""
    records: list[RawRecord] = []
    problems: list[Problem] = []
    for number, raw_line in enumerate(content.removeprefix(UTF8_BOM).splitlines(), start=1):
        if not raw_line.strip():
            continue
        try:
            line = raw_line.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(label, number, "json", f"not UTF-8 text (byte {exc.start + 1})")
            )
            continue
        repeated: list[str] = []

        def unique_keys(pairs, repeated=repeated):
            obj = {}
            for key, value in pairs:
                if key in obj:
                    repeated.append(key)
                obj[key] = value
            return obj

        try:
            # Decimal keeps amounts exact; NaN and Infinity are not JSON.
            data = loads(line, object_pairs_hook=unique_keys)
        except json.JSONDecodeError as exc:
            problems.append(Problem(label, number, "json", f"{exc.msg} (column {exc.colno})"))
            continue
        except ValueError as exc:
            problems.append(Problem(label, number, "json", str(exc)))
            continue
        if not isinstance(data, dict):
            problems.append(
                Problem(
                    label,
                    number,
                    "json",
                    f"expected an object {{...}} per line, got {describe(data)}",
                )
            )
            continue
        problems.extend(
            Problem(label, number, key, "given more than once") for key in dict.fromkeys(repeated)
        )
        records.append(RawRecord(label, number, data))
    return records, problems


def _csv_columns(
    header: list[str], *, label: str, line: int
) -> tuple[list[tuple[Field, str | None] | None], list[Problem]]:
    """Map header cells to (field, language) pairs; None for a column that cannot be read."""
    fields = all_fields()
    problems: list[Problem] = []
    columns: list[tuple[Field, str | None] | None] = []
    seen: set[str] = set()
    for cell in header:
        name = cell.strip()
        base, _, language = name.partition(".")
        field = fields.get(base)
        column: tuple[Field, str | None] | None = None
        if not name:
            problems.append(Problem(label, line, "column", "a column has no name"))
        elif name in seen:
            problems.append(Problem(label, line, name, "column given more than once"))
        elif field is None:
            problems.append(Problem(label, line, name, "unknown field"))
        elif field.kind.csv == "translated":
            if not language and getattr(field.kind, "plain_language", None):
                column = (field, field.kind.plain_language)
            elif not language:
                problems.append(
                    Problem(
                        label,
                        line,
                        name,
                        f"a translated field takes one column per language, e.g. {name}.en",
                    )
                )
            elif language not in settings.LANGUAGE_CODES:
                problems.append(
                    Problem(
                        label,
                        line,
                        name,
                        f"unknown language code (use one of {', '.join(settings.LANGUAGE_CODES)})",
                    )
                )
            else:
                column = (field, language)
        elif language:
            problems.append(
                Problem(label, line, name, f"{base} is not translated: name the column {base}")
            )
        else:
            column = (field, None)
        seen.add(name)
        columns.append(column)
    return columns, problems


def _csv_value(field: Field, cell: str) -> tuple[Any, str | None]:
    """A cell as the value its JSON counterpart would have, or an error message."""
    kind = field.kind.csv
    if kind == "list":
        return [item.strip() for item in cell.split(";") if item.strip()], None
    if kind == "bool":
        word = cell.strip().lower()
        if word in ("true", "false"):
            return word == "true", None
        return None, f"expected true or false, got {cell!r}"
    if kind == "number":
        number = parse_decimal(cell)
        return (number, None) if number is not None else (None, f"expected a number, got {cell!r}")
    if kind == "json":
        try:
            return loads(cell), None
        except ValueError as exc:
            return None, f"not valid JSON: {getattr(exc, 'msg', exc)}"
    return cell, None


def read_csv(*, content: bytes, label: str) -> tuple[list[RawRecord], list[Problem]]:
    """A header row of field names (`title.en` per language), then one record per row."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        return [], [Problem(label, line, "csv", "not UTF-8 text")]
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[RawRecord] = []
    problems: list[Problem] = []
    columns = None
    end = 0
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(label, start, "csv", str(exc)))
            break
        end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if columns is None:
            columns, header_problems = _csv_columns(row, label=label, line=start)
            problems.extend(header_problems)
            continue
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
            problems.append(
                Problem(
                    label, start, "csv", f"the row has {len(row)} cells, the header {len(columns)}"
                )
            )
        data: dict[str, Any] = {}
        for column, cell in zip(columns, row, strict=False):
            if column is None or not cell.strip():
                continue  # an empty cell is an absent field
            field, language = column
            if language:
                data.setdefault(field.name, {})[language] = cell
                continue
            value, error = _csv_value(field, cell)
            if error:
                problems.append(Problem(label, start, field.name, error))
            else:
                data[field.name] = value
        records.append(RawRecord(label, start, data))
    return records, problems
