"""Write-side set-up of the shared core: taxonomy and the skeleton of the page tree."""

from __future__ import annotations

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_noop
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page, Site

from servicecentre.models import (
    REGION,
    BasePage,
    Country,
    CountryPage,
    DirectoryPage,
    EnterpriseSize,
    HomePage,
    Sector,
    SupportType,
    TargetGroup,
    content_models,
)

TAXONOMY_FILE = Path(__file__).parent / "data" / "taxonomy.json"
VOCABULARIES = {
    "countries": Country,
    "sectors": Sector,
    "enterprise_sizes": EnterpriseSize,
    "support_types": SupportType,
    "target_groups": TargetGroup,
}
# The home page's title: a UI string, so the catalogues translate it. Sections take
# theirs from their content type's `section_title`.
SITE_TITLE = gettext_noop("ASEAN SME Service Centre")


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

    # Region-wide sections first (the trade agreements), then the type directories.
    ordered = sorted(content_models().values(), key=lambda model: not model.region_wide)
    for model in ordered:
        section = section_page(model)
        if section is None:
            section_class = apps.get_model(model.section_model)
            extra = {"content_type_code": model.content_type_code}
            if section_class is not DirectoryPage:
                extra = {}
            section = home.add_child(
                instance=section_class(title=model.section_title, slug=model.section_slug, **extra)
            )
        _fill_missing_titles(section, model.section_title)
    return home


def section_page(model: type[BasePage]) -> Page | None:
    """The page that lists a content type: its directory, or its own section page."""
    section_class = apps.get_model(model.section_model)
    if section_class is DirectoryPage:
        return DirectoryPage.objects.filter(content_type_code=model.content_type_code).first()
    return section_class.objects.first()


def content_parent(model: type[BasePage], country: str) -> Page | None:
    """Where a new page of this type and country goes: its section when the type is
    region-wide, else the country's hub. None when there is no such place (the page's
    `clean()` then says why the country does not fit the type)."""
    if model.region_wide:
        return section_page(model) if country == REGION else None
    return CountryPage.objects.filter(country_id=country).first()


def country_hub(code: str) -> Page:
    """The parent page for content of a country code (the region-wide section for `ASEAN`)."""
    if code == REGION:
        return next(section_page(model) for model in content_models().values() if model.region_wide)
    return CountryPage.objects.get(country_id=code)
