"""Index lifecycle: timestamped indexes behind an alias, page sync, rebuild and status.

Searches read the alias `<prefix>-content`. A rebuild creates a new concrete index,
marks it with the alias `<prefix>-content-building` so that page syncs write to it
as well as to the live index, bulk-loads every live page, drains the queue, then
swaps the alias in one `update_aliases` call and removes the old indexes.
"""

from __future__ import annotations

import json
import logging
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from itertools import islice
from multiprocessing import get_all_start_methods, get_context
from typing import Any

from django.apps import apps
from django.conf import settings
from elasticsearch import Elasticsearch, NotFoundError

from search.client import alias_name, get_client
from search.document_text import document_from_input
from search.documents import current_version, document_for, index_body, page_input
from servicecentre.selectors import content_models

logger = logging.getLogger(__name__)


class SearchUnavailable(RuntimeError):
    """Elasticsearch is disabled or unreachable."""


def _client() -> Elasticsearch:
    client = get_client()
    if client is None:
        raise SearchUnavailable("Elasticsearch is disabled (ELASTICSEARCH_URL is empty)")
    return client


def building_alias() -> str:
    return f"{alias_name()}-building"


def new_index_name() -> str:
    return f"{alias_name()}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"


def vocabularies() -> dict[str, list[str]]:
    """Every code of the vocabularies that "all" expands to."""
    return {
        "sector": list(
            apps.get_model("servicecentre.Sector").objects.values_list("code", flat=True)
        ),
        "size": list(
            apps.get_model("servicecentre.EnterpriseSize").objects.values_list("code", flat=True)
        ),
    }


def write_targets(client: Elasticsearch) -> list[str]:
    """Concrete indexes a page change must reach: the live one and any being built."""
    # When one of the two names is missing the node answers 404 with the other's indexes
    # in the body beside "error" and "status".
    found = client.options(ignore_status=404).indices.get_alias(
        name=f"{alias_name()},{building_alias()}"
    )
    return sorted(
        index
        for index, value in found.body.items()
        if isinstance(value, dict) and "aliases" in value
    )


def live_indexes(client: Elasticsearch) -> list[str]:
    """The concrete indexes the alias points at now (none when there is no live index)."""
    try:
        return sorted(client.indices.get_alias(name=alias_name()).body)
    except NotFoundError:
        return []


def _indexable_page(page_id: int):
    """The specific live content page with this id, or None."""
    page_model = apps.get_model("wagtailcore.Page")
    page = page_model.objects.filter(pk=page_id).first()
    if page is None or not page.live:
        return None
    specific = page.specific
    if not getattr(specific, "content_type_code", "") or not specific.external_id:
        return None
    if page.get_view_restrictions().exists():
        return None
    return specific


def sync_page(page_id: int, external_id: str | None = None) -> str:
    """Make the index agree with the database about one page; return what was done.

    Reads the page now (not when the change was queued), so retries converge on
    the current truth. Raises transport errors so the queue retries later.
    """
    client = _client()
    targets = write_targets(client)
    if not targets:
        # No live index: searches answer from the database. Creating an empty one here
        # would make search serve it as complete; the next rebuild reads this page anyway.
        return "skipped: no index (run search_index rebuild)"
    page = _indexable_page(page_id)
    version = current_version()
    if page is not None:
        source = document_for(page, vocabularies=vocabularies())
        for index in targets:
            client.options(ignore_status=409).index(
                index=index,
                id=source["id"],
                document=source,
                version=version,
                version_type="external_gte",
            )
        return "indexed"
    # Deleted, unpublished or not a content page: remove its document everywhere.
    # (This distribution has no _delete_by_query, so find the ids by page_id first.)
    ids = {external_id} if external_id else set()
    for index in targets:
        found = client.options(ignore_status=404).search(
            index=index, query={"term": {"page_id": page_id}}, source=False, size=100
        )
        ids |= {hit["_id"] for hit in found.get("hits", {}).get("hits", [])}
        for doc_id in ids:
            client.options(ignore_status=(404, 409)).delete(
                index=index, id=doc_id, version=version, version_type="external"
            )
    return "removed"


def _live_pages() -> Iterator[Any]:
    for model in content_models().values():
        queryset = (
            model.objects.live()
            .public()
            .exclude(external_id="")
            .select_related("country")
            .prefetch_related(*_prefetches(model))
            .order_by("pk")
        )
        yield from queryset.iterator(chunk_size=BULK_CHUNK_SIZE)


