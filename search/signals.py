"""Page lifecycle → index queue. Receivers only enqueue; the worker does the work."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.facets import TAXONOMY_MODELS, clear_values_cache
from search.models import SynonymGroup
from search.query import clear_lexicon
from search.tasks import enqueue_page_sync
from servicecentre.models import BasePage


def _is_content(instance) -> bool:
    return isinstance(instance, BasePage)


@receiver(page_published)
@receiver(page_unpublished)
def on_publish_change(sender, instance, **kwargs):
    if _is_content(instance):
        enqueue_page_sync([instance.pk])


@receiver(post_page_move)
def on_move(sender, instance, **kwargs):
    # A move changes the URL of the page and of everything below it.
    ids = [instance.pk, *instance.get_descendants().values_list("pk", flat=True)]
    enqueue_page_sync(ids)


@receiver(post_delete)
def on_delete(sender, instance, **kwargs):
    if _is_content(instance):
        enqueue_page_sync([instance.pk], external_id=instance.external_id or None)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_privacy_change(sender, instance, **kwargs):
    # A restriction hides the page and everything below it; the sync reads the page's
    # restrictions now and removes (or re-adds) each document accordingly.
    # (When the page itself is being deleted, on_delete has already queued its removal.)
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        enqueue_page_sync([page.pk, *page.get_descendants().values_list("pk", flat=True)])


for _label in TAXONOMY_MODELS:
    post_save.connect(clear_values_cache, sender=apps.get_model(_label), weak=False)
    post_delete.connect(clear_values_cache, sender=apps.get_model(_label), weak=False)
    post_save.connect(clear_lexicon, sender=apps.get_model(_label), weak=False)
    post_delete.connect(clear_lexicon, sender=apps.get_model(_label), weak=False)

post_save.connect(clear_lexicon, sender=SynonymGroup, weak=False)
post_delete.connect(clear_lexicon, sender=SynonymGroup, weak=False)
