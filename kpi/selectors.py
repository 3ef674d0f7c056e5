"""Reads for the public KPI pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext as _

from kpi.charts import BarChart, bar_chart
from kpi.models import Indicator, KpiValue
from servicecentre.models import Country

START_A_BUSINESS = ("time-to-start-business", "cost-to-start-business")


def member_states() -> list[Country]:
    return list(Country.objects.filter(is_member_state=True).order_by("sort_order", "code"))


def _figure(value) -> str:
    return f"{value.normalize():f}"


@dataclass
class KpiView:
    indicator: Indicator
    years: list[int]
    table: list[dict]  # one row per member state: cells by year
    sources: list[tuple[str, str]]
    latest_chart: BarChart | None
    year_charts: list[tuple[Country, BarChart]]


def kpi_view(indicator: Indicator) -> KpiView:
    """The KPI's values across the member states and over the years, charted."""
    values = list(
        KpiValue.objects.filter(indicator=indicator).select_related("country").order_by("year")
    )
    countries = member_states()
    years = sorted({value.year for value in values})
    by_country: dict[str, dict[int, KpiValue]] = {}
    for value in values:
        by_country.setdefault(value.country_id, {})[value.year] = value
    table = [
        {
            "country": country,
            "cells": [by_country.get(country.code, {}).get(year) for year in years],
        }
        for country in countries
    ]
    sources = sorted({(value.source, value.source_url) for value in values})
    if not values:
        return KpiView(indicator, [], table, [], None, [])

    def latest(country):
        own = by_country.get(country.code)
        return own[max(own)] if own else None

    latest_chart = bar_chart(
        chart_id="kpi-latest",
        title=_("%(kpi)s: latest value by member state") % {"kpi": indicator.name},
        description=_("The most recent value of each member state, with its year."),
        rows=[
            (
                country.name,
                float(v.value) if (v := latest(country)) else None,
                f"{_figure(v.value)} ({v.year})" if v else _("no data yet"),
                False,
            )
            for country in countries
        ],
    )
    baseline = indicator.baseline_year
    year_charts = []
    for country in countries:
        own = by_country.get(country.code)
        if not own:
            continue
        year_charts.append(
            (
                country,
                bar_chart(
                    chart_id=f"kpi-years-{country.code.lower()}",
                    title=_("%(country)s over the years") % {"country": country.name},
                    description=_("Value by year; the baseline year is marked."),
                    rows=[
                        (
                            f"{year} ({_('baseline')})" if year == baseline else str(year),
                            float(own[year].value) if year in own else None,
                            _figure(own[year].value) if year in own else _("no data"),
                            year == baseline,
                        )
                        for year in years
                    ],
                ),
            )
        )
    return KpiView(indicator, years, table, sources, latest_chart, year_charts)


def registration_guide_totals() -> list[dict]:
    """Each live registration guide's total time and cost, as its page states them."""
    model = apps.get_model("onestop", "RegistrationGuidePage")
    guides = model.objects.live().public().select_related("country").order_by("country__sort_order")
    return [
        {
            "country": guide.country,
            "url": guide.url,
            "time": guide.total_time,
            "cost": guide.total_cost,
            "time_year": guide.total_time_year,
            "cost_year": getattr(guide, "total_cost_year", None),
            "time_source": guide.total_time_source_url,
            "cost_source": getattr(guide, "total_cost_source_url", ""),
        }
        for guide in guides
    ]
