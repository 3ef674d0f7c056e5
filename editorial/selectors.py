"""Read-side queries of the editorial workflow: translation status and overdue reviews."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from wagtail.permission_policies.pages import PagePermissionPolicy

from editorial.models import TranslationState
from editorial.texts import (
    fingerprint,
    page_text,
    page_texts,
    target_languages,
)
from servicecentre.models import BasePage, Country
from servicecentre.selectors import content_models

TRANSLATED = "translated"
MISSING = "missing"
OUTDATED = "outdated"
REGION = "ASEAN"


@dataclass(frozen=True)
class FieldStatus:
    """One translatable field of one page in one language."""

    page: BasePage
    field: str  # a page field (`summary`) or a source's title (`sources.<pk>.title`)
    language: str
    status: str
    source: str
    translation: str


@dataclass(frozen=True)
class StatusRow:
    """Counts of translated fields for one country, language and content type."""

    country: Country
    language: str
    content_type: str
    content_type_label: str
    pages: int
    translated: int
    missing: int
    outdated: int


def content_pages(*, country: str | None = None, content_type: str | None = None) -> list[BasePage]:
    """Live content pages, optionally of one country code and one content type."""
    pages: list[BasePage] = []
    for code, model in content_models().items():
        if content_type and code != content_type:
            continue
        qs = model.objects.live().select_related("country").order_by("path")
        if country:
            qs = qs.filter(country_id=country)
        pages.extend(qs)
    return pages


def field_statuses(*, pages: list[BasePage], languages: Iterable[str]) -> Iterator[FieldStatus]:
    """The status of every field with English text, for each page and language.

    Translated: the translation was saved against the page's current English. Outdated:
    the English changed since, or nobody recorded what the translation was made from.
    """
    languages = list(languages)
    states = {
        (state.page_id, state.language, state.field): state
        for state in TranslationState.objects.filter(
            page__in=[page.pk for page in pages], language__in=languages
        )
    }
    _prefetch_sources(pages)
    for page in pages:
        texts = page_texts(page)
        for field in texts:
            source = page_text(texts, field, "en")
            if not source:
                continue
            source_hash = fingerprint(source)
            for language in languages:
                translation = page_text(texts, field, language)
                state = states.get((page.pk, language, field))
                if not translation:
                    status = MISSING
                elif (
                    state is not None
                    and state.source_hash == source_hash
                    and state.translation_hash == fingerprint(translation)
                ):
                    status = TRANSLATED
                else:
                    status = OUTDATED
                yield FieldStatus(page, field, language, status, source, translation)


def _prefetch_sources(pages: list[BasePage]) -> None:
    """Load the sources of many pages (for their titles) in one query per page type."""
    by_type: dict[type, list[BasePage]] = {}
    for page in pages:
        if hasattr(page, "sources"):
            by_type.setdefault(type(page), []).append(page)
    for same_type in by_type.values():
        prefetch_related_objects(same_type, "sources")


def report_countries(*, country: str | None = None) -> list[Country]:
    """The member states and the region, in the site's order (or just one)."""
    qs = Country.objects.order_by("sort_order")
    if country:
        qs = qs.filter(code=country)
    return list(qs)


def default_languages(country: Country) -> list[str]:
    """The languages a country's content is translated into first: its national ones."""
    if country.code == REGION:
        return target_languages()
    return [code for code in country.language_codes if code in target_languages()]


def translation_status(
    *, country: str | None = None, languages: list[str] | None = None
) -> list[StatusRow]:
    """Field counts per country × language × content type.

    Without `languages`, each country is shown in its national languages (the region
    in all of them).
    """
    labels = {code: model._meta.verbose_name for code, model in content_models().items()}
    rows: list[StatusRow] = []
    for each_country in report_countries(country=country):
        country_languages = languages or default_languages(each_country)
        for content_type in content_models():
            pages = content_pages(country=each_country.code, content_type=content_type)
            if not pages:
                continue
            counts: Counter = Counter()
            for status in field_statuses(pages=pages, languages=country_languages):
                counts[(status.language, status.status)] += 1
            for language in country_languages:
                rows.append(
                    StatusRow(
                        country=each_country,
                        language=language,
                        content_type=content_type,
                        content_type_label=str(labels[content_type]),
                        pages=len(pages),
                        translated=counts[(language, TRANSLATED)],
                        missing=counts[(language, MISSING)],
                        outdated=counts[(language, OUTDATED)],
                    )
                )
    rows.sort(key=lambda row: (row.country.sort_order, row.language, row.content_type))
    return rows


def translation_gaps(*, country: str, language: str) -> list[FieldStatus]:
    """A country's missing and outdated fields in one language, page by page."""
    pages = content_pages(country=country)
    return [
        status
        for status in field_statuses(pages=pages, languages=[language])
        if status.status != TRANSLATED
    ]


# --- Freshness -------------------------------------------------------------------------


def overdue_pages(*, country: str | None = None, user=None) -> list[BasePage]:
    """Live content pages past their review date: compiled ones first, then longest overdue.

    Compiled pages are due six months after their compile date, verified ones their
    review interval (twelve months by default) after their verification.

    With `user`, only pages that user may edit or publish.
    """
    pages = [page for page in content_pages(country=country) if page.is_overdue]
    if user is not None and not user.is_superuser:
        editable = set(
            PagePermissionPolicy()
            .instances_user_has_any_permission_for(user, ["change", "publish"])
            .filter(pk__in=[page.pk for page in pages])
            .values_list("pk", flat=True)
        )
        pages = [page for page in pages if page.pk in editable]
    pages.sort(key=lambda page: (not page.is_compiled, page.review_due, page.title))
    return pages
