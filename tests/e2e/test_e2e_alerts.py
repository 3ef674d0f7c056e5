"""E-mail alerts in the browser: sign up on a phone, confirm from the e-mail; every
script of the e-mails renders with a real font (Thai, Khmer, Burmese)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from alerts.models import Message, Subscription
from alerts.services import build_email
from alerts.tasks import drain_alerts
from tests.alerts.conftest import SmtpSink, link_after, text_of

from .conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def smtp_sink(tmp_path, settings):
    """A real SMTP server on loopback that keeps each message (see tests/alerts)."""
    sink = SmtpSink(tmp_path / "mail")
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield sink
    sink.stop()


def test_subscribing_from_the_search_page_on_a_phone_and_confirming_from_the_email(
    site_skeleton,
    new_page,
    smtp_sink,
    settings,
    snap,
    run_axe,
):
    settings.WAGTAILADMIN_BASE_URL = site_skeleton
    page = new_page(viewport=PHONE, bypass_csp=True)  # axe is injected as a script
    page.goto(f"{site_skeleton}/en/search/?q=loan&country=MY")
    link = page.get_by_role("link", name="Get e-mails about new results")
    assert link.is_visible()
    with page.expect_navigation():
        link.click()
    snap(page, "form")
    violations = run_axe(page, "alerts-subscribe-phone")["violations"]
    assert not [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    page.get_by_label("Your e-mail address").fill("owner@example.org")
    page.get_by_label("As soon as there is something new").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send me the confirmation e-mail").click()
    assert page.get_by_role("heading", name="Check your inbox").is_visible()

    drain_alerts(until=timezone.now() + timezone.timedelta(seconds=20))
    [email] = smtp_sink.messages()
    confirm = link_after(text_of(email), "/alerts/confirm/")
    assert confirm.startswith(site_skeleton)

    page.goto(confirm)
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, send me these e-mails").click()
    assert page.get_by_role("heading", name="Subscription confirmed").is_visible()
    snap(page, "confirmed", reload=False)
    subscription = Subscription.objects.get()
    assert subscription.active
    assert subscription.frequency == "immediately"
    assert subscription.query == "q=loan&country=MY"


SCRIPTS = {
    # language: (a page title in its script, a font family that covers the script)
    "th": ("สินเชื่อเพื่อผู้ประกอบการรายย่อย", "Thai"),
    "km": ("ឥណទានសម្រាប់សហគ្រាសធុនតូច", "Khmer"),
    "my": ("အသေးစားလုပ်ငန်းများအတွက် ချေးငွေ", "Myanmar"),
}


def platform_fonts(page, selector: str) -> list[str]:
    """The fonts Chromium actually drew the element's text with (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [font["familyName"] for font in fonts if font["glyphCount"]]


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_alert_emails_in_thai_khmer_and_burmese_render_with_fonts_for_their_script(
    lang, new_page, artifacts_dir
):
    title, family = SCRIPTS[lang]
    subscription = Subscription.objects.create(
        email="reader@example.org", query="q=loan", lang=lang, confirmed_at=timezone.now()
    )
    message = Message.objects.create(
        subscription=subscription,
        purpose=Message.Purpose.ALERT,
        items=[{"id": "x", "title": title, "summary": title, "url": "/x/", "reasons": ["new"]}],
    )
    email = build_email(message)
    html = next(content for content, mimetype in email.alternatives if mimetype == "text/html")
    assert f'lang="{lang}"' in html
    # The subject and the sentences are translated, not English.
    assert "new result" not in email.subject
    assert "New or changed pages" not in email.body

    page = new_page(viewport=PHONE)
    page.set_content(html)
    folder = artifacts_dir / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"alert-email-{lang}.png", full_page=True)
    for selector in ("li a", "body > p"):
        fonts = platform_fonts(page, selector)
        assert any(family in name for name in fonts), (lang, selector, fonts)
