"""The facets of the public search: one small class each, as in GOV.UK's finders.

A facet has one name (its key): the query parameter, the key in the JSON answer and
the keyword field of the search document it filters on. It knows the values it can
take, their labels in the active language, and how the page words its selection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from servicecentre.labels import content_type_labels

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
    return list(content_type_labels().items())


def _verification_values() -> list[tuple[str, str]]:
    from servicecentre.models import VERIFICATION_STATUSES

    return [(code, str(label)) for code, label in VERIFICATION_STATUSES]


def _status_values() -> list[tuple[str, str]]:
    from deadlines.status import STATUSES

    return [(code, str(label)) for code, label in STATUSES]


VALUES_CACHE_SECONDS = 60


def _values_cache_key(facet_key: str, language: str) -> str:
    return f"search:facet-values:{facet_key}:{language}"


def clear_values_cache(**_kwargs) -> None:
    """Forget cached facet values (connected to the taxonomy models' save and delete)."""
    cache.delete_many(
        [
            _values_cache_key(facet.key, language)
            for facet in FACETS
            for language in settings.LANGUAGE_CODES
        ]
    )


@dataclass(frozen=True)
class Facet:
    # The query parameter, the key in the JSON `facets` object and in
    # SearchParams.filters, and the keyword field of the search document.
    key: str
    heading: str
    values_source: Callable[[], list[tuple[str, str]]]
    # Its place in the result summary: "in Malaysia" for the country, then the other
    # facets' labels in brackets by rank; None leaves it out of the summary.
    summary_rank: int | None = None

    def values(self) -> list[tuple[str, str]]:
        """Every (code, label) this facet can take, in display order, labels translated.

        Cached in Django's cache per language for a minute: every search request needs
        all the facets' labels, and the taxonomy changes rarely. Saving or deleting a
        term clears the entries (in every process when the cache is shared).
        """
        key = _values_cache_key(self.key, get_language() or settings.LANGUAGE_CODE)
        values = cache.get(key)
        if values is None:
            values = self.values_source()
            cache.set(key, values, VALUES_CACHE_SECONDS)
        return values

    def known_values(self) -> set[str]:
        return {code for code, _label in self.values()}

    def chips(
        self, options: list[dict], selected: tuple[str, ...], url_with: Callable[..., str]
    ) -> list[dict]:
        """A removable chip per selected option; `url_with(values)` is the page's URL
        with this facet's values replaced."""
        return [
            {
                "label": option["label"],
                "facet": self.heading,
                "url": url_with([value for value in selected if value != option["value"]]),
            }
            for option in options
            if option["selected"]
        ]

    def summary_fragment(self, options: list[dict]) -> str:
        """The selected options as the result summary words them ("" when none)."""
        labels = [option["label"] for option in options if option["selected"]]
        if not labels or self.summary_rank is None:
            return ""
        if self.key == "country":
            return gettext("in %(countries)s") % {"countries": ", ".join(labels)}
        return "; ".join(labels)


FACETS: tuple[Facet, ...] = (
    Facet(
        "country",
        _("Country"),
        _taxonomy_values("servicecentre.Country"),
        summary_rank=0,
    ),
    Facet(
        "sector",
        _("Sector"),
        _taxonomy_values("servicecentre.Sector"),
        summary_rank=2,
    ),
    Facet("type", _("Type of information"), _content_types, summary_rank=1),
    Facet(
        "size",
        _("Enterprise size"),
        _taxonomy_values("servicecentre.EnterpriseSize"),
        summary_rank=3,
    ),
    Facet(
        "support",
        _("Type of support"),
        _taxonomy_values("servicecentre.SupportType"),
        summary_rank=4,
    ),
    Facet(
        "target",
        _("Especially for"),
        _taxonomy_values("servicecentre.TargetGroup"),
        summary_rank=5,
    ),
    Facet("verification", _("Verification"), _verification_values),
    Facet("status", _("Applications"), _status_values, summary_rank=6),
)
FACETS_BY_KEY = {facet.key: facet for facet in FACETS}
