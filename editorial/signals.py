"""Keep translation fingerprints current whenever a content page is published."""

from __future__ import annotations

from wagtail.signals import page_published

from servicecentre.models import BasePage


def record_published_translations(sender, instance, revision=None, **kwargs) -> None:
    """Fingerprint the translations of a content page just published (admin, workflow or import)."""
    from editorial.services import previously_published, record_translations

    if not isinstance(instance, BasePage):
        return
    record_translations(
        instance,
        previous=previously_published(instance, revision=revision),
        user=getattr(revision, "user", None),
    )


page_published.connect(record_published_translations, dispatch_uid="editorial-record-translations")
