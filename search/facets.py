"""The facets of the public search: one small class each, as in GOV.UK's finders.

A facet knows its key in the JSON answer, its query parameter, the document field
it filters on, the values it can take and their labels in the active language.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from servicecentre.labels import CONTENT_TYPE_LABELS

TAXONOMY_MODELS = (
    "servicecentre.Country",
    "servicecentre.Sector",
    "servicecentre.EnterpriseSize",
    "servicecentre.SupportType",
    "servicecentre.TargetGroup",
)


def _taxonomy_values(model_label: str, **filters) -> Callable[[], list[tuple[str, str]]]:
    def values() -> list[tuple[str, str]]:
        model = apps.get_model(model_label)
        # `name` resolves to the active language's column with English fallback.
        return [(term.code, str(term.name)) for term in model.objects.filter(**filters)]

    return values


def _content_types() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in CONTENT_TYPE_LABELS.items()]


def _verification_values() -> list[tuple[str, str]]:
    from servicecentre.models import VERIFICATION_STATUSES

    return [(code, str(label)) for code, label in VERIFICATION_STATUSES]


VALUES_CACHE_SECONDS = 60.0
_VALUES_CACHE: dict[tuple[str, str], tuple[float, list[tuple[str, str]]]] = {}


def clear_values_cache(**_kwargs) -> None:
    """Forget cached facet values (connected to the taxonomy models' save and delete)."""
    _VALUES_CACHE.clear()


@dataclass(frozen=True)
class Facet:
    key: str  # key in the JSON `facets` object and in SearchParams.filters
    param: str  # query parameter
    field: str  # keyword field in the search document
    heading: str
    values_source: Callable[[], list[tuple[str, str]]]

    def values(self) -> list[tuple[str, str]]:
        """Every (code, label) this facet can take, in display order, labels translated.

        Cached per process and language: every search request needs all six facets'
        labels, and the taxonomy changes rarely. Saving or deleting a term clears the
        cache in this process; other processes pick the change up within a minute.
        """
        key = (self.key, get_language() or settings.LANGUAGE_CODE)
        now = time.monotonic()
        cached = _VALUES_CACHE.get(key)
        if cached is not None and now - cached[0] < VALUES_CACHE_SECONDS:
            return cached[1]
        values = self.values_source()
        _VALUES_CACHE[key] = (now, values)
        return values

    def known_values(self) -> set[str]:
        return {code for code, _label in self.values()}


FACETS: tuple[Facet, ...] = (
    Facet("country", "country", "country", _("Country"), _taxonomy_values("servicecentre.Country")),
    Facet("sector", "sector", "sectors", _("Sector"), _taxonomy_values("servicecentre.Sector")),
    Facet("type", "type", "type", _("Type of information"), _content_types),
    Facet(
        "size",
        "size",
        "sizes",
        _("Enterprise size"),
        _taxonomy_values("servicecentre.EnterpriseSize"),
    ),
    Facet(
        "support",
        "support",
        "support",
        _("Type of support"),
        _taxonomy_values("servicecentre.SupportType"),
    ),
    Facet(
        "target",
        "target",
        "target",
        _("Especially for"),
        _taxonomy_values("servicecentre.TargetGroup"),
    ),
    Facet("verification", "verification", "verification", _("Verification"), _verification_values),
)
FACETS_BY_KEY = {facet.key: facet for facet in FACETS}
