"""The Nu HTML checker (vnu.jar from npm) finds no errors in any page type, in every language.

One vnu run per language (the Java start-up is the slow part): all page types of that
language in one folder, plus, for the default language, the search states and the open-data
pages.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from portal.benchmarks.pages import PAGE_TYPES

from .conftest import DEFAULT_LANGUAGE, LANGUAGES, fetch

EXTRA_PAGES = {
    "home-en": "/en/",
    "faq-overview-en": "/en/questions/",
    "search-locations": "/zoeken/?q=wijkentree",
    "search-open-now": "/zoeken/?q=wijkentree&open=nu",
    "search-zero-results": "/zoeken/?q=xqzwvyk",
    "locations-open-now": "/locaties/?open=nu",
    "open-data": "/open-data/",
    "open-data-en": "/en/open-data/",
}

__all__ = ["fetch", "vnu_errors"]


def vnu_errors(vnu_command: list[str], folder: Path) -> list[str]:
    """The Nu checker's errors for every document in ``folder`` (one Java run)."""
    result = subprocess.run(
        [*vnu_command, str(folder)], capture_output=True, text=True, timeout=300, check=False
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors = [
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']}"
        f" [{m.get('extract', '').strip()[:80]}]"
        for m in report["messages"]
        if m.get("type") in ("error", "non-document-error")
    ]
    if not errors:
        assert result.returncode == 0, result.stderr[-2000:]
    return errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_nu_html_checker_finds_no_errors(sample_site, vnu_command, tmp_path: Path, language):
    pages = {}
    for page_type in PAGE_TYPES:
        if sample_site.urls.get(page_type) is not None:
            pages[page_type] = sample_site.url(page_type, language)
    if sample_site.has_sample_data:
        missing = set(PAGE_TYPES) - set(pages)
        assert not missing, f"page types without a page in the sample data: {missing}"
    if language == DEFAULT_LANGUAGE:
        pages.update({name: sample_site.base_url + path for name, path in EXTRA_PAGES.items()})
    for name, url in pages.items():
        (tmp_path / f"{language}-{name}.html").write_bytes(fetch(url))

    errors = vnu_errors(vnu_command, tmp_path)
    assert errors == [], f"{len(errors)} HTML error(s) in {language}:\n" + "\n".join(errors)
