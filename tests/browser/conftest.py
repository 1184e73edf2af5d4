"""Real headless Chromium against a live server with the sample data.

Everything here is session-scoped: one server, one browser, a few reused tabs, so the
whole browser suite stays within a couple of minutes on two cores.

Why not pytest-django's ``live_server`` fixture itself: it forces ``transactional_db`` on
every test that uses it, and that flushes every table after each test — the page tree
built once per session, the seeded target groups and workflow included. We use the very
same server class (``pytest_django.live_server_helper.LiveServer``) but load the sample
data once, commit it, and keep it for the browser tests, which run last (see
``pytest_collection_modifyitems``) so no other test sees the extra data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands
from django.utils import translation
from django.utils.translation import get_language_info

from portal.benchmarks.pages import CHROMIUM_FLAGS, discover_page_urls
from tests.environment import require

BROWSER_DIR = Path(__file__).resolve().parent
NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SAMPLE_DATA = Path(settings.BASE_DIR) / "portal" / "fixtures" / "sociale-kaart"
URGENT_THEME = "huiselijk-geweld"  # the sample set's theme with the urgent-help box

# Every language the site serves, read from the settings: a new language is checked as soon
# as it is added there. The default language first (its URLs are the ones found in the data).
LANGUAGES = [code for code, _name in settings.LANGUAGES]
DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
BIDI_LANGUAGES = [code for code in LANGUAGES if get_language_info(code)["bidi"]]
# One language per layout: left-to-right languages share Dutch's stylesheet and differ only
# in their words, so the slow pixel checks (visible focus) run in these.
LAYOUT_LANGUAGES = [
    DEFAULT_LANGUAGE,
    *(code for code in BIDI_LANGUAGES if code != DEFAULT_LANGUAGE),
]


# Playwright's sync API keeps an event loop in the test thread, so Django's async-safety
# check would refuse the per-test transaction pytest-django opens there. The check guards
# against blocking an event loop that serves requests; here the loop only drives the browser.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

VIEWPORTS = {
    "mobile": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}


def chromium_path() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    """Mark everything in tests/browser as ``browser`` and run it after all other tests.

    ``django_db`` makes pytest-django create the test database even when only browser
    tests are selected (it looks at the tests' markers to decide).
    """
    browser_items, other_items = [], []
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db)
            browser_items.append(item)
        else:
            other_items.append(item)
    items[:] = other_items + browser_items


@dataclass
class SampleSite:
    base_url: str
    urls: dict[str, str | None]
    has_sample_data: bool
    location_urls: list[str]  # the live Dutch locations' URLs
    faq_count: int
    postcode_district: tuple[str, str] | None  # a postcode and the district it lies in
    # Per language: page type -> relative URL, found by following the Dutch pages' hreflang
    # links (translated index slugs included), never written down here.
    language_urls: dict[str, dict[str, str]] = field(default_factory=dict)
    location_urls_by_language: dict[str, list[str]] = field(default_factory=dict)

    def url(self, page_type: str, language: str = DEFAULT_LANGUAGE) -> str:
        if language != DEFAULT_LANGUAGE:
            self.url(page_type)  # skips like the Dutch page when the data has no such page
            path = self.language_urls.get(language, {}).get(page_type)
            assert path is not None, (
                f"the {DEFAULT_LANGUAGE} {page_type} page {self.urls[page_type]} has no "
                f"<link rel=alternate hreflang={language}>: the page is missing in {language}"
            )
            return self.base_url + path
        path = self.urls.get(page_type)
        if path is None:
            require(
                not self.has_sample_data,
                f"no {page_type} page found although the sample data was imported",
            )
            pytest.skip(f"no {page_type} page yet: sample data importer not available")
        return self.base_url + path

    def path(self, page_type: str, language: str = DEFAULT_LANGUAGE) -> str:
        return self.url(page_type, language).removeprefix(self.base_url)


class _Alternates(HTMLParser):
    """Collects ``<link rel="alternate" hreflang="…" href="…">`` (the page's exact versions)."""

    def __init__(self):
        super().__init__()
        self.hrefs: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "alternate" and attributes.get("hreflang"):
            self.hrefs[attributes["hreflang"]] = attributes["href"]


def fetch(url: str) -> bytes:
    """The body of ``url`` on our live server, also for an error status (the 404 page)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our live server
            return response.read()
    except urllib.error.HTTPError as error:
        return error.read()


def _alternates(url: str) -> dict[str, str]:
    parser = _Alternates()
    parser.feed(fetch(url).decode("utf-8"))
    return {code: _relative(href) for code, href in parser.hrefs.items()}


def _relative(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _location_urls(locations, urls, language_urls) -> dict[str, list[str]]:
    """Each location's URL per language: the language's overview page and the slug that
    serves the location there (its translation's, else the Dutch one)."""
    from portal.core.routing import item_slug_in

    found = {}
    for code in LANGUAGES:
        overview = urls["locations-overview"] if code == DEFAULT_LANGUAGE else None
        overview = overview or language_urls[code].get("locations-overview")
        slugs = (item_slug_in(location, code) for location in locations)
        found[code] = [f"{overview}{slug}/" for slug in slugs if overview and slug]
    return found


def _discover_language_urls(base_url: str, urls: dict[str, str | None]) -> dict[str, dict]:
    """Each page type's URL in every language, as the Dutch page's hreflang links give it.

    The search page is a view outside the page tree: its alternates give the translated path,
    the Dutch query goes with it. The 404 page has no versions: the same unknown address
    under each language's home page.
    """
    found: dict[str, dict[str, str]] = {code: {} for code in LANGUAGES}
    homes = _alternates(base_url + urls["home"])
    for page_type, path in urls.items():
        if path is None:
            continue
        if page_type == "not-found":
            for code in LANGUAGES:
                if code in homes:
                    found[code][page_type] = homes[code] + path.lstrip("/")
            continue
        query = urlsplit(path).query
        for code, href in _alternates(base_url + path).items():
            if code in found:
                found[code][page_type] = href + (f"?{query}" if query and "?" not in href else "")
    return found


def _discover_list_facts() -> dict:
    from wagtail.models import Locale

    from faq.models import FAQAnswer
    from locations.models import DistrictPostcode, Location

    nl = Locale.get_default()
    postcode = DistrictPostcode.objects.select_related("district").order_by("postcode").first()
    return {
        "locations": list(Location.objects.live().filter(locale=nl)),
        "faq_count": FAQAnswer.objects.live().filter(locale=nl).count(),
        "postcode_district": (postcode.postcode, postcode.district.name) if postcode else None,
    }


ADMIN_USERNAME = "qa-browser-admin"
ADMIN_PASSWORD = "qa-browser-admin-password"  # noqa: S105 - test database only


def _ensure_admin_user() -> None:
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    if not user_model.objects.filter(username=ADMIN_USERNAME).exists():
        user_model.objects.create_superuser(ADMIN_USERNAME, "qa-admin@example.org", ADMIN_PASSWORD)


def _close_server_connections() -> None:
    """End the server threads' database sessions so the test database can be dropped.

    Request threads close their connection when the browser closes the socket, but that
    can still be under way when pytest-django drops the database.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def sample_site(django_db_setup, django_db_blocker):
    """A live server over the session's database with the sample data imported."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        has_importer = "import_sociale_kaart" in get_commands()
        if has_importer:
            call_command("import_sociale_kaart", str(SAMPLE_DATA), verbosity=0)
            # As `make run` does: the spreadsheet format has no "urgent" column yet.
            call_command("mark_urgent_themes", URGENT_THEME, verbosity=0)
        urls = discover_page_urls()
        with translation.override("nl"):  # item URLs depend on the active language
            extra = _discover_list_facts()
        _ensure_admin_user()
        server = LiveServer("127.0.0.1")
        server._live_server_modified_settings.enable()
        try:
            language_urls = _discover_language_urls(server.url, urls)
            locations = extra.pop("locations")
            with translation.override(DEFAULT_LANGUAGE):
                extra["location_urls"] = [url for url in (loc.url for loc in locations) if url]
            extra["location_urls_by_language"] = _location_urls(locations, urls, language_urls)
            yield SampleSite(
                base_url=server.url,
                urls=urls,
                has_sample_data=has_importer,
                language_urls=language_urls,
                **extra,
            )
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            _close_server_connections()


@pytest.fixture(scope="session")
def playwright_browser(sample_site):
    path = chromium_path()
    require(path is not None, "Chromium not found (install Debian's `chromium` package)")
    require(AXE_JS.exists(), "node_modules/axe-core missing (run `make install` with npm)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        require(False, "the Python package playwright is not installed (`make install`)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def _only_localhost(route):
    host = urlsplit(route.request.url).hostname or ""
    if host in {"127.0.0.1", "localhost", "::1"} or route.request.url.startswith("data:"):
        route.continue_()
    else:
        route.abort("blockedbyclient")


class Tab:
    """A reused browser tab that records console errors and blocked third-party requests."""

    def __init__(self, context):
        self.context = context
        self.page = context.new_page()
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _on_console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def goto(self, url: str):
        self.console_errors.clear()
        self.page_errors.clear()
        return self.page.goto(url, wait_until="load")

    def csp_violations(self) -> list[str]:
        return [m for m in self.console_errors if "Content Security Policy" in m]


def _new_tab(browser, **context_options) -> Tab:
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam", **context_options)
    context.route("**/*", _only_localhost)
    context.set_default_timeout(15_000)
    return Tab(context)


@pytest.fixture(scope="session")
def tabs(playwright_browser):
    """One tab per viewport (JavaScript on), reused by every test."""
    opened = {name: _new_tab(playwright_browser, viewport=size) for name, size in VIEWPORTS.items()}
    yield opened
    for tab in opened.values():
        tab.context.close()


@pytest.fixture(scope="session")
def keyboard_tab(playwright_browser):
    tab = _new_tab(playwright_browser, viewport=VIEWPORTS["desktop"])
    yield tab
    tab.context.close()


@pytest.fixture(scope="session")
def no_js_tab(playwright_browser):
    tab = _new_tab(playwright_browser, viewport=VIEWPORTS["mobile"], java_script_enabled=False)
    yield tab
    tab.context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def vnu_command(sample_site) -> list[str]:
    java = shutil.which("java")
    require(java is not None, "Java not found (the Nu HTML checker needs Java 11+)")
    require(VNU_JAR.exists(), "node_modules/vnu-jar missing (run `make install` with npm)")
    version = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    require(version.returncode == 0, f"`java -version` failed: {version.stderr.strip()}")
    return [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
