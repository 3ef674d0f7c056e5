"""Alert subscriptions (a saved search, or a reminder for one scheme), their e-mails
and what each e-mail carried, so nothing is sent twice for the same change."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_key() -> str:
    return secrets.token_urlsafe(18)


class Subscription(models.Model):
    """One address's subscription; no account. Tokens are signed over (id, key)."""

    class Kind(models.TextChoices):
        SEARCH = "search", _("Saved search")
        REMINDER = "reminder", _("Closing reminder")

    class Frequency(models.TextChoices):
        IMMEDIATELY = "immediately", _("As soon as there is something new")
        DAILY = "daily", _("Once a day at most")
        WEEKLY = "weekly", _("Once a week at most")

    email = models.EmailField(max_length=254)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SEARCH)
    # The search's parameters as a canonical query string (search.params.query_string).
    query = models.CharField(max_length=2000, blank=True, default="")
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    lang = models.CharField(max_length=10, default="en")
    frequency = models.CharField(
        max_length=12, choices=Frequency.choices, default=Frequency.DAILY, blank=True
    )
    # Rotated on unsubscribe and re-subscribe: older links stop working.
    key = models.CharField(max_length=40, default=new_key)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email", "kind", "query", "page"],
                name="alerts_one_subscription_per_address_and_search",
            ),
            models.UniqueConstraint(
                fields=["email", "kind", "query"],
                condition=models.Q(page__isnull=True),
                name="alerts_one_search_subscription_per_address",
            ),
        ]

    def __str__(self) -> str:  # never the address: admins see ids, not people
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Message(models.Model):
    """One e-mail to a subscriber, written before it is sent; sent once."""

    class Purpose(models.TextChoices):
        CONFIRM = "confirm", _("Confirmation")
        ALERT = "alert", _("New results")
        REMINDER = "reminder", _("Closing reminder")

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="messages"
    )
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    # What the e-mail lists, as plain data ([{"id", "title", "url", "reasons"}], or the
    # reminder's {"days", "closes_on"}), fixed when the message is written.
    items = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")

    def __str__(self) -> str:
        return f"{self.purpose} #{self.pk}"


class Delivery(models.Model):
    """A change (a page at one publication, a reminder at one threshold) told to a subscriber."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    change = models.CharField(max_length=300)
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "change"], name="alerts_one_delivery_per_change"
            )
        ]

    def __str__(self) -> str:
        return self.change
