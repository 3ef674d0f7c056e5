"""JSON endpoints: /api/v1/search/ and /api/v1/search/suggest/."""

from django.http import JsonResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from analytics.recording import record_search
from search.dead_ends import alternatives
from search.params import InvalidParameter, parse_search_params
from search.promotions import recommended
from search.service import run_search, to_json
from search.suggest import suggest


def _error(error: InvalidParameter) -> JsonResponse:
    return JsonResponse({"error": {"parameter": error.name, "message": error.message}}, status=400)


@require_GET
def search_api(request):
    try:
        params = parse_search_params(request.GET, default_lang=get_language() or "en", strict=True)
    except InvalidParameter as error:
        return _error(error)
    result = run_search(params)
    record_search(result)
    extra = alternatives(result, run_search)
    if params.page == 1 and (picks := recommended(params.q, params.lang)):
        extra["recommended"] = picks
    response = JsonResponse(
        to_json(result, extra),
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_GET
def suggest_api(request):
    try:
        params = parse_search_params(request.GET, default_lang=get_language() or "en", strict=True)
    except InvalidParameter as error:
        return _error(error)
    response = JsonResponse(
        {"q": params.q, "lang": params.lang, "suggestions": suggest(params.q, params.lang)},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
