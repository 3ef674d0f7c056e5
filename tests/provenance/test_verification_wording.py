"""Readers see a page's verification state in plain words, and never "verified" unless it is."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.html import strip_tags

from servicecentre.models import COMPILED, CONFIRMED_BY_PROVIDER, VERIFIED
from tests.provenance.conftest import MODELS, STATES

LANGUAGES = ("en", "th")


def visible_text(html: str) -> str:
    """The page's text as a reader sees it: no tags, scripts or attribute values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(strip_tags(html).split())


def verified_phrases(language: str) -> list[str]:
    """The words this language uses for a verified or confirmed page, without the date."""
    with translation.override(language):
        statements = [
            translation.gettext(
                "Verified against the cited source on %(date)s; not yet confirmed by the provider."
            ),
            translation.gettext("Confirmed by the provider on %(date)s."),
            translation.gettext("Verified %(date)s against the cited source"),
            translation.gettext("Confirmed by the provider %(date)s"),
        ]
    # What precedes the date: "not yet confirmed by the provider" follows it in both states.
    return [text.split("%(date)s")[0].strip() for text in statements]


def page_text(client, page, language: str) -> str:
    with translation.override(language):
        url = page.url
    response = client.get(url)
    assert response.status_code == 200
    return visible_text(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("content_type", list(MODELS))
def test_every_page_type_states_its_verification_truthfully(
    client, make_page, content_type, state, language
):
    page = make_page(content_type, state)

    text = page_text(client, page, language)

    with translation.override(language):
        compiled = translation.gettext(
            "Compiled from public sources on %(date)s; not yet confirmed by the provider."
        )
    if state == COMPILED:
        assert "verified" not in text.lower()
        for phrase in verified_phrases(language):
            assert phrase not in text, phrase
        assert compiled.split("%(date)s")[0].strip() in text
    elif state == VERIFIED:
        assert verified_phrases(language)[0] in text
    else:
        assert state == CONFIRMED_BY_PROVIDER
        assert verified_phrases(language)[1] in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_cards_of_compiled_pages_never_say_verified(client, make_page, language):
    compiled = make_page("financing_scheme")
    make_page("incubator", VERIFIED)

    with translation.override(language):
        hub = client.get(compiled.get_parent().url)
    text = visible_text(hub.content.decode())

    assert compiled.title_en in text or compiled.title_th in text
    with translation.override(language):
        compiled_card = translation.gettext("Compiled %(date)s, not yet confirmed")
        verified_card = translation.gettext("Verified %(date)s against the cited source")
    assert compiled_card.split("%(date)s")[0].strip() in text
    # One card is verified, one compiled: the verified wording appears once only.
    assert text.count(verified_card.split("%(date)s")[0].strip()) == 1


@pytest.mark.django_db
def test_the_compile_date_is_shown_in_plain_words(client, make_page):
    page = make_page("market_guide")

    text = page_text(client, page, "en")

    assert (
        "Compiled from public sources on 25 November 2026; not yet confirmed by the provider."
        in text
    )


@pytest.mark.django_db
def test_a_page_says_which_parts_are_shown_in_english(client, make_page):
    page = make_page("financing_scheme", eligibility_en="Registered SMEs.", eligibility_th="")

    text = page_text(client, page, "th")

    with translation.override("th"):
        notice = translation.gettext("Not yet translated, so shown in English: %(parts)s.")
    assert notice.split("%(parts)s")[0].strip() in text
    assert "Eligibility" in text
    assert "Verification note" in text


@pytest.mark.django_db
def test_registration_totals_show_their_source_and_year_or_why_they_are_unknown(client, make_page):
    page = make_page(
        "registration_guide",
        total_time="3 working days",
        total_time_source_url="https://example.org/registration/time",
        total_time_year=2026,
        total_cost_unknown_reason="No official source states the total cost.",
    )

    html = client.get(page.url).content.decode()

    assert "3 working days" in html and "source, 2026" in html
    assert 'href="https://example.org/registration/time"' in html
    assert "No official source states the total cost." in html


@pytest.mark.django_db
def test_an_incubators_abinet_membership_shows_its_source_or_why_unknown(client, make_page):
    member = make_page(
        "incubator", abinet_member=True, abinet_member_source_url="https://example.org/members"
    )
    unknown = make_page("incubator", abinet_member_note="No published member list names it.")

    member_html = client.get(member.url).content.decode()
    unknown_html = client.get(unknown.url).content.decode()

    assert 'href="https://example.org/members"' in member_html
    assert "Not known" in unknown_html
    assert "No published member list names it." in unknown_html
