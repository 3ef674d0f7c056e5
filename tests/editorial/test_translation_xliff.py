"""XLIFF round trips: export what is missing or outdated, translate, import it back."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageLogEntry, WorkflowState

from editorial.selectors import MISSING, OUTDATED, TRANSLATED, field_statuses, translation_status
from editorial.services import TranslationImportError, export_translations, import_translations
from finance_directory.models import FinancingSchemeSource

NS = "urn:oasis:names:tc:xliff:document:1.2"
THAI_TITLE = "สินเชื่อเอสเอ็มอี"
THAI_SUMMARY = "สินเชื่อเงินทุนหมุนเวียนสำหรับธุรกิจขนาดเล็ก"


def parse(data: bytes) -> ET.Element:
    """Parse a file the site exported or this test wrote (trusted input)."""
    return ET.fromstring(data)  # noqa: S314


def units(data: bytes) -> dict[str, ET.Element]:
    return {unit.get("id"): unit for unit in parse(data).iter(f"{{{NS}}}trans-unit")}


def fill(data: bytes, targets: dict[str, str], **file_attributes: str) -> bytes:
    """Fill in targets as a translator's tool would; optionally change <file> attributes."""
    root = parse(data)
    for file_el in root.iter(f"{{{NS}}}file"):
        for name, value in file_attributes.items():
            file_el.set(name.replace("_", "-"), value)
    for unit in root.iter(f"{{{NS}}}trans-unit"):
        if unit.get("id") in targets:
            target = unit.find(f"{{{NS}}}target")
            if target is None:
                target = ET.SubElement(unit, f"{{{NS}}}target")
            target.text = targets[unit.get("id")]
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def status(page, field: str, language: str = "th") -> str:
    page = page.__class__.objects.get(pk=page.pk)
    return next(
        s.status for s in field_statuses(pages=[page], languages=[language]) if s.field == field
    )


@pytest.fixture
def people(site, make_user):
    return {
        "translator": make_user("somchai", "Translators (Thai)"),
        "malay_translator": make_user("siti", "Translators (Malay)"),
        "approver": make_user("malee", "Thailand approvers"),
        "secretariat": make_user("sec", "ASEAN Secretariat"),
    }


def test_export_lists_missing_fields_with_english_sources(make_scheme, tmp_path):
    page = make_scheme("TH", slug="sme-loan")
    out = tmp_path / "th.xlf"

    call_command("export_translations", "--country", "TH", "--language", "th", "-o", str(out))

    root = parse(out.read_bytes())
    file_el = root.find(f"{{{NS}}}file")
    assert root.get("version") == "1.2"
    assert (file_el.get("source-language"), file_el.get("target-language")) == ("en", "th")
    found = units(out.read_bytes())
    assert set(found) == {f"{page.external_id}/title", f"{page.external_id}/summary"}
    summary = found[f"{page.external_id}/summary"]
    assert summary.find(f"{{{NS}}}source").text == "Working capital loans for small firms."
    assert summary.find(f"{{{NS}}}target") is None


def test_export_offers_outdated_translations_with_their_current_text(make_scheme):
    page = make_scheme("TH", slug="sme-loan")
    draft = page.get_latest_revision_as_object()
    draft.summary_th = THAI_SUMMARY
    draft.save_revision().publish()
    draft = page.get_latest_revision_as_object()
    draft.summary_en = "Working capital loans, now also for start-ups."
    draft.save_revision().publish()

    data, count = export_translations(country="TH", language="th")

    target = units(data)[f"{page.external_id}/summary"].find(f"{{{NS}}}target")
    assert count == 2
    assert target.text == THAI_SUMMARY
    assert target.get("state") == "needs-review-translation"


def test_round_trip_through_the_admin_reaches_readers_after_review(make_scheme, people, client):
    page = make_scheme("TH", slug="sme-loan")
    client.force_login(people["translator"])
    exported = client.get(
        reverse("editorial:translations_export"), {"country": "TH", "language": "th"}
    )
    assert exported.status_code == 200
    assert exported["Content-Disposition"].startswith('attachment; filename="servicecentre-TH-th-')
    translated = fill(
        exported.content,
        {f"{page.external_id}/title": THAI_TITLE, f"{page.external_id}/summary": THAI_SUMMARY},
    )
    mail.outbox.clear()

    response = client.post(
        reverse("editorial:translations_import"),
        {"file": SimpleUploadedFile("th.xlf", translated, "application/xml")},
    )

    assert response.status_code == 200
    assert "submitted for review" in response.content.decode()
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.current_workflow_state.requested_by == people["translator"]
    assert people["approver"].email in {m.to[0] for m in mail.outbox}

    approver = Client()
    approver.force_login(people["approver"])
    task_state = page.current_workflow_task_state
    approver.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    )

    page.refresh_from_db()
    assert page.title_th == THAI_TITLE
    with translation.override("th"):
        url = page.get_url()
    assert url.startswith("/th/")
    public = Client().get(url)
    assert public.status_code == 200
    assert THAI_SUMMARY in public.content.decode()
    [row] = translation_status(country="TH", languages=["th"])
    assert (row.translated, row.missing, row.outdated) == (2, 0, 0)
    report = client.get(reverse("editorial:translations"), {"country": "TH", "language": "th"})
    assert 'data-status="translated">2<' in report.content.decode()


