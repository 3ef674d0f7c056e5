"""The HTML page of the MSME size check: a GET form and its answer (no JavaScript needed)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from msme.forms import AMOUNT_FIELDS, SizeCheckForm
from msme.models import Criterion, Size, ThresholdStatus
from msme.selectors import country_options, definitions
from msme.services import LARGE, PARAMETERS, UNDETERMINED, classify

CRITERION_OF = {parameter: criterion for criterion, parameter in PARAMETERS.items()}


def _criterion_countries() -> dict[str, list[str]]:
    """For each criterion, the countries that use it (tells owners which figures to enter)."""
    used: dict[str, list[str]] = {criterion: [] for criterion in Criterion.values}
    for definition in definitions():
        for threshold in definition.thresholds.all():
            names = used[threshold.criterion]
            if threshold.status == ThresholdStatus.APPLIES and definition.country.name not in names:
                names.append(definition.country.name)
    return used


def _table(definition: Any) -> dict[str, Any]:
    """The definition's thresholds as a small table: one row per size, one column per criterion."""
    thresholds = list(definition.thresholds.all())
    criteria = [c for c in Criterion.values if any(t.criterion == c for t in thresholds)]
    rows = []
    for size in Size.values:
        cells = []
        for criterion in criteria:
            cell = next(
                (t for t in thresholds if t.size == size and t.criterion == criterion), None
            )
            cells.append(
                {
                    "printed": cell.printed if cell else "n/a",
                    "status": cell.status if cell else ThresholdStatus.NOT_APPLICABLE,
                    "note": (cell.note or "") if cell else "",
                }
            )
        rows.append({"size": Size(size).label, "cells": cells})
    return {"criteria": [Criterion(c).label for c in criteria], "rows": rows}


def check_view(request: HttpRequest) -> HttpResponse:
    """`/<lang>/msme-size/`: pick a country and sector, enter figures, read the size and why."""
    options = country_options()
    submitted = any(name in request.GET for name in ("country", "sector", *AMOUNT_FIELDS))
    form = SizeCheckForm(data=request.GET if submitted else None, options=options)
    result = definition = None
    if submitted and form.is_valid():
        result = classify(**form.classify_kwargs())
        definition = form.definition

    raw_country = (form.data.get("country") or "").strip().upper() if submitted else ""
    raw_sector = (form.data.get("sector") or "").strip() if submitted else ""
    if ":" in raw_sector and not raw_country:
        raw_country = raw_sector.partition(":")[0].strip().upper()
    chosen = next((option for option in options if option.code == raw_country), None)
    used_by = _criterion_countries()
    amount_fields = []
    for name in AMOUNT_FIELDS:
        bound = form[name]
        criterion = CRITERION_OF[name]
        label = str(bound.label)
        if chosen and name != "employees" and chosen.currency:
            label = _("%(label)s (%(currency)s)") % {"label": label, "currency": chosen.currency}
        countries = used_by[criterion]
        hint = (
            (_("Used in: %(countries)s.") % {"countries": ", ".join(countries)})
            if countries
            else ""
        )
        amount_fields.append(
            {
                "field": bound,
                "label": label,
                "hint": hint,
                "value": form.data.get(name, "") if submitted else "",
            }
        )

    def sector_selected(code: str, key: str) -> bool:
        if ":" in raw_sector:
            return raw_sector.upper() == f"{code}:{key}".upper()
        return raw_country == code and raw_sector.lower() == key

    context = {
        "form": form,
        "submitted": submitted,
        "result": result,
        "definition": definition,
        "table": _table(definition) if definition else None,
        "size_label": (
            dict(Size.choices).get(result.size)
            or (_("large") if result.size == LARGE else _("undetermined"))
        )
        if result
        else "",
        "is_undetermined": bool(result and result.size == UNDETERMINED),
        "countries": [
            {"code": o.code, "name": o.name, "selected": o.code == raw_country} for o in options
        ],
        "sector_groups": [
            {
                "name": o.name,
                "sectors": [
                    {
                        "value": f"{o.code}:{key}",
                        "label": label,
                        "selected": sector_selected(o.code, key),
                    }
                    for key, label in o.sectors
                ],
            }
            for o in options
            if o.sectors
        ],
        "no_split_countries": ", ".join(o.name for o in options if not o.sectors),
        "amount_fields": amount_fields,
        "errors": [(name, str(messages[0])) for name, messages in form.errors.items()]
        if submitted
        else [],
    }
    return render(request, "msme/check.html", context)
