from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search.client import is_available


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
    search = "ok" if is_available() else "degraded"
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
