"""JSON API of the MSME size check (thin views: parse with the shared form, call the service)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from msme import selectors
from msme.forms import SizeCheckForm
from msme.selectors import SizeCheckError
from msme.services import classify


def _error(parameter: str, message: str) -> JsonResponse:
    # The same shape as the search API's errors.
    return JsonResponse({"error": {"parameter": parameter, "message": message}}, status=400)


def _language(request: HttpRequest) -> str | None:
    """The `lang` parameter if valid, the request's language if absent; None if invalid."""
    lang = request.GET.get("lang", "").strip()
    if not lang:
        return translation.get_language() or settings.LANGUAGE_CODE
    return lang if lang in settings.LANGUAGE_CODES else None


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@require_GET
def size_check_api(request: HttpRequest) -> JsonResponse:
    """`GET /api/v1/msme-size/?country=MY&sector=manufacturing&employees=40&annual_sales=...`."""
    language = _language(request)
    if language is None:
        return _error(
            "lang",
            _("Unknown language: use one of %(codes)s.")
            % {"codes": ", ".join(settings.LANGUAGE_CODES)},
        )
    with translation.override(language):
        form = SizeCheckForm(data=request.GET)
        if not form.is_valid():
            return _error(*form.first_error())
        try:
            result = classify(**form.classify_kwargs())
        except SizeCheckError as error:  # the definition changed between parsing and checking
            return _error(error.parameter, error.message)
        return JsonResponse(
            {
                "country": result.country,
                "sector": result.sector,
                "size": result.size,
                "explanation": result.explanation,
                "source": result.source,
                "source_url": result.source_url,
                "currency": result.currency,
                "possible_sizes": result.possible_sizes,
                "language": language,
            },
            json_dumps_params={"ensure_ascii": False},
        )


def _definition_json(definition: Any) -> dict[str, Any]:
    return {
        "sector": definition.sector_key or None,
        "sector_label": definition.sector_label or None,
        "currency": definition.currency,
        "combination": definition.combination,
        "combination_basis": definition.combination_basis or "",
        "source": definition.source or "",
        "source_url": definition.source_url,
        "reference_url": definition.reference_url,
        "effective_date": definition.effective_date.isoformat()
        if definition.effective_date
        else None,
        "note": definition.note or "",
        "thresholds": [
            {
                "size": threshold.size,
                "criterion": threshold.criterion,
                "upper_bound": _number(threshold.upper_bound),
                "status": threshold.status,
                "printed": threshold.printed,
                "note": threshold.note or "",
            }
            for threshold in definition.thresholds.all()
        ],
    }


@require_GET
def definitions_api(request: HttpRequest) -> JsonResponse:
    """`GET /api/v1/msme-size/definitions/`: sector keys, thresholds and currency by country."""
    language = _language(request)
    if language is None:
        return _error(
            "lang",
            _("Unknown language: use one of %(codes)s.")
            % {"codes": ", ".join(settings.LANGUAGE_CODES)},
        )
    with translation.override(language):
        countries: dict[str, dict[str, Any]] = {}
        for definition in selectors.definitions():
            entry = countries.setdefault(
                definition.country_id,
                {
                    "country": definition.country_id,
                    "name": definition.country.name,
                    "sector_required": False,
                    "sectors": [],
                    "definitions": [],
                },
            )
            if definition.sector_key:
                entry["sector_required"] = True
                entry["sectors"].append(definition.sector_key)
            entry["definitions"].append(_definition_json(definition))
        return JsonResponse(
            {"language": language, "countries": list(countries.values())},
            json_dumps_params={"ensure_ascii": False},
        )
