"""Run the local SMTP sink in the foreground: `python manage.py mail_sink`."""

import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from alerts.mail_sink import start_sink


class Command(BaseCommand):
    help = "Receive mail on a local port and keep each message as an .eml file."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=1025)
        parser.add_argument("--directory", default=str(Path(settings.BASE_DIR) / "var" / "mail"))

    def handle(self, *, host, port, directory, **options):
        controller = start_sink(directory=Path(directory), host=host, port=port)
        self.stdout.write(f"Mail sink on {host}:{port}; messages in {directory}/")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
