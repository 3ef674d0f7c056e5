"""Translation fingerprints: translated, missing and outdated fields, and the status report."""

from __future__ import annotations

from django.urls import reverse

from editorial.models import TranslationState
from editorial.selectors import MISSING, OUTDATED, TRANSLATED, field_statuses, translation_status
from editorial.services import record_translations
from finance_directory.models import FinancingSchemeSource


def _status(page, field: str, language: str = "th") -> str:
    page = page.__class__.objects.get(pk=page.pk)
    [status] = [s for s in field_statuses(pages=[page], languages=[language]) if s.field == field]
    return status.status


def _publish(page, **changes):
    draft = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision().publish()
    page.refresh_from_db()
    return page


def test_a_field_without_translation_is_missing(make_scheme):
    page = make_scheme("TH")
    assert _status(page, "summary") == MISSING


def test_a_translation_published_with_the_page_is_translated(make_scheme):
    page = make_scheme("TH")
    _publish(page, summary_th="สินเชื่อเงินทุนหมุนเวียนสำหรับธุรกิจขนาดเล็ก")
    assert _status(page, "summary") == TRANSLATED


def test_changing_the_english_after_translating_makes_the_translation_outdated(make_scheme):
    page = make_scheme("TH")
    _publish(page, summary_th="สินเชื่อเงินทุนหมุนเวียน")

    _publish(page, summary_en="Working capital loans, now also for start-ups.")

    assert _status(page, "summary") == OUTDATED
    assert _status(page, "title") == MISSING  # other fields keep their own status


def test_whitespace_only_english_edits_do_not_outdate_translations(make_scheme):
    page = make_scheme("TH")
    _publish(page, summary_th="สินเชื่อเงินทุนหมุนเวียน")

    _publish(page, summary_en="  Working capital loans   for small firms.\n")

    assert _status(page, "summary") == TRANSLATED


def test_updating_the_translation_after_the_english_changed_makes_it_translated_again(make_scheme):
    page = make_scheme("TH")
    _publish(page, summary_th="สินเชื่อเงินทุนหมุนเวียน")
    _publish(page, summary_en="Working capital loans, now also for start-ups.")

    _publish(page, summary_th="สินเชื่อเงินทุนหมุนเวียน รวมถึงสตาร์ทอัพ")

    assert _status(page, "summary") == TRANSLATED


def test_a_translation_saved_outside_a_publish_is_outdated_until_recorded(make_scheme):
    page = make_scheme("TH", publish=False)
    page.summary_th = "สินเชื่อ"
    page.save()
    assert _status(page, "summary") == OUTDATED  # nobody vouched for what it translates

    record_translations(page, ["th"])

    assert _status(page, "summary") == TRANSLATED


def test_a_translation_first_seen_when_only_the_english_changes_is_outdated(make_scheme):
    # Pages translated before fingerprints existed: the previous publish tells what the
    # translation was made from.
    page = make_scheme("TH")
    _publish(page, summary_th="สินเชื่อ")
    TranslationState.objects.all().delete()

    _publish(page, summary_en="A different English summary.")

    assert _status(page, "summary") == OUTDATED


def test_record_translations_with_force_confirms_an_unchanged_translation(make_scheme):
    page = make_scheme("TH")
    _publish(page, summary_th="สินเชื่อ")
    _publish(page, summary_en="A different English summary.")

    record_translations(page, ["th"], fields=["summary"], force=True)

    assert _status(page, "summary") == TRANSLATED


def test_removing_a_translation_makes_it_missing(make_scheme):
    page = make_scheme("TH")
    _publish(page, summary_th="สินเชื่อ")
    _publish(page, summary_th="")
    assert _status(page, "summary") == MISSING
    assert not TranslationState.objects.filter(page=page, field="summary").exists()


def test_the_status_counts_fields_per_country_language_and_type(make_scheme):
    page = make_scheme("TH", slug="one")
    make_scheme("TH", slug="two")
    _publish(page, title_th="สินเชื่อ", summary_th="สินเชื่อเงินทุน")
    _publish(page, summary_en="Changed English.")

    [row] = translation_status(country="TH", languages=["th"])

    assert (row.country.code, row.language, row.content_type) == ("TH", "th", "financing_scheme")
    assert row.pages == 2
    # Each page has an English title and summary: 4 fields.
    assert (row.translated, row.outdated, row.missing) == (1, 1, 2)


def test_by_default_each_country_is_reported_in_its_national_languages(make_scheme):
    make_scheme("SG", slug="sg-grant")
    languages = {row.language for row in translation_status(country="SG")}
    assert languages == {"zh-hans", "ms", "ta"}


def test_the_admin_report_shows_the_counts_and_an_export_link(make_scheme, make_user, client):
    page = make_scheme("TH")
    _publish(page, title_th="สินเชื่อ")
    client.force_login(make_user("somchai", "Translators (Thai)"))

    response = client.get(reverse("editorial:translations"), {"country": "TH"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-status="translated">1<' in html
    assert 'data-status="missing">1<' in html
    assert reverse("editorial:translations_export") + "?country=TH&amp;language=th" in html


def test_the_reports_are_in_the_menu_of_people_who_work_on_pages(site, make_user, client):
    client.force_login(make_user("aminah", "Malaysia editors"))

    home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert reverse("editorial:translations") in home
    assert reverse("editorial:overdue") in home


def test_users_without_page_permissions_cannot_open_the_report(site, make_user, client):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Admin only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(make_user("outsider", "Admin only"))

    response = client.get(reverse("editorial:translations"))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("editorial:translations") not in home


def _with_source(make_scheme, slug: str = "sme-loan", **source_fields):
    source = FinancingSchemeSource(
        url="https://example.org/guidelines",
        title="SME loan guidelines 2026",
        title_en="SME loan guidelines 2026",
        **source_fields,
    )
    page = make_scheme("TH", slug=slug, sources=[source])
    [source] = page.sources.all()
    return page, f"sources.{source.pk}.title"


def test_the_status_report_counts_an_untranslated_source_title_as_missing(make_scheme):
    page, key = _with_source(make_scheme)
    _publish(page, title_th="สินเชื่อ", summary_th="สินเชื่อเงินทุน")

    [row] = translation_status(country="TH", languages=["th"])

    assert _status(page, key) == MISSING
    # Title and summary translated; the source's title is the third text, untranslated.
    assert (row.translated, row.outdated, row.missing) == (2, 0, 1)


def test_a_source_title_translated_then_changed_in_english_is_outdated(make_scheme):
    page, key = _with_source(make_scheme)
    draft = page.get_latest_revision_as_object()
    draft.sources.get_object_list()[0].title_th = "แนวทางสินเชื่อ"
    draft.save_revision().publish()
    assert _status(page, key) == TRANSLATED

    draft = page.get_latest_revision_as_object()
    source = draft.sources.get_object_list()[0]
    source.title_en = source.title = "SME loan guidelines 2027"
    draft.save_revision().publish()

    assert _status(page, key) == OUTDATED
    assert _status(page, "summary") == MISSING


def test_removing_a_source_forgets_its_title_translation(make_scheme):
    page, key = _with_source(make_scheme, title_th="แนวทางสินเชื่อ")
    assert TranslationState.objects.filter(page=page, field=key).exists()

    draft = page.get_latest_revision_as_object()
    draft.sources = []
    draft.save_revision().publish()

    assert not TranslationState.objects.filter(page=page, field=key).exists()
