"""The search page and /healthz are throttled like the API; counts are shared and honest."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import override_settings

WINDOW_START = 1_800_000_000.0


@pytest.fixture
def clock(monkeypatch):
    fake = SimpleNamespace(now=WINDOW_START + 15)
    monkeypatch.setattr("servicecentre.ratelimit.time", SimpleNamespace(time=lambda: fake.now))
    return fake


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@override_settings(PAGE_RATE_LIMIT="3/60")
def test_the_html_search_page_answers_429_past_its_rate(client, site, clock):
    statuses = [client.get("/en/search/", {"q": "loan"}).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = client.get("/th/search/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 45


@override_settings(PAGE_RATE_LIMIT="2/60")
def test_the_health_check_answers_429_past_its_rate(client, db, clock):
    statuses = [client.get("/healthz").status_code for _ in range(3)]

    assert statuses[2] == 429
    clock.now += 60
    assert client.get("/healthz").status_code != 429


@override_settings(PAGE_RATE_LIMIT="2/60", API_RATE_LIMIT="2/60")
def test_the_pages_and_the_api_have_separate_budgets(client, site, clock):
    for _ in range(2):
        client.get("/en/search/")

    assert client.get("/api/v1/msme-size/definitions/").status_code == 200


@override_settings(PAGE_RATE_LIMIT="2/60", TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=["10.0.0.5"])
def test_forwarded_addresses_count_only_from_a_trusted_proxy(client, db, clock):
    # From an address that is not a configured proxy, X-Forwarded-For is the client's
    # own say: a fresh value per request buys nothing.
    for number in range(2):
        client.get("/healthz", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    forged = client.get("/healthz", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert forged.status_code == 429

    proxied = client.get("/healthz", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert proxied.status_code != 429


@override_settings(PAGE_RATE_LIMIT="3/60", RATE_LIMIT_STORE="database")
def test_the_database_store_shares_counts_beyond_one_process_memory(client, db, clock):
    for _ in range(3):
        client.get("/healthz")
        cache.clear()  # what another process would see: nothing in this one's memory

    assert client.get("/healthz").status_code == 429


@override_settings(PAGE_RATE_LIMIT="3/60", RATE_LIMIT_STORE="database")
def test_the_database_store_counts_every_concurrent_request(transactional_db, clock):
    """Threads at once: an atomic upsert loses no increment (a get + set would)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from servicecentre.ratelimit import Rate, seconds_to_wait

    def hit(_):
        try:
            return seconds_to_wait(key="203.0.113.1", rate=Rate(50, 60), now=WINDOW_START)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        waits = list(pool.map(hit, range(60)))

    assert waits.count(0) == 50


@override_settings(PAGE_RATE_LIMIT="2/60")
def test_a_directory_page_shares_the_search_pages_budget(client, site, clock):
    from servicecentre.models import DirectoryPage

    directory = DirectoryPage.objects.live().first()
    client.get("/en/search/")
    client.get("/en/search/")

    assert client.get(directory.url).status_code == 429
