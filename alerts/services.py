"""Alert subscriptions: sign-up, confirmation, matching, writing and sending e-mails.

Views and tasks stay thin and call these. Matching reuses the search service with the
saved parameters, so "matches" means what the search page shows.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import replace

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Page

from alerts import deadlines
from alerts.models import Delivery, Message, Subscription
from alerts.tokens import CONFIRM, MANAGE, UNSUBSCRIBE, make_token
from search.facets import FACETS
from search.params import MAX_PAGE_SIZE, SearchParams, parse_search_params, query_string
from search.service import run_search
from servicecentre.ratelimit import parse_rate, seconds_to_wait
from servicecentre.selectors import content_models


class TooManyRequests(Exception):
    def __init__(self, wait: int):
        super().__init__(wait)
        self.wait = wait


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_rate(*, client_key: str, email: str) -> None:
    """Count a sign-up per client address and per e-mail address; raise past the limit."""
    rate = parse_rate(settings.ALERT_SUBSCRIBE_RATE_LIMIT)
    if rate is None:
        return
    now = time.time()
    wait = max(
        seconds_to_wait(key=client_key, rate=rate, now=now, budget="alert-ip"),
        seconds_to_wait(key=email, rate=rate, now=now, budget="alert-email"),
    )
    if wait:
        raise TooManyRequests(wait)


def canonical_query(params: SearchParams) -> str:
    """The saved form of a search: its filters and words, not its page or sort."""
    return query_string(params, sort="title" if not params.q else "relevance").lstrip("?")


MAX_SAVED_QUERY = Subscription._meta.get_field("query").max_length


def too_long_to_save(params: SearchParams) -> bool:
    """A search whose saved form does not fit: each letter of a Thai or Khmer query
    takes up to nine characters once URL-encoded."""
    return len(canonical_query(params)) > MAX_SAVED_QUERY


def public_page(subscription: Subscription):
    """The reminder's page, specific, if it is live and not view-restricted; else None."""
    if subscription.page_id is None:
        return None
    page = Page.objects.live().public().filter(pk=subscription.page_id).first()
    return page.specific if page else None


def saved_params(subscription: Subscription) -> SearchParams:
    params = parse_search_params(
        QueryDict(subscription.query), default_lang=subscription.lang, strict=False
    )
    return replace(params, lang=subscription.lang, sort="newest", page=1, page_size=MAX_PAGE_SIZE)


def describe_search(subscription: Subscription) -> str:
    """The saved search in words, in the subscriber's language (no counts: they change)."""
    params = saved_params(subscription)
    with translation.override(subscription.lang):
        parts = []
        if params.q:
            parts.append(gettext("‘%(query)s’") % {"query": params.q[:100]})
        for facet in FACETS:
            chosen = set(params.selected(facet.key))
            labels = [str(label) for code, label in facet.values() if code in chosen]
            if labels:
                parts.append(f"{facet.heading}: {', '.join(labels)}")
        return "; ".join(parts) or gettext("Everything on the site")


@transaction.atomic
def subscribe(
    *,
    email: str,
    lang: str,
    params: SearchParams | None = None,
    page=None,
    frequency: str = Subscription.Frequency.DAILY,
) -> Subscription:
    """Ask for alerts; queue a confirmation e-mail unless already confirmed.

    The same address and search twice is one subscription (no duplicate e-mails); an
    existing confirmed subscription is left as it is: whoever asks cannot change it
    without the manage link.
    """
    email = normalise_email(email)
    if page is not None:
        lookup = {"kind": Subscription.Kind.REMINDER, "page": page, "query": ""}
        frequency = ""
    else:
        lookup = {"kind": Subscription.Kind.SEARCH, "page": None, "query": canonical_query(params)}
    try:
        with transaction.atomic():
            subscription, _created = Subscription.objects.select_for_update().get_or_create(
                email=email, **lookup, defaults={"lang": lang, "frequency": frequency}
            )
    except IntegrityError:  # the same request twice at once: the other one created it
        subscription = Subscription.objects.select_for_update().get(email=email, **lookup)
    if subscription.active:
        return subscription
    if subscription.unsubscribed_at is not None:
        subscription.unsubscribed_at = None
        subscription.confirmed_at = None
        subscription.key = Subscription._meta.get_field("key").default()
    subscription.lang = lang
    subscription.frequency = frequency
    subscription.save()
    queue_message(subscription, Message.Purpose.CONFIRM)
    return subscription


