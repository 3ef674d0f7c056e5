"""Fixtures for the security tests: published pages with hostile text, and a signed-in superuser."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def publish_scheme(site) -> Callable[..., object]:
    """Publish a FinancingSchemePage under a country hub, the way the admin would."""
    from finance_directory.models import FinancingSchemePage
    from servicecentre.services import country_hub

    def publish(*, slug: str, title: str, summary: str, country: str = "TH", **fields):
        page = FinancingSchemePage(
            title=title,
            slug=slug,
            external_id=slug,
            country_id=country,
            summary=summary,
            source_url="https://example.org/source",
            compiled_on=datetime.date(2026, 11, 1),
            **fields,
        )
        country_hub(country).add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return publish


@pytest.fixture
def superuser_client(client, db):
    """A test client signed in as a superuser."""
    user = get_user_model().objects.create_superuser(
        username="security-admin", email="security-admin@example.org", password="pw-security-1"
    )
    client.force_login(user)
    return client


class InlineCodeFinder(HTMLParser):
    """Collect what a strict CSP would block: inline scripts, handlers, styles, javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            if not values.get("src"):
                self.problems.append(f"inline <script> at line {self.getpos()[0]}")
            else:
                self.external.append(values["src"])
        if tag == "style":
            self.problems.append(f"<style> element at line {self.getpos()[0]}")
        if tag == "link" and values.get("rel") == "stylesheet":
            self.external.append(values.get("href") or "")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}> at line {self.getpos()[0]}")
            if name == "style":
                self.problems.append(f"style= on <{tag}> at line {self.getpos()[0]}")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL in <{tag} {name}>")


@pytest.fixture
def inline_code() -> Callable[[str], InlineCodeFinder]:
    """Parse HTML into what a strict CSP would block (`.problems`) and loads (`.external`)."""

    def find(html: str) -> InlineCodeFinder:
        finder = InlineCodeFinder()
        finder.feed(html)
        finder.close()
        return finder

    return find