def test_round_trip_by_command_publishes_when_the_user_may_publish(make_scheme, people, tmp_path):
    page = make_scheme("TH", slug="sme-loan")
    exported = tmp_path / "th.xlf"
    call_command("export_translations", "--country", "TH", "--language", "th", "-o", str(exported))
    translated = tmp_path / "th-done.xlf"
    translated.write_bytes(
        fill(exported.read_bytes(), {f"{page.external_id}/summary": THAI_SUMMARY})
    )

    call_command("import_translations", str(translated), "--user", "sec")

    page.refresh_from_db()
    assert page.summary_th == THAI_SUMMARY
    assert not page.has_unpublished_changes
    assert status(page, "summary") == TRANSLATED
    assert status(page, "title") == MISSING
    assert page.get_latest_revision().user == people["secretariat"]


def test_an_import_touches_only_its_languages_fields(make_scheme, people):
    page = make_scheme("TH", slug="sme-loan", summary_ms="Pinjaman modal kerja.")
    data, _ = export_translations(country="TH", language="th")

    import_translations(
        data=fill(data, {f"{page.external_id}/summary": THAI_SUMMARY}), user=people["secretariat"]
    )

    page.refresh_from_db()
    assert page.summary_th == THAI_SUMMARY
    assert page.summary_en == "Working capital loans for small firms."
    assert page.summary_ms == "Pinjaman modal kerja."
    assert page.title_th in ("", None)


def test_the_import_is_logged_in_page_history_with_the_translator(make_scheme, people, client):
    page = make_scheme("TH", slug="sme-loan")
    data, _ = export_translations(country="TH", language="th")

    import_translations(
        data=fill(data, {f"{page.external_id}/summary": THAI_SUMMARY}),
        user=people["translator"],
        filename="th.xlf",
    )

    entry = PageLogEntry.objects.get(page=page, action="editorial.translation_import")
    assert entry.user == people["translator"]
    client.force_login(people["secretariat"])
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "Imported Thai translation of summary from th.xlf" in history
    assert "somchai" in history


def test_english_changed_since_the_export_leaves_the_import_outdated(make_scheme, people):
    page = make_scheme("TH", slug="sme-loan")
    data, _ = export_translations(country="TH", language="th")
    draft = page.get_latest_revision_as_object()
    draft.summary_en = "New English written while the file was out for translation."
    draft.save_revision().publish()

    import_translations(
        data=fill(data, {f"{page.external_id}/summary": THAI_SUMMARY}), user=people["secretariat"]
    )

    assert status(page, "summary") == OUTDATED


def _refused(data: bytes, user) -> list[str]:
    with pytest.raises(TranslationImportError) as refused:
        import_translations(data=data, user=user)
    return refused.value.errors


def test_a_file_in_another_language_than_the_translators_is_refused(make_scheme, people):
    page = make_scheme("TH", slug="sme-loan")
    data, _ = export_translations(country="TH", language="ms")
    revisions = page.revisions.count()

    errors = _refused(
        fill(data, {f"{page.external_id}/summary": "Pinjaman."}), people["translator"]
    )

    assert "you translate into Thai (th) only" in errors[0]
    page.refresh_from_db()
    assert page.summary_ms in ("", None)
    assert page.revisions.count() == revisions


def test_a_unit_marked_as_another_language_refuses_the_whole_file(make_scheme, people):
    first = make_scheme("TH", slug="first")
    second = make_scheme("TH", slug="second")
    data, _ = export_translations(country="TH", language="th")
    data = fill(
        data,
        {
            f"{first.external_id}/summary": THAI_SUMMARY,
            f"{second.external_id}/summary": "Pinjaman.",
        },
    )
    root = parse(data)
    for unit in root.iter(f"{{{NS}}}trans-unit"):
        if unit.get("id") == f"{second.external_id}/summary":
            unit.find(f"{{{NS}}}target").set("{http://www.w3.org/XML/1998/namespace}lang", "ms")

    errors = _refused(ET.tostring(root, encoding="utf-8"), people["translator"])

    assert any("marked as ms, not th" in error for error in errors)
    first.refresh_from_db()
    assert first.summary_th in ("", None)  # all or nothing


