"""Publishing → "immediately" alerts. The receiver only enqueues; the worker matches."""

from django.conf import settings
from django.dispatch import receiver
from wagtail.signals import page_published

from alerts.tasks import enqueue_immediate_matching
from servicecentre.models import BasePage


@receiver(page_published)
def on_publish(sender, instance, **kwargs):
    if isinstance(instance, BasePage):
        enqueue_immediate_matching(settings.ALERTS_MATCH_DELAY_SECONDS)
