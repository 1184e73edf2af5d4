"""Template helpers for public pages: report form URL, freshness line and notice.

{% load editorial_tags %}
{% verification_notice item %}     a gentle warning when the item is long overdue
                                    (the date line itself is components/verified.html)
{{ item|is_long_overdue }}          True/False, e.g. to add a CSS class
{{ item|report_url }}               where the "Klopt er iets niet?" form posts to
{{ value|admin_date }}              a date (or date and time) in the admin's one format
"""

from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from portal.core.admin_format import admin_date as format_admin_date

from ..freshness import Freshness
from ..services import is_verifiable, item_freshness
from ..texts import texts

register = template.Library()


@register.filter
def admin_date(value) -> str:
    return format_admin_date(value)


@register.filter
def report_url(item) -> str:
    content_type = ContentType.objects.get_for_model(item)
    return reverse("editorial_report", args=[content_type.pk, item.pk])


@register.filter
def freshness_state(item) -> Freshness | None:
    return item_freshness(item) if is_verifiable(item) else None


@register.filter
def is_long_overdue(item) -> bool:
    return freshness_state(item) is Freshness.LONG_OVERDUE


@register.simple_tag
def report_texts() -> dict:
    return texts()


@register.inclusion_tag("components/verification_notice.html")
def verification_notice(item):
    return {
        "item": item,
        "verifiable": is_verifiable(item),
        "long_overdue": is_long_overdue(item),
        "t": texts(),
    }
