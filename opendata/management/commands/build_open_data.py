from django.core.management.base import BaseCommand

from opendata.services import build_open_data, open_data_root


class Command(BaseCommand):
    help = (
        "Regenerate the open data files now (one CSV per content type, the JSON Lines "
        "export and catalog.json) from the live public pages, and switch to them atomically."
    )

    def handle(self, *args, **options):
        catalog = build_open_data()
        for dataset in catalog["dataset"]:
            for distribution in dataset["distribution"]:
                self.stdout.write(
                    f"{distribution['fileName']}: {dataset['numberOfRecords']} records, "
                    f"{distribution['byteSize']} bytes"
                )
        self.stdout.write(f"Open data written to {open_data_root() / 'current'}.")
