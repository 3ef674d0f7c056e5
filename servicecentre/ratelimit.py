"""Per-client rate limits: a fixed window counted in a shared store.

Three budgets, each per client: the JSON API (every path under API_RATE_LIMIT_PATHS,
``/api/``, so new endpoints are covered without touching their views), the pages that
cost work whoever asks (the HTML search page and ``/healthz``: PAGE_RATE_LIMIT), and
password-reset requests (PASSWORD_RESET_RATE_LIMIT, counted per address and per e-mail
address asked for). Over a limit the answer is 429 with ``Retry-After`` (seconds until
the window ends).

Counts live in Django's cache (RATE_LIMIT_STORE = "cache": atomic on Redis and
Memcached, per process in LocMemCache) or in a database table updated with one atomic
upsert (RATE_LIMIT_STORE = "database", production's default: shared by every process
without another server).
"""

from __future__ import annotations

import ipaddress
import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from time import sleep

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from servicecentre.uploads import declared_body_size

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rate:
    requests: int
    seconds: int


def parse_rate(value: str) -> Rate | None:
    """Parse "120/60" (requests per seconds); an empty value means no limit."""
    if not value:
        return None
    try:
        requests, seconds = (int(part) for part in value.split("/"))
    except ValueError:
        raise ImproperlyConfigured(
            f"API_RATE_LIMIT must look like '120/60' (requests/seconds), not {value!r}"
        ) from None
    if requests < 1 or seconds < 1:
        raise ImproperlyConfigured(f"API_RATE_LIMIT needs positive numbers, not {value!r}")
    return Rate(requests=requests, seconds=seconds)


def _is_trusted(address: str, trusted: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for network in trusted:
        try:
            if ip in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {network!r} is not an address") from None
    return False


def client_address(
    *, remote_addr: str, forwarded_for: str, trusted_proxies: int, trusted: list[str] | None = None
) -> str:
    """The client's address as the nearest trusted proxy saw it.

    X-Forwarded-For is read only when the connection comes from one of the TRUSTED_PROXIES
    and `trusted_proxies` proxies are known to append to it: the entry they appended is
    the client's; anything further left is the client's own say and could be forged.
    """
    if trusted_proxies > 0 and _is_trusted(remote_addr, trusted or []):
        hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
        if len(hops) >= trusted_proxies:
            return hops[-trusted_proxies]
    return remote_addr


def client_key(
    *, remote_addr: str, forwarded_for: str, trusted_proxies: int, trusted: list[str] | None = None
) -> str:
    """The key a client is counted under: its address, IPv6 clients per /64.

    A subscriber usually holds a /64, so hopping addresses inside it buys no fresh budget.
    """
    address = client_address(
        remote_addr=remote_addr,
        forwarded_for=forwarded_for,
        trusted_proxies=trusted_proxies,
        trusted=trusted,
    )
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))
    return str(ip)


def request_client_address(request: HttpRequest) -> str:
    """The client address of a request under the proxy settings (also used by django-axes)."""
    return client_address(
        remote_addr=request.META.get("REMOTE_ADDR", ""),
        forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR", ""),
        trusted_proxies=settings.TRUSTED_PROXY_COUNT,
        trusted=settings.TRUSTED_PROXIES,
    )


def request_client_key(request: HttpRequest) -> str:
    return client_key(
        remote_addr=request.META.get("REMOTE_ADDR", ""),
        forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR", ""),
        trusted_proxies=settings.TRUSTED_PROXY_COUNT,
        trusted=settings.TRUSTED_PROXIES,
    )


def _count_in_cache(cache_key: str, seconds: int) -> int:
    cache = caches[settings.API_RATE_LIMIT_CACHE]
    # add + incr is atomic on Redis and Memcached, and under a lock in LocMemCache.
    cache.add(cache_key, 0, timeout=seconds + 1)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr: start again, atomically
        cache.add(cache_key, 0, timeout=seconds + 1)
        return cache.incr(cache_key)


def _count_in_database(cache_key: str, expires: float) -> int:
    """One atomic upsert (PostgreSQL and SQLite 3.35+), shared by every process.

    SQLite answers "locked" at once to a concurrent writer in some modes: try again briefly.
    """
    for attempt in range(20):
        try:
            return _upsert_count(cache_key, expires)
        except OperationalError as error:
            if "locked" not in str(error) or attempt == 19:
                raise
            sleep(0.005 * (attempt + 1))
    raise AssertionError("unreachable")


