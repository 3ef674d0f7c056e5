"""Write-side set-up of the shared core: taxonomy and the skeleton of the page tree."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_noop
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page, Site

from servicecentre.models import (
    Country,
    CountryPage,
    DirectoryPage,
    EnterpriseSize,
    HomePage,
    Sector,
    SupportType,
    TargetGroup,
)

TAXONOMY_FILE = Path(__file__).parent / "data" / "taxonomy.json"
VOCABULARIES = {
    "countries": Country,
    "sectors": Sector,
    "enterprise_sizes": EnterpriseSize,
    "support_types": SupportType,
    "target_groups": TargetGroup,
}
# Titles of the structural pages: UI strings, so the catalogues translate them.
SITE_TITLE = gettext_noop("ASEAN SME Service Centre")
FTA_SECTION_TITLE = gettext_noop("Trade agreements")
DIRECTORY_SLUGS = {
    "financing_scheme": ("financing", gettext_noop("Financing schemes")),
    "registration_guide": ("registering-a-business", gettext_noop("Registering a business")),
    "market_guide": ("market-guides", gettext_noop("Market guides")),
    "incubator": ("incubators", gettext_noop("Incubators and accelerators")),
}


def _translated(prefix: str, values: dict[str, str]) -> dict[str, str]:
    """Spread a {language: text} object over modeltranslation's `<prefix>_<lang>` columns."""
    return {
        build_localized_fieldname(prefix, code): values[code]
        for code in settings.LANGUAGE_CODES
        if values.get(code)
    }


def _titles_in_every_language(english: str) -> dict[str, str]:
    """`title_<lang>` columns for a UI string the catalogues translate (e.g. section names)."""
    titles = {}
    for code in settings.LANGUAGE_CODES:
        with translation.override(code):
            titles[build_localized_fieldname("title", code)] = translation.gettext(english)
    return titles


def _fill_missing_titles(page: Page, english: str) -> None:
    """Give a structural page the catalogue's title in languages it has none in."""
    missing = {
        field: value
        for field, value in _titles_in_every_language(english).items()
        if not getattr(page, field)
    }
    if missing:
        type(page).objects.filter(pk=page.pk).update(**missing)


@transaction.atomic
def ensure_taxonomy() -> None:
    """Create or update every taxonomy term from the taxonomy data file."""
    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    for key, model in VOCABULARIES.items():
        for order, term in enumerate(data[key]):
            defaults = {
                "sort_order": order,
                "name": term["name"]["en"],
                **_translated("name", term["name"]),
            }
            for field in ("native_name", "currency", "languages", "is_member_state"):
                if field in term:
                    defaults[field] = term[field]
            model.objects.update_or_create(code=term["code"], defaults=defaults)


@transaction.atomic
def ensure_site_structure() -> HomePage:
    """Create what the site needs on a freshly migrated database; leave existing pages alone.

    Taxonomy, the home page (as the default site's root), one hub per member state,
    the trade agreements section and the type directories.
    """
    from market_info.models import FtaIndexPage  # the core knows its sections, not vice versa

    ensure_taxonomy()
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's migration leaves a placeholder "Welcome" page as the site root.
        Site.objects.filter(is_default_site=True).delete()
        for placeholder in root.get_children():
            if placeholder.specific_class is Page:
                placeholder.delete()
        root.refresh_from_db()
        home = root.add_child(instance=HomePage(title=SITE_TITLE, slug="home"))
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )

    for country in Country.objects.filter(is_member_state=True):
        if not CountryPage.objects.filter(country=country).exists():
            names = {
                code: getattr(country, build_localized_fieldname("name", code))
                for code in settings.LANGUAGE_CODES
            }
            home.add_child(
                instance=CountryPage(
                    country=country,
                    slug=country.name_en.lower().replace(" ", "-"),
                    title=country.name_en,
                    **_translated("title", {k: v for k, v in names.items() if v}),
                )
            )

    _fill_missing_titles(home, SITE_TITLE)

    fta_index = FtaIndexPage.objects.first()
    if fta_index is None:
        fta_index = home.add_child(
            instance=FtaIndexPage(title=FTA_SECTION_TITLE, slug="trade-agreements")
        )
    _fill_missing_titles(fta_index, FTA_SECTION_TITLE)

    for code, (slug, title) in DIRECTORY_SLUGS.items():
        directory = DirectoryPage.objects.filter(content_type_code=code).first()
        if directory is None:
            directory = home.add_child(
                instance=DirectoryPage(content_type_code=code, title=title, slug=slug)
            )
        _fill_missing_titles(directory, title)
    return home


def country_hub(code: str) -> Page:
    """The parent page for content of a country code (the FTA section for `ASEAN`)."""
    from market_info.models import FtaIndexPage

    if code == "ASEAN":
        return FtaIndexPage.objects.get()
    return CountryPage.objects.get(country_id=code)
