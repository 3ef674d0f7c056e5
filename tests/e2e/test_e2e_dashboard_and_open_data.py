"""The dashboard's charts and the data page render in Chromium and pass axe-core."""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLOCKING_IMPACTS = {"serious", "critical"}


def blocking(results: dict, name: str) -> list[str]:
    return [
        f"{name}: {violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def sign_in(page, sample_site, username: str) -> None:
    page.goto(sample_site.url("/admin/login/"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(sample_site.password)
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()


def test_an_approver_sees_the_dashboards_charts_with_their_country_marked(
    sample_site, editorial_roles, new_page, snap, run_axe
):
    sample_site.user("th-approver", "Thailand approvers")
    page = new_page(bypass_csp=True)  # axe is injected as an inline script
    sign_in(page, sample_site, "th-approver")

    page.get_by_role("button", name="Reports").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Directory dashboard").click()

    assert page.url == sample_site.url("/admin/dashboard/")
    charts = page.locator("svg[role=img]")
    assert charts.count() == 5
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box and box["width"] > 200 and box["height"] > 20
    assert page.locator("tr.dashboard-own th").first.inner_text().startswith("▶ Thailand")
    snap(page, "dashboard", reload=False)
    problems = blocking(run_axe(page, "admin-dashboard"), "dashboard")
    assert not problems, "\n".join(problems)


def test_the_data_page_lists_working_downloads_and_passes_axe(
    sample_site, new_page, snap, run_axe, settings, tmp_path
):
    settings.OPEN_DATA_ROOT = tmp_path / "opendata"
    call_command("build_open_data", verbosity=0)
    page = new_page(bypass_csp=True)
    problems = []
    for language in ("en", "th"):
        response = page.goto(sample_site.url(f"/{language}/data/"))
        assert response.status == 200
        problems += blocking(run_axe(page, f"{language}-data"), f"{language} data page")
        snap(page, f"{language}-data")
    assert not problems, "\n".join(problems)

    links = page.locator(".data-files a[download]")
    assert links.count() == 6
    download = page.request.get(sample_site.url(links.first.get_attribute("href")))
    assert download.status == 200
    assert download.body().startswith(b"\xef\xbb\xbf")


def test_a_kpi_page_with_test_data_charts_and_passes_axe(sample_site, new_page, snap, run_axe):
    from pathlib import Path

    wdi = Path(__file__).parents[1] / "kpi" / "data" / "TEST-DATA-wdi-layout.csv"
    call_command("import_kpi", str(wdi), verbosity=0)
    page = new_page(bypass_csp=True)
    problems = []
    for path in ("/en/kpi/", "/en/kpi/time-to-start-business/", "/th/kpi/sme-exports/"):
        response = page.goto(sample_site.url(path))
        assert response.status == 200
        problems += blocking(run_axe(page, f"kpi-{path}"), path)
        snap(page, path)
    assert not problems, "\n".join(problems)

    page.goto(sample_site.url("/en/kpi/time-to-start-business/"))
    chart = page.locator("svg#kpi-latest, svg[aria-labelledby^='kpi-latest']")
    box = chart.bounding_box()
    assert box and box["width"] > 200
