"""The whole alert journey against the real Elasticsearch node and a real SMTP server."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import timezone

from alerts.models import Delivery, Message, Subscription
from alerts.tasks import drain_alerts
from search.tasks import drain_queue

from ..search.conftest import make_page
from .conftest import link_after, path_of, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def searchable(site, es_client):
    """An empty index, rebuilt from the test database; `index()` applies queued syncs."""
    from search.indexing import rebuild

    rebuild()

    def index() -> None:
        drain_queue()
        es_client.indices.refresh(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content")

    return index


@pytest.fixture
def later():
    """What the worker would have run `seconds` from now (the publish delay, retries)."""

    def run(seconds: int = 20) -> int:
        return drain_alerts(until=timezone.now() + timezone.timedelta(seconds=seconds))

    return run


def publish_scheme(external_id: str, title: str, *, country: str = "MY") -> object:
    return make_page(
        kind="financing_scheme",
        country=country,
        external_id=external_id,
        title={"en": title},
        summary={"en": f"{title}: working capital for small firms"},
        supports=["loan"],
    )


def subscribe_from_page(client, query: str, email: str, frequency: str = "immediately"):
    response = client.post(f"/en/alerts/new/?{query}", {"email": email, "frequency": frequency})
    assert response.status_code == 200
    assert b"Check your inbox" in response.content
    return response


def test_subscribe_confirm_publish_unsubscribe(
    client, smtp_sink, searchable, later, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe_from_page(client, "q=loan&country=MY", "Reader@Example.org")
    later()
    [confirmation] = smtp_sink.messages()
    assert confirmation["To"] == "reader@example.org"
    confirm_url = link_after(text_of(confirmation), "/alerts/confirm/")

    # Nothing is sent before confirmation, even when a matching page is published.
    with django_capture_on_commit_callbacks(execute=True):
        publish_scheme("my-early-loan", "Early loan")
    searchable()
    later()
    assert len(smtp_sink.messages()) == 1

    # The link asks; the button confirms.
    assert client.get(path_of(confirm_url)).status_code == 200
    assert Subscription.objects.get().confirmed_at is None
    response = client.post(path_of(confirm_url))
    assert b"Subscription confirmed" in response.content
    assert Subscription.objects.get().active

    with django_capture_on_commit_callbacks(execute=True):
        publish_scheme("my-growth-loan", "Growth loan")
        publish_scheme("th-other-loan", "Other loan", country="TH")  # does not match
    searchable()
    with django_capture_on_commit_callbacks(execute=True):
        later()
    later()
    messages = smtp_sink.messages()
    assert len(messages) == 2
    alert = messages[1]
    body = text_of(alert)
    assert "Growth loan" in body
    assert "Other loan" not in body
    assert "Early loan" not in body  # published before confirmation
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = "".join(alert["List-Unsubscribe"].split()).strip("<>")
    assert link_after(body, "/alerts/unsubscribe/") == unsubscribe_url
    assert "/alerts/manage/" in body
    assert alert.get_body(preferencelist=("html",)) is not None

    # Running the matching again sends nothing new: the change was delivered.
    with django_capture_on_commit_callbacks(execute=True):
        from alerts.services import run_matching

        run_matching(frequency="immediately")
    later()
    assert len(smtp_sink.messages()) == 2

    # One-click unsubscribe, as a mail client does it (RFC 8058).
    response = client.post(path_of(unsubscribe_url), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.get().active

    with django_capture_on_commit_callbacks(execute=True):
        publish_scheme("my-third-loan", "Third loan")
    searchable()
    with django_capture_on_commit_callbacks(execute=True):
        later()
    later()
    assert len(smtp_sink.messages()) == 2


def test_the_mail_server_down_during_a_run_delivers_once_it_is_back(
    client, smtp_sink, searchable, later, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe_from_page(client, "country=MY", "owner@example.org")
    later()
    confirm_url = link_after(text_of(smtp_sink.messages()[0]), "/alerts/confirm/")
    client.post(path_of(confirm_url))

    smtp_sink.stop()
    with django_capture_on_commit_callbacks(execute=True):
        publish_scheme("my-outage-grant", "Outage grant")
    searchable()
    with django_capture_on_commit_callbacks(execute=True):
        later()  # matches and writes the message
    later()  # fails to send, and the retries within 20 seconds fail: a retry is queued
    message = Message.objects.get(purpose=Message.Purpose.ALERT)
    assert message.sent_at is None
    assert message.attempts >= 1 and message.last_error

    smtp_sink.start()
    with django_capture_on_commit_callbacks(execute=True):
        later(seconds=600)  # the next retry, once the server is back
        from alerts.services import run_matching

        run_matching(frequency="immediately")  # a later run finds nothing new to tell
    later()
    later()
    alerts = [m for m in smtp_sink.messages() if "Outage grant" in text_of(m)]
    assert len(alerts) == 1
    assert Delivery.objects.count() == 1
    message.refresh_from_db()
    assert message.sent_at is not None


def test_subscribing_twice_sends_one_confirmation_and_one_alert(
    client, smtp_sink, searchable, later, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe_from_page(client, "q=loan", "twice@example.org")
        subscribe_from_page(client, "q=loan", "TWICE@example.org ")
    later()
    assert Subscription.objects.count() == 1
    confirm_url = link_after(text_of(smtp_sink.messages()[-1]), "/alerts/confirm/")
    client.post(path_of(confirm_url))
    # Asking again once confirmed changes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        subscribe_from_page(client, "q=loan", "twice@example.org", frequency="weekly")
    later()
    sent = len(smtp_sink.messages())
    assert Subscription.objects.get().frequency == "immediately"

    with django_capture_on_commit_callbacks(execute=True):
        publish_scheme("my-twice-loan", "Twice loan")
    searchable()
    with django_capture_on_commit_callbacks(execute=True):
        later()
    later()
    assert len(smtp_sink.messages()) == sent + 1


def test_many_publishes_queue_one_match(site, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            publish_scheme(f"my-batch-{number}", f"Batch loan {number}")
    queued = DBTaskResult.objects.filter(
        backend_name="alerts", task_path="alerts.tasks.match_alerts_task"
    )
    assert queued.count() == 1


def test_opening_an_unsubscribe_link_does_not_unsubscribe(client, site):
    from alerts.tokens import UNSUBSCRIBE, make_token

    subscription = Subscription.objects.create(
        email="a@example.org", query="q=loan", confirmed_at=timezone.now()
    )
    url = f"/en/alerts/unsubscribe/{make_token(subscription, UNSUBSCRIBE)}/"
    assert client.get(url).status_code == 200  # link checkers and previews only GET
    subscription.refresh_from_db()
    assert subscription.active
    assert client.post(url).status_code == 200
    subscription.refresh_from_db()
    assert not subscription.active


def test_a_daily_subscriber_gets_one_digest_from_the_daily_run_only(
    client, smtp_sink, searchable, later, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        subscribe_from_page(client, "country=MY", "daily@example.org", frequency="daily")
    later()
    client.post(path_of(link_after(text_of(smtp_sink.messages()[0]), "/alerts/confirm/")))

    with django_capture_on_commit_callbacks(execute=True):
        publish_scheme("my-daily-one", "Daily one")
        publish_scheme("my-daily-two", "Daily two")
    searchable()
    with django_capture_on_commit_callbacks(execute=True):
        later()  # the publish-triggered run is for "immediately" subscribers only
    later()
    assert len(smtp_sink.messages()) == 1

    for _day in range(2):  # cron, twice: the second run finds nothing new
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_alerts", "daily", verbosity=0)
            later()
        later()
    [digest] = smtp_sink.messages()[1:]
    assert "Daily one" in text_of(digest) and "Daily two" in text_of(digest)
    assert digest["Subject"] == "2 new results for your search"
