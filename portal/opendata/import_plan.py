"""What an HSDS import plans and reports: the objects to write (``Planned``), the counts
and problems (``ImportResult``), and how HSDS text becomes ours (plain, rich, slugs)."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field

from django.utils.text import slugify
from wagtail.admin.rich_text import DraftailRichTextArea

from directory.models import Organisation
from locations.models import Location
from portal.core.exchange import Problem

from .schedules import WEEKDAY_CODES
from .table_rows import Row

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PLAIN_PARAGRAPHS = re.compile(r"^(?:<p>[^<]*</p>)+$")
SUMMARY_MAX_LENGTH = 160
# Rich text features of Organisation.description: imported HTML keeps only these.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]
WEEKDAYS = {code: index for index, code in enumerate(WEEKDAY_CODES)}
IMPORTED_STATUSES = ("active", "temporarily closed")
# What an item of another directory gets when it names no kind of ours (a notice says so).
DEFAULT_ORGANISATION_KIND = Organisation.Kind.SOCIAL_BASE
DEFAULT_LOCATION_KIND = Location.Kind.INLOOP
DISTRICT_DESCRIPTION = re.compile(
    r"^Stadsdeel .+? van Hengelo\.(?: Wijken: (?P<neighbourhoods>.+?)\.)?"
    r"(?: Postcodegebieden: (?P<postcodes>[0-9, ]+)\.)?$"
)


# --- results ---------------------------------------------------------------------------------


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    dry_run: bool = False
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary_lines(self) -> list[str]:
        return [
            f"{label}: {c.created} nieuw, {c.updated} gewijzigd, {c.unchanged} ongewijzigd"
            for label, c in self.counts.items()
        ]


# --- text ------------------------------------------------------------------------------------


def plain_text(value: str) -> str:
    text = re.sub(r"<[^>]+>", " ", value or "")
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def shorten(text: str, limit: int = SUMMARY_MAX_LENGTH) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:")
    return f"{cut}…"


def rich_text(value: str) -> str:
    """An HSDS description as our rich text: plain paragraphs as they are, plain text as
    paragraphs, any other HTML through the editor's own converter (which keeps only the
    features an editor may use, so no script or foreign markup gets in)."""
    value = value.strip()
    if not value or _PLAIN_PARAGRAPHS.match(value):
        return value
    if "<" not in value:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]
        return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
    converter = DraftailRichTextArea(features=RICH_TEXT_FEATURES).converter
    return converter.to_database_format(converter.from_database_format(value))


def slug_from(url: str, name: str, fallback: str) -> str:
    """The slug our own export put at the end of an item's page address, or one made from
    its name."""
    last = (url or "").rstrip("/").rsplit("/", 1)[-1]
    if last and SLUG_PATTERN.match(last) and len(last) <= 100:
        return last
    return slugify(name)[:100].strip("-") or fallback


# --- the plan ----------------------------------------------------------------------------------


@dataclass
class Planned:
    """One object to create or update: its values and where each value was read."""

    model: type
    key: str  # the HSDS id
    row: Row
    values: dict = field(default_factory=dict)
    m2m: dict[str, list[str]] = field(default_factory=dict)  # field -> HSDS ids
    sources: dict[str, tuple[Row, str]] = field(default_factory=dict)
    windows: list[tuple[int, dt.time, dt.time, Row]] = field(default_factory=list)
    closed_dates: list[tuple[dt.date, str]] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)
    # A theme's texts in other languages (directory.ThemeText): language -> field -> value.
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    published_at: dt.datetime | None = None
    existing: object = None
    obj: object = None

    def set(self, name: str, value, row: Row | None = None, column: str | None = None):
        self.values[name] = value
        self.sources[name] = (row or self.row, column or name)

    def problem_at(self, name: str, message: str) -> Problem:
        row, column = self.sources.get(name, (self.row, name))
        return row.problem(column, message)
