"""Import an HSDS 3.0 data package, or another directory's HSDS API, into the social map.

The rules are the spreadsheet import's: everything is checked first and every problem is
listed as ``file:line: column: message`` (for the API: ``document:0: JSON path: message``);
only a fully valid set is written, in one transaction, under the import lock
(``portal.core.exchange.lock``), so a package with one error changes nothing. Values are
checked by the models' own validators (``clean_fields``/``clean``), the single source of
truth, and each error is reported at the cell the value came from.

What is read, the inverse of ``portal.opendata.mapping``:

* taxonomies we publish (by their fixed ids): themes (Dutch and English term per code),
  target groups, districts (neighbourhoods and postcode areas from the term's
  description), the kinds of organisation and location;
* organizations → Organisation (the postal location is its address; themes, target
  groups and kind from its attributes; districts and languages from its services'
  service areas and languages);
* physical locations → Location (address, phone, accessibility, kind and district from
  attributes, opening hours and closed dates from the schedules);
* services → Service (themes, cost from the cost option, locations from
  service_at_location, ``assured_date`` as last check).

Items keep the incoming ids: the HSDS id of an organisation, service or location is its
``translation_key``; themes, target groups and districts get theirs in
``opendata.Identifier``. An item with a known id is updated; others are created. Items
not in the package stay. Everything imported is published with one revision per created
or changed item. ``last_modified`` becomes the service's publication time (and its
organisation's and locations' when earlier), so a re-export says what the source said.

What we cannot keep is listed as notices (not errors): terms of other taxonomies,
service-level schedules, schedules that are not weekly, inactive services.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.models import Locale

from directory.models import Organisation, Service, TargetGroup, Theme
from locations.models import ClosedDate, District, DistrictPostcode, Location, OpeningHoursWindow
from portal.core.exchange import IMPORT_LOCK_WAIT_SECONDS, Problem, import_lock

from . import identifiers, mapping
from .models import Identifier
from .tabular import Row, TableSet, check, sorted_problems

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PLAIN_PARAGRAPHS = re.compile(r"^(?:<p>[^<]*</p>)+$")
SUMMARY_MAX_LENGTH = 160
# Rich text features of Organisation.description: imported HTML keeps only these.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]
WEEKDAYS = {code: index for index, code in enumerate(mapping.WEEKDAY_CODES)}
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
    published_at: dt.datetime | None = None
    existing: object = None
    obj: object = None

    def set(self, name: str, value, row: Row | None = None, column: str | None = None):
        self.values[name] = value
        self.sources[name] = (row or self.row, column or name)

    def problem_at(self, name: str, message: str) -> Problem:
        row, column = self.sources.get(name, (self.row, name))
        return row.problem(column, message)


class HsdsImport:
    def __init__(self, tables: TableSet, *, user=None):
        self.tables = tables
        self.user = user
        self.problems: list[Problem] = []
        self.notices: list[Problem] = []
        self.result = ImportResult()

    # -- indexes of the rows --

    def _index(self, table: str, column: str) -> dict[str, list[Row]]:
        index: dict[str, list[Row]] = defaultdict(list)
        for row in self.tables.rows[table]:
            value = row.cells.get(column, "")
            if value:
                index[value].append(row)
        return index

    def _attributes(self, entity: str, link_id: str) -> list[tuple[str, Row, Row]]:
        """(taxonomy id, term row, attribute row) of the attributes of one object."""
        found = []
        for attribute in self.attributes.get((entity, link_id), []):
            term = self.tables.get("taxonomy_term", attribute.cells.get("taxonomy_term_id", ""))
            if term is not None:
                found.append((term.cells.get("taxonomy_id", ""), term, attribute))
        return found

    # -- validation --

    def validate(self) -> list[Problem]:
        self.problems = check(self.tables)
        if self.problems:
            return self.problems
        self.locale = Locale.get_default()
        self.attributes: dict[tuple[str, str], list[Row]] = defaultdict(list)
        for row in self.tables.rows["attribute"]:
            entity, link_id = row.cells.get("link_entity", ""), row.cells.get("link_id", "")
            self.attributes[(entity, link_id)].append(row)
            if entity in ("organization", "service", "location") and not self.tables.get(
                entity, link_id
            ):
                label = {"organization": "onbekende organisatie", "service": "onbekend aanbod"}
                self.problems.append(
                    row.problem("link_id", f"{label.get(entity, 'onbekende locatie')} '{link_id}'")
                )
        self.by = {
            "address": self._index("address", "location_id"),
            "phone_org": self._index("phone", "organization_id"),
            "phone_location": self._index("phone", "location_id"),
            "accessibility": self._index("accessibility", "location_id"),
            "schedule_location": self._index("schedule", "location_id"),
            "language": self._index("language", "service_id"),
            "cost_option": self._index("cost_option", "service_id"),
            "service_area": self._index("service_area", "service_id"),
            "service_at_location": self._index("service_at_location", "service_id"),
            "service_org": self._index("service", "organization_id"),
            "location_org": self._index("location", "organization_id"),
        }
        self._note_unused()
        # The public holidays the export lists as closed dates (the coming year).
        self.holidays = mapping.Mapping(site_root="http://localhost")._holidays
        self.themes = self._plan_taxonomy(identifiers.THEMES_TAXONOMY, Theme)
        self.target_groups = self._plan_taxonomy(identifiers.TARGET_GROUPS_TAXONOMY, TargetGroup)
        self.districts = self._plan_taxonomy(identifiers.DISTRICTS_TAXONOMY, District)
        self.kinds = {
            taxonomy: {
                term.id: term.cells.get("code", "")
                for term in self.tables.rows["taxonomy_term"]
                if term.cells.get("taxonomy_id") == taxonomy
            }
            for taxonomy in (
                identifiers.ORGANISATION_KINDS_TAXONOMY,
                identifiers.LOCATION_KINDS_TAXONOMY,
            )
        }
        self.services = [
            self._plan_service(row)
            for row in self.tables.rows["service"]
            if self._imported_service(row)
        ]
        self.postal: dict[str, Row] = {}
        self.locations = [
            planned
            for row in self.tables.rows["location"]
            if (planned := self._plan_location(row)) is not None
        ]
        self.organisations = [
            self._plan_organisation(row) for row in self.tables.rows["organization"]
        ]
        self._check_ids()
        self._assign_slugs()
        self._validate_models()
        self.problems = sorted_problems(self.problems)
        self.notices = sorted_problems(self.notices)
        return self.problems

    def _note_unused(self) -> None:
        known = {
            identifiers.THEMES_TAXONOMY,
            identifiers.TARGET_GROUPS_TAXONOMY,
            identifiers.DISTRICTS_TAXONOMY,
            identifiers.ORGANISATION_KINDS_TAXONOMY,
            identifiers.LOCATION_KINDS_TAXONOMY,
        }
        for row in self.tables.rows["taxonomy"]:
            if row.id not in known:
                self.notices.append(
                    row.problem(
                        "id",
                        f"taxonomie '{row.cells.get('name', '')}' kent deze sociale kaart niet; "
                        "haar termen worden niet overgenomen",
                    )
                )
        for row in self.tables.rows["schedule"]:
            of_a_service = row.cells.get("service_id") or row.cells.get("service_at_location_id")
            if of_a_service and not row.cells.get("location_id"):
                self.notices.append(
                    row.problem(
                        "service_id",
                        "een rooster van aanbod wordt niet overgenomen (alleen de "
                        "openingstijden van locaties)",
                    )
                )

    def _imported_service(self, row: Row) -> bool:
        status = row.cells.get("status", "")
        if status in IMPORTED_STATUSES:
            return True
        self.notices.append(
            row.problem("status", f"aanbod met status '{status}' wordt niet overgenomen")
        )
        return False

    # -- taxonomies --

    def _plan_taxonomy(self, taxonomy_id: str, model) -> dict[str, Planned]:
        """Per Dutch term id, the theme, target group or district it stands for."""
        terms = [
            t
            for t in self.tables.rows["taxonomy_term"]
            if t.cells.get("taxonomy_id") == taxonomy_id
        ]
        english = {
            t.id: t
            for t in terms
            for dutch in terms
            if t.id != dutch.id and t.id == identifiers.derived(dutch.id, "en")
        }
        translated = {identifiers.derived(dutch.id, "en"): dutch for dutch in terms}
        planned: dict[str, Planned] = {}
        for term in terms:
            if term.id in english:
                continue
            item = Planned(model, term.id, term)
            item.set("slug", term.cells.get("code", ""), term, "code")
            item.set("name", term.cells.get("name", ""))
            en = next((t for t in english.values() if translated.get(t.id) is term), None)
            if model is Theme:
                item.set("description", term.cells.get("description", ""))
                item.values["parent"] = term.cells.get("parent_id", "")
            if model in (Theme, TargetGroup):
                if en is not None:
                    item.set("name_en", en.cells.get("name", ""), en, "name")
                    if model is Theme:
                        description_en = en.cells.get("description", "")
                        if description_en == item.values["description"]:
                            description_en = ""  # the export repeats the Dutch text
                        item.set("description_en", description_en, en, "description")
                else:
                    item.set("name_en", term.cells.get("name", ""))
            if model is District:
                match = DISTRICT_DESCRIPTION.match(term.cells.get("description", ""))
                neighbourhoods = (
                    match["neighbourhoods"] if match and match["neighbourhoods"] else ""
                )
                item.set(
                    "neighbourhoods",
                    "\n".join(n.strip() for n in neighbourhoods.split(", ") if n.strip()),
                    term,
                    "description",
                )
                postcodes = match["postcodes"] if match and match["postcodes"] else ""
                item.postcodes = [p.strip() for p in postcodes.split(",") if p.strip()]
                item.sources["postcodes"] = (term, "description")
            planned[term.id] = item
        # A term of an English translation also names the Dutch one (attributes use either).
        for en_id, dutch in translated.items():
            if en_id in english and dutch.id in planned:
                planned.setdefault(en_id, planned[dutch.id])
        return planned

    def _terms(self, entity: str, link_id: str, taxonomy_id: str) -> list[tuple[str, Row]]:
        return [
            (term.id, attribute)
            for taxonomy, term, attribute in self._attributes(entity, link_id)
            if taxonomy == taxonomy_id
        ]

    def _kind(self, item: Planned, entity: str, taxonomy_id: str, default: str) -> None:
        codes = [
            (self.kinds[taxonomy_id].get(term_id, ""), attribute)
            for term_id, attribute in self._terms(entity, item.key, taxonomy_id)
        ]
        if codes:
            code, attribute = codes[0]
            item.set("kind", code, attribute, "taxonomy_term_id")
        else:
            item.set("kind", default, item.row, "id")
            self.notices.append(
                item.row.problem("attributes", f"geen soort opgegeven; '{default}' gekozen")
            )

    # -- items --

    def _plan_service(self, row: Row) -> Planned:
        item = Planned(Service, row.id, row)
        item.set("name", row.cells.get("name", ""))
        item.set("description", row.cells.get("description", ""))
        item.values["organisation"] = row.cells.get("organization_id", "")
        item.sources["organisation"] = (row, "organization_id")
        cost = None
        for option in self.by["cost_option"].get(row.id, []):
            cost = self._cost(option.cells.get("option", "")) or self._cost(
                option.cells.get("amount_description", "")
            )
            item.sources["cost"] = (option, "option")
            break
        if cost is None:
            cost = self._cost(row.cells.get("fees_description", "")) or "gratis"
            item.sources.setdefault("cost", (row, "fees_description"))
        item.values["cost"] = cost
        assured = row.cells.get("assured_date", "")
        item.set(
            "last_verified",
            dt.date.fromisoformat(assured) if assured else None,
            row,
            "assured_date",
        )
        modified = row.cells.get("last_modified", "")
        item.published_at = (
            dt.datetime.fromisoformat(modified.replace("Z", "+00:00")) if modified else None
        )
        item.m2m["themes"] = [
            term_id for term_id, _ in self._terms("service", row.id, identifiers.THEMES_TAXONOMY)
        ]
        item.m2m["locations"] = [
            link.cells.get("location_id", "")
            for link in self.by["service_at_location"].get(row.id, [])
        ]
        return item

    @staticmethod
    def _cost(text: str) -> str | None:
        for code, (option, _amount) in mapping.COST_OPTIONS.items():
            if text and text.lower() in (option.lower(), code):
                return code
        return None

    def _plan_location(self, row: Row) -> Planned | None:
        location_type = row.cells.get("location_type", "")
        organisation_id = row.cells.get("organization_id", "")
        if location_type == "postal" and organisation_id:
            # An organisation's own (office) address.
            self.postal.setdefault(organisation_id, row)
            return None
        if location_type != "physical":
            self.notices.append(
                row.problem(
                    "location_type",
                    f"een locatie van het type '{location_type}' wordt niet overgenomen",
                )
            )
            return None
        item = Planned(Location, row.id, row)
        item.set("name", row.cells.get("name", ""))
        item.set("description", row.cells.get("description", ""))
        for column in ("latitude", "longitude"):
            value = row.cells.get(column, "")
            item.set(column, Decimal(value).quantize(Decimal("0.00001")) if value else None)
        addresses = [
            a
            for a in self.by["address"].get(row.id, [])
            if a.cells.get("address_type") == "physical"
        ]
        addresses = addresses or self.by["address"].get(row.id, [])
        address = addresses[0] if addresses else None
        for name, column in (
            ("street", "address_1"),
            ("postcode", "postal_code"),
            ("city", "city"),
        ):
            item.set(
                name,
                address.cells.get(column, "") if address else "",
                address or row,
                column if address else "addresses",
            )
        phones = self.by["phone_location"].get(row.id, [])
        item.set(
            "phone",
            phones[0].cells.get("number", "") if phones else "",
            phones[0] if phones else row,
            "number",
        )
        accessibility = self.by["accessibility"].get(row.id, [])
        item.set(
            "accessibility",
            "\n\n".join(
                a.cells.get("description", "") for a in accessibility if a.cells.get("description")
            ),
            accessibility[0] if accessibility else row,
            "description",
        )
        item.values["organisation"] = organisation_id
        item.sources["organisation"] = (row, "organization_id")
        self._kind(item, "location", identifiers.LOCATION_KINDS_TAXONOMY, DEFAULT_LOCATION_KIND)
        districts = self._terms("location", row.id, identifiers.DISTRICTS_TAXONOMY)
        item.values["district"] = districts[0][0] if districts else ""
        if districts:
            item.sources["district"] = (districts[0][1], "taxonomy_term_id")
        self._plan_schedules(item)
        return item

    def _plan_schedules(self, item: Planned) -> None:
        """Opening windows from the weekly schedules; a schedule without opening times for
        one day is a closed date. Public holidays closed in the coming year mean "closed on
        public holidays" (the export lists them as closed dates)."""
        closed: dict[dt.date, str] = {}
        notes = ""
        windows: set[tuple[int, dt.time, dt.time]] = set()
        for row in self.by["schedule_location"].get(item.key, []):
            cells = row.cells
            opens, closes = cells.get("opens_at", ""), cells.get("closes_at", "")
            if not opens and not closes:
                start, end = cells.get("valid_from", ""), cells.get("valid_to", "")
                if start and start == end:
                    reason = cells.get("description", "")
                    reason = reason.removeprefix("Gesloten").removeprefix(": ").strip()
                    closed[dt.date.fromisoformat(start)] = reason
                    continue
            if cells.get("freq") != "WEEKLY" or not cells.get("byday") or not opens or not closes:
                self.notices.append(
                    row.problem(
                        "freq",
                        "alleen wekelijkse roosters met dagen en tijden (freq WEEKLY, byday, "
                        "opens_at, closes_at) worden overgenomen",
                    )
                )
                continue
            days = [d.strip() for d in cells["byday"].split(",")]
            unknown = [d for d in days if d not in WEEKDAYS]
            if unknown:
                self.problems.append(
                    row.problem(
                        "byday", f"'{','.join(unknown)}' is geen dag (gebruik MO,TU,WE,TH,FR,SA,SU)"
                    )
                )
                continue
            opens_at = dt.time.fromisoformat(opens[:8])
            closes_at = dt.time.fromisoformat(closes[:8])
            for day in days:
                key = (WEEKDAYS[day], opens_at, closes_at)
                if key not in windows:
                    windows.add(key)
                    item.windows.append((*key, row))
            notes = notes or cells.get("notes", "")
        item.windows.sort(key=lambda w: (w[0], w[1]))
        holidays = self.holidays
        on_holidays = bool(holidays) and all(day in closed for day in holidays)
        item.values["closed_on_public_holidays"] = on_holidays
        item.closed_dates = [
            (day, reason)
            for day, reason in sorted(closed.items())
            if not (on_holidays and day in holidays and reason == holidays[day])
        ]
        item.values["opening_hours_note"] = notes

    def _plan_organisation(self, row: Row) -> Planned:
        item = Planned(Organisation, row.id, row)
        item.set("name", row.cells.get("name", ""))
        description = row.cells.get("description", "").strip()
        if (
            description.startswith("<")
            or len(description) > SUMMARY_MAX_LENGTH
            or "\n" in description
        ):
            item.set("description", rich_text(description))
            item.set("summary", shorten(plain_text(description)), row, "description")
        else:
            item.set("description", "")
            item.set("summary", description)
        item.set("website", row.cells.get("website", ""))
        item.set("email", row.cells.get("email", ""))
        phones = [p for p in self.by["phone_org"].get(row.id, []) if not p.cells.get("contact_id")]
        item.set(
            "phone",
            phones[0].cells.get("number", "") if phones else "",
            phones[0] if phones else row,
            "number",
        )
        postal = self.postal.get(row.id)
        address = self.by["address"].get(postal.id, [None])[0] if postal else None
        for name, column in (
            ("street", "address_1"),
            ("postcode", "postal_code"),
            ("city", "city"),
        ):
            value = address.cells.get(column, "") if address else ""
            item.set(name, value, address or row, column if address else "locations")
        if address is None:
            item.values["city"] = "Hengelo"
        self._kind(
            item, "organization", identifiers.ORGANISATION_KINDS_TAXONOMY, DEFAULT_ORGANISATION_KIND
        )
        item.m2m["themes"] = [
            t for t, _ in self._terms("organization", row.id, identifiers.THEMES_TAXONOMY)
        ]
        item.m2m["target_groups"] = [
            t for t, _ in self._terms("organization", row.id, identifiers.TARGET_GROUPS_TAXONOMY)
        ]
        services = [s for s in self.services if s.values["organisation"] == row.id]
        languages: list[str] = []
        districts: list[str] = []
        for service in services:
            for language in self.by["language"].get(service.key, []):
                code = language.cells.get("code", "")
                if code and code not in languages:
                    languages.append(code)
                    item.sources.setdefault("languages", (language, "code"))
            for area in self.by["service_area"].get(service.key, []):
                term_id = area.cells.get("uri", "").rstrip("/").rsplit("/", 1)[-1]
                if term_id not in self.districts:
                    term_id = next(
                        (
                            k
                            for k, d in self.districts.items()
                            if d.values["name"] == area.cells.get("name")
                        ),
                        "",
                    )
                if term_id and term_id not in districts:
                    districts.append(term_id)
        item.values["languages"] = languages
        item.m2m["districts"] = districts
        item.values["cost"] = services[0].values["cost"] if services else "gratis"
        published = [s.published_at for s in services if s.published_at]
        item.published_at = min(published) if published else None
        return item

    # -- identities, slugs and the models' own checks --

    def _check_ids(self) -> None:
        """Every id names one thing: not two things in the package, nor another kind of
        thing in the database."""
        items = [*self.organisations, *self.locations, *self.services]
        first: dict[str, Planned] = {}
        for item in items:
            if item.key in first:
                self.problems.append(
                    item.row.problem(
                        "id",
                        f"'{item.key}' is ook de id van "
                        f"{first[item.key].row.origin.file}:{first[item.key].row.origin.line}",
                    )
                )
            first[item.key] = item
        for model in (Organisation, Location, Service):
            mine = [i for i in items if i.model is model]
            existing = {
                str(obj.translation_key): obj
                for obj in model.objects.filter(
                    locale=self.locale, translation_key__in=[i.key for i in mine]
                )
            }
            for item in mine:
                item.existing = existing.get(item.key)
            others = [i.key for i in items if i.model is not model]
            for key in model.objects.filter(translation_key__in=others).values_list(
                "translation_key", flat=True
            ):
                self.problems.append(
                    first[str(key)].row.problem(
                        "id",
                        f"'{key}' is in de database al de id van een {model._meta.verbose_name}",
                    )
                )
        taxonomy_items = {
            **{k: v for k, v in self.themes.items() if v.key == k},
            **{k: v for k, v in self.target_groups.items() if v.key == k},
            **{k: v for k, v in self.districts.items() if v.key == k},
        }
        types = ContentType.objects.get_for_models(Theme, TargetGroup, District)
        holders = {
            str(identifier.uuid): identifier
            for identifier in Identifier.objects.filter(uuid__in=list(taxonomy_items))
        }
        for key, item in taxonomy_items.items():
            existing = item.model.objects.filter(slug=item.values["slug"]).first()
            holder = holders.get(key)
            if holder is not None and holder.object_id is not None:
                if holder.content_type_id != types[item.model].pk:
                    self.problems.append(
                        item.row.problem(
                            "id", f"'{key}' is in de database al de id van iets anders"
                        )
                    )
                    continue
                by_id = item.model.objects.filter(pk=holder.object_id).first()
                if existing is not None and by_id is not None and existing.pk != by_id.pk:
                    self.problems.append(
                        item.row.problem(
                            "code",
                            f"'{item.values['slug']}' is in de database al de code van "
                            f"een andere {item.model._meta.verbose_name}",
                        )
                    )
                    continue
                existing = by_id or existing
            item.existing = existing

    def _assign_slugs(self) -> None:
        for model, items, url_column in (
            (Organisation, self.organisations, "uri"),
            (Service, self.services, "url"),
            (Location, self.locations, None),
        ):
            taken = dict(
                model.objects.filter(locale=self.locale).values_list("slug", "translation_key")
            )
            used: set[str] = set()
            for item in items:
                url = item.row.cells.get(url_column, "") if url_column else ""
                wanted = slug_from(url, item.values["name"], model._meta.model_name)
                slug, number = wanted, 1
                while slug in used or (slug in taken and str(taken[slug]) != item.key):
                    number += 1
                    slug = f"{wanted[: 100 - len(str(number)) - 1]}-{number}"
                if slug != wanted:
                    self.notices.append(
                        item.row.problem(
                            url_column or "name",
                            f"slug '{wanted}' is al in gebruik; '{slug}' gekozen",
                        )
                    )
                used.add(slug)
                item.set("slug", slug, item.row, url_column or "name")

    def _resolve(self, key: str, planned: Iterable[Planned], model) -> object | None:
        """The object (existing or to be made) an HSDS id names, for validation."""
        for item in planned:
            if item.key == key:
                return item.existing or item.obj
        return (
            model.objects.filter(locale=self.locale, translation_key=key).first() if key else None
        )

    def _validate_models(self) -> None:
        with translation.override("nl"):
            for items in (self.themes, self.target_groups, self.districts):
                for key, item in items.items():
                    if item.key == key:
                        self._clean(item, exclude_related=True)
                        for postcode in item.postcodes:
                            try:
                                DistrictPostcode._meta.get_field("postcode").run_validators(
                                    postcode
                                )
                            except ValidationError as error:
                                for message in error.messages:
                                    self.problems.append(
                                        item.problem_at("postcodes", f"{postcode}: {message}")
                                    )
            self._check_district_postcodes()
            for item in self.organisations:
                self._clean(item)
            for item in self.locations:
                self._clean(item)
                for weekday, opens, closes, row in item.windows:
                    window = OpeningHoursWindow(weekday=weekday, opens=opens, closes=closes)
                    try:
                        window.full_clean(exclude=["location", "sort_order"])
                    except ValidationError as error:
                        for messages in error.message_dict.values():
                            for message in messages:
                                self.problems.append(row.problem("closes_at", message))
            for item in self.services:
                self._clean(item)

    def _check_district_postcodes(self) -> None:
        owner: dict[str, Planned] = {}
        for key, item in self.districts.items():
            if item.key != key:
                continue
            for postcode in item.postcodes:
                if postcode in owner:
                    self.problems.append(
                        item.problem_at(
                            "postcodes",
                            f"postcodegebied {postcode} hoort al bij stadsdeel "
                            f"'{owner[postcode].values['slug']}'",
                        )
                    )
                owner[postcode] = item
        imported = [i.existing.pk for i in owner.values() if i.existing is not None]
        for postcode, slug in (
            DistrictPostcode.objects.filter(postcode__in=owner)
            .exclude(district__in=imported)
            .values_list("postcode", "district__slug")
        ):
            if owner[postcode].values["slug"] != slug:
                self.problems.append(
                    owner[postcode].problem_at(
                        "postcodes",
                        f"postcodegebied {postcode} hoort al bij stadsdeel '{slug}' "
                        "(in de database)",
                    )
                )

    def _clean(self, item: Planned, exclude_related: bool = False) -> None:
        """Run the model's own validators on the values; report each error at its cell."""
        obj = (
            item.model.objects.get(pk=item.existing.pk)
            if item.existing is not None
            else item.model()
        )
        for name, value in item.values.items():
            if name in ("organisation", "district", "parent"):
                continue
            setattr(obj, name, value)
        if item.model in (Organisation, Location, Service):
            obj.locale = self.locale
        fields = [f for f in item.values if f not in ("organisation", "district", "parent")]
        exclude = [f.name for f in item.model._meta.concrete_fields if f.name not in fields]
        if item.model is Service and not item.values["organisation"]:
            self.problems.append(item.problem_at("organisation", "verplicht, maar leeg"))
        errors: dict[str, list[str]] = {}
        try:
            obj.clean_fields(exclude=exclude)
        except ValidationError as error:
            errors.update(error.message_dict)
        try:
            obj.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        for name, messages in errors.items():
            target = (
                name if name in item.values else ("latitude" if item.model is Location else "name")
            )
            for message in messages:
                self.problems.append(item.problem_at(target, message))
        item.obj = obj

    # -- planning the counts and writing --

    def _snapshot(self, obj, item: Planned) -> tuple:
        values = tuple(
            sorted(
                (name, str(getattr(obj, name, None)))
                for name in item.values
                if name not in ("organisation", "district", "parent")
            )
        )
        if item.model in (Organisation, Location, Service):
            values += (
                ("live", obj.live),
                ("last_published_at", obj.last_published_at if item.published_at else None),
            )
        return values

    def apply(self) -> None:
        self.now = timezone.now()
        with transaction.atomic():
            theme_pks = self._apply_taxonomy("thema's", self.themes, Theme)
            group_pks = self._apply_taxonomy("doelgroepen", self.target_groups, TargetGroup)
            district_pks = self._apply_taxonomy("stadsdelen", self.districts, District)
            organisation_pks = self._apply_items(
                "organisaties",
                self.organisations,
                {
                    "themes": theme_pks,
                    "target_groups": group_pks,
                    "districts": district_pks,
                },
            )
            location_pks = self._apply_items(
                "locaties",
                self.locations,
                {},
                organisations=organisation_pks,
                districts=district_pks,
            )
            self._apply_items(
                "aanbod",
                self.services,
                {"themes": theme_pks, "locations": location_pks},
                organisations=organisation_pks,
            )

    def _existing_pks(self, model, keys: Iterable[str]) -> dict[str, int]:
        return {
            str(key): pk
            for key, pk in model.objects.filter(
                locale=self.locale, translation_key__in=list(keys)
            ).values_list("translation_key", "pk")
        }

    def _apply_taxonomy(self, label: str, items: dict[str, Planned], model) -> dict[str, int]:
        counts = self.result.counts.setdefault(label, Counts())
        pks: dict[str, int] = {}
        order = 0
        for key, item in items.items():
            if item.key != key:
                continue
            obj = item.existing or model()
            before = self._snapshot(obj, item) if item.existing else None
            for name, value in item.values.items():
                if name != "parent":
                    setattr(obj, name, value)
            if model is District:
                current = [p.postcode for p in obj.postcodes.all()] if item.existing else []
                changed_postcodes = current != item.postcodes
            else:
                changed_postcodes = False
            if item.existing is None:
                obj.sort_order = order
            order += 1
            if before is None or before != self._snapshot(obj, item) or changed_postcodes:
                obj.save()
                if model is District:
                    DistrictPostcode.objects.filter(district=obj).delete()
                    DistrictPostcode.objects.bulk_create(
                        [
                            DistrictPostcode(district=obj, postcode=p, sort_order=i)
                            for i, p in enumerate(item.postcodes)
                        ]
                    )
                if before is None:
                    counts.created += 1
                else:
                    counts.updated += 1
            else:
                counts.unchanged += 1
            identifiers.assign(obj, key)
            pks[key] = obj.pk
        for key, item in items.items():
            pks.setdefault(key, pks.get(item.key))
        if model is Theme:
            for key, item in items.items():
                if item.key == key:
                    parent = pks.get(item.values.get("parent") or "")
                    model.objects.filter(pk=pks[key]).exclude(parent_id=parent).update(
                        parent_id=parent
                    )
        return pks

    def _apply_items(
        self,
        label,
        items: list[Planned],
        relations: dict[str, dict[str, int]],
        *,
        organisations=None,
        districts=None,
    ) -> dict[str, int]:
        counts = self.result.counts.setdefault(label, Counts())
        model = items[0].model if items else None
        pks: dict[str, int] = {}
        for item in items:
            obj = item.existing or item.model(
                locale=self.locale, translation_key=uuid.UUID(item.key)
            )
            before = self._state(obj, item) if item.existing else None
            for name, value in item.values.items():
                if name == "organisation":
                    key = value
                    pk = (organisations or {}).get(key) or self._existing_pks(
                        Organisation, [key]
                    ).get(key)
                    obj.organisation_id = pk
                elif name == "district":
                    obj.district_id = (districts or {}).get(value) if value else None
                else:
                    setattr(obj, name, value)
            m2m = {
                name: sorted(
                    {relations[name][k] for k in keys if k in relations.get(name, {})}
                    | (
                        set(self._existing_pks(Location, keys).values())
                        if name == "locations"
                        else set()
                    )
                )
                for name, keys in item.m2m.items()
            }
            if obj.pk is None:
                obj.save()  # many-to-many values need the row (published below)
            for name, values in m2m.items():
                related = item.model._meta.get_field(name).related_model
                getattr(obj, name).set(list(related.objects.filter(pk__in=values).order_by("pk")))
            if item.model is Location:
                obj.opening_hours = [
                    OpeningHoursWindow(weekday=w, opens=o, closes=c, sort_order=i)
                    for i, (w, o, c, _row) in enumerate(item.windows)
                ]
                obj.closed_dates = [
                    ClosedDate(date=day, reason=reason, sort_order=i)
                    for i, (day, reason) in enumerate(item.closed_dates)
                ]
            published_at = item.published_at or (obj.last_published_at if item.existing else None)
            if (
                before is not None
                and before == self._state(obj, item)
                and obj.live
                and obj.last_published_at == published_at
            ):
                counts.unchanged += 1
                pks[item.key] = obj.pk
                continue
            obj.save()
            revision = obj.save_revision(user=self.user)
            revision.publish(user=self.user)
            if item.published_at is not None:
                item.model.objects.filter(pk=obj.pk).update(last_published_at=item.published_at)
            pks[item.key] = obj.pk
            if before is None:
                counts.created += 1
            else:
                counts.updated += 1
        if model is not None:
            self._date_related(model, items, pks)
        return pks

    def _date_related(self, model, items, pks) -> None:
        """Organisations and locations without a date of their own take the earliest
        ``last_modified`` of their services, so a re-export's ``last_modified`` (the newest
        of a service, its organisation and its locations) is what was imported."""
        if model is not Service:
            return
        earliest_org: dict[int, dt.datetime] = {}
        earliest_location: dict[int, dt.datetime] = {}
        for item in items:
            if item.published_at is None:
                continue
            obj = Service.objects.get(pk=pks[item.key])
            org = obj.organisation_id
            earliest_org[org] = min(earliest_org.get(org, item.published_at), item.published_at)
            for location_pk in obj.locations.values_list("pk", flat=True):
                earliest_location[location_pk] = min(
                    earliest_location.get(location_pk, item.published_at), item.published_at
                )
        for pk, moment in earliest_org.items():
            Organisation.objects.filter(pk=pk, last_published_at__gt=moment).update(
                last_published_at=moment
            )
        for pk, moment in earliest_location.items():
            Location.objects.filter(pk=pk, last_published_at__gt=moment).update(
                last_published_at=moment
            )

    def _state(self, obj, item: Planned) -> tuple:
        state = [
            (
                name,
                getattr(obj, f"{name}_id", None)
                if name in ("organisation", "district")
                else getattr(obj, name),
            )
            for name in sorted(item.values)
        ]
        if obj.pk:
            for name in item.m2m:
                state.append((name, sorted(related.pk for related in getattr(obj, name).all())))
            if item.model is Location:
                state.append(
                    ("windows", [(w.weekday, w.opens, w.closes) for w in obj.opening_hours.all()])
                )
                state.append(("closed", [(c.date, c.reason) for c in obj.closed_dates.all()]))
        return tuple((name, str(value)) for name, value in state)

    # -- entry point --

    def run(
        self, *, dry_run: bool = False, lock_wait: float = IMPORT_LOCK_WAIT_SECONDS
    ) -> ImportResult:
        started = time.perf_counter()
        self.result.dry_run = dry_run
        with nullcontext() if dry_run else import_lock(lock_wait):
            self.result.problems = self.validate()
            self.result.notices = self.notices
            if not self.result.problems and not dry_run:
                self.apply()
        self.result.elapsed = time.perf_counter() - started
        return self.result


def import_tables(
    tables: TableSet,
    *,
    dry_run: bool = False,
    user=None,
    lock_wait: float = IMPORT_LOCK_WAIT_SECONDS,
) -> ImportResult:
    return HsdsImport(tables, user=user).run(dry_run=dry_run, lock_wait=lock_wait)


__all__ = ["HsdsImport", "ImportResult", "import_tables"]
