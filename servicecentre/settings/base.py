"""Settings shared by every environment; each value is read from the environment.

`dev.py`, `test.py` and `production.py` only adjust what differs.
"""

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable as a list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    # modeltranslation patches Wagtail's Page and must come before the apps it translates;
    # its migrate/makemigrations apps take over those commands to sync Page's columns.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "modeltranslation",
    "servicecentre",
    "finance_directory",
    "market_info",
    "onestop",
    "abinet",
    "msme",
    "finder",
    "search",
    "editorial",
    "analytics",
    "provenance",
    "alerts",
    "opendata",
    "kpi",
    "deadlines",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",  # last, as django-axes asks: it wraps the authentication backends
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "servicecentre.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and the database: a throttled request costs one cache hit.
    "servicecentre.ratelimit.RateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads the body (CSRF, views): big bodies only from signed-in users.
    "servicecentre.uploads.PublicBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: answers a locked-out login attempt (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "servicecentre.urls"
WSGI_APPLICATION = "servicecentre.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "servicecentre.context_processors.site_context",
            ],
        },
    },
]

# Database: SQLite by default, anything dj-database-url understands otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out account or address before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -------------------------------------------------------------
# Django 5.2 has no Lao or Filipino; teach it their names and direction so
# `get_language_info`, the switcher and `<html lang>` work for them too.
LANG_INFO.setdefault("lo", {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ລາວ"})
LANG_INFO.setdefault(
    "fil", {"bidi": False, "code": "fil", "name": "Filipino", "name_local": "Filipino"}
)

# Django names Khmer "Khmer" in its own list; readers look for their own script.
LANG_INFO["km"] = {**LANG_INFO["km"], "name_local": "ខ្មែរ"}

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ms", _("Malay")),
    ("id", _("Indonesian")),
    ("th", _("Thai")),
    ("vi", _("Vietnamese")),
    ("km", _("Khmer")),
    ("lo", _("Lao")),
    ("my", _("Burmese")),
    ("fil", _("Filipino")),
    ("zh-hans", _("Simplified Chinese")),
    ("ta", _("Tamil")),
]
LANGUAGE_CODES = [code for code, _name in LANGUAGES]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"  # the ASEAN Secretariat's time zone

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# One URL per page in every language: the language prefix is the only difference,
# so the switcher, hreflang and search result URLs stay simple and stable.
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = False
WAGTAIL_I18N_ENABLED = False  # translation is modeltranslation's job, not Wagtail's locales

# --- Static and media ------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Wagtail -----------------------------------------------------------------
WAGTAIL_SITE_NAME = "ASEAN SME Service Centre"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's own admin search stays on the database: the integ-test Elasticsearch
# lacks the analysis modules modelsearch's Elasticsearch backend needs.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}
MODELSEARCH_BACKENDS = WAGTAILSEARCH_BACKENDS
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx", "zip"]
# Upload caps, enforced by Wagtail's upload forms. Willow decodes an image before Wagtail
# counts its pixels, so servicecentre.uploads also tightens Pillow's decompression-bomb
# guard to the pixel cap: bigger images are refused from their header. Django sees the
# size only once the body has arrived, so the web server in front should cap bodies too.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 2**20))
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("WAGTAILIMAGES_MAX_IMAGE_PIXELS", 40_000_000))
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("WAGTAILDOCS_MAX_UPLOAD_SIZE", 20 * 2**20))
# Non-file form data (files are streamed to disk past FILE_UPLOAD_MAX_MEMORY_SIZE).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", 25 * 2**20))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default: larger uploads go to a temp file
# Whole request bodies from visitors who are not signed in (files included); 0 disables.
PUBLIC_MAX_BODY_SIZE = int(os.environ.get("PUBLIC_MAX_BODY_SIZE", 25 * 2**20))
WAGTAILADMIN_COMMENTS_ENABLED = True

