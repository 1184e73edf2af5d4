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


@pytest.fixture(scope="module")
def vnu_errors_by_language(sample_site, vnu_command, tmp_path_factory) -> dict[str, list[str]]:
    """Every page type in every language checked in one vnu run (one Java start-up), the
    errors sorted by the language of their document."""
    folder = tmp_path_factory.mktemp("vnu")
    for language in LANGUAGES:
        pages = {
            page_type: sample_site.url(page_type, language)
            for page_type in PAGE_TYPES
            if sample_site.urls.get(page_type) is not None
        }
        if language == DEFAULT_LANGUAGE:
            pages.update({name: sample_site.base_url + path for name, path in EXTRA_PAGES.items()})
        for name, url in pages.items():
            (folder / f"{language}--{name}.html").write_bytes(fetch(url))
    errors: dict[str, list[str]] = {language: [] for language in LANGUAGES}
    for error in vnu_errors(vnu_command, folder):
        errors[error.split("--", 1)[0]].append(error)
    return errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_nu_html_checker_finds_no_errors(sample_site, vnu_errors_by_language, language):
    if sample_site.has_sample_data:
        missing = [page_type for page_type in PAGE_TYPES if not sample_site.urls.get(page_type)]
        assert not missing, f"page types without a page in the sample data: {missing}"
    errors = vnu_errors_by_language[language]
    assert errors == [], f"{len(errors)} HTML error(s) in {language}:\n" + "\n".join(errors)
