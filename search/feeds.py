"""Every search as an Atom feed, and its open calls' closing dates as a calendar file.

Both take the search page's parameters (`/<lang>/search/feed/?country=TH&status=open`)
and answer what that page lists, through the same search service.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext, override
from django.views.decorators.http import require_GET

from deadlines.calendar import Deadline, calendar_file
from deadlines.formats import long_date
from deadlines.status import CLOSED, CLOSING_SOON, OPEN, STATUS_LABELS, UPCOMING
from deadlines.views import calendar_response
from search.backends import SearchResult
from search.params import SearchParams, parse_search_params, query_string
from search.service import facet_options, run_search

# Calls a reader can still apply to: the ones whose closing date belongs in a calendar.
OPEN_CALLS = (UPCOMING, OPEN, CLOSING_SOON)


def _params(request, **defaults) -> SearchParams:
    params = parse_search_params(request.GET, default_lang=get_language() or "en", strict=False)
    chosen = {name: value for name, value in defaults.items() if name not in request.GET}
    return dataclasses.replace(params, **chosen)


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value[:10]) if value else None


def status_line(item: dict, language: str) -> str:
    """ "Open · closes 30 June 2026" for a result with a window; "" otherwise."""
    status, closes_on = item.get("status"), _date(item.get("closes_on"))
    if not status:
        return ""
    with override(language):
        line = str(STATUS_LABELS[status])
        if closes_on:
            word = gettext("closed %(date)s") if status == CLOSED else gettext("closes %(date)s")
            line += " · " + word % {"date": long_date(closes_on, language)}
    return line


@dataclass
class FeedSearch:
    params: SearchParams
    result: SearchResult
    page_url: str


class SearchFeed(Feed):
    """The search page's results, newest first unless the URL asks for another order."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs) -> FeedSearch:
        params = _params(request, sort="newest")
        page_url = request.path.removesuffix("feed/") + query_string(params).rstrip("?")
        return FeedSearch(params=params, result=run_search(params), page_url=page_url)

    def title(self, obj: FeedSearch) -> str:
        from search.views import _summary  # the page's sentence, e.g. "12 results in Thailand"

        with override(obj.params.lang):
            summary = _summary(obj.params, obj.result.total, facet_options(obj.result))
            return gettext("ASEAN SME Service Centre: %(search)s") % {"search": summary}

    def link(self, obj: FeedSearch) -> str:
        return obj.page_url

    def subtitle(self, obj: FeedSearch) -> str:
        with override(obj.params.lang):
            return gettext("New and changed pages matching a search")

    def get_feed(self, obj: FeedSearch, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = obj.params.lang  # `lang=` may differ from the URL's prefix
        return feed

    def items(self, obj: FeedSearch) -> list[dict]:
        language = obj.params.lang
        return [{**item, "status_line": status_line(item, language)} for item in obj.result.results]

    def item_title(self, item: dict) -> str:
        return item["title"]

    def item_description(self, item: dict) -> str:
        return " — ".join(filter(None, [item["status_line"], item["summary"]]))

    def item_link(self, item: dict) -> str:
        return item["url"]

    def item_guid(self, item: dict) -> str:
        return f"urn:aseansme:{item['id']}"

    item_guid_is_permalink = False

    def item_updateddate(self, item: dict) -> datetime.datetime | None:
        published = item.get("published_at")
        return datetime.datetime.fromisoformat(published) if published else None

    def item_categories(self, item: dict) -> list[str]:
        return [item["type"], item["country"], *filter(None, [item.get("status")])]


search_feed = require_GET(SearchFeed())


@require_GET
def search_calendar(request):
    """The closing dates of the open calls a search finds (at most 100, soonest first)."""
    params = _params(request, sort="closing")
    chosen = params.selected("status")
    statuses = tuple(s for s in chosen if s in OPEN_CALLS) if chosen else OPEN_CALLS
    params = dataclasses.replace(
        params.with_filters(status=statuses or OPEN_CALLS), page=1, page_size=100
    )
    result = run_search(params)
    deadlines = [
        Deadline(
            uid=f"{item['id']}-closes-{item['closes_on'][:10]}@aseansme",
            title=item["title"],
            closes_on=_date(item["closes_on"]),
            url=request.build_absolute_uri(item["url"]),
            description=item["summary"],
        )
        for item in result.results
        if item.get("closes_on")
    ]
    with override(params.lang):
        name = gettext("Closing dates: ASEAN SME Service Centre")
    return calendar_response(calendar_file(deadlines, name=name), filename="closing-dates.ics")
