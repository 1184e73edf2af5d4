"""Spreadsheet import and export of the social map (the six CSV files of the exchange format).

One module for the management commands and the admin upload: ``import_directory`` /
``import_files`` validate everything first and report every problem as
``file:line: column: message``; only a fully valid set is applied, in one transaction.
``dry_run=True`` computes what would be created, updated or left unchanged without writing.
``export_directory`` / ``export_files`` write the same format back (Dutch items, sorted by
slug), so that export → import → export gives identical files.

The format is described in ``portal/fixtures/sociale-kaart/README.md``.
"""

from __future__ import annotations

import csv
import html
import io
import re
import time
import uuid
from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Locale, Revision

from directory.import_lock import IMPORT_LOCK_WAIT_SECONDS, import_lock
from directory.models import Organisation, Service, TargetGroup, Theme
from faq.models import FAQAnswer, FAQCategory
from locations.models import (
    NL_LATITUDE,
    NL_LONGITUDE,
    District,
    DistrictPostcode,
    Location,
    OpeningHoursWindow,
)
from locations.opening_hours import (
    ParseError,
    Schedule,
    WeekdayWindow,
    format_opening_hours,
    parse_opening_hours,
)
from portal.core.content import Cost
from portal.csv_cells import escape_formula, unescape_formula

THEMES = "themes.csv"
DISTRICTS = "districts.csv"
ORGANISATIONS = "organisations.csv"
SERVICES = "services.csv"
LOCATIONS = "locations.csv"
FAQS = "faqs.csv"

