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
from .models import reportable_kind
from .reports import create_report, notify_editors
from .texts import rate_limited_message, texts


def reportable_item(content_type_id: int, object_id: int):
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    label = f"{content_type.app_label}.{content_type.model}" if content_type else ""
    if reportable_kind(label) is None:
        raise Http404("Niet gevonden")
    item = content_type.model_class().objects.live().filter(pk=object_id).first()
    if item is None:
        raise Http404("Niet gevonden")
    return item


def _page(request, item, form, status=200, retry_minutes=None):
    t = texts()
    context = {"item": item, "report_form": form, "t": t, "rate_limited_message": ""}
    if retry_minutes is not None:
        context["rate_limited_message"] = rate_limited_message(retry_minutes)
    response = TemplateResponse(request, "editorial/report_page.html", context, status=status)
    if retry_minutes is not None:
        response["Retry-After"] = str(retry_minutes * 60)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def report_view(request, content_type_id: int, object_id: int):
    item = reportable_item(content_type_id, object_id)
    if request.method in ("GET", "HEAD"):
        return _page(request, item, ResidentReportForm())

    form = ResidentReportForm(request.POST)
    thanks = redirect(reverse("editorial_report_thanks", args=[content_type_id, object_id]))
    if form.is_spam():
        # Bots get the same answer as people, nothing is stored, and nothing is counted:
        # behind a proxy or a shared address a bot must not use up residents' reports.
        return thanks
    if ratelimit.is_limited(request):
        # The form comes back filled in (text and address kept) with what to do instead.
        return _page(request, item, form, status=429, retry_minutes=ratelimit.minutes_left(request))
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
