"""Editors in a real browser: previews show, moderators preview, slugs never give a 500.

The server runs in its own thread with its own database connection, so what it must see
(a moderator, a change waiting for approval) is written and committed by a module fixture
before the tests' own transactions start, and removed again afterwards.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page

from faq.models import FAQAnswer, FAQCategory
from locations.models import Location
from portal.groups import MODERATORS

from .conftest import ADMIN_PASSWORD, ADMIN_USERNAME, _only_localhost

MODERATOR_USERNAME = "qa-browser-moderator"
MODERATOR_PASSWORD = "qa-browser-moderator-password"  # noqa: S105 - test database only
PENDING_PHONE = "074 000 4242"
NEW_QUESTION_PREFIX = "Browsertest:"


@pytest.fixture(scope="module")
def pending_change(sample_site, django_db_blocker):
    """A sample location with a change waiting for a moderator, and that moderator."""
    with django_db_blocker.unblock():
        moderator = get_user_model().objects.create_user(
            MODERATOR_USERNAME, "moderator@example.org", MODERATOR_PASSWORD
        )
        moderator.groups.add(Group.objects.get(name=MODERATORS))
        admin = get_user_model().objects.get(username=ADMIN_USERNAME)
        location = Location.objects.filter(locale__language_code="nl", live=True).first()
        if location is None:
            pytest.skip("no sample locations")
        location.phone = PENDING_PHONE
        location.save_revision(user=admin)
        location.get_workflow().start(location, admin)
        location.refresh_from_db()
        task_id = location.current_workflow_task_state.task_id
    yield location, task_id
    with django_db_blocker.unblock():
        location.refresh_from_db()
        if location.workflow_in_progress:
            location.current_workflow_state.cancel(user=admin)
        moderator.delete()
        FAQAnswer.objects.filter(question__startswith=NEW_QUESTION_PREFIX).delete()


class AdminSession:
    """A logged-in browser context that records CSP violations and server errors."""

    def __init__(self, browser, base_url, username, password):
        self.base_url = base_url
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.context.route("**/*", _only_localhost)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.csp_violations: list[str] = []
        self.server_errors: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("response", self._on_response)
        self.page.goto(base_url + "/admin/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        with self.page.expect_navigation():
            self.page.press("input[name=password]", "Enter")
        assert "/admin/login/" not in self.page.url, f"login as {username} failed"

    def _on_console(self, message):
        if "Content Security Policy" in message.text or "frame-ancestors" in message.text:
            self.csp_violations.append(message.text)

    def _on_response(self, response):
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def goto(self, path):
        return self.page.goto(self.base_url + path, wait_until="networkidle")

    def preview_frame_text(self) -> str:
        """Open the preview side panel and return the text shown in its iframe."""
        self.page.locator("button[data-side-panel-toggle='preview']").first.click()
        for _ in range(40):  # the panel loads the preview after a short delay
            self.page.wait_for_timeout(250)
            for frame in self.page.frames:
                if "in_preview_panel=true" in frame.url:
                    text = frame.locator("body").inner_text()
                    if text.strip():
                        return text
        return ""  # blocked: Chromium shows an empty error frame instead

    def close(self):
        self.context.close()


@pytest.fixture
def admin_session(sample_site, playwright_browser):
    session = AdminSession(playwright_browser, sample_site.base_url, ADMIN_USERNAME, ADMIN_PASSWORD)
    yield session
    session.close()


def test_previews_show_in_the_side_panel(admin_session, sample_site):
    location = Location.objects.filter(locale__language_code="nl", live=True).first()
    answer = FAQAnswer.objects.filter(locale__language_code="nl", live=True).first()
    home = Page.objects.get(depth=2, locale__language_code="nl")
    editors = [
        (f"/admin/snippets/locations/location/edit/{location.pk}/", location.name),
        (f"/admin/snippets/faq/faqanswer/edit/{answer.pk}/", answer.question),
        (f"/admin/pages/{home.pk}/edit/", "Basisondersteuning Hengelo"),
    ]
    for path, expected in editors:
        admin_session.goto(path)
        assert expected in admin_session.preview_frame_text(), path
    assert admin_session.csp_violations == []
    assert admin_session.server_errors == []

    # The public pages themselves still may not be framed by anyone.
    public = admin_session.page.goto(sample_site.base_url + location.url)
    assert "frame-ancestors 'none'" in public.headers["content-security-policy"]


def test_moderator_previews_a_change_waiting_for_approval(
    pending_change, sample_site, playwright_browser
):
    location, task_id = pending_change
    session = AdminSession(
        playwright_browser, sample_site.base_url, MODERATOR_USERNAME, MODERATOR_PASSWORD
    )
    try:
        path = f"/admin/snippets/locations/location/workflow/preview/{location.pk}/{task_id}/"
        response = session.goto(path)
        assert response.status == 200, path
        body = session.page.locator("body").inner_text()
        assert location.name in body
        assert PENDING_PHONE in body  # the pending change, not the live version
        assert session.server_errors == []
    finally:
        session.close()


def _fill_new_answer(page, question: str, slug: str | None = None) -> None:
    """Type a new FAQ answer the way an editor does (the slug only when ``slug`` is given,
    first, so that every autosave already carries it)."""
    page.wait_for_timeout(2500)  # Wagtail records the form's initial state 2 s after load
    if slug is not None:
        page.fill("#id_slug", slug)
    page.locator("#id_question").click()
    page.keyboard.type(question)
    page.locator("#id_question").blur()
    category = FAQCategory.objects.order_by("pk").first()
    # The category is a chooser (a modal); set its hidden input as the chooser does.
    page.evaluate(
        "pk => { const input = document.getElementById('id_category');"
        " input.value = pk; input.dispatchEvent(new Event('change', {bubbles: true})); }",
        str(category.pk),
    )
    page.locator("#id_answer").locator("xpath=..").locator("[contenteditable=true]").click()
    page.keyboard.type("Bij het sociaal wijkteam.")


def test_duplicate_slug_is_a_form_error_not_a_500(admin_session):
    existing = FAQAnswer.objects.filter(locale__language_code="nl", live=True).first()
    page = admin_session.page
    admin_session.goto("/admin/snippets/faq/faqanswer/add/")
    # The duplicate slug goes in before the rest: an autosave of the otherwise complete form
    # with the slug made from the question would create a draft, and the test would then be
    # editing that draft instead of creating an item with a duplicate slug.
    _fill_new_answer(page, existing.question, slug=existing.slug)
    page.wait_for_timeout(2000)  # let autosave try (it must get a clear refusal, not a 500)
    assert page.locator("#id_slug").input_value() == existing.slug
    with page.expect_navigation():
        page.get_by_role("button", name="Bewaar concept").first.click()

    error = page.locator("#panel-child-slug-section, [data-field-wrapper]").filter(
        has_text="al in gebruik"
    )
    assert error.count() > 0, page.locator("main").inner_text()[:2000]
    assert admin_session.server_errors == []
    assert FAQAnswer.objects.filter(slug=existing.slug, locale=existing.locale).count() == 1


def test_publish_right_after_autosave_created_the_item(admin_session):
    page = admin_session.page
    question = f"{NEW_QUESTION_PREFIX} waar vind ik hulp bij mijn post"
    # Autosave reaches the server and creates the item, but its answer is held back, so the
    # form still posts to "new item" when "Publiceren" is clicked: a quick editor's click.
    held = []

    def hold_autosave_answer(route):
        if route.request.method == "POST":
            held.append((route, route.fetch()))
        else:
            route.continue_()

    page.route(re.compile(r".*/faqanswer/add/.*"), hold_autosave_answer)
    admin_session.goto("/admin/snippets/faq/faqanswer/add/")
    _fill_new_answer(page, question)
    for _ in range(80):
        if held:
            break
        page.wait_for_timeout(250)
    assert held, "autosave did not post"
    autosave_route, autosave_response = held[0]
    assert autosave_response.status == 200, autosave_response.text()
    assert FAQAnswer.objects.filter(question=question).count() == 1
    page.unroute(re.compile(r".*/faqanswer/add/.*"))
    assert "/add/" in page.locator("#w-editor-form").get_attribute("action")

    with page.expect_navigation():
        page.evaluate(
            "() => { const form = document.getElementById('w-editor-form');"
            " const button = document.createElement('button');"
            " button.name = 'action-publish'; button.value = 'action-publish';"
            " button.hidden = true; form.appendChild(button); form.requestSubmit(button); }"
        )

    assert admin_session.server_errors == []
    answers = FAQAnswer.objects.filter(question=question)
    assert answers.count() == 1
    answer = answers.get()
    assert answer.live
    assert answer.slug == "browsertest-waar-vind-ik-hulp-bij-mijn-post"  # made from the question


# For every name in the first column: the words whose letters land on more than one line.
WORDS_SPLIT_OVER_LINES = """() => {
    const split = [];
    for (const link of document.querySelectorAll('table.listing tbody td.title a')) {
        const node = [...link.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.data.trim())
            || link.querySelector('span')?.firstChild;
        if (!node) continue;
        const text = node.data;
        for (const match of text.matchAll(/\\S+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (tops.size > 1) split.push(match[0]);
        }
    }
    return split;
}"""


def test_names_in_te_controleren_are_not_broken_mid_word(admin_session):
    page = admin_session.page
    page.set_viewport_size({"width": 1280, "height": 800})
    admin_session.goto("/admin/redactie/te-controleren/")
    assert page.locator("table.listing tbody td.title a").count() > 0
    assert page.evaluate(WORDS_SPLIT_OVER_LINES) == []
