"""Content-Security-Policy: a strict policy for the public site, a relaxed one for the admin.

The public policy (``CONTENT_SECURITY_POLICY`` in settings) allows no inline script or
style at all and may not be framed. Wagtail's admin still relies on inline scripts and
styles, so paths under ``CSP_ADMIN_PATH_PREFIXES`` get ``CSP_ADMIN_DIRECTIVES`` instead of
no policy at all.

Previews are the exception to "judge by the path": Wagtail renders a preview (the editor's
preview panel, the moderator's workflow preview) through a simulated request for the
item's *public* URL, so the path alone would give it the public ``frame-ancestors 'none'``
and the admin's preview iframe would stay blank. Wagtail marks those requests with
``is_preview``; they get the admin policy, which lets the admin (same origin) frame them.
Real public requests never carry that flag.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings


def is_admin_request(request) -> bool:
    if getattr(request, "is_preview", False):
        return True
    admin_prefixes = tuple(getattr(settings, "CSP_ADMIN_PATH_PREFIXES", ()))
    return bool(admin_prefixes) and request.path_info.startswith(admin_prefixes)


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None  # a view's own @csp decorator still wins
            and is_admin_request(request)
        ):
            parts.config = default_config(settings.CSP_ADMIN_DIRECTIVES)
        return parts