# --- Queue (django-tasks, durable in the database) ---------------------------
# Wagtail's own tasks use "default"; the search index queue uses "search". Both are
# rows in the database, so nothing queued is lost when a process or Elasticsearch dies.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "search": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["search"]},
    # E-mail alerts and reminders (alerts/): matching and sending, retried while the
    # mail server is down.
    "alerts": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["alerts"]},
    "opendata": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["opendata"]},
}

# --- Open data (opendata/) ----------------------------------------------------
OPEN_DATA_ROOT = Path(os.environ.get("OPEN_DATA_ROOT", BASE_DIR / "var" / "opendata"))
# A build waits this long after the first change, so a burst of edits costs one build.
OPEN_DATA_DEBOUNCE_SECONDS = int(os.environ.get("OPEN_DATA_DEBOUNCE_SECONDS", "60"))

# --- Search ------------------------------------------------------------------
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "servicecentre")
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "5"))
# A node that does not accept the connection within this is as good as down.
ELASTICSEARCH_CONNECT_TIMEOUT = float(os.environ.get("ELASTICSEARCH_CONNECT_TIMEOUT", "0.5"))
# Circuit breaker (search.client): after this many consecutive failures, searches,
# suggestions and the health check answer without the node for the cool-down (seconds).
SEARCH_BREAKER_FAILURES = int(os.environ.get("SEARCH_BREAKER_FAILURES", "3"))
SEARCH_BREAKER_COOLDOWN = float(os.environ.get("SEARCH_BREAKER_COOLDOWN", "30"))
# An index sync takes seconds; one RUNNING longer than this lost its worker and is re-queued.
SEARCH_TASK_STALE_SECONDS = int(os.environ.get("SEARCH_TASK_STALE_SECONDS", "300"))
# Worker processes that run the text pipeline during `search_index rebuild`; unset
# means one per core but one (none under 2,000 pages). See search.indexing.
SEARCH_REBUILD_WORKERS = (
    int(os.environ["SEARCH_REBUILD_WORKERS"]) if os.environ.get("SEARCH_REBUILD_WORKERS") else None
)

# --- Cache -------------------------------------------------------------------
# Per-process memory by default. The API rate limit counts in this cache, so a
# production site served by several processes or hosts needs a shared one, e.g.
# CACHE_BACKEND=django.core.cache.backends.db.DatabaseCache CACHE_LOCATION=cache_table
# (then `manage.py createcachetable`), or Redis/Memcached.
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "servicecentre"),
    }
}

