"""Read-side of the MSME size definitions: finding a definition and listing them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from msme.models import SizeDefinition, SizeThreshold


class SizeCheckError(ValueError):
    """An input the check cannot use; `parameter` names the offending query parameter."""

    def __init__(self, message: str, *, parameter: str) -> None:
        super().__init__(message)
        self.message = message
        self.parameter = parameter


@dataclass(frozen=True)
class CountryOption:
    """A country with definitions, and its sector choices (empty when it has no sector split)."""

    code: str
    name: str
    sectors: tuple[tuple[str, str], ...]
    currency: str


def definitions() -> QuerySet[SizeDefinition]:
    """Every definition with its country and thresholds, in table order."""
    return (
        SizeDefinition.objects.select_related("country")
        .prefetch_related(
            Prefetch("thresholds", queryset=SizeThreshold.objects.order_by("sort_order", "pk"))
        )
        .order_by("country__sort_order", "country__code", "sort_order", "sector_key")
    )


def country_options() -> list[CountryOption]:
    """The countries that have a definition, each with its sector keys and labels."""
    options: dict[str, CountryOption] = {}
    for definition in SizeDefinition.objects.select_related("country").order_by(
        "country__sort_order", "country__code", "sort_order", "sector_key"
    ):
        code = definition.country_id
        current = options.get(code)
        sectors = current.sectors if current else ()
        if definition.sector_key:
            sectors = (
                *sectors,
                (definition.sector_key, definition.sector_label or definition.sector_key),
            )
        options[code] = CountryOption(
            code=code, name=definition.country.name, sectors=sectors, currency=definition.currency
        )
    return list(options.values())


def find_definition(*, country: str, sector: str | None = None) -> SizeDefinition:
    """The definition of a country code and sector key; SizeCheckError names a bad input."""
    code = (country or "").strip().upper()
    candidates = [d for d in definitions().filter(country_id=code)]
    if not candidates:
        raise SizeCheckError(
            _("Unknown country “%(value)s”: use an ASEAN member state code such as MY or TH.")
            % {"value": (country or "")[:40]},
            parameter="country",
        )
    key = (sector or "").strip().lower()
    split = [d for d in candidates if d.sector_key]
    if not split:
        if key:
            raise SizeCheckError(
                _("%(country)s has one definition for all sectors: leave the sector out.")
                % {"country": candidates[0].country.name},
                parameter="sector",
            )
        return candidates[0]
    keys = ", ".join(d.sector_key for d in split)
    if not key:
        raise SizeCheckError(
            _("%(country)s defines sizes by sector: choose one of %(keys)s.")
            % {"country": candidates[0].country.name, "keys": keys},
            parameter="sector",
        )
    for definition in split:
        if definition.sector_key == key:
            return definition
    raise SizeCheckError(
        _("Unknown sector for %(country)s: choose one of %(keys)s.")
        % {"country": candidates[0].country.name, "keys": keys},
        parameter="sector",
    )
