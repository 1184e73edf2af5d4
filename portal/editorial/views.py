"""Residents' "Klopt er iets niet?" form: works without JavaScript (post, redirect, thanks)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from . import ratelimit
from .forms import ResidentReportForm
from .models import REPORTABLE_MODELS
from .reports import create_report, notify_editors
from .texts import texts


def reportable_item(content_type_id: int, object_id: int):
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    if (
        content_type is None
        or f"{content_type.app_label}.{content_type.model}" not in REPORTABLE_MODELS
    ):
        raise Http404("Niet gevonden")
    item = content_type.model_class().objects.live().filter(pk=object_id).first()
    if item is None:
        raise Http404("Niet gevonden")
    return item


def _page(request, item, form, status=200, rate_limited=False):
    context = {"item": item, "report_form": form, "rate_limited": rate_limited, "t": texts()}
    return TemplateResponse(request, "editorial/report_page.html", context, status=status)


@require_http_methods(["GET", "POST"])
def report_view(request, content_type_id: int, object_id: int):
    item = reportable_item(content_type_id, object_id)
    if request.method == "GET":
        return _page(request, item, ResidentReportForm())

    form = ResidentReportForm(request.POST)
    thanks = redirect(reverse("editorial_report_thanks", args=[content_type_id, object_id]))
    if ratelimit.is_limited(request):
        return _page(request, item, form, status=429, rate_limited=True)
    if form.is_spam():
        ratelimit.register_attempt(request)
        return thanks  # bots get the same answer as people, and nothing is stored
    if not form.is_valid():
        return _page(request, item, form, status=400)

    # Stored first: the cache (rate limit) and the e-mail come after, so neither a cache
    # nor a mail server outage can lose a report.
    report = create_report(
        item,
        problem=form.cleaned_data["problem"],
        message=form.cleaned_data["message"],
        email=form.cleaned_data["email"],
        item_url=item.get_url(request) or "",
    )
    ratelimit.register_attempt(request)
    notify_editors(report)
    return thanks


def report_thanks_view(request, content_type_id: int, object_id: int):
    item = reportable_item(content_type_id, object_id)
    return TemplateResponse(request, "editorial/report_thanks.html", {"item": item, "t": texts()})
