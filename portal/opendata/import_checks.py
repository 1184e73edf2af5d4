"""Checking an HSDS import plan: the whole plan is made, then ids, slugs and every value
are checked (by the models' own validators) before anything is written."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import translation

from directory.models import Organisation, Service, TargetGroup, Theme
from locations.models import District, DistrictPostcode, Location, OpeningHoursWindow
from portal.core.exchange import Problem

from .import_plan import Planned, slug_from
from .import_planning import ImportPlanner
from .models import Identifier
from .table_checks import check, sorted_problems


class CheckedImport(ImportPlanner):
    """``validate()`` makes the plan and lists every problem (at the cell it came from)."""

    # -- validation --

    def validate(self) -> list[Problem]:
        self.problems = check(self.tables)
        if self.problems:
            return self.problems
        self.plan()
        self._check_ids()
        self._assign_slugs()
        self._validate_models()
        self.problems = sorted_problems(self.problems)
        self.notices = sorted_problems(self.notices)
        return self.problems

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
