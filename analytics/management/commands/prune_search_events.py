"""Delete search events older than a number of days (365 by default)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from analytics.models import SearchEvent

DEFAULT_DAYS = 365


class Command(BaseCommand):
    help = "Delete recorded searches older than --days days (default 365)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS)

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError("--days must be at least 1")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        deleted, _by_model = SearchEvent.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} search event(s) older than {days} days.")
