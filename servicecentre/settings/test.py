"""Test runs: fast hashing, in-memory mail, isolated search indexes."""

import os

from .base import *

SECRET_KEY = "test-only-key"  # noqa: S105  (tests only)
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests share the developer's node without touching the site's indexes.
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "test-servicecentre")
ALLOWED_HOSTS = ["*"]
# Wagtail's housekeeping tasks run inline; the search queue stays durable so tests
# can exercise outages and draining exactly as production does.
TASKS = {
    **TASKS,
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}

# WhiteNoise serves collected files in production; here Django's staticfiles does.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]
# No throttling in the suite; the rate-limit tests turn it on with override_settings.
API_RATE_LIMIT = ""
PAGE_RATE_LIMIT = ""
PASSWORD_RESET_RATE_LIMIT = ""
ALERT_SUBSCRIBE_RATE_LIMIT = ""
# The lockout tests turn it on; browser tests and fixtures log in many times.
AXES_ENABLED = False

# Every search written when its request finishes, so tests see it at once.
SEARCH_ANALYTICS_BATCH = 1
