"""Bulk writes and reads of the import: a few queries per file instead of a few per row."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from modelcluster.fields import ParentalManyToManyField
from wagtail.models import Revision


def set_m2m(model, field_name: str, objects_with_values: list, slug_map: dict[str, int]) -> None:
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


def attach_parental_m2m(model, objects: list, field_names: Iterable[str] | None = None) -> list:
    """Load ParentalManyToMany values of ``objects`` in one query per field, in memory.

    modelcluster's managers ignore ``prefetch_related`` caches, so ``obj.themes.all()`` in
    ``serializable_data()`` or the search indexer would query once per object; assigning
    the values in memory (without saving) makes those calls free.
    """
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


def create_revisions(model, objects: list, *, user, created_at) -> None:
    """One revision per created or changed item, so the admin shows what was imported.

    Built in bulk: ``save_revision()`` per item would run a dozen queries each.
    """
    if not objects:
        return
    content_type = model.get_content_type()
    base_content_type = model.get_base_content_type()
    pks = [obj.pk for obj in objects]
    Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=str(obj.pk),
                created_at=created_at,
                user=user,
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
