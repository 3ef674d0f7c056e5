"""POST /api/v1/alerts/: e-mail alerts for a search, answered 202 (confirmation sent).

The search's parameters go in the query string, exactly as /api/v1/search/ takes them;
`email`, `frequency` (immediately, daily, weekly) and optionally `lang` in the body,
as a form or as JSON. The answer is the same whether or not the address was known.
"""

import json

from django.http import JsonResponse, QueryDict
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from alerts import services
from alerts.forms import SubscribeForm
from search.params import InvalidParameter, parse_search_params
from servicecentre.ratelimit import request_client_key, too_many_requests


def _error(name: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"parameter": name, "message": message}}, status=400)


def _body(request) -> QueryDict | dict:
    if request.content_type == "application/json":
        data = json.loads(request.body or b"{}")
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        return {k: v for k, v in data.items() if isinstance(v, str)}
    return request.POST


@csrf_exempt  # no cookies are read: nothing for a forged request to ride on
@require_POST
def alerts_api(request):
    try:
        body = _body(request)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _error("body", "not valid JSON")
    query = request.GET.copy()
    if body.get("lang"):
        query["lang"] = body["lang"]
    try:
        params = parse_search_params(query, default_lang=get_language() or "en", strict=True)
    except InvalidParameter as error:
        return _error(error.name, error.message)
    if services.too_long_to_save(params):
        return _error(
            "q",
            f"this search is too long to save as an alert (at most {services.MAX_SAVED_QUERY}"
            " characters once URL-encoded): use fewer words",
        )
    form = SubscribeForm(body)
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        return _error(name, " ".join(errors))
    email = services.normalise_email(form.cleaned_data["email"])
    try:
        services.check_rate(client_key=request_client_key(request), email=email)
    except services.TooManyRequests as error:
        return too_many_requests(error.wait)
    services.subscribe(
        email=email, lang=params.lang, params=params, frequency=form.cleaned_data["frequency"]
    )
    return JsonResponse(
        {"status": "confirmation_sent", "message": "Check your inbox to confirm."}, status=202
    )
