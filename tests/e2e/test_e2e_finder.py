"""The support finder in the browser: keyboard only, en and th, axe on every step, print."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.e2e.conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLOCKING_IMPACTS = {"serious", "critical"}


def _axe(run_axe, page, name: str) -> None:
    results = run_axe(page, f"finder-{name}")
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
        for v in results["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, f"{name}: " + "; ".join(blocking)


def _pdf_text(path) -> str:
    """The text of a PDF, as poppler's pdftotext reads it (Debian's poppler-utils)."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("No pdftotext: install Debian's `poppler-utils` (CI does).", pytrace=False)
    done = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(done.stdout.split())


def _focused(page) -> dict:
    return page.evaluate(
        "() => ({id: document.activeElement.id, name: document.activeElement.name || '',"
        " tag: document.activeElement.tagName, type: document.activeElement.type || ''})"
    )


def _tab_to(page, test, *, limit: int = 120) -> dict:
    """Press Tab until the focused element passes `test` (keyboard only, no clicks)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if test(focused):
            return focused
    raise AssertionError(f"Tab never reached the element (last: {_focused(page)})")


def _choose_radio(page, name: str, element_id: str) -> None:
    """Tab into a radio group, then arrow to the choice (which selects it)."""
    _tab_to(page, lambda f: f["name"] == name)
    for _ in range(40):
        if _focused(page)["id"] == element_id:
            break
        page.keyboard.press("ArrowDown")
    assert page.locator(f"#{element_id}").is_checked()


def _tick(page, element_id: str) -> None:
    _tab_to(page, lambda f: f["id"] == element_id)
    page.keyboard.press("Space")
    assert page.locator(f"#{element_id}").is_checked()


def _type_into(page, element_id: str, text: str) -> None:
    _tab_to(page, lambda f: f["id"] == element_id)
    page.keyboard.type(text)


def _continue(page) -> None:
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["type"] == "submit" and f["name"] == "")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_the_whole_questionnaire_by_keyboard_in_english_then_change_and_print(
    sample_site, new_page, run_axe, snap, tmp_path
):
    page = new_page(bypass_csp=True)
    page.goto(sample_site.url("/en/"))
    # The home page's "What do you need?" leads into the finder.
    _tab_to(page, lambda f: f["tag"] == "A" and "/en/finder/" in page.evaluate(
        "() => document.activeElement.getAttribute('href')"))  # fmt: skip
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/en/finder/" in page.url
    _axe(run_axe, page, "en-country")
    _choose_radio(page, "country", "country-TH")
    _continue(page)

    assert page.locator("h1").inner_text() == "What does your business do?"
    _axe(run_axe, page, "en-sector")
    _choose_radio(page, "sector", "sector-C")
    _continue(page)

    assert page.locator("h1").inner_text() == "How big is your business?"
    _axe(run_axe, page, "en-size")
    _type_into(page, "field-employees", "45")
    _type_into(page, "field-assets", "1000000")
    _continue(page)

    _axe(run_axe, page, "en-need")
    _tick(page, "need-grow")
    _tick(page, "need-export")
    _continue(page)

    _axe(run_axe, page, "en-group")
    _tick(page, "group-women")
    _continue(page)

    assert page.locator("h1").inner_text() == "Where do you sell or want to sell abroad?"
    _axe(run_axe, page, "en-export")
    _tick(page, "export_to-MY")
    _continue(page)

    assert page.locator("h1").inner_text() == "Check your answers"
    _axe(run_axe, page, "en-check")
    snap(page, "en-check")
    # Change the sector from the summary, by keyboard: back to the summary afterwards.
    _tab_to(page, lambda f: f["tag"] == "A" and "step=sector" in page.evaluate(
        "() => document.activeElement.getAttribute('href')"))  # fmt: skip
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#sector-C").is_checked()
    _choose_radio(page, "sector", "sector-G")
    _continue(page)
    assert page.locator("h1").inner_text() == "Check your answers"
    assert "Buying and selling goods" in page.locator(".finder-summary").inner_text()
    # The other answers are kept.
    assert "Number of workers: 45" in page.locator(".finder-summary").inner_text()

    _tab_to(page, lambda f: f["tag"] == "A" and "/finder/results/" in page.evaluate(
        "() => document.activeElement.getAttribute('href')"))  # fmt: skip
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Support that fits your business"
    reasons = page.locator(".finder-reasons").all_inner_texts()
    assert reasons and all(text.startswith("Because you said: Thailand") for text in reasons)
    assert "Form D" in page.locator("#trade-heading + *").inner_text() or "Form D" in page.content()
    _axe(run_axe, page, "en-answer")
    snap(page, "en-answer")

    # The answer prints on one A4 page (Chromium's own PDF printing, print stylesheet).
    pdf = page.pdf(format="A4", print_background=False)
    (tmp_path / "answer.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert pages == 1, f"the printed answer takes {pages} pages"
    # What is on that page, read back as text: the answer, its reasons, not the site's chrome.
    printed = _pdf_text(tmp_path / "answer.pdf")
    assert "Support that fits your business" in printed
    assert "Because you said: Thailand" in printed
    assert "Form D" in printed
    assert "Skip to main content" not in printed


def test_the_questionnaire_by_keyboard_in_thai(sample_site, new_page, run_axe, snap):
    page = new_page(bypass_csp=True)
    page.goto(sample_site.url("/th/finder/"))
    assert page.locator("html").get_attribute("lang") == "th"
    _axe(run_axe, page, "th-country")
    _choose_radio(page, "country", "country-TH")
    _continue(page)
    _axe(run_axe, page, "th-sector")
    _choose_radio(page, "sector", "sector-A")
    _continue(page)
    _axe(run_axe, page, "th-size")
    _choose_radio(page, "size", "size-small")
    _continue(page)
    _axe(run_axe, page, "th-need")
    _tick(page, "need-grow")
    _continue(page)
    _axe(run_axe, page, "th-group")
    _tick(page, "group-rural")
    _continue(page)
    assert "/th/finder/" in page.url and "step=check" in page.url
    _axe(run_axe, page, "th-check")
    _tab_to(page, lambda f: f["tag"] == "A" and "/finder/results/" in page.evaluate(
        "() => document.activeElement.getAttribute('href')"))  # fmt: skip
    with page.expect_navigation():
        page.keyboard.press("Enter")
    titles = page.locator(".finder-result h3").all_inner_texts()
    # The Thai titles of the sample content (an unspaced script), BAAC first (rural, sector A).
    assert any("ธ.ก.ส." in t or "เกษตร" in t for t in titles), titles
    _axe(run_axe, page, "th-answer")
    snap(page, "th-answer")


def test_the_comparison_table_on_a_phone(sample_site, new_page, run_axe, snap):
    page = new_page(viewport=PHONE, bypass_csp=True)
    ids = [
        "th-osmep-bds-co-payment",
        "th-tcg-portfolio-guarantee-scheme",
        "th-sme-d-bank-loans",
        "my-sme-bank-financing",
    ]
    page.goto(sample_site.url("/en/finder/compare/?" + "&".join(f"id={i}" for i in ids)))
    table = page.locator(".compare-table")
    assert table.is_visible()
    assert table.locator("thead th").count() == 4
    # The page itself never scrolls sideways: the table scrolls inside its own region,
    # which a keyboard user can focus and scroll.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    region = page.locator(".table-scroll")
    assert region.get_attribute("tabindex") == "0"
    assert page.evaluate(
        "() => { const r = document.querySelector('.table-scroll');"
        " return r.scrollWidth > r.clientWidth; }"
    )
    _tab_to(
        page, lambda f: "table-scroll" in page.evaluate("() => document.activeElement.className")
    )
    page.keyboard.press("ArrowRight")
    # Scrolling may be smooth: wait until it has moved.
    page.wait_for_function("() => document.querySelector('.table-scroll').scrollLeft > 0")
    _axe(run_axe, page, "compare-phone")
    snap(page, "compare-phone", reload=False)
    page.set_viewport_size(PHONE)  # the snapshot leaves a desktop-sized window

    page.goto(sample_site.url("/en/finder/compare/registration/"))
    assert page.locator(".compare-table tbody tr").count() == 10
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    _axe(run_axe, page, "registration-phone")
