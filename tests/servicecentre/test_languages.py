"""Each language prefix serves the site in its language, with a switcher and hreflang links."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

# The architecture's language codes (STABLE), in the switcher's order.
LANGUAGES = ["en", "ms", "id", "th", "vi", "km", "lo", "my", "fil", "zh-hans", "ta"]
NON_ENGLISH = [code for code in LANGUAGES if code != "en"]
HUB_PATH = "brunei-darussalam/"  # the hub `setup_site` makes for BN
# Two UI strings of templates/base.html: the skip link (Wagtail's admin catalogues
# happen to translate it for some languages) and a main navigation entry that only
# the project's own catalogues translate.
UI_STRINGS_ENGLISH = ("Skip to main content", "Start a business")


def get_page(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return BeautifulSoup(response.content, "html.parser")


def ui_strings(soup: BeautifulSoup) -> tuple[str, str]:
    skip_link = soup.select_one("a.skip-link")
    start_a_business = soup.select_one('.site-nav a[href$="type=registration_guide"]')
    return skip_link.get_text(strip=True), start_a_business.get_text(strip=True)


def test_the_site_offers_exactly_the_architecture_languages():
    assert settings.LANGUAGE_CODES == LANGUAGES


@pytest.mark.parametrize("code", LANGUAGES)
def test_home_page_is_served_in_each_language(client, site, code):
    soup = get_page(client, f"/{code}/")

    assert soup.html["lang"] == code
    assert soup.html["dir"] == "ltr"
    if code == "en":
        assert ui_strings(soup) == UI_STRINGS_ENGLISH
    else:
        # The base template's UI strings come from locale/<code>/LC_MESSAGES/django.po.
        for translated, english in zip(ui_strings(soup), UI_STRINGS_ENGLISH, strict=True):
            assert translated and translated != english, (
                f"{english!r} is not translated into {code}"
            )


@pytest.mark.parametrize("code", ["en", "th", "zh-hans"])
def test_language_switcher_links_to_the_same_page_in_every_language(client, site, code):
    soup = get_page(client, f"/{code}/{HUB_PATH}")

    links = soup.select(".language-switcher a")
    assert [(a["hreflang"], a["href"]) for a in links] == [
        (other, f"/{other}/{HUB_PATH}") for other in LANGUAGES
    ]
    assert [a["hreflang"] for a in links if a.get("aria-current") == "true"] == [code]
    # Each language is named in itself, so a reader finds theirs in any interface language.
    assert {a["lang"] for a in links} == set(LANGUAGES)
    assert len({a.get_text(strip=True) for a in links}) == len(LANGUAGES)


def test_language_switcher_keeps_the_query_string(client, site):
    soup = get_page(client, f"/th/{HUB_PATH}?utm_source=newsletter")

    vietnamese_link = soup.select_one('.language-switcher a[hreflang="vi"]')
    assert vietnamese_link["href"] == f"/vi/{HUB_PATH}?utm_source=newsletter"


@pytest.mark.parametrize("path", ["", HUB_PATH])
def test_hreflang_alternates_cover_every_language_and_a_default(client, site, path):
    soup = get_page(client, f"/th/{path}")

    alternates = {
        link["hreflang"]: link["href"]
        for link in soup.select('head link[rel="alternate"][hreflang]')
    }
    expected = {code: f"http://testserver/{code}/{path}" for code in LANGUAGES}
    expected["x-default"] = f"http://testserver/en/{path}"
    assert alternates == expected
