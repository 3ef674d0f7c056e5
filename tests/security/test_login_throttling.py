"""Admin login locks out per account and per address; password-reset requests are throttled."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import override_settings

LOGIN = "/admin/login/"
RESET = "/admin/password_reset/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        username="aminah", email="aminah@example.org", password="right-password-1", is_staff=True
    )


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def log_in(client, username: str, password: str, address: str = "198.51.100.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_an_account_is_locked_after_repeated_failures_even_from_new_addresses(editor, client):
    for number in range(3):
        log_in(client, "aminah", "wrong", address=f"198.51.100.{number}")

    response = log_in(client, "aminah", "right-password-1", address="203.0.113.50")

    assert response.status_code == 429
    assert not signed_in(client)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_an_address_is_locked_after_repeated_failures_across_accounts(editor, client):
    for name in ("admin", "root", "editor"):
        log_in(client, name, "guess", address="198.51.100.9")

    response = log_in(client, "aminah", "right-password-1", address="198.51.100.9")

    assert response.status_code == 429
    assert not signed_in(client)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_few_failures_then_the_right_password_still_signs_in(editor, client):
    for _ in range(2):
        log_in(client, "aminah", "wrong")

    log_in(client, "aminah", "right-password-1")

    assert signed_in(client)


@override_settings(PASSWORD_RESET_RATE_LIMIT="2/3600")
def test_password_reset_requests_are_throttled_per_address(editor, client):
    statuses = [
        client.post(
            RESET, {"email": f"someone{n}@example.org"}, REMOTE_ADDR="198.51.100.7"
        ).status_code
        for n in range(3)
    ]

    assert statuses[:2] == [302, 302]
    assert statuses[2] == 429


@override_settings(PASSWORD_RESET_RATE_LIMIT="2/3600")
def test_password_reset_mails_to_one_account_are_throttled_from_any_address(editor, client):
    statuses = [
        client.post(
            RESET, {"email": "aminah@example.org"}, REMOTE_ADDR=f"198.51.100.{n}"
        ).status_code
        for n in range(4)
    ]

    assert statuses == [302, 302, 429, 429]
    assert len(mail.outbox) == 2
