"""Search benchmark: the search API beside raw Elasticsearch, a full rebuild beside raw bulk.

    python bench/search.py [--sizes 1000,10000,100000] [--iterations 50] [--warmup 10]

For each size N, in one run against the local node (`make elasticsearch`):

1. N realistic synthetic pages (bench/corpus.py: several types, ten countries, English
   plus Thai, Vietnamese, Khmer, Malay, Indonesian, Chinese) go through the real
   `document_for()`, timed: the cost of the Python text pipeline alone.
2. Raw bulk: those pre-generated documents are sent with `streaming_bulk` (same chunk
   size as the rebuild) into a plain index with the same mapping and settings.
3. Full rebuild: `search.indexing.rebuild(pages=...)` builds the same pages again and
   runs the project's path (documents built and bulk-sent into a new timestamped index
   behind the building alias, refresh, alias swap).
4. Latency: typical faceted queries through the search API (Django test client, whole
   middleware stack) and exactly the same query body sent straight to Elasticsearch,
   interleaved, wall-clock around each call.

Everything lives under the index prefix `bench` (alias `bench-content`); the script
deletes its indexes when it ends, also on Ctrl-C. The database is only read, except
that the taxonomy is created if missing (a fresh database is migrated first).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import platform
import resource
import signal
import statistics
import sys
import time
import traceback
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on the path, where this very file would
# shadow the `search` app: put the project root there instead.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(ROOT)
elif str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Bulk requests in flight for the second raw figure: the most this two-core machine's
# node took (1, 2 and 4 were tried; 4 was slower than 2).
RAW_CONCURRENT_BULKS = 2

# (label, query parameters): what readers of a directory like this one typically ask.
# Labels are ASCII so the table lines up; docs/performance.md gives the exact queries.
QUERIES: list[tuple[str, list[tuple[str, str]]]] = [
    ("browse all", []),
    ("country=TH", [("country", "TH")]),
    ("country=TH sector=C", [("country", "TH"), ("sector", "C")]),
    ("q=loan country=MY,SG", [("q", "loan"), ("country", "MY"), ("country", "SG")]),
    ("q=(th loan) lang=th", [("q", "สินเชื่อ"), ("lang", "th")]),
    ("q=vay von lang=vi type", [("q", "vay vốn"), ("lang", "vi"), ("type", "financing_scheme")]),
    ("size=micro support=2", [("size", "micro"), ("support", "grant"), ("support", "loan")]),
    ("q=(km credit) lang=km", [("q", "ឥណទាន"), ("lang", "km")]),
    ("q=(zh 2 words) lang=zh", [("q", "中小企业 贷款"), ("lang", "zh-hans")]),
    (
        "q=credit guarantee newest",
        [("q", "credit guarantee"), ("country", "ID"), ("sort", "newest")],
    ),
    ("country=MY page 5 of 50", [("country", "MY"), ("page", "5"), ("page_size", "50")]),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1000,10000,100000",
        help="comma-separated document counts (default: 1000,10000,100000)",
    )
    parser.add_argument("--iterations", type=int, default=50, help="timed runs per query and path")
    parser.add_argument("--warmup", type=int, default=10, help="untimed runs per query and path")
    parser.add_argument(
        "--budget-minutes",
        type=float,
        default=45,
        help="skip a size whose projected time exceeds what is left of this budget",
    )
    parser.add_argument("--prefix", default="bench", help="index prefix (must start with 'bench')")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    args.sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    if not args.prefix.startswith("bench"):
        parser.error("--prefix must start with 'bench': the script deletes the indexes under it")
    return args


def setup_django(prefix: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicecentre.settings.dev")
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = prefix
    # Measure the API as it is served: DEBUG on would log every SQL query.
    os.environ["DEBUG"] = "0"
    # The API's per-client rate limit still counts every request (its cost is part of
    # the latency), but with a budget one benchmark client never exhausts.
    os.environ["API_RATE_LIMIT"] = "1000000000/60"
    import django

    django.setup()


def ensure_database() -> None:
    """Migrate a fresh database and create the taxonomy if missing; never touch pages."""
    from django.core.management import call_command
    from django.db import connection

    from servicecentre.models import Sector
    from servicecentre.services import ensure_taxonomy

    if Sector._meta.db_table not in connection.introspection.table_names():
        print("Fresh database: migrating...", file=sys.stderr)
        # wagtail-modeltranslation prints its column sync whatever the verbosity.
        with contextlib.redirect_stdout(io.StringIO()):
            call_command("migrate", interactive=False, verbosity=0)
    if not Sector.objects.exists():
        ensure_taxonomy()


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile of samples (seconds)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def progress_bar(total: int, desc: str):
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc=desc,
        unit="doc",
        file=sys.stderr,
        leave=False,
        smoothing=0.1,
        disable=None,
    )


class Bench:
    """One run: owns the bench indexes and deletes them at the end."""

    def __init__(self, args: argparse.Namespace):
        from search.client import alias_name, get_client
        from search.indexing import building_alias

        self.args = args
        self.client = get_client()
        self.alias = alias_name()
        self.building = building_alias()
        self.prefix = args.prefix
        self.node_pids = self._local_node_pids()

    def _local_node_pids(self) -> list[int]:
        """Process ids of the nodes, if they run on this machine."""
        nodes = self.client.nodes.info(metric="process").body["nodes"].values()
        pids = [node["process"]["id"] for node in nodes if "process" in node]
        return pids if all(os.path.exists(f"/proc/{pid}/stat") for pid in pids) else []

    # --- index housekeeping

    def bench_indexes(self) -> list[str]:
        """Concrete indexes under the bench prefix (ours, by the prefix rule)."""
        found = self.client.options(ignore_status=404).indices.get(index=f"{self.prefix}-*")
        names = list(found.body) if found.meta.status == 200 else []
        return [
            name for name in names if name.startswith((f"{self.alias}-", f"{self.prefix}-raw-"))
        ]

    def cleanup(self) -> None:
        names = self.bench_indexes()
        for name in names:
            self.client.options(ignore_status=404).indices.delete(index=name)
        if names:
            print(f"Deleted bench indexes: {', '.join(sorted(names))}", file=sys.stderr)

    # --- machine

    def machine(self) -> dict[str, Any]:
        try:
            nodes = self.client.nodes.info(metric="jvm").body["nodes"]
            node = next(iter(nodes.values()))
            heap_mb = node["jvm"]["mem"]["heap_max_in_bytes"] // 2**20
            es = f"Elasticsearch {node['version']}, heap {heap_mb} MB"
        except Exception as error:  # the description is nice to have, not essential
            es = f"Elasticsearch (version unknown: {error.__class__.__name__})"
        memory = ""
        try:
            with open("/proc/meminfo") as meminfo:
                kib = int(meminfo.readline().split()[1])
                memory = f", {kib / 2**20:.0f} GiB RAM"
        except OSError:
            pass
        from django.conf import settings
        from django.db import connection

        return {
            "cpu": f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}){memory}",
            "elasticsearch": es,
            "python": f"Python {platform.python_version()}, Linux {platform.release()}",
            "database": connection.vendor,
            "debug": settings.DEBUG,
        }

    def cpu_seconds(self) -> tuple[float, float]:
        """CPU seconds used so far by Python (this process, all threads, and its ended
        worker processes: the rebuild's text pipeline workers) and by the node.

        The node's own figure (`_nodes/stats`) is refreshed once a second, too coarse
        for a short bulk, so a node on this machine is read from /proc instead.
        """
        node_seconds = 0.0
        for pid in self.node_pids:
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                node_seconds += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except (OSError, IndexError, ValueError):
                pass
        if not self.node_pids:
            nodes = self.client.nodes.stats(metric="process").body["nodes"]
            node_seconds = (
                sum(n["process"]["cpu"]["total_in_millis"] for n in nodes.values()) / 1000
            )
        own, children = (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
        python_seconds = sum(u.ru_utime + u.ru_stime for u in (own, children))
        return python_seconds, node_seconds

    def cpu_per_doc(self, before: tuple[float, float], count: int) -> dict[str, float]:
        """CPU milliseconds per document since `before`: Python and Elasticsearch."""
        after = self.cpu_seconds()
        return {
            "python_cpu_ms": (after[0] - before[0]) * 1000 / count,
            "es_cpu_ms": (after[1] - before[1]) * 1000 / count,
        }

    # --- the measurements

    def documents(
        self, count: int, vocabulary, vocab
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Generate the documents once, timing page construction and document_for apart."""
        from django.conf import settings

        from bench.corpus import synthetic_pages, text_chars
        from search.documents import document_for

        docs: list[dict[str, Any]] = []
        construct = pipeline = 0.0
        chars = 0
        pages = synthetic_pages(count, vocabulary=vocabulary)
        with progress_bar(count, f"documents {count:,}") as bar:
            while True:
                started = time.perf_counter()
                page = next(pages, None)
                built = time.perf_counter()
                if page is None:
                    break
                docs.append(document_for(page, vocabularies=vocab))
                done = time.perf_counter()
                construct += built - started
                pipeline += done - built
                chars += text_chars(page, settings.LANGUAGE_CODES)
                bar.update()
        json_bytes = sum(len(json.dumps(doc, ensure_ascii=False).encode()) for doc in docs[:2000])
        return docs, {
            "text_chars_per_doc": chars / count,
            "json_bytes_per_doc": json_bytes / min(count, 2000),
            "construct_docs_per_s": count / construct,
            "pipeline_docs_per_s": count / pipeline,
            "pipeline_chars_per_s": chars / pipeline,
        }

    def raw_bulk(self, docs: list[dict[str, Any]], *, concurrent: int = 0) -> dict[str, Any]:
        """Pre-generated documents into a plain index: create, bulk, refresh (timed).

        `streaming_bulk` (one request at a time, like the rebuild), or with
        `concurrent` > 0 `parallel_bulk` with that many requests in flight: what the
        node can take at best, reported beside it.
        """
        from elasticsearch.helpers import parallel_bulk, streaming_bulk

        from search.documents import index_body
        from search.indexing import BULK_CHUNK_SIZE, REBUILD_REQUEST_TIMEOUT

        name = f"{self.prefix}-raw-{len(docs)}"
        # The same request timeout as the rebuild's (search.indexing).
        client = self.client.options(request_timeout=REBUILD_REQUEST_TIMEOUT)
        client.options(ignore_status=404).indices.delete(index=name)
        actions = ({"_index": name, "_id": doc["id"], "_source": doc} for doc in docs)
        if concurrent:
            results = parallel_bulk(
                client,
                actions,
                chunk_size=BULK_CHUNK_SIZE,
                thread_count=concurrent,
                queue_size=concurrent,
            )
        else:
            results = streaming_bulk(client, actions, chunk_size=BULK_CHUNK_SIZE)
        label = f"raw bulk x{concurrent}" if concurrent else "raw bulk"
        with progress_bar(len(docs), f"{label} {len(docs):,}") as bar:
            cpu = self.cpu_seconds()
            started = time.perf_counter()
            client.indices.create(index=name, **index_body())
            # The rebuild does the same: no refresh while loading, one at the end.
            client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "-1"}})
            for _ok, _item in results:
                bar.update()
            client.indices.put_settings(index=name, settings={"index": {"refresh_interval": None}})
            client.indices.refresh(index=name)
            seconds = time.perf_counter() - started
            raw_cpu = self.cpu_per_doc(cpu, len(docs))
        count = self.client.count(index=name)["count"]
        store = self.client.indices.stats(index=name, metric="store")["_all"]["primaries"]["store"]
        self.client.indices.delete(index=name)  # free the node before the rebuild
        assert count == len(docs), f"raw index holds {count} of {len(docs)} documents"
        if concurrent:
            return {"raw_concurrent_docs_per_s": len(docs) / seconds}
        return {
            "raw_seconds": seconds,
            "raw_docs_per_s": len(docs) / seconds,
            "raw_cpu_ms_per_doc": raw_cpu,
            "index_mb": store["size_in_bytes"] / 2**20,
        }

    def rebuild(self, count: int, vocabulary) -> dict[str, Any]:
        """The project's rebuild, fed the same synthetic pages instead of the database."""
        from bench.corpus import synthetic_pages
        from search import indexing

        # Start from an empty alias so both timings exclude deleting a previous index.
        for name in self.bench_indexes():
            if name.startswith(f"{self.alias}-"):
                self.client.indices.delete(index=name)
        with progress_bar(count, f"rebuild {count:,}") as bar:

            def progress(done: int, _total: int) -> None:
                if done % 500 == 0 or done == count:  # a bar update per document costs time
                    bar.update(done - bar.n)

            cpu = self.cpu_seconds()
            started = time.perf_counter()
            report = indexing.rebuild(
                pages=synthetic_pages(count, vocabulary=vocabulary), total=count, progress=progress
            )
            seconds = time.perf_counter() - started
            rebuild_cpu = self.cpu_per_doc(cpu, count)
        indexed = self.client.count(index=self.alias)["count"]
        assert report.documents == count == indexed, (
            f"rebuild indexed {indexed} of {count} documents"
        )
        return {
            "rebuild_seconds": seconds,
            "rebuild_docs_per_s": count / seconds,
            "rebuild_cpu_ms_per_doc": rebuild_cpu,
        }

    def latency(self, count: int) -> list[dict[str, Any]]:
        """Each query through the API and straight to Elasticsearch, interleaved."""
        from django.http import QueryDict
        from django.test import Client

        from search.backends import request_body
        from search.params import parse_search_params

        http = Client(HTTP_HOST="localhost")
        rows = []
        runs = self.args.warmup + self.args.iterations
        from tqdm import tqdm

        bar = tqdm(
            total=len(QUERIES) * runs,
            desc=f"latency {count:,}",
            unit="pair",
            file=sys.stderr,
            leave=False,
            disable=None,
        )
        for label, pairs in QUERIES:
            query_string = urlencode(pairs)
            params = parse_search_params(QueryDict(query_string), default_lang="en", strict=True)
            # Exactly the body search_elasticsearch() sends (FacetedSearch, sliced).
            body = request_body(params)

            def api(query_string=query_string):
                response = http.get(f"/api/v1/search/?{query_string}")
                assert response.status_code == 200, response.content[:500]
                return response

            def raw(body=body):
                return self.client.search(index=self.alias, body=body)

            answer = json.loads(api().content)
            direct = raw()
            assert answer["backend"] == "elasticsearch", (
                f"{label}: the API fell back to the database"
            )
            assert answer["total"] == direct["hits"]["total"]["value"], f"{label}: totals differ"
            assert [r["id"] for r in answer["results"]] == [
                h["_source"]["id"] for h in direct["hits"]["hits"]
            ]
            api_times: list[float] = []
            raw_times: list[float] = []
            for run in range(runs):
                # Alternate which path goes first, so neither always meets a warmer cache.
                order = ((api, api_times), (raw, raw_times))
                for call, times in order if run % 2 == 0 else reversed(order):
                    started = time.perf_counter()
                    call()
                    elapsed = time.perf_counter() - started
                    if run >= self.args.warmup:
                        times.append(elapsed)
                bar.update()
            rows.append(
                {"query": label, "total": answer["total"], "api": api_times, "raw": raw_times}
            )
        bar.close()
        return rows

    def breakdown(self, runs: int) -> dict[str, float]:
        """Where an API request's time goes: median ms per request over every query.

        A separate pass with timing wrappers around the steps, so that the latency
        figures above are measured without them.
        """
        from django.http import QueryDict
        from django.test import Client

        from search import api, backends, service
        from search.params import parse_search_params

        spent: dict[str, float] = {}
        steps: list[str] = []
        patched: list[tuple[Any, str, Any]] = []

        def wrap(owner: Any, name: str, step: str) -> None:
            original = getattr(owner, name)

            def timed(*args, **kwargs):
                started = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    spent[step] = spent.get(step, 0.0) + time.perf_counter() - started

            patched.append((owner, name, original))
            steps.append(step)
            setattr(owner, name, timed)

        # The same client instance the API uses (search.client caches it).
        wrap(self.client, "search", "Elasticsearch call")
        wrap(api, "parse_search_params", "parsing parameters")
        wrap(backends, "request_body", "request body (memoised)")
        wrap(backends.Highlighter, "__call__", "highlighting results")
        wrap(service, "facet_options", "facet labels")
        http = Client(HTTP_HOST="localhost")
        samples: dict[str, list[float]] = {}
        try:
            for _label, pairs in QUERIES:
                url = f"/api/v1/search/?{urlencode(pairs)}"
                for run in range(runs + 2):
                    spent.clear()
                    spent.update(dict.fromkeys(steps, 0.0))
                    started = time.perf_counter()
                    http.get(url)
                    total = time.perf_counter() - started
                    if run < 2:
                        continue  # warm-up
                    spent["rest (Django, client library, JSON)"] = total - sum(spent.values())
                    for step, seconds in {"whole request": total, **spent}.items():
                        samples.setdefault(step, []).append(seconds)
        finally:
            for owner, name, original in reversed(patched):
                if owner is self.client:
                    del owner.search  # back to the class's method
                else:
                    setattr(owner, name, original)
        # What a query the process has not seen before adds: building its body through
        # ContentSearch (FacetedSearch) instead of finding it memoised.
        for _label, pairs in QUERIES:
            query = QueryDict(urlencode(pairs))
            params = parse_search_params(query, default_lang="en", strict=True)
            for _run in range(runs):
                backends._built_body.cache_clear()
                started = time.perf_counter()
                backends.request_body(params)
                samples.setdefault("(a body not seen before: +)", []).append(
                    time.perf_counter() - started
                )
        return {step: statistics.median(values) * 1000 for step, values in samples.items()}


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def stats(samples: list[float]) -> dict[str, float]:
        return {"p50": statistics.median(samples) * 1000, "p95": percentile(samples, 0.95) * 1000}

    queries = []
    for row in rows:
        api, raw = stats(row["api"]), stats(row["raw"])
        queries.append(
            {
                "query": row["query"],
                "total": row["total"],
                "api": api,
                "raw": raw,
                "ratio_p50": api["p50"] / raw["p50"],
            }
        )
    api_all = stats([t for row in rows for t in row["api"]])
    raw_all = stats([t for row in rows for t in row["raw"]])
    return {
        "queries": queries,
        "overall": {
            "api": api_all,
            "raw": raw_all,
            "ratio_p50": api_all["p50"] / raw_all["p50"],
            "ratio_p95": api_all["p95"] / raw_all["p95"],
        },
    }


