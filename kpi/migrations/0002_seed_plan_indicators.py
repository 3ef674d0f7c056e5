"""The ten KPIs of the ASEAN Strategic Action Plan for SME Development 2016-2025,
section 2.3, Figure 2-3 ("Set of KPIs"): names, goals and data sources as the plan
gives them. No values: those come from a named source through `import_kpi` or the admin.
"""

from django.db import migrations

PLAN = "ASEAN Strategic Action Plan for SME Development 2016-2025, section 2.3, Figure 2-3"
BASELINE_NOTE = (
    "The plan calls for a base-line survey at the beginning of the Plan to provide "
    "comparable data; the baseline year is left empty until that survey's year is known."
)

# (code, goal, name as in the plan, unit, data source named in the plan, WDI code, note)
INDICATORS = [
    ("labour-productivity", "A", "National labour productivity (GDP divided by number of labour)",
     "GDP per person employed", "ADB Data", "", ""),
    ("rd-expenditure", "A", "R&D expenditure (% of GDP)", "% of GDP", "WB Data",
     "GB.XPD.RSDV.GD.ZS", ""),
    ("sme-business-loans", "B", "Percentage of business loans to SMEs", "% of business loans",
     "National Data", "",
     "The plan: data available for 6 AMS (Indonesia, Malaysia, Myanmar, the Philippines, "
     "Singapore and Viet Nam)."),
    ("sme-exports", "C", "Percentage share of SMEs' contribution to national exports",
     "% of national exports", "National Data", "",
     "The plan: data available for 4 AMS (Indonesia, Malaysia, Myanmar and Thailand)."),
    ("sme-overseas-investment", "C", "Percentage of SMEs with investment overseas",
     "% of SMEs", "National Data", "",
     "The plan: data availability to be confirmed under a separate survey."),
    ("time-to-start-business", "D", "Time and cost required to start a business (days)", "days",
     "WB Data", "IC.REG.DURS", ""),
    ("cost-to-start-business", "D", "Cost of business start-up procedures (% of GNI per capita)",
     "% of GNI per capita", "WB Data", "IC.REG.COST.PC.ZS", ""),
    ("sme-employment", "E", "Contribution of SMEs to employment",
     "% of national workforce", "National Data", "",
     "% of workforce employed by SMEs to total national workforce. The plan: data available "
     "for 8 AMS (Indonesia, Lao PDR, Malaysia, Myanmar, the Philippines, Singapore, Thailand "
     "and Viet Nam)."),
    ("female-labour-participation", "E",
     "Labour force participation rate, female (% of female population ages 15+)",
     "% of female population ages 15+", "WB Data", "SL.TLF.CACT.FE.ZS", ""),
    ("youth-labour-participation", "E",
     "Labour force participation rate for ages 15-24 (youth), total (%)",
     "% of population ages 15-24", "WB Data", "SL.TLF.ACTI.1524.ZS", ""),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("kpi", "Indicator")
    for order, (code, goal, name, unit, source, wdi, note) in enumerate(INDICATORS):
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "goal": goal,
                "name": name,
                "unit": unit,
                "plan_data_source": source,
                "wdi_code": wdi,
                "note": " ".join(filter(None, [note, f"Source: {PLAN}.", BASELINE_NOTE])),
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("kpi", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
