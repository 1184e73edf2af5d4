"""The stylesheets lay out with logical properties only, so right-to-left pages mirror by
themselves (issue 14): no margin-left, padding-right, left:, float: right, text-align: left …"""

import re
from pathlib import Path

import pytest
from django.conf import settings

STATIC = Path(settings.BASE_DIR) / "static"
STYLESHEETS = sorted([*(STATIC / "css").glob("*.css"), *(STATIC / "src" / "css").glob("*.css")])

# A property that names a physical side, or a value that does.
PHYSICAL = re.compile(
    r"(?<![\w-])(?:"
    r"(?:margin|padding|border|scroll-margin|scroll-padding)-(?:left|right)(?:-[a-z]+)?"
    r"|border-(?:top|bottom)-(?:left|right)-radius"
    r"|left|right"
    r")\s*:"
    r"|(?<![\w-])(?:float|clear|text-align|caption-side|--[\w-]*align[\w-]*)\s*:\s*(?:left|right)\b"
)

# Direction-independent on purpose, with the reason; anything else is a finding.
ALLOWED = {
    # NL Design System table: numeric columns align right in either direction, as digits
    # are written left to right in Arabic too (vendored, built into portal.css).
    "--_utrecht-table-cell-text-align:right",
}


def physical_declarations(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)  # comments may say "left" freely
    found = []
    for match in PHYSICAL.finditer(css):
        declaration = css[match.start() : css.find(";", match.start())].strip()
        declaration = re.split(r"[;}]", declaration)[0]
        if declaration.replace(" ", "") not in ALLOWED:
            found.append(declaration)
    return found


def test_the_stylesheets_are_found():
    names = {path.name for path in STYLESHEETS}
    assert {"portal.css", "site.css", "tokens.css"} <= names


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_no_physical_left_or_right_in_the_stylesheets(path):
    found = physical_declarations(path.read_text(encoding="utf-8"))
    assert found == [], f"{path.relative_to(settings.BASE_DIR)} uses physical sides: {found}"


@pytest.mark.parametrize(
    "css",
    [
        ".a { margin-left: 1rem; }",
        ".a{padding-right:0}",
        ".a { border-left-width: 2px; }",
        ".a { border-top-right-radius: 4px; }",
        ".a { left: 0; }",
        ".a { right:0 }",
        ".a { float: left; }",
        ".a { text-align: right; }",
        ".a { --my-text-align: left; }",
    ],
)
def test_the_check_finds_physical_sides(css):
    assert physical_declarations(css) != []


@pytest.mark.parametrize(
    "css",
    [
        ".a { margin-inline-start: 1rem; inset-inline-end: 0; text-align: start; }",
        ".a { border-inline-start: 8px solid; float: inline-start; }",
        "/* margin-left would break Arabic */ .a { padding-inline: 1rem; }",
        ".a { --_utrecht-table-cell-text-align:right }",
        ".a { background-position: 0, 100%; }",
    ],
)
def test_the_check_allows_logical_properties(css):
    assert physical_declarations(css) == []
