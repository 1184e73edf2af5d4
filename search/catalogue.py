"""In-memory relation maps of the directory: which themes, districts and target groups
each item has, and which items each theme holds.

Every search needs these for ranking (theme boost), facets and filters, and a theme page
lists and filters its items from them. Reading them from
the many-to-many tables costs five round trips per search; keeping them per process costs
a few megabytes at 25,000 items and one rebuild after a change. A change is noticed through
a version in the shared cache (bumped by save/delete signals) and a cheap fingerprint
(row counts and the newest revision id, checked at most every few seconds) that also
catches bulk imports, which send no signals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Max
from django.db.models.functions import Left
from wagtail.models import Locale, Revision

from directory.models import Organisation, Service, TargetGroup, Theme
from locations.models import District, DistrictPostcode, Location
from portal.core.invalidation import CATALOGUE_VERSION
from portal.core.kinds import ItemKind, item_kinds

from .memo import ProcessMemo

VERSION_KEY = CATALOGUE_VERSION
SUMMARY_SOURCE_LENGTH = 400  # enough text for a 160-character summary
CHECK_INTERVAL = 10.0
MAX_AGE = 900


def _group(rows) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = {}
    for left, right in rows:
        grouped.setdefault(left, []).append(right)
    return grouped


@dataclass
class ItemRecord:
    """What a search result shows and ranks by, without loading the model instance."""

    pk: int
    slug: str
    title: str
    summary: str
    live: bool
    locale_id: int
    translation_key: object
    index_page_model: str
    cost: str = ""
    last_verified: object = None
    organisation_id: int | None = None
    district_id: int | None = None
    search_keywords: str = ""


def _records(kind: ItemKind) -> dict[int, ItemRecord]:
    model = kind.model
    extra = kind.catalogue_fields
    rows = model.objects.annotate(
        _summary=Left(kind.summary_field, SUMMARY_SOURCE_LENGTH)
    ).values_list(
        "pk", "slug", kind.title_field, "_summary", "live", "locale_id", "translation_key", *extra
    )
    records = {}
    for pk, slug, name, text, live, locale_id, key, *values in rows:
        record = ItemRecord(
            pk, slug, name, text or "", live, locale_id, key, model.index_page_model
        )
        for field_name, value in zip(extra, values, strict=True):
            setattr(record, field_name, value)
        if kind.summary_lead_fields:
            lead = ", ".join(str(getattr(record, name)) for name in kind.summary_lead_fields)
            record.summary = f"{lead}. {record.summary}"
        records[pk] = record
    if kind.summary_fallback_field:
        missing = [pk for pk, r in records.items() if not r.summary]
        for pk, text in (
            model.objects.filter(pk__in=missing)
            .annotate(_fallback=Left(kind.summary_fallback_field, SUMMARY_SOURCE_LENGTH))
            .values_list("pk", "_fallback")
        ):
            records[pk].summary = text or ""
    return records


@dataclass
class Catalogue:
    org_themes: dict[int, list[int]] = field(default_factory=dict)
    org_districts: dict[int, list[int]] = field(default_factory=dict)
    org_groups: dict[int, list[int]] = field(default_factory=dict)
    service_themes: dict[int, list[int]] = field(default_factory=dict)
    service_locations: dict[int, list[int]] = field(default_factory=dict)
    location_district: dict[int, int] = field(default_factory=dict)
    # theme id -> kind -> item ids, ascending
    theme_items: dict[int, dict[str, list[int]]] = field(default_factory=dict)
    items: dict[str, dict[int, ItemRecord]] = field(default_factory=dict)
    # language code -> locale id
    locale_ids: dict[str, int] = field(default_factory=dict)
    # Themes and filter choices, in their admin order (shared: read them, never change them)
    themes: list = field(default_factory=list)
    target_groups: list = field(default_factory=list)
    districts: list = field(default_factory=list)
    # four-digit postcode -> district id (the districts' postcode areas)
    district_postcodes: dict[str, int] = field(default_factory=dict)
    _shown: dict[tuple[str, str], frozenset[int]] = field(default_factory=dict, repr=False)
    # kind -> (translation key, locale id) -> id of the live item
    _live_by_key: dict[str, dict[tuple, int]] = field(default_factory=dict, repr=False)
    # (district id, kind) -> ids of the locations in it and the services held there
    _by_district: dict[tuple[int, str], list[int]] | None = field(default=None, repr=False)

    def items_in_district(self, kind: str, district_id: int) -> list[int]:
        """Locations in the district, and the services held at them, by id (worked out once
        per catalogue: at the large size that is a pass over 20,000 services)."""
        if self._by_district is None:
            by_district: dict[tuple[int, str], list[int]] = {}
            for pk, district in self.location_district.items():
                by_district.setdefault((district, "location"), []).append(pk)
            for pk, locations in self.service_locations.items():
                for district in {self.location_district.get(i) for i in locations} - {None}:
                    by_district.setdefault((district, "service"), []).append(pk)
            for ids in by_district.values():
                ids.sort()
            self._by_district = by_district
        return self._by_district.get((district_id, kind), [])

    def live_translation(self, kind: str, pk: int | None, language: str) -> ItemRecord | None:
        """The live version of item ``pk`` in ``language``: the item itself when it is in
        that language, else its translation; None when there is none."""
        record = self.items.get(kind, {}).get(pk)
        locale_id = self.locale_ids.get(language)
        if record is None or locale_id is None:
            return None
        by_key = self._live_by_key.get(kind)
        if by_key is None:
            by_key = {
                (r.translation_key, r.locale_id): r.pk for r in self.items[kind].values() if r.live
            }
            self._live_by_key[kind] = by_key
        found = by_key.get((record.translation_key, locale_id))
        return self.items[kind][found] if found is not None else None

    def shown(self, kind: str, language: str) -> frozenset[int]:
        """Ids of the items residents see in ``language``: live items in that language, and
        live Dutch items that have no live translation yet (``portal.core.localized.localized``)."""
        key = (kind, language)
        ids = self._shown.get(key)
        if ids is None:
            ids = frozenset(self._shown_ids(kind, language))
            self._shown[key] = ids
        return ids

    def _shown_ids(self, kind: str, language: str):
        records = self.items[kind].values()
        default_id = self.locale_ids.get(settings.LANGUAGE_CODE)
        active_id = self.locale_ids.get(language, default_id)
        if active_id == default_id:
            return (r.pk for r in records if r.live and r.locale_id == default_id)
        translated = {r.translation_key for r in records if r.live and r.locale_id == active_id}
        return (
            r.pk
            for r in records
            if r.live
            and (
                r.locale_id == active_id
                or (r.locale_id == default_id and r.translation_key not in translated)
            )
        )

    @classmethod
    def build(cls) -> Catalogue:
        def pairs(relation, left, right):
            return relation.through.objects.values_list(left, right).order_by(left, right)

        catalogue = cls(
            org_themes=_group(pairs(Organisation.themes, "organisation_id", "theme_id")),
            org_districts=_group(pairs(Organisation.districts, "organisation_id", "district_id")),
            org_groups=_group(
                pairs(Organisation.target_groups, "organisation_id", "targetgroup_id")
            ),
            service_themes=_group(pairs(Service.themes, "service_id", "theme_id")),
            service_locations=_group(pairs(Service.locations, "service_id", "location_id")),
            location_district=dict(
                Location.objects.exclude(district_id=None).values_list("pk", "district_id")
            ),
            items={kind.name: _records(kind) for kind in item_kinds},
            locale_ids={code: pk for pk, code in Locale.objects.values_list("pk", "language_code")},
            # With every language's texts: facets and theme links name them per language.
            themes=list(Theme.objects.prefetch_related("texts")),
            target_groups=list(TargetGroup.objects.all()),
            districts=list(District.objects.all()),
            district_postcodes=dict(
                DistrictPostcode.objects.values_list("postcode", "district_id")
            ),
        )
        for kind, mapping in (
            ("organisation", catalogue.org_themes),
            ("service", catalogue.service_themes),
        ):
            for item, theme_ids in mapping.items():
                for theme in theme_ids:
                    catalogue.theme_items.setdefault(theme, {}).setdefault(kind, []).append(item)
        for kinds in catalogue.theme_items.values():
            for ids in kinds.values():
                ids.sort()
        return catalogue


def _fingerprint() -> tuple:
    counts = tuple(model.objects.count() for model in item_kinds.models())
    return (*counts, Revision.objects.aggregate(newest=Max("pk"))["newest"])


_memo = ProcessMemo(VERSION_KEY, lambda: Catalogue.build(), _fingerprint, MAX_AGE, CHECK_INTERVAL)


def get_catalogue() -> Catalogue:
    return _memo.get()


def invalidate(**kwargs) -> None:
    _memo.invalidate()
