"""Read-side queries shared by the content apps' templates and views."""

from __future__ import annotations

from django.apps import apps
from django.db.models import QuerySet

from servicecentre.models import BasePage, Country

CONTENT_TYPES: dict[str, str] = {
    "financing_scheme": "finance_directory.FinancingSchemePage",
    "fta_guide": "market_info.FtaGuidePage",
    "market_guide": "market_info.MarketGuidePage",
    "registration_guide": "onestop.RegistrationGuidePage",
    "incubator": "abinet.IncubatorPage",
}


def content_models() -> dict[str, type[BasePage]]:
    """Map each content type code to its page model."""
    return {code: apps.get_model(label) for code, label in CONTENT_TYPES.items()}


def live_content(*, content_type: str) -> QuerySet:
    """Live public pages of one content type, with their country for listing."""
    model = content_models()[content_type]
    return model.objects.live().public().select_related("country").order_by("title")


def content_by_type(*, country: Country) -> list[tuple[str, list[BasePage]]]:
    """A country's live public content grouped by type, in directory order.

    Public only: a view-restricted page must not leak its title and summary to readers.
    """
    groups = []
    for code, model in content_models().items():
        pages = list(model.objects.live().public().filter(country=country).order_by("title"))
        if pages:
            groups.append((code, pages))
    return groups


def related_content(*, page: BasePage, limit: int = 6) -> list[BasePage]:
    """Other live public pages of the same country that share a sector (or cover all sectors)."""
    sector_codes = list(page.sectors.values_list("code", flat=True))
    related: list[BasePage] = []
    for model in content_models().values():
        qs = model.objects.live().public().exclude(pk=page.pk).filter(country=page.country_id)
        if sector_codes:
            qs = qs.filter(sectors__code__in=sector_codes).distinct()
        related.extend(qs.order_by("-compiled_on")[:limit])
    related.sort(key=lambda p: (p.content_type_code != page.content_type_code, p.title))
    return related[:limit]
