"""Planning an HSDS import: reading the tables into the objects to create or update, one
kind at a time (taxonomies, services, locations with their schedules, organisations).
Problems and notices are collected, nothing is written."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from wagtail.models import Locale

from directory.models import Organisation, Service, TargetGroup, Theme
from locations.models import District, Location
from portal.core.exchange import Problem

from . import identifiers
from .hsds_fields import COST_OPTIONS
from .import_plan import (
    DEFAULT_LOCATION_KIND,
    DEFAULT_ORGANISATION_KIND,
    DISTRICT_DESCRIPTION,
    IMPORTED_STATUSES,
    SUMMARY_MAX_LENGTH,
    WEEKDAYS,
    ImportResult,
    Planned,
    plain_text,
    rich_text,
    shorten,
)
from .schedules import public_holidays, today_in_hengelo
from .table_rows import Row, TableSet


class ImportPlanner:
    """The rows of one package or API, indexed, and the plan made from them."""

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

    # -- the plan --

    def plan(self) -> None:
        """Read the (checked) tables into the objects to write: ``themes``,
        ``target_groups``, ``districts``, ``services``, ``locations``, ``organisations``."""
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
        self.holidays = public_holidays(today_in_hengelo())
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
            if model is Theme and en is not None and en.cells.get("language") == "en":
                # An English term in another language repeats the Dutch one: no text.
                description_en = en.cells.get("description", "")
                if description_en == item.values["description"]:
                    description_en = ""  # the export repeats the Dutch text
                item.texts["en"] = {
                    "name": en.cells.get("name", ""),
                    "description": description_en,
                }
            if model is TargetGroup:
                if en is not None:
                    item.set("name_en", en.cells.get("name", ""), en, "name")
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
        for code, (option, _amount) in COST_OPTIONS.items():
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
