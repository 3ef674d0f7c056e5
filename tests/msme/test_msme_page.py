"""The size check page: a GET form, its answer and its errors, in the reader's language."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _html(response):
    assert response.status_code == 200
    return response.content.decode()


def test_the_empty_form_lists_countries_and_sectors_grouped_by_country(client):
    html = _html(client.get("/en/msme-size/"))
    assert '<html lang="en"' in html
    assert '<label for="id_country">Country</label>' in html
    assert '<option value="MY">Malaysia</option>' in html
    assert '<optgroup label="Thailand">' in html
    assert '<option value="TH:other_service">Other service</option>' in html
    assert '<optgroup label="Brunei Darussalam">' not in html  # no sector split
    assert 'class="size-result' not in html
    for name in ("employees", "annual_sales", "assets", "capital"):
        assert f'name="{name}"' in html


def test_the_page_shows_the_size_and_the_rule_that_decided_in_english(client):
    html = _html(
        client.get(
            "/en/msme-size/",
            {
                "country": "MY",
                "sector": "MY:manufacturing",
                "employees": "40",
                "annual_sales": "10000000",
            },
        )
    )
    assert 'data-size="small"' in html
    assert "Your business is: small" in html
    assert "fewer than 75 workers (40)" in html
    assert "SME Corporation Malaysia definition as given in Appendix A" in html
    assert '<option value="MY:manufacturing" selected>' in html
    assert "Annual sales (MYR)" in html
    assert "Sales (RM) &lt; 15 million" in html  # the definition's table, as printed


def test_the_page_renders_in_thai_and_shows_the_result(client):
    html = _html(
        client.get(
            "/th/msme-size/",
            {"country": "TH", "sector": "TH:retail", "employees": "10", "assets": "1000000"},
        )
    )
    assert '<html lang="th"' in html
    assert 'data-size="small"' in html
    assert "การค้าปลีก" in html
    assert 'hreflang="en"' in html


def test_a_plain_sector_key_and_a_sector_without_a_country_both_work(client):
    assert 'data-size="micro"' in _html(
        client.get("/en/msme-size/", {"country": "VN", "sector": "service", "employees": "3"})
    )
    assert 'data-size="micro"' in _html(
        client.get("/en/msme-size/", {"sector": "VN:service", "employees": "3"})
    )


def test_undetermined_is_explained(client):
    html = _html(client.get("/en/msme-size/", {"country": "SG", "employees": "3"}))
    assert 'data-size="undetermined"' in html
    assert "We cannot tell your size yet" in html
    assert "n/a for every criterion" in html


def test_errors_are_tied_to_their_fields(client):
    html = _html(
        client.get("/en/msme-size/", {"country": "MY", "sector": "TH:retail", "employees": "forty"})
    )
    assert 'class="error-summary"' in html
    assert '<a href="#id_sector">This sector belongs to Thailand, not Malaysia' in html
    assert 'id="id_sector-error"' in html
    sector_select = re.search(r'<select id="id_sector"[^>]*>', html).group(0)
    assert "id_sector-error" in sector_select and 'aria-invalid="true"' in sector_select
    employees = re.search(r'<input[^>]*id="id_employees"[^>]*>', html).group(0)
    assert 'aria-describedby="id_employees-hint id_employees-error"' in employees
    assert 'value="forty"' in employees
    assert 'class="size-result' not in html


def test_a_missing_country_is_an_error_on_the_country_field(client):
    html = _html(client.get("/en/msme-size/", {"country": "", "employees": "3"}))
    assert 'id="id_country-error">Choose a country.' in html


@pytest.mark.parametrize(
    "value", ["\x00", "1" * 5000, "<script>x</script>", "ZZ:zz", "🙂", "1e999999"]
)
def test_hostile_input_on_the_page_never_yields_a_5xx(client, value):
    for parameter in ("country", "sector", "employees", "capital"):
        response = client.get(
            "/en/msme-size/", {"country": "VN", "sector": "service", parameter: value}
        )
        assert response.status_code == 200
        assert "<script>x</script>" not in response.content.decode()
