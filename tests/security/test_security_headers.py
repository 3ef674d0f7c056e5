"""Public pages carry a strict Content-Security-Policy and contain nothing it would block."""

from __future__ import annotations

import pytest
from django.test import override_settings

from servicecentre.headers import render_policy

STRICT_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header: str) -> dict[str, str]:
    parsed = {}
    for part in header.split(";"):
        name, _, sources = part.strip().partition(" ")
        parsed[name] = sources
    return parsed


@pytest.fixture
def public_urls(site, publish_scheme) -> list[str]:
    """One URL of every public page kind: home, hub, content page, search, MSME check, 404."""
    from servicecentre.models import CountryPage

    scheme = publish_scheme(slug="th-csp-loan", title="Working capital loan", summary="A loan.")
    hub = CountryPage.objects.get(country_id="TH")
    return [
        "/en/",
        "/th/",
        hub.url,
        scheme.url,
        "/en/search/",
        "/en/search/?q=loan&country=TH",
        "/en/msme-size/",
        "/en/msme-size/?country=MY&sector=manufacturing&employees=40&annual_sales=1000000",
        "/en/no-such-page/",
    ]


def test_public_pages_send_the_strict_content_security_policy(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert directives(response["Content-Security-Policy"]) == STRICT_DIRECTIVES, url


def test_public_pages_contain_no_inline_script_style_or_event_handler(
    client, public_urls, inline_code
):
    for url in public_urls:
        html = client.get(url).content.decode()
        found = inline_code(html)
        assert found.problems == [], (url, found.problems)


def test_public_pages_load_scripts_and_stylesheets_from_their_own_origin(
    client, public_urls, inline_code
):
    search_page = inline_code(client.get("/en/search/").content.decode())
    assert any(src.endswith("/js/search.js") for src in search_page.external)
    for url in public_urls:
        for src in inline_code(client.get(url).content.decode()).external:
            assert src.startswith("/") and not src.startswith("//"), (url, src)


def test_api_answers_carry_the_strict_policy_too(client, db):
    response = client.get("/api/v1/msme-size/definitions/")
    assert directives(response["Content-Security-Policy"])["default-src"] == "'self'"
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == "'none'"


def test_admin_gets_the_looser_policy_it_needs_and_nothing_more(client, db):
    for url in ("/admin/login/", "/django-admin/login/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == "'self' 'unsafe-inline'"
        assert policy["style-src"] == "'self' 'unsafe-inline'"
        assert policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'self'"
        assert policy["default-src"] == "'self'"


def test_pages_send_referrer_nosniff_permissions_and_framing_headers(client, site):
    response = client.get("/en/")
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def test_a_policy_set_by_the_view_is_kept(client, site, tmp_path, settings):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    settings.MEDIA_ROOT = tmp_path
    document = Document.objects.create(
        title="Guide", file=ContentFile(b"plain text guide", name="guide.txt")
    )
    response = client.get(document.url)

    assert response.status_code == 200
    # Wagtail's own, stricter policy for served documents wins over the site's.
    assert response["Content-Security-Policy"] == "default-src 'none'"


@override_settings(CSP_REPORT_ONLY=True)
def test_report_only_mode_sends_the_same_policy_under_the_report_only_header(client, site):
    response = client.get("/en/")
    assert "Content-Security-Policy" not in response
    assert directives(response["Content-Security-Policy-Report-Only"]) == STRICT_DIRECTIVES


def test_render_policy_joins_directives_and_keeps_valueless_ones():
    rendered = render_policy({"default-src": ["'self'"], "upgrade-insecure-requests": []})
    assert rendered == "default-src 'self'; upgrade-insecure-requests"


def test_the_inline_code_finder_spots_what_the_strict_policy_would_block(inline_code):
    found = inline_code(
        '<script>x()</script><script type="application/json">{}</script><style>p{}</style>'
        '<p style="color:red" onclick="x()"><a href="JavaScript:x()">a</a></p>'
        '<script src="/static/js/search.js"></script>'
    )
    assert len(found.problems) == 6
    assert found.external == ["/static/js/search.js"]


def test_the_admin_preview_of_a_public_page_may_be_framed_by_the_admin(
    superuser_client, publish_scheme
):
    scheme = publish_scheme(slug="th-csp-preview", title="Preview me", summary="A loan.")
    edit_url = f"/admin/pages/{scheme.id}/edit/"
    form = superuser_client.get(edit_url).context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None}
    # Inline panels (the page's numbered sources) post their management forms too.
    for formset in form.formsets.values():
        management = formset.management_form
        data.update(
            {
                f"{management.prefix}-{name}": management[name].value() or 0
                for name in management.fields
            }
        )
    # Wagtail renders the preview by running the page's public path through the middleware
    # again; the answer must keep the admin's framing rule, not the public 'none'.
    superuser_client.post(f"{edit_url}preview/", data)
    response = superuser_client.get(f"{edit_url}preview/?in_preview_panel=true")

    assert response.status_code == 200
    assert b"Preview me" in response.content
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == "'self'"
