"""Readers report problems on a page; the country's editors handle them in the admin."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.cache import caches
from django.urls import reverse

from provenance.forms import REPORT_TOKEN_SALT, report_token
from provenance.models import ProblemReport
from provenance.services import close_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    caches["default"].clear()
    yield
    caches["default"].clear()


def report(client, page, **changes):
    data = {
        "message": "The maximum amount changed last month.",
        "email": "reader@example.org",
        "website": "",
        "token": report_token(page.pk),
        **changes,
    }
    return client.post(reverse("provenance_public:report", args=[page.pk]), data)


def test_every_content_page_offers_the_report_form(client, make_page):
    page = make_page("registration_guide")

    html = client.get(page.url).content.decode()

    assert "Is something wrong on this page?" in html
    assert 'name="token"' in html and 'name="website"' in html


def test_a_readers_report_lands_with_the_pages_country(client, make_page):
    page = make_page("financing_scheme")

    response = report(client, page)

    assert response.status_code == 302
    assert response["Location"].endswith("?reported=1#report-problem")
    saved = ProblemReport.objects.get()
    assert (saved.page_id, saved.country_id, saved.status, saved.email) == (
        page.pk,
        "TH",
        "open",
        "reader@example.org",
    )
    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you." in thanks


def test_the_honeypot_is_thanked_but_not_kept(client, make_page):
    page = make_page("financing_scheme")

    response = report(client, page, website="http://spam.example/")

    assert response.status_code == 302
    assert not ProblemReport.objects.exists()


def test_a_forged_or_expired_token_is_refused(client, make_page):
    page = make_page("financing_scheme")
    other = make_page("incubator")
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 5 * 3600):
        old = signing.TimestampSigner(salt=REPORT_TOKEN_SALT).sign(str(page.pk))

    assert report(client, page, token="forged").status_code == 400
    assert report(client, page, token=report_token(other.pk)).status_code == 400
    expired = report(client, page, token=old)
    assert expired.status_code == 400
    assert "The form was open too long." in expired.content.decode()
    assert not ProblemReport.objects.exists()


def test_a_client_may_send_five_reports_an_hour(client, make_page):
    page = make_page("financing_scheme")

    statuses = [report(client, page).status_code for _ in range(6)]

    assert statuses == [302] * 5 + [429]
    assert ProblemReport.objects.count() == 5


def test_editors_see_only_their_own_countrys_reports(client, make_page, make_user):
    thai = make_page("financing_scheme")
    regional = make_page("fta_guide")
    report(client, thai, message="Thai page problem")
    report(client, regional, message="Regional page problem")
    thai_report = ProblemReport.objects.get(page=thai)

    client.force_login(make_user("somchai", "Thailand editors"))
    inbox = client.get(reverse("problem_reports:index")).content.decode()
    assert thai.title in inbox and regional.title not in inbox

    client.force_login(make_user("aminah", "Malaysia editors"))
    inbox = client.get(reverse("problem_reports:index")).content.decode()
    assert thai.title not in inbox
    edit = client.get(reverse("problem_reports:edit", args=[thai_report.pk]))
    assert edit.status_code != 200  # not found for them (the admin then redirects)

    client.force_login(make_user("sec", "ASEAN Secretariat"))
    inbox = client.get(reverse("problem_reports:index")).content.decode()
    assert thai.title in inbox and regional.title in inbox


def test_closing_a_report_emails_the_reader(client, make_page, make_user):
    page = make_page("financing_scheme")
    report(client, page)
    saved = ProblemReport.objects.get()
    client.force_login(make_user("somchai", "Thailand editors"))

    response = client.post(
        reverse("problem_reports:edit", args=[saved.pk]),
        {"status": "fixed", "reply": "Corrected the maximum amount."},
    )

    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.status, saved.closed_by.username) == ("fixed", "somchai")
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "Corrected the maximum amount." in message.body
    assert "The editors have corrected the page." in message.body


def test_a_report_without_an_address_is_closed_silently(client, make_page, make_user):
    page = make_page("financing_scheme")
    report(client, page, email="")
    user = make_user("somchai", "Thailand editors")

    close_report(report=ProblemReport.objects.get(), status="not_a_problem", user=user)

    assert mail.outbox == []


def test_the_dashboard_counts_open_reports_of_the_editors_country(client, make_page, make_user):
    page = make_page("financing_scheme")
    report(client, page)
    report(client, page, message="Another problem")

    client.force_login(make_user("somchai", "Thailand editors"))
    thai = client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(make_user("aminah", "Malaysia editors"))
    malaysian = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "2 open reports" in thai
    assert "0 open reports" in malaysian
