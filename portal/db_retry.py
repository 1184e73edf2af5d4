"""Answer a read once more when its database connection was closed under it.

Django's connection health check (``CONN_HEALTH_CHECKS``) replaces a dead connection at
the start of a request, but a request whose query is running when the connection is killed
(``pg_terminate_backend``, a PostgreSQL restart or fail-over) fails with
``OperationalError: server closed the connection unexpectedly``. For GET and HEAD, which
change nothing, this middleware closes the broken connection and runs the view once more on
a new one, so residents see the page instead of a 500; a second failure is a real outage
and gives the error page as before. Writes (POST) are never repeated.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError, connection

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD")


class RetryOnLostConnectionMiddleware:
    """Placed innermost (only django-axes' lockout check, which must be last, sits between
    it and the view), so ``get_response`` runs the view again, resolved, called and
    rendered, without repeating the outer middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if (
            request.method not in SAFE_METHODS
            or getattr(request, "_retried_after_lost_connection", False)
            or not isinstance(exception, OperationalError | InterfaceError)
            or connection.in_atomic_block
            or (connection.connection is not None and connection.is_usable())
        ):
            return None
        request._retried_after_lost_connection = True
        logger.warning(
            "Database connection lost during %s %s (%s); answering again on a new connection",
            request.method,
            request.path,
            str(exception).splitlines()[0] if str(exception) else type(exception).__name__,
        )
        connection.close()
        return self.get_response(request)
