"""Admin panels shared by the content pages."""

from __future__ import annotations

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class VerificationPanel(Panel):
    """The page's verification history and the "Mark as verified" action.

    Shown in the editor, so an approver reviewing a submission sees who checked the
    page, when, against which source, in which role.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Verification history"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "provenance/verification_panel.html"

        def get_context_data(self, parent_context=None):
            # By name: provenance reads pages, the core never imports it.
            VerificationRecord = apps.get_model("provenance", "VerificationRecord")
            context = super().get_context_data(parent_context)
            page = self.instance
            context["page"] = page
            context["records"] = (
                VerificationRecord.objects.filter(page_id=page.pk).select_related("user")
                if page.pk
                else []
            )
            context["verify_url"] = reverse("provenance_verify", args=[page.pk]) if page.pk else ""
            return context
