"""Realistic synthetic content pages for the search benchmark, built in memory.

Pages are unsaved model instances (no page tree, no database rows) with their
many-to-many values set in memory, so `search.documents.document_for()` turns them
into documents exactly as it does real pages. English everywhere; the country's own
languages (Thai, Vietnamese, Khmer, Malay, Indonesian, Chinese) on most pages of
that country, as agencies publish them. Deterministic for a given seed.
"""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from modeltranslation.utils import build_localized_fieldname

COUNTRY_NAMES = {
    "BN": "Brunei Darussalam",
    "KH": "Cambodia",
    "ID": "Indonesia",
    "LA": "Lao PDR",
    "MY": "Malaysia",
    "MM": "Myanmar",
    "PH": "the Philippines",
    "SG": "Singapore",
    "TH": "Thailand",
    "VN": "Viet Nam",
}
HUB_SLUGS = {
    code: name.lower().replace(" ", "-").replace("the-", "") for code, name in COUNTRY_NAMES.items()
}
# Share of pages per country: the bigger economies publish more schemes.
COUNTRY_WEIGHTS = {
    "BN": 2,
    "KH": 6,
    "ID": 16,
    "LA": 3,
    "MY": 16,
    "MM": 5,
    "PH": 12,
    "SG": 10,
    "TH": 16,
    "VN": 14,
}
# The country's languages besides English, with the chance a page carries each.
COUNTRY_LANGUAGES = {
    "TH": [("th", 0.85)],
    "VN": [("vi", 0.85)],
    "KH": [("km", 0.75)],
    "MY": [("ms", 0.8), ("zh-hans", 0.2)],
    "ID": [("id", 0.85)],
    "SG": [("zh-hans", 0.4), ("ms", 0.15)],
    "BN": [("ms", 0.7)],
    "PH": [],
    "LA": [],
    "MM": [],
}
TYPE_WEIGHTS = {
    "financing_scheme": 50,
    "incubator": 18,
    "registration_guide": 12,
    "market_guide": 14,
    "fta_guide": 6,
}
MODELS = {
    "financing_scheme": "finance_directory.FinancingSchemePage",
    "incubator": "abinet.IncubatorPage",
    "registration_guide": "onestop.RegistrationGuidePage",
    "market_guide": "market_info.MarketGuidePage",
    "fta_guide": "market_info.FtaGuidePage",
}
# Type-specific translated text fields (besides summary, body, provider).
EXTRA_FIELDS = {
    "financing_scheme": ("key_terms", "eligibility", "how_to_apply"),
    "incubator": ("services", "fees", "how_to_apply"),
    "registration_guide": ("legal_forms",),
    "market_guide": ("market_overview", "import_requirements", "standards_bodies"),
    "fta_guide": ("coverage", "rules_of_origin", "self_certification"),
}

# Realistic wording to vary, in several scripts: sentences with {slots}, titles, names.
_DATA = json.loads(Path(__file__).with_name("corpus.json").read_text(encoding="utf-8"))
AGENCIES = _DATA["agencies"]
CITIES = _DATA["cities"]
SECTOR_NAMES = _DATA["sector_names"]
AUDIENCES = _DATA["audiences"]
PRODUCTS = _DATA["products"]
PARTNERS = _DATA["partners"]
PRODUCT_CATEGORIES = _DATA["product_categories"]
LEGAL_FORMS = _DATA["legal_forms"]
AGREEMENTS = _DATA["agreements"]
EN_SENTENCES = _DATA["en_sentences"]
LOCAL_SENTENCES = _DATA["local_sentences"]
LOCAL_TITLES = _DATA["local_titles"]
INCUBATOR_NAMES = [
    "Innovation Hub",
    "Startup Accelerator",
    "Business Incubation Centre",
    "Maker Space",
]
CURRENCIES = {
    "BN": "BND",
    "KH": "USD",
    "ID": "IDR",
    "LA": "LAK",
    "MY": "MYR",
    "MM": "MMK",
    "PH": "PHP",
    "SG": "SGD",
    "TH": "THB",
    "VN": "VND",
}


