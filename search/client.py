"""The Elasticsearch connection, configured from settings, and its circuit breaker.

A stopped node fails at once, but a hung or black-holed one would cost every search,
suggestion and health check the full timeout. So connecting gives up after
ELASTICSEARCH_CONNECT_TIMEOUT (well under a second), and after
SEARCH_BREAKER_FAILURES consecutive failures the breaker opens: callers answer from the
database at once for SEARCH_BREAKER_COOLDOWN seconds, then one request probes the node
(the others keep to the database meanwhile); its success closes the breaker, its failure
opens it for another cool-down. The state is per process, which is enough: each process
pays for at most a few timeouts per cool-down.
"""

from __future__ import annotations

import functools
import threading
import time

import urllib3
from django.conf import settings
from elastic_transport import ApiError, TransportError, Urllib3HttpNode
from elastic_transport.client_utils import DEFAULT
from elasticsearch import Elasticsearch


class _QuickConnectNode(Urllib3HttpNode):
    """urllib3's node with a short connect timeout beside the request (read) timeout."""

    def __init__(self, config):
        super().__init__(config)
        self.pool.timeout = _timeout(config.request_timeout)

    def perform_request(self, method, target, body=None, headers=None, request_timeout=DEFAULT):
        if isinstance(request_timeout, (int, float)):
            request_timeout = _timeout(request_timeout)
        return super().perform_request(
            method, target, body=body, headers=headers, request_timeout=request_timeout
        )


def _timeout(read: float | None) -> urllib3.Timeout:
    connect = settings.ELASTICSEARCH_CONNECT_TIMEOUT
    return urllib3.Timeout(connect=min(connect, read) if read else connect, read=read)


@functools.lru_cache(maxsize=4)
def _client_for(url: str, timeout: float) -> Elasticsearch:
    # No retries on timeout: a search falls back to the database instead of waiting.
    return Elasticsearch(
        url,
        request_timeout=timeout,
        max_retries=1,
        retry_on_timeout=False,
        node_class=_QuickConnectNode,
    )


def get_client() -> Elasticsearch | None:
    """The client for ELASTICSEARCH_URL, or None when Elasticsearch is disabled."""
    if not settings.ELASTICSEARCH_URL:
        return None
    return _client_for(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)


def alias_name() -> str:
    """The alias every search reads, named from ELASTICSEARCH_INDEX_PREFIX."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content"


def is_node_failure(error: BaseException) -> bool:
    """Whether an error says the node is unwell (unreachable, timing out, 5xx), not the query."""
    if isinstance(error, ApiError):
        return error.meta.status >= 500
    return isinstance(error, (TransportError, OSError))


class CircuitBreaker:
    """Closed → (N failures) → open for a cool-down → one probe → closed or open again."""

    def __init__(self):
        self._lock = threading.Lock()
        self.failures = 0
        self.open_until = 0.0
        self.probing = False

    def allow(self) -> bool:
        """Whether a call may go to the node now; at most one at a time once it has failed."""
        with self._lock:
            if self.failures < settings.SEARCH_BREAKER_FAILURES:
                return True
            if self.probing or time.monotonic() < self.open_until:
                return False
            self.probing = True  # this caller is the probe
            return True

    def succeeded(self) -> None:
        with self._lock:
            self.failures, self.probing, self.open_until = 0, False, 0.0

    def failed(self, error: BaseException | None = None) -> None:
        """Count a failure. An error that is the query's (a 4xx) means the node answered."""
        if error is not None and not is_node_failure(error):
            self.succeeded()
            return
        with self._lock:
            self.failures += 1
            self.probing = False
            if self.failures >= settings.SEARCH_BREAKER_FAILURES:
                self.open_until = time.monotonic() + settings.SEARCH_BREAKER_COOLDOWN

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self.failures >= settings.SEARCH_BREAKER_FAILURES

    def reset(self) -> None:
        self.succeeded()


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def get_breaker() -> CircuitBreaker:
    """The breaker of the node at ELASTICSEARCH_URL (one per URL, per process)."""
    url = settings.ELASTICSEARCH_URL
    with _breakers_lock:
        return _breakers.setdefault(url, CircuitBreaker())


def reset_breakers() -> None:
    """Close every breaker (tests; an operator's shell after fixing the node)."""
    with _breakers_lock:
        for breaker in _breakers.values():
            breaker.reset()


def is_available() -> bool:
    """True when the node answers and the cluster is at least yellow.

    Goes through the breaker: while it is open the answer is "no" at once.
    """
    client = get_client()
    breaker = get_breaker()
    if client is None or not breaker.allow():
        return False
    try:
        health = client.options(request_timeout=2).cluster.health()
    except Exception as error:  # any transport or HTTP error means "not available"
        breaker.failed(error)
        return False
    breaker.succeeded()
    return health.get("status") in ("green", "yellow")
