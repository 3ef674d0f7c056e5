"""Admin wiring: "Mark as verified", the verification log entry, the problem report inbox."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.models import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from provenance import views
from provenance.models import ProblemReport
from provenance.selectors import open_report_count, report_countries_for, reports_for
from provenance.services import VERIFY_LOG_ACTION, notify_reporter
from servicecentre.models import BasePage


@hooks.register("register_admin_urls")
def register_provenance_urls():
    return [
        path(
            "provenance/verify/<int:page_id>/",
            views.VerifyPageView.as_view(),
            name="provenance_verify",
        )
    ]


class MarkVerifiedButton(PageMenuItem):
    label = _("Mark as verified")
    icon_name = "tick"
    url_name = "provenance_verify"


@hooks.register("register_page_header_buttons")
def mark_verified_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, BasePage) and page.permissions_for_user(user).can_edit():
        yield MarkVerifiedButton(page=page, priority=66)


@hooks.register("register_log_actions")
def register_verification_log_action(actions):
    @actions.register_action(VERIFY_LOG_ACTION)
    class VerificationFormatter(LogFormatter):
        label = _("Mark as verified")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Marked %(status)s on %(date)s against %(source)s (%(role)s)") % {
                "status": data.get("status", "?"),
                "date": data.get("checked_on", "?"),
                "source": data.get("source_url", "?"),
                "role": data.get("role") or "-",
            }


# --- Problem reports -------------------------------------------------------------------


class ReportPermissionPolicy(BasePermissionPolicy):
    """Country editors and approvers see and close their own country's reports.

    Readers create reports on the site; nobody adds them in the admin, and only
    superusers delete them.
    """

    def user_has_permission(self, user, action):
        if not (user.is_active and user.is_authenticated):
            return False
        if action == "add":
            return False
        if action == "delete":
            return user.is_superuser
        countries = report_countries_for(user)
        return countries is None or bool(countries)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        countries = report_countries_for(user)
        return countries is None or instance.country_id in countries

    def instances_user_has_any_permission_for(self, user, actions):
        if not any(self.user_has_permission(user, action) for action in actions):
            return ProblemReport.objects.none()
        return reports_for(user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


register_permission_policy(ProblemReport, ReportPermissionPolicy(ProblemReport))


class ReportIndexView(IndexView):
    def get_base_queryset(self):
        return reports_for(self.request.user).order_by("status", "-created_at")


class ReportEditView(EditView):
    def get_object(self, queryset=None):
        return super().get_object(queryset=reports_for(self.request.user))

    def save_instance(self):
        was_open = ProblemReport.objects.get(pk=self.object.pk).is_open
        report = super().save_instance()
        if was_open and not report.is_open:
            report.closed_at = timezone.now()
            report.closed_by = self.request.user
            report.save(update_fields=["closed_at", "closed_by"])
            notify_reporter(report=report)
        return report


class ProblemReportViewSet(ModelViewSet):
    model = ProblemReport
    icon = "warning"
    menu_label = _("Problem reports")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "problem-reports"
    index_view_class = ReportIndexView
    edit_view_class = ReportEditView
    list_display = ["page", "country", "status", "created_at"]
    list_filter = ["status"]
    panels = [
        FieldPanel("page", read_only=True),
        FieldPanel("message", read_only=True),
        FieldPanel("email", read_only=True),
        FieldPanel("created_at", read_only=True),
        FieldPanel("status"),
        FieldPanel("reply"),
    ]


problem_reports = ProblemReportViewSet("problem_reports")


@hooks.register("register_admin_viewset")
def register_problem_reports():
    return problem_reports


class OpenReportsPanel(Component):
    template_name = "provenance/open_reports_panel.html"
    order = 150

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        return {
            "count": open_report_count(self.request.user),
            "url": reverse(problem_reports.get_url_name("index")) + "?status=open",
        }


@hooks.register("construct_homepage_panels")
def add_open_reports_panel(request, panels):
    countries = report_countries_for(request.user)
    if countries is None or countries:
        panels.append(OpenReportsPanel(request))
