"""The Secretariat's dashboard: coverage, freshness, translation, reports, searches.

Published figures (live public pages) are public anyway and shown for every country.
Unpublished ones (drafts, reader reports) are shown only for the countries the user
approves; the Secretariat sees them all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from analytics.selectors import ReportFilters, top_queries, zero_result_queries
from editorial.roles import approvers_group_name, is_secretariat
from editorial.selectors import MISSING, OUTDATED, TRANSLATED, field_statuses
from editorial.texts import language_name, target_languages
from kpi.charts import BarChart, bar_chart, percent
from provenance.models import ProblemReport
from provenance.selectors import reports_for
from servicecentre.labels import content_type_label
from servicecentre.models import BasePage, Country
from servicecentre.selectors import content_models

QUERY_ROWS = 10


def approved_countries(user) -> list[str]:
    """Codes of the countries whose approvers' group the user is in."""
    names = set(user.groups.values_list("name", flat=True))
    return [
        country.code for country in Country.objects.all() if approvers_group_name(country) in names
    ]


def can_see_dashboard(user) -> bool:
    """The Secretariat (and superusers) and each country's approvers."""
    return user.is_active and (is_secretariat(user) or bool(approved_countries(user)))


@dataclass
class Viewer:
    """Who is looking: which countries they approve, whether they see every country."""

    own: list[str]
    everything: bool

    @classmethod
    def of(cls, user) -> Viewer:
        return cls(own=approved_countries(user), everything=is_secretariat(user))

    def sees_unpublished(self, country: str) -> bool:
        return self.everything or country in self.own


def _countries() -> list[Country]:
    return list(Country.objects.order_by("sort_order", "code"))


def _live_pages() -> list[BasePage]:
    pages: list[BasePage] = []
    for model in content_models().values():
        pages.extend(model.objects.live().public().select_related("country"))
    return pages


def _unpublished_counts() -> Counter:
    """Pages per country that are not live or have changes waiting to be published."""
    counts: Counter = Counter()
    for model in content_models().values():
        for row in (
            model.objects.filter(Q(live=False) | Q(has_unpublished_changes=True))
            .values("country_id")
            .annotate(n=Count("pk"))
        ):
            counts[row["country_id"]] += row["n"]
    return counts


def pages_table(viewer: Viewer, pages: list[BasePage]) -> dict:
    """Live public pages by country × type, and drafts where the viewer may see them."""
    types = list(content_models())
    counts = Counter((page.country_id, page.content_type_code) for page in pages)
    drafts = _unpublished_counts()
    rows = []
    for country in _countries():
        cells = [counts[(country.code, code)] for code in types]
        rows.append(
            {
                "code": country.code,
                "name": country.name,
                "own": country.code in viewer.own,
                "cells": cells,
                "total": sum(cells),
                "unpublished": drafts[country.code]
                if viewer.sees_unpublished(country.code)
                else None,
            }
        )
    return {"types": [(code, str(content_type_label(code))) for code in types], "rows": rows}


def freshness_table(viewer: Viewer, pages: list[BasePage]) -> list[dict]:
    """Per country: live pages, the share verified (checked or confirmed) and overdue."""
    rows = []
    for country in _countries():
        own_pages = [page for page in pages if page.country_id == country.code]
        verified = sum(1 for page in own_pages if not page.is_compiled)
        overdue = sum(1 for page in own_pages if page.is_overdue)
        rows.append(
            {
                "code": country.code,
                "name": country.name,
                "own": country.code in viewer.own,
                "pages": len(own_pages),
                "verified": verified,
                "verified_share": percent(verified, len(own_pages)),
                "overdue": overdue,
                "overdue_share": percent(overdue, len(own_pages)),
            }
        )
    return rows


def translation_table(pages: list[BasePage]) -> list[dict]:
    """Per language: translatable fields (with English) of live public pages, by status."""
    counts: Counter = Counter()
    languages = target_languages()
    for status in field_statuses(pages=pages, languages=languages):
        counts[(status.language, status.status)] += 1
    rows = []
    for language in languages:
        translated = counts[(language, TRANSLATED)]
        outdated = counts[(language, OUTDATED)]
        missing = counts[(language, MISSING)]
        total = translated + outdated + missing
        rows.append(
            {
                "code": language,
                "name": language_name(language),
                "fields": total,
                "translated": translated,
                "outdated": outdated,
                "missing": missing,
                "translated_share": percent(translated, total),
            }
        )
    return rows


