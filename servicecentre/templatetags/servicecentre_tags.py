import datetime

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import get_language
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from servicecentre import labels

register = template.Library()


@register.filter
def content_type_label(code: str) -> str:
    return labels.content_type_label(code)


@register.filter
def content_type_plural(code: str) -> str:
    """The title of the type's section (what the country page heads its group with)."""
    return labels.section_label(code)


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


@register.filter
def iso_date(value):
    """A date from an ISO string (as search results carry it); dates pass through."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return value


@register.simple_tag
def english_fallbacks(page) -> list[str]:
    """Names of the page's shown texts that have no translation into the active language.

    Those parts are shown in English; the page says which, so readers know.
    """
    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return []
    try:
        registered = set(translator.get_options_for_model(type(page)).get_field_names())
    except NotRegistered:
        return []
    shown = ("title", "summary", *page.text_fields, "verification_note")
    names = []
    for field in dict.fromkeys(shown):
        if field not in registered:
            continue
        english = getattr(page, build_localized_fieldname(field, settings.LANGUAGE_CODE), None)
        own = getattr(page, build_localized_fieldname(field, language), None)
        if english and english.strip() and not (own and own.strip()):
            names.append(str(capfirst(page._meta.get_field(field).verbose_name)))
    return names
