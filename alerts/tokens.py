"""Signed, single-purpose links: each purpose has its own salt, so a manage link can
never confirm and an unsubscribe link can never manage. No address in them."""

from __future__ import annotations

from django.core import signing

from alerts.models import Subscription

CONFIRM = "alerts.confirm"
UNSUBSCRIBE = "alerts.unsubscribe"
MANAGE = "alerts.manage"
# A confirmation link is good for a week; unsubscribe and manage links for as long as
# the subscription's key is unchanged.
MAX_AGE = {CONFIRM: 7 * 24 * 3600, UNSUBSCRIBE: None, MANAGE: None}


def make_token(subscription: Subscription, purpose: str) -> str:
    return signing.dumps([subscription.pk, subscription.key], salt=purpose, compress=False)


def read_token(token: str, purpose: str) -> Subscription | None:
    """The subscription a valid token names, else None (bad, expired or superseded)."""
    try:
        pk, key = signing.loads(token, salt=purpose, max_age=MAX_AGE[purpose])
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Subscription.objects.filter(pk=pk, key=key).first()