def confirm(subscription: Subscription) -> None:
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["confirmed_at", "unsubscribed_at"])


def unsubscribe(subscription: Subscription) -> None:
    """Stop every e-mail of this subscription; old links stop working."""
    subscription.unsubscribed_at = timezone.now()
    subscription.key = Subscription._meta.get_field("key").default()
    subscription.save(update_fields=["unsubscribed_at", "key"])
    subscription.messages.filter(sent_at__isnull=True).delete()


def set_frequency(subscription: Subscription, frequency: str) -> None:
    subscription.frequency = frequency
    subscription.save(update_fields=["frequency"])


# The task that sends a queued message: alerts.tasks registers it when it loads (the app's
# ready() imports it), so the tasks import these services and never the other way round.
_SENDERS: list = []


def register_sender(send_task) -> None:
    _SENDERS[:] = [send_task]


def queue_message(subscription: Subscription, purpose: str, items=None) -> Message:
    (send_task,) = _SENDERS
    message = Message.objects.create(subscription=subscription, purpose=purpose, items=items or [])
    transaction.on_commit(lambda: send_task.enqueue(message.pk, 0))
    return message


# --- Matching ----------------------------------------------------------------


def change_reasons(page, subscription: Subscription) -> list[str]:
    """Why a page is news to a subscriber: new, changed, closing soon.

    "reopened" needs the status history of issue 14 part 1; it slots in here.
    """
    reasons = []
    first = page.first_published_at
    reasons.append("new" if first and first > subscription.confirmed_at else "changed")
    if deadlines.is_closing_soon(page):
        reasons.append("closing_soon")
    return reasons


def new_matches(subscription: Subscription) -> list[tuple[str, dict]]:
    """(change, item) for each page the saved search finds that was published or
    republished since confirmation and not yet told to this subscriber."""
    result = run_search(saved_params(subscription))
    by_type: dict[str, list[str]] = {}
    for item in result.results:
        by_type.setdefault(item["type"], []).append(item["id"])
    pages = {}
    models = content_models()
    for code, ids in by_type.items():
        for page in models[code].objects.live().public().filter(external_id__in=ids):
            pages[page.external_id] = page
    told = set(subscription.deliveries.values_list("change", flat=True))
    found = []
    for item in result.results:
        page = pages.get(item["id"])
        published = page and (page.last_published_at or page.first_published_at)
        if not published or published <= subscription.confirmed_at:
            continue
        change = f"page:{page.pk}@{published.isoformat()}"
        if change in told:
            continue
        found.append(
            (
                change,
                {
                    "id": item["id"],
                    "title": item["title"],
                    "summary": item["summary"],
                    "url": item["url"],
                    "reasons": change_reasons(page, subscription),
                },
            )
        )
    return found


def record_and_queue(subscription: Subscription, purpose: str, found: list[tuple[str, object]]):
    """Write one message carrying `found`, and its deliveries, at once; queue it.

    The unique (subscription, change) constraint makes a concurrent run lose instead of
    sending the same change twice.
    """
    if not found:
        return None
    items = [item for _change, item in found]
    try:
        with transaction.atomic():
            carried = items if purpose == Message.Purpose.ALERT else items[0]
            message = queue_message(subscription, purpose, carried)
            Delivery.objects.bulk_create(
                [Delivery(subscription=subscription, change=c, message=message) for c, _ in found]
            )
    except IntegrityError:
        return None
    return message


