"""The HTML search page and the type directories (the same page with a type preset)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext, ngettext

from analytics.recording import record_search
from search.dead_ends import alternatives, describe
from search.facets import FACETS, FACETS_BY_KEY
from search.params import SearchParams, parse_search_params, query_string
from search.promotions import recommended
from search.service import facet_options, run_search
from servicecentre.templatetags.servicecentre_tags import content_type_label


def _summary(params: SearchParams, total: int, options: dict) -> str:
    """ "12 results for ‘loan’ in Malaysia (Financing scheme; Manufacturing)": each facet
    words its own part (Facet.summary_fragment), the first by rank outside the brackets."""
    sentence = ngettext("%(count)s result", "%(count)s results", total) % {"count": f"{total:,}"}
    if params.q:
        sentence += " " + gettext("for ‘%(query)s’") % {"query": params.q[:100]}
    ranked = sorted(
        (facet for facet in FACETS if facet.summary_rank is not None),
        key=lambda facet: facet.summary_rank,
    )
    place, *details = (facet.summary_fragment(options[facet.key]) for facet in ranked)
    if place:
        sentence += " " + place
    details = [fragment for fragment in details if fragment]
    if details:
        sentence += " (" + "; ".join(details) + ")"
    return sentence


def _decorate(results: list[dict]) -> list[dict]:
    """Add display labels to API-shaped results for the template."""
    countries = dict(FACETS_BY_KEY["country"].values())
    for item in results:
        item["type_label"] = content_type_label(item["type"])
        item["country_label"] = countries.get(item["country"], item["country"])
    return results


def _search_url(suffix: str, params: SearchParams) -> str:
    """The search page's feed or calendar for a directory's search (its type included)."""
    from django.urls import reverse

    return reverse("search:search") + suffix + query_string(params).rstrip("?")


def _render(request, params: SearchParams, *, page=None, hidden: frozenset[str] = frozenset()):
    result = run_search(params)
    offers = alternatives(result, run_search)
    search_token = record_search(result)
    _decorate(result.results)
    options = facet_options(result)
    chips = [
        chip
        for facet in FACETS
        if facet.key not in hidden
        for chip in facet.chips(
            options[facet.key],
            params.selected(facet.key),
            lambda values, facet=facet: query_string(params, hidden=hidden, **{facet.key: values}),
        )
    ]
    last_page = Paginator(range(result.total), params.page_size).num_pages
    selected_count = sum(len(v) for k, v in params.filters.items() if k not in hidden)
    context = {
        "page": page,
        "params": params,
        "result": result,
        "facets": [
            {"facet": facet, "options": options[facet.key]}
            for facet in FACETS
            if facet.key not in hidden and options[facet.key]
        ],
        "chips": chips,
        "summary": _summary(params, result.total, options),
        "clear_url": query_string(params, hidden=hidden, **{f.key: [] for f in FACETS}),
        "sort_options": [
            ("relevance", gettext("Best match")),
            ("newest", gettext("Newest")),
            ("title", gettext("Title A-Z")),
            ("closing", gettext("Closing soonest")),
        ],
        "feed_url": "feed/" + query_string(params, hidden=hidden).rstrip("?")
        if page is None
        else _search_url("feed/", params),
        "calendar_url": "calendar/" + query_string(params, hidden=hidden).rstrip("?")
        if page is None
        else _search_url("calendar/", params),
        "include_closed_url": query_string(params, hidden=hidden, include_closed=True),
        "hide_closed_url": query_string(params, hidden=hidden, include_closed=False),
        "previous_url": query_string(params, hidden=hidden, page=params.page - 1)
        if params.page > 1
        else None,
        "next_url": query_string(params, hidden=hidden, page=params.page + 1)
        if params.page < last_page
        else None,
        "last_page": last_page,
        "noindex": bool(params.q) or selected_count > 1 or params.page > 1,
        "degraded": result.backend != "elasticsearch",
        "offers": offers,
        "relaxations": [
            {"text": describe(offer), "url": offer["url"]}
            for offer in offers.get("relaxations", [])
        ],
        "recommended": recommended(params.q, params.lang) if params.page == 1 else [],
        "search_token": search_token,
        # Alerts save the whole search, a directory's preset type included.
        "alert_query": query_string(params),
    }
    return TemplateResponse(request, "search/search_page.html", context)


def search_view(request):
    params = parse_search_params(request.GET, default_lang=get_language() or "en", strict=False)
    return _render(request, params)


def directory_view(request, *, page):
    """A type directory: the search page with the page's content type fixed."""
    params = parse_search_params(
        request.GET,
        default_lang=get_language() or "en",
        strict=False,
        preset={"type": (page.content_type_code,)},
    )
    params = params.with_filters(type=(page.content_type_code,))
    return _render(request, params, page=page, hidden=frozenset({"type"}))
