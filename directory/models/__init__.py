"""The directory's models, one module per subject (cfpb style); Django and the rest of
the project import them from here."""

from .organisations import Organisation
from .pages import INDEX_PAGE_SIZE, OrganisationIndexPage, ServiceIndexPage, ThemeIndexPage
from .services import Service
from .themes import (
    TargetGroup,
    Theme,
    ThemeQuerySet,
    ThemeText,
    split_lines,
    translation_languages,
    validate_translation_language,
)

__all__ = [
    "INDEX_PAGE_SIZE",
    "Organisation",
    "OrganisationIndexPage",
    "Service",
    "ServiceIndexPage",
    "TargetGroup",
    "Theme",
    "ThemeIndexPage",
    "ThemeQuerySet",
    "ThemeText",
    "split_lines",
    "translation_languages",
    "validate_translation_language",
]
