"""JSON API of the support finder: parse with the shared form, call the service."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from finder.forms import FinderForm
from finder.services import answer_json, find


def _error(parameter: str, message: str) -> JsonResponse:
    # The same shape as the search and size-check APIs' errors.
    return JsonResponse(
        {"error": {"parameter": parameter, "message": message}},
        status=400,
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def finder_api(request: HttpRequest) -> JsonResponse:
    """`GET /api/v1/finder/?country=TH&sector=C&employees=45&need=grow&group=women&export_to=CN`."""
    language = request.GET.get("lang", "").strip()
    if not language:
        active = translation.get_language()
        language = active if active in settings.LANGUAGE_CODES else settings.LANGUAGE_CODE
    if language not in settings.LANGUAGE_CODES:
        return _error(
            "lang",
            _("Unknown language: use one of %(codes)s.")
            % {"codes": ", ".join(settings.LANGUAGE_CODES)},
        )
    with translation.override(language):
        form = FinderForm(data=request.GET)
        if not form.is_valid():
            return _error(*form.first_error())
        body = answer_json(find(form.profile()), language)
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
