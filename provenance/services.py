"""Writes of the provenance app: verification actions and readers' problem reports."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail.log_actions import log
from wagtail.models import Page

from provenance.models import ProblemReport, VerificationRecord

VERIFY_LOG_ACTION = "provenance.verify"


def user_role(user) -> str:
    """The groups a user acts in, as a named role for the record."""
    names = sorted(user.groups.values_list("name", flat=True))
    if not names and user.is_superuser:
        return "Administrator"
    return ", ".join(names)


@transaction.atomic
def mark_verified(
    *,
    page: Page,
    user,
    status: str,
    checked_on: datetime.date,
    source_url: str,
    note: str = "",
) -> VerificationRecord:
    """Record that `user` checked the page against `source_url` on `checked_on`.

    Saves a new revision of the page's latest version with the status and date, so it
    is reviewed and published like any edit; publishes it at once when the user may
    publish and the page has no other unpublished changes. Logged in the page's history.
    """
    page = page.specific
    permissions = page.permissions_for_user(user)
    if not permissions.can_edit():
        raise PermissionDenied
    publish = page.live and not page.has_unpublished_changes and permissions.can_publish()
    latest = page.get_latest_revision_as_object()
    latest.verification_status = status
    latest.last_verified = checked_on
    latest.full_clean()
    revision = latest.save_revision(user=user, log_action=False)
    record = VerificationRecord.objects.create(
        page=page,
        status=status,
        checked_on=checked_on,
        source_url=source_url,
        note=note,
        user=user,
        role=user_role(user),
        revision=revision,
    )
    log(
        instance=page,
        action=VERIFY_LOG_ACTION,
        user=user,
        revision=revision,
        data={
            "status": status,
            "checked_on": checked_on.isoformat(),
            "source_url": source_url,
            "role": record.role,
        },
    )
    if publish:
        revision.publish(user=user)
    return record


def check_verification(*, checked_on: datetime.date, compiled_on: datetime.date) -> None:
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": "A check cannot be in the future."})
    if checked_on < compiled_on:
        raise ValidationError({"checked_on": "A check cannot be before the compile date."})


# --- Problem reports ---------------------------------------------------------------


def submit_report(*, page, message: str, email: str, language: str) -> ProblemReport:
    return ProblemReport.objects.create(
        page=page,
        country_id=page.specific.country_id,
        message=message.strip(),
        email=email.strip(),
        language=language,
    )


def close_report(*, report: ProblemReport, status: str, user, reply: str = "") -> None:
    """Close a report as fixed or not a problem; tell the reader if they left an address."""
    if status == ProblemReport.OPEN:
        raise ValueError("closing needs a closed status")
    report.status = status
    report.reply = reply
    report.closed_at = timezone.now()
    report.closed_by = user
    report.save()
    notify_reporter(report=report)


def notify_reporter(*, report: ProblemReport) -> bool:
    """E-mail the reader who reported, once, in the language they reported in."""
    if report.is_open or not report.email or report.reporter_notified:
        return False
    with translation.override(report.language or None):
        context = {"report": report, "page": report.page}
        subject = render_to_string("provenance/emails/report_closed_subject.txt", context)
        body = render_to_string("provenance/emails/report_closed.txt", context)
    send_mail(" ".join(subject.split()), body, None, [report.email])
    report.reporter_notified = True
    report.save(update_fields=["reporter_notified"])
    return True
