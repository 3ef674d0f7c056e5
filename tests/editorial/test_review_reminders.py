"""Freshness: overdue pages by country in the admin, and one reminder e-mail per editor."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from editorial.selectors import overdue_pages
from editorial.services import send_review_reminders

LONG_AGO = datetime.date.today() - relativedelta(months=13)
RECENTLY = datetime.date.today() - relativedelta(months=2)


@pytest.fixture
def overdue(make_scheme):
    return {
        "th_old": make_scheme("TH", slug="th-old", compiled_on=LONG_AGO),
        "th_older": make_scheme(
            "TH", slug="th-older", compiled_on=LONG_AGO - relativedelta(months=6)
        ),
        "th_fresh": make_scheme("TH", slug="th-fresh", compiled_on=RECENTLY),
        "th_short_interval": make_scheme(
            "TH", slug="th-monthly", compiled_on=RECENTLY, review_interval_months=1
        ),
        "my_old": make_scheme("MY", slug="my-old", compiled_on=LONG_AGO),
    }


def test_overdue_pages_follow_each_pages_review_interval(overdue):
    found = {page.slug for page in overdue_pages()}
    assert found == {"th-old", "th-older", "th-monthly", "my-old"}
    assert overdue_pages(country="TH")[0].slug == "th-older"  # longest overdue


def test_every_content_page_has_a_twelve_month_review_interval_by_default(make_scheme):
    assert make_scheme("TH").review_interval_months == 12


def test_each_editor_gets_one_email_listing_all_their_overdue_pages(overdue, make_user):
    niran = make_user("niran", "Thailand editors")
    make_user("ploy", "Thailand editors")
    aminah = make_user("aminah", "Malaysia editors")
    make_user("malee", "Thailand approvers")  # approvers are not reminded

    summary = send_review_reminders()

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["aminah@example.org", "niran@example.org", "ploy@example.org"]
    [to_niran] = [m for m in mail.outbox if m.to == [niran.email]]
    assert to_niran.subject.startswith("3 pages are due for review")
    for key in ("th_old", "th_older", "th_short_interval"):
        assert overdue[key].title in to_niran.body
    assert "my-old" not in to_niran.body
    assert f"/admin/pages/{overdue['th_old'].pk}/edit/" in to_niran.body
    [to_aminah] = [m for m in mail.outbox if m.to == [aminah.email]]
    assert overdue["my_old"].title in to_aminah.body
    assert summary.overdue == 4


def test_two_overdue_pages_make_one_email(make_scheme, make_user):
    make_scheme("TH", slug="first", compiled_on=LONG_AGO)
    make_scheme("TH", slug="second", compiled_on=LONG_AGO)
    make_user("niran", "Thailand editors")

    send_review_reminders()

    assert len(mail.outbox) == 1
    assert "SME loan first" in mail.outbox[0].body
    assert "SME loan second" in mail.outbox[0].body


def test_an_editor_of_two_countries_still_gets_one_email(overdue, make_user):
    make_user("regional", "Thailand editors", "Malaysia editors")

    send_review_reminders()

    assert len(mail.outbox) == 1
    assert overdue["my_old"].title in mail.outbox[0].body
    assert overdue["th_old"].title in mail.outbox[0].body


def test_the_command_prints_a_summary_and_names_countries_nobody_was_told_about(overdue, make_user):
    make_user("niran", "Thailand editors")
    make_user("noemail", "Malaysia editors", email="")
    out = StringIO()

    call_command("send_review_reminders", stdout=out)

    text = out.getvalue()
    assert "Sent 1 e-mail about 4 overdue pages." in text
    assert "niran@example.org: 3 overdue pages" in text
    assert "MY: 1 overdue page(s) but no editor with an e-mail address." in text
    assert len(mail.outbox) == 1


def test_a_dry_run_sends_nothing(overdue, make_user):
    make_user("niran", "Thailand editors")
    out = StringIO()

    call_command("send_review_reminders", "--dry-run", stdout=out)

    assert mail.outbox == []
    assert "Would send 1 e-mail" in out.getvalue()


def test_the_overdue_report_lists_only_the_editors_country(overdue, make_user, client):
    client.force_login(make_user("niran", "Thailand editors"))

    response = client.get(reverse("editorial:overdue"))

    html = response.content.decode()
    assert response.status_code == 200
    assert overdue["th_old"].title in html
    assert overdue["th_short_interval"].title in html
    assert overdue["th_fresh"].title not in html
    assert overdue["my_old"].title not in html


def test_the_secretariat_filters_the_overdue_report_by_country(overdue, make_user, client):
    client.force_login(make_user("sec", "ASEAN Secretariat"))

    everything = client.get(reverse("editorial:overdue")).content.decode()
    malaysia = client.get(reverse("editorial:overdue"), {"country": "MY"}).content.decode()

    assert overdue["th_old"].title in everything and overdue["my_old"].title in everything
    assert overdue["my_old"].title in malaysia
    assert overdue["th_old"].title not in malaysia


def test_the_overdue_report_exports_csv(overdue, make_user, client):
    client.force_login(make_user("sec", "ASEAN Secretariat"))

    response = client.get(reverse("editorial:overdue"), {"export": "csv"})

    content = b"".join(response.streaming_content).decode()
    assert "Review due" in content.splitlines()[0]
    assert overdue["th_older"].title in content


def test_compiled_pages_are_due_six_months_after_their_compile_date(make_scheme):
    seven_months_ago = datetime.date.today() - relativedelta(months=7)
    five_months_ago = datetime.date.today() - relativedelta(months=5)
    make_scheme("TH", slug="compiled-7", compiled_on=seven_months_ago)
    make_scheme("TH", slug="compiled-5", compiled_on=five_months_ago)

    assert {page.slug for page in overdue_pages()} == {"compiled-7"}


def test_verified_pages_are_due_twelve_months_after_their_verification(make_scheme):
    two_years_ago = datetime.date.today() - relativedelta(years=2)
    make_scheme(
        "TH",
        slug="verified-7",
        compiled_on=two_years_ago,
        verification_status="verified",
        last_verified=datetime.date.today() - relativedelta(months=7),
    )
    make_scheme(
        "TH",
        slug="verified-13",
        compiled_on=two_years_ago,
        verification_status="confirmed_by_provider",
        last_verified=LONG_AGO,
    )

    assert {page.slug for page in overdue_pages()} == {"verified-13"}


def test_the_overdue_report_lists_compiled_pages_first(make_scheme, make_user, client):
    make_scheme(
        "TH",
        slug="verified-long-ago",
        compiled_on=LONG_AGO - relativedelta(years=3),
        verification_status="verified",
        last_verified=LONG_AGO - relativedelta(years=2),
    )
    make_scheme("TH", slug="compiled-recently-due", compiled_on=LONG_AGO)
    client.force_login(make_user("sec", "ASEAN Secretariat"))

    assert [page.slug for page in overdue_pages()] == [
        "compiled-recently-due",
        "verified-long-ago",
    ]
    html = client.get(reverse("editorial:overdue")).content.decode()
    assert html.index("SME loan compiled-recently-due") < html.index("SME loan verified-long-ago")
    assert "Compiled " in html and "not yet confirmed" in html