def test_a_unit_naming_another_languages_field_is_refused(make_scheme, people):
    page = make_scheme("TH", slug="sme-loan")
    data, _ = export_translations(country="TH", language="th")
    data = fill(data, {f"{page.external_id}/summary": THAI_SUMMARY}).replace(
        f'id="{page.external_id}/title"'.encode(), f'id="{page.external_id}/title_ms"'.encode()
    )
    data = fill(data, {f"{page.external_id}/title_ms": "Pinjaman PKS"})

    errors = _refused(data, people["translator"])

    assert any("title_ms" in error and "one language" in error for error in errors)
    page.refresh_from_db()
    assert page.summary_th in ("", None)
    assert page.title_ms in ("", None)


def test_a_file_mixing_two_target_languages_is_refused(make_scheme, people):
    page = make_scheme("TH", slug="sme-loan")
    thai, _ = export_translations(country="TH", language="th")
    malay, _ = export_translations(country="TH", language="ms")
    root = parse(fill(thai, {f"{page.external_id}/summary": THAI_SUMMARY}))
    root.append(parse(fill(malay, {f"{page.external_id}/title": "Pinjaman"})).find(f"{{{NS}}}file"))

    errors = _refused(ET.tostring(root, encoding="utf-8"), people["secretariat"])

    assert any("mixes target languages" in error for error in errors)


def test_unknown_pages_and_fields_refuse_the_whole_file(make_scheme, people):
    page = make_scheme("TH", slug="sme-loan")
    data, _ = export_translations(country="TH", language="th")
    data = fill(data, {f"{page.external_id}/summary": THAI_SUMMARY})
    data = data.replace(
        b"</body>",
        b'<trans-unit id="no-such-page/summary"><source>x</source>'
        b"<target>y</target></trans-unit>"
        b'<trans-unit id="' + page.external_id.encode() + b'/source_url">'
        b"<source>x</source><target>y</target></trans-unit></body>",
    )

    errors = _refused(data, people["secretariat"])

    assert any("no page has the import id no-such-page" in error for error in errors)
    assert any("no translatable field source_url" in error for error in errors)
    page.refresh_from_db()
    assert page.summary_th in ("", None)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<xliff version='1.2'", "not well-formed XML"),
        (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x/>", "DTD"),
        (
            b"<xliff xmlns='urn:oasis:names:tc:xliff:document:2.0' version='2.0'/>",
            "not an XLIFF 1.2",
        ),
    ],
)
def test_malformed_files_are_refused(site, people, data, message):
    errors = _refused(data, people["secretariat"])
    assert message in errors[0]


def test_a_page_in_review_refuses_a_translators_import(make_scheme, people):
    page = make_scheme("TH", slug="sme-loan")
    page.get_workflow().start(page, people["approver"])
    data, _ = export_translations(country="TH", language="th")

    errors = _refused(
        fill(data, {f"{page.external_id}/summary": THAI_SUMMARY}), people["translator"]
    )

    assert any("in review" in error for error in errors)


def test_a_page_with_other_unpublished_changes_keeps_the_translation_as_a_draft(
    make_scheme, people
):
    page = make_scheme("TH", slug="sme-loan")
    draft = page.get_latest_revision_as_object()
    draft.summary_en = "An editor's unfinished rewrite."
    draft.save_revision()
    data, _ = export_translations(country="TH", language="th")

    result = import_translations(
        data=fill(data, {f"{page.external_id}/title": THAI_TITLE}), user=people["secretariat"]
    )

    assert result.pages[0].result == "draft"
    page.refresh_from_db()
    assert page.summary_en == "Working capital loans for small firms."  # nothing published
    latest = page.get_latest_revision_as_object()
    assert (latest.title_th, latest.summary_en) == (THAI_TITLE, "An editor's unfinished rewrite.")


def test_the_admin_upload_form_shows_why_a_file_was_refused(site, people, client):
    client.force_login(people["translator"])

    response = client.post(
        reverse("editorial:translations_import"),
        {"file": SimpleUploadedFile("broken.xlf", b"<xliff", "application/xml")},
    )

    assert response.status_code == 400
    assert "nothing was changed" in response.content.decode()
    assert "not well-formed XML" in response.content.decode()


def test_the_import_command_exits_non_zero_on_a_refused_file(site, people, tmp_path):
    broken = tmp_path / "broken.xlf"
    broken.write_bytes(b"<xliff")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_translations", str(broken), "--user", "somchai")


# --- Source titles ---------------------------------------------------------------------

THAI_SOURCE_TITLE = "แนวทางสินเชื่อเอสเอ็มอี"


