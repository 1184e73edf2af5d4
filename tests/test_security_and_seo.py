"""Security headers, robots.txt, sitemap.xml and noindex on search results."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from wagtail.models import Locale

from directory.models import Organisation, Theme
from faq.models import FAQAnswer, FAQCategory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PRODUCTION_ENV = {
    "SECRET_KEY": "a-production-like-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-XYZ",
    "ALLOWED_HOSTS": "basisondersteuning.example",
    "DATABASE_URL": "postgres://portal@db.example/portal",
    "WAGTAILADMIN_BASE_URL": "https://basisondersteuning.example",
}


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("url", ["/", "/en/", "/vragen/", "/deze-pagina-bestaat-niet/"])
def test_public_pages_send_security_headers(client, url):
    response = client.get(url)
    csp = csp_directives(response["Content-Security-Policy"])
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in csp.get(directive, [])
        assert "'unsafe-eval'" not in csp.get(directive, [])
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    # PDOK map tiles are the one third-party request, and only as images.
    assert "https://service.pdok.nl" in csp["img-src"]
    assert all(
        "pdok" not in value for name, values in csp.items() if name != "img-src" for value in values
    )
    assert "geolocation=(self)" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_admin_gets_its_own_relaxed_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    csp = csp_directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in csp["script-src"]
    assert csp["frame-ancestors"] == ["'self'"]  # the page preview is an iframe in the admin


def test_admin_pages_work_under_the_admin_policy(admin_client, home_page):
    for url in (
        "/admin/",
        f"/admin/pages/{home_page.pk}/edit/",
        "/admin/snippets/directory/organisation/add/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "'unsafe-inline'" in response["Content-Security-Policy"]


def test_production_settings_pass_check_deploy_and_send_hsts():
    env = {**os.environ, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "portal.settings.production"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests, never in production
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    check = subprocess.run(
        [sys.executable, manage, "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no issues" in check.stdout
    diff = subprocess.run(
        [sys.executable, manage, "diffsettings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    hsts = next(line for line in diff.splitlines() if line.startswith("SECURE_HSTS_SECONDS"))
    assert int(hsts.split("=")[1]) >= 31536000
    assert "SECURE_HSTS_INCLUDE_SUBDOMAINS = True" in diff
    assert "SESSION_COOKIE_SECURE = True" in diff


def test_robots_txt_points_to_sitemap_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    # Search pages carry noindex instead: a Disallow would hide that tag from crawlers.
    assert not any(line.startswith("Disallow: /zoeken") for line in lines)


def sitemap_locations(client) -> set[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)  # noqa: S314 - our own sitemap
    return {loc.text for loc in tree.findall("s:url/s:loc", SITEMAP_NS)}


def make_organisation(slug: str, *, live: bool = True) -> Organisation:
    return Organisation.objects.create(
        slug=slug,
        name=slug.replace("-", " ").title(),
        kind=Organisation.Kind.SOCIAL_BASE,
        summary="Een organisatie om de sitemap mee te testen.",
        locale=Locale.get_default(),
        live=live,
    )


def test_sitemap_lists_pages_in_both_languages_and_routable_items(client):
    theme = Theme.objects.create(slug="geldzaken", name="Geldzaken")
    make_organisation("stichting-voorbeeld")
    make_organisation("nog-niet-gepubliceerd", live=False)
    FAQAnswer.objects.create(
        slug="wat-is-een-wijkentree",
        question="Wat is een Wijkentree?",
        answer="<p>Een plek in de wijk waar u binnen kunt lopen.</p>",
        category=FAQCategory.objects.first(),
        locale=Locale.get_default(),
    )
    locations = sitemap_locations(client)
    base = "http://localhost"
    assert {f"{base}/", f"{base}/en/", f"{base}/vragen/", f"{base}/en/questions/"} <= locations
    assert f"{base}/themas/{theme.slug}/" in locations
    assert f"{base}/organisaties/stichting-voorbeeld/" in locations
    assert f"{base}/vragen/wat-is-een-wijkentree/" in locations
    assert f"{base}/organisaties/nog-niet-gepubliceerd/" not in locations


def test_sitemap_query_count_does_not_grow_with_items(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_organisation("eerste")
    sitemap_locations(client)  # warm the caches
    with CaptureQueriesContext(connection) as few:
        sitemap_locations(client)
    for number in range(10):
        make_organisation(f"organisatie-{number}")
    with CaptureQueriesContext(connection) as many:
        assert len(sitemap_locations(client)) > 10
    assert len(many.captured_queries) == len(few.captured_queries)


def test_search_results_are_noindex(client):
    response = client.get("/zoeken/", {"q": "geldzorgen"})
    if response.status_code == 404:
        pytest.skip("the search page (/zoeken/) has not landed yet")
    assert response.status_code == 200
    body = response.content.decode()
    assert "noindex" in response.get("X-Robots-Tag", "") or (
        '<meta name="robots" content="noindex' in body
    ), "search result pages must not be indexed"


@pytest.mark.parametrize(
    "params", [{"q": "geldzorgen"}, {"theme": "geldzaken"}, {"q": ""}, {"page": "2"}]
)
def test_every_search_result_page_is_noindex(client, params):
    body = client.get("/zoeken/", params).content.decode()
    assert '<meta name="robots" content="noindex">' in body


def test_the_search_page_itself_may_be_indexed(client):
    """/zoeken/ without parameters is a page with a search form, not a result page."""
    response = client.get("/zoeken/")
    assert response.status_code == 200
    assert "noindex" not in response.content.decode()
    assert "noindex" not in response.get("X-Robots-Tag", "")
