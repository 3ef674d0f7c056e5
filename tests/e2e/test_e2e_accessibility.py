"""axe-core finds no serious or critical accessibility problem on any kind of page, en and th."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LANGUAGES = ["en", "th"]
BLOCKING_IMPACTS = {"serious", "critical"}
MSME_ANSWER = "/msme-size/?country=MY&sector=MY%3Amanufacturing&employees=40&annual_sales=10000000"


def pages_to_check(sample_site) -> dict[str, str]:
    """One of each kind of page, by name: the path below the language prefix."""
    return {
        "home": "/",
        "country-hub": "/thailand/",
        "search-with-results": "/search/?country=TH",
        "search-without-results": "/search/?q=zzqxjvwk",
        "financing-scheme": sample_site.path("th-sme-d-bank-loans"),
        "fta-guide": sample_site.path("atiga-guide"),
        "market-guide": sample_site.path("th-market-guide"),
        "registration-guide": sample_site.path("th-business-registration"),
        "incubator": sample_site.path("th-space-f"),
        "msme-size-check": "/msme-size/",
        "msme-size-answer": MSME_ANSWER,
        "msme-size-errors": "/msme-size/?country=&employees=many",
    }


def describe(violation: dict) -> str:
    targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
    count = len(violation["nodes"])
    return f"{violation['id']} ({violation['impact']}, {count}x): {violation['help']} at {targets}"


def test_axe_finds_nothing_serious_on_any_kind_of_page_in_english_and_thai(
    run_axe, sample_site, new_page, snap
):
    page = new_page(bypass_csp=True)  # axe is injected as an inline script
    blocking, minor = [], []
    # One test for both languages: the sample import is the slow part.
    checks = [
        (language, name, path)
        for language in LANGUAGES
        for name, path in pages_to_check(sample_site).items()
    ]
    for language, name, path in checks:
        response = page.goto(sample_site.url(f"/{language}{path}"))
        assert response.status == 200, f"{name}: HTTP {response.status}"
        assert page.locator("html").get_attribute("lang") == language
        results = run_axe(page, f"{language}-{name}")
        assert results["testEngine"]["version"] == "4.14.1"
        for violation in results["violations"]:
            line = f"{language} {name}: {describe(violation)}"
            (blocking if violation["impact"] in BLOCKING_IMPACTS else minor).append(line)
        snap(page, f"{language}-{name}")

    if minor:
        print("\nLesser axe findings:\n  " + "\n  ".join(minor))
    assert not blocking, "Serious or critical accessibility violations:\n" + "\n".join(blocking)

    # What axe cannot see: text in another language is marked up so screen readers
    # switch voice (WCAG 3.1.2), e.g. the country's own name on its hub page.
    page.goto(sample_site.url("/en/thailand/"))
    assert page.locator(".native-name").get_attribute("lang") == "th"
