"""Browser tests: Debian's Chromium, driven by Playwright, against a live server and Elasticsearch.

Every test gets a freshly restored database (live servers need real commits, so
`transaction=True`; `serialized_rollback=True` brings back what the migrations
seeded, such as Wagtail's root page and the MSME definitions, after the previous
test's flush). Screenshots, axe reports and page weights go to the artefacts
folder: `$TEST_ARTIFACTS_DIR` (set and printed by scripts/test.sh), else
./test-artifacts.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections

REPO_DIR = Path(settings.BASE_DIR)
ARTIFACTS_DIR = Path(os.environ.get("TEST_ARTIFACTS_DIR") or REPO_DIR / "test-artifacts")
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
# No sandbox (CI runs as root), and nothing that phones home: the machines reach no
# site but the package registries.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

E2E_PASSWORD = "e2e-pass-Word-1"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")


@pytest.fixture
def browser(transactional_db) -> Iterator:
    """Debian's Chromium (never a downloaded browser), started for one test.

    While Playwright's sync API is started, an asyncio loop runs in this thread:
    Django then treats the code as async (hence DJANGO_ALLOW_ASYNC_UNSAFE: the tests
    call the ORM between browser steps on purpose) and gives it connections of its
    own. Starting after the test database is set up and stopping before it is
    flushed (the dependency on `transactional_db` orders both) keeps pytest-django's
    restore of the migrations' data and its flush on the usual connection.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: install Debian's `chromium` (CI does).", pytrace=False
        )
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        # Close the connections opened in Playwright's async context while it still
        # exists: left open, they keep PostgreSQL from dropping the test database.
        connections.close_all()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser) -> Iterator[Callable]:
    """Open a page in a fresh browser context (its own cookies: one per signed-in user)."""
    contexts = []
    errors: list[str] = []

    def open_page(*, viewport: dict[str, int] = DESKTOP, bypass_csp: bool = False):
        context = browser.new_context(viewport=viewport, bypass_csp=bypass_csp)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the pages: {errors}"


@pytest.fixture
def page(new_page):
    """A desktop-sized page."""
    return new_page()


@pytest.fixture
def artifacts_dir() -> Path:
    """Where screenshots and reports go (`$TEST_ARTIFACTS_DIR`, else ./test-artifacts)."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture
def snap(request) -> Callable:
    """Screenshot the current page at a phone and a desktop width as `<test>-<step>-<width>.png`.

    The phone shot reloads the same URL in a phone-sized page (same cookies), so
    what depends on the width at load time (folded filters) is what a phone shows;
    `reload=False` resizes the page instead, for a state a reload would lose.
    """
    folder = ARTIFACTS_DIR / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    test_name = _slug(request.node.name)

    def take(page, step: str, *, reload: bool = True) -> None:
        stem = f"{test_name}-{_slug(step)}"
        page.screenshot(path=folder / f"{stem}-{DESKTOP['width']}.png", full_page=True)
        if reload:
            phone = page.context.new_page()
            phone.set_viewport_size(PHONE)
            phone.goto(page.url)
            phone.screenshot(path=folder / f"{stem}-{PHONE['width']}.png", full_page=True)
            phone.close()
        else:
            page.set_viewport_size(PHONE)
            page.screenshot(path=folder / f"{stem}-{PHONE['width']}.png", full_page=True)
            page.set_viewport_size(DESKTOP)

    return take


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core from node_modules (package.json; scripts/setup.sh runs `npm ci`)."""
    if not AXE_SCRIPT.exists():
        pytest.fail(
            f"axe-core is missing ({AXE_SCRIPT.relative_to(REPO_DIR)}): run `npm ci` at the "
            "repository root (scripts/setup.sh does when npm is installed).",
            pytrace=False,
        )
    return AXE_SCRIPT


