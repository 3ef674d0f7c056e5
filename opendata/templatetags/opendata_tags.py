from django import template
from django.utils.translation import get_language

from search.params import SearchParams, query_string

register = template.Library()


@register.simple_tag
def search_csv_url(params: SearchParams) -> str:
    """The CSV download of the search these parameters describe (facets preset by a
    type directory included, so the file has what the page shows)."""
    return f"/{get_language() or 'en'}/data/search.csv{query_string(params)}"


@register.simple_tag
def search_csv_cap() -> int:
    from opendata.views import SEARCH_CSV_CAP

    return SEARCH_CSV_CAP
