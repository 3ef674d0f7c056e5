"""Keep translation fingerprints current; keep translators' revisions to their languages."""

from __future__ import annotations

from django.db.models.signals import pre_save
from wagtail.models import Page, Revision
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


def confine_translator_revisions(sender, instance, raw=False, **kwargs) -> None:
    """Keep a translator-only user's page revisions to their own languages' fields.

    Runs on every revision save, so every admin path is covered: the edit form with
    fields changed or left out, the revisions "revert" view, autosave, imports.
    """
    from editorial.services import confine_revision_to_languages

    if raw or instance.user_id is None or instance.content_type_id is None:
        return
    model = instance.content_type.model_class()
    if model is None or not issubclass(model, Page):
        return
    confine_revision_to_languages(instance, model=model)


pre_save.connect(
    confine_translator_revisions, sender=Revision, dispatch_uid="editorial-confine-translators"
)
