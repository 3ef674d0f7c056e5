"""Setting up the site creates the taxonomy and one hub per member state, idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from servicecentre.models import (
    Country,
    CountryPage,
    EnterpriseSize,
    HomePage,
    Sector,
    SupportType,
    TargetGroup,
)
from servicecentre.services import ensure_site_structure

# The architecture's taxonomy codes (STABLE).
MEMBER_STATES = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]
ISIC_SECTIONS = [chr(letter) for letter in range(ord("A"), ord("U") + 1)]
ENTERPRISE_SIZES = ["micro", "small", "medium"]
SUPPORT_TYPES = [
    "grant",
    "loan",
    "credit_guarantee",
    "microfinance",
    "equity",
    "trade_finance",
    "tax_incentive",
    "advisory",
]
TARGET_GROUPS = ["women", "youth", "startups", "exporters", "rural"]


def codes(model) -> list[str]:
    return list(model.objects.values_list("code", flat=True))


def snapshot() -> dict:
    """Everything the set-up writes, in comparable form."""
    return {
        "taxonomy": {
            model.__name__: list(model.objects.order_by("code").values())
            for model in (Country, Sector, EnterpriseSize, SupportType, TargetGroup)
        },
        "pages": list(
            Page.objects.order_by("path").values_list(
                "path", "title", "slug", "live", "content_type__model", "latest_revision_id"
            )
        ),
        "revisions": list(Revision.objects.order_by("pk").values_list("pk", "object_id")),
        "sites": list(
            Site.objects.values_list("hostname", "port", "root_page_id", "is_default_site")
        ),
    }


def test_site_setup_creates_the_taxonomy_with_the_architecture_codes(site):
    assert codes(Country) == [*MEMBER_STATES, "ASEAN"]
    assert list(Country.objects.filter(is_member_state=True).values_list("code", flat=True)) == (
        MEMBER_STATES
    )
    assert codes(Sector) == ISIC_SECTIONS
    assert len(ISIC_SECTIONS) == 21
    assert codes(EnterpriseSize) == ENTERPRISE_SIZES
    assert codes(SupportType) == SUPPORT_TYPES
    assert codes(TargetGroup) == TARGET_GROUPS


def test_every_taxonomy_term_has_an_english_name(site):
    for model in (Country, Sector, EnterpriseSize, SupportType, TargetGroup):
        assert not model.objects.filter(name_en__in=["", None]).exists(), model.__name__


def test_site_setup_creates_one_live_hub_per_member_state_under_the_home_page(site):
    hubs = CountryPage.objects.select_related("country")

    assert sorted(hub.country_id for hub in hubs) == sorted(MEMBER_STATES)
    for hub in hubs:
        assert hub.live
        assert hub.get_parent().specific == site
        assert hub.title == hub.country.name_en


def test_site_setup_makes_the_home_page_the_default_sites_root(site):
    default_site = Site.objects.get(is_default_site=True)

    assert default_site.root_page.specific == site
    assert isinstance(site, HomePage)
    # Wagtail's placeholder "Welcome to your new Wagtail site!" page is gone.
    assert not Page.objects.filter(depth=2).exclude(pk=site.pk).exists()


def test_running_the_site_setup_twice_changes_nothing(site):
    before = snapshot()

    assert ensure_site_structure() == site
    assert snapshot() == before


def test_site_setup_keeps_an_editors_changes_to_a_hub(site):
    hub = CountryPage.objects.get(country_id="TH")
    hub.title = "Doing business in Thailand"
    hub.intro = "Written by the agency."
    hub.save_revision().publish()

    ensure_site_structure()

    hub.refresh_from_db()
    assert hub.title == "Doing business in Thailand"
    assert hub.intro == "Written by the agency."
    assert CountryPage.objects.filter(country_id="TH").count() == 1


@pytest.mark.django_db
def test_the_setup_site_command_is_idempotent():
    call_command("setup_site", stdout=StringIO())
    before = snapshot()

    call_command("setup_site", stdout=StringIO())

    assert snapshot() == before
    assert CountryPage.objects.count() == len(MEMBER_STATES)
