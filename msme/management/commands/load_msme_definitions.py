from django.core.management.base import BaseCommand

from msme.services import load_definitions


class Command(BaseCommand):
    help = (
        "Load the national MSME size definitions of Appendix A (msme/data/appendix_a.json). "
        "Idempotent: creates what is missing and leaves admin edits alone unless --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Overwrite existing definitions and their thresholds with the data file's.",
        )

    def handle(self, *args, **options):
        counts = load_definitions(reset=options["reset"])
        self.stdout.write(
            "MSME definitions: {created} created, {updated} reset, {unchanged} left as they were; "
            "{countries} missing countries created.".format(**counts)
        )
