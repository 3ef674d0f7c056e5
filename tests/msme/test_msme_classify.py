"""The size check for every country and sector of Appendix A, at and around every threshold.

The expected limits below are transcribed again from the seed table (not read from the data
file), so a transcription error in msme/data/appendix_a.json makes these tests fail.
"""

from decimal import Decimal

import pytest

from msme.selectors import SizeCheckError
from msme.services import classify

pytestmark = pytest.mark.django_db

M = 1_000_000
B = 1_000_000_000
NEXT = {"micro": "small", "small": "medium", "medium": "large"}
PARAMETER = {
    "workers": "employees",
    "sales": "annual_sales",
    "assets": "assets",
    "capital": "capital",
}

# (country, sector, combination, {size: {criterion: strict upper bound}}); n/a, doubtful and
# "varying by sector" cells are left out because they never decide.
APPENDIX_A = [
    (
        "BN",
        None,
        "all",
        {"micro": {"workers": 4}, "small": {"workers": 19}, "medium": {"workers": 99}},
    ),
    (
        "KH",
        None,
        "all",
        {
            "micro": {"workers": 10},
            "small": {"workers": 50, "assets": 250_000},
            "medium": {"workers": 100, "assets": 500_000},
        },
    ),
    (
        "ID",
        None,
        "any",
        {
            "micro": {"assets": 50 * M, "sales": 300 * M},
            "small": {"assets": 500 * M, "sales": 2_500 * M},
            "medium": {"assets": 10_000 * M, "sales": 50_000 * M},
        },
    ),
    (
        "LA",
        None,
        "any",
        {
            "small": {"workers": 19, "assets": 250 * M, "sales": 400 * M},
            "medium": {"workers": 99, "assets": 2_000 * M, "sales": 1_000 * M},
        },
    ),
    (
        "MY",
        "manufacturing",
        "any",
        {
            "micro": {"workers": 5, "sales": 300_000},
            "small": {"workers": 75, "sales": 15 * M},
            "medium": {"workers": 200, "sales": 50 * M},
        },
    ),
    (
        "MY",
        "services_and_others",
        "any",
        {
            "micro": {"workers": 5, "sales": 300_000},
            "small": {"workers": 30, "sales": 3 * M},
            "medium": {"workers": 75, "sales": 20 * M},
        },
    ),
    (
        "PH",
        None,
        "all",
        {"micro": {"assets": 3 * M}, "small": {"assets": 15 * M}, "medium": {"assets": 100 * M}},
    ),
    (
        "MM",
        "manufacturing",
        "any",
        {
            "small": {"workers": 50, "capital": 500 * M},
            "medium": {"workers": 300, "capital": 1_000 * M},
        },
    ),
    (
        "MM",
        "labour_intensive_manufacturing",
        "any",
        {
            "small": {"workers": 300, "capital": 500 * M},
            "medium": {"workers": 600, "capital": 1_000 * M},
        },
    ),
    (
        "MM",
        "wholesale",
        "any",
        {"small": {"workers": 30, "sales": 100 * M}, "medium": {"workers": 60, "sales": 300 * M}},
    ),
    (
        "MM",
        "retail",
        "any",
        {"small": {"workers": 30, "sales": 50 * M}, "medium": {"workers": 60, "sales": 100 * M}},
    ),
    (
        "MM",
        "service",
        "any",
        {"small": {"workers": 30, "sales": 100 * M}, "medium": {"workers": 100, "sales": 200 * M}},
    ),
    (
        "MM",
        "others",
        "any",
        {"small": {"workers": 30, "sales": 100 * M}, "medium": {"workers": 60, "sales": 100 * M}},
    ),
    (
        "TH",
        "manufacturing",
        "all",
        {"small": {"workers": 50, "assets": 50 * M}, "medium": {"workers": 200, "assets": 200 * M}},
    ),
    (
        "TH",
        "wholesale",
        "all",
        {"small": {"workers": 25, "assets": 50 * M}, "medium": {"workers": 50, "assets": 100 * M}},
    ),
    (
        "TH",
        "retail",
        "all",
        {"small": {"workers": 15, "assets": 30 * M}, "medium": {"workers": 30, "assets": 60 * M}},
    ),
    (
        "TH",
        "other_service",
        "all",
        {"small": {"workers": 50, "assets": 50 * M}, "medium": {"workers": 200, "assets": 200 * M}},
    ),
    (
        "VN",
        "agriculture",
        "all",
        {
            "micro": {"workers": 10},
            "small": {"workers": 200, "capital": 20 * B},
            "medium": {"workers": 300, "capital": 100 * B},
        },
    ),
    (
        "VN",
        "manufacturing",
        "all",
        {
            "micro": {"workers": 10},
            "small": {"workers": 200, "capital": 20 * B},
            "medium": {"workers": 300, "capital": 100 * B},
        },
    ),
    (
        "VN",
        "service",
        "all",
        {
            "micro": {"workers": 10},
            "small": {"workers": 50, "capital": 10 * B},
            "medium": {"workers": 100, "capital": 50 * B},
        },
    ),
]
SIZES = ("micro", "small", "medium")


