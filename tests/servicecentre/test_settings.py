"""Production settings pass Django's deployment checklist and refuse to run without a key."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from django.conf import settings


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh interpreter, so production settings load from scratch."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


# Variables a developer's shell may set that would loosen production settings.
LOOSENING_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "PASSWORD_RESET_ENABLED",
    "RATE_LIMIT_STORE",
}


def production_env(tmp_path, **overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in LOOSENING_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="servicecentre.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="sme.asean.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}",
        # Password-reset links must reach a mailbox: production refuses to start without SMTP.
        EMAIL_URL="smtp://mailer:pw@mail.asean.example:587?tls=1",
    )
    env.update(overrides)
    return env


def test_production_settings_pass_check_deploy(tmp_path):
    env = production_env(tmp_path)

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    output = result.stdout + result.stderr

    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output.upper()


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = run_manage("check", env=production_env(tmp_path, SECRET_KEY=""))

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
