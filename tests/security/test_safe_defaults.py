"""A process never falls back to DEBUG: production is the default and refuses weak set-ups.

Each case starts a fresh interpreter, as a server or an operator's shell would, with
only the environment it names.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

STRONG_KEY = secrets.token_urlsafe(64)
SMTP = "smtp://mailer:p%40ss@mail.asean.example:587?tls=1"

SHOW_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({name: getattr(settings, name) for name in (
    "SETTINGS_MODULE", "DEBUG", "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "WAGTAIL_PASSWORD_RESET_ENABLED",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
)}))
"""


def run(code: str, *, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter with a clean environment plus `env`."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECRET_", "EMAIL_", "SECURE_", "PASSWORD_", "DEBUG"))
    }
    clean.update(PYTHONPATH=str(settings.BASE_DIR), PYTHONWARNINGS="ignore", **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd or settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def wsgi_settings(**env: str) -> subprocess.CompletedProcess:
    return run("import servicecentre.wsgi\n" + SHOW_SETTINGS, **env)


def test_the_wsgi_server_refuses_to_start_without_settings_or_a_key():
    result = wsgi_settings()

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY" in result.stderr


def test_the_wsgi_server_defaults_to_production_settings_with_debug_off():
    result = wsgi_settings(SECRET_KEY=STRONG_KEY, EMAIL_URL=SMTP)

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["SETTINGS_MODULE"] == "servicecentre.settings.production"
    assert values["DEBUG"] is False


@pytest.mark.parametrize(
    "key",
    ["short-key", "a" * 80, "django-insecure-" + secrets.token_urlsafe(64)],
    ids=["too short", "too few characters", "django's insecure prefix"],
)
def test_production_refuses_a_weak_secret_key(key):
    result = wsgi_settings(SECRET_KEY=key, EMAIL_URL=SMTP)

    assert result.returncode != 0
    assert "SECRET_KEY is weak" in result.stderr


def test_manage_py_outside_a_checkout_uses_production_settings(tmp_path):
    shutil.copy(settings.BASE_DIR / "manage.py", tmp_path / "manage.py")

    result = run(
        "import runpy, sys; sys.argv = ['manage.py', 'diffsettings']; "
        "runpy.run_path('manage.py', run_name='__main__')",
        cwd=tmp_path,
    )

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_manage_py_in_a_checkout_opts_into_development_settings():
    result = run(
        "import runpy, sys; sys.argv = ['manage.py', 'diffsettings', '--output', 'unified']; "
        "runpy.run_path('manage.py', run_name='__main__')"
    )

    assert result.returncode == 0, result.stderr
    assert "+ DEBUG = True" in result.stdout


def test_production_refuses_to_start_with_password_reset_but_no_smtp():
    result = wsgi_settings(SECRET_KEY=STRONG_KEY)

    assert result.returncode != 0
    assert "Set EMAIL_URL" in result.stderr


def test_production_starts_without_smtp_when_password_reset_is_turned_off():
    result = wsgi_settings(SECRET_KEY=STRONG_KEY, PASSWORD_RESET_ENABLED="0")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["WAGTAIL_PASSWORD_RESET_ENABLED"] is False


def test_smtp_is_configured_from_email_url():
    result = wsgi_settings(SECRET_KEY=STRONG_KEY, EMAIL_URL=SMTP)

    values = json.loads(result.stdout)
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("mail.asean.example", 587)
    assert (values["EMAIL_HOST_USER"], values["EMAIL_HOST_PASSWORD"]) == ("mailer", "p@ss")
    assert values["EMAIL_USE_TLS"] is True


def test_smtp_is_configured_from_email_host_and_port():
    result = wsgi_settings(
        SECRET_KEY=STRONG_KEY, EMAIL_HOST="mail.asean.example", EMAIL_PORT="2525"
    )

    values = json.loads(result.stdout)
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("mail.asean.example", 2525)


def test_hsts_subdomains_and_preload_are_settings_a_deployment_can_turn_off():
    default = json.loads(wsgi_settings(SECRET_KEY=STRONG_KEY, EMAIL_URL=SMTP).stdout)
    turned_off = json.loads(
        wsgi_settings(
            SECRET_KEY=STRONG_KEY,
            EMAIL_URL=SMTP,
            SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
            SECURE_HSTS_PRELOAD="0",
        ).stdout
    )

    assert default["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert default["SECURE_HSTS_PRELOAD"] is True
    assert turned_off["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert turned_off["SECURE_HSTS_PRELOAD"] is False


def test_production_refuses_a_per_process_cache_for_the_rate_limits():
    result = wsgi_settings(SECRET_KEY=STRONG_KEY, EMAIL_URL=SMTP, RATE_LIMIT_STORE="cache")

    assert result.returncode != 0
    assert "RATE_LIMIT_STORE=cache needs a shared cache" in result.stderr