def _just_below(criterion, bound):
    return Decimal(bound) - (1 if criterion == "workers" else Decimal("0.01"))


def _criteria(limits):
    return sorted({c for by_criterion in limits.values() for c in by_criterion})


def _bound_at_or_above(limits, criterion, size):
    """The criterion's limit at this size, or at the next larger size that has one."""
    for candidate in SIZES[SIZES.index(size) :]:
        if criterion in limits.get(candidate, {}):
            return limits[candidate][criterion]
    return None


def _figures_for(combination, limits, size, criterion, value):
    """Figures that isolate one criterion: the others stay neutral for the combination rule."""
    figures = {}
    for other in _criteria(limits):
        if other == criterion:
            continue
        if combination == "all":
            bound = _bound_at_or_above(limits, other, size)
            # Just inside this size (or the next size that limits it): never the deciding fact.
            figures[other] = _just_below(other, bound) if bound is not None else Decimal(0)
        else:
            # Above every limit: under "any" it can never qualify the business for a size.
            figures[other] = Decimal(
                max(by_criterion.get(other, 0) for by_criterion in limits.values())
            )
    figures[criterion] = value
    return {PARAMETER[c]: v for c, v in figures.items()}


def _size_for_value(limits, criterion, value, start):
    """The first size from `start` whose limit for the criterion is above the value."""
    for size in SIZES[SIZES.index(start) :]:
        bound = limits.get(size, {}).get(criterion)
        if bound is not None and value < bound:
            return size
    return "large"


def _boundary_cases():
    for country, sector, combination, limits in APPENDIX_A:
        for size, by_criterion in limits.items():
            for criterion, bound in by_criterion.items():
                label = f"{country}-{sector or 'all'}-{size}-{criterion}"
                below = _just_below(criterion, bound)
                # Under "any", a value below a smaller size's equal limit (Myanmar, others)
                # is that smaller size.
                expected = (
                    size
                    if combination == "all"
                    else _size_for_value(limits, criterion, below, "micro")
                )
                yield pytest.param(
                    country,
                    sector,
                    _figures_for(combination, limits, size, criterion, below),
                    expected,
                    id=f"{label}-just-below",
                )
                at = Decimal(bound)
                expected = (
                    NEXT[size]
                    if combination == "all"
                    else _size_for_value(limits, criterion, at, "micro")
                )
                yield pytest.param(
                    country,
                    sector,
                    _figures_for(combination, limits, size, criterion, at),
                    expected,
                    id=f"{label}-exactly-at",
                )


@pytest.mark.parametrize(("country", "sector", "figures", "expected"), list(_boundary_cases()))
def test_a_value_just_below_a_limit_is_that_size_and_exactly_at_it_is_the_next(
    country, sector, figures, expected
):
    result = classify(country=country, sector=sector, **figures)
    assert result.size == expected, result.explanation


@pytest.mark.parametrize(
    ("country", "sector", "limits"),
    [
        pytest.param(country, sector, limits, id=f"{country}-{sector or 'all'}")
        for country, sector, _combination, limits in APPENDIX_A
    ],
)
def test_every_definition_calls_a_business_at_every_medium_limit_large(country, sector, limits):
    figures = {PARAMETER[c]: Decimal(bound) for c, bound in limits["medium"].items()}
    # Figures no limit uses are ignored, so give them too: the answer must not change.
    figures.update({p: Decimal(10) ** 20 for p in PARAMETER.values() if p not in figures})
    result = classify(country=country, sector=sector, **figures)
    assert result.size == "large"
    assert "large" in result.explanation[-1]


@pytest.mark.parametrize(
    ("country", "sector"),
    [
        (country, sector)
        for country, sector, _combination, limits in APPENDIX_A
        if "micro" not in limits
    ],
)
def test_countries_whose_table_says_na_for_micro_never_answer_micro(country, sector):
    result = classify(
        country=country, sector=sector, employees=0, annual_sales=0, assets=0, capital=0
    )
    assert result.size == "small"
    assert any("never the answer" in line for line in result.explanation)


def test_the_example_from_the_api_contract_names_the_rule_that_decided():
    result = classify(country="MY", sector="manufacturing", employees=40, annual_sales=10_000_000)
    assert result.size == "small"
    assert result.explanation[-1] == (
        "Malaysia, manufacturing: fewer than 75 workers (40) or annual sales below MYR 15,000,000 "
        "(MYR 10,000,000) → small (SME Corporation Malaysia definition as given in "
        "Appendix A of the "
        "ASEAN SAP SMED 2016-2025)"
    )
    assert result.source.startswith("SME Corporation Malaysia definition")


def test_malaysia_takes_the_smaller_size_when_the_two_criteria_disagree():
    result = classify(
        country="MY", sector="services_and_others", employees=3, annual_sales=19_000_000
    )
    assert result.size == "micro"