class _Slots(dict):
    """Slot values drawn only when a template uses them (a sentence has two or three)."""

    def __init__(self, rng: random.Random, country: str) -> None:
        super().__init__()
        self.rng = rng
        self.country = country

    def __missing__(self, key: str) -> Any:
        rng, country = self.rng, self.country
        draw = {
            "agency": lambda: rng.choice(AGENCIES[country]),
            "amount": lambda: (
                f"{rng.choice([5, 10, 20, 50, 100, 250, 500, 1000]) * rng.choice([1, 10, 1000]):,}"
            ),
            "amount2": lambda: f"{rng.choice([1, 2, 5, 10, 50]) * 1_000_000:,}",
            "currency": lambda: CURRENCIES[country],
            "size": lambda: rng.choice(["micro", "small", "medium-sized"]),
            "sector": lambda: rng.choice(SECTOR_NAMES),
            "years": lambda: rng.randint(1, 10),
            "months": lambda: rng.choice([3, 6, 12, 18, 24]),
            "rate": lambda: f"{rng.uniform(1, 9):.1f}",
            "cover": lambda: rng.choice([50, 60, 70, 80, 90]),
            "share": lambda: rng.choice([30, 51, 60]),
            "country": lambda: COUNTRY_NAMES[country],
            "audience": lambda: rng.choice(AUDIENCES),
            "days": lambda: rng.randint(1, 30),
            "city": lambda: rng.choice(CITIES),
            "legal_form": lambda: rng.choice(LEGAL_FORMS),
            "partner": lambda: rng.choice(PARTNERS),
            "agreement": lambda: rng.choice(AGREEMENTS),
            "product_category": lambda: rng.choice(PRODUCT_CATEGORIES),
        }[key]
        return draw()


def _fill(template: str, rng: random.Random, country: str) -> str:
    """A sentence with its slots filled in, so documents share words but not whole texts."""
    return template.format_map(_Slots(rng, country))


def _paragraph(
    pool: list[str], rng: random.Random, country: str, low: int, high: int, joiner: str = " "
) -> str:
    return joiner.join(_fill(t, rng, country) for t in rng.sample(pool, rng.randint(low, high)))


def _english_title(kind: str, rng: random.Random, country: str, number: int) -> str:
    agency = rng.choice(AGENCIES[country])
    if kind == "financing_scheme":
        title = f"{agency} {rng.choice(PRODUCTS)}"
        if rng.random() < 0.4:
            title += f" for {rng.choice(AUDIENCES).title()}"
    elif kind == "incubator":
        title = f"{rng.choice(CITIES)} {rng.choice(INCUBATOR_NAMES)}"
    elif kind == "registration_guide":
        title = f"Registering a {rng.choice(LEGAL_FORMS)} in {COUNTRY_NAMES[country]}"
    elif kind == "market_guide":
        title = f"Exporting {rng.choice(PRODUCT_CATEGORIES)} to {rng.choice(PARTNERS)}"
    else:
        title = f"{rng.choice(AGREEMENTS)}: rules of origin for {rng.choice(PRODUCT_CATEGORIES)}"
    return f"{title} ({number})" if rng.random() < 0.3 else title


class _Row:
    """Builds instances the way the ORM loads rows (`Model.from_db`), not through `Model()`.

    `Model(**kwargs)` computes every field's default, and modeltranslation switches the
    active language for each translated one (~5 ms a page); a page read from the
    database pays none of that, so neither should the benchmark.
    """

    def __init__(self, model: type) -> None:
        self.model = model
        self.names = [field.attname for field in model._meta.concrete_fields]
        blank = model(source_url="https://example.org/source")
        self.defaults = {name: getattr(blank, name) for name in self.names}

    def page(self, values: dict[str, Any]) -> Any:
        row = dict(self.defaults)
        for name, value in values.items():
            row[name] = value
            # The untranslated column mirrors English, as modeltranslation keeps it.
            english = build_localized_fieldname(name, "en")
            if english in row:
                row[english] = value
        return self.model.from_db("default", self.names, [row[name] for name in self.names])


