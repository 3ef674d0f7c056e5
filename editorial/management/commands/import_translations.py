from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from editorial.services import TranslationImportError, import_translations


class Command(BaseCommand):
    help = (
        "Import a translated XLIFF 1.2 file: all or nothing, only the file's language. "
        "With --user, it runs with that user's rights and is logged in their name."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--user", help="Username of the translator (default: none, full rights)."
        )

    def handle(self, *args, file: str, user: str | None = None, **options):
        account = None
        if user:
            try:
                account = get_user_model().objects.get_by_natural_key(user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user {user}.") from None
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        try:
            result = import_translations(data=data, user=account, filename=path.name)
        except TranslationImportError as error:
            for message in error.errors:
                self.stderr.write(f"{file}: {message}")
            raise CommandError(f"{file}: refused, nothing was imported.") from None
        for outcome in result.pages:
            self.stdout.write(
                f"{outcome.page.external_id}: {', '.join(outcome.fields)} → {outcome.result}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.units} {result.language} fields on {len(result.pages)} pages."
            )
        )
