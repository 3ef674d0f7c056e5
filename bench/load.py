"""Load and fault runs against the search API on loopback (`make load`; not a test).

Starts everything it needs and stops it again: its own Elasticsearch node (port 9250,
state in /tmp/es-load, so a developer's node on 9200 is never stopped), its own SQLite
database with the sample content, gunicorn on a free 127.0.0.1 port and, for the
outage, the queue worker. Then, each for `--seconds` (default 60) with `--threads`
(default 8) keep-alive clients:

1. steady:  load only; expects no error and no 5xx.
2. rebuild: load while `search_index rebuild` runs in a loop; expects no failed request.
3. outage:  load; halfway Elasticsearch is stopped and a few pages are published and
            unpublished; answers must switch to backend=database with no 5xx. After the
            load the node is restarted, the queue drained and the index's ids compared
            with the published pages' external ids (they must match exactly).
4. hung:    load through a second gunicorn whose Elasticsearch is a loopback relay to
            the node; halfway the relay hangs (accepts and reads, never answers, as a
            hung or black-holed node does). Every request must be answered (no 5xx, no
            error) and, after the circuit breaker opens, from the database; prints the
            p50/p95/max latency during the hang.

Prints requests/s, p50/p95/p99 and counts by status and backend; exits 1 if an
expectation failed. See bench/README.md and docs/reliability.md.
"""

# ruff: noqa: S108, S310  (loopback URLs only; state under /tmp by design)

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only, by design

# A fixed mix of typical API calls (the search page's own requests).
QUERIES = [
    "/api/v1/search/",
    "/api/v1/search/?country=TH",
    "/api/v1/search/?q=loan&country=MY",
    f"/api/v1/search/?q={quote('สินเชื่อ')}&lang=th",
    f"/api/v1/search/?q={quote('vay vốn')}&lang=vi",
    "/api/v1/search/?sector=C&size=small",
    f"/api/v1/search/suggest/?q={quote('ธนา')}&lang=th",
]

# Run inside `manage.py shell -c`: the index's ids against the published pages'.
COMPARE = """
import json
from search.client import alias_name, get_client
from search.indexing import _live_pages
from search.tasks import pending_count
client = get_client()
client.indices.refresh(index=alias_name())
hits = client.search(index=alias_name(), query={"match_all": {}}, source=False, size=10000)
index_ids = {hit["_id"] for hit in hits["hits"]["hits"]}
db_ids = {page.external_id for page in _live_pages()}
print(json.dumps({"index": len(index_ids), "published": len(db_ids), "pending": pending_count(),
                  "only_in_index": sorted(index_ids - db_ids),
                  "only_in_db": sorted(db_ids - index_ids)}))
"""

# Run inside `manage.py shell -c` during the outage: edits that must reach the index.
EDIT = """
import json, time
from django.db import OperationalError
from search.indexing import _live_pages
from search.tasks import pending_count
pages = list(_live_pages())
changed, locked = [], 0

def attempt(action):
    # SQLite allows one writer: under the fallback's read load a write can meet
    # "database is locked"; an editor would press Publish again, so retry.
    global locked
    for _ in range(30):
        try:
            return action()
        except OperationalError:
            locked += 1
            time.sleep(0.5)
    raise RuntimeError("still locked after 30 attempts")

def revise(page):
    page.title = page.title + " (revised)"
    page.save_revision().publish()

for page in pages[:3]:  # unpublished: their documents must leave the index
    attempt(page.unpublish)
    changed.append(("unpublished", page.external_id))
for page in pages[3:6]:  # republished with a new title: their documents are rewritten
    attempt(lambda: revise(page))
    changed.append(("published", page.external_id))
print(json.dumps({"changed": changed, "locked": locked, "pending": pending_count()}))
"""

# Due retries are scheduled with backoff (up to 5 minutes): make them due now.
MAKE_DUE = """
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
print(DBTaskResult.objects.filter(backend_name="search", status="READY")
      .update(run_after=timezone.now()))
"""

PENDING = "from search.tasks import pending_count; print(pending_count())"


