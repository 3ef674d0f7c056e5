from django.core.management.base import BaseCommand

from editorial.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Create the editorial groups (per country editors and approvers, the ASEAN Secretariat, "
        "translators per language), collections and review workflows. Idempotent."
    )

    def handle(self, *args, **options):
        summary = setup_roles()
        for label, created in (
            ("groups", summary.groups),
            ("collections", summary.collections),
            ("workflows", summary.workflows),
        ):
            if created:
                self.stdout.write(f"Created {len(created)} {label}: {', '.join(created)}")
        self.stdout.write(self.style.SUCCESS("Editorial roles ready."))
