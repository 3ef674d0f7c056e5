"""Queue the scheduled alert runs (from cron): `send_alerts daily|weekly|reminders`.

The matching and sending happen on the alerts queue (db_worker --backend alerts);
this only enqueues, so a run at midnight never holds the cron job up.
"""

from django.core.management.base import BaseCommand

from alerts.tasks import match_alerts_task, reminders_task


class Command(BaseCommand):
    help = "Queue the daily or weekly alert e-mails, or the day's closing reminders."

    def add_arguments(self, parser):
        parser.add_argument("run", choices=["immediately", "daily", "weekly", "reminders"])

    def handle(self, *, run, **options):
        if run == "reminders":
            reminders_task.enqueue()
        else:
            match_alerts_task.enqueue(run)
        self.stdout.write(f"Queued: {run}")
