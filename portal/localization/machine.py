"""Machine translation as a draft for editors, configured from the environment.

``MACHINE_TRANSLATOR`` chooses the service; without it the "Vertaal automatisch" button is
not shown. A value the portal does not know, a missing or malformed companion variable, or a
companion variable without the service it belongs to stops startup with one message
(``ImproperlyConfigured``): a setting is never silently ignored.

| variable | with | what |
|---|---|---|
| ``MACHINE_TRANSLATOR`` | | ``libretranslate`` or ``deepl`` (empty: off) |
| ``LIBRETRANSLATE_URL`` | libretranslate | base URL of the (self-hosted) server, required |
| ``LIBRETRANSLATE_API_KEY`` | libretranslate | API key, when the server asks for one |
| ``DEEPL_API_KEY`` | deepl | authentication key, required |
| ``DEEPL_API_URL`` | deepl | another endpoint (default: DeepL's, by the key's kind) |
| ``MACHINE_TRANSLATOR_TIMEOUT`` | either | seconds to wait for an answer (default 20) |

What the machine returns is stored as translated strings in wagtail-localize's editor,
where an editor reads, corrects and publishes it: it never goes live by itself.
When the service cannot be reached or answers nonsense, the editor sees
``MachineTranslationError``'s message and nothing is stored
(``MachineTranslationErrorMiddleware``).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

import requests
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail_localize.machine_translators.deepl import DeepLTranslator
from wagtail_localize.machine_translators.libretranslate import LibreTranslator

DEFAULT_TIMEOUT = 20.0

SERVICES = {
    "libretranslate": {
        "class": "portal.localization.machine.LibreTranslate",
        "required": ("LIBRETRANSLATE_URL",),
        "optional": ("LIBRETRANSLATE_API_KEY",),
        "urls": ("LIBRETRANSLATE_URL",),
    },
    "deepl": {
        "class": "portal.localization.machine.DeepL",
        "required": ("DEEPL_API_KEY",),
        "optional": ("DEEPL_API_URL",),
        "urls": ("DEEPL_API_URL",),
    },
}


def machine_translator_from_environment(environ: Mapping[str, str]) -> dict | None:
    """The ``WAGTAILLOCALIZE_MACHINE_TRANSLATOR`` setting the environment asks for."""
    choice = environ.get("MACHINE_TRANSLATOR", "").strip().lower()
    companions = {
        name for service in SERVICES.values() for name in service["required"] + service["optional"]
    }
    if not choice:
        stray = sorted(name for name in companions if environ.get(name, "").strip())
        if stray:
            raise ImproperlyConfigured(
                f"{', '.join(stray)} is set but MACHINE_TRANSLATOR is not: set "
                f"MACHINE_TRANSLATOR to one of {', '.join(SERVICES)}, or remove the variable."
            )
        return None
    if choice not in SERVICES:
        raise ImproperlyConfigured(
            f"MACHINE_TRANSLATOR={choice!r} is not known: use one of {', '.join(SERVICES)} "
            "or leave it empty to switch machine translation off."
        )
    service = SERVICES[choice]
    values = {name: environ.get(name, "").strip() for name in companions}
    missing = [name for name in service["required"] if not values[name]]
    if missing:
        raise ImproperlyConfigured(
            f"MACHINE_TRANSLATOR={choice} needs {', '.join(missing)} "
            "(see portal/localization/machine.py)."
        )
    foreign = sorted(
        name
        for name in companions
        if values[name] and name not in service["required"] + service["optional"]
    )
    if foreign:
        raise ImproperlyConfigured(
            f"{', '.join(foreign)} does not belong to MACHINE_TRANSLATOR={choice}: remove it."
        )
    for name in service["urls"]:
        if values[name]:
            parts = urlsplit(values[name])
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ImproperlyConfigured(
                    f"{name}={values[name]!r} is not an http(s) address such as "
                    "http://127.0.0.1:5000."
                )
    timeout_text = environ.get("MACHINE_TRANSLATOR_TIMEOUT", "").strip()
    try:
        timeout = float(timeout_text) if timeout_text else DEFAULT_TIMEOUT
    except ValueError:
        timeout = 0.0
    if not 0 < timeout <= 300:
        raise ImproperlyConfigured(
            f"MACHINE_TRANSLATOR_TIMEOUT={timeout_text!r} must be a number of seconds "
            "above 0 and at most 300."
        )
    options = {"TIMEOUT": timeout}
    if choice == "libretranslate":
        options["LIBRETRANSLATE_URL"] = values["LIBRETRANSLATE_URL"].rstrip("/")
        options["API_KEY"] = values["LIBRETRANSLATE_API_KEY"]
    else:
        options["AUTH_KEY"] = values["DEEPL_API_KEY"]
        if values["DEEPL_API_URL"]:
            options["API_URL"] = values["DEEPL_API_URL"]
    return {"CLASS": service["class"], "OPTIONS": options}


class MachineTranslationError(Exception):
    """The service gave no usable translation; the message is for the editor."""


def _unreachable(display_name: str, error: Exception) -> MachineTranslationError:
    return MachineTranslationError(
        f"{display_name} is niet bereikbaar of gaf geen bruikbaar antwoord "
        f"({error.__class__.__name__}). Er is niets vertaald of opgeslagen; probeer het later "
        "opnieuw of vertaal zelf."
    )


class _CheckedAnswers:
    """Turns every failure of the service (no connection, an error status, an answer that
    is not what the API promises) into one ``MachineTranslationError``."""

    def translate(self, source_locale, target_locale, strings):
        strings = list(strings)
        try:
            translated = super().translate(source_locale, target_locale, strings)
        except (requests.RequestException, ValueError, KeyError, TypeError) as error:
            raise _unreachable(self.display_name, error) from error
        if len(translated) != len(strings) or any(
            not isinstance(value.data, str) for value in translated.values()
        ):
            raise _unreachable(self.display_name, ValueError("wrong number of texts"))
        return translated


class LibreTranslate(_CheckedAnswers, LibreTranslator):
    pass


class DeepL(_CheckedAnswers, DeepLTranslator):
    def get_api_endpoint(self):
        return self.options.get("API_URL") or super().get_api_endpoint()


class MachineTranslationErrorMiddleware:
    """Shows a failed machine translation to the editor as a message on the page they came
    from, instead of a server error (wagtail-localize's view does not catch it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, MachineTranslationError):
            return None
        messages.error(request, str(exception))
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = "/admin/"
        return redirect(target)