def _upsert_count(cache_key: str, expires: float) -> int:
    # By name: the models import this module (DirectoryPage.serve throttles).
    table = connection.ops.quote_name(
        apps.get_model("servicecentre", "RateLimitCounter")._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, count, expires) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT (key) DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [cache_key[:200], expires],
        )
        count = cursor.fetchone()[0]
        if count == 1:  # a new window: forget the ones that ended
            cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [time.time()])  # noqa: S608
    return count


def seconds_to_wait(*, key: str, rate: Rate, now: float, budget: str = "api") -> int:
    """Count a request for `key`; 0 if within the rate, else seconds until the window ends."""
    window = int(now // rate.seconds)
    cache_key = f"{budget}-rate:{key}:{window}"
    try:
        if settings.RATE_LIMIT_STORE == "database":
            count = _count_in_database(cache_key, (window + 1) * rate.seconds + 1)
        else:
            count = _count_in_cache(cache_key, rate.seconds)
    except DatabaseError as error:  # the store is down: serve rather than refuse everyone
        logger.warning("Rate limit store unavailable, not counting: %r", error)
        return 0
    if count <= rate.requests:
        return 0
    return max(1, math.ceil((window + 1) * rate.seconds - now))


def too_many_requests(wait: int) -> JsonResponse:
    """The 429 answer, shaped like the API's other errors."""
    response = JsonResponse(
        {
            "error": {
                "message": _("Too many requests; try again in %(seconds)d seconds.")
                % {"seconds": wait}
            }
        },
        status=429,
    )
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response


def _matches(path: str, patterns: list[str]) -> bool:
    return any(re.search(pattern, path) for pattern in patterns)


class RateLimitMiddleware:
    """Answer 429 to a client past its budget: the API, the costly pages, password reset."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        wait = self.wait(request)
        if not wait:
            return self.get_response(request)
        if request.path.startswith(tuple(settings.API_RATE_LIMIT_PATHS)):
            return too_many_requests(wait)
        return too_many_requests_text(wait)

    def wait(self, request: HttpRequest) -> int:
        path, now = request.path, time.time()
        if request.path.startswith(tuple(settings.API_RATE_LIMIT_PATHS)):
            rate = parse_rate(settings.API_RATE_LIMIT)
            if rate:
                return seconds_to_wait(key=request_client_key(request), rate=rate, now=now)
            return 0
        if _matches(path, settings.PAGE_RATE_LIMIT_PATHS):
            rate = parse_rate(settings.PAGE_RATE_LIMIT)
            if rate:
                key = request_client_key(request)
                return seconds_to_wait(key=key, rate=rate, now=now, budget="page")
            return 0
        if request.method == "POST" and _matches(path, settings.PASSWORD_RESET_PATHS):
            rate = parse_rate(settings.PASSWORD_RESET_RATE_LIMIT)
            if not rate:
                return 0
            # Per address and per account asked for: neither many addresses nor many
            # accounts buy more reset mails.
            # The form is read only when small: PublicBodyLimitMiddleware (after this one)
            # refuses a big body, and reading it here first would defeat that.
            small = 0 < declared_body_size(request) <= 64 * 1024
            email = request.POST.get("email", "").strip().lower()[:200] if small else ""
            keys = [("reset-ip", request_client_key(request)), ("reset-email", email)]
            return max(
                seconds_to_wait(key=key, rate=rate, now=now, budget=budget)
                for budget, key in keys
                if key
            )
        return 0


def throttle_page(request: HttpRequest) -> HttpResponse | None:
    """The 429 answer when a client is past PAGE_RATE_LIMIT, else None (and counts this one).

    For pages the middleware cannot tell by their path: a directory page serves a search.
    """
    rate = parse_rate(settings.PAGE_RATE_LIMIT)
    if rate is None:
        return None
    wait = seconds_to_wait(
        key=request_client_key(request), rate=rate, now=time.time(), budget="page"
    )
    return too_many_requests_text(wait) if wait else None


def too_many_requests_text(wait: int) -> HttpResponse:
    """The 429 answer of a page: plain text."""
    response = HttpResponse(
        _("Too many requests; try again in %(seconds)d seconds.") % {"seconds": wait},
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response


# The name this middleware had when it limited the API only.
ApiRateLimitMiddleware = RateLimitMiddleware
