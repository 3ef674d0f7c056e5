from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from servicecentre.labels import CONTENT_TYPE_LABELS, CONTENT_TYPE_PLURALS

register = template.Library()


@register.filter
def content_type_label(code: str) -> str:
    return str(CONTENT_TYPE_LABELS.get(code, code))


@register.filter
def content_type_plural(code: str) -> str:
    return str(CONTENT_TYPE_PLURALS.get(code, code))


@register.simple_tag(takes_context=True)
def lang_url(context, path: str) -> str:
    """A site path under the current language prefix."""
    return f"/{get_language()}/{path.lstrip('/')}"


@register.simple_tag
def lang_attr(obj, field: str) -> str:
    """` lang="en"` when `obj.field` shows the English fallback on a page in another language.

    Screen readers then read the untranslated text with an English voice (WCAG 3.1.2).
    """
    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return ""
    if getattr(obj, build_localized_fieldname(field, language), None):
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)
