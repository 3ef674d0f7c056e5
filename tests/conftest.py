"""Shared fixtures: the real Elasticsearch node, isolated per run, and the site's skeleton."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from elastic_transport import ConnectionError as TransportConnectionError
from elasticsearch import Elasticsearch

# Long enough for a node that `make elasticsearch` has just started to turn yellow.
ELASTICSEARCH_WAIT_SECONDS = float(os.environ.get("ELASTICSEARCH_WAIT_SECONDS", "30"))


def delete_indexes_with_prefix(*, client: Elasticsearch, prefix: str) -> list[str]:
    """Delete every index and index template whose name starts with `prefix`; return the indexes."""
    # Elasticsearch 8 refuses wildcard deletes (action.destructive_requires_name), so
    # resolve the names first; deleting an index also removes its aliases.
    pattern = f"{prefix}*"
    indexes = sorted(client.indices.get(index=pattern, expand_wildcards="all"))
    if indexes:
        client.indices.delete(index=",".join(indexes), ignore_unavailable=True)
    templates = (
        client.options(ignore_status=404)
        .indices.get_index_template(name=pattern)
        .get("index_templates", [])
    )
    for template in templates:
        client.indices.delete_index_template(name=template["name"])
    return indexes


@pytest.fixture(scope="session", autouse=True)
def search_index_prefix() -> Iterator[str]:
    """Give this run an index prefix of its own and delete its indexes at the end.

    Test settings default the prefix to "test-servicecentre"; the pid and a random
    suffix keep concurrent runs on one node (several developers, xdist workers)
    from seeing or deleting each other's indexes.
    """
    base_prefix = settings.ELASTICSEARCH_INDEX_PREFIX
    prefix = f"{base_prefix}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    yield prefix
    settings.ELASTICSEARCH_INDEX_PREFIX = base_prefix
    if not url:
        return
    client = Elasticsearch(url, request_timeout=30)
    try:
        delete_indexes_with_prefix(client=client, prefix=prefix)
    except TransportConnectionError:
        pass  # the node is gone, and its indexes with it
    except Exception as exc:  # report it, but never mask the run's own result
        print(f"\nCould not delete the test indexes {prefix}* on {url}: {exc}")
    finally:
        client.close()


@pytest.fixture(scope="session")
def es_client(search_index_prefix: str) -> Elasticsearch:
    """The application's client, once the real node answers green or yellow.

    Fails (never skips) when the node is missing: the integration tests are part
    of the suite, and a skipped suite looks like a passing one in CI.
    """
    from search.client import get_client

    url = settings.ELASTICSEARCH_URL
    if not url:
        pytest.fail(
            "ELASTICSEARCH_URL is empty; the integration tests need a node (make elasticsearch)"
        )
    client = get_client()
    deadline = time.monotonic() + ELASTICSEARCH_WAIT_SECONDS
    problem = "no answer"
    while True:
        try:
            # Cluster health, not ping: this build answers 405 to GET /.
            health = client.options(request_timeout=10).cluster.health(
                wait_for_status="yellow", timeout="5s"
            )
            if health.get("status") in ("green", "yellow"):
                return client
            problem = f"cluster status {health.get('status')!r}"
        except Exception as exc:  # connection refused, timeout, HTTP error: keep waiting
            problem = f"{type(exc).__name__}: {exc}"
        if time.monotonic() >= deadline:
            pytest.fail(
                f"Elasticsearch is not reachable at {url} after {ELASTICSEARCH_WAIT_SECONDS:.0f}s "
                f"({problem}); run `make elasticsearch`",
                pytrace=False,
            )
        time.sleep(1)


@pytest.fixture
def site(db):
    """The site's skeleton as `setup_site` makes it: taxonomy, home page, hubs and sections."""
    from servicecentre.services import ensure_site_structure

    return ensure_site_structure()


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """Requests activate their language for the thread; give the next test English."""
    yield
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _closed_search_breakers():
    """A test that made the node fail must not send the next one to the database."""
    yield
    from search.client import reset_breakers

    reset_breakers()


@pytest.fixture(autouse=True)
def _fresh_facet_values():
    """Each test's database has its own taxonomy; forget labels cached by the last one."""
    from search.facets import clear_values_cache

    clear_values_cache()


@pytest.fixture
def make_user(db):
    """A factory of users in editorial groups (the groups must exist: setup_roles())."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    def make(username: str, *groups: str, email: str | None = None, superuser: bool = False):
        user = get_user_model().objects.create_user(
            username=username,
            email=f"{username}@example.org" if email is None else email,
            password="pw",
            is_superuser=superuser,
            is_staff=superuser,
        )
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make


@pytest.fixture
def rebuilt(es_client):
    """Rebuild the index from the test database; returns a function to call again."""
    from search.indexing import rebuild

    def run():
        report = rebuild()
        es_client.indices.refresh(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content")
        return report

    return run
