"""Read-side queries shared by the content apps' templates and views.

The registry of content types lives with the models (`servicecentre.models.content_models`):
every concrete BasePage with a `content_type_code` is one. It is re-exported here, its
long-standing address.
"""

from __future__ import annotations

from servicecentre.models import BasePage, content_by_type, content_models

__all__ = ["content_by_type", "content_models", "related_content"]


def related_content(*, page: BasePage, limit: int = 6) -> list[BasePage]:
    """Other live public pages of the same country that share a sector (or cover all sectors)."""
    return page.related_content(limit=limit)
