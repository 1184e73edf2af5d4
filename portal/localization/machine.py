"""Machine translators for wagtail-localize's editor (chosen in
``portal.settings.machine_translation``).

What the machine returns is stored as translated strings in wagtail-localize's editor,
where an editor reads, corrects and publishes it: it never goes live by itself.
When the service cannot be reached or answers nonsense, the editor sees
``MachineTranslationError``'s message and nothing is stored
(``MachineTranslationErrorMiddleware``).
"""

from __future__ import annotations

import requests
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail_localize.machine_translators.deepl import DeepLTranslator
from wagtail_localize.machine_translators.libretranslate import LibreTranslator


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