def run_matching(*, frequency: str) -> int:
    """Match every active saved search of this frequency; return messages queued."""
    queued = 0
    for subscription in Subscription.objects.filter(
        kind=Subscription.Kind.SEARCH,
        frequency=frequency,
        confirmed_at__isnull=False,
        unsubscribed_at__isnull=True,
    ):
        if record_and_queue(subscription, Message.Purpose.ALERT, new_matches(subscription)):
            queued += 1
    return queued


def run_reminders(*, on=None) -> int:
    """Queue the 14- and 3-day reminders due today; return how many."""
    queued = 0
    for subscription in Subscription.objects.filter(
        kind=Subscription.Kind.REMINDER, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ):
        page = public_page(subscription)
        if page is None:  # unpublished or made private since: nothing to tell
            continue
        threshold = deadlines.reminder_due(page, on=on)
        if threshold is None:
            continue
        change = f"reminder:{page.closes_on.isoformat()}:{threshold}"
        item = {
            "days": deadlines.days_until_close(page, on=on),
            "closes_on": page.closes_on.isoformat(),
        }
        if record_and_queue(subscription, Message.Purpose.REMINDER, [(change, item)]):
            queued += 1
    return queued


# --- Writing and sending -------------------------------------------------------


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def links(subscription: Subscription) -> dict[str, str]:
    with translation.override(subscription.lang):
        return {
            "confirm": absolute(
                reverse("alerts:confirm", args=[make_token(subscription, CONFIRM)])
            ),
            "unsubscribe": absolute(
                reverse("alerts:unsubscribe", args=[make_token(subscription, UNSUBSCRIBE)])
            ),
            "manage": absolute(reverse("alerts:manage", args=[make_token(subscription, MANAGE)])),
            "search": absolute(reverse("search:search") + "?" + subscription.query)
            if subscription.kind == Subscription.Kind.SEARCH
            else "",
        }


def build_email(message: Message) -> EmailMultiAlternatives:
    """The e-mail in the subscriber's language: plain text and HTML, unsubscribe headers."""
    subscription = message.subscription
    urls = links(subscription)
    page = subscription.page.specific if subscription.page_id else None
    items = message.items
    if isinstance(items, list):
        items = [{**item, "absolute_url": absolute(item["url"])} for item in items]
    with translation.override(subscription.lang):
        context = {
            "subscription": subscription,
            "items": items,
            "links": urls,
            "search": describe_search(subscription) if page is None else "",
            "page": page,
            "page_title": page.title if page else "",
            "page_url": absolute(page.get_url() or "") if page else "",
            "closes_on": datetime.date.fromisoformat(items["closes_on"])
            if isinstance(items, dict)
            else None,
            "lang": subscription.lang,
        }
        base = f"alerts/emails/{message.purpose}"
        subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{urls['unsubscribe']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Content-Language": subscription.lang,
        },
    )
    email.attach_alternative(html, "text/html")
    return email


def send_message(message_id: int) -> bool:
    """Send one written message unless it was sent already; raise if the server fails.

    The row stays locked while the server is talking, so two workers never send the
    same message; a failure leaves it unsent (and counted) for the retry.
    """
    try:
        with transaction.atomic():
            message = (
                Message.objects.select_for_update()
                .select_related("subscription")
                .get(pk=message_id)
            )
            if message.sent_at is not None:
                return False
            if message.purpose != Message.Purpose.CONFIRM and not message.subscription.active:
                return False
            if message.subscription.page_id and public_page(message.subscription) is None:
                return False  # the page went private or was unpublished while queued
            build_email(message).send()
            message.sent_at = timezone.now()
            message.attempts += 1
            message.last_error = ""
            message.save(update_fields=["sent_at", "attempts", "last_error"])
    except Message.DoesNotExist:
        return False  # unsubscribed meanwhile: its unsent messages were deleted
    except Exception as error:
        Message.objects.filter(pk=message_id).update(
            attempts=F("attempts") + 1, last_error=repr(error)[:1000]
        )
        raise
    return True
