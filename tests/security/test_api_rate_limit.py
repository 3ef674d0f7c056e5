"""Past its rate a client gets 429 with Retry-After from the whole API, and a new budget later."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from servicecentre.ratelimit import Rate, client_key, parse_rate

# A window boundary: 1_800_000_000 is a multiple of 60.
WINDOW_START = 1_800_000_000.0
DEFINITIONS = "/api/v1/msme-size/definitions/"


@pytest.fixture
def clock(monkeypatch):
    """The limiter's clock, 15 s into a 60 s window; tests move it by setting `.now`."""
    fake = SimpleNamespace(now=WINDOW_START + 15)
    monkeypatch.setattr("servicecentre.ratelimit.time", SimpleNamespace(time=lambda: fake.now))
    return fake


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def get(client, url: str = DEFINITIONS, **extra):
    return client.get(url, **extra)


@override_settings(API_RATE_LIMIT="3/60")
def test_requests_over_the_limit_get_429_with_retry_after(client, db, clock):
    assert [get(client).status_code for _ in range(3)] == [200, 200, 200]

    refused = get(client)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"  # the window ends 45 s later
    assert refused["Content-Type"] == "application/json"
    assert "45 seconds" in json.loads(refused.content)["error"]["message"]


@override_settings(API_RATE_LIMIT="3/60")
def test_the_limit_resets_when_the_window_ends(client, db, clock):
    for _ in range(4):
        get(client)
    clock.now = WINDOW_START + 59.5
    assert get(client)["Retry-After"] == "1"  # never 0: "retry now" would just be refused

    clock.now = WINDOW_START + 60

    assert [get(client).status_code for _ in range(3)] == [200, 200, 200]
    assert get(client).status_code == 429


@override_settings(API_RATE_LIMIT="4/60")
def test_every_api_endpoint_draws_on_one_budget(client, db, clock):
    urls = [
        "/api/v1/search/suggest/?q=",
        "/api/v1/search/?lang=xx",
        "/api/v1/msme-size/?country=MY",
        DEFINITIONS,
    ]
    assert all(get(client, url).status_code < 429 for url in urls)

    for url in [*urls, "/api/v1/not-an-endpoint/"]:
        assert get(client, url).status_code == 429, url


@override_settings(API_RATE_LIMIT="2/60")
def test_each_client_address_has_its_own_budget(client, db, clock):
    for _ in range(3):
        get(client, REMOTE_ADDR="198.51.100.1")

    assert get(client, REMOTE_ADDR="198.51.100.1").status_code == 429
    assert get(client, REMOTE_ADDR="198.51.100.2").status_code == 200


@override_settings(API_RATE_LIMIT="2/60", TRUSTED_PROXY_COUNT=0)
def test_a_forged_forwarded_for_buys_no_fresh_budget_without_a_trusted_proxy(client, db, clock):
    for number in range(2):
        get(client, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")

    assert get(client, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


@override_settings(API_RATE_LIMIT="2/60", TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_clients_are_counted_by_the_address_it_appended(client, db, clock):
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    for _ in range(2):
        get(client, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    # Whatever the client itself wrote further left is not trusted.
    assert get(client, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7", **proxy).status_code == 429
    assert get(client, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 200


@override_settings(API_RATE_LIMIT="2/60")
def test_ipv6_clients_are_counted_per_64_block(client, db, clock):
    get(client, REMOTE_ADDR="2001:db8:1:2::1")
    get(client, REMOTE_ADDR="2001:db8:1:2::ffff")

    assert get(client, REMOTE_ADDR="2001:db8:1:2:abcd::9").status_code == 429
    assert get(client, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


@override_settings(API_RATE_LIMIT="1/60")
def test_pages_outside_the_api_are_not_limited(client, site, clock):
    get(client)
    assert get(client).status_code == 429

    assert client.get("/en/msme-size/").status_code == 200
    assert client.get("/en/search/").status_code == 200


@override_settings(API_RATE_LIMIT="")
def test_an_empty_rate_turns_the_limit_off(client, db, clock):
    assert {get(client).status_code for _ in range(30)} == {200}


def test_rates_parse_as_requests_per_seconds():
    assert parse_rate("120/60") == Rate(requests=120, seconds=60)
    assert parse_rate("") is None
    for bad in ("120", "120/0", "a/60", "1/2/3", "-1/60"):
        with pytest.raises(ImproperlyConfigured):
            parse_rate(bad)


def test_client_keys_fold_ipv4_mapped_addresses_and_survive_garbage():
    assert client_key(remote_addr="::ffff:192.0.2.1", forwarded_for="", trusted_proxies=0) == (
        "192.0.2.1"
    )
    assert client_key(remote_addr="", forwarded_for="", trusted_proxies=0) == "unknown"
    assert client_key(remote_addr="x" * 500, forwarded_for="", trusted_proxies=0) == "x" * 64
    # Fewer hops than trusted proxies: the header is not what the proxies would write.
    assert (
        client_key(
            remote_addr="10.0.0.5", forwarded_for="", trusted_proxies=2, trusted=["10.0.0.5"]
        )
        == "10.0.0.5"
    )
