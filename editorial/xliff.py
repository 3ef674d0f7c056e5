"""XLIFF 1.2 files for translators: write the units to translate, read them back.

Pure functions over bytes and plain data; the database side lives in services.py.
A unit id is `<page import id>/<field>`, e.g. `th-sme-loan/summary`, or for a source's
title `<page import id>/sources.<source pk>.title`; the language is the file's
`target-language`, never part of the id.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime
from xml.parsers import expat

from editorial.texts import SOURCE_LANGUAGE, site_language, xliff_language

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# The field is a page field (`summary`) or a source's title (`sources.<source pk>.title`).
UNIT_ID = re.compile(
    r"^(?P<page>[a-z0-9][a-z0-9-]*)/(?P<field>[a-z][a-z0-9_]*|sources\.[0-9]+\.title)$"
)
MAX_FILE_BYTES = 20 * 1024 * 1024

ET.register_namespace("", NS)


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


@dataclass(frozen=True)
class Unit:
    """One field to translate."""

    field: str
    source: str
    target: str = ""
    outdated: bool = False
    note: str = ""


@dataclass(frozen=True)
class PageUnits:
    """The units of one page, written as one XLIFF group."""

    external_id: str
    title: str
    note: str
    units: list[Unit]


@dataclass(frozen=True)
class ParsedUnit:
    external_id: str
    field: str
    source: str
    target: str


@dataclass
class ParsedFile:
    language: str
    units: list[ParsedUnit] = field(default_factory=list)


class XliffError(ValueError):
    """The file was refused; `errors` says why, one message per problem."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def build_xliff(
    *, original: str, language: str, pages: list[PageUnits], created: datetime
) -> bytes:
    """Write an XLIFF 1.2 document: English sources, existing targets for outdated units."""
    root = ET.Element(_q("xliff"), {"version": "1.2"})
    file_el = ET.SubElement(
        root,
        _q("file"),
        {
            "original": original,
            "source-language": SOURCE_LANGUAGE,
            "target-language": xliff_language(language),
            "datatype": "plaintext",
            "date": created.replace(microsecond=0).isoformat(),
        },
    )
    header = ET.SubElement(file_el, _q("header"))
    ET.SubElement(
        header,
        _q("tool"),
        {"tool-id": "servicecentre", "tool-name": "ASEAN SME Service Centre"},
    )
    body = ET.SubElement(file_el, _q("body"))
    for page in pages:
        group = ET.SubElement(body, _q("group"), {"id": page.external_id, "resname": page.title})
        if page.note:
            ET.SubElement(group, _q("note")).text = page.note
        for unit in page.units:
            unit_el = ET.SubElement(
                group,
                _q("trans-unit"),
                {
                    "id": f"{page.external_id}/{unit.field}",
                    "resname": unit.field,
                    f"{{{XML_NS}}}space": "preserve",
                },
            )
            ET.SubElement(unit_el, _q("source")).text = unit.source
            if unit.outdated:
                target = ET.SubElement(unit_el, _q("target"), {"state": "needs-review-translation"})
                target.text = unit.target
            if unit.note:
                ET.SubElement(unit_el, _q("note")).text = unit.note
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _refuse_dtd(data: bytes) -> None:
    """Refuse documents with a DTD or entity declarations, in whatever encoding.

    ElementTree fetches no external entities, but a DTD can still declare entity
    bombs, and translation files never need one.
    """

    def forbid(*args) -> None:
        raise XliffError(["The file declares a DTD or entities, which are not accepted."])

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise XliffError([f"The file is not well-formed XML: {error}."]) from None


def parse_xliff(data: bytes) -> ParsedFile:
    """Read a translated XLIFF 1.2 file, refusing it whole on any structural problem.

    Checks: well-formed XML without a DTD, XLIFF 1.2, English source, one target language
    that is a site language, unit ids of the form `<page>/<field>`, no duplicate units,
    no unit that declares another language. Units without a target are left out.
    """
    if len(data) > MAX_FILE_BYTES:
        raise XliffError([f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB."])
    _refuse_dtd(data)
    try:
        root = ET.fromstring(data)  # noqa: S314  (no DTD or entities: checked above)
    except ET.ParseError as error:
        raise XliffError([f"The file is not well-formed XML: {error}."]) from None

    if root.tag != _q("xliff") or root.get("version") != "1.2":
        raise XliffError(["The file is not an XLIFF 1.2 document."])
    files = root.findall(_q("file"))
    if not files:
        raise XliffError(["The file contains no <file> element."])

    errors: list[str] = []
    languages: set[str] = set()
    for file_el in files:
        source = file_el.get("source-language", "")
        if site_language(source) != SOURCE_LANGUAGE:
            errors.append(f"The source language is {source or 'missing'}; it must be English (en).")
        target = file_el.get("target-language", "")
        if not target:
            errors.append("The file has no target-language.")
        elif site_language(target) is None:
            errors.append(f"The target language {target} is not a language of this site.")
        else:
            languages.add(site_language(target))
    if len(languages) > 1:
        errors.append(
            "The file mixes target languages ("
            + ", ".join(sorted(languages))
            + "); send one language per file."
        )
    if errors:
        raise XliffError(errors)
    language = languages.pop()
    if language == SOURCE_LANGUAGE:
        raise XliffError(["The target language is English; nothing to import."])

    parsed = ParsedFile(language=language)
    seen: set[str] = set()
    for file_el in files:
        for unit_el in file_el.iter(_q("trans-unit")):
            unit_id = unit_el.get("id", "")
            match = UNIT_ID.fullmatch(unit_id)  # `$` alone lets a trailing newline through
            if not match:
                errors.append(f"Unit {unit_id or '(no id)'}: the id is not <page>/<field>.")
                continue
            if unit_id in seen:
                errors.append(f"Unit {unit_id}: it appears more than once.")
                continue
            seen.add(unit_id)
            source_el = unit_el.find(_q("source"))
            target_el = unit_el.find(_q("target"))
            declared = [el.get(f"{{{XML_NS}}}lang") for el in (target_el,) if el is not None] + [
                unit_el.get(f"{{{XML_NS}}}lang")
            ]
            foreign = {tag for tag in declared if tag and site_language(tag) != language}
            if foreign:
                errors.append(
                    f"Unit {unit_id}: it is marked as {', '.join(sorted(foreign))}, not {language}."
                )
                continue
            if target_el is None:
                continue
            target = "".join(target_el.itertext()).strip()
            if not target:
                continue
            source = "".join(source_el.itertext()) if source_el is not None else ""
            parsed.units.append(
                ParsedUnit(
                    external_id=match["page"],
                    field=match["field"],
                    source=source,
                    target=target,
                )
            )
    if errors:
        raise XliffError(errors)
    return parsed