def print_tables(machine: dict[str, Any], results: list[dict[str, Any]], args) -> None:
    print()
    print(
        f"Machine: {machine['cpu']}; {machine['elasticsearch']}; {machine['python']}; "
        f"database {machine['database']}; DEBUG={machine['debug']}"
    )
    print(
        "Load average (1, 5, 15 min) after each size: "
        + "; ".join(f"{r['size']:,}: {r['load_average']}" for r in results)
    )
    print()
    print(
        "Indexing (docs/s; higher is better). pipeline = document_for() alone; raw = "
        "streaming_bulk, one request at a time; raw x2 = parallel_bulk, "
        f"{RAW_CONCURRENT_BULKS} requests in flight; rebuild/raw target >= 0.50"
    )
    header = (
        f"{'docs':>8} {'chars/doc':>9} {'JSON KB':>7} {'index MB':>8} {'build pages/s':>13} "
        f"{'pipeline/s':>10} {'raw bulk/s':>10} {'raw x2/s':>8} {'rebuild/s':>9} "
        f"{'rebuild/raw':>11} {'/raw x2':>7}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        d = result["indexing"]
        print(
            f"{result['size']:>8,} {d['text_chars_per_doc']:>9.0f} "
            f"{d['json_bytes_per_doc'] / 1024:>7.1f} {d['index_mb']:>8.1f} "
            f"{d['construct_docs_per_s']:>13,.0f} {d['pipeline_docs_per_s']:>10,.0f} "
            f"{d['raw_docs_per_s']:>10,.0f} {d['raw_concurrent_docs_per_s']:>8,.0f} "
            f"{d['rebuild_docs_per_s']:>9,.0f} "
            f"{d['rebuild_docs_per_s'] / d['raw_docs_per_s']:>11.2f} "
            f"{d['rebuild_docs_per_s'] / d['raw_concurrent_docs_per_s']:>7.2f}"
        )
    print()
    print(
        "CPU per document (ms) and cores kept busy (CPU ms per doc x docs/s): Python (this "
        "process, all threads, and the rebuild's worker processes) and the Elasticsearch node"
    )
    header = (
        f"{'docs':>8}   {'raw: python':>11} {'node':>6} {'cores':>11}   "
        f"{'rebuild: python':>15} {'node':>6} {'cores':>11}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        d = result["indexing"]
        cells = []
        for cpu, rate in (
            (d["raw_cpu_ms_per_doc"], d["raw_docs_per_s"]),
            (d["rebuild_cpu_ms_per_doc"], d["rebuild_docs_per_s"]),
        ):
            python, node = cpu["python_cpu_ms"], cpu["es_cpu_ms"]
            cores = f"{python * rate / 1000:.2f} + {node * rate / 1000:.2f}"
            cells.append((python, node, cores))
        (raw_py, raw_node, raw_cores), (re_py, re_node, re_cores) = cells
        print(
            f"{result['size']:>8,}   {raw_py:>11.2f} {raw_node:>6.2f} {raw_cores:>11}   "
            f"{re_py:>15.2f} {re_node:>6.2f} {re_cores:>11}"
        )
    print()
    print(
        f"Search latency (ms), {args.iterations} timed runs per query and path after {args.warmup} "
        "warm-up runs; ratio = API p50 / raw p50 (target <= 1.5 at 10,000)"
    )
    header = (
        f"{'docs':>8}  {'query':<28} {'hits':>7} {'API p50':>8} {'API p95':>8} {'raw p50':>8} "
        f"{'raw p95':>8} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        summary = result["latency"]
        for q in summary["queries"]:
            print(
                f"{result['size']:>8,}  {q['query']:<28} {q['total']:>7,} {q['api']['p50']:>8.2f} "
                f"{q['api']['p95']:>8.2f} {q['raw']['p50']:>8.2f} {q['raw']['p95']:>8.2f} "
                f"{q['ratio_p50']:>6.2f}"
            )
        o = summary["overall"]
        print(
            f"{result['size']:>8,}  {'ALL QUERIES':<28} {'':>7} {o['api']['p50']:>8.2f} "
            f"{o['api']['p95']:>8.2f} {o['raw']['p50']:>8.2f} {o['raw']['p95']:>8.2f} "
            f"{o['ratio_p50']:>6.2f}"
        )
        steps = result["api_breakdown_ms"]
        print(
            f"{'':>8}  API time per request (median ms, all queries): "
            + ", ".join(f"{step} {ms:.1f}" for step, ms in steps.items())
        )
        print()


def main() -> int:
    args = parse_args()
    setup_django(args.prefix)

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)

    from search.client import is_available

    if not is_available():
        print(
            "Elasticsearch is not reachable at ELASTICSEARCH_URL: run `make elasticsearch`.",
            file=sys.stderr,
        )
        return 2
    ensure_database()

    from bench.corpus import Vocabulary
    from search.indexing import vocabularies

    bench = Bench(args)
    machine = bench.machine()
    results: list[dict[str, Any]] = []
    failures: list[str] = []
    started = time.monotonic()
    budget = args.budget_minutes * 60
    seconds_per_doc = None
    try:
        bench.cleanup()  # leftovers of a run that was killed
        vocabulary = Vocabulary()
        vocab = vocabularies()
        for size in args.sizes:
            left = budget - (time.monotonic() - started)
            if seconds_per_doc and seconds_per_doc * size > left:
                print(
                    f"Skipping {size:,} documents: about {seconds_per_doc * size / 60:.0f} min "
                    "projected, "
                    f"{left / 60:.0f} min of --budget-minutes left.",
                    file=sys.stderr,
                )
                continue
            size_started = time.monotonic()
            try:
                docs, indexing = bench.documents(size, vocabulary, vocab)
                indexing |= bench.raw_bulk(docs)
                indexing |= bench.raw_bulk(docs, concurrent=RAW_CONCURRENT_BULKS)
                del docs
                indexing |= bench.rebuild(size, vocabulary)
                rows = bench.latency(size)
                steps = bench.breakdown(max(5, args.iterations // 5))
            except Exception as error:  # report the sizes done; larger ones would fail too
                traceback.print_exc()
                failures.append(f"{size:,} documents: {error.__class__.__name__}: {error}")
                break
            results.append(
                {
                    "size": size,
                    "indexing": indexing,
                    "latency": summarise(rows),
                    "api_breakdown_ms": steps,
                    "seconds": time.monotonic() - size_started,
                    "load_average": [round(x, 2) for x in os.getloadavg()],
                }
            )
            # Latency runs take about the same time whatever the size; the rest grows with it.
            seconds_per_doc = (time.monotonic() - size_started) / size
            print(f"{size:,} documents done in {results[-1]['seconds']:.0f} s", file=sys.stderr)
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    finally:
        bench.cleanup()
        if results:
            print_tables(machine, results, args)
        for failure in failures:
            print(f"FAILED: {failure}")
        if args.json:
            report = {"machine": machine, "results": results, "failures": failures}
            args.json.write_text(json.dumps(report, indent=2))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
