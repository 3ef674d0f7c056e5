"""The click ping: `<a ping>` on a search result POSTs here when a reader opens it."""

from __future__ import annotations

import logging
import uuid

from django.db.models import F
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from analytics.models import SearchEvent
from search.params import MAX_PAGE_SIZE

logger = logging.getLogger(__name__)

# One page of results can hardly be opened more often by one reader; beyond this a
# token is being replayed, and further pings are ignored.
MAX_CLICKS_PER_EVENT = 50


def _no_content() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # a ping carries a `text/ping` body and no form; it changes one counter
@require_POST
def click(request):
    """Count a click on the search the token names; 204 whatever happens (no oracle)."""
    try:
        token = uuid.UUID(request.GET.get("t", ""))
        position = int(request.GET.get("p", ""))
    except ValueError:
        return _no_content()
    if not 1 <= position <= MAX_PAGE_SIZE:
        return _no_content()
    try:
        SearchEvent.objects.filter(token=token, clicks__lt=MAX_CLICKS_PER_EVENT).update(
            clicks=F("clicks") + 1
        )
    except Exception:  # a lost click is a lost statistic, never a 5xx
        logger.exception("Could not record a search click")
    return _no_content()
