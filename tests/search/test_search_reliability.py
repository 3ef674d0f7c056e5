"""Search survives a hung node: a real loopback server that accepts connections, reads, and
never answers. After a few failures the database answers at once, then one probe."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.test import override_settings

from search import client as search_client

TIMEOUT = 2.0  # the hung node's request timeout in these tests
FAST = 1.0  # an answer that did not wait for the node


class HungNode:
    """Accepts every connection, reads what is sent, never answers."""

    def __init__(self):
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.connections: list[socket.socket] = []
        self.accepted = 0
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.server.settimeout(0.1)
        while not self.stopped.is_set():
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.accepted += 1
            self.connections.append(connection)
            threading.Thread(target=self._read, args=(connection,), daemon=True).start()

    def _read(self, connection: socket.socket) -> None:
        try:
            while not self.stopped.is_set() and connection.recv(65536):
                pass
        except OSError:
            pass

    def stop(self) -> None:
        self.stopped.set()
        for connection in self.connections:
            connection.close()
        self.server.close()


@pytest.fixture
def hung_node() -> Iterator[HungNode]:
    node = HungNode()
    # A request timeout of 2 s keeps the test short; production's is 5 s.
    with override_settings(
        ELASTICSEARCH_URL=node.url,
        ELASTICSEARCH_TIMEOUT=TIMEOUT,
        SEARCH_BREAKER_FAILURES=2,
        SEARCH_BREAKER_COOLDOWN=30,
        PAGE_RATE_LIMIT="",
    ):
        yield node
    node.stop()


@pytest.fixture
def clock(monkeypatch):
    """The breaker's clock, moved by tests past the cool-down."""
    fake = SimpleNamespace(now=time.monotonic())
    monkeypatch.setattr(search_client.time, "monotonic", lambda: fake.now)
    return fake


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def test_searches_answer_from_the_database_at_once_after_a_few_timeouts(hung_node, client, site):
    first, response = timed(lambda: client.get("/api/v1/search/", {"q": "loan"}))
    assert response.status_code == 200
    assert response.json()["backend"] == "database"
    assert first >= TIMEOUT  # the first searches wait for the timeout...
    client.get("/api/v1/search/", {"q": "loan"})
    accepted = hung_node.accepted

    seconds, response = timed(lambda: client.get("/api/v1/search/", {"q": "grant"}))

    assert response.status_code == 200
    assert response.json()["backend"] == "database"
    assert seconds < FAST  # ...then the breaker is open: no wait, no connection
    assert hung_node.accepted == accepted


def test_the_html_page_suggest_and_health_check_skip_a_hung_node_while_the_breaker_is_open(
    hung_node, client, site
):
    for _ in range(2):
        client.get("/api/v1/search/", {"q": "loan"})
    accepted = hung_node.accepted

    page_seconds, page = timed(lambda: client.get("/en/search/", {"q": "loan"}))
    suggest_seconds, suggest = timed(lambda: client.get("/api/v1/search/suggest/", {"q": "lo"}))
    health_seconds, health = timed(lambda: client.get("/healthz"))

    assert page.status_code == 200 and page_seconds < FAST
    assert suggest.status_code == 200 and suggest_seconds < FAST
    assert health.status_code == 200 and health_seconds < FAST
    assert health.json()["search"] == "degraded"
    assert hung_node.accepted == accepted


def test_after_the_cool_down_one_request_probes_and_a_failed_probe_reopens(
    hung_node, client, site, clock
):
    for _ in range(2):
        client.get("/api/v1/search/", {"q": "loan"})
    accepted = hung_node.accepted
    clock.now += 31

    probe_seconds, _ = timed(lambda: client.get("/api/v1/search/", {"q": "loan"}))
    after_seconds, _ = timed(lambda: client.get("/api/v1/search/", {"q": "loan"}))

    assert hung_node.accepted == accepted + 1  # one probe reached the node
    assert probe_seconds >= TIMEOUT
    assert after_seconds < FAST  # the failed probe opened the breaker again


def test_a_successful_probe_closes_the_breaker(es_client, client, site, clock, settings):
    settings.SEARCH_BREAKER_FAILURES = 2
    breaker = search_client.get_breaker()
    breaker.failed()
    breaker.failed()
    assert client.get("/api/v1/search/").json()["backend"] == "database"
    clock.now += settings.SEARCH_BREAKER_COOLDOWN + 1

    probe = client.get("/api/v1/search/")

    assert probe.status_code == 200
    assert not breaker.is_open
    assert breaker.allow()


