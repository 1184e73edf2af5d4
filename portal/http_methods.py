"""HTTP methods the portal answers, the same on every view (issue 16, item 15).

- ``HEAD`` is answered like ``GET`` (views use ``require_safe``, not ``require_GET``),
  always without a body, also when the WSGI server would send one.
- ``OPTIONS``, ``TRACE``, ``CONNECT`` and unknown methods get ``405`` with an ``Allow``
  header and no body, before any view runs: function views (Wagtail's page serving
  included) would otherwise answer them with a full page. The site offers no CORS, so
  nothing needs ``OPTIONS``.
"""

from __future__ import annotations

from django.http import HttpResponse

ALLOWED_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
ALLOW_HEADER = "GET, HEAD, POST"


class MethodMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            response = HttpResponse(status=405)
            response["Allow"] = ALLOW_HEADER
            return response
        response = self.get_response(request)
        if request.method == "HEAD" and not response.streaming:
            # Keep the headers of the GET answer (Content-Length included), drop the body.
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response
