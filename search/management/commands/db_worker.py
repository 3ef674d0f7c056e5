"""django-tasks-db's worker, which first re-queues index syncs a dead worker left RUNNING."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from search.tasks import reclaim_stale_tasks


class Command(DbWorkerCommand):
    def handle(self, *args, **options):
        if options.get("backend_name") == "search":
            reclaim_stale_tasks()
        return super().handle(*args, **options)
