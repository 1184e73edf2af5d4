"""``GET /api/hsds/datapackage.zip``: the whole social map as an HSDS 3.0 data package.

The same files as ``manage.py export_hsds`` (``portal.opendata.package``), zipped with fixed
entry dates, so the same data gives the same bytes and so the same ``ETag``. Headers as the
API's (CORS, cache, ``Last-Modified``, 304) and its rate limit.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from . import ratelimit
from .api import conditional
from .package import export_files
from .tabular import zip_package
from .views import data_last_modified

FILENAME = "sociale-kaart-hengelo-hsds.zip"


@require_safe
def datapackage_zip(request):
    wait = ratelimit.register_request(request)
    if wait:
        response = HttpResponse(
            f"Te veel verzoeken. Probeer het over {wait} seconden opnieuw.",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(wait)
        return response
    response = HttpResponse(
        zip_package(export_files(request=request)), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    return conditional(request, response, data_last_modified())
