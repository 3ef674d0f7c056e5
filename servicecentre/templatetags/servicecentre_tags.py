from django import template
from django.utils.translation import get_language

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
