"""Fixtures for the alert tests: a real SMTP server on loopback, the real search node."""

from __future__ import annotations

import socket
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from django.conf import settings

from alerts.mail_sink import received, start_sink


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    """An aiosmtpd server on a free loopback port that keeps each message as .eml."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.controller = None

    def start(self) -> None:
        self.controller = start_sink(directory=self.directory, port=self.port)

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def messages(self) -> list[EmailMessage]:
        parser = BytesParser(policy=policy.default)
        return [parser.parsebytes(path.read_bytes()) for path in received(self.directory)]


@pytest.fixture
def smtp_sink(tmp_path, settings) -> SmtpSink:
    """Mail goes through Django's SMTP backend to a real server that writes files."""
    sink = SmtpSink(tmp_path / "mail")
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield sink
    sink.stop()


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def link_after(text: str, marker: str) -> str:
    """The first URL in `text` that contains `marker` (e.g. "/alerts/confirm/")."""
    for word in text.split():
        if marker in word and word.startswith("http"):
            return word
    raise AssertionError(f"no link with {marker!r} in:\n{text}")


def path_of(url: str) -> str:
    return url.removeprefix(settings.WAGTAILADMIN_BASE_URL.rstrip("/"))
