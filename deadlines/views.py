"""A page's closing date as a calendar file."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET
from wagtail.models import Page

from deadlines.calendar import Deadline, calendar_file
from deadlines.status import CLOSED, has_window, status_for

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def calendar_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=600"
    return response


@require_GET
def page_calendar(request, page_id: int):
    """The closing date of one live, public scheme or intake; 404 when it has none to come."""
    page = Page.objects.live().public().filter(pk=page_id).specific().first()
    if page is None or not has_window(page) or not page.closes_on or status_for(page) == CLOSED:
        raise Http404("No closing date to come")
    deadline = Deadline(
        uid=f"{page.external_id}-closes-{page.closes_on.isoformat()}@aseansme",
        title=page.title,
        closes_on=page.closes_on,
        url=request.build_absolute_uri(page.get_url(request)),
        description=page.summary,
    )
    return calendar_response(
        calendar_file([deadline], name=page.title), filename=f"{page.external_id}.ics"
    )