class Vocabulary:
    """Taxonomy instances, read once, to set many-to-many values in memory."""

    def __init__(self) -> None:
        def terms(label: str) -> list[Any]:
            return list(apps.get_model(label).objects.all())

        self.sectors = terms("servicecentre.Sector")
        self.sizes = terms("servicecentre.EnterpriseSize")
        self.supports = terms("servicecentre.SupportType")
        self.targets = terms("servicecentre.TargetGroup")


def synthetic_pages(
    count: int, *, vocabulary: Vocabulary, seed: int = 20261125, first: int = 1
) -> Iterator[Any]:
    """`count` unsaved, specific content pages numbered from `first`.

    Page n is the same for the same seed whatever range it is built in (each page has
    its own random stream), so workers can build slices of one corpus.
    """
    rows = {kind: _Row(apps.get_model(label)) for kind, label in MODELS.items()}
    kinds, kind_weights = zip(*TYPE_WEIGHTS.items(), strict=True)
    countries, country_weights = zip(*COUNTRY_WEIGHTS.items(), strict=True)
    published = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    for number in range(first, first + count):
        rng = random.Random(seed * 1_000_003 + number)
        kind = rng.choices(kinds, kind_weights)[0]
        country = rng.choices(countries, country_weights)[0]
        country_id = "ASEAN" if kind == "fta_guide" else country
        slug = f"bench-{kind.replace('_', '-')}-{number}"
        title = _english_title(kind, rng, country, number)
        values: dict[str, Any] = {
            "title": title,
            "summary": _paragraph(EN_SENTENCES, rng, country, 1, 2),
            "body": _paragraph(EN_SENTENCES, rng, country, 2, 5, "\n\n"),
            "provider": rng.choice(AGENCIES[country]),
        }
        for name in EXTRA_FIELDS[kind]:
            if rng.random() < 0.7:
                values[name] = _paragraph(EN_SENTENCES, rng, country, 1, 1)
        for language, chance in COUNTRY_LANGUAGES[country]:
            if rng.random() < chance:
                pool = LOCAL_SENTENCES[language]
                values[build_localized_fieldname("title", language)] = rng.choice(
                    LOCAL_TITLES[language]
                )
                # Khmer and Chinese put no space between sentences; the others do.
                joiner = "" if language in ("km", "zh-hans") else " "
                values[build_localized_fieldname("summary", language)] = _paragraph(
                    pool, rng, country, 1, 2, joiner
                )
                if rng.random() < 0.7:
                    values[build_localized_fieldname("body", language)] = _paragraph(
                        pool, rng, country, 1, 3, "\n\n"
                    )
        values.update(
            id=number,
            page_ptr_id=number,
            slug=slug,
            live=True,
            external_id=f"{country.lower()}-{slug}",
            country_id=country_id,
            url_path=f"/home/{HUB_SLUGS.get(country_id, 'trade-agreements')}/{slug}/",
            compiled_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randint(0, 320)),
            first_published_at=published,
            last_published_at=published + datetime.timedelta(hours=rng.randint(0, 7000)),
        )
        page = rows[kind].page(values)
        # Empty sector/size lists mean "all", as editors often leave them.
        page.sectors.set(rng.sample(vocabulary.sectors, rng.choice([0, 0, 1, 1, 2, 3])))
        page.enterprise_sizes.set(rng.sample(vocabulary.sizes, rng.choice([0, 1, 2])))
        page.target_groups.set(rng.sample(vocabulary.targets, rng.choice([0, 0, 1, 2])))
        if kind == "financing_scheme":
            page.support_types.set(rng.sample(vocabulary.supports, rng.choice([1, 1, 2])))
        yield page


def text_chars(page: Any, languages: list[str]) -> int:
    """Characters of text the pipeline reads from one page (titles and texts, every language)."""
    return sum(
        len(texts["title"]) + len(texts["text"])
        for texts in (page.search_text(language) for language in languages)
    )
