"""Best bets: pages an editor pinned to a query (Wagtail's `search_promotions`).

Editors pin them in the admin (Settings → Promoted search results); the search page
shows them first, marked as recommended, and the API returns them as `recommended`.
Only live, public pages are shown, in the reader's language where translated.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import override
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from search import text as pipeline
from search.documents import page_path

MAX_RECOMMENDED = 3


def recommended(q: str, language: str) -> list[dict[str, Any]]:
    """The promotions for a query: [{title, url, description, id}], best first."""
    if not q:
        return []
    # Wagtail's normalisation (case, spaces) of what the reader typed, and the same
    # without punctuation: "Export loan?" finds the promotions of "export loan".
    forms = {normalise_query_string(q), " ".join(pipeline.query_tokens(q)[1])}
    promotions = (
        SearchPromotion.objects.filter(query__query_string__in=[form[:255] for form in forms])
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    items = []
    for promotion in promotions:
        if promotion.page_id:
            page = promotion.page
            if not page.live or not page.get_view_restrictions().count() == 0:
                continue
            specific = page.specific
            with override(language):
                title = specific.title
            items.append(
                {
                    "id": getattr(specific, "external_id", "") or str(page.pk),
                    "title": title,
                    "url": f"/{language}/{page_path(page)}",
                    "description": promotion.description,
                }
            )
        elif promotion.external_link_url:
            items.append(
                {
                    "id": "",
                    "title": promotion.external_link_text or promotion.external_link_url,
                    "url": promotion.external_link_url,
                    "description": promotion.description,
                }
            )
        if len(items) >= MAX_RECOMMENDED:
            break
    return items
