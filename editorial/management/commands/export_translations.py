from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from editorial.services import export_translations
from editorial.texts import site_language, target_languages
from servicecentre.models import Country


class Command(BaseCommand):
    help = "Write one country's missing and outdated translations in one language as XLIFF 1.2."

    def add_arguments(self, parser):
        parser.add_argument(
            "--country", required=True, help="Country code, e.g. TH (ASEAN for FTA guides)."
        )
        parser.add_argument("--language", required=True, help="Target language, e.g. th.")
        parser.add_argument("-o", "--output", required=True, help="File to write ('-' for stdout).")

    def handle(self, *args, country: str, language: str, output: str, **options):
        country = country.upper()
        if not Country.objects.filter(code=country).exists():
            raise CommandError(f"Unknown country {country}.")
        code = site_language(language)
        if code not in target_languages():
            raise CommandError(
                f"Unknown language {language}; use one of {', '.join(target_languages())}."
            )
        data, units = export_translations(country=country, language=code)
        if output == "-":
            self.stdout.write(data.decode("utf-8"), ending="")
        else:
            Path(output).write_bytes(data)
            self.stderr.write(
                f"Wrote {units} units to translate into {code} for {country} to {output}."
            )
