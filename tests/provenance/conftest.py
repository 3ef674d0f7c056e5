"""Content pages of every type in every verification state, and the people who handle them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from abinet.models import IncubatorPage
from editorial.roles import setup_roles
from finance_directory.models import FinancingSchemePage
from market_info.models import FtaGuidePage, FtaIndexPage, MarketGuidePage
from onestop.models import RegistrationGuidePage
from servicecentre.models import COMPILED, CONFIRMED_BY_PROVIDER, VERIFIED
from servicecentre.services import country_hub, ensure_site_structure

STATES = (COMPILED, VERIFIED, CONFIRMED_BY_PROVIDER)
COMPILED_ON = datetime.date(2026, 11, 25)
CHECKED_ON = datetime.date(2026, 11, 30)

MODELS = {
    "financing_scheme": (FinancingSchemePage, "TH", {"currency": "THB", "amount_max": 100000}),
    "fta_guide": (FtaGuidePage, "ASEAN", {"agreement": "ACFTA"}),
    "market_guide": (MarketGuidePage, "TH", {}),
    "registration_guide": (RegistrationGuidePage, "TH", {}),
    "incubator": (IncubatorPage, "TH", {}),
}


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    translation.deactivate()


@pytest.fixture
def site(site):
    setup_roles()
    return site


@pytest.fixture
def make_page(site):
    """A published page of a type in a verification state, its texts in English and Thai."""
    counter = {"n": 0}

    def make(content_type: str, state: str = COMPILED, **fields):
        counter["n"] += 1
        model, country, specific = MODELS[content_type]
        slug = f"{content_type.replace('_', '-')}-{state.replace('_', '-')}-{counter['n']}"
        values = {
            "title": f"Sample {content_type} {counter['n']}",
            "title_en": f"Sample {content_type} {counter['n']}",
            "title_th": f"ตัวอย่าง {counter['n']}",
            "slug": slug,
            "country_id": country,
            "summary": "A short summary of the programme.",
            "summary_en": "A short summary of the programme.",
            "summary_th": "สรุปสั้น ๆ ของโครงการ",
            "source_url": "https://example.org/programme/terms",
            "compiled_on": COMPILED_ON,
            "verification_note_en": "Gathered from the agency's published pages.",
            "verification_status": state,
            "last_verified": None if state == COMPILED else CHECKED_ON,
            **specific,
            **fields,
        }
        if content_type == "fta_guide":
            parent = FtaIndexPage.objects.get()
            values["agreement"] = ["ACFTA", "AKFTA", "AJCEP", "AANZFTA", "AIFTA", "AHKFTA"][
                counter["n"] % 6
            ]
            FtaGuidePage.objects.filter(agreement=values["agreement"]).delete()
        else:
            parent = country_hub(country)
        page = parent.add_child(instance=model(**values))
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def structure(db):
    return ensure_site_structure()
