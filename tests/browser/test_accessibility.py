"""axe-core (from node_modules) on every page type at phone and desktop size, in every
language of ``settings.LANGUAGES``."""

import pytest

from portal.benchmarks.pages import PAGE_TYPES

from .conftest import LANGUAGES, LAYOUT_LANGUAGES, VIEWPORTS

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}; "
            f"{len(violation['nodes'])} element(s), e.g. {targets}"
        )
    return "\n".join(lines)


# Every language at phone size (where long words and scripts crowd the layout); at desktop
# size one language per layout (left to right, right to left): the words do not change what
# the wide layout hides or shows.
AXE_RUNS = [("mobile", code) for code in LANGUAGES] + [
    (viewport, code) for viewport in VIEWPORTS if viewport != "mobile" for code in LAYOUT_LANGUAGES
]


@pytest.mark.parametrize(("viewport", "language"), AXE_RUNS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_axe_finds_no_wcag_violations(sample_site, tabs, axe_source, page_type, viewport, language):
    url = sample_site.url(page_type, language)
    tab = tabs[viewport]
    response = tab.goto(url)
    assert response is not None
    assert response.status == (404 if page_type == "not-found" else 200), url

    # Evaluated as a string rather than injected as a <script>: our CSP rightly refuses
    # inline scripts, and axe must not need the policy relaxed.
    tab.page.evaluate(axe_source)
    results = tab.page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = results["violations"]
    assert not violations, (
        f"{url} at {viewport}: {len(violations)} axe violation(s)\n"
        + describe_violations(violations)
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_reflows_at_360_pixels_and_obeys_csp(sample_site, tabs, page_type, language):
    """WCAG 1.4.10: no sideways scrolling on a phone; no script or style blocked by our CSP."""
    url = sample_site.url(page_type, language)
    tab = tabs["mobile"]
    tab.goto(url)
    overflow = tab.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        too_wide = tab.page.evaluate(
            """() => {
                const width = document.documentElement.clientWidth;
                return [...document.querySelectorAll('body *')]
                    .filter(el => el.getBoundingClientRect().right > width + 1)
                    .slice(0, 5)
                    .map(el => `${el.tagName.toLowerCase()}.${el.className}`
                        + ` (${Math.round(el.getBoundingClientRect().width)}px)`);
            }"""
        )
        pytest.fail(f"{url} scrolls sideways by {overflow}px at 360px wide: {too_wide}")
    assert tab.csp_violations() == [], f"{url}: CSP blocked something: {tab.csp_violations()}"


def run_axe(tab, axe_source: str) -> list[dict]:
    tab.page.evaluate(axe_source)
    return tab.page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(results => results.violations)",
        WCAG_TAGS,
    )


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/questions/",
        "/zoeken/?q=",
        "/zoeken/?q=xqzwvyk",
        "/en/search/?q=money",
        # Open/closed lines on results, the "Nu open" filter (with or without results).
        "/zoeken/?q=wijkentree",
        "/zoeken/?q=wijkentree&open=nu",
        "/locaties/?open=nu",
        "/en/locations/?open=now",
        # The page that explains the open-data API (portal.opendata).
        "/open-data/",
        "/en/open-data/",
    ],
)
def test_axe_on_english_pages_and_search_states(sample_site, tabs, axe_source, path):
    tab = tabs["mobile"]
    response = tab.goto(sample_site.base_url + path)
    assert response.status == 200, path
    violations = run_axe(tab, axe_source)
    assert not violations, f"{path}: " + describe_violations(violations)


def test_axe_on_open_faq_answers_and_postcode_result(sample_site, tabs, axe_source):
    tab = tabs["mobile"]
    tab.goto(sample_site.url("faq-overview"))
    tab.page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    violations = run_axe(tab, axe_source)
    assert not violations, "FAQ with every answer open: " + describe_violations(violations)

    if sample_site.postcode_district is None:
        return
    tab.goto(sample_site.url("locations-overview"))
    postcode = tab.page.locator("main input[name=postcode]").first
    postcode.fill(sample_site.postcode_district[0])
    with tab.page.expect_navigation():
        postcode.press("Enter")
    violations = run_axe(tab, axe_source)
    assert not violations, "postcode result: " + describe_violations(violations)
