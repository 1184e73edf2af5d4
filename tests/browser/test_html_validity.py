"""The Nu HTML checker (vnu.jar from npm) finds no errors in any page type."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from portal.benchmarks.pages import PAGE_TYPES

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


def fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our live server
            return response.read()
    except urllib.error.HTTPError as error:  # the 404 page is a page type too
        return error.read()


def test_nu_html_checker_finds_no_errors(sample_site, vnu_command, tmp_path: Path):
    pages = {}
    for page_type in PAGE_TYPES:
        path = sample_site.urls.get(page_type)
        if path is not None:
            pages[page_type] = path
    pages.update(EXTRA_PAGES)
    if sample_site.has_sample_data:
        missing = set(PAGE_TYPES) - set(pages)
        assert not missing, f"page types without a page in the sample data: {missing}"
    for name, path in pages.items():
        (tmp_path / f"{name}.html").write_bytes(fetch(sample_site.base_url + path))

    result = subprocess.run(
        [*vnu_command, str(tmp_path)], capture_output=True, text=True, timeout=300, check=False
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors = [
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']}"
        f" [{m.get('extract', '').strip()[:80]}]"
        for m in report["messages"]
        if m.get("type") in ("error", "non-document-error")
    ]
    assert errors == [], f"{len(errors)} HTML error(s):\n" + "\n".join(errors)
    assert result.returncode == 0, result.stderr[-2000:]
