"""Content-Security-Policy: a strict policy for the public site, a relaxed one for the admin.

The public policy (``CONTENT_SECURITY_POLICY`` in settings) allows no inline script or
style at all. Wagtail's admin still relies on inline scripts and styles, so paths under
``CSP_ADMIN_PATH_PREFIXES`` get ``CSP_ADMIN_DIRECTIVES`` instead of no policy at all.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_prefixes = tuple(getattr(settings, "CSP_ADMIN_PATH_PREFIXES", ()))
        if (
            not report_only
            and parts.config is None  # a view's own @csp decorator still wins
            and admin_prefixes
            and request.path_info.startswith(admin_prefixes)
        ):
            parts.config = default_config(settings.CSP_ADMIN_DIRECTIVES)
        return parts
