from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from servicecentre.content_io.selectors import export_records, record_json
from servicecentre.models import Country
from servicecentre.selectors import content_models


class Command(BaseCommand):
    help = (
        "Write content pages as JSON Lines in the import format (docs/import-format.md), sorted "
        "by id: each page's latest revision, drafts included, so importing it changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--type",
            dest="content_type",
            choices=list(content_models()),
            metavar="TYPE",
            help=f"Only this content type ({', '.join(content_models())}).",
        )
        parser.add_argument(
            "--country", metavar="CODE", help="Only this country code (ASEAN for FTA guides)."
        )
        parser.add_argument(
            "--live",
            action="store_true",
            help="Only live pages, as published (instead of the latest revisions).",
        )
        parser.add_argument(
            "-o", "--output", metavar="OUT", help="Write to this file instead of standard output."
        )
        parser.add_argument("out", nargs="?", metavar="OUT", help="Same as --output.")

    def handle(
        self, *args, content_type=None, country=None, live=False, output=None, out=None, **options
    ):
        if output and out and output != out:
            raise CommandError("Give the output file once.")
        output = output or out
        if country and not Country.objects.filter(code=country).exists():
            raise CommandError(f"Unknown country code {country!r}.")
        records = export_records(content_type=content_type, country=country, live=live)
        lines = "".join(record_json(record) + "\n" for record in records)
        if output and output != "-":
            Path(output).write_text(lines, encoding="utf-8")
            pages = "page" if len(records) == 1 else "pages"
            self.stderr.write(f"Exported {len(records)} {pages} to {output}.")
        else:
            self.stdout.write(lines, ending="")
