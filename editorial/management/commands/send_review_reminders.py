from django.core.management.base import BaseCommand

from editorial.services import send_review_reminders


class Command(BaseCommand):
    help = (
        "E-mail each country's editors the live pages past their review date: one e-mail per "
        "editor listing all their overdue pages. Run it daily or weekly from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--country", help="Only this country code.")
        parser.add_argument("--dry-run", action="store_true", help="Print, do not send.")

    def handle(self, *args, country: str | None = None, dry_run: bool = False, **options):
        summary = send_review_reminders(
            country=country.upper() if country else None, dry_run=dry_run
        )
        verb = "Would send" if dry_run else "Sent"
        for address, pages in summary.emails:
            self.stdout.write(f"  {address}: {pages} overdue page{'s' if pages != 1 else ''}")
        self.stdout.write(
            f"{verb} {len(summary.emails)} e-mail{'s' if len(summary.emails) != 1 else ''} "
            f"about {summary.overdue} overdue page{'s' if summary.overdue != 1 else ''}."
        )
        for code, pages in sorted(summary.unreached.items()):
            self.stdout.write(
                self.style.WARNING(
                    f"  {code}: {pages} overdue page(s) but no editor with an e-mail address."
                )
            )
