"""The site's languages, read from ``settings.LANGUAGES`` (the only place they are listed).

``settings.LANGUAGE_CODE`` is the default language (Dutch), served without
a URL prefix; every other language shows Dutch items and pages until they are translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language, get_language_info


@dataclass(frozen=True)
class SiteLanguage:
    code: str
    native_name: str

    @property
    def is_default(self) -> bool:
        return self.code == default_language()

    @property
    def bidi(self) -> bool:
        """Written right to left (Arabic)."""
        return bool(get_language_info(self.code).get("bidi"))


def default_language() -> str:
    return settings.LANGUAGE_CODE


def site_languages() -> list[SiteLanguage]:
    """Every site language with its own name for itself, in the settings' order."""
    return [SiteLanguage(code, str(name)) for code, name in settings.LANGUAGES]


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def other_languages() -> list[str]:
    """The languages that fall back to the default language's content."""
    return [code for code in language_codes() if code != default_language()]


def active_language() -> str:
    return (get_language() or default_language()).split("-")[0]
