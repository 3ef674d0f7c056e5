"""Per-client rate limit of the public JSON API: a fixed window counted in Django's cache.

Every path under API_RATE_LIMIT_PATHS (``/api/``) shares one budget per client, so
new endpoints are covered without touching their views. Over the limit the answer is
429 with a JSON error and ``Retry-After`` (seconds until the window ends).
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


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


def client_key(*, remote_addr: str, forwarded_for: str, trusted_proxies: int) -> str:
    """The address a client is counted under.

    X-Forwarded-For is read only when `trusted_proxies` proxies are known to append to
    it: the entry they appended is the client's, anything further left is the client's
    own say and could be forged. IPv6 clients count per /64, the block one subscriber
    usually holds, so hopping addresses inside it does not buy a fresh budget.
    """
    address = remote_addr
    if trusted_proxies > 0:
        hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
        if len(hops) >= trusted_proxies:
            address = hops[-trusted_proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))
    return str(ip)


def seconds_to_wait(*, key: str, rate: Rate, now: float) -> int:
    """Count a request for `key`; 0 if within the rate, else seconds until the window ends."""
    window = int(now // rate.seconds)
    cache = caches[settings.API_RATE_LIMIT_CACHE]
    cache_key = f"api-rate:{key}:{window}"
    # add + incr is atomic on Redis and Memcached, and under a lock in LocMemCache.
    cache.add(cache_key, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=rate.seconds + 1)
        count = 1
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


class ApiRateLimitMiddleware:
    """Answer 429 to a client that exceeds API_RATE_LIMIT on the API's paths."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rate = parse_rate(settings.API_RATE_LIMIT)
        if rate is not None and request.path.startswith(tuple(settings.API_RATE_LIMIT_PATHS)):
            key = client_key(
                remote_addr=request.META.get("REMOTE_ADDR", ""),
                forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR", ""),
                trusted_proxies=settings.TRUSTED_PROXY_COUNT,
            )
            wait = seconds_to_wait(key=key, rate=rate, now=time.time())
            if wait:
                return too_many_requests(wait)
        return self.get_response(request)
