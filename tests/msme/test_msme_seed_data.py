"""Appendix A is in a freshly migrated database, faithfully, and the loader is idempotent."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from msme.models import SizeDefinition, SizeThreshold
from servicecentre.models import Country
from servicecentre.services import ensure_taxonomy

pytestmark = pytest.mark.django_db

SECTOR_KEYS = {
    "BN": [""],
    "KH": [""],
    "ID": [""],
    "LA": [""],
    "MY": ["manufacturing", "services_and_others"],
    "MM": [
        "manufacturing",
        "labour_intensive_manufacturing",
        "wholesale",
        "retail",
        "service",
        "others",
    ],
    "PH": [""],
    "SG": [""],
    "TH": ["manufacturing", "wholesale", "retail", "other_service"],
    "VN": ["agriculture", "manufacturing", "service"],
}


def _cell(country, sector, size, criterion):
    return SizeThreshold.objects.get(
        definition__country_id=country,
        definition__sector_key=sector,
        size=size,
        criterion=criterion,
    )


def test_a_freshly_migrated_database_has_every_country_and_sector_of_appendix_a():
    keys = {}
    for definition in SizeDefinition.objects.order_by("country__sort_order", "sort_order"):
        keys.setdefault(definition.country_id, []).append(definition.sector_key)
    assert keys == SECTOR_KEYS
    assert set(
        Country.objects.filter(msme_definitions__isnull=False).values_list("code", flat=True)
    ) == set(SECTOR_KEYS)


def test_every_definition_has_a_source_currency_and_combination_rule():
    for definition in SizeDefinition.objects.all():
        assert "Appendix A of the ASEAN SAP SMED 2016-2025" in definition.source
        assert definition.source_url.startswith("https://")
        assert len(definition.currency) == 3
        assert definition.combination in {"all", "any"}
        assert definition.combination_basis
        assert definition.note


def test_ambiguous_cells_are_recorded_as_printed_and_flagged():
    cambodia = _cell("KH", "", "micro", "assets")
    assert (cambodia.printed, cambodia.upper_bound, cambodia.status) == (
        "Asset (USD) < 50",
        Decimal(50),
        "doubtful",
    )
    assert "garbled" in cambodia.note
    assert SizeDefinition.objects.get(country_id="KH").currency == "USD"
    brunei = _cell("BN", "", "small", "sales")
    assert (brunei.printed, brunei.upper_bound, brunei.status) == (
        "Sales Varying by sector",
        None,
        "unspecified",
    )
    myanmar_others = _cell("MM", "others", "small", "sales")
    assert (
        myanmar_others.upper_bound
        == _cell("MM", "others", "medium", "sales").upper_bound
        == 100_000_000
    )
    assert "same limit" in myanmar_others.note


def test_na_cells_are_recorded_as_na():
    assert set(
        SizeThreshold.objects.filter(definition__country_id="SG").values_list("status", flat=True)
    ) == {"na"}
    for country, sector in [("PH", ""), ("ID", "")]:
        assert {
            _cell(country, sector, size, "workers").status for size in ("micro", "small", "medium")
        } == {"na"}
    for sector in SECTOR_KEYS["MM"]:
        micro = SizeThreshold.objects.filter(
            definition__country_id="MM", definition__sector_key=sector, size="micro"
        )
        assert set(micro.values_list("status", flat=True)) == {"na"}
    assert _cell("MM", "manufacturing", "small", "sales").status == "na"
    assert _cell("MM", "wholesale", "small", "capital").status == "na"
    assert set(
        SizeThreshold.objects.filter(definition__country_id="LA", size="micro").values_list(
            "status", flat=True
        )
    ) == {"na"}


def test_indonesia_has_both_an_asset_and_a_sales_limit_for_every_size():
    for size, assets, sales in [
        ("micro", 50, 300),
        ("small", 500, 2_500),
        ("medium", 10_000, 50_000),
    ]:
        assert _cell("ID", "", size, "assets").upper_bound == assets * 1_000_000
        assert _cell("ID", "", size, "sales").upper_bound == sales * 1_000_000


def test_translated_sector_labels_fall_back_to_english():
    definition = SizeDefinition.objects.get(country_id="TH", sector_key="retail")
    assert definition.sector_label_en == "Retail"
    assert definition.sector_label_th == "การค้าปลีก"
    assert SizeDefinition.objects.get(country_id="MM", sector_key="retail").sector_label_th is None


def test_loading_again_changes_nothing_and_keeps_admin_edits():
    SizeDefinition.objects.filter(country_id="PH").update(note_en="Edited by an agency editor.")
    before = (SizeDefinition.objects.count(), SizeThreshold.objects.count())
    call_command("load_msme_definitions")
    assert (SizeDefinition.objects.count(), SizeThreshold.objects.count()) == before
    assert SizeDefinition.objects.get(country_id="PH").note_en == "Edited by an agency editor."


def test_reset_restores_the_seed_without_duplicating():
    SizeThreshold.objects.filter(
        definition__country_id="PH", size="micro", criterion="assets"
    ).update(upper_bound=1)
    before = SizeThreshold.objects.count()
    call_command("load_msme_definitions", "--reset")
    assert SizeThreshold.objects.count() == before
    assert _cell("PH", "", "micro", "assets").upper_bound == 3_000_000


def test_the_loader_recreates_deleted_definitions_and_ensure_taxonomy_keeps_them():
    SizeDefinition.objects.filter(country_id="VN").delete()
    call_command("load_msme_definitions")
    assert SizeDefinition.objects.filter(country_id="VN").count() == 3
    ensure_taxonomy()
    assert Country.objects.get(code="VN").currency == "VND"
    assert SizeDefinition.objects.count() == 21