def _source(title: str, **fields) -> FinancingSchemeSource:
    return FinancingSchemeSource(
        url="https://example.org/guidelines", title=title, title_en=title, **fields
    )


def test_export_offers_each_source_title_with_english_text_as_its_own_unit(make_scheme):
    page = make_scheme(
        "TH", slug="sme-loan", sources=[_source("SME loan guidelines 2026"), _source("")]
    )
    titled, untitled = page.sources.all()

    data, count = export_translations(country="TH", language="th")

    found = units(data)
    unit = found[f"{page.external_id}/sources.{titled.pk}.title"]
    assert unit.find(f"{{{NS}}}source").text == "SME loan guidelines 2026"
    assert f"{page.external_id}/sources.{untitled.pk}.title" not in found
    assert count == 3  # title, summary and the one source title with English text


def test_importing_a_source_title_changes_only_that_languages_title_in_a_new_revision(
    make_scheme, people
):
    page = make_scheme(
        "TH",
        slug="sme-loan",
        sources=[_source("SME loan guidelines 2026", title_ms="Garis panduan pinjaman PKS")],
    )
    [source] = page.sources.all()
    revisions = page.revisions.count()
    data, _ = export_translations(country="TH", language="th")
    key = f"sources.{source.pk}.title"

    import_translations(
        data=fill(data, {f"{page.external_id}/{key}": THAI_SOURCE_TITLE}),
        user=people["secretariat"],
    )

    page.refresh_from_db()
    assert page.revisions.count() == revisions + 1
    assert page.get_latest_revision().user == people["secretariat"]
    assert not page.has_unpublished_changes
    [source_after] = page.sources.all()
    assert source_after.pk == source.pk  # the unit id stays valid for the next export
    assert source_after.title_th == THAI_SOURCE_TITLE
    assert source_after.title_en == "SME loan guidelines 2026"
    assert source_after.title_ms == "Garis panduan pinjaman PKS"
    assert page.summary_th in ("", None)
    assert status(page, key) == TRANSLATED
    entry = PageLogEntry.objects.get(page=page, action="editorial.translation_import")
    assert entry.data["fields"] == [key]


def test_a_source_title_imported_as_a_draft_travels_with_the_pages_revision(make_scheme, people):
    page = make_scheme("TH", slug="sme-loan", sources=[_source("SME loan guidelines 2026")])
    [source] = page.sources.all()
    data, _ = export_translations(country="TH", language="th")

    result = import_translations(
        data=fill(data, {f"{page.external_id}/sources.{source.pk}.title": THAI_SOURCE_TITLE}),
        user=people["translator"],
    )

    assert result.pages[0].result == "submitted"
    source.refresh_from_db()
    assert source.title_th in ("", None)  # readers see it only once approved
    page.refresh_from_db()
    [in_revision] = page.get_latest_revision_as_object().sources.all()
    assert in_revision.title_th == THAI_SOURCE_TITLE


def test_a_unit_for_another_pages_source_is_refused_and_nothing_is_written(make_scheme, people):
    page = make_scheme("TH", slug="sme-loan", sources=[_source("SME loan guidelines 2026")])
    other = make_scheme("TH", slug="export-loan", sources=[_source("Export loan terms")])
    [foreign] = other.sources.all()
    revisions = page.revisions.count()
    data, _ = export_translations(country="TH", language="th")
    data = fill(data, {f"{page.external_id}/summary": THAI_SUMMARY})
    unit_id = f"{page.external_id}/sources.{foreign.pk}.title"
    data = data.replace(
        b"</body>",
        f'<trans-unit id="{unit_id}"><source>Export loan terms</source>'
        f"<target>{THAI_SOURCE_TITLE}</target></trans-unit></body>".encode(),
    )

    errors = _refused(data, people["secretariat"])

    assert f"Unit {unit_id}: source {foreign.pk} belongs to another page, not this one." in errors
    page.refresh_from_db()
    foreign.refresh_from_db()
    assert page.summary_th in ("", None)
    assert foreign.title_th in ("", None)
    assert page.revisions.count() == revisions
    assert not PageLogEntry.objects.filter(action="editorial.translation_import").exists()


def test_a_unit_for_an_unknown_source_is_refused_naming_the_unit(make_scheme, people):
    page = make_scheme("TH", slug="sme-loan")
    data, _ = export_translations(country="TH", language="th")
    unit_id = f"{page.external_id}/sources.999999.title"
    data = data.replace(
        b"</body>",
        f'<trans-unit id="{unit_id}"><source>x</source><target>y</target></trans-unit>'
        "</body>".encode(),
    )

    errors = _refused(data, people["secretariat"])

    assert errors == [f"Unit {unit_id}: no source has the id 999999."]
