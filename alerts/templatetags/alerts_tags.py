from django import template

from alerts import deadlines

register = template.Library()


@register.filter
def reminder_available(page) -> bool:
    """Whether "remind me before it closes" makes sense: a closing date still ahead."""
    days = deadlines.days_until_close(page)
    return days is not None and days >= 0
