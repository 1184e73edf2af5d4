"""Every page type in every language of ``settings.LANGUAGES``: the right ``<html lang dir>``,
no untranslated key or empty text where a translation is missing, and the page weight
budget of ``portal.benchmarks.page_weight`` (issue 4) in each language.

axe-core, the Nu checker, keyboard and no-JavaScript checks per language are in their own
modules; the URLs per language come from the Dutch pages' hreflang links (conftest).
"""

from __future__ import annotations

import gzip
from html.parser import HTMLParser

import pytest
from django.utils.translation import get_language_info

from portal.benchmarks.page_weight import BUDGET_JS_WITHOUT_MAP, BUDGET_TOTAL, KB, KINDS
from portal.benchmarks.pages import PAGE_TYPES

from .conftest import LANGUAGES, VIEWPORTS, _new_tab, fetch


class _HtmlElement(HTMLParser):
    def __init__(self):
        super().__init__()
        self.attributes: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "html" and self.attributes is None:
            self.attributes = dict(attrs)


def html_attributes(body: bytes) -> dict[str, str | None]:
    parser = _HtmlElement()
    parser.feed(body.decode("utf-8"))
    assert parser.attributes is not None, "no <html> element"
    return parser.attributes


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_html_element_has_the_language_and_its_direction(sample_site, page_type, language):
    url = sample_site.url(page_type, language)
    attributes = html_attributes(fetch(url))
    expected_dir = "rtl" if get_language_info(language)["bidi"] else "ltr"
    assert (attributes.get("lang"), attributes.get("dir")) == (language, expected_dir), url


# Text a resident must never see: a message key instead of its translation (snake_case or
# dotted identifiers such as "search.no_results"), template or format leftovers, "None".
KEY_LIKE = r"^[A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+)*_[A-Za-z0-9_.]+$"
LEFTOVERS = r"\{\{|\}\}|\{%|%\}|%\([a-z_]+\)[sd]|\bmsgid\b|^None$|^\[\[|^__"

FIND_UNREADABLE = """([keyLike, leftovers]) => {
    const keyRe = new RegExp(keyLike);
    const leftRe = new RegExp(leftovers);
    const describe = el => {
        const first = typeof el.className === 'string' ? el.className.split(' ')[0] : '';
        return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (first ? '.' + first : '');
    };
    const name = el => {
        const parts = [el.textContent, el.getAttribute('aria-label'), el.getAttribute('title')];
        const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
        for (const id of ids) parts.push(document.getElementById(id)?.textContent);
        for (const img of el.querySelectorAll('img[alt], svg[aria-label]')) {
            parts.push(img.getAttribute('alt') || img.getAttribute('aria-label'));
        }
        if (el.matches('input')) parts.push(el.value);
        return parts.filter(Boolean).join(' ').trim();
    };
    const empty = [...document.querySelectorAll(
        'h1, h2, h3, h4, h5, h6, a[href], button, summary, label, legend, th, option, '
        + 'caption, dt, [role=button], [role=link], [role=heading], '
        + 'input[type=submit], input[type=button]'
    )].filter(el => !el.closest('.leaflet-container') && name(el) === '').map(describe);
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (node.parentElement.closest('script, style, template, noscript')) continue;
        texts.push([node.textContent.trim(), node.parentElement]);
    }
    for (const el of document.querySelectorAll(
        '[placeholder], [aria-label], [title], img[alt], meta[name=description], input[value]'
    )) {
        for (const attribute of ['placeholder', 'aria-label', 'title', 'alt', 'content', 'value']) {
            if (el.hasAttribute(attribute)) texts.push([el.getAttribute(attribute).trim(), el]);
        }
    }
    texts.push([document.title.trim(), document.head]);
    const keys = texts.filter(([text]) => text && (keyRe.test(text) || leftRe.test(text)))
        .map(([text, el]) => `${describe(el)}: ${JSON.stringify(text.slice(0, 60))}`);
    return {empty, keys, title: document.title.trim()};
}"""


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_key_or_empty_text_on_the_page(sample_site, tabs, page_type, language):
    """A missing translation falls back to Dutch: never a key, never an empty heading, link,
    button or label (the rendered page, scripts included)."""
    url = sample_site.url(page_type, language)
    tab = tabs["mobile"]
    tab.goto(url)
    found = tab.page.evaluate(FIND_UNREADABLE, [KEY_LIKE, LEFTOVERS])
    assert found["title"] and not found["title"].startswith("|"), f"{url}: empty title"
    assert found["empty"] == [], f"{url}: elements without text: {found['empty']}"
    assert found["keys"] == [], f"{url}: key-like or left-over text: {found['keys']}"


def test_key_check_finds_keys_and_empty_elements(sample_site, tabs):
    """The check above can fail: a page with a key-like text and an empty button."""
    tab = tabs["mobile"]
    tab.goto(sample_site.url("home"))
    tab.page.evaluate(
        """() => {
            document.querySelector('h1').textContent = 'search.no_results';
            document.querySelector('main').append(document.createElement('button'));
        }"""
    )
    found = tab.page.evaluate(FIND_UNREADABLE, [KEY_LIKE, LEFTOVERS])
    assert any("search.no_results" in key for key in found["keys"]), found
    assert "button" in found["empty"], found


def transferred_bytes(response) -> int:
    """The body's size as production sends it: HTML, CSS and JS gzip-compressed (GZip
    middleware for HTML, whitenoise for static files); the test server sends them plain."""
    try:
        body = response.body()
    except Exception:  # noqa: BLE001 - a redirect or aborted request has no body
        return 0
    return len(gzip.compress(body, compresslevel=6))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_weight_within_budget(sample_site, playwright_browser, page_type, language):
    """A first visit (empty cache) stays within the budget of portal.benchmarks.page_weight:
    HTML + CSS + JS <= 100 KB, JS <= 30 KB without a map, compressed as served."""
    url = sample_site.url(page_type, language)
    tab = _new_tab(playwright_browser, viewport=VIEWPORTS["mobile"])
    try:
        responses = []
        tab.page.on("response", lambda response: responses.append(response))
        tab.page.goto(url, wait_until="load")  # nothing loads later: no tiles, no fetch
        sizes = dict.fromkeys(KINDS.values(), 0)
        for response in responses:
            kind = KINDS.get(response.request.resource_type)
            if kind:
                sizes[kind] += transferred_bytes(response)
        has_map = tab.page.locator(".leaflet-container, [data-map]").count() > 0
    finally:
        tab.context.close()
    total = sum(sizes.values())
    figures = ", ".join(f"{kind} {size / KB:.1f} KB" for kind, size in sizes.items())
    assert total <= BUDGET_TOTAL, f"{url}: {total / KB:.1f} KB > {BUDGET_TOTAL / KB} ({figures})"
    if not has_map:
        assert sizes["js"] <= BUDGET_JS_WITHOUT_MAP, f"{url}: JS over budget ({figures})"
