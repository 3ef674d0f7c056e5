"""The directory dashboard: who may see it, what each viewer sees, its charts and CSVs."""

from __future__ import annotations

import csv
import io

import pytest

pytestmark = pytest.mark.django_db
URL = "/admin/dashboard/"


def table_csv(client, name: str) -> list[dict]:
    response = client.get(f"{URL}?csv={name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_secretariat_sees_every_countrys_figures(two_countries, make_user, client):
    client.force_login(make_user("sec", "ASEAN Secretariat"))

    response = client.get(URL)

    assert response.status_code == 200
    pages = {row["country"]: row for row in table_csv(client, "pages")}
    assert pages["TH"]["financing_scheme"] == "2"
    assert pages["TH"]["unpublished"] == "1"
    assert pages["MY"]["financing_scheme"] == "1"
    assert pages["MY"]["unpublished"] == "3"
    reports = {row["country"]: row["open_reports"] for row in table_csv(client, "reports")}
    assert reports["TH"] == "1"
    assert reports["MY"] == "2"
    assert "Searches in the last 30 days" in response.content.decode()


def test_an_approver_cannot_see_another_countrys_unpublished_data(two_countries, make_user, client):
    client.force_login(make_user("th-approver", "Thailand approvers"))

    response = client.get(URL)
    html = response.content.decode()

    assert response.status_code == 200
    pages = {row["country"]: row for row in table_csv(client, "pages")}
    # Published counts are public: shown for every country.
    assert pages["MY"]["financing_scheme"] == "1"
    # Unpublished ones only for the approver's own country.
    assert pages["TH"]["unpublished"] == "1"
    assert pages["MY"]["unpublished"] == ""
    reports = {row["country"]: row["open_reports"] for row in table_csv(client, "reports")}
    assert reports == {"TH": "1"}
    assert "Malaysia" in html  # listed with its published figures
    assert "MY secret report" not in html
    assert "Searches in the last" not in html  # search terms are the Secretariat's
    assert client.get(f"{URL}?csv=top_queries").status_code == 400


def test_the_approvers_own_country_is_highlighted_in_words_not_only_colour(
    two_countries, make_user, client
):
    client.force_login(make_user("th-approver", "Thailand approvers"))

    html = client.get(URL).content.decode()

    assert '<tr class="dashboard-own">' in html
    assert 'font-weight="bold">▶ Thailand</text>' in html
    assert "▶ Malaysia" not in html


@pytest.mark.parametrize("groups", [(), ("Thailand editors",), ("Translators (Thai)",)])
def test_others_are_refused(site, make_user, client, groups):
    client.force_login(make_user("someone", *groups))

    assert client.get(URL).status_code in (302, 403)
    assert client.get(f"{URL}?csv=pages").status_code in (302, 403)


def test_every_chart_is_an_svg_image_with_its_figures_in_a_table(two_countries, make_user, client):
    client.force_login(make_user("sec", "ASEAN Secretariat"))

    html = client.get(URL).content.decode()

    for chart in ("pages", "verified", "overdue", "translations", "reports"):
        assert f'aria-labelledby="chart-{chart}-title chart-{chart}-desc"' in html
    assert html.count('role="img"') == 5
    assert "<script" not in html.split('id="chart-pages-title"')[1].split("</svg>")[0]
    assert html.count('<table class="listing">') >= 4


def test_the_freshness_and_translation_csvs_count_live_pages(two_countries, make_user, client):
    client.force_login(make_user("sec", "ASEAN Secretariat"))

    freshness = {row["country"]: row for row in table_csv(client, "freshness")}
    translations = {row["language"]: row for row in table_csv(client, "translations")}

    assert freshness["TH"]["pages"] == "2"
    assert freshness["TH"]["verified"] == "0"
    assert freshness["TH"]["verified_pct"] == "0.0"
    assert freshness["BN"]["verified_pct"] == ""  # no pages: no share, not 0
    # Three live pages with title and summary in English only: 6 missing fields a language.
    assert translations["th"]["missing"] == "6"
    assert translations["th"]["translated_pct"] == "0.0"


def test_an_unknown_csv_table_is_a_400_naming_the_parameter(site, make_user, client):
    client.force_login(make_user("sec", "ASEAN Secretariat"))

    response = client.get(f"{URL}?csv=nope")

    assert response.status_code == 400
    assert response.content.decode().startswith("csv: ")