def _prefetches(model) -> list[str]:
    names = ["sectors", "enterprise_sizes", "target_groups"]
    if any(f.name == "support_types" for f in model._meta.get_fields()):
        names.append("support_types")
    return names


def live_page_count() -> int:
    return sum(
        model.objects.live().public().exclude(external_id="").count()
        for model in content_models().values()
    )


BULK_CHUNK_SIZE = 500  # documents per bulk request (~2 MB): small for a 512 MB heap
REBUILD_REQUEST_TIMEOUT = 60  # seconds
# An index holding fewer documents than this share of the published pages is incomplete:
# a rebuild does not swap to it, and `search_index status` reports it.
COMPLETE_RATIO = 0.9


class IncompleteIndex(RuntimeError):
    """A new index holds far fewer documents than there are published pages."""


# Below this many pages a rebuild runs the text pipeline in the calling process:
# starting worker processes would cost more than they save.
WORKERS_MIN_PAGES = 2_000


@dataclass
class RebuildReport:
    index: str
    documents: int
    seconds: float
    removed_indexes: list[str]


def rebuild_workers(expected: int) -> int:
    """Worker processes for a rebuild of `expected` pages (SEARCH_REBUILD_WORKERS, or auto).

    Auto: one per core but one, at most four, none for a small site. The main process
    reads pages and sends bulks; Elasticsearch usually shares the machine.
    """
    if "fork" not in get_all_start_methods():
        return 0
    configured = getattr(settings, "SEARCH_REBUILD_WORKERS", None)
    if configured is not None:
        return max(0, int(configured))
    if expected < WORKERS_MIN_PAGES:
        return 0
    return max(0, min((os.cpu_count() or 1) - 1, 4))


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Lists of up to `size` items (itertools.batched arrives with Python 3.12)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def bulk_body(
    inputs: list[dict[str, Any]], *, index: str, version: int, languages: tuple[str, ...]
) -> bytes:
    """A bulk request body indexing the documents of `inputs` (search.documents.page_input).

    Runs in a worker process during a large rebuild, so the text pipeline and JSON
    encoding happen there and only bytes come back (a pickled document dict would
    cost the sending process more to unpickle than it would to build). Encoded as
    the client encodes a body.
    """
    lines = []
    for data in inputs:
        document = document_from_input(data, languages)
        header = {"_index": index, "_id": document["id"], "version": version}
        lines.append(json.dumps({"index": {**header, "version_type": "external_gte"}}))
        lines.append(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
    lines.append("")
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def _bulk_bodies(
    pages: Iterable[Any], *, index: str, version: int, workers: int
) -> Iterator[bytes]:
    """Bulk request bodies for `pages`, in order, BULK_CHUNK_SIZE documents each.

    Pages are read here, in the calling thread (its database connection, its
    transaction). With workers, bodies are built in other processes while this
    thread reads the next pages: only plain data goes out and bytes come back.
    """
    vocab = vocabularies()
    make = partial(
        bulk_body, index=index, version=version, languages=tuple(settings.LANGUAGE_CODES)
    )
    inputs = (
        [page_input(page, vocabularies=vocab) for page in batch]
        for batch in _batched(pages, BULK_CHUNK_SIZE)
    )
    if not workers:
        yield from map(make, inputs)
        return
    # fork: a spawned or forkserver child would re-run the caller's main module, and
    # a script that calls rebuild() unguarded would then start processes forever. The
    # children only run pure functions on plain data (no database, locks or logging),
    # and the sender thread starts after the fork. rebuild_workers() is 0 without fork.
    with get_context("fork").Pool(workers, initializer=_worker_signals) as pool:
        pending: deque = deque()
        for batch in inputs:
            pending.append(pool.apply_async(make, (batch,)))
            if len(pending) > workers + 1:  # keep every worker busy while reading on
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        pool.close()  # let the workers finish; leaving the block early terminates them
        pool.join()


def _worker_signals() -> None:
    """Default signal handling in a worker: not the handlers of the process it forked from.

    The parent stops its workers with SIGTERM on failure, and Ctrl-C is the parent's
    to handle.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _send(client: Elasticsearch, body: bytes) -> list[dict[str, Any]]:
    """Send one bulk request; its items' outcomes (transport errors raise)."""
    answer = client.bulk(operations=body, filter_path="items.*._id,items.*.status,items.*.error")
    return answer.body.get("items", [])


def rebuild(
    *,
    progress: Callable[[int, int], None] | None = None,
    drain: Callable[[], int] | None = None,
    pages: Iterable[Any] | None = None,
    total: int | None = None,
) -> RebuildReport:
    """Build a new index from the database and swap the alias to it atomically.

    `pages` (specific pages, `total` of them) replaces the database as the source:
    the benchmark feeds synthetic pages through the same path.
    """
    # Searches give up after ELASTICSEARCH_TIMEOUT and use the database; a rebuild has
    # no fallback, and a 500-document bulk or the final refresh can take longer than
    # that on a busy node (a 5 s timeout failed a 100,000-page benchmark rebuild).
    client = _client().options(request_timeout=REBUILD_REQUEST_TIMEOUT)
    started = datetime.now(UTC)
    name = new_index_name()
    alias = alias_name()
    client.indices.create(index=name, **index_body(), aliases={building_alias(): {}})
    client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "-1"}})
    expected = live_page_count() if pages is None else (total or 0)
    done = 0

    def settle(items: list[dict[str, Any]]) -> None:
        nonlocal done
        for item in items:
            status = next(iter(item.values())).get("status", 500)
            # 409: a newer version was already written by the queue, and wins.
            if status >= 300 and status != 409:
                raise RuntimeError(f"bulk indexing failed: {item}")
            done += 1
            if progress:
                progress(done, expected)

    try:
        # The version is taken before reading: any page change after this moment
        # is written by the queue with a larger version and wins.
        version = current_version()
        # Bulk requests go out from a sender thread while this thread reads the next
        # pages (and worker processes build the next bodies): reading, the text
        # pipeline and Elasticsearch work at the same time.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk") as sender:
            in_flight: deque = deque()
            for body in _bulk_bodies(
                _live_pages() if pages is None else pages,
                index=name,
                version=version,
                workers=rebuild_workers(expected),
            ):
                in_flight.append(sender.submit(_send, client, body))
                while len(in_flight) > 2:
                    settle(in_flight.popleft().result())
            while in_flight:
                settle(in_flight.popleft().result())
        if drain:
            drain()
        client.indices.put_settings(index=name, settings={"index": {"refresh_interval": None}})
        client.indices.refresh(index=name)
        documents = client.count(index=name)["count"]
        if documents < COMPLETE_RATIO * expected:
            raise IncompleteIndex(
                f"{name} holds {documents} documents for {expected} published pages; "
                "the alias stays where it was"
            )
        old = live_indexes(client)
        actions = [
            {"add": {"index": name, "alias": alias}},
            {"remove": {"index": name, "alias": building_alias()}},
        ]
        actions += [{"remove": {"index": index, "alias": alias}} for index in old]
        client.indices.update_aliases(actions=actions)
    except BaseException:
        _discard_unless_live(client, name)
        raise
    # Only indexes the alias has left: if the swap's answer was lost, or another rebuild
    # swapped meanwhile, what the alias points at stays.
    live = set(live_indexes(client))
    for index in old:
        if index not in live:
            client.options(ignore_status=404).indices.delete(index=index)
    seconds = (datetime.now(UTC) - started).total_seconds()
    return RebuildReport(index=name, documents=done, seconds=seconds, removed_indexes=old)


def _discard_unless_live(client: Elasticsearch, name: str) -> None:
    """Delete a failed rebuild's index, unless the alias points at it after all.

    A swap whose answer was lost (a timeout) may have happened: deleting the index then
    would delete the live one. When in doubt, keep it (an orphan costs disk, not search).
    """
    try:
        if name in live_indexes(client):
            logger.warning("Rebuild failed after the alias moved to %s; keeping it", name)
            return
        client.options(ignore_status=404).indices.delete(index=name)
    except Exception as error:
        logger.warning("Could not check or delete the failed rebuild's index %s: %r", name, error)


def status() -> dict[str, Any]:
    """Alias, concrete index, document count against published pages, and completeness."""
    client = _client()
    alias = alias_name()
    try:
        index = next(iter(client.indices.get_alias(name=alias).body))
        count = client.count(index=alias)["count"]
    except NotFoundError:
        index, count = None, 0
    published = live_page_count()
    return {
        "alias": alias,
        "index": index,
        "documents": count,
        "published_pages": published,
        "complete": index is not None and count >= COMPLETE_RATIO * published,
    }
