from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from servicecentre.content_io.services import ImportFailed, import_content


class Command(BaseCommand):
    help = (
        "Import content pages from JSON Lines (.jsonl) or CSV (.csv) files, as described in "
        "docs/import-format.md. Every file is validated first; any error means nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and list what would change, but write nothing.",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Save new and changed pages as drafts instead of publishing them.",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Treat warnings (such as a home page cited for a figure) as errors.",
        )
        parser.add_argument(
            "--user", metavar="USERNAME", help="Record this user as the author of the revisions."
        )

    def handle(
        self,
        *args,
        files,
        dry_run=False,
        draft=False,
        user=None,
        strict=False,
        verbosity=1,
        **options,
    ):
        acting_user = None
        if user:
            user_model = get_user_model()
            try:
                acting_user = user_model.objects.get(**{user_model.USERNAME_FIELD: user})
            except user_model.DoesNotExist:
                raise CommandError(f"There is no user {user!r}.") from None
        try:
            result = import_content(
                paths=files,
                dry_run=dry_run,
                draft=draft,
                user=acting_user,
                progress=self._progress_bar,
                strict=strict,
            )
        except ImportFailed as failure:
            for problem in failure.problems:
                self.stderr.write(str(problem))
            count = len(failure.problems)
            raise CommandError(
                f"{count} error{'s' if count != 1 else ''} in the input; nothing was imported."
            ) from None
        self._warn(result.warnings, verbosity=verbosity)
        if dry_run or verbosity >= 2:
            for planned in result.pages:
                where = f"{planned.file}:{planned.line}"
                self.stdout.write(
                    f"{planned.action:9} {planned.external_id} "
                    f"({planned.content_type}, {planned.country})  {where}"
                )
        if dry_run:
            self.stdout.write(f"Dry run, nothing was written. Would import {result.summary()}.")
        else:
            drafts = " (new and changed pages saved as drafts)" if draft else ""
            self.stdout.write(f"Imported {result.summary()}{drafts}.")

    def _warn(self, warnings, *, verbosity: int) -> None:
        """Warnings one per line at -v 2; otherwise one line per file and kind of warning."""
        if verbosity >= 2:
            for warning in warnings:
                self.stderr.write(f"warning: {warning}", style_func=self.style.WARNING)
            return
        grouped = defaultdict(list)
        for warning in warnings:
            grouped[(warning.file, warning.field, warning.message)].append(str(warning.line))
        for (file, field, message), lines in grouped.items():
            where = (
                f"line {lines[0]}"
                if len(lines) == 1
                else f"{len(lines)} lines ({lines[0]}, ..., {lines[-1]})"
            )
            self.stderr.write(
                f"warning: {file}: {field}: {message}, on {where}", style_func=self.style.WARNING
            )

    def _progress_bar(self, pages):
        # Straight to the stream: the bar redraws its line, which OutputWrapper would break.
        return tqdm(
            pages,
            total=len(pages),
            desc="Importing",
            unit="page",
            file=self.stderr._out,
            disable=None,
            leave=False,
        )
