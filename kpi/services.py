"""Import KPI values from CSV: the World Bank's WDI layout or a plain long layout.

All or nothing: the whole file is checked first; any problem means nothing is written
and each problem is reported as `FILE:LINE: column: message`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from kpi.models import Indicator, KpiValue
from servicecentre.models import Country

# ISO 3166-1 alpha-3 (WDI's Country Code) → alpha-2 (the site's codes), member states only.
ASEAN_ALPHA3 = {
    "BRN": "BN",
    "KHM": "KH",
    "IDN": "ID",
    "LAO": "LA",
    "MYS": "MY",
    "MMR": "MM",
    "PHL": "PH",
    "SGP": "SG",
    "THA": "TH",
    "VNM": "VN",
}
WDI_COLUMNS = ("Country Name", "Country Code", "Indicator Name", "Indicator Code")
LONG_COLUMNS = ("indicator", "country", "year", "value", "source")
LONG_OPTIONAL = ("unit", "source_url", "note")
YEAR = re.compile(r"^\d{4}$")
WDI_SOURCE = "World Bank, World Development Indicators ({code})"
WDI_SOURCE_URL = "https://data.worldbank.org/indicator/{code}"


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class KpiImportFailed(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Row:
    indicator: Indicator
    country: str
    year: int
    value: Decimal
    source: str
    source_url: str = ""
    unit: str = ""
    note: str = ""


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ignored_countries: set[str] = field(default_factory=set)
    ignored_indicators: set[str] = field(default_factory=set)
    missing_values: int = 0


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _rows_with_lines(text: str):
    reader = csv.reader(io.StringIO(text, newline=""))
    end = 0
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        end = reader.line_num
        yield start, row


def _wrong_width(label: str, line: int, cells: list[str], header: list[str]) -> Problem:
    return Problem(label, line, "row", f"has {len(cells)} cells, the header {len(header)}")


def read_wdi(
    lines, *, label: str, header_line: int, header: list[str], summary: ImportSummary
) -> tuple[list[Row], list[Problem]]:
    """The WDI layout: one row per country and indicator, one column per year."""
    indicators = {i.wdi_code: i for i in Indicator.objects.exclude(wdi_code="")}
    position = {name: header.index(name) for name in WDI_COLUMNS}
    years = [(index, int(cell)) for index, cell in enumerate(header) if YEAR.match(cell.strip())]
    rows, problems = [], []
    for line, cells in lines:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(_wrong_width(label, line, cells, header))
            continue
        country = ASEAN_ALPHA3.get(cells[position["Country Code"]].strip())
        code = cells[position["Indicator Code"]].strip()
        if country is None:
            summary.ignored_countries.add(cells[position["Country Code"]].strip())
            continue
        indicator = indicators.get(code)
        if indicator is None:
            summary.ignored_indicators.add(code)
            continue
        for index, year in years:
            cell = cells[index].strip()
            if not cell:
                summary.missing_values += 1
                continue
            value = _number(cell)
            if value is None:
                problems.append(Problem(label, line, str(year), f"not a number: {cell[:40]!r}"))
                continue
            rows.append(
                Row(
                    indicator=indicator,
                    country=country,
                    year=year,
                    value=value,
                    source=WDI_SOURCE.format(code=code),
                    source_url=WDI_SOURCE_URL.format(code=code),
                )
            )
    return rows, problems


def read_long(
    lines, *, label: str, header: list[str], summary: ImportSummary
) -> tuple[list[Row], list[Problem]]:
    """The long layout: indicator, country, year, value, source (+ unit, source_url, note)."""
    indicators = {i.code: i for i in Indicator.objects.all()}
    members = set(Country.objects.filter(is_member_state=True).values_list("code", flat=True))
    rows, problems = [], []
    for line, cells in lines:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(_wrong_width(label, line, cells, header))
            continue
        data = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
        row_problems = []
        indicator = indicators.get(data["indicator"])
        if indicator is None:
            row_problems.append(("indicator", f"unknown KPI {data['indicator']!r}"))
        if data["country"] not in members:
            row_problems.append(("country", f"not a member state's code: {data['country']!r}"))
        if not YEAR.match(data["year"]):
            row_problems.append(("year", f"not a year: {data['year']!r}"))
        value = _number(data["value"])
        if value is None:
            row_problems.append(("value", f"not a number: {data['value'][:40]!r}"))
        if not data["source"]:
            row_problems.append(("source", "required: who publishes the figure"))
        if row_problems:
            problems += [Problem(label, line, column, message) for column, message in row_problems]
            continue
        rows.append(
            Row(
                indicator=indicator,
                country=data["country"],
                year=int(data["year"]),
                value=value,
                source=data["source"],
                source_url=data.get("source_url", ""),
                unit=data.get("unit", ""),
                note=data.get("note", ""),
            )
        )
    return rows, problems


def read_kpi_file(
    *, path: Path, label: str, summary: ImportSummary
) -> tuple[list[Row], list[Problem]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        return [], [Problem(label, 0, "file", f"cannot read the file: {error.strerror or error}")]
    except UnicodeDecodeError:
        return [], [Problem(label, 0, "file", "not UTF-8 text")]
    lines = _rows_with_lines(text)
    try:
        for line, cells in lines:
            names = [cell.strip() for cell in cells]
            if all(name in names for name in WDI_COLUMNS):
                return read_wdi(lines, label=label, header_line=line, header=names, summary=summary)
            if all(name in names for name in LONG_COLUMNS):
                unknown = [n for n in names if n not in LONG_COLUMNS + LONG_OPTIONAL]
                if unknown:
                    return [], [Problem(label, line, unknown[0], "unknown column")]
                return read_long(lines, label=label, header=names, summary=summary)
    except csv.Error as error:
        return [], [Problem(label, 0, "csv", str(error))]
    return [], [
        Problem(
            label,
            0,
            "header",
            "no header row: expected the WDI layout (Country Name, Country Code, Indicator "
            "Name, Indicator Code, one column per year) or indicator,country,year,value,source",
        )
    ]


def import_kpi_values(*, paths: list[str], dry_run: bool = False) -> ImportSummary:
    """Read every file, then write every value in one transaction, or raise KpiImportFailed."""
    summary = ImportSummary()
    rows: list[Row] = []
    problems: list[Problem] = []
    for label in paths:
        file_rows, file_problems = read_kpi_file(path=Path(label), label=label, summary=summary)
        rows += file_rows
        problems += file_problems
    if problems:
        raise KpiImportFailed(problems)
    with transaction.atomic():
        for row in rows:
            fields = {
                "value": row.value,
                "source": row.source,
                "source_url": row.source_url,
                "unit": row.unit,
                "note": row.note,
            }
            existing = KpiValue.objects.filter(
                indicator=row.indicator, country_id=row.country, year=row.year
            ).first()
            if existing is None:
                summary.created += 1
                if not dry_run:
                    KpiValue.objects.create(
                        indicator=row.indicator, country_id=row.country, year=row.year, **fields
                    )
            elif all(getattr(existing, name) == value for name, value in fields.items()):
                summary.unchanged += 1
            else:
                summary.updated += 1
                if not dry_run:
                    for name, value in fields.items():
                        setattr(existing, name, value)
                    existing.save()
    return summary
