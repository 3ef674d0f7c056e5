"""Public KPI pages: charts across member states and years, baseline marked, no invented data."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from kpi.models import Indicator, KpiValue
from onestop.models import RegistrationGuidePage
from servicecentre.services import country_hub

pytestmark = pytest.mark.django_db
WDI = Path(__file__).parent / "data" / "TEST-DATA-wdi-layout.csv"


def test_a_kpi_without_values_says_no_data_yet(site, client):
    response = client.get("/en/kpi/sme-exports/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "No data yet" in html
    assert "<svg" not in html


def test_the_index_lists_the_ten_kpis(site, client):
    html = client.get("/en/kpi/").content.decode()

    for indicator in Indicator.objects.all():
        assert f'href="{indicator.code}/"' in html


def test_a_kpi_page_charts_member_states_and_years_with_the_baseline_marked(site, client):
    call_command("import_kpi", str(WDI), stdout=StringIO())
    Indicator.objects.filter(code="time-to-start-business").update(baseline_year=2016)

    html = client.get("/en/kpi/time-to-start-business/").content.decode()

    assert 'aria-labelledby="kpi-latest-title kpi-latest-desc"' in html
    assert ">44.4 (2017)</text>" in html  # Thailand's latest value, with its year
    assert ">8.5 (2017)</text>" in html  # Viet Nam's
    assert html.count(">no data yet</text>") == 8  # the other member states
    assert 'id="kpi-years-th-title"' in html and 'id="kpi-years-vn-title"' in html
    assert 'font-weight="bold">▶ 2016 (baseline)</text>' in html
    assert "2016 (baseline)</th>" in html
    assert 'href="https://data.worldbank.org/indicator/IC.REG.DURS"' in html
    assert "Japan" not in html


def test_the_start_a_business_kpis_show_the_registration_guides_totals(site, client):
    guide = country_hub("TH").add_child(
        instance=RegistrationGuidePage(
            title="Registering a business in Thailand",
            title_en="Registering a business in Thailand",
            slug="registration",
            country_id="TH",
            summary="How to register.",
            summary_en="How to register.",
            source_url="https://example.org/source",
            compiled_on=datetime.date(2026, 1, 5),
            total_time="TEST: 3 days",
            total_time_year=2025,
            total_time_source_url="https://example.org/time",
        )
    )
    guide.save_revision().publish()

    html = client.get("/en/kpi/time-to-start-business/").content.decode()

    assert "TEST: 3 days (2025)" in html
    assert 'href="https://example.org/time"' in html


def test_an_unknown_kpi_is_a_404(site, client):
    assert client.get("/en/kpi/not-a-kpi/").status_code == 404


def test_the_secretariat_may_edit_kpi_values_and_an_approver_may_not(
    two_countries, make_user, client
):
    indicator = Indicator.objects.get(code="sme-employment")
    value = KpiValue.objects.create(
        indicator=indicator, country_id="MY", year=2016, value=1, source="TEST DATA"
    )
    secretariat = make_user("sec", "ASEAN Secretariat")
    approver = make_user("th-approver", "Thailand approvers")
    edit = f"/admin/snippets/kpi/kpivalue/edit/{value.pk}/"

    client.force_login(secretariat)
    assert client.get(edit).status_code == 200
    client.force_login(approver)
    assert client.get(edit).status_code in (302, 403)
