"""Who checked a page against which source, and what readers say is wrong with it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from servicecentre.models import CONFIRMED_BY_PROVIDER, VERIFICATION_STATUSES, VERIFIED


class VerificationRecord(models.Model):
    """One verification action: a named person in a named role checked the page on a date.

    Kept for good (page history also logs it); the page's own status and date come
    from the revision the action saved, so review and publishing work as for any edit.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="verification_records"
    )
    status = models.CharField(
        max_length=32,
        choices=[c for c in VERIFICATION_STATUSES if c[0] in (VERIFIED, CONFIRMED_BY_PROVIDER)],
    )
    checked_on = models.DateField(_("checked on"))
    source_url = models.URLField(_("checked against"), max_length=500)
    note = models.TextField(_("note"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(
        _("role"), max_length=255, blank=True, help_text=_("The user's groups at the time.")
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("verification record")

    def __str__(self) -> str:
        return f"{self.page_id} {self.status} {self.checked_on}"


class ProblemReport(models.Model):
    """A reader's report that something on a page is wrong."""

    OPEN = "open"
    FIXED = "fixed"
    NOT_A_PROBLEM = "not_a_problem"
    STATUSES = [
        (OPEN, _("Open")),
        (FIXED, _("Fixed")),
        (NOT_A_PROBLEM, _("Not a problem")),
    ]

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="problem_reports"
    )
    country = models.ForeignKey("servicecentre.Country", on_delete=models.PROTECT, related_name="+")
    message = models.TextField(_("what is wrong"), max_length=4000)
    email = models.EmailField(_("reporter's e-mail"), blank=True)
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=STATUSES, default=OPEN)
    reply = models.TextField(
        _("reply to the reporter"),
        blank=True,
        help_text=_("Sent by e-mail when the report is closed, if the reader left an address."),
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reporter_notified = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("problem report")

    def __str__(self) -> str:
        return f"{self.page} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.OPEN
