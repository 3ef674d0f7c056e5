"""The questionnaire, its summary, the answer page and the comparisons, without JavaScript."""

import re
from urllib.parse import parse_qs, urlsplit

from django.utils.html import escape


def _query(url):
    return {k: v for k, v in parse_qs(urlsplit(url).query).items()}


def test_one_question_per_step_then_summary_then_answer(client, sample_content, db):
    response = client.get("/en/finder/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1 and "Where is your business?" in html
    assert 'name="country" value="TH"' in html

    # Each answer redirects to the next question, carrying every answer so far.
    response = client.get("/en/finder/", {"country": "TH", "answered": "country"})
    assert response.status_code == 302
    assert _query(response.url) == {"country": ["TH"], "step": ["sector"]}
    response = client.get(response.url)
    assert "What does your business do?" in response.content.decode()
    assert 'type="hidden" name="country" value="TH"' in response.content.decode()

    response = client.get("/en/finder/", {"country": "TH", "sector": "C", "answered": "sector"})
    assert _query(response.url)["step"] == ["size"]
    html = client.get(response.url).content.decode()
    # Thailand's definition uses workers and assets, not sales or capital.
    assert 'name="employees"' in html and 'name="assets"' in html
    assert 'name="annual_sales"' not in html and 'name="capital"' not in html
    assert "THB" in html

    answers = {"country": "TH", "sector": "C", "employees": "45", "assets": "1000000"}
    response = client.get("/en/finder/", {**answers, "answered": "size"})
    assert _query(response.url)["step"] == ["need"]
    response = client.get(
        "/en/finder/", {**answers, "need": ["grow", "export"], "answered": "need"}
    )
    assert _query(response.url)["step"] == ["group"]
    answers["need"] = ["grow", "export"]
    response = client.get("/en/finder/", {**answers, "group": "women", "answered": "group"})
    # An exporter is asked where to.
    assert _query(response.url)["step"] == ["export_to"]
    answers["group"] = "women"
    html = client.get(response.url).content.decode()
    assert 'value="CN"' in html and 'value="TH"' not in html.split("<form")[1].split("answered")[0]
    response = client.get("/en/finder/", {**answers, "export_to": "CN", "answered": "export_to"})
    assert _query(response.url)["step"] == ["check"]

    html = client.get(response.url).content.decode()
    assert "Check your answers" in html
    assert html.count(">Change<") == 6
    results = re.search(r'href="(/en/finder/results/\?[^"]+)"', html).group(1)
    html = client.get(results.replace("&amp;", "&")).content.decode()
    assert (
        "Because you said: Thailand · Manufacturing (C) · Small (fewer than 50 workers (45)" in html
    )
    assert "Government Savings Bank loans" in html
    assert "Form E" in html and "ACFTA" in html
    assert 'name="id" value="th-gsb-micro-and-sme-loans"' in html


def test_a_step_with_a_bad_answer_says_so_and_stays(client, sample_content, db):
    response = client.get(
        "/en/finder/", {"country": "TH", "employees": "forty", "answered": "size"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#field-employees"' in html
    assert "How big is your business?" in html


def test_changing_an_answer_from_the_summary_returns_to_the_summary(client, sample_content, db):
    answers = {"country": "TH", "sector": "C", "need": "grow"}
    html = client.get("/en/finder/", {**answers, "step": "check"}).content.decode()
    change = re.search(r'href="([^"]*step=country[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "return=check" in change
    html = client.get(change).content.decode()
    assert 'name="return" value="check"' in html
    assert 'id="country-TH" name="country" value="TH" checked' in html
    response = client.get(
        "/en/finder/", {**answers, "country": "MY", "answered": "country", "return": "check"}
    )
    assert _query(response.url)["step"] == ["check"]
    assert _query(response.url)["country"] == ["MY"]
    assert "Malaysia" in client.get(response.url).content.decode()


def test_the_answer_page_is_a_shareable_link_with_plain_share_urls(client, sample_content, db):
    response = client.get(
        "/en/finder/results/?country=VN&sector=A&employees=5&need=grow&group=women"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Almost a match" in html
    assert "for small or medium enterprises only" in html
    assert "mailto:?subject=" in html
    assert (
        "https://social-plugins.line.me/lineit/share?url=http%3A%2F%2Ftestserver%2Fen%2Ffinder%2Fresults%2F"
        in html
    )
    assert "https://wa.me/?text=" in html
    assert "<script" not in html.split('id="main"')[1]


def test_a_broken_answer_link_goes_to_the_summary_which_names_the_problem(
    client, sample_content, db
):
    response = client.get("/en/finder/results/?country=TH&need=money")
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "There is a problem" in html


def test_the_comparison_shows_schemes_side_by_side_and_unknowns(client, sample_content, db):
    ids = ["th-osmep-bds-co-payment", "th-tcg-portfolio-guarantee-scheme"]
    html = client.get("/en/finder/compare/", {"id": ids}).content.decode()
    assert "2 schemes side by side" in html
    assert "Up to THB 200,000" in html
    assert escape("Thai Credit Guarantee Corporation (TCG)") in html
    assert "unknown" in html  # TCG states no amount
    five = ["th-osmep-bds-co-payment", "th-tcg-portfolio-guarantee-scheme", "th-sme-d-bank-loans",
            "th-gsb-micro-and-sme-loans", "th-nia-innovation-funding"]  # fmt: skip
    html = client.get("/en/finder/compare/", {"id": five}).content.decode()
    assert "4 schemes side by side" in html
    assert "NIA innovation funding" not in html


def test_registration_in_the_ten_member_states_with_a_chart(client, sample_content, db):
    html = client.get("/en/finder/compare/registration/").content.decode()
    for name in ["Brunei Darussalam", "Cambodia", "Indonesia", "Lao PDR", "Malaysia", "Myanmar",
                 "Philippines", "Singapore", "Thailand", "Viet Nam"]:  # fmt: skip
        assert name in html
    assert html.count("<svg") == 2
    assert 'class="finder-chart__bar"' in html  # steps are known for every guide
    # No sample guide states a total time from a cited source: all unknown, none drawn.
    days = html.split('id="chart-days-caption"')[1]
    assert "finder-chart__bar" not in days
    assert days.count(">unknown<") == 10


def test_a_guide_that_lists_no_steps_counts_as_unknown_not_zero(client, sample_content, db):
    from onestop.models import RegistrationGuidePage

    guide = RegistrationGuidePage.objects.live().get(country_id="BN")
    guide.steps.all().delete()
    html = client.get("/en/finder/compare/registration/").content.decode()
    steps = html.split('id="chart-steps-caption"')[1].split("</figure>")[0]
    brunei = steps.split("Brunei Darussalam")[1].split("</text>")[1]
    assert ">unknown<" in brunei + "</text>"
    assert ">0<" not in steps


def test_the_comparison_heads_the_verification_row_without_claiming_a_check(
    client, sample_content, db
):
    ids = ["th-osmep-bds-co-payment", "th-tcg-portfolio-guarantee-scheme"]
    html = client.get("/en/finder/compare/", {"id": ids}).content.decode()
    assert ">Verification</th>" in html
    assert "Last verified" not in html  # both are compiled, not verified


def test_the_home_page_needs_lead_into_the_finder(client, sample_content, db):
    html = client.get("/en/").content.decode()
    tasks = html.split('id="tasks-heading"')[1].split("</section>")[0]
    assert tasks.count("/en/finder/") >= 5


def test_schemes_are_gathered_from_their_pages_into_one_comparison(client, sample_content, db):
    html = client.get("/en/thailand/sme-d-bank-loans/").content.decode()
    assert 'action="/en/finder/compare/"' in html
    assert 'name="add" value="th-sme-d-bank-loans"' in html
    response = client.get("/en/finder/compare/", {"add": "th-sme-d-bank-loans"})
    assert response.status_code == 302
    response = client.get("/en/finder/compare/", {"add": "my-tekun-nasional-financing"})
    assert _query(response.url) == {"id": ["th-sme-d-bank-loans", "my-tekun-nasional-financing"]}
    html = client.get(response.url).content.decode()
    assert "2 schemes side by side" in html and "TEKUN" in html
    for extra in ["th-gsb-micro-and-sme-loans", "th-nia-innovation-funding"]:
        client.get("/en/finder/compare/", {"add": extra})
    response = client.get("/en/finder/compare/", {"add": "th-osmep-bds-co-payment"})
    assert _query(response.url)["full"] == ["1"]
    assert len(_query(response.url)["id"]) == 4
    html = client.get(response.url).content.decode()
    assert "up to 4 schemes" in html
    response = client.get("/en/finder/compare/", {"remove": "th-sme-d-bank-loans"})
    assert "th-sme-d-bank-loans" not in _query(response.url)["id"]


def test_a_new_country_from_the_summary_asks_for_the_figures_again(client, sample_content, db):
    answers = {"country": "TH", "employees": "45", "need": "grow"}
    response = client.get(
        "/en/finder/", {**answers, "country": "VN", "answered": "country", "return": "check"}
    )
    assert _query(response.url)["step"] == ["size"]
    assert _query(response.url)["return"] == ["check"]
    html = client.get(response.url).content.decode()
    assert "VND" in html and 'value="45"' in html


def test_search_results_offer_schemes_for_comparison(client, sample_content, db, rebuilt):
    rebuilt()  # the sample content was imported in a transaction: index it
    html = client.get("/en/search/", {"type": "financing_scheme", "country": "TH"}).content.decode()
    assert 'href="/en/finder/compare/?add=th-sme-d-bank-loans"' in html
