"""Add the synonym groups of search/data/synonyms.txt that the database lacks."""

from django.core.management.base import BaseCommand

from search.models import SynonymGroup
from search.seed import load_seed


class Command(BaseCommand):
    help = "Add the seed synonym groups (search/data/synonyms.txt) missing from the database."

    def handle(self, *args, **options):
        added = load_seed(SynonymGroup)
        self.stdout.write(f"{added} synonym group(s) added; {SynonymGroup.objects.count()} in all.")
