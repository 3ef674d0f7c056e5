"""Production sends cookies only over HTTPS, pins HTTPS with HSTS and keeps the API throttled."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

# Runs in a fresh interpreter: production settings must load from scratch, not on top
# of the test settings this process already holds.
PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
from PIL import Image

client = Client(raise_request_exception=False)
secure = client.get("/healthz", secure=True, HTTP_HOST="sme.asean.example")
plain = client.get("/healthz", HTTP_HOST="sme.asean.example")
names = [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "API_RATE_LIMIT", "TRUSTED_PROXY_COUNT",
    "TRUSTED_PROXIES", "RATE_LIMIT_STORE", "EMAIL_BACKEND",
    "CSP_POLICY", "CSP_REPORT_ONLY", "MIDDLEWARE",
]
print(json.dumps({
    "settings": {name: getattr(settings, name) for name in names},
    "secure_headers": dict(secure.headers),
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "pil_max_image_pixels": Image.MAX_IMAGE_PIXELS,
}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    keep = {
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "API_RATE_LIMIT",
        "TRUSTED_PROXY_COUNT",
        "CSP_REPORT_ONLY",
        "TRUSTED_PROXIES",
        "RATE_LIMIT_STORE",
        "EMAIL_URL",
        "EMAIL_HOST",
        "PASSWORD_RESET_ENABLED",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
    }
    env = {key: value for key, value in os.environ.items() if key not in keep}
    env.update(
        DJANGO_SETTINGS_MODULE="servicecentre.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="sme.asean.example",
        DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('prod') / 'probe.sqlite3'}",
        PYTHONWARNINGS="ignore",
        EMAIL_URL="smtp://mailer:pw@mail.asean.example:587?tls=1",
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_cookies_are_secure_and_debug_is_off(production):
    values = production["settings"]
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True


def test_https_is_enforced_and_pinned_for_a_year_with_hsts(production):
    values = production["settings"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert production["plain_status"] == 301
    assert production["plain_location"] == "https://sme.asean.example/healthz"
    assert production["secure_headers"]["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_production_responses_carry_the_strict_policy_and_companion_headers(production):
    headers = production["secure_headers"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert "script-src 'self';" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]
    assert production["settings"]["CSP_REPORT_ONLY"] is False


def test_the_api_is_throttled_per_client_behind_the_proxy(production):
    values = production["settings"]
    assert values["API_RATE_LIMIT"] == "120/60"
    assert values["TRUSTED_PROXY_COUNT"] == 1
    assert values["TRUSTED_PROXIES"] == ["127.0.0.1", "::1"]
    assert values["RATE_LIMIT_STORE"] == "database"
    assert "servicecentre.ratelimit.RateLimitMiddleware" in values["MIDDLEWARE"]
    assert "servicecentre.headers.SecurityHeadersMiddleware" in values["MIDDLEWARE"]


def test_pillows_decompression_bomb_guard_stays_on_in_production(production):
    assert production["pil_max_image_pixels"] is not None
    assert 2 * production["pil_max_image_pixels"] == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