def test_connecting_gives_up_well_under_a_second_when_the_node_never_accepts(site):
    """A listener whose backlog is full drops new connection attempts, as a black hole does."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    url = f"http://127.0.0.1:{server.getsockname()[1]}"
    fillers = []
    try:
        for _ in range(8):  # fill the accept queue; later handshakes get no answer
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            filler.connect_ex(server.getsockname())
            fillers.append(filler)
        time.sleep(0.2)
        with override_settings(ELASTICSEARCH_URL=url, ELASTICSEARCH_TIMEOUT=5.0):
            seconds, available = timed(search_client.is_available)
    finally:
        for filler in fillers:
            filler.close()
        server.close()

    assert available is False
    assert seconds < 1.5  # not the 2 s health-check timeout, nor the 5 s search timeout


# --- The index queue: failures, permanent errors, a worker killed mid-task -------------

CLOSED_PORT = "http://127.0.0.1:9"


def search_tasks():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(backend_name="search")


def publish_scheme(slug: str):
    from .conftest import make_page

    return make_page(
        kind="financing_scheme",
        country="TH",
        external_id=slug,
        title={"en": "Working capital loan"},
        summary={"en": "Loans for small firms."},
    )


def test_a_sync_that_fails_is_recorded_as_failed_and_retried_later(site, settings):
    from search.tasks import drain_queue, sync_page_task

    page = publish_scheme("th-retry-loan")
    search_tasks().delete()
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    sync_page_task.enqueue(page.pk, 0, None)

    drain_queue(max_tasks=1)

    failed = search_tasks().get(status="FAILED")
    assert failed.exception_class_path == "search.tasks.SyncRetryScheduled"
    retry = search_tasks().get(status="READY")
    assert retry.args_kwargs["args"] == [page.pk, 1, None]
    assert not search_tasks().filter(status="SUCCESSFUL").exists()


def test_a_mapping_error_is_not_retried_and_search_index_status_reports_it(
    site, es_client, settings
):
    from io import StringIO

    from django.core.management import call_command

    from search.client import alias_name
    from search.tasks import drain_queue, sync_page_task

    page = publish_scheme("th-strict-loan")
    search_tasks().delete()
    # A live index that refuses every field: the node answers 400 for the document itself.
    es_client.indices.create(
        index=f"{alias_name()}-strict",
        mappings={"dynamic": "strict", "properties": {}},
        aliases={alias_name(): {}},
    )
    sync_page_task.enqueue(page.pk, 0, None)

    drain_queue()

    failed = search_tasks().get()
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "search.tasks.PermanentSyncError"
    assert not search_tasks().filter(status="READY").exists()  # no retry
    out = StringIO()
    call_command("search_index", "status", stdout=out)
    assert "failed for good: 1 (not retried)" in out.getvalue()
    assert "strict_dynamic_mapping_exception" in out.getvalue()
    # ... and the admin's dashboard says so to superusers.
    from django.contrib.auth import get_user_model
    from django.test import Client

    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "pw"))
    dashboard = admin.get("/admin/").content.decode()
    assert "failed for good: 1" in dashboard
    assert "strict_dynamic_mapping_exception" in dashboard


SETUP_SCRIPT = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
import datetime
from finance_directory.models import FinancingSchemePage
from servicecentre.services import country_hub, ensure_site_structure
from search.indexing import rebuild
ensure_site_structure()
rebuild()  # the live index the sync will write to
page = FinancingSchemePage(
    title="Loan of a killed worker", slug="killed-worker", external_id="th-killed-worker",
    country_id="TH", summary="Loans.", source_url="https://example.org/source",
    compiled_on=datetime.date(2026, 11, 1),
)
country_hub("TH").add_child(instance=page)
page.save_revision().publish()  # queues one index sync (no transaction: at once)
"""


