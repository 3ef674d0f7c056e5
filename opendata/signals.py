"""Content changes → a queued open data build. Receivers only enqueue."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from opendata.tasks import request_build
from servicecentre.models import BasePage


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_delete)
def on_content_change(sender, instance, **kwargs):
    if isinstance(instance, BasePage):
        request_build()


@receiver(post_page_move)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_visibility_change(sender, instance, **kwargs):
    # A move changes URLs below it; a restriction hides (or shows) a whole subtree.
    request_build()
