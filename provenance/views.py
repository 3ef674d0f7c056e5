"""The public report form and the admin's "Mark as verified" action."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from provenance.forms import ProblemReportForm, VerifyForm
from provenance.services import mark_verified, submit_report
from servicecentre.models import BasePage
from servicecentre.ratelimit import client_key

REPORT_RATE = (5, 60 * 60)  # reports per client per hour


def _content_page(page_id: int) -> BasePage:
    page = get_object_or_404(Page.objects.live().specific(), pk=page_id)
    if not isinstance(page, BasePage):
        raise PermissionDenied
    return page


def _over_report_limit(request) -> bool:
    key = client_key(
        remote_addr=request.META.get("REMOTE_ADDR", ""),
        forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR", ""),
        trusted_proxies=settings.TRUSTED_PROXY_COUNT,
    )
    requests, seconds = REPORT_RATE
    cache = caches[settings.API_RATE_LIMIT_CACHE]
    cache_key = f"report-rate:{key}:{int(time.time() // seconds)}"
    cache.add(cache_key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, timeout=seconds + 1)
        count = 1
    return count > requests


@require_POST
def report_problem(request, page_id: int):
    """Take a reader's report; without JavaScript, answered by a page or a redirect."""
    page = _content_page(page_id)
    form = ProblemReportForm(request.POST, page_id=page.pk)
    if _over_report_limit(request):
        return render(
            request,
            "provenance/report_form.html",
            {"page": page, "form": form, "limited": True},
            status=429,
        )
    if not form.is_valid():
        return render(
            request, "provenance/report_form.html", {"page": page, "form": form}, status=400
        )
    if not form.is_trap:  # answered as a success, so the software learns nothing
        submit_report(
            page=page,
            message=form.cleaned_data["message"],
            email=form.cleaned_data["email"],
            language=get_language() or "",
        )
    return HttpResponseRedirect(f"{page.url}?reported=1#report-problem")


class VerifyPageView(WagtailAdminTemplateMixin, FormView):
    """Mark a page verified: who checked it, when, against which source."""

    form_class = VerifyForm
    template_name = "provenance/verify_page.html"
    page_title = _("Mark as verified")
    header_icon = "tick"

    def dispatch(self, request, *args, page_id: int, **kwargs):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not isinstance(self.page, BasePage):
            raise PermissionDenied
        if not self.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["page"] = self.page.get_latest_revision_as_object()
        return kwargs

    def get_initial(self):
        first = self.page.sources.first()
        return {"source_url": first.url if first else self.page.source_url}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["edit_url"] = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        return context

    def form_valid(self, form):
        mark_verified(page=self.page, user=self.request.user, **form.cleaned_data)
        self.page.refresh_from_db()
        if self.page.has_unpublished_changes:
            messages.success(
                self.request,
                _("Verification recorded as a new draft: submit the page for review to publish."),
            )
        else:
            messages.success(self.request, _("Verification recorded and published."))
        return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[self.page.pk]))
