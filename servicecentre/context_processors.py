from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def site_context(request):
    """Language switcher links and hreflang alternates for the page being viewed."""
    current = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    languages = []
    for code in settings.LANGUAGE_CODES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "name": info["name"],
                "url": translate_url(path, code),
                "current": code == current,
            }
        )
    return {
        "site_languages": languages,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "default_language_url": translate_url(path, settings.LANGUAGE_CODE),
    }
