"""Sign-up rules: the API, double opt-in, tokens, limits, no address ever shown."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from alerts import tokens
from alerts.models import Message, Subscription

pytestmark = pytest.mark.django_db


def post_api(client, query: str, body: dict, **extra):
    return client.post(
        f"/api/v1/alerts/?{query}", json.dumps(body), content_type="application/json", **extra
    )


def test_the_api_accepts_a_search_and_queues_one_confirmation(client, site):
    response = post_api(
        client, "q=loan&country=MY&country=TH", {"email": "a@example.org"} | {"frequency": "weekly"}
    )
    assert response.status_code == 202
    assert response.json()["status"] == "confirmation_sent"
    subscription = Subscription.objects.get()
    assert subscription.query == "q=loan&country=MY&country=TH"
    assert subscription.frequency == "weekly"
    assert subscription.confirmed_at is None
    assert list(Message.objects.values_list("purpose", flat=True)) == ["confirm"]


@pytest.mark.parametrize(
    ("query", "body", "parameter"),
    [
        ("country=XX", {"email": "a@example.org", "frequency": "daily"}, "country"),
        ("", {"email": "not-an-address", "frequency": "daily"}, "email"),
        ("", {"email": "a@example.org", "frequency": "hourly"}, "frequency"),
        ("", {"email": "a@example.org", "frequency": "daily", "lang": "xx"}, "lang"),
    ],
)
def test_the_api_names_the_bad_parameter(client, site, query, body, parameter):
    response = post_api(client, query, body)
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == parameter
    assert not Subscription.objects.exists()


def test_the_api_refuses_a_body_that_is_not_json(client, site):
    response = client.post("/api/v1/alerts/", "{", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "body"


def test_the_api_answers_get_with_405(client):
    assert client.get("/api/v1/alerts/").status_code == 405


@override_settings(ALERT_SUBSCRIBE_RATE_LIMIT="2/3600", RATE_LIMIT_STORE="cache")
def test_sign_ups_are_limited_per_address_and_per_client(client, site):
    from django.core.cache import cache

    cache.clear()
    body = {"email": "victim@example.org", "frequency": "daily"}
    assert post_api(client, "q=a", body).status_code == 202
    assert post_api(client, "q=b", body).status_code == 202
    # Another client, same address: the address's budget is spent.
    assert post_api(client, "q=c", body, REMOTE_ADDR="10.0.0.9").status_code == 429
    # Same client, other addresses: the client's budget is spent.
    other = {"email": "other@example.org", "frequency": "daily"}
    response = post_api(client, "q=d", other)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Subscription.objects.count() == 2


def test_tokens_are_single_purpose(site):
    subscription = Subscription.objects.create(email="a@example.org", query="q=loan")
    manage = tokens.make_token(subscription, tokens.MANAGE)
    assert tokens.read_token(manage, tokens.MANAGE) == subscription
    assert tokens.read_token(manage, tokens.CONFIRM) is None
    assert tokens.read_token(manage, tokens.UNSUBSCRIBE) is None
    assert tokens.read_token(manage + "x", tokens.MANAGE) is None
    assert "example.org" not in manage


def test_a_confirmation_link_does_not_work_as_an_unsubscribe_or_manage_link(client, site):
    subscription = Subscription.objects.create(email="a@example.org", query="q=loan")
    confirm = tokens.make_token(subscription, tokens.CONFIRM)
    assert client.get(f"/en/alerts/manage/{confirm}/").status_code == 404
    assert client.get(f"/en/alerts/unsubscribe/{confirm}/").status_code == 404
    assert client.post(f"/en/alerts/confirm/{confirm}/").status_code == 200
    subscription.refresh_from_db()
    assert subscription.active


def test_links_stop_working_after_unsubscribing(client, site):
    subscription = Subscription.objects.create(email="a@example.org", query="q=loan")
    client.post(f"/en/alerts/confirm/{tokens.make_token(subscription, tokens.CONFIRM)}/")
    manage = tokens.make_token(subscription, tokens.MANAGE)
    unsubscribe = tokens.make_token(subscription, tokens.UNSUBSCRIBE)
    assert client.get(f"/en/alerts/manage/{manage}/").status_code == 200
    assert client.post(f"/en/alerts/unsubscribe/{unsubscribe}/").status_code == 200
    assert client.get(f"/en/alerts/manage/{manage}/").status_code == 404


def test_no_page_shows_the_address(client, site):
    client.post("/en/alerts/new/?q=loan", {"email": "hidden@example.org", "frequency": "daily"})
    subscription = Subscription.objects.get()
    subscription.confirmed_at = subscription.created_at
    subscription.save()
    pages = [
        client.get(f"/en/alerts/confirm/{tokens.make_token(subscription, tokens.CONFIRM)}/"),
        client.get(f"/en/alerts/manage/{tokens.make_token(subscription, tokens.MANAGE)}/"),
        client.get(
            f"/en/alerts/unsubscribe/{tokens.make_token(subscription, tokens.UNSUBSCRIBE)}/"
        ),
    ]
    for page in pages:
        assert page.status_code == 200
        assert b"hidden@example.org" not in page.content
        assert page["Cache-Control"] == "no-store"


def test_the_manage_page_changes_the_frequency(client, site):
    subscription = Subscription.objects.create(
        email="a@example.org", query="q=loan", frequency="daily"
    )
    client.post(f"/en/alerts/confirm/{tokens.make_token(subscription, tokens.CONFIRM)}/")
    manage = tokens.make_token(subscription, tokens.MANAGE)
    response = client.post(f"/en/alerts/manage/{manage}/", {"frequency": "weekly"})
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.frequency == "weekly"


def test_the_search_page_links_to_alerts_for_the_same_search(client, site):
    response = client.get("/en/search/?q=loan&country=MY")
    assert b'href="/en/alerts/new/?q=loan&amp;country=MY"' in response.content
    form = client.get("/en/alerts/new/?q=loan&country=MY")
    assert form.status_code == 200
    assert "‘loan’" in form.content.decode()


def test_the_api_refuses_deeply_nested_json_with_400(client, site):
    response = client.post("/api/v1/alerts/", "[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "body"


def test_a_search_too_long_to_save_is_refused_by_name_not_with_a_server_error(client, site):
    # Each "&" of the words is three characters saved; a Thai letter nine.
    body = {"email": "a@example.org", "frequency": "daily"}
    response = post_api(client, "q=" + "%26" * 1000, body)
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "q"
    page = client.post("/en/alerts/new/?q=" + "ก" * 400, body)
    assert page.status_code == 200
    assert b"too long to save" in page.content
    assert not Subscription.objects.exists()


def test_a_page_id_past_the_integer_range_is_not_found(client, site):
    assert client.get("/en/alerts/remind/999999999999999999999999999999/").status_code == 404


def test_an_old_unsubscribe_link_after_subscribing_again_says_so_and_changes_nothing(client, site):
    subscription = Subscription.objects.create(email="a@example.org", query="q=loan")
    client.post(f"/en/alerts/confirm/{tokens.make_token(subscription, tokens.CONFIRM)}/")
    old_link = f"/en/alerts/unsubscribe/{tokens.make_token(subscription, tokens.UNSUBSCRIBE)}/"
    assert b"You are unsubscribed" in client.post(old_link).content
    # The same one-click POST again (mail clients retry): the same answer.
    assert b"You are unsubscribed" in client.post(old_link).content

    # Subscribed and confirmed again: the old link must not pretend to stop the new one.
    client.post("/en/alerts/new/?q=loan", {"email": "a@example.org", "frequency": "daily"})
    subscription.refresh_from_db()
    client.post(f"/en/alerts/confirm/{tokens.make_token(subscription, tokens.CONFIRM)}/")
    subscription.refresh_from_db()
    assert subscription.active
    answer = client.post(old_link)
    assert answer.status_code == 200
    assert b"not valid any more" in answer.content
    assert b"You are unsubscribed" not in answer.content
    subscription.refresh_from_db()
    assert subscription.active
    # A token nobody signed is simply not found.
    assert client.post("/en/alerts/unsubscribe/forged/").status_code == 404
