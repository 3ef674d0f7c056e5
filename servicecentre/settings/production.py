"""Production: only tightens base.py. Refuses to start without what a live site needs.

SECRET_KEY (strong), ALLOWED_HOSTS, and SMTP (EMAIL_URL or EMAIL_HOST) unless password
reset is turned off with PASSWORD_RESET_ENABLED=0.
"""

import os

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
# The thresholds of Django's own `check --deploy`, enforced at start-up instead of reported.
if (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith(SECRET_KEY_INSECURE_PREFIX)
    or "insecure" in SECRET_KEY
):
    raise ImproperlyConfigured(
        f"SECRET_KEY is weak: use at least {SECRET_KEY_MIN_LENGTH} random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )

# Password-reset links must reach the user's mailbox, never a log.
if WAGTAIL_PASSWORD_RESET_ENABLED and EMAIL_BACKEND.endswith(
    ("console.EmailBackend", "locmem.EmailBackend", "dummy.EmailBackend", "filebased.EmailBackend")
):
    raise ImproperlyConfigured(
        "Set EMAIL_URL (or EMAIL_HOST ...) for SMTP, or PASSWORD_RESET_ENABLED=0 to turn "
        "password reset off."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production runs behind one reverse proxy on the same host (the header above trusts it
# too): count clients by the address it appends to X-Forwarded-For, and read that header
# only on connections from the proxy (TRUSTED_PROXIES).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
# Every web process must see the same counts: the database unless a shared cache
# (Redis, Memcached) is configured; never a per-process cache.
RATE_LIMIT_STORE = os.environ.get("RATE_LIMIT_STORE", "database")
if RATE_LIMIT_STORE == "cache" and CACHES["default"]["BACKEND"].endswith(
    ("LocMemCache", "DummyCache", "FileBasedCache")
):
    raise ImproperlyConfigured(
        "RATE_LIMIT_STORE=cache needs a shared cache with atomic increments (Redis or "
        "Memcached in CACHE_BACKEND); or leave RATE_LIMIT_STORE unset for the database."
    )
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
# On by default (what `check --deploy` asks for), but a deployment whose domain has
# subdomains not on HTTPS, or that is not ready to be preloaded for years, turns them off.
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "1") == "1"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
