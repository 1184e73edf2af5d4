"""Reading production settings from the environment, and the one error a missing value gives.

``manage.py``, ``portal/wsgi.py`` and ``portal/asgi.py`` turn ``MissingEnvironment`` into a
one-paragraph message and exit status 1 instead of a traceback, so an operator who forgot a
variable reads which one, and nothing starts with a fallback value.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


class MissingEnvironment(ImproperlyConfigured):
    def __init__(self, names: list[str]):
        self.names = names
        super().__init__(
            "Production settings (portal.settings.production) need the environment "
            f"variable{'s' if len(names) > 1 else ''} {', '.join(names)}. Nothing was "
            "started. Set them (see README, 'Production settings'), or use "
            "DJANGO_SETTINGS_MODULE=portal.settings.dev for development."
        )


def require(*names: str) -> dict[str, str]:
    """The values of ``names``; raises one error naming every missing or empty variable."""
    values = {name: os.environ.get(name, "").strip() for name in names}
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise MissingEnvironment(missing)
    return values


def as_list(name: str, default: str = "") -> list[str]:
    """A comma-separated variable as a list without empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def as_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"Environment variable {name} must be true or false, not {value!r}")


def as_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"Environment variable {name} must be a number") from None
