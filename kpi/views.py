"""Public pages: the plan's KPIs, and one page per KPI with its charts and figures."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from kpi.models import Indicator
from kpi.selectors import START_A_BUSINESS, kpi_view, registration_guide_totals


@require_safe
def kpi_index(request):
    indicators = Indicator.objects.all()
    return render(request, "kpi/kpi_index.html", {"indicators": indicators})


@require_safe
def kpi_detail(request, code: str):
    indicator = get_object_or_404(Indicator, code=code)
    context = {"view": kpi_view(indicator), "indicator": indicator}
    if indicator.code in START_A_BUSINESS:
        context["guides"] = registration_guide_totals()
    return render(request, "kpi/kpi_detail.html", context)
