"""Writing a checked HSDS import plan: taxonomies, then organisations, locations and
services, in one transaction, each created or changed item published with one revision."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from directory.models import Organisation, Service, TargetGroup, Theme, ThemeText
from locations.models import ClosedDate, District, DistrictPostcode, Location, OpeningHoursWindow

from . import identifiers
from .import_checks import CheckedImport
from .import_plan import Counts, Planned


class ImportWriter(CheckedImport):
    """``apply()`` writes a plan that ``validate()`` found without problems."""

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

    @staticmethod
    def _texts_differ(theme, item: Planned) -> bool:
        if theme.pk is None:
            return bool(item.texts)
        stored = {
            text.language: {"name": text.name, "description": text.description}
            for text in theme.texts.all()
            if text.language in item.texts
        }
        return stored != item.texts

    @staticmethod
    def _write_theme_texts(theme, item: Planned) -> None:
        """The package's texts per language; search words (HSDS has none) stay."""
        for language, values in item.texts.items():
            ThemeText.objects.update_or_create(theme=theme, language=language, defaults=values)

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
            changed_texts = model is Theme and self._texts_differ(obj, item)
            if (
                before is None
                or before != self._snapshot(obj, item)
                or changed_postcodes
                or changed_texts
            ):
                obj.save()
                if model is Theme:
                    self._write_theme_texts(obj, item)
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
