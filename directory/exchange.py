"""The directory's files of the spreadsheet exchange: themes, organisations and services.

Each column is declared once; its limits and validators come from the model field it
fills (``portal.core.exchange.columns``). The format: ``portal/fixtures/sociale-kaart``.
"""

from __future__ import annotations

from django.core.validators import URLValidator

from directory.models import Organisation, Service, TargetGroup, Theme
from portal.core.exchange import SpreadsheetFile, spreadsheet_files
from portal.core.exchange.columns import (
    Choice,
    Column,
    Date,
    LanguageCodes,
    MultiLine,
    Reference,
    References,
    RichText,
    Values,
)
from portal.core.validators import normalise_postcode

THEMES = "themes.csv"
ORGANISATIONS = "organisations.csv"
SERVICES = "services.csv"
DISTRICTS = "districts.csv"  # owned by locations; referenced by slug
LOCATIONS = "locations.csv"  # owned by locations; referenced by slug

POSTCODE_MESSAGE = "'{value}' is geen geldige postcode (schrijf bijvoorbeeld 7551 DR)"


class ThemesFile(SpreadsheetFile):
    def dependents(self, pks):
        """Organisations and services are found by the names of their themes."""
        return {
            Organisation: set(
                Organisation.themes.through.objects.filter(theme_id__in=pks).values_list(
                    "organisation_id", flat=True
                )
            ),
            Service: set(
                Service.themes.through.objects.filter(theme_id__in=pks).values_list(
                    "service_id", flat=True
                )
            ),
        }


class OrganisationsFile(SpreadsheetFile):
    def dependents(self, pks):
        """A service is found by its organisation's name."""
        return {
            Service: set(
                Service.objects.filter(organisation_id__in=pks).values_list("pk", flat=True)
            )
        }


themes = spreadsheet_files.register(
    ThemesFile(
        THEMES,
        Theme,
        order=10,
        published=False,
        keeps_file_order=True,
        columns=(
            Column("name", required=True),
            Column("name_en", required=True),
            Values("synonyms", joined="\n", read=lambda theme: theme.synonym_list),
            Values("synonyms_en", joined="\n", read=lambda theme: theme.synonym_en_list),
            MultiLine("description"),
        ),
    )
)

organisations = spreadsheet_files.register(
    OrganisationsFile(
        ORGANISATIONS,
        Organisation,
        order=30,
        prefetch_related=("themes", "target_groups", "districts"),
        columns=(
            Column("name", required=True),
            Choice("kind"),
            References("themes", THEMES, "thema"),
            References("target_groups", TargetGroup, "doelgroep"),
            Column("summary", required=True),
            RichText("description"),
            Column(
                "website",
                # Stricter than the model's URLField (which also takes ftp://).
                validators=[URLValidator(schemes=["http", "https"])],
                message="'{value}' is geen geldig webadres (begin met https://)",
            ),
            Column("phone"),
            Column("email", message="'{value}' is geen geldig e-mailadres"),
            Column("street"),
            Column("postcode", message=POSTCODE_MESSAGE, normalise=normalise_postcode),
            Column("city"),
            References("districts", DISTRICTS, "stadsdeel"),
            Choice("cost"),
            LanguageCodes("languages"),
            Date("last_verified"),
        ),
    )
)

services = spreadsheet_files.register(
    SpreadsheetFile(
        SERVICES,
        Service,
        order=50,
        select_related=("organisation",),
        prefetch_related=("themes", "locations"),
        columns=(
            Reference("organisation", ORGANISATIONS, "organisatie", required=True),
            Column("name", required=True),
            References("themes", THEMES, "thema"),
            MultiLine("description"),
            Choice("cost"),
            References("locations", LOCATIONS, "locatie"),
        ),
    )
)
