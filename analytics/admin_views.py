"""The "Search terms" report in Wagtail's admin: top, zero-result and unopened queries."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from analytics.export import to_csv
from analytics.forms import ReportFilterForm
from analytics.selectors import MAX_ROWS, REPORTS, overview, report_rows
from editorial.roles import is_secretariat

SECTIONS = {
    "top": {
        "title": _("Top queries"),
        "help": _(
            "The most frequent searches, with how many results they found on average "
            "and the share of searches from which a reader opened a result."
        ),
        "columns": ("query", "searches", "average_results", "clicks", "click_through"),
    },
    "zero": {
        "title": _("Queries that found nothing"),
        "help": _("Candidates for a synonym, a best bet or missing content."),
        "columns": ("query", "searches", "last_searched"),
    },
    "no_clicks": {
        "title": _("Queries whose results nobody opens"),
        "help": _(
            "They found results, but no reader opened any of them: the results may "
            "not be what was meant."
        ),
        "columns": ("query", "searches", "average_results", "last_searched"),
    },
}
HEADINGS = {
    "query": _("Query"),
    "searches": _("Searches"),
    "average_results": _("Average results"),
    "clicks": _("Clicks"),
    "click_through": _("Click-through (%)"),
    "last_searched": _("Last searched"),
}


def can_see_search_terms(user) -> bool:
    """The Secretariat and superusers: the report covers every country's readers."""
    return user.is_active and is_secretariat(user)


class SearchTermsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "analytics/search_terms.html"
    page_title = _("Search terms")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_search_terms(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") in REPORTS:
            return self.export(request.GET["export"])
        return super().get(request, *args, **kwargs)

    def _filters(self):
        form = ReportFilterForm(self.request.GET or None)
        return form, form.report_filters()

    def export(self, report: str) -> HttpResponse:
        _form, filters = self._filters()
        columns = SECTIONS[report]["columns"]
        rows = report_rows(report, filters)
        data = to_csv(
            [str(HEADINGS[column]) for column in columns],
            ([_cell(row, column) for column in columns] for row in rows),
        )
        name = "-".join(
            part
            for part in (
                "search-terms",
                report.replace("_", "-"),
                filters.language,
                filters.country.lower(),
                f"{filters.days}d",
                f"{timezone.localdate():%Y%m%d}",
            )
            if part
        )
        response = HttpResponse(data, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, filters = self._filters()
        query = {"days": filters.days, "language": filters.language, "country": filters.country}
        sections = []
        for report in REPORTS:
            section = SECTIONS[report]
            rows = report_rows(report, filters)
            sections.append(
                {
                    "key": report,
                    "title": section["title"],
                    "help": section["help"],
                    "headings": [HEADINGS[column] for column in section["columns"]],
                    "rows": [[_cell(row, column) for column in section["columns"]] for row in rows],
                    "truncated": len(rows) >= MAX_ROWS,
                    "export_url": "?" + urlencode({**query, "export": report}),
                }
            )
        context.update(form=form, sections=sections, max_rows=MAX_ROWS, overview=overview(filters))
        return context


def _cell(row: dict, column: str):
    if column == "query":
        return row["normalised_query"]
    if column == "last_searched":
        return timezone.localtime(row["last_searched"]).strftime("%Y-%m-%d %H:%M")
    return row[column]
