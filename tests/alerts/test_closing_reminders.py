"""Closing reminders for one scheme: double opt-in, one e-mail 14 and 3 days before."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from alerts import deadlines
from alerts.services import run_reminders
from alerts.tasks import drain_alerts

from ..search.conftest import make_page
from .conftest import link_after, path_of, text_of

pytestmark = pytest.mark.django_db

CLOSES_ON = datetime.date(2027, 3, 31)


def scheme_closing(external_id: str, closes_on=CLOSES_ON):
    page = make_page(
        kind="financing_scheme",
        country="TH",
        external_id=external_id,
        title={"en": "Round two grant", "th": "ทุนรอบที่สอง"},
        summary={"en": "A grant round"},
    )
    page.open_all_year = False
    page.opens_on = closes_on - datetime.timedelta(days=60)
    page.closes_on = closes_on
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def drain() -> int:
    return drain_alerts(until=timezone.now() + datetime.timedelta(seconds=20))


@pytest.mark.parametrize(
    ("days_before", "due"),
    [(15, None), (14, 14), (10, 14), (4, 14), (3, 3), (1, 3), (0, 3), (-1, None)],
)
def test_the_reminder_due_on_each_day_before_closing(days_before, due):
    class Scheme:
        open_all_year = False
        closes_on = CLOSES_ON

    on = CLOSES_ON - datetime.timedelta(days=days_before)
    assert deadlines.reminder_due(Scheme(), on=on) == due


def test_a_scheme_open_all_year_has_no_reminder():
    class Scheme:
        open_all_year = True
        closes_on = CLOSES_ON

    assert deadlines.reminder_due(Scheme(), on=CLOSES_ON) is None


def test_a_reader_gets_one_reminder_14_days_and_one_3_days_before_in_their_language(
    client, site, smtp_sink, django_capture_on_commit_callbacks
):
    scheme = scheme_closing("th-round-two")
    page = client.get(scheme.get_url().replace("/en/", "/th/", 1))
    assert f"/th/alerts/remind/{scheme.pk}/".encode() in page.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/th/alerts/remind/{scheme.pk}/", {"email": "owner@example.org"})
    assert response.status_code == 200
    drain()
    [confirmation] = smtp_sink.messages()
    assert confirmation["Content-Language"] == "th"
    assert "ทุนรอบที่สอง" in text_of(confirmation)

    # Nothing before confirmation.
    with django_capture_on_commit_callbacks(execute=True):
        run_reminders(on=CLOSES_ON - datetime.timedelta(days=14))
    drain()
    assert len(smtp_sink.messages()) == 1

    confirm = link_after(text_of(confirmation), "/alerts/confirm/")
    client.post(path_of(confirm))

    for days_before in (20, 14, 13, 10, 4, 3, 2, 0, -1):
        with django_capture_on_commit_callbacks(execute=True):
            run_reminders(on=CLOSES_ON - datetime.timedelta(days=days_before))
        drain()
    reminders = smtp_sink.messages()[1:]
    assert len(reminders) == 2
    first, second = (text_of(m) for m in reminders)
    assert "14" in first and "ทุนรอบที่สอง" in first
    assert "3" in second
    assert all(m["List-Unsubscribe"] for m in reminders)


def test_a_scheme_already_closed_offers_no_reminder(client, site):
    scheme = scheme_closing(
        "th-closed-round", closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    page = client.get(scheme.get_url())
    assert b"/alerts/remind/" not in page.content


def test_a_scheme_made_private_gets_no_reminder_and_its_title_stays_hidden(
    client, site, smtp_sink, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    from alerts import tokens
    from alerts.models import Subscription

    scheme = scheme_closing("th-private-round")
    subscription = Subscription.objects.create(
        email="owner@example.org",
        kind=Subscription.Kind.REMINDER,
        page=scheme.page_ptr,
        frequency="",
        confirmed_at=timezone.now(),
    )
    manage_url = f"/en/alerts/manage/{tokens.make_token(subscription, tokens.MANAGE)}/"
    assert b"Round two grant" in client.get(manage_url).content  # public: named
    fourteen_days_before = CLOSES_ON - datetime.timedelta(days=14)
    # Queued while public, made private before the worker sends it: not sent.
    with django_capture_on_commit_callbacks(execute=True):
        assert run_reminders(on=fourteen_days_before) == 1
    PageViewRestriction.objects.create(
        page=scheme, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    drain()
    assert smtp_sink.messages() == []
    # Private: nothing more is queued either.
    with django_capture_on_commit_callbacks(execute=True):
        assert run_reminders(on=CLOSES_ON - datetime.timedelta(days=3)) == 0
    drain()
    assert smtp_sink.messages() == []
    manage = client.get(manage_url)
    assert manage.status_code == 200
    assert b"Round two grant" not in manage.content
