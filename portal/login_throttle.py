"""Admin login throttling with django-axes: the answer a locked-out user gets, in Dutch.

Failed logins are counted per combination of user name and client address
(``portal.client_ip.client_ip``, so behind a proxy per real client, not per proxy): a
password guesser locks out only that user *from that address*; the real user elsewhere
(another address) and other users on the same address can still log in. The lock ends
after ``ADMIN_LOGIN_LOCKOUT_MINUTES``; a successful login resets the count.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.shortcuts import render

LOCKOUT_TEMPLATE = "admin_login/locked_out.html"


def lockout_message(minutes: int) -> str:
    unit = "minuut" if minutes == 1 else "minuten"
    return (
        f"Er is te vaak een verkeerd wachtwoord ingevuld voor deze gebruikersnaam. "
        f"Inloggen met deze gebruikersnaam is vanaf deze computer {minutes} {unit} "
        f"geblokkeerd, ook met het goede wachtwoord. Probeer het daarna opnieuw, of vraag "
        f"een beheerder om je wachtwoord opnieuw in te stellen."
    )


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the Wagtail login look with a Dutch message, status 429."""
    minutes = max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    # Rendered now: axes' middleware swaps it in after the login view has answered.
    response = render(
        request,
        LOCKOUT_TEMPLATE,
        {"lockout_message": lockout_message(minutes)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(minutes * 60)
    return response