@pytest.fixture
def run_axe(axe_script) -> Callable:
    """Run axe-core on the page, save the full results as JSON, return them.

    The site's Content-Security-Policy forbids injected scripts: open the page with
    `new_page(bypass_csp=True)`.
    """
    folder = ARTIFACTS_DIR / "axe"
    folder.mkdir(parents=True, exist_ok=True)

    def run(page, name: str) -> dict:
        page.add_script_tag(path=str(axe_script))
        results = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                 "wcag22aa", "best-practice"]},
            })"""
        )
        (folder / f"{_slug(name)}.json").write_text(
            json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        return results

    return run


@pytest.fixture
def transfer_sizes() -> Callable:
    """Load a URL with the cache off and return the bytes transferred, by resource type.

    Counts Chrome's `encodedDataLength` (bytes on the wire, headers included) from
    the DevTools protocol's `Network.loadingFinished` events.
    """

    def measure(page, url: str) -> list[dict]:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        responses: dict[str, dict] = {}
        sizes: dict[str, int] = {}
        cdp.on(
            "Network.responseReceived",
            lambda event: responses.__setitem__(
                event["requestId"], {"type": event["type"], "url": event["response"]["url"]}
            ),
        )
        cdp.on(
            "Network.loadingFinished",
            lambda event: sizes.__setitem__(event["requestId"], int(event["encodedDataLength"])),
        )
        page.goto(url, wait_until="networkidle")
        cdp.detach()
        return [
            {**responses[request_id], "bytes": size}
            for request_id, size in sizes.items()
            if request_id in responses
        ]

    return measure


@dataclass
class SampleSite:
    """The live server, the imported sample content and helpers to find pages in it."""

    base_url: str
    es_client: object
    password: str = E2E_PASSWORD

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def page(self, external_id: str):
        """The specific live page with this import id."""
        from wagtail.models import Page

        from servicecentre.selectors import content_models

        for model in content_models().values():
            found = model.objects.filter(external_id=external_id).first()
            if found is not None:
                return Page.objects.get(pk=found.pk).specific
        raise LookupError(external_id)

    def path(self, external_id: str) -> str:
        """The page's path below the language prefix, e.g. `/thailand/sme-d-bank-loans/`."""
        # url_path starts with the home page's own segment ("/home/..."), which URLs omit.
        return "/" + self.page(external_id).url_path.split("/", 2)[2]

    def user(self, username: str, *groups: str):
        """A user in the given editorial groups, with the shared test password."""
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        user = get_user_model().objects.create_user(
            username=username, email=f"{username}@example.org", password=self.password
        )
        user.groups.add(*Group.objects.filter(name__in=groups))
        assert user.groups.count() == len(groups), f"missing groups among {groups}"
        return user

    def index_queued_changes(self) -> int:
        """What the queue worker does in production: run the due index tasks; then refresh."""
        from search.tasks import drain_queue

        ran = drain_queue()
        refresh_search_index(self.es_client)
        return ran


def _in_sample(item: dict) -> bool:
    """A slice of the real sample content, small enough to import for every test.

    Still more than a page of search results: everything about Thailand (each
    content type), Malaysia's financing schemes (a second country to filter by) and
    one ASEAN-wide FTA guide.
    """
    return (
        item["country"] == "TH"
        or (item["country"] == "MY" and item["type"] == "financing_scheme")
        or item["id"] == "atiga-guide"
    )


def _sample_lines() -> list[str]:
    lines = []
    for path in sorted(REPO_DIR.glob("content/*/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            if _in_sample(json.loads(line)):
                lines.append(line)
    return lines


def refresh_search_index(es_client) -> None:
    """Make every indexed change visible to searches now."""
    es_client.indices.refresh(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content")


@pytest.fixture
def site_skeleton(live_server) -> str:
    """Taxonomy, home page and hubs, served live; returns the server's base URL."""
    call_command("setup_site", verbosity=0)
    return live_server.url


@pytest.fixture
def editorial_roles(site_skeleton) -> None:
    """The country editor and approver groups and their review workflows (`setup_roles`)."""
    call_command("setup_roles", verbosity=0)


@pytest.fixture
def sample_site(site_skeleton, es_client, tmp_path) -> SampleSite:
    """Site skeleton and the sample slice imported, indexed and searchable."""
    from search.indexing import rebuild

    sample = tmp_path / "e2e-sample.jsonl"
    sample.write_text("\n".join(_sample_lines()) + "\n", encoding="utf-8")
    call_command("import_content", str(sample), verbosity=0)
    rebuild()
    site = SampleSite(base_url=site_skeleton, es_client=es_client)
    site.index_queued_changes()  # the imports' own sync tasks: already in the new index
    return site