# --- Security headers and API rate limit --------------------------------------
# Read by servicecentre.headers. Named apart from django-csp 4's CONTENT_SECURITY_POLICY
# and Django 6's SECURE_CSP, which have other shapes and one policy for every path.
# The public site runs no inline script or style: templates load /static/ files only.
CSP_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Wagtail 8's admin still renders inline scripts (date pickers, inline panels) and
# style attributes, shows upload previews from blob: URLs and frames its own preview;
# all of that only for signed-in editors.
CSP_ADMIN_POLICY = {
    **CSP_POLICY,
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    # The dashboard's "Wagtail upgrade available" notice fetches the latest version.
    "connect-src": ["'self'", "https://releases.wagtail.org"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}
CSP_ADMIN_PATHS = ["/admin/", "/django-admin/"]
CSP_REPORT_ONLY = os.environ.get("CSP_REPORT_ONLY", "0") == "1"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Editors' avatars stay local: no e-mail hashes sent to Gravatar, nothing for the CSP to allow.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# "requests/seconds" per client on every path below API_RATE_LIMIT_PATHS; empty disables.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/60")
API_RATE_LIMIT_PATHS = ["/api/"]
API_RATE_LIMIT_CACHE = "default"
# Pages that cost work whoever asks (the HTML search page, also a directory's, and the
# health check), one budget per client apart from the API's; regular expressions.
PAGE_RATE_LIMIT = os.environ.get("PAGE_RATE_LIMIT", "60/60")
PAGE_RATE_LIMIT_PATHS = [
    r"^/healthz$",
    r"^/[a-z]{2,3}(?:-[a-z]+)?/search/",
    # A search's results as CSV: up to 1,000 rows a request (opendata.views).
    r"^/[a-z]{2,3}(?:-[a-z]+)?/data/search\.csv$",
]
# Password-reset requests, per address and per e-mail address asked for.
PASSWORD_RESET_RATE_LIMIT = os.environ.get("PASSWORD_RESET_RATE_LIMIT", "5/3600")
PASSWORD_RESET_PATHS = [r"^/admin/password_reset/$"]
# Where the counts live: "cache" (CACHES["default"]; shared only with Redis or Memcached)
# or "database" (one atomic upsert per request, shared by every process).
RATE_LIMIT_STORE = os.environ.get("RATE_LIMIT_STORE", "cache")
# How many reverse proxies in front append to X-Forwarded-For; 0 counts REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# X-Forwarded-For is read only on connections from these addresses or networks.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")

# --- Admin login lockout (django-axes) -------------------------------------------
# After AXES_FAILURE_LIMIT failed logins, the account is locked whatever the address,
# and the address whatever the account, for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# The same client address as the rate limits: X-Forwarded-For only from TRUSTED_PROXIES.
AXES_CLIENT_IP_CALLABLE = "servicecentre.ratelimit.request_client_address"
AXES_VERBOSE = False


# --- Mail --------------------------------------------------------------------
# SMTP from EMAIL_URL (smtp://user:password@host:587?tls=1, smtps://... for implicit TLS)
# or from EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
# EMAIL_USE_SSL. Without either, mail goes to the console (development).
def _email_settings() -> dict:
    from urllib.parse import parse_qs, unquote, urlsplit

    url = os.environ.get("EMAIL_URL", "")
    if url:
        parts = urlsplit(url)
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            "EMAIL_HOST": parts.hostname or "",
            "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": parts.scheme == "smtps",
            "EMAIL_USE_TLS": parts.scheme != "smtps" and query.get("tls", "0") == "1",
        }
    return {
        "EMAIL_HOST": os.environ.get("EMAIL_HOST", ""),
        "EMAIL_PORT": int(os.environ.get("EMAIL_PORT", "25")),
        "EMAIL_HOST_USER": os.environ.get("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_TLS": os.environ.get("EMAIL_USE_TLS", "0") == "1",
        "EMAIL_USE_SSL": os.environ.get("EMAIL_USE_SSL", "0") == "1",
    }


globals().update(_email_settings())
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST  # noqa: F821 (set just above)
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_TIMEOUT = 10
# Admin password reset by e-mail; production refuses to start with it on and no SMTP.
WAGTAIL_PASSWORD_RESET_ENABLED = os.environ.get("PASSWORD_RESET_ENABLED", "1") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@servicecentre.invalid")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# Alert and reminder sign-ups ("requests/seconds"), per client address and per e-mail
# address asked for; empty disables.
ALERT_SUBSCRIBE_RATE_LIMIT = os.environ.get("ALERT_SUBSCRIBE_RATE_LIMIT", "5/3600")
# "Immediately" alerts wait this long after a publish, so the index sync runs first.
ALERTS_MATCH_DELAY_SECONDS = int(os.environ.get("ALERTS_MATCH_DELAY_SECONDS", "15"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "search": {"level": os.environ.get("SEARCH_LOG_LEVEL", "INFO")},
        "elastic_transport": {"level": "ERROR"},
    },
}

# --- Search analytics (analytics/README.md) -------------------------------------------
# Searches are written in batches after their responses: this many at once, or when the
# oldest has waited this long (whichever comes first).
SEARCH_ANALYTICS_BATCH = int(os.environ.get("SEARCH_ANALYTICS_BATCH", "25"))
SEARCH_ANALYTICS_FLUSH_SECONDS = float(os.environ.get("SEARCH_ANALYTICS_FLUSH_SECONDS", "10"))