def test_a_sync_left_running_by_a_sigkilled_worker_is_reclaimed_and_completed(
    es_client, tmp_path, search_index_prefix
):
    import signal
    import sqlite3
    import subprocess
    import sys

    from django.conf import settings as django_settings

    database = tmp_path / "worker.sqlite3"
    env = {
        **{k: v for k, v in __import__("os").environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "servicecentre.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "ELASTICSEARCH_INDEX_PREFIX": search_index_prefix,
        "PYTHONWARNINGS": "ignore",
    }
    manage = [sys.executable, str(django_settings.BASE_DIR / "manage.py")]
    setup = subprocess.run(
        [sys.executable, "-c", SETUP_SCRIPT],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert setup.returncode == 0, setup.stderr

    def task_rows():
        with sqlite3.connect(database) as connection:
            return connection.execute(
                "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult "
                "WHERE backend_name = 'search' ORDER BY enqueued_at"
            ).fetchall()

    assert task_rows() == [("READY", "")]

    # The worker takes the sync and hangs on a node that never answers; then it is killed.
    node = HungNode()
    worker = subprocess.Popen(
        [
            *manage,
            "db_worker",
            "--backend",
            "search",
            "--queue-name",
            "search",
            "--interval",
            "0.2",
        ],
        cwd=django_settings.BASE_DIR,
        env={**env, "ELASTICSEARCH_URL": node.url, "ELASTICSEARCH_TIMEOUT": "120"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while task_rows()[0][0] != "RUNNING" or not node.accepted:
            assert time.monotonic() < deadline, "the worker never started the sync"
            time.sleep(0.2)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        worker.kill()
        node.stop()
    assert task_rows() == [("RUNNING", "")]  # left behind, as before the fix

    reclaim_env = {**env, "SEARCH_TASK_STALE_SECONDS": "1"}
    time.sleep(1.5)
    status = subprocess.run(
        [*manage, "search_index", "status"],
        cwd=django_settings.BASE_DIR,
        env=reclaim_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "stale running:   1" in status.stdout, status.stdout + status.stderr

    # A worker (re)started beside it reclaims the sync and completes it.
    rerun = subprocess.run(
        [*manage, "db_worker", "--backend", "search", "--queue-name", "search", "--batch"],
        cwd=django_settings.BASE_DIR,
        env=reclaim_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert rerun.returncode == 0, rerun.stderr

    assert task_rows() == [("FAILED", "search.tasks.WorkerLost"), ("SUCCESSFUL", "")]
    alias = f"{search_index_prefix}-content"
    es_client.indices.refresh(index=alias)
    assert es_client.exists(index=alias, id="th-killed-worker")


# --- Rebuilds never leave search without its live index ----------------------------------


def test_a_swap_whose_answer_is_lost_never_deletes_the_live_index(
    site, es_client, rebuilt, monkeypatch
):
    from elastic_transport import ConnectionTimeout

    from search.client import alias_name, get_client
    from search.indexing import rebuild

    publish_scheme("th-swap-loan")
    rebuilt()
    indices = type(get_client().indices)
    real_update_aliases = indices.update_aliases

    def swap_then_lose_the_answer(self, *args, **kwargs):
        real_update_aliases(self, *args, **kwargs)  # the node swaps the alias...
        raise ConnectionTimeout("read timed out")  # ...and the answer never arrives

    monkeypatch.setattr(indices, "update_aliases", swap_then_lose_the_answer)
    with pytest.raises(ConnectionTimeout):
        rebuild()
    monkeypatch.undo()

    live = list(es_client.indices.get_alias(name=alias_name()).body)
    assert len(live) == 1
    es_client.indices.refresh(index=alias_name())
    assert es_client.exists(index=alias_name(), id="th-swap-loan")


def test_a_sync_without_a_live_index_creates_no_empty_one_and_search_uses_the_database(
    site, es_client, client
):
    from search.client import alias_name
    from search.indexing import live_indexes, sync_page

    for index in live_indexes(es_client):  # left by an earlier test of this run
        es_client.indices.delete(index=index)
    page = publish_scheme("th-no-index-loan")

    assert sync_page(page.pk).startswith("skipped")

    assert not es_client.indices.exists_alias(name=alias_name())
    answer = client.get("/api/v1/search/", {"q": "working capital"}).json()
    assert answer["backend"] == "database"
    assert [r["id"] for r in answer["results"]] == ["th-no-index-loan"]


def test_a_rebuild_does_not_swap_to_an_index_with_far_fewer_documents(site, es_client, rebuilt):
    from search.client import alias_name
    from search.indexing import IncompleteIndex, rebuild

    page = publish_scheme("th-kept-loan")
    first = rebuilt()

    with pytest.raises(IncompleteIndex):
        rebuild(pages=[page], total=20)  # 1 document where 20 pages were expected

    assert list(es_client.indices.get_alias(name=alias_name()).body) == [first.index]


def test_search_index_status_reports_an_index_with_far_fewer_documents(site, es_client, rebuilt):
    from io import StringIO

    from django.core.management import call_command

    from search.client import alias_name

    for number in range(3):
        publish_scheme(f"th-loan-{number}")
    rebuilt()
    for number in range(2):  # documents lost behind the site's back
        es_client.delete(index=alias_name(), id=f"th-loan-{number}", refresh=True)

    out = StringIO()
    call_command("search_index", "status", stdout=out)

    assert "documents:       1" in out.getvalue()
    assert "INCOMPLETE" in out.getvalue()
