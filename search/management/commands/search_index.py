import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from search import indexing
from search.status_refresh import refresh_statuses, schedule_status_refresh, status_disagreements
from search.tasks import drain_queue, pending_count, queue_report, settle_queued_before


class Command(BaseCommand):
    help = (
        "Manage the public search index: `rebuild` (zero downtime), `status`, "
        "`drain` (run queued syncs), `refresh_status` (queue syncs of pages whose call "
        "status changed, and schedule the refresh at each local midnight)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status", "drain", "refresh_status"])

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, f"handle_{action}")()
        except indexing.SearchUnavailable as error:
            raise CommandError(str(error)) from error
        except CommandError:
            raise
        except Exception as error:
            raise CommandError(f"Elasticsearch error: {error}") from error

    def handle_rebuild(self):
        bar = tqdm(
            total=indexing.live_page_count(),
            unit="doc",
            desc="Indexing",
            file=sys.stderr,
            disable=None,
        )

        def progress(done: int, total: int) -> None:
            bar.total = max(total, done)
            bar.update(done - bar.n)

        started = timezone.now()

        def replay() -> int:
            # Syncs queued before the rebuild read the database are already in the new
            # index; replay only what changed while it was being built.
            settle_queued_before(started)
            return drain_queue()

        report = indexing.rebuild(progress=progress, drain=replay)
        bar.close()
        rate = report.documents / report.seconds if report.seconds else 0
        self.stdout.write(
            f"Rebuilt {report.index}: {report.documents} documents in {report.seconds:.1f} s "
            f"({rate:.0f} docs/s); removed {len(report.removed_indexes)} old index(es)."
        )

    def handle_status(self):
        status = indexing.status()
        self.stdout.write(f"alias:           {status['alias']}")
        self.stdout.write(
            f"index:           {status['index'] or '(none: run search_index rebuild)'}"
        )
        self.stdout.write(f"documents:       {status['documents']}")
        self.stdout.write(f"published pages: {status['published_pages']}")
        if status["index"] and not status["complete"]:
            self.stdout.write(
                "INCOMPLETE:      the index holds far fewer documents than published pages; "
                "run `search_index rebuild`"
            )
        if status["index"]:
            stale = status_disagreements()
            self.stdout.write(f"status outdated: {len(stale)} (expected 0)")
            for item in stale[:20]:
                self.stdout.write(
                    f"  {item.id}: indexed {item.indexed}, dates give {item.expected}"
                )
        queue = queue_report()
        self.stdout.write(f"pending queue:   {queue.pending}")
        self.stdout.write(f"running:         {queue.running}")
        if queue.stale:
            self.stdout.write(
                f"stale running:   {queue.stale} (worker lost; re-queued by the next sync "
                "or `search_index drain`)"
            )
        self.stdout.write(f"failed attempts: {queue.retried_failures} (retried)")
        self.stdout.write(f"failed for good: {len(queue.permanent_failures)} (not retried)")
        for line in queue.permanent_failures:
            self.stdout.write(f"  {line}")

    def handle_refresh_status(self):
        changed = refresh_statuses()
        scheduled = schedule_status_refresh()
        self.stdout.write(
            f"Queued index syncs of {changed} page(s) whose status changed; next refresh "
            + ("scheduled at the next local midnight." if scheduled else "already scheduled.")
        )

    def handle_drain(self):
        self.stdout.write(
            f"Ran {drain_queue()} queued index sync(s); {pending_count()} still pending."
        )
