"""Fixtures for the search tests: real pages in the test database, indexed in the real node."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

import pytest
from modeltranslation.utils import build_localized_fieldname

COUNTRIES = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]
SECTORS = [chr(c) for c in range(ord("A"), ord("U") + 1)]
SIZES = ["micro", "small", "medium"]
SUPPORTS = [
    "grant",
    "loan",
    "credit_guarantee",
    "microfinance",
    "equity",
    "trade_finance",
    "tax_incentive",
    "advisory",
]
TARGETS = ["women", "youth", "startups", "exporters", "rural"]


@dataclass
class Made:
    """What a test made, with the facet values a brute-force count needs."""

    pages: list = field(default_factory=list)

    def facet_values(self, page) -> dict[str, set[str]]:
        facets = page.search_facets()
        return {
            "country": set(facets["country"]),
            "type": set(facets["type"]),
            "sector": set(SECTORS) if facets["sector"] == ["*"] else set(facets["sector"]),
            "size": set(SIZES) if facets["size"] == ["*"] else set(facets["size"]),
            "support": set(facets["support"]),
            "target": set(facets["target"]),
            "verification": set(facets["verification"]),
            "status": {facets["status"][0]} if facets.get("status") else set(),
        }


def make_page(
    *,
    kind: str,
    country: str,
    external_id: str,
    title: dict[str, str],
    summary: dict[str, str],
    body: dict[str, str] | None = None,
    sectors=(),
    sizes=(),
    supports=(),
    targets=(),
    publish: bool = True,
    window: dict | None = None,
):
    """Create a content page under its hub the way the admin would, published by default."""
    from abinet.models import IncubatorPage
    from finance_directory.models import FinancingSchemePage
    from market_info.models import MarketGuidePage
    from onestop.models import RegistrationGuidePage
    from servicecentre.services import country_hub

    model = {
        "financing_scheme": FinancingSchemePage,
        "market_guide": MarketGuidePage,
        "registration_guide": RegistrationGuidePage,
        "incubator": IncubatorPage,
    }[kind]
    values = {"title": title["en"]}
    for name, texts in (("title", title), ("summary", summary), ("body", body or {})):
        for language, value in texts.items():
            values[build_localized_fieldname(name, language)] = value
    page = model(
        slug=external_id,
        country_id=country,
        external_id=external_id,
        summary=summary["en"],
        source_url="https://example.org/source",
        compiled_on=datetime.date(2026, 11, 1),
        **values,
        **(window or {}),
    )
    country_hub(country).add_child(instance=page)
    page.sectors.set(sectors)
    page.enterprise_sizes.set(sizes)
    page.target_groups.set(targets)
    if kind == "financing_scheme":
        page.support_types.set(supports)
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        page.unpublish()
    page.refresh_from_db()
    return page


@pytest.fixture
def made(site) -> Made:
    return Made()


@pytest.fixture
def random_content(site, made) -> Made:
    """About forty pages with random facet values (seeded, so failures reproduce)."""
    rng = random.Random(20261125)
    kinds = [
        "financing_scheme",
        "financing_scheme",
        "market_guide",
        "registration_guide",
        "incubator",
    ]
    # Application windows from a generator of their own, so the other values stay as they were.
    window_rng = random.Random(20261205)
    for number in range(40):
        kind = rng.choice(kinds)
        country = rng.choice(COUNTRIES)
        made.pages.append(
            make_page(
                kind=kind,
                country=country,
                external_id=f"{country.lower()}-item-{number}",
                title={
                    "en": f"{rng.choice(['Loan', 'Grant', 'Guide', 'Programme'])} number {number}"
                },
                summary={
                    "en": f"{'Export loan' if number % 3 == 0 else 'Support'} for firms {number}"
                },
                sectors=rng.sample(SECTORS, rng.choice([0, 0, 1, 2, 3])),
                sizes=rng.sample(SIZES, rng.choice([0, 1, 2])),
                supports=rng.sample(SUPPORTS, rng.choice([1, 2]))
                if kind == "financing_scheme"
                else (),
                targets=rng.sample(TARGETS, rng.choice([0, 1, 2])),
                window=random_window(window_rng)
                if kind in ("financing_scheme", "incubator")
                else None,
            )
        )
    return made


def random_window(rng: random.Random) -> dict:
    """An application window around today: every status occurs."""
    today = datetime.date.today()
    day = datetime.timedelta(days=1)
    return rng.choice(
        [
            {},  # unknown
            {"open_all_year": True},
            {"opens_on": today - 90 * day, "closes_on": today - 30 * day},  # closed
            {"opens_on": today - 30 * day, "closes_on": today + 5 * day},  # closing soon
            {"opens_on": today - 30 * day, "closes_on": today + 60 * day},  # open
            {"opens_on": today + 30 * day, "closes_on": today + 90 * day},  # upcoming
            {"closes_on": today + 20 * day},  # open, no opening date
        ]
    )
