from collections.abc import Callable

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# name -> check answering whether a backing service is available; apps register theirs
# (search registers "search" when it is ready). The core knows no app above it.
HEALTH_CHECKS: dict[str, Callable[[], bool]] = {}


def register_health_check(name: str, check: Callable[[], bool]) -> None:
    HEALTH_CHECKS[name] = check


@never_cache
@require_GET
def healthz(request):
    """Report the database and the search backend; 503 only when the database is down."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:
        database = "down"
    search = "ok" if all(check() for check in HEALTH_CHECKS.values()) else "degraded"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {
            "status": "ok"
            if status == 200 and search == "ok"
            else ("degraded" if status == 200 else "down"),
            "database": database,
            "search": search,
        },
        status=status,
    )
