"""A local SMTP server that keeps every message it receives as an .eml file.

`make run` starts it on 127.0.0.1:1025 (var/mail/); the mail tests start one on a
free loopback port. Nothing is relayed anywhere.
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path

from aiosmtpd.controller import Controller

_counter = itertools.count(1)


class MaildirHandler:
    """aiosmtpd handler: write each message to `directory` as <time>-<n>.eml."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{next(_counter):05d}.eml"
        path = self.directory / name
        # Write then rename, so a reader never sees half a message.
        partial = path.with_suffix(".part")
        partial.write_bytes(envelope.original_content or envelope.content)
        partial.rename(path)
        return "250 Message accepted for delivery"


def start_sink(*, directory: Path, host: str = "127.0.0.1", port: int = 1025) -> Controller:
    """Start the sink in a background thread; call `.stop()` on the answer to stop it."""
    controller = Controller(MaildirHandler(directory), hostname=host, port=port)
    controller.start()
    return controller


def received(directory: Path) -> list[Path]:
    """The .eml files in `directory`, oldest first."""
    return sorted(Path(directory).glob("*.eml"))
