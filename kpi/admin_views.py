"""The dashboard in the Wagtail admin, and its tables as CSV."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from analytics.export import to_csv
from kpi.dashboard import CSV_TABLES, can_see_dashboard, csv_table, dashboard


class DashboardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "kpi/dashboard.html"
    page_title = _("Directory dashboard")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        table = request.GET.get("csv")
        if table is None:
            return super().get(request, *args, **kwargs)
        try:
            if table not in CSV_TABLES:
                raise KeyError(table)
            headings, rows = csv_table(table, dashboard(request.user))
        except KeyError:
            return HttpResponseBadRequest(
                f"csv: use one of {', '.join(CSV_TABLES)} (search tables: the Secretariat only)",
                content_type="text/plain; charset=utf-8",
            )
        response = HttpResponse(to_csv(headings, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="dashboard-{table}.csv"'
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **dashboard(self.request.user)}
