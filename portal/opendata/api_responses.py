"""What every HSDS API answer shares: rate limit, parameters, error bodies in the reader's
language, and the caching headers (``ETag``, ``Last-Modified`` from the newest change)."""

from __future__ import annotations

import functools
import uuid

from django.db.models import Max
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import ModelLogEntry

from . import hsds_fields, published, ratelimit
from .api import ENDPOINTS, ApiError, Params, add_common_headers, conditional, json_body

JSON = "application/json; charset=utf-8"


def _language(request) -> str:
    return "en" if translation.get_language_from_request(request) == "en" else "nl"


def _error(request, error: ApiError):
    body = {"status": error.status, "message": error.message}
    if error.parameter:
        body["parameter"] = error.parameter
    response = HttpResponse(json_body(body), status=error.status, content_type=JSON)
    return add_common_headers(response, cache=False)


def api_view(endpoint_name: str):
    """Rate limit, parameters, errors and HTTP headers for one endpoint."""
    endpoint = ENDPOINTS[endpoint_name]

    def decorator(view):
        @functools.wraps(view)
        @require_safe
        def wrapper(request, *args, **kwargs):
            with translation.override(_language(request)):
                wait = ratelimit.register_request(request)
                if wait:
                    response = _error(
                        request,
                        ApiError(
                            _("Te veel verzoeken. Probeer het over %(seconds)s seconden opnieuw.")
                            % {"seconds": wait},
                            status=429,
                        ),
                    )
                    response["Retry-After"] = str(wait)
                    return response
                try:
                    params = Params(request, endpoint)
                    payload = view(request, params, *args, **kwargs)
                except ApiError as error:
                    return _error(request, error)
                except Http404:
                    return _error(
                        request, ApiError(_("Niet gevonden: dit id kennen we niet."), status=404)
                    )
            response = HttpResponse(
                json_body(payload), content_type="application/json; charset=utf-8"
            )
            return conditional(request, response, data_last_modified())

        wrapper.endpoint = endpoint
        return wrapper

    return decorator


def data_last_modified():
    """The newest publication or logged change (unpublish, delete, edit) in the social map.

    Data-wide on purpose: a removed service changes no remaining row, but it is in the log.
    """
    moments = [
        model.objects.filter(live=True).aggregate(newest=Max("last_published_at"))["newest"]
        for model in (published.Organisation(), published.Service(), published.Location())
    ]
    moments.append(ModelLogEntry.objects.aggregate(newest=Max("timestamp"))["newest"])
    return hsds_fields.newest(*moments)


def uuid_or_404(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise Http404 from None
