"""The HTML search page and the type directories (the same page with a type preset)."""

from __future__ import annotations

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
    sentence = ngettext("%(count)s result", "%(count)s results", total) % {"count": f"{total:,}"}
    if params.q:
        sentence += " " + gettext("for ‘%(query)s’") % {"query": params.q[:100]}
    labels = {key: [o["label"] for o in values if o["selected"]] for key, values in options.items()}
    if labels.get("country"):
        sentence += " " + gettext("in %(countries)s") % {"countries": ", ".join(labels["country"])}
    others = [
        label
        for key in ("type", "sector", "size", "support", "target")
        for label in labels.get(key, [])
    ]
    if others:
        sentence += " (" + "; ".join(others) + ")"
    return sentence


def _decorate(results: list[dict]) -> list[dict]:
    """Add display labels to API-shaped results for the template."""
    countries = dict(FACETS_BY_KEY["country"].values())
    for item in results:
        item["type_label"] = content_type_label(item["type"])
        item["country_label"] = countries.get(item["country"], item["country"])
    return results


def _render(request, params: SearchParams, *, page=None, hidden: frozenset[str] = frozenset()):
    result = run_search(params)
    offers = alternatives(result, run_search)
    search_token = record_search(result)
    _decorate(result.results)
    options = facet_options(result)
    chips = [
        {
            "label": option["label"],
            "facet": facet.heading,
            "url": query_string(
                params,
                hidden=hidden,
                **{facet.param: [v for v in params.selected(facet.key) if v != option["value"]]},
            ),
        }
        for facet in FACETS
        if facet.key not in hidden
        for option in options[facet.key]
        if option["selected"]
    ]
    last_page = max(1, -(-result.total // params.page_size))
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
        "clear_url": query_string(params, hidden=hidden, **{f.param: [] for f in FACETS}),
        "sort_options": [
            ("relevance", gettext("Best match")),
            ("newest", gettext("Newest")),
            ("title", gettext("Title A-Z")),
        ],
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