COLUMNS: dict[str, tuple[str, ...]] = {
    THEMES: ("slug", "name", "name_en", "synonyms", "synonyms_en", "description"),
    DISTRICTS: ("slug", "name", "neighbourhoods", "postcodes"),
    ORGANISATIONS: (
        "slug",
        "name",
        "kind",
        "themes",
        "target_groups",
        "summary",
        "description",
        "website",
        "phone",
        "email",
        "street",
        "postcode",
        "city",
        "districts",
        "cost",
        "languages",
        "last_verified",
    ),
    SERVICES: ("slug", "organisation", "name", "themes", "description", "cost", "locations"),
    LOCATIONS: (
        "slug",
        "name",
        "kind",
        "organisation",
        "street",
        "postcode",
        "city",
        "district",
        "latitude",
        "longitude",
        "opening_hours",
        "accessibility",
        "phone",
        "description",
    ),
    FAQS: ("slug", "question", "answer", "category", "audience"),
}
# Files are applied in this order so that references point at rows that already exist.
FILES = (THEMES, DISTRICTS, ORGANISATIONS, LOCATIONS, SERVICES, FAQS)

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
POSTCODE_PATTERN = re.compile(r"^[1-9][0-9]{3} [A-Z]{2}$")
PC4_PATTERN = re.compile(r"^[1-9][0-9]{3}$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SUMMARY_MAX_LENGTH = 160
# "het" words among the labels of references: "onbekend thema", but "onbekende locatie".
NEUTER_LABELS = frozenset({"thema", "stadsdeel"})
INDEX_CHUNK_SIZE = 1000

# ISO 639-1: the two-letter language codes (a fixed list; languages do not come and go).
_ISO_639_1_CODES = """
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs
cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht
hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg
li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa
pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti
tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"""
ISO_639_1 = frozenset(_ISO_639_1_CODES.split())  # noqa: SIM905


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


@dataclass
class FileCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do)."""

    dry_run: bool = False
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, FileCounts] = field(default_factory=dict)
    # Per file, the slugs that are (or would be) created and updated, for previews.
    created: dict[str, list[str]] = field(default_factory=dict)
    updated: dict[str, list[str]] = field(default_factory=dict)
    # Per file and updated slug, what changes: [(column, old cell, new cell), ...].
    changes: dict[str, dict[str, list[tuple[str, str, str]]]] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary_lines(self) -> list[str]:
        return [
            f"{name}: {c.created} nieuw, {c.updated} gewijzigd, {c.unchanged} ongewijzigd"
            for name, c in self.counts.items()
        ]


class SpreadsheetError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


# --- rich text <-> plain paragraphs -----------------------------------------------------------

_PLAIN_PARAGRAPHS = re.compile(r"^(?:<p>[^<]*</p>)+$")


def text_to_rich_text(text: str) -> str:
    """Plain paragraphs (separated by a blank line) become escaped ``<p>`` elements.

    A cell that already is HTML (an export of text an editor formatted in the admin) is
    kept as it is, so that formatting survives a round trip.
    """
    text = text.strip()
    if not text:
        return ""
    if text.startswith("<"):
        return text
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def rich_text_to_text(value: str) -> str:
    """The inverse of ``text_to_rich_text`` for plain paragraphs; other HTML stays HTML."""
    value = (value or "").strip()
    if not value:
        return ""
    if _PLAIN_PARAGRAPHS.match(value):
        return "\n\n".join(html.unescape(p) for p in re.findall(r"<p>([^<]*)</p>", value))
    return value


# --- reading ----------------------------------------------------------------------------------


def _decode(name: str, raw: bytes | str, problems: list[Problem]) -> str | None:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(
                Problem(name, 0, "bestand", f"geen geldige UTF-8-tekst (byte {error.start})")
            )
            return None
    return raw.removeprefix("\ufeff")


@dataclass
class RawRow:
    line: int
    cells: dict[str, str]


def _read_rows(name: str, text: str, problems: list[Problem]) -> list[RawRow] | None:
    """The rows of one file, or None when its header is not the expected one."""
    expected = COLUMNS[name]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(name, 1, "kopregel", "het bestand is leeg"))
        return None
    except csv.Error as error:
        problems.append(Problem(name, 1, "kopregel", f"kopregel niet te lezen: {error}"))
        return None
    header = [cell.strip() for cell in header]
    if tuple(header) != expected and any(";" in cell for cell in header):
        # Dutch Excel saves "CSV" with semicolons; comparing headers would only confuse.
        problems.append(
            Problem(
                name,
                1,
                "kopregel",
                "gebruik komma's als scheidingsteken: dit bestand gebruikt puntkomma's. Kies in "
                "Excel 'Opslaan als' en dan 'CSV UTF-8 (door komma's gescheiden)'",
            )
        )
        return None
    if tuple(header) != expected:
        problems.append(
            Problem(
                name,
                1,
                "kopregel",
                f"verwacht '{','.join(expected)}', gevonden '{','.join(header)}'",
            )
        )
        return None
    rows = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(name, line, "regel", f"regel niet te lezen: {error}"))
            break
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(expected):
            problems.append(
                Problem(
                    name,
                    line,
                    "regel",
                    f"{len(cells)} kolommen, verwacht {len(expected)}",
                )
            )
            continue
        # Cells the export protected against formula injection ("'=...") lose that one
        # apostrophe again, so export -> import -> export is identical.
        cells = [unescape_formula(cell) for cell in cells]
        rows.append(RawRow(line, dict(zip(expected, cells, strict=True))))
    return rows


def read_directory(path: str | Path) -> dict[str, bytes | None]:
    """The raw bytes of the six files in a folder (None for a missing file)."""
    folder = Path(path)
    return {
        name: (folder / name).read_bytes() if (folder / name).is_file() else None for name in FILES
    }


# --- cleaning one row -------------------------------------------------------------------------


class RowCleaner:
    """Turns the cells of one row into Python values, collecting problems as it goes."""

    def __init__(self, file: str, row: RawRow, problems: list[Problem]):
        self.file = file
        self.row = row
        self.problems = problems

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.row.line, column, message))

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.row.cells[column].strip()
        if required and not value:
            self.problem(column, "verplicht, maar leeg")
        elif max_length and len(value) > max_length:
            self.problem(column, f"te lang: {len(value)} tekens (maximaal {max_length})")
        return value

    def multiline(self, column: str) -> str:
        """Free text that may span lines: keep inner line breaks, drop outer whitespace."""
        return self.row.cells[column].strip()

    def values(self, column: str) -> list[str]:
        """A ``;``-separated cell as a list without empty or repeated values."""
        seen: dict[str, None] = {}
        for value in self.row.cells[column].split(";"):
            if value.strip():
                seen.setdefault(value.strip(), None)
        return list(seen)

    def choice(self, column: str, choices: Iterable[str], *, required: bool = True) -> str:
        value = self.text(column, required=required)
        allowed = list(choices)
        if value and value not in allowed:
            self.problem(
                column, f"'{value}' is geen geldige waarde (kies uit: {', '.join(allowed)})"
            )
        return value

    def references(self, column: str, known: set[str] | None, label: str) -> list[str]:
        values = self.values(column)
        for value in values:
            self.check_reference(column, value, known, label)
        return values

    def reference(
        self, column: str, known: set[str] | None, label: str, *, required: bool
    ) -> str | None:
        value = self.text(column, required=required)
        if value:
            self.check_reference(column, value, known, label)
        return value or None

    def check_reference(self, column: str, value: str, known: set[str] | None, label: str):
        # ``known`` is None when the referenced file itself could not be read: its own
        # problem is reported there, not once for every row that points at it.
        if known is not None and value not in known:
            adjective = "onbekend" if label in NEUTER_LABELS else "onbekende"
            self.problem(column, f"{adjective} {label} '{value}'")

    def postcode(self, column: str, *, required: bool) -> str:
        value = self.text(column, required=required)
        if value and not POSTCODE_PATTERN.match(value):
            self.problem(
                column, f"'{value}' is geen geldige postcode (schrijf bijvoorbeeld 7551 DR)"
            )
        return value

    def date(self, column: str) -> date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            if not DATE_PATTERN.match(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.problem(column, f"'{value}' is geen geldige datum (schrijf JJJJ-MM-DD)")
            return None

    def coordinate(self, column: str, bounds: tuple[Decimal, Decimal], label: str):
        value = self.text(column)
        if not value:
            return None
        try:
            number = Decimal(value)
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.problem(column, f"'{value}' is geen getal (schrijf bijvoorbeeld 52.26570)")
            return None
        low, high = bounds
        if not low <= number <= high:
            self.problem(
                column,
                f"{value} ligt buiten Nederland ({label} moet tussen {low} en {high} liggen)",
            )
            return None
        return number.quantize(Decimal("0.00001"))


# --- the import -------------------------------------------------------------------------------


def _sorted_slugs(values: Iterable[str]) -> str:
    return ";".join(sorted(values))


def _decimal_cell(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.5f}"


@dataclass
class Item:
    """One valid row: its cleaned values and its canonical cells (the export form)."""

    line: int
    values: dict
    cells: dict[str, str]


class SpreadsheetImport:
    """Validate, plan and apply an import of the six files.

    ``partial``: files that are not given are left alone (an editor uploads only
    ``organisations.csv``); references to them are checked against the database.
    Without it every file must be there (the command-line import of a whole folder).
    """

    def __init__(
        self, sources: Mapping[str, bytes | str | None], *, user=None, partial: bool = False
    ):
        self.sources = sources
        self.user = user
        self.partial = partial
        self.not_given: set[str] = set()
        self.problems: list[Problem] = []
        self.items: dict[str, list[Item]] = {name: [] for name in FILES}
        self.result = ImportResult()

    # -- validation --

    def validate(self) -> list[Problem]:
        raw_rows: dict[str, list[RawRow] | None] = {}
        for name in FILES:
            raw = self.sources.get(name)
            if raw is None:
                if self.partial:
                    self.not_given.add(name)
                else:
                    self.problems.append(Problem(name, 0, "bestand", "het bestand ontbreekt"))
                raw_rows[name] = None
                continue
            text = _decode(name, raw, self.problems)
            raw_rows[name] = None if text is None else _read_rows(name, text, self.problems)
        self.locale = Locale.get_default()
        known = self._known_slugs(raw_rows)
        cleaners = {
            THEMES: self._clean_theme,
            DISTRICTS: self._clean_district,
            ORGANISATIONS: self._clean_organisation,
            LOCATIONS: self._clean_location,
            SERVICES: self._clean_service,
            FAQS: self._clean_faq,
        }
        for name in FILES:
            rows = raw_rows[name] or []
            first_line: dict[str, int] = {}
            for row in rows:
                before = len(self.problems)
                cleaner = RowCleaner(name, row, self.problems)
                slug = cleaner.text("slug", required=True, max_length=100)
                if slug and not SLUG_PATTERN.match(slug):
                    cleaner.problem(
                        "slug",
                        f"'{slug}' is geen geldige slug (alleen kleine letters a-z, cijfers en "
                        "streepjes, zoals 'wijkentree-berflo')",
                    )
                elif slug in first_line:
                    cleaner.problem(
                        "slug", f"'{slug}' staat al op regel {first_line[slug]} van dit bestand"
                    )
                elif slug:
                    first_line[slug] = row.line
                values = cleaners[name](cleaner, known)
                values["slug"] = slug
                if len(self.problems) == before:
                    self.items[name].append(Item(row.line, values, self._to_cells(name, values)))
        self._check_district_postcodes()
        self.problems.sort(key=lambda p: (FILES.index(p.file), p.line))
        return self.problems

    def _known_slugs(self, raw_rows) -> dict[str, set[str] | None]:
        def file_slugs(name):
            rows = raw_rows[name]
            if rows is None:
                return None
            return {row.cells["slug"].strip() for row in rows}

        def db_slugs(model, localized=True):
            qs = model.objects.all()
            if localized:
                qs = qs.filter(locale=self.locale)
            return set(qs.values_list("slug", flat=True))

        known: dict[str, set[str] | None] = {}
        for name, model, localized in [
            (THEMES, Theme, False),
            (DISTRICTS, District, False),
            (ORGANISATIONS, Organisation, True),
            (LOCATIONS, Location, True),
        ]:
            slugs = file_slugs(name)
            if name in self.not_given:
                known[name] = db_slugs(model, localized)
            else:
                known[name] = None if slugs is None else slugs | db_slugs(model, localized)
        known["target_groups"] = set(TargetGroup.objects.values_list("slug", flat=True))
        known["faq_categories"] = set(FAQCategory.objects.values_list("slug", flat=True))
        return known

    def _clean_theme(self, c: RowCleaner, known) -> dict:
        return {
            "name": c.text("name", required=True, max_length=100),
            "name_en": c.text("name_en", required=True, max_length=100),
            "synonyms": c.values("synonyms"),
            "synonyms_en": c.values("synonyms_en"),
            "description": c.multiline("description"),
        }

    def _clean_district(self, c: RowCleaner, known) -> dict:
        postcodes = c.values("postcodes")
        for postcode in postcodes:
            if not PC4_PATTERN.match(postcode):
                c.problem(
                    "postcodes",
                    f"'{postcode}' is geen postcodegebied van vier cijfers (zoals 7552)",
                )
        return {
            "name": c.text("name", required=True, max_length=100),
            "neighbourhoods": c.values("neighbourhoods"),
            "postcodes": postcodes,
        }

    def _check_district_postcodes(self) -> None:
        """A four-digit postcode belongs to one district, in the file and in the database."""
        owner: dict[str, tuple[str, int]] = {}
        for item in self.items[DISTRICTS]:
            for postcode in item.values["postcodes"]:
                if postcode in owner:
                    other_slug, other_line = owner[postcode]
                    self.problems.append(
                        Problem(
                            DISTRICTS,
                            item.line,
                            "postcodes",
                            f"postcodegebied {postcode} hoort al bij stadsdeel '{other_slug}' "
                            f"(regel {other_line})",
                        )
                    )
                else:
                    owner[postcode] = (item.values["slug"], item.line)
        in_file = {item.values["slug"] for item in self.items[DISTRICTS]}
        elsewhere = (
            DistrictPostcode.objects.filter(postcode__in=owner)
            .exclude(district__slug__in=in_file)
            .values_list("postcode", "district__slug")
        )
        for postcode, district_slug in elsewhere:
            slug, line = owner[postcode]
            self.problems.append(
                Problem(
                    DISTRICTS,
                    line,
                    "postcodes",
                    f"postcodegebied {postcode} hoort al bij stadsdeel '{district_slug}' "
                    "(in de database)",
                )
            )

    def _clean_organisation(self, c: RowCleaner, known) -> dict:
        website = c.text("website", max_length=200)
        if website:
            try:
                URLValidator(schemes=["http", "https"])(website)
            except ValidationError:
                c.problem("website", f"'{website}' is geen geldig webadres (begin met https://)")
        email = c.text("email", max_length=254)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                c.problem("email", f"'{email}' is geen geldig e-mailadres")
        languages = c.values("languages")
        for code in languages:
            if code not in ISO_639_1:
                c.problem("languages", f"'{code}' is geen taalcode volgens ISO 639-1 (zoals nl)")
        return {
            "name": c.text("name", required=True, max_length=200),
            "kind": c.choice("kind", Organisation.Kind.values),
            "themes": c.references("themes", known[THEMES], "thema"),
            "target_groups": c.references("target_groups", known["target_groups"], "doelgroep"),
            "summary": c.text("summary", required=True, max_length=SUMMARY_MAX_LENGTH),
            "description": text_to_rich_text(c.multiline("description")),
            "website": website,
            "phone": c.text("phone", max_length=40),
            "email": email,
            "street": c.text("street", max_length=200),
            "postcode": c.postcode("postcode", required=False),
            "city": c.text("city", max_length=100),
            "districts": c.references("districts", known[DISTRICTS], "stadsdeel"),
            "cost": c.choice("cost", Cost.values),
            "languages": languages,
            "last_verified": c.date("last_verified"),
        }

    def _clean_location(self, c: RowCleaner, known) -> dict:
        latitude = c.coordinate("latitude", NL_LATITUDE, "de breedtegraad")
        longitude = c.coordinate("longitude", NL_LONGITUDE, "de lengtegraad")
        has_latitude = bool(c.row.cells["latitude"].strip())
        has_longitude = bool(c.row.cells["longitude"].strip())
        if has_latitude != has_longitude:
            missing = "longitude" if has_latitude else "latitude"
            c.problem(missing, "vul zowel de breedtegraad als de lengtegraad in, of geen van beide")
        opening_hours_text = c.text("opening_hours")
        try:
            schedule = parse_opening_hours(opening_hours_text)
        except ParseError as error:
            c.problem("opening_hours", f"openingstijden niet begrepen: {error}")
            schedule = Schedule()
        return {
            "name": c.text("name", required=True, max_length=200),
            "kind": c.choice("kind", Location.Kind.values),
            "organisation": c.reference(
                "organisation", known[ORGANISATIONS], "organisatie", required=False
            ),
            "street": c.text("street", required=True, max_length=200),
            "postcode": c.postcode("postcode", required=True),
            "city": c.text("city", max_length=100),
            "district": c.reference("district", known[DISTRICTS], "stadsdeel", required=False),
            "latitude": latitude,
            "longitude": longitude,
            "opening_hours": schedule,
            "accessibility": c.multiline("accessibility"),
            "phone": c.text("phone", max_length=40),
            "description": c.multiline("description"),
        }

    def _clean_service(self, c: RowCleaner, known) -> dict:
        return {
            "organisation": c.reference(
                "organisation", known[ORGANISATIONS], "organisatie", required=True
            ),
            "name": c.text("name", required=True, max_length=200),
            "themes": c.references("themes", known[THEMES], "thema"),
            "description": c.multiline("description"),
            "cost": c.choice("cost", Cost.values),
            "locations": c.references("locations", known[LOCATIONS], "locatie"),
        }

    def _clean_faq(self, c: RowCleaner, known) -> dict:
        answer = c.multiline("answer")
        if not answer:
            c.problem("answer", "verplicht, maar leeg")
        return {
            "question": c.text("question", required=True, max_length=255),
            "answer": text_to_rich_text(answer),
            "category": c.reference(
                "category", known["faq_categories"], "categorie", required=True
            ),
            "audience": c.choice("audience", FAQAnswer.Audience.values),
        }

    # -- canonical cells (shared with the export) --

    @staticmethod
    def _to_cells(name: str, v: dict) -> dict[str, str]:
        if name == THEMES:
            cells = {
                **v,
                "synonyms": ";".join(v["synonyms"]),
                "synonyms_en": ";".join(v["synonyms_en"]),
            }
        elif name == DISTRICTS:
            cells = {
                **v,
                "neighbourhoods": ";".join(v["neighbourhoods"]),
                "postcodes": ";".join(v["postcodes"]),
            }
        elif name == ORGANISATIONS:
            cells = {
                **v,
                "themes": _sorted_slugs(v["themes"]),
                "target_groups": _sorted_slugs(v["target_groups"]),
                "description": rich_text_to_text(v["description"]),
                "districts": _sorted_slugs(v["districts"]),
                "languages": ";".join(v["languages"]),
                "last_verified": v["last_verified"].isoformat() if v["last_verified"] else "",
            }
        elif name == LOCATIONS:
            cells = {
                **v,
                "organisation": v["organisation"] or "",
                "district": v["district"] or "",
                "latitude": _decimal_cell(v["latitude"]),
                "longitude": _decimal_cell(v["longitude"]),
                "opening_hours": format_opening_hours(v["opening_hours"]),
            }
        elif name == SERVICES:
            cells = {
                **v,
                "themes": _sorted_slugs(v["themes"]),
                "locations": _sorted_slugs(v["locations"]),
            }
        else:
            cells = {**v, "answer": rich_text_to_text(v["answer"])}
        return {column: str(cells[column] or "") for column in COLUMNS[name]}

    # -- planning: what would change --

    def plan(self) -> ImportResult:
        """Compare the valid rows with the database (read only) and fill the counts."""
        self.existing: dict[str, dict[str, object]] = {}
        self.to_create: dict[str, list[Item]] = {}
        self.to_update: dict[str, list[Item]] = {}
        for name in FILES:
            existing = {obj.slug: obj for obj in existing_objects(name, self.locale)}
            self.existing[name] = existing
            counts = FileCounts()
            creates, updates = [], []
            changes = {}
            for item in self.items[name]:
                obj = existing.get(item.values["slug"])
                if obj is None:
                    creates.append(item)
                    continue
                old_cells = export_cells(name, obj)
                if old_cells != item.cells or not getattr(obj, "live", True):
                    updates.append(item)
                    changes[item.values["slug"]] = [
                        (column, old_cells[column], item.cells[column])
                        for column in COLUMNS[name]
                        if old_cells[column] != item.cells[column]
                    ]
                else:
                    counts.unchanged += 1
            counts.created, counts.updated = len(creates), len(updates)
            self.to_create[name], self.to_update[name] = creates, updates
            if name in self.not_given:
                continue  # nothing to report about a file that was not uploaded
            self.result.counts[name] = counts
            self.result.created[name] = [i.values["slug"] for i in creates]
            self.result.updated[name] = [i.values["slug"] for i in updates]
            self.result.changes[name] = changes
        return self.result

    # -- applying --

    def apply(self) -> None:
        self.now = timezone.now()
        self.slug_maps = {
            "target_groups": dict(TargetGroup.objects.values_list("slug", "pk")),
            "faq_categories": dict(FAQCategory.objects.values_list("slug", "pk")),
        }
        self.changed_pks: dict[type, set[int]] = {}
        with transaction.atomic():
            self._apply_themes()
            self._apply_districts()
            self._apply_public(ORGANISATIONS, Organisation, self._assign_organisation)
            self._apply_public(LOCATIONS, Location, self._assign_location)
            self._apply_public(SERVICES, Service, self._assign_service)
            self._apply_public(FAQS, FAQAnswer, self._assign_faq)
            self._update_search_index()

    def _slug_map(self, model, localized: bool) -> dict[str, int]:
        qs = model.objects.all()
        if localized:
            qs = qs.filter(locale=self.locale)
        return dict(qs.values_list("slug", "pk"))

    def _write(self, name, model, fields, assign) -> tuple[list, list]:
        """Create and update the rows of one file; return (created, updated) instances."""
        created = []
        for item in self.to_create[name]:
            obj = model()
            assign(obj, item.values, new=True)
            created.append(obj)
        updated = []
        for item in self.to_update[name]:
            obj = self.existing[name][item.values["slug"]]
            assign(obj, item.values, new=False)
            updated.append(obj)
        model.objects.bulk_create(created, batch_size=1000)
        if updated:
            model.objects.bulk_update(updated, fields, batch_size=1000)
        self.changed_pks[model] = {obj.pk for obj in created + updated}
        return created, updated

    def _set_m2m(self, model, field_name, objects_with_values, slug_map) -> None:
        """Replace a many-to-many field of the given objects in a few queries."""
        if not objects_with_values:
            return
        relation = model._meta.get_field(field_name)
        through = relation.remote_field.through
        source = relation.m2m_field_name()
        target = relation.m2m_reverse_field_name()
        through.objects.filter(**{f"{source}__in": [o.pk for o, _ in objects_with_values]}).delete()
        through.objects.bulk_create(
            [
                through(**{f"{source}_id": obj.pk, f"{target}_id": slug_map[slug]})
                for obj, slugs in objects_with_values
                for slug in slugs
            ],
            batch_size=2000,
        )

    def _apply_themes(self) -> None:
        order = {item.values["slug"]: i for i, item in enumerate(self.items[THEMES])}

        def assign(obj, v, new):
            obj.slug, obj.name, obj.name_en = v["slug"], v["name"], v["name_en"]
            obj.synonyms = "\n".join(v["synonyms"])
            obj.synonyms_en = "\n".join(v["synonyms_en"])
            obj.description = v["description"]
            if new:  # editors may reorder themes in the admin afterwards
                obj.sort_order = order[v["slug"]]

        self._write(
            THEMES, Theme, ["name", "name_en", "synonyms", "synonyms_en", "description"], assign
        )
        self.slug_maps[THEMES] = self._slug_map(Theme, localized=False)

    def _apply_districts(self) -> None:
        order = {item.values["slug"]: i for i, item in enumerate(self.items[DISTRICTS])}

        def assign(obj, v, new):
            obj.slug, obj.name = v["slug"], v["name"]
            obj.neighbourhoods = "\n".join(v["neighbourhoods"])
            if new:
                obj.sort_order = order[v["slug"]]

        created, updated = self._write(DISTRICTS, District, ["name", "neighbourhoods"], assign)
        changed = created + updated
        if changed:
            postcodes = {
                item.values["slug"]: item.values["postcodes"]
                for item in self.to_create[DISTRICTS] + self.to_update[DISTRICTS]
            }
            DistrictPostcode.objects.filter(district__in=changed).delete()
            DistrictPostcode.objects.bulk_create(
                [
                    DistrictPostcode(district=district, postcode=postcode, sort_order=i)
                    for district in changed
                    for i, postcode in enumerate(postcodes[district.slug])
                ]
            )
        self.slug_maps[DISTRICTS] = self._slug_map(District, localized=False)

    def _publish_fields(self, obj, new: bool) -> None:
        if new:
            obj.locale = self.locale
            obj.translation_key = uuid.uuid4()
            obj.first_published_at = self.now
        obj.live = True
        obj.has_unpublished_changes = False
        obj.last_published_at = self.now

    PUBLISH_FIELDS = ["live", "has_unpublished_changes", "last_published_at"]

    def _apply_public(self, name, model, assign) -> None:
        fields, m2m = assign(None, None, new=False)  # ask the assigner which fields it sets

        def assign_and_publish(obj, values, new):
            assign(obj, values, new=new)
            self._publish_fields(obj, new)

        created, updated = self._write(
            name, model, fields + self.PUBLISH_FIELDS, assign_and_publish
        )
        changed = created + updated
        items = {i.values["slug"]: i for i in self.to_create[name] + self.to_update[name]}
        for field_name, map_name in m2m.items():
            self._set_m2m(
                model,
                field_name,
                [(obj, items[obj.slug].values[field_name]) for obj in changed],
                self.slug_maps[map_name],
            )
        if model is Location and changed:
            OpeningHoursWindow.objects.filter(location__in=changed).delete()
            OpeningHoursWindow.objects.bulk_create(
                [
                    OpeningHoursWindow(
                        location=obj,
                        weekday=w.weekday,
                        opens=w.opens,
                        closes=w.closes,
                        sort_order=i,
                    )
                    for obj in changed
                    for i, w in enumerate(items[obj.slug].values["opening_hours"].windows)
                ],
                batch_size=2000,
            )
        self._create_revisions(model, [obj.pk for obj in changed])
        self.slug_maps[name] = self._slug_map(model, localized=True)

    def _create_revisions(self, model, pks: list[int]) -> None:
        """One revision per created or changed item, so the admin shows what was imported.

        Built in bulk: ``save_revision()`` per item would run a dozen queries each.
        """
        if not pks:
            return
        content_type = model.get_content_type()
        base_content_type = model.get_base_content_type()
        objects = attach_parental_m2m(
            model, list(prefetched(model, model.objects.filter(pk__in=pks)))
        )
        Revision.objects.bulk_create(
            [
                Revision(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=str(obj.pk),
                    created_at=self.now,
                    user=self.user,
                    object_str=str(obj)[:1000],
                    content=obj.serializable_data(),
                )
                for obj in objects
            ],
            batch_size=1000,
        )
        # One UPDATE with a subquery instead of bulk_update's huge CASE expression.
        latest = Revision.objects.filter(
            base_content_type=base_content_type, object_id=Cast(OuterRef("pk"), CharField())
        ).order_by("-pk")
        model.objects.filter(pk__in=pks).update(latest_revision=Subquery(latest.values("pk")[:1]))
        model.objects.filter(pk__in=pks).update(live_revision=F("latest_revision"))

    def _ref(self, map_name: str, slug: str | None) -> int | None:
        return self.slug_maps[map_name][slug] if slug else None

    def _assign_organisation(self, obj, v, new):
        fields = [
            "name",
            "kind",
            "summary",
            "description",
            "website",
            "phone",
            "email",
            "street",
            "postcode",
            "city",
            "cost",
            "languages",
            "last_verified",
        ]
        if obj is None:
            return fields, {
                "themes": THEMES,
                "target_groups": "target_groups",
                "districts": DISTRICTS,
            }
        obj.slug = v["slug"]
        for name in fields:
            setattr(obj, name, v[name])

    def _assign_location(self, obj, v, new):
        fields = [
            "name",
            "kind",
            "organisation",
            "street",
            "postcode",
            "city",
            "district",
            "latitude",
            "longitude",
            "closed_on_public_holidays",
            "accessibility",
            "phone",
            "description",
        ]
        if obj is None:
            return fields, {}
        obj.slug = v["slug"]
        for name in fields:
            if name == "organisation":
                obj.organisation_id = self._ref(ORGANISATIONS, v["organisation"])
            elif name == "district":
                obj.district_id = self._ref(DISTRICTS, v["district"])
            elif name == "closed_on_public_holidays":
                obj.closed_on_public_holidays = v["opening_hours"].closed_on_public_holidays
            else:
                setattr(obj, name, v[name])

    def _assign_service(self, obj, v, new):
        fields = ["organisation", "name", "description", "cost"]
        if obj is None:
            return fields, {"themes": THEMES, "locations": LOCATIONS}
        obj.slug = v["slug"]
        obj.organisation_id = self._ref(ORGANISATIONS, v["organisation"])
        obj.name, obj.description, obj.cost = v["name"], v["description"], v["cost"]

    def _assign_faq(self, obj, v, new):
        fields = ["question", "answer", "category", "audience"]
        if obj is None:
            return fields, {}
        obj.slug = v["slug"]
        obj.question, obj.answer, obj.audience = v["question"], v["answer"], v["audience"]
        obj.category_id = self._ref("faq_categories", v["category"])

    def _update_search_index(self) -> None:
        """Re-index what changed, plus items whose indexed related names changed."""
        from wagtail.search.backends import get_search_backends

        from search import semantic

        # The search app derives extra indexed text (compound-word parts) from a vocabulary
        # of all published text: rebuild it from the new rows before indexing, and once
        # more after commit so that other processes drop their copies too.
        forget_search_caches()
        transaction.on_commit(forget_search_caches)

        changed = self.changed_pks
        themes = changed.get(Theme, set())
        organisations = set(changed.get(Organisation, set()))
        services = set(changed.get(Service, set()))
        locations = set(changed.get(Location, set()))
        if themes:
            organisations |= set(
                Organisation.themes.through.objects.filter(theme_id__in=themes).values_list(
                    "organisation_id", flat=True
                )
            )
            services |= set(
                Service.themes.through.objects.filter(theme_id__in=themes).values_list(
                    "service_id", flat=True
                )
            )
        if changed.get(Organisation):
            services |= set(
                Service.objects.filter(organisation_id__in=changed[Organisation]).values_list(
                    "pk", flat=True
                )
            )
        if changed.get(District):
            locations |= set(
                Location.objects.filter(district_id__in=changed[District]).values_list(
                    "pk", flat=True
                )
            )
        work = {
            Theme: themes,
            Organisation: organisations,
            Location: locations,
            Service: services,
            FAQAnswer: changed.get(FAQAnswer, set()),
        }
        for backend in get_search_backends(with_auto_update=True):
            for model, pks in work.items():
                ordered = sorted(pks)
                for start in range(0, len(ordered), INDEX_CHUNK_SIZE):
                    chunk = ordered[start : start + INDEX_CHUNK_SIZE]
                    objects = list(model.get_indexed_objects().filter(pk__in=chunk))
                    backend.add_bulk(model, attach_parental_m2m(model, objects))
        # The search's meaning vectors of what changed (bulk writes send no save signals).
        semantic.sync_changed(work)

    # -- entry point --

    def run(
        self, *, dry_run: bool = False, lock_wait: float = IMPORT_LOCK_WAIT_SECONDS
    ) -> ImportResult:
        """Check everything, then (unless ``dry_run``) write it all in one transaction.

        A real import holds the import lock from before it reads the database until after
        it has written, so its plan cannot go stale under a concurrent import; raises
        ``ImportBusy`` when another import keeps the lock longer than ``lock_wait`` seconds.
        """
        started = time.perf_counter()
        self.result.dry_run = dry_run
        with nullcontext() if dry_run else import_lock(lock_wait):
            self.result.problems = self.validate()
            if not self.result.problems:
                self.plan()
                if not dry_run:
                    self.apply()
        self.result.elapsed = time.perf_counter() - started
        return self.result


def forget_search_caches() -> None:
    from search.engine import forget_cached_lookups
    from search.vocabulary import invalidate

    invalidate()
    forget_cached_lookups()


def import_files(
    sources: Mapping[str, bytes | str | None],
    *,
    dry_run: bool = False,
    user=None,
    partial: bool = False,
    lock_wait: float = IMPORT_LOCK_WAIT_SECONDS,
) -> ImportResult:
    """Validate and (unless ``dry_run``) import the six files given as bytes or text.

    ``partial=True`` imports only the files given and leaves the others alone.
    """
    return SpreadsheetImport(sources, user=user, partial=partial).run(
        dry_run=dry_run, lock_wait=lock_wait
    )


def import_directory(
    path: str | Path,
    *,
    dry_run: bool = False,
    user=None,
    lock_wait: float = IMPORT_LOCK_WAIT_SECONDS,
) -> ImportResult:
    return import_files(read_directory(path), dry_run=dry_run, user=user, lock_wait=lock_wait)


# --- reading the database (import comparison and export) -------------------------------------


def attach_parental_m2m(model, objects: list, field_names: Iterable[str] | None = None) -> list:
    """Load ParentalManyToMany values of ``objects`` in one query per field, in memory.

    modelcluster's managers ignore ``prefetch_related`` caches, so ``obj.themes.all()`` in
    ``serializable_data()`` or the search indexer would query once per object; assigning
    the values in memory (without saving) makes those calls free.
    """
    from modelcluster.fields import ParentalManyToManyField

    if field_names is None:
        field_names = [
            f.name for f in model._meta.get_fields() if isinstance(f, ParentalManyToManyField)
        ]
    pks = [obj.pk for obj in objects]
    for field_name in field_names:
        relation = model._meta.get_field(field_name)
        through = relation.remote_field.through
        source = relation.m2m_field_name()
        target = relation.m2m_reverse_field_name()
        pairs = list(
            through.objects.filter(**{f"{source}_id__in": pks})
            .order_by("pk")
            .values_list(f"{source}_id", f"{target}_id")
        )
        related = relation.related_model.objects.in_bulk({target_pk for _, target_pk in pairs})
        by_object: dict[int, list] = {pk: [] for pk in pks}
        for source_pk, target_pk in pairs:
            by_object[source_pk].append(related[target_pk])
        for obj in objects:
            setattr(obj, field_name, by_object[obj.pk])
    return objects


def prefetched(model, queryset):
    if model is Organisation:
        return queryset.prefetch_related("themes", "target_groups", "districts")
    if model is Location:
        return queryset.select_related("organisation", "district").prefetch_related(
            "opening_hours", "closed_dates"
        )
    if model is Service:
        return queryset.select_related("organisation").prefetch_related("themes", "locations")
    if model is FAQAnswer:
        return queryset.select_related("category").prefetch_related("related_questions")
    if model is District:
        return queryset.prefetch_related("postcodes")
    return queryset


MODELS: dict[str, type] = {
    THEMES: Theme,
    DISTRICTS: District,
    ORGANISATIONS: Organisation,
    LOCATIONS: Location,
    SERVICES: Service,
    FAQS: FAQAnswer,
}


def existing_objects(name: str, locale: Locale, *, live_only: bool = False):
    model = MODELS[name]
    queryset = model.objects.all()
    if model not in (Theme, District):
        queryset = queryset.filter(locale=locale)
        if live_only:
            queryset = queryset.filter(live=True)
    return prefetched(model, queryset).order_by("slug")


def _slugs(related) -> list[str]:
    return [obj.slug for obj in related.all()]


def object_values(name: str, obj) -> dict:
    """The values of a database object in the same shape as a cleaned row."""
    if name == THEMES:
        return {
            "slug": obj.slug,
            "name": obj.name,
            "name_en": obj.name_en,
            "synonyms": obj.synonym_list,
            "synonyms_en": obj.synonym_en_list,
            "description": obj.description,
        }
    if name == DISTRICTS:
        return {
            "slug": obj.slug,
            "name": obj.name,
            "neighbourhoods": obj.neighbourhood_list,
            "postcodes": [p.postcode for p in sorted(obj.postcodes.all(), key=_sort_key)],
        }
    if name == ORGANISATIONS:
        return {
            "slug": obj.slug,
            "name": obj.name,
            "kind": obj.kind,
            "themes": _slugs(obj.themes),
            "target_groups": _slugs(obj.target_groups),
            "summary": obj.summary,
            "description": obj.description,
            "website": obj.website,
            "phone": obj.phone,
            "email": obj.email,
            "street": obj.street,
            "postcode": obj.postcode,
            "city": obj.city,
            "districts": _slugs(obj.districts),
            "cost": obj.cost,
            "languages": list(obj.languages or []),
            "last_verified": obj.last_verified,
        }
    if name == LOCATIONS:
        return {
            "slug": obj.slug,
            "name": obj.name,
            "kind": obj.kind,
            "organisation": obj.organisation.slug if obj.organisation else None,
            "street": obj.street,
            "postcode": obj.postcode,
            "city": obj.city,
            "district": obj.district.slug if obj.district else None,
            "latitude": obj.latitude,
            "longitude": obj.longitude,
            "opening_hours": Schedule(
                windows=tuple(
                    WeekdayWindow(w.weekday, w.opens, w.closes) for w in obj.opening_hours.all()
                ),
                closed_on_public_holidays=obj.closed_on_public_holidays,
            ),
            "accessibility": obj.accessibility,
            "phone": obj.phone,
            "description": obj.description,
        }
    if name == SERVICES:
        return {
            "slug": obj.slug,
            "organisation": obj.organisation.slug,
            "name": obj.name,
            "themes": _slugs(obj.themes),
            "description": obj.description,
            "cost": obj.cost,
            "locations": _slugs(obj.locations),
        }
    return {
        "slug": obj.slug,
        "question": obj.question,
        "answer": obj.answer,
        "category": obj.category.slug,
        "audience": obj.audience,
    }


def _sort_key(orderable) -> tuple:
    return (orderable.sort_order if orderable.sort_order is not None else 0, orderable.pk)


def export_cells(name: str, obj) -> dict[str, str]:
    return SpreadsheetImport._to_cells(name, object_values(name, obj))


# --- export ------------------------------------------------------------------------------------


def export_files() -> dict[str, str]:
    """The six files as text: live Dutch items, sorted by slug."""
    locale = Locale.get_default()
    files = {}
    for name in FILES:
        buffer = io.StringIO()
        writer = csv.writer(buffer)  # RFC 4180 line ends, as the sample files
        writer.writerow(COLUMNS[name])
        for obj in existing_objects(name, locale, live_only=True):
            cells = export_cells(name, obj)
            # "=..." / "+..." / "-..." / "@..." would be a formula in a spreadsheet.
            writer.writerow([escape_formula(cells[column]) for column in COLUMNS[name]])
        files[name] = buffer.getvalue()
    return files


def export_directory(path: str | Path) -> dict[str, int]:
    """Write the six files into ``path``; return the number of rows per file."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, text in export_files().items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
        counts[name] = len(list(csv.reader(io.StringIO(text)))) - 1
    return counts


__all__ = [
    "COLUMNS",
    "FILES",
    "FileCounts",
    "ImportResult",
    "Problem",
    "SpreadsheetError",
    "export_directory",
    "export_files",
    "import_directory",
    "import_files",
    "rich_text_to_text",
    "text_to_rich_text",
]
