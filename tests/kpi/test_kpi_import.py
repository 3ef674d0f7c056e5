"""`import_kpi`: the World Bank WDI layout and the long layout, all or nothing.

The files under tests/kpi/data/ are TEST DATA: invented figures in the real layouts.
"""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kpi.models import Indicator, KpiValue

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
WDI = DATA / "TEST-DATA-wdi-layout.csv"
MALFORMED = DATA / "TEST-DATA-wdi-malformed.csv"


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_kpi", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def values() -> dict[tuple[str, str, int], Decimal]:
    return {
        (v.indicator.code, v.country_id, v.year): v.value
        for v in KpiValue.objects.select_related("indicator")
    }


def test_the_plans_ten_kpis_are_seeded_without_values(db):
    assert Indicator.objects.count() == 10
    assert not KpiValue.objects.exists()
    assert set(Indicator.objects.values_list("goal", flat=True)) == set("ABCDE")


def test_a_wdi_file_imports_asean_values_skips_empty_years_and_other_countries(site):
    out, _err = run(WDI)

    assert values() == {
        ("time-to-start-business", "TH", 2014): Decimal("11.1"),
        ("time-to-start-business", "TH", 2016): Decimal("33.3"),
        ("time-to-start-business", "TH", 2017): Decimal("44.4"),
        ("time-to-start-business", "VN", 2016): Decimal("7"),
        ("time-to-start-business", "VN", 2017): Decimal("8.5"),
        ("female-labour-participation", "TH", 2016): Decimal("60.5"),
    }
    value = KpiValue.objects.get(
        country_id="TH", year=2016, indicator__code="time-to-start-business"
    )
    assert value.source == "World Bank, World Development Indicators (IC.REG.DURS)"
    assert value.source_url == "https://data.worldbank.org/indicator/IC.REG.DURS"
    assert "Ignored 2 countries and aggregates outside ASEAN." in out
    assert "XX.NOT.A.KPI" in out
    assert "6 created" in out


def test_importing_again_changes_nothing(site):
    run(WDI)
    out, _err = run(WDI)

    assert "0 created, 0 updated, 6 unchanged" in out


def test_a_malformed_row_is_refused_with_its_line_and_nothing_is_written(site):
    err = StringIO()
    with pytest.raises(CommandError, match="1 error in the input; nothing was imported"):
        call_command("import_kpi", str(MALFORMED), stdout=StringIO(), stderr=err)

    assert err.getvalue().strip() == f"{MALFORMED}:5: 2016: not a number: 'seven'"
    assert not KpiValue.objects.exists()  # the good row on line 4 was not written either


def test_a_row_with_missing_cells_is_refused(site, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text(
        '"Country Name","Country Code","Indicator Name","Indicator Code","2016",\n'
        '"Thailand","THA","Time","IC.REG.DURS"\n',
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_kpi", str(path), stdout=StringIO(), stderr=err)

    assert err.getvalue().startswith(f"{path}:2: row: has 4 cells, the header 6")


def test_the_long_layout_needs_a_source_and_member_states(site, tmp_path):
    good = tmp_path / "long.csv"
    good.write_text(
        "indicator,country,year,value,source,note\n"
        "sme-employment,MY,2016,1.5,TEST DATA source,test only\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "indicator,country,year,value,source\n"
        "sme-employment,JP,2016,1.5,\n"
        "nope,MY,20x6,1,Somebody\n",
        encoding="utf-8",
    )
    run(good)
    assert values() == {("sme-employment", "MY", 2016): Decimal("1.5")}

    err = StringIO()
    with pytest.raises(CommandError, match="4 errors"):
        call_command("import_kpi", str(bad), stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        f"{bad}:2: country: not a member state's code: 'JP'",
        f"{bad}:2: source: required: who publishes the figure",
        f"{bad}:3: indicator: unknown KPI 'nope'",
        f"{bad}:3: year: not a year: '20x6'",
    ]
    assert values() == {("sme-employment", "MY", 2016): Decimal("1.5")}
