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


def _signed(token: str, purpose: str) -> tuple[int, str] | None:
    try:
        pk, key = signing.loads(token, salt=purpose, max_age=MAX_AGE[purpose])
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (pk, key) if isinstance(pk, int) and isinstance(key, str) else None


def read_token(token: str, purpose: str) -> Subscription | None:
    """The subscription a valid token names, else None (bad, expired or superseded)."""
    signed = _signed(token, purpose)
    if signed is None:
        return None
    return Subscription.objects.filter(pk=signed[0], key=signed[1]).first()


def superseded_token(token: str, purpose: str) -> Subscription | None:
    """The subscription a token we signed names when its key has changed since (an older
    link after unsubscribing or subscribing again); None for a token we never signed."""
    signed = _signed(token, purpose)
    if signed is None:
        return None
    return Subscription.objects.filter(pk=signed[0]).exclude(key=signed[1]).first()
