"""Side-by-side views: up to four schemes, and business registration in the ten member states.

Figures come from the pages as the editors entered them; what a page does not state is shown
as unknown (with the editors' reason where they gave one), never estimated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from finder.services import page_url
from servicecentre.models import Country
from servicecentre.selectors import content_models

COMPARE_MAX = 4
BASKET = "finder_compare"
# A total time stated plainly as a number of days ("5 days", "3 working days"): only such
# statements are drawn as bars; any other wording stays text.
DAYS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:working\s+|calendar\s+|business\s+)?days?\s*$", re.I)


def _compare_url(ids: list[str], **extra: str) -> str:
    query = urlencode([("id", i) for i in ids] + list(extra.items()))
    return reverse("finder:compare") + (f"?{query}" if query else "")


def compare_view(request: HttpRequest) -> HttpResponse:
    """`/<lang>/finder/compare/?id=a&id=b`: up to four financing schemes side by side.

    `add=<id>` (the button on a scheme's page) and `remove=<id>` change the reader's list,
    kept in the session so schemes can be gathered from several pages without JavaScript,
    then redirect to the plain `?id=...` address, which can be shared.
    """
    add = request.GET.get("add", "").strip()[:100]
    remove = request.GET.get("remove", "").strip()[:100]
    if add or remove:
        basket = [i for i in request.session.get(BASKET, []) if i != remove]
        full = bool(add) and add not in basket and len(basket) >= COMPARE_MAX
        if add and add not in basket and not full:
            basket.append(add)
        request.session[BASKET] = basket
        return HttpResponseRedirect(_compare_url(basket, **({"full": "1"} if full else {})))
    ids = list(dict.fromkeys(v.strip() for v in request.GET.getlist("id") if v.strip()))
    too_many = len(ids) > COMPARE_MAX or request.GET.get("full") == "1"
    ids = ids[:COMPARE_MAX]
    if ids or "id" in request.GET:
        request.session[BASKET] = ids
    model = content_models()["financing_scheme"]
    pages = {
        page.external_id: page
        for page in model.objects.live()
        .public()
        .filter(external_id__in=ids)
        .select_related("country")
        .prefetch_related("support_types", "enterprise_sizes", "sectors", "target_groups")
    }
    language = get_language()
    schemes = [
        {
            "page": pages[i],
            "url": page_url(pages[i], language),
            "remove_url": _compare_url([j for j in ids if j != i]),
        }
        for i in ids
        if i in pages
    ]
    context = {
        "schemes": schemes,
        "too_many": too_many,
        "unknown_ids": [i for i in ids if i not in pages],
        "compare_max": COMPARE_MAX,
    }
    return render(request, "finder/compare.html", context)


@dataclass
class Bar:
    label: str
    value: float | None
    text: str
    y: int = 0
    width: int = 0


def _chart(rows: list[Bar], *, width: int = 240) -> dict[str, Any]:
    """Geometry of a horizontal bar chart; unknown values get no bar, only their text."""
    known = [row.value for row in rows if row.value is not None]
    top = max(known) if known else 0
    for index, row in enumerate(rows):
        row.y = index * 28
        row.width = round(width * row.value / top) if row.value and top else 0
    return {"rows": rows, "height": len(rows) * 28, "width": width, "any_known": bool(known)}


def registration_view(request: HttpRequest) -> HttpResponse:
    """`/<lang>/finder/compare/registration/`: steps, days, cost and portal in one table."""
    model = content_models()["registration_guide"]
    language = get_language()
    guides = {}
    for page in model.objects.live().public().select_related("country").prefetch_related("steps"):
        guides.setdefault(page.country_id, page)
    rows = []
    for country in Country.objects.filter(is_member_state=True):
        page = guides.get(country.code)
        days = DAYS.match(page.total_time) if page and page.total_time else None
        rows.append(
            {
                "country": country,
                "page": page,
                "url": page_url(page, language) if page else "",
                # A guide that lists no steps states no number: unknown, not 0.
                "steps": (len(page.steps.all()) or None) if page else None,
                "days": float(days.group(1)) if days else None,
            }
        )
    unknown = _("unknown")
    steps_chart = _chart(
        [
            Bar(
                r["country"].name,
                r["steps"],
                str(r["steps"]) if r["steps"] is not None else unknown,
            )
            for r in rows
        ]
    )
    days_chart = _chart(
        [
            Bar(
                r["country"].name,
                r["days"],
                (r["page"].total_time if r["days"] is not None else unknown),
            )
            for r in rows
        ]
    )
    context = {"rows": rows, "steps_chart": steps_chart, "days_chart": days_chart}
    return render(request, "finder/registration.html", context)
