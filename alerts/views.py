"""Sign-up, confirmation, management and unsubscribe pages (no account needed)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alerts import services
from alerts.forms import FrequencyForm, ReminderForm, SubscribeForm
from alerts.models import Subscription
from alerts.tokens import CONFIRM, MANAGE, UNSUBSCRIBE, read_token, superseded_token
from search.params import parse_search_params, query_string
from servicecentre.ratelimit import request_client_key, too_many_requests_text

MAX_PAGE_ID = 2**31 - 1  # page ids are 32-bit integers (wagtailcore_page.id)


def _no_store(response):
    response["Cache-Control"] = "no-store"
    # Tokens in the URL never leave the site ("no-referrer" would make browsers send
    # `Origin: null` with the forms, which CSRF protection rightly refuses).
    response["Referrer-Policy"] = "same-origin"
    return response


def _sign_up(request, form, **subscription):
    """Ask a valid form's address to confirm (rate limited per client and address)."""
    email = services.normalise_email(form.cleaned_data["email"])
    try:
        services.check_rate(client_key=request_client_key(request), email=email)
    except services.TooManyRequests as error:
        return too_many_requests_text(error.wait)
    services.subscribe(email=email, **subscription)
    return _no_store(TemplateResponse(request, "alerts/check_inbox.html", {}))


@require_http_methods(["GET", "POST"])
def subscribe_view(request):
    lang = get_language() or "en"
    params = parse_search_params(request.GET, default_lang=lang, strict=False)
    form = SubscribeForm(request.POST or None)
    too_long = services.too_long_to_save(params)
    if request.method == "POST" and not too_long and form.is_valid():
        return _sign_up(
            request, form, lang=lang, params=params, frequency=form.cleaned_data["frequency"]
        )
    context = {
        "form": form,
        "too_long": too_long,
        "search_url": query_string(params),
        "search": services.describe_search(
            Subscription(query=services.canonical_query(params), lang=lang)
        ),
    }
    return _no_store(TemplateResponse(request, "alerts/subscribe.html", context))


@require_http_methods(["GET", "POST"])
def remind_view(request, page_id: int):
    from finance_directory.models import FinancingSchemePage

    if page_id > MAX_PAGE_ID:  # past the database's integer: no such page (SQLite would raise)
        raise Http404("No such scheme.")
    page = get_object_or_404(FinancingSchemePage.objects.live().public(), pk=page_id)
    form = ReminderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _sign_up(request, form, lang=get_language() or "en", page=page)
    return _no_store(
        TemplateResponse(request, "alerts/remind.html", {"form": form, "scheme": page})
    )


def _subscription(token: str, purpose: str) -> Subscription:
    subscription = read_token(token, purpose)
    if subscription is None:
        raise Http404("This link is not valid any more.")
    return subscription


@require_http_methods(["GET", "POST"])
def confirm_view(request, token: str):
    """GET asks (link scanners only GET); the button POSTs and confirms."""
    subscription = _subscription(token, CONFIRM)
    if request.method == "POST":
        services.confirm(subscription)
    context = {
        "subscription": subscription,
        "confirmed": subscription.confirmed_at is not None,
        "links": services.links(subscription),
    }
    return _no_store(TemplateResponse(request, "alerts/confirm.html", context))


@csrf_exempt  # one-click unsubscribe (RFC 8058): mail clients POST without a form
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token: str):
    subscription = read_token(token, UNSUBSCRIBE)
    if subscription is None:
        # An older link: its subscription is either stopped already (say so again, as a
        # second one-click POST expects) or was started again since (say the link is old).
        older = superseded_token(token, UNSUBSCRIBE)
        if older is None:
            raise Http404("This link is not valid any more.")
        context = {"done": not older.active, "superseded": older.active}
        return _no_store(TemplateResponse(request, "alerts/unsubscribe.html", context))
    done = request.method == "POST"
    if done:
        services.unsubscribe(subscription)
    return _no_store(TemplateResponse(request, "alerts/unsubscribe.html", {"done": done}))


@require_http_methods(["GET", "POST"])
def manage_view(request, token: str):
    subscription = _subscription(token, MANAGE)
    form = FrequencyForm(request.POST or None, initial={"frequency": subscription.frequency})
    saved = False
    if request.method == "POST" and form.is_valid():
        services.set_frequency(subscription, form.cleaned_data["frequency"])
        saved = True
    context = {
        "subscription": subscription,
        "form": form if subscription.kind == Subscription.Kind.SEARCH else None,
        "saved": saved,
        "search": services.describe_search(subscription)
        if subscription.kind == Subscription.Kind.SEARCH
        else "",
        "links": services.links(subscription),
        "scheme": services.public_page(subscription),  # a private page's title stays hidden
    }
    return _no_store(TemplateResponse(request, "alerts/manage.html", context))
