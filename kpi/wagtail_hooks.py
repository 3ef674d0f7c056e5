"""Admin wiring: the dashboard under Reports; KPIs and their values as snippets."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from kpi.admin_views import DashboardView
from kpi.dashboard import can_see_dashboard
from kpi.models import Indicator, KpiValue


@hooks.register("register_admin_urls")
def register_dashboard_url():
    return [path("dashboard/", DashboardView.as_view(), name="kpi_dashboard")]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_dashboard(request.user)


@hooks.register("register_reports_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(
        _("Directory dashboard"),
        reverse("kpi_dashboard"),
        name="directory-dashboard",
        icon_name="table",
        order=1100,
    )


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "table"
    menu_label = _("KPIs")
    list_display = ["name", "goal", "unit", "wdi_code", "baseline_year"]
    list_filter = ["goal"]


class KpiValueViewSet(SnippetViewSet):
    model = KpiValue
    icon = "table"
    menu_label = _("KPI values")
    list_display = ["indicator", "country", "year", "value", "source"]
    list_filter = ["indicator", "country", "year"]


class KpiViewSetGroup(SnippetViewSetGroup):
    items = (IndicatorViewSet, KpiValueViewSet)
    menu_icon = "table"
    menu_label = _("KPIs")
    menu_order = 310


register_snippet(KpiViewSetGroup)
