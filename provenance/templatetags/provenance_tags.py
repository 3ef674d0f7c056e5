"""Template tags of the provenance app."""

from django import template

from provenance.forms import report_token as sign

register = template.Library()


@register.simple_tag
def report_token(page) -> str:
    """The signed, time-stamped token of the "Is something wrong?" form for a page."""
    return sign(page.pk)
