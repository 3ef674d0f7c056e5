"""Importing JSON Lines creates, updates and publishes pages of every content type."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, PageLogEntry, Revision

from abinet.models import IncubatorPage
from finance_directory.models import FinancingSchemePage
from market_info.models import FtaGuidePage, FtaIndexPage, MarketGuidePage
from onestop.models import RegistrationGuidePage
from servicecentre.models import CountryPage

pytestmark = pytest.mark.django_db

TYPES = ["financing_scheme", "fta_guide", "market_guide", "registration_guide", "incubator"]


def codes(relation) -> list[str]:
    return sorted(term.pk for term in relation.all())


def test_import_on_a_freshly_migrated_database_creates_the_parents_it_needs(
    sample, write_jsonl, run_import
):
    assert not CountryPage.objects.exists()
    path = write_jsonl("content.jsonl", [sample(code) for code in TYPES])

    run = run_import(path)

    assert run.ok, run.stderr
    assert "Imported 5 pages: 5 created, 0 updated, 0 unchanged." in run.stdout
    assert CountryPage.objects.count() == 10
    assert FtaGuidePage.objects.get().get_parent().specific_class is FtaIndexPage


def test_financing_scheme_fields_are_imported(sample, write_jsonl, run_import):
    assert run_import(write_jsonl("schemes.jsonl", [sample("financing_scheme")])).ok

    page = FinancingSchemePage.objects.get(external_id="my-sjpp-working-capital-guarantee")
    assert page.live and not page.has_unpublished_changes
    assert page.get_parent().specific.country_id == "MY"
    assert page.slug == "sjpp-working-capital-guarantee"  # the id without its country prefix
    assert (page.title_en, page.title_ms, page.title_zh_hans) == (
        "SJPP Working Capital Guarantee Scheme",
        "Skim Jaminan Modal Kerja SJPP",
        "SJPP 营运资金担保计划",
    )
    assert page.title_th is None
    assert page.summary_ms.startswith("Jaminan kerajaan")
    assert page.body_en == "The guarantee covers part of the loan.\n\nApply through your bank."
    assert codes(page.sectors) == ["C", "G"]
    assert codes(page.enterprise_sizes) == ["medium", "micro", "small"]
    assert codes(page.support_types) == ["credit_guarantee", "loan"]
    assert codes(page.target_groups) == ["exporters"]
    assert page.provider_en == "Syarikat Jaminan Pembiayaan Perniagaan (SJPP)"
    assert page.official_url == "https://www.sjpp.com.my/"
    assert page.source_url == "https://www.sjpp.com.my/schemes"
    # The format's last_verified is a compiled page's compile date: nobody verified it.
    assert page.verification_status == "compiled"
    assert page.compiled_on == datetime.date(2026, 10, 1)
    assert page.last_verified is None
    assert page.verification_note_en == "Guarantee cover checked against the scheme page."
    assert [source.url for source in page.sources.all()] == ["https://www.sjpp.com.my/schemes"]
    assert (page.amount_min, page.amount_max, page.currency) == (
        Decimal("50000"),
        Decimal("5000000.50"),
        "MYR",
    )
    assert page.key_terms_en.startswith("Guarantee cover of up to 70%")
    assert page.eligibility_en.startswith("SMEs registered")
    assert page.how_to_apply_en.startswith("Apply at a participating bank")
    assert page.application_url == "https://www.sjpp.com.my/apply"
    assert (page.opens_on, page.closes_on) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )
    assert page.open_all_year is False  # a window is given
    assert page.contact == "+60 3-2603 0000"


def test_a_scheme_without_a_window_is_not_assumed_open_all_year(sample, write_jsonl, run_import):
    record = sample("financing_scheme", opens_on=None, closes_on=None)

    assert run_import(write_jsonl("schemes.jsonl", [record])).ok

    assert FinancingSchemePage.objects.get().open_all_year is False  # status: unknown


def test_a_scheme_the_source_says_is_open_all_year(sample, write_jsonl, run_import):
    record = sample("financing_scheme", opens_on=None, closes_on=None, open_all_year=True)

    assert run_import(write_jsonl("schemes.jsonl", [record])).ok

    assert FinancingSchemePage.objects.get().open_all_year is True


def test_fta_guide_fields_are_imported(sample, write_jsonl, run_import):
    assert run_import(write_jsonl("fta.jsonl", [sample("fta_guide")])).ok

    page = FtaGuidePage.objects.get(external_id="acfta-guide")
    assert page.live and page.country_id == "ASEAN"
    assert page.title_vi == "ACFTA: Khu vực Thương mại Tự do ASEAN - Trung Quốc"
    assert (page.agreement, page.parties, page.certificate_of_origin) == ("ACFTA", ["CN"], "Form E")
    assert page.in_force_since == datetime.date(2005, 7, 1)
    assert page.rules_of_origin_en.startswith("40% regional value content")
    assert page.coverage_en and page.self_certification_en
    assert page.official_text_url == "https://agreement.asean.org/"


def test_market_guide_fields_are_imported(sample, write_jsonl, run_import):
    assert run_import(write_jsonl("market.jsonl", [sample("market_guide")])).ok

    page = MarketGuidePage.objects.get(external_id="th-market-guide")
    assert page.get_parent().specific.country_id == "TH"
    assert page.title_th == "การส่งออกไปยังประเทศไทย"
    assert page.market_overview_en == "Thailand is ASEAN's second largest economy."
    assert (
        page.import_requirements_en and page.standards_bodies_en and page.trade_promotion_agency_en
    )
    assert page.trade_promotion_url == "https://www.ditp.go.th/"


def test_registration_guide_steps_and_centres_are_imported_in_order(
    sample, write_jsonl, run_import
):
    assert run_import(write_jsonl("registration.jsonl", [sample("registration_guide")])).ok

    page = RegistrationGuidePage.objects.get(external_id="vn-business-registration")
    assert page.legal_forms_en.startswith("Household business")
    assert (page.portal_name, page.portal_url) == (
        "National Business Registration Portal",
        "https://dangkykinhdoanh.gov.vn/",
    )
    assert (page.total_time, page.total_cost) == ("3-5 working days", "VND 50,000 registration fee")
    steps = list(page.steps.order_by("sort_order"))
    assert [(step.title_en, step.title_vi) for step in steps] == [
        ("Prepare the registration dossier", "Chuẩn bị hồ sơ đăng ký"),
        ("Submit online and pay the fee", None),
    ]
    assert (steps[0].agency, steps[0].time, steps[1].cost) == (
        "Business Registration Office",
        "1 day",
        "VND 50,000",
    )
    centre = page.centres.get()
    assert (centre.name, centre.opening_hours) == (
        "Ha Noi Business Registration Office",
        "Mon-Fri 8:00-17:00",
    )


def test_incubator_stages_become_the_offer_flags(sample, write_jsonl, run_import):
    assert run_import(write_jsonl("incubators.jsonl", [sample("incubator")])).ok

    page = IncubatorPage.objects.get(external_id="sg-block71")
    assert (page.offers_pre_incubation, page.offers_incubation, page.offers_acceleration) == (
        True,
        True,
        False,
    )
    assert page.abinet_member is True
    assert page.services_en.startswith("Co-working space")
    assert page.fees_en == "Desk rental; no equity taken."


def test_an_unknown_abinet_membership_stays_unknown(sample, write_jsonl, run_import):
    assert run_import(write_jsonl("incubators.jsonl", [sample("incubator", abinet_member=None)])).ok

    assert IncubatorPage.objects.get().abinet_member is None


def test_support_types_on_another_type_are_ignored_with_a_warning(sample, write_jsonl, run_import):
    path = write_jsonl("incubators.jsonl", [sample("incubator", support_types=["advisory"])])

    run = run_import(path)

    assert run.ok
    assert (
        f"warning: {path}: support_types: ignored: incubator pages have no support types, on line 1"
        in run.stderr
    )


def test_reimporting_a_changed_line_adds_a_revision_and_updates_the_live_page(
    sample, write_jsonl, run_import
):
    run_import(write_jsonl("v1.jsonl", [sample("market_guide")]))
    page = MarketGuidePage.objects.get()
    revisions = Revision.objects.filter(object_id=str(page.pk)).count()
    changed = sample("market_guide", title={"en": "Selling to Thailand"}, sectors=["A"])

    run = run_import(write_jsonl("v2.jsonl", [changed]))

    assert "Imported 1 page: 0 created, 1 updated, 0 unchanged." in run.stdout
    page.refresh_from_db()
    assert Revision.objects.filter(object_id=str(page.pk)).count() == revisions + 1
    assert page.live and not page.has_unpublished_changes
    assert page.title == "Selling to Thailand"
    assert page.title_th is None  # the Thai title was left out, so it is gone
    assert codes(page.sectors) == ["A"]
    assert page.slug == "market-guide"  # updates keep the page's URL


def test_reimporting_unchanged_content_adds_no_revision(sample, write_jsonl, run_import):
    path = write_jsonl("content.jsonl", [sample(code) for code in TYPES])
    run_import(path)
    revisions, logs = Revision.objects.count(), PageLogEntry.objects.count()

    run = run_import(path)

    assert "Imported 5 pages: 0 created, 0 updated, 5 unchanged." in run.stdout
    assert (Revision.objects.count(), PageLogEntry.objects.count()) == (revisions, logs)


def test_a_field_left_out_on_reimport_is_cleared(sample, write_jsonl, run_import):
    run_import(write_jsonl("v1.jsonl", [sample("registration_guide")]))

    run_import(write_jsonl("v2.jsonl", [sample("registration_guide", steps=None, portal_url=None)]))

    page = RegistrationGuidePage.objects.get()
    assert page.portal_url == ""
    assert page.steps.count() == 0
    assert page.centres.count() == 1


def test_draft_import_leaves_new_pages_unpublished(sample, write_jsonl, run_import):
    run = run_import(write_jsonl("content.jsonl", [sample("incubator")]), "--draft")

    assert run.ok and "saved as drafts" in run.stdout
    page = IncubatorPage.objects.get()
    assert not page.live and page.has_unpublished_changes
    assert page.latest_revision is not None


def test_draft_import_of_a_change_leaves_the_live_version_alone(sample, write_jsonl, run_import):
    run_import(write_jsonl("v1.jsonl", [sample("incubator")]))

    run_import(write_jsonl("v2.jsonl", [sample("incubator", title={"en": "BLOCK71"})]), "--draft")

    page = IncubatorPage.objects.get()
    assert page.live and page.has_unpublished_changes
    assert page.title == "BLOCK71 Singapore"
    assert page.get_latest_revision_as_object().title == "BLOCK71"


def test_an_update_works_on_the_latest_revision(sample, write_jsonl, run_import):
    run_import(write_jsonl("v1.jsonl", [sample("incubator")]))
    run_import(write_jsonl("v2.jsonl", [sample("incubator", title={"en": "BLOCK71"})]), "--draft")

    run = run_import(write_jsonl("v3.jsonl", [sample("incubator", title={"en": "BLOCK71"})]))

    assert "0 updated, 1 unchanged" in run.stdout  # the draft already says so


def test_imports_are_in_the_page_history_with_the_user_and_file(sample, write_jsonl, run_import):
    editor = get_user_model().objects.create_user("agency-editor")
    path = write_jsonl("schemes.jsonl", [sample("financing_scheme")])

    run_import(path, "--user", "agency-editor")

    page = FinancingSchemePage.objects.get()
    assert page.latest_revision.user == editor
    entry = PageLogEntry.objects.get(page=page, action="servicecentre.import")
    assert entry.user == editor
    assert entry.revision == page.latest_revision
    assert entry.comment == f"Imported from {path}"
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=editor).exists()


def test_an_unknown_user_is_refused(sample, write_jsonl, run_import):
    run = run_import(write_jsonl("schemes.jsonl", [sample("financing_scheme")]), "--user", "nobody")

    assert not run.ok and "There is no user 'nobody'" in run.error
    assert not FinancingSchemePage.objects.exists()


def test_dry_run_lists_what_would_change_and_writes_nothing(
    sample, write_jsonl, run_import, database_state
):
    run_import(write_jsonl("v1.jsonl", [sample("incubator")]))
    before = database_state()
    path = write_jsonl(
        "v2.jsonl", [sample("incubator", fees={"en": "Free"}), sample("market_guide")]
    )

    run = run_import(path, "--dry-run")

    assert run.ok
    assert "update    sg-block71 (incubator, SG)" in run.stdout
    assert "create    th-market-guide (market_guide, TH)" in run.stdout
    assert "Would import 2 pages: 1 created, 1 updated, 0 unchanged." in run.stdout
    assert database_state() == before


def test_dry_run_on_a_fresh_database_leaves_it_empty(sample, write_jsonl, run_import):
    pages = Page.objects.count()

    assert run_import(write_jsonl("content.jsonl", [sample("incubator")]), "--dry-run").ok

    assert Page.objects.count() == pages
    assert not CountryPage.objects.exists()


def test_a_slug_taken_by_a_sibling_is_numbered(site, sample, write_jsonl, run_import):
    first = sample("incubator")
    second = sample("incubator", id="block71", title={"en": "BLOCK71 (second listing)"})

    assert run_import(write_jsonl("incubators.jsonl", [first, second])).ok

    assert sorted(IncubatorPage.objects.values_list("slug", flat=True)) == ["block71", "block71-2"]


def test_importing_several_files_at_once(sample, write_jsonl, run_import):
    first = write_jsonl("a.jsonl", [sample("incubator"), ""])  # a blank line is skipped
    second = write_jsonl("b.jsonl", [sample("market_guide")])

    run = run_import(first, second)

    assert "Imported 2 pages: 2 created" in run.stdout


def test_fta_guides_with_only_the_common_fields_are_valid(sample, write_jsonl, run_import):
    common = {
        "id",
        "type",
        "country",
        "title",
        "summary",
        "body",
        "sectors",
        "enterprise_sizes",
        "support_types",
        "target_groups",
        "provider",
        "url",
        "source_url",
        "last_verified",
    }
    first = {k: v for k, v in sample("fta_guide").items() if k in common}
    second = {**first, "id": "second-fta-guide"}

    run = run_import(write_jsonl("ftas.jsonl", [first, second]))

    assert run.ok, run.stderr
    assert list(FtaGuidePage.objects.values_list("agreement", flat=True)) == [None, None]