def reports_table(user, viewer: Viewer) -> list[dict]:
    """Open reader reports per country, for the countries the user handles."""
    counts = Counter(
        reports_for(user).filter(status=ProblemReport.OPEN).values_list("country_id", flat=True)
    )
    return [
        {
            "code": country.code,
            "name": country.name,
            "own": country.code in viewer.own,
            "open": counts[country.code],
        }
        for country in _countries()
        if viewer.sees_unpublished(country.code)
    ]


def _share(value: float | None) -> str:
    return _("no pages") if value is None else f"{value:g}%"


def dashboard(user) -> dict:
    """Every table and chart of the dashboard, within what `user` may see."""
    viewer = Viewer.of(user)
    pages = _live_pages()
    by_type = pages_table(viewer, pages)
    freshness = freshness_table(viewer, pages)
    translations = translation_table(pages)
    reports = reports_table(user, viewer)
    charts: dict[str, BarChart] = {
        "pages": bar_chart(
            chart_id="chart-pages",
            title=_("Published pages by country"),
            description=_("Number of live public pages per country; the table gives each type."),
            rows=[(r["name"], r["total"], str(r["total"]), r["own"]) for r in by_type["rows"]],
        ),
        "verified": bar_chart(
            chart_id="chart-verified",
            title=_("Share of published pages verified, by country"),
            description=_("Percentage of live pages checked against their source or confirmed."),
            rows=[
                (r["name"], r["verified_share"], _share(r["verified_share"]), r["own"])
                for r in freshness
            ],
            max_value=100,
        ),
        "overdue": bar_chart(
            chart_id="chart-overdue",
            title=_("Share of published pages overdue for review, by country"),
            description=_("Percentage of live pages past their review date."),
            rows=[
                (r["name"], r["overdue_share"], _share(r["overdue_share"]), r["own"])
                for r in freshness
            ],
            max_value=100,
        ),
        "translations": bar_chart(
            chart_id="chart-translations",
            title=_("Translation coverage by language"),
            description=_(
                "Percentage of translatable fields of live pages translated and current."
            ),
            rows=[
                (r["name"], r["translated_share"], _share(r["translated_share"]), False)
                for r in translations
            ],
            max_value=100,
        ),
        "reports": bar_chart(
            chart_id="chart-reports",
            title=_("Open reader reports by country"),
            description=_("Reports of a problem on a page that nobody has closed yet."),
            rows=[(r["name"], r["open"], str(r["open"]), r["own"]) for r in reports],
        ),
    }
    searches = None
    if viewer.everything:
        filters = ReportFilters()
        searches = {
            "days": filters.days,
            "top": top_queries(filters)[:QUERY_ROWS],
            "zero": zero_result_queries(filters)[:QUERY_ROWS],
        }
    return {
        "viewer": viewer,
        "pages": by_type,
        "freshness": freshness,
        "translations": translations,
        "reports": reports,
        "searches": searches,
        "charts": charts,
    }


def csv_table(name: str, data: dict) -> tuple[list[str], list[list]]:
    """One dashboard table as CSV headings and rows (what the page shows, no more)."""
    if name == "pages":
        types = data["pages"]["types"]
        headings = ["country", *[code for code, _label in types], "total", "unpublished"]
        rows = [
            [
                r["code"],
                *r["cells"],
                r["total"],
                "" if r["unpublished"] is None else r["unpublished"],
            ]
            for r in data["pages"]["rows"]
        ]
    elif name == "freshness":
        headings = ["country", "pages", "verified", "verified_pct", "overdue", "overdue_pct"]
        rows = [
            [
                r["code"],
                r["pages"],
                r["verified"],
                r["verified_share"],
                r["overdue"],
                r["overdue_share"],
            ]
            for r in data["freshness"]
        ]
    elif name == "translations":
        headings = ["language", "fields", "translated", "outdated", "missing", "translated_pct"]
        rows = [
            [
                r["code"],
                r["fields"],
                r["translated"],
                r["outdated"],
                r["missing"],
                r["translated_share"],
            ]
            for r in data["translations"]
        ]
    elif name == "reports":
        headings = ["country", "open_reports"]
        rows = [[r["code"], r["open"]] for r in data["reports"]]
    elif name in ("top_queries", "zero_queries") and data["searches"]:
        headings = ["query", "searches", "average_results", "click_through_pct"]
        key = "top" if name == "top_queries" else "zero"
        rows = [
            [r["normalised_query"], r["searches"], r["average_results"], r["click_through"]]
            for r in data["searches"][key]
        ]
    else:
        raise KeyError(name)
    return headings, [["" if cell is None else cell for cell in row] for row in rows]


CSV_TABLES = ("pages", "freshness", "translations", "reports", "top_queries", "zero_queries")
