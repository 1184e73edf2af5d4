"""Wagtail's admin still works under its own (relaxed) Content-Security-Policy."""

from wagtail.models import Page

from .conftest import ADMIN_PASSWORD, ADMIN_USERNAME, _only_localhost


def test_admin_editors_load_without_csp_violations(sample_site, playwright_browser):
    home_id = Page.objects.get(depth=2, locale__language_code="nl").pk
    context = playwright_browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", _only_localhost)
    try:
        page = context.new_page()
        problems = []
        page.on(
            "console",
            lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.goto(sample_site.base_url + "/admin/login/")
        page.fill("input[name=username]", ADMIN_USERNAME)
        page.fill("input[name=password]", ADMIN_PASSWORD)
        with page.expect_navigation():
            page.press("input[name=password]", "Enter")
        assert "/admin/login/" not in page.url, "admin login failed"
        for path in (
            f"/admin/pages/{home_id}/edit/",
            "/admin/snippets/directory/organisation/add/",
        ):
            response = page.goto(sample_site.base_url + path, wait_until="networkidle")
            assert response.status == 200, path
            # Wagtail's editor is script-driven: the title field only exists once it ran.
            assert page.locator("form").count() > 0, path
        assert problems == [], "\n".join(problems)
    finally:
        context.close()