def log(message: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Stack:
    """The processes under test, their environment and how to stop them."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.es_url = f"http://{HOST}:{args.es_port}"
        self.es_env = {**os.environ, "ES_PORT": str(args.es_port), "ES_HOME_DIR": args.es_home}
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "servicecentre.settings.dev",
            "DEBUG": "0",  # no per-request query log, production-like error handling
            "DATABASE_URL": f"sqlite:///{args.db}",
            "ELASTICSEARCH_URL": self.es_url,
            "ELASTICSEARCH_INDEX_PREFIX": args.prefix,
            "API_RATE_LIMIT": "",  # the 429 path is tested elsewhere
            "PAGE_RATE_LIMIT": "",
            "LOG_LEVEL": "ERROR",
            "SEARCH_LOG_LEVEL": "ERROR",
        }
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.processes: dict[str, subprocess.Popen] = {}
        self.own_node = False
        self.logs = Path(args.logs)
        self.logs.mkdir(parents=True, exist_ok=True)

    def manage(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "manage.py", *argv],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if check and result.returncode != 0:
            tail = "\n".join(result.stderr.strip().splitlines()[-5:])
            raise RuntimeError(f"manage.py {argv[0]} failed: {tail}")
        return result

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code).stdout.strip().splitlines()[-1]

    def es(self, action: str) -> None:
        result = subprocess.run(
            ["bash", "scripts/elasticsearch.sh", action],
            cwd=REPO,
            env=self.es_env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"elasticsearch.sh {action} failed:\n{result.stdout}{result.stderr}")

    def es_healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.es_url}/_cluster/health", timeout=2) as response:
                return json.load(response)["status"] in ("green", "yellow")
        except OSError:
            return False

    def start_es(self) -> None:
        if not self.own_node and self.es_healthy():
            log(f"a node already answers on {self.es_url}: using it, and never stopping it")
            return
        log(f"starting Elasticsearch on {self.es_url} (state in {self.args.es_home})")
        self.es("start")
        self.own_node = True

    def prepare(self) -> None:
        if self.args.fresh_db and Path(self.args.db).exists():
            Path(self.args.db).unlink()
        log(f"database {self.args.db}: migrate, setup_site, import_content, search_index rebuild")
        self.manage("migrate", "--noinput")
        # WAL (persistent in the file): in SQLite's default rollback journal, the
        # database-fallback searches of the outage hold read locks so continuously that
        # an editor's publish fails with "database is locked" (seen; see
        # docs/reliability.md). Production runs on PostgreSQL, which has no such lock.
        with sqlite3.connect(self.args.db) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
        self.manage("setup_site")
        files = sorted(str(p.relative_to(REPO)) for p in (REPO / "content").glob("*/*.jsonl"))
        self.manage("import_content", *files)
        self.manage("search_index", "rebuild")

    def spawn(self, name: str, argv: list[str], env: dict | None = None) -> None:
        out = open(self.logs / f"{name}.log", "w")
        self.processes[name] = subprocess.Popen(
            argv,
            cwd=REPO,
            env={**self.env, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_server(
        self, name: str = "gunicorn", port: int | None = None, env: dict | None = None
    ) -> None:
        port = port or self.port
        base = f"http://{HOST}:{port}"
        log(f"{name} on {base} ({self.args.workers} workers x {self.args.server_threads} threads)")
        self.spawn(
            name,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "servicecentre.wsgi",
                "-w",
                str(self.args.workers),
                "--threads",
                str(self.args.server_threads),
                "-b",
                f"{HOST}:{port}",
                "--keep-alive",
                "5",
            ],
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/api/v1/search/", timeout=5).read()
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer within 60 s (see the log)")

    def start_worker(self) -> None:
        # `--backend search`: without it db_worker serves only the "default" backend
        # (Wagtail's tasks) and never runs an index sync (seen; docs/reliability.md).
        log("queue worker: db_worker --backend search --queue-name '*' --interval 1")
        self.spawn(
            "worker",
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--backend",
                "search",
                "--queue-name",
                "*",
                "--interval",
                "1",
            ],
        )

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)  # its own session: only what we started
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def close(self) -> None:
        for name in list(self.processes):
            self.stop(name)
        if self.own_node:
            if self.args.keep_index:
                log("leaving the node and its indexes (--keep-index)")
            else:
                self.delete_indexes()
                log("stopping our Elasticsearch node")
                self.es("stop")

    def delete_indexes(self) -> None:
        try:
            request = urllib.request.Request(
                f"{self.es_url}/{self.args.prefix}-content-*", method="DELETE"
            )
            urllib.request.urlopen(request, timeout=10).read()
        except OSError:
            pass


class Load:
    """`threads` keep-alive clients cycling through QUERIES until `seconds` have passed."""

    def __init__(self, base_port: int, *, threads: int, seconds: float):
        self.port = base_port
        self.threads = threads
        self.seconds = seconds
        self.samples: list[tuple[float, float, str, str]] = []  # (t, latency, status, backend)
        self.lock = threading.Lock()
        self.start = 0.0

    def client(self, offset: int) -> None:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        i = offset
        samples = []
        while (now := time.monotonic()) - self.start < self.seconds:
            path = QUERIES[i % len(QUERIES)]
            i += 1
            backend = "-"
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                status = str(response.status)
                if response.status == 200:
                    backend = json.loads(body).get("backend", "suggest")
            except (OSError, http.client.HTTPException, ValueError) as error:
                status = f"error:{error.__class__.__name__}"
                connection.close()
                connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
            done = time.monotonic()
            samples.append((done - self.start, done - now, status, backend))
        connection.close()
        with self.lock:
            self.samples.extend(samples)

    def run(self) -> None:
        self.start = time.monotonic()
        workers = [threading.Thread(target=self.client, args=(n,)) for n in range(self.threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    def report(self) -> dict:
        latencies = sorted(s[1] for s in self.samples)
        statuses = Counter(s[2] for s in self.samples)
        classes = Counter(
            "errors" if s.startswith("error") else f"{s[0]}xx" for s in (x[2] for x in self.samples)
        )
        per_second: dict[int, Counter] = defaultdict(Counter)
        for t, _, _, backend in self.samples:
            per_second[int(t)][backend] += 1
        quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
        return {
            "requests": len(self.samples),
            "rps": round(len(self.samples) / self.seconds, 1),
            "p50_ms": round(quantiles[49] * 1000, 1),
            "p95_ms": round(quantiles[94] * 1000, 1),
            "p99_ms": round(quantiles[98] * 1000, 1),
            "max_ms": round(latencies[-1] * 1000, 1) if latencies else 0,
            "classes": dict(classes),
            "statuses": dict(statuses),
            "backends": dict(Counter(s[3] for s in self.samples)),
            "per_second": {t: dict(c) for t, c in sorted(per_second.items())},
        }


def backend_timeline(per_second: dict[int, dict]) -> str:
    """Per-second backend counts, runs of equal seconds collapsed: `0-29 es 40/s | ...`."""

    def kind(counts: dict) -> str:
        names = [b for b in ("elasticsearch", "database") if counts.get(b)]
        return "+".join(names) or "none"

    parts, run_start, run_kind, run_counts = [], None, None, Counter()
    seconds = sorted(per_second)
    for t in seconds + [None]:
        k = kind(per_second[t]) if t is not None else None
        if k != run_kind and run_kind is not None:
            span = t - run_start if t is not None else seconds[-1] + 1 - run_start
            text = ", ".join(
                f"{b} {run_counts[b] / span:.0f}/s"
                for b in ("elasticsearch", "database")
                if run_counts[b]
            )
            end = (t if t is not None else seconds[-1] + 1) - 1
            parts.append(f"s {run_start}-{end}: {text or 'no search answers'}")
            run_counts = Counter()
        if k != run_kind:
            run_start, run_kind = t, k
        if t is not None:
            run_counts.update(per_second[t])
    return " | ".join(parts)


def print_report(name: str, report: dict, extra: dict) -> None:
    log(
        f"== {name}: {report['requests']} requests, {report['rps']} req/s, "
        f"p50 {report['p50_ms']} ms, p95 {report['p95_ms']} ms, p99 {report['p99_ms']} ms, "
        f"max {report['max_ms']} ms"
    )
    log(f"   status classes {report['classes']}  backends {report['backends']}")
    log(f"   backend by second: {backend_timeline(report['per_second'])}")
    for key, value in extra.items():
        log(f"   {key}: {value}")


def scenario_steady(stack: Stack, args) -> tuple[dict, dict, list[str]]:
    load = Load(stack.port, threads=args.threads, seconds=args.seconds)
    load.run()
    report = load.report()
    failures = [] if set(report["classes"]) == {"2xx"} else ["steady: non-2xx answers"]
    return report, {}, failures


def scenario_rebuild(stack: Stack, args) -> tuple[dict, dict, list[str]]:
    load = Load(stack.port, threads=args.threads, seconds=args.seconds)
    outcome = {"completed": 0, "failed": 0, "seconds": []}
    stop = threading.Event()

    def rebuild_loop() -> None:
        while not stop.is_set():
            t0 = time.monotonic()
            result = stack.manage("search_index", "rebuild", check=False)
            outcome["completed" if result.returncode == 0 else "failed"] += 1
            outcome["seconds"].append(round(time.monotonic() - t0, 1))

    rebuilder = threading.Thread(target=rebuild_loop)
    rebuilder.start()
    load.run()
    stop.set()
    rebuilder.join()  # the rebuild in flight finishes (never killed half-way)
    report = load.report()
    failures = [] if set(report["classes"]) == {"2xx"} else ["rebuild: non-2xx answers"]
    if outcome["failed"]:
        failures.append("rebuild: a rebuild failed")
    extra = {
        "rebuilds completed": outcome["completed"],
        "rebuilds failed": outcome["failed"],
        "rebuild durations (s, incl. process start)": outcome["seconds"],
    }
    return report, extra, failures


def scenario_outage(stack: Stack, args) -> tuple[dict, dict, list[str]]:
    if not stack.own_node:
        log("outage skipped: the node on this port was not started by this run")
        return {}, {}, []
    stack.start_worker()
    load = Load(stack.port, threads=args.threads, seconds=args.seconds)
    events: dict = {}

    def fault() -> None:
        time.sleep(args.seconds / 2)
        t0 = time.monotonic()
        stack.es("stop")
        events["es stopped at (s)"] = round(time.monotonic() - load.start, 1)
        events["stop took (s)"] = round(time.monotonic() - t0, 1)
        try:
            edit = json.loads(stack.shell(EDIT))
        except RuntimeError as error:
            events["edit error"] = str(error)
            return
        events["edits during outage"] = edit["changed"]
        events["pending right after edits"] = edit["pending"]
        events["'database is locked' retries"] = edit["locked"]

    faulter = threading.Thread(target=fault)
    faulter.start()
    load.run()
    faulter.join()
    report = load.report()
    events["pending at end of load"] = int(stack.shell(PENDING))

    t0 = time.monotonic()
    stack.es("start")
    events["restart took (s)"] = round(time.monotonic() - t0, 1)
    made_due = int(stack.shell(MAKE_DUE))
    events["retries made due now"] = made_due
    t0 = time.monotonic()
    pending = -1
    while time.monotonic() - t0 < 120:
        pending = int(stack.shell(PENDING))
        if pending == 0:
            break
        time.sleep(1)
    events["queue drained by the worker in (s)"] = (
        round(time.monotonic() - t0, 1) if pending == 0 else f"not drained, {pending} pending"
    )
    comparison = json.loads(stack.shell(COMPARE))
    events["index vs published"] = comparison

    failures = ["outage: the edits failed"] if "edit error" in events else []
    if report["classes"].get("5xx") or report["classes"].get("errors"):
        failures.append("outage: 5xx or errors")
    seconds = report["per_second"]
    stopped = events.get("es stopped at (s)", args.seconds)
    late = [seconds[t] for t in seconds if t >= stopped + 1]
    if not late:
        failures.append("outage: the load ended before the node stopped (raise --seconds)")
    elif any(c.get("elasticsearch") for c in late):
        failures.append("outage: answers did not switch to the database")
    if pending != 0:
        failures.append("outage: queue not drained")
    if comparison["only_in_index"] or comparison["only_in_db"]:
        failures.append("outage: index and published pages differ")
    return report, events, failures


class HangingRelay:
    """A TCP relay to the node that can turn into a hung node: it then accepts connections
    and reads requests, but forwards nothing and never answers."""

    def __init__(self, upstream_port: int):
        self.upstream = (HOST, upstream_port)
        self.server = socket.create_server((HOST, 0))
        self.server.settimeout(0.2)
        self.url = f"http://{HOST}:{self.server.getsockname()[1]}"
        self.hung = threading.Event()
        self.closed = threading.Event()
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                client, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.sockets.append(client)
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        if self.hung.is_set():
            self._pipe(client, None)
            return
        try:
            upstream = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            client.close()
            return
        upstream.settimeout(None)
        self.sockets.append(upstream)
        threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()
        self._pipe(client, upstream)

    def _pipe(self, source: socket.socket, target: socket.socket | None) -> None:
        try:
            while chunk := source.recv(65536):
                if target is not None and not self.hung.is_set():  # hung: swallow it all
                    target.sendall(chunk)
        except OSError:
            pass
        if not self.hung.is_set():
            for sock in (source, target):
                if sock is not None:
                    sock.close()

    def close(self) -> None:
        self.closed.set()
        self.server.close()
        for sock in self.sockets:
            sock.close()


def scenario_hung(stack: Stack, args) -> tuple[dict, dict, list[str]]:
    relay = HangingRelay(args.es_port)
    port = free_port()
    stack.start_server("gunicorn-hung", port, {"ELASTICSEARCH_URL": relay.url})
    load = Load(port, threads=args.threads, seconds=args.seconds)
    events: dict = {}

    def fault() -> None:
        time.sleep(args.seconds / 2)
        relay.hung.set()
        events["node hung at (s)"] = round(time.monotonic() - load.start, 1)

    faulter = threading.Thread(target=fault)
    faulter.start()
    try:
        load.run()
    finally:
        faulter.join()
        stack.stop("gunicorn-hung")
        relay.close()
    report = load.report()
    hung_at = events.get("node hung at (s)", args.seconds)
    during = sorted(latency for t, latency, _, _ in load.samples if t >= hung_at)
    if len(during) > 1:
        quantiles = statistics.quantiles(during, n=100)
        events["during the hang"] = (
            f"{len(during)} requests, p50 {quantiles[49] * 1000:.1f} ms, "
            f"p95 {quantiles[94] * 1000:.1f} ms, max {during[-1] * 1000:.0f} ms, "
            f"statuses {dict(Counter(s[2] for s in load.samples if s[0] >= hung_at))}"
        )
    failures = []
    if set(report["classes"]) != {"2xx"}:
        failures.append("hung: a request was not answered with 2xx")
    seconds = report["per_second"]
    # Each process pays a few timeouts before its breaker opens; after that, no answer
    # may come from the hung node (it cannot), and every search answers from the database.
    settled = [seconds[t] for t in seconds if t >= hung_at + 2 * 5 + 2]
    if not settled:
        failures.append("hung: the load ended too soon after the hang (raise --seconds)")
    elif any(c.get("elasticsearch") for c in settled) or not any(
        c.get("database") for c in settled
    ):
        failures.append("hung: answers did not settle on the database")
    return report, events, failures


SCENARIOS = {
    "steady": scenario_steady,
    "rebuild": scenario_rebuild,
    "outage": scenario_outage,
    "hung": scenario_hung,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="per scenario (default 60)")
    parser.add_argument("--threads", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--scenarios", default="steady,rebuild,outage,hung")
    parser.add_argument(
        "--es-port",
        type=int,
        default=9250,
        help="port of the node this run starts and stops (default 9250)",
    )
    parser.add_argument("--es-home", default="/tmp/es-load", help="that node's state directory")
    parser.add_argument(
        "--db", default="/tmp/load.sqlite3", help="SQLite file (default /tmp/load.sqlite3)"
    )
    parser.add_argument("--fresh-db", action="store_true", help="delete the SQLite file first")
    parser.add_argument("--prefix", default="load", help="ELASTICSEARCH_INDEX_PREFIX")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--server-threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--logs", default="/tmp/load-logs", help="server and worker logs")
    parser.add_argument("--keep-index", action="store_true", help="leave the node running")
    parser.add_argument("--json", help="write the reports to this file")
    args = parser.parse_args()
    names = [n.strip() for n in args.scenarios.split(",") if n.strip()]
    if unknown := set(names) - set(SCENARIOS):
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    if not shutil.which("java") and not os.environ.get("ES_JAVA_HOME"):
        parser.error("Elasticsearch needs Java (see scripts/elasticsearch.sh)")

    log(f"load averages before: {os.getloadavg()}  cpus: {os.cpu_count()}")
    stack = Stack(args)
    results, failures = {}, []
    try:
        stack.start_es()
        stack.prepare()
        stack.start_server()
        for name in names:
            log(
                f"-- {name}: {args.seconds:.0f} s, {args.threads} clients, "
                f"load averages {os.getloadavg()}"
            )
            report, extra, failed = SCENARIOS[name](stack, args)
            if report:
                print_report(name, report, extra)
                results[name] = {**report, "extra": extra, "loadavg_after": os.getloadavg()}
            failures += failed
    finally:
        stack.close()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    for failure in failures:
        log(f"FAILED: {failure}")
    log("all expectations met" if not failures else f"{len(failures)} expectation(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