def test_indonesia_is_micro_by_assets_even_when_sales_say_small():
    result = classify(country="ID", assets=10 * M, annual_sales=1_000 * M)
    assert result.size == "micro"


def test_thailand_takes_the_larger_size_when_workers_and_assets_disagree():
    result = classify(country="TH", sector="retail", employees=10, assets=100 * M)
    assert result.size == "large"
    assert "conservative reading" in result.explanation[0]


def test_viet_nam_micro_is_decided_by_workers_when_no_capital_is_given():
    assert classify(country="VN", sector="service", employees=9).size == "micro"


def test_viet_nam_capital_above_the_small_limit_rules_out_micro():
    result = classify(country="VN", sector="agriculture", employees=5, capital=30 * B)
    assert result.size == "medium"
    assert any("(the small limit) → not micro" in line for line in result.explanation)


def test_singapore_is_always_undetermined_because_the_source_says_na_everywhere():
    for figures in (
        {},
        {"employees": 3},
        {"employees": 3, "annual_sales": 1, "assets": 1, "capital": 1},
    ):
        result = classify(country="SG", **figures)
        assert result.size == "undetermined"
        assert "n/a for every criterion" in result.explanation[0]


def test_no_figures_at_all_is_undetermined_and_says_what_to_enter():
    result = classify(country="TH", sector="manufacturing")
    assert result.size == "undetermined"
    assert "no figure was given for workers and assets" in result.explanation[-1]


def test_a_missing_criterion_that_could_change_the_answer_is_undetermined_with_the_possible_sizes():
    result = classify(country="MY", sector="manufacturing", employees=100)
    assert result.size == "undetermined"
    assert result.possible_sizes == ["micro", "small", "medium"]
    assert "depending on annual sales, it could be micro, small or medium" in result.explanation[-1]


def test_a_missing_criterion_is_undetermined_under_the_conservative_rule_too():
    result = classify(country="TH", sector="retail", employees=10)
    assert result.size == "undetermined"
    assert result.possible_sizes == ["small", "medium", "large"]


def test_given_figures_that_decide_alone_need_no_other_criterion():
    # Under "any" one figure below the micro limit settles it; under "all" one figure above
    # every medium limit does.
    assert classify(country="MY", sector="manufacturing", annual_sales=299_999).size == "micro"
    assert classify(country="TH", sector="wholesale", employees=50).size == "large"


def test_cambodia_doubtful_micro_asset_limit_never_decides():
    # 40 is below the printed "< 50", yet assets alone must not make the business micro.
    result = classify(country="KH", assets=40)
    assert result.size == "undetermined"
    assert any(
        "“Asset (USD) < 50”" in line and "not applied" in line for line in result.explanation
    )


def test_cambodia_micro_is_decided_by_workers_alone_and_says_what_the_printed_limit_would_give():
    result = classify(country="KH", employees=5, assets=1_000)
    assert result.size == "micro"
    assert any("micro is decided by workers alone" in line for line in result.explanation)
    assert "would give small instead" in result.explanation[-1]


def test_cambodia_assets_above_the_small_limit_rule_out_micro():
    assert classify(country="KH", employees=5, assets=300_000).size == "medium"


def test_brunei_sales_vary_by_sector_in_the_source_and_are_not_used():
    result = classify(country="BN", employees=3, annual_sales=10**12)
    assert result.size == "micro"
    assert any("Sales Varying by sector" in line for line in result.explanation)
    assert classify(country="BN", annual_sales=1).size == "undetermined"


def test_philippines_workers_are_na_and_not_used():
    result = classify(country="PH", employees=10_000, assets=2 * M)
    assert result.size == "micro"
    assert any("no limits for workers" in line for line in result.explanation)


def test_myanmar_others_flags_the_suspicious_small_sales_limit_when_it_decides():
    result = classify(country="MM", sector="others", employees=40, annual_sales=60 * M)
    assert result.size == "small"
    assert result.explanation[-1].startswith("Note: The source prints the same limit")


def test_fractional_and_huge_figures_are_handled():
    assert classify(country="PH", assets=Decimal("2999999.99")).size == "micro"
    assert classify(country="PH", assets=Decimal(10) ** 29).size == "large"


def test_an_unknown_country_or_sector_raises_an_error_naming_the_parameter():
    with pytest.raises(SizeCheckError) as country_error:
        classify(country="XX")
    assert country_error.value.parameter == "country"
    with pytest.raises(SizeCheckError) as sector_error:
        classify(country="TH", sector="agriculture")
    assert sector_error.value.parameter == "sector"
    with pytest.raises(SizeCheckError) as missing_sector:
        classify(country="VN")
    assert missing_sector.value.parameter == "sector"


def test_country_and_sector_are_matched_case_insensitively():
    assert classify(country="my", sector="Manufacturing", employees=3).size == "micro"
