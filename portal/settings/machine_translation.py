"""Machine translation settings from the environment (read by portal.settings; imports
nothing of Django's apps). The translators themselves: ``portal.localization.machine``.

``MACHINE_TRANSLATOR`` chooses the service; without it machine translation is off. A value
the portal does not know, a missing or malformed companion variable, or a companion
variable without the service it belongs to stops startup with one message: a setting is
never silently ignored.

| variable | with | what |
|---|---|---|
| ``MACHINE_TRANSLATOR`` | | ``libretranslate`` or ``deepl`` (empty: off) |
| ``LIBRETRANSLATE_URL`` | libretranslate | base URL of the (self-hosted) server, required |
| ``LIBRETRANSLATE_API_KEY`` | libretranslate | API key, when the server asks for one |
| ``DEEPL_API_KEY`` | deepl | authentication key, required |
| ``DEEPL_API_URL`` | deepl | another endpoint (default: DeepL's, by the key's kind) |
| ``MACHINE_TRANSLATOR_TIMEOUT`` | either | seconds to wait for an answer (default 20) |
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from portal.settings.environment import MissingEnvironment

DEFAULT_TIMEOUT = 20.0


class ImproperlyConfigured(MissingEnvironment):  # noqa: N818 - Django's name for it
    """A wrong machine-translation variable. A ``MissingEnvironment`` so that manage.py and
    the WSGI entry point stop with this one message (exit status 1), not a traceback."""

    def __init__(self, message: str):
        Exception.__init__(self, message)


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
            "(see portal/settings/machine_translation.py)."
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
