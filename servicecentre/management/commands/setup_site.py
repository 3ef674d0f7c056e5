import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from servicecentre.services import ensure_site_structure


class Command(BaseCommand):
    help = "Create the taxonomy, home page, country hubs and sections (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin",
            action="store_true",
            help="Also create a local superuser 'admin' (password kept in var/admin-password.txt).",
        )

    def handle(self, *args, admin: bool = False, **options):
        home = ensure_site_structure()
        self.stdout.write(f"Site structure ready under '{home.title}'.")
        if admin:
            self._ensure_admin()

    def _ensure_admin(self) -> None:
        password_file = settings.BASE_DIR / "var" / "admin-password.txt"
        user_model = get_user_model()
        user = user_model.objects.filter(username="admin").first()
        if user is None or not password_file.exists():
            password = secrets.token_urlsafe(12)
            if user is None:
                user = user_model.objects.create_superuser("admin", "admin@localhost", password)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            password_file.parent.mkdir(exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        password = password_file.read_text().strip()
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: http://127.0.0.1:8000/admin/  user: admin  password: {password}"
            )
        )
