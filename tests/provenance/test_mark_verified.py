"""Marking a page verified records who checked it, when and against which source."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from provenance.models import VerificationRecord
from provenance.services import VERIFY_LOG_ACTION

pytestmark = pytest.mark.django_db

SOURCE = "https://example.org/programme/terms#rates"


def verify(client, page, **changes):
    data = {
        "status": "verified",
        "checked_on": timezone.localdate().isoformat(),
        "source_url": SOURCE,
        "note": "Rates and amounts compared with the terms page.",
        **changes,
    }
    return client.post(reverse("provenance_verify", args=[page.pk]), data)


def test_an_editors_verification_is_recorded_and_waits_for_review(client, make_page, make_user):
    page = make_page("financing_scheme")
    editor = make_user("somchai", "Thailand editors")
    client.force_login(editor)

    response = verify(client, page)

    assert response.status_code == 302
    record = VerificationRecord.objects.get(page=page)
    assert (record.user, record.role, record.source_url, record.status) == (
        editor,
        "Thailand editors",
        SOURCE,
        "verified",
    )
    page.refresh_from_db()
    assert page.verification_status == "compiled"  # live page unchanged until approved
    draft = page.get_latest_revision_as_object()
    assert (draft.verification_status, draft.last_verified) == ("verified", record.checked_on)
    assert PageLogEntry.objects.filter(page=page, action=VERIFY_LOG_ACTION).exists()


def test_the_approver_sees_who_verified_the_page_in_the_editor(client, make_page, make_user):
    page = make_page("incubator")
    client.force_login(make_user("somchai", "Thailand editors"))
    verify(client, page)
    client.force_login(make_user("malee", "Thailand approvers"))

    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()

    assert "Verification history" in html
    assert "somchai" in html and "Thailand editors" in html
    assert SOURCE.replace("&", "&amp;") in html


def test_an_approvers_verification_is_published_at_once(client, make_page, make_user):
    page = make_page("market_guide")
    client.force_login(make_user("malee", "Thailand approvers"))

    verify(client, page, status="confirmed_by_provider")

    page.refresh_from_db()
    assert (page.verification_status, page.last_verified) == (
        "confirmed_by_provider",
        timezone.localdate(),
    )
    html = client.get(page.url).content.decode()
    assert "Confirmed by the provider on" in html


def test_a_verification_cannot_be_dated_in_the_future(client, make_page, make_user):
    page = make_page("market_guide")
    client.force_login(make_user("malee", "Thailand approvers"))

    response = verify(
        client, page, checked_on=(timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    )

    assert response.status_code == 200
    assert "A check cannot be in the future." in response.content.decode()
    assert not VerificationRecord.objects.exists()


def test_another_countrys_editor_cannot_verify_the_page(client, make_page, make_user):
    page = make_page("market_guide")
    client.force_login(make_user("aminah", "Malaysia editors"))

    response = verify(client, page)

    assert response.status_code == 302  # the admin turns "permission denied" into a redirect
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not VerificationRecord.objects.exists()


def test_a_compiled_page_cannot_carry_a_verification_date(make_page):
    from django.core.exceptions import ValidationError

    page = make_page("market_guide")
    page.last_verified = timezone.localdate()

    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "last_verified" in error.value.message_dict


def test_the_editor_offers_mark_as_verified(client, make_page, make_user):
    page = make_page("incubator")
    client.force_login(make_user("somchai", "Thailand editors"))

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    form = client.get(reverse("provenance_verify", args=[page.pk]))

    assert reverse("provenance_verify", args=[page.pk]) in edit
    assert form.status_code == 200
    assert 'value="https://example.org/programme/terms"' in form.content.decode()


def test_a_verified_page_exports_and_imports_unchanged(client, make_page, make_user, tmp_path):
    import json
    from io import StringIO

    from django.core.management import call_command

    page = make_page("market_guide")
    client.force_login(make_user("malee", "Thailand approvers"))
    verify(client, page)
    out = StringIO()
    call_command("export_content", "--type", "market_guide", stdout=out)
    [record] = [json.loads(line) for line in out.getvalue().splitlines()]
    path = tmp_path / "guides.jsonl"
    path.write_text(out.getvalue(), encoding="utf-8")
    summary = StringIO()

    call_command("import_content", str(path), stdout=summary, stderr=StringIO())

    assert record["verification_status"] == "verified"
    assert record["last_verified"] == timezone.localdate().isoformat()
    assert record["compiled_on"] == "2026-11-25"
    assert "0 updated, 1 unchanged" in summary.getvalue()
