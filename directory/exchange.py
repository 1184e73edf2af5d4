"""The directory's files of the spreadsheet exchange: themes, organisations and services.

Each column is declared once; its limits and validators come from the model field it
fills (``portal.core.exchange.columns``). The format: ``portal/fixtures/sociale-kaart``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.utils import translation
from wagtail.models import Locale

from directory.models import (
    Organisation,
    Service,
    TargetGroup,
    Theme,
    ThemeText,
    translation_languages,
)
from directory.theme_seed import (
    LIST_SEPARATOR,
    merged_list,
    sample_search_words,
    sample_theme_texts,
    split_list,
)
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
from portal.core.exchange.reading import RawRow
from portal.core.validators import normalise_postcode

THEMES = "themes.csv"
THEME_TEXTS = "theme_texts.csv"
ORGANISATIONS = "organisations.csv"
SERVICES = "services.csv"
DISTRICTS = "districts.csv"  # owned by locations; referenced by slug
LOCATIONS = "locations.csv"  # owned by locations; referenced by slug

POSTCODE_MESSAGE = "'{value}' is geen geldige postcode (schrijf bijvoorbeeld 7551 DR)"


def items_of_themes(theme_pks) -> dict:
    """Organisations and services are found by the names of their themes."""
    return {
        Organisation: set(
            Organisation.themes.through.objects.filter(theme_id__in=theme_pks).values_list(
                "organisation_id", flat=True
            )
        ),
        Service: set(
            Service.themes.through.objects.filter(theme_id__in=theme_pks).values_list(
                "service_id", flat=True
            )
        ),
    }


class ThemesFile(SpreadsheetFile):
    def dependents(self, pks):
        return items_of_themes(pks)


class ThemeTextsFile(SpreadsheetFile):
    def skip_reason(self, cells):
        """A language the site does not serve (yet): the sample set has all six."""
        language = cells["language"].strip()
        served = dict(translation_languages())
        if language not in served and language != settings.LANGUAGE_CODE:
            try:
                translation.get_language_info(language)
            except KeyError:
                return None  # not a language code at all: an error the column reports
            return "talen die de site (nog) niet heeft (zie LANGUAGES)"
        return None

    def dependents(self, pks):
        theme_pks = ThemeText.objects.filter(pk__in=pks).values_list("theme_id", flat=True)
        return items_of_themes(set(theme_pks))


# Until 2026-12 themes.csv held the English name and search words in two columns of its own.
OLD_THEMES_HEADER = ("slug", "name", "name_en", "synonyms", "synonyms_en", "description")
ENGLISH = "en"
# theme_texts.csv's columns as the old themes.csv called them (for its problems).
OLD_ENGLISH_COLUMNS = {"theme": "slug", "name": "name_en", "search_words": "synonyms_en"}


def rows_from_old_themes(rows: list[RawRow]) -> dict[str, list[RawRow]]:
    """An old themes.csv, upgraded as ``seed_theme_texts`` upgrades a database.

    The Dutch columns stay and name_en and synonyms_en become the theme's English row of
    theme_texts.csv (its description, which the old layout did not carry, stays as it is).
    A theme with a slug of the sample set also gets what the sample has added since (the
    original sample set has this layout): the sample's search words that the file or the
    database lack, in every language, and its name and description in a language where
    the database has none. Words are only added, as by ``manage.py seed_theme_texts``.
    """
    sample = sample_theme_texts()
    stored = {
        (text.theme.slug, text.language): text for text in ThemeText.objects.select_related("theme")
    }
    themes, texts = [], []
    for row in rows:
        cells = row.cells
        slug = cells["slug"].strip()
        dutch = {name: cells[name] for name in themes_file.column_names}
        dutch["synonyms"] = _joined(
            merged_list(split_list(cells["synonyms"]), sample.dutch_words.get(slug, []))
        )
        themes.append(RawRow(row.line, dutch))
        given_english = {"name": cells["name_en"], "search_words": cells["synonyms_en"]}
        if not any(value.strip() for value in given_english.values()):
            given_english = {}
        languages = {language for theme, language in sample.texts if theme == slug}
        if given_english:
            languages.add(ENGLISH)
        for language in sorted(languages):
            given = given_english if language == ENGLISH else {}
            text = _upgraded_text(slug, language, given, stored.get((slug, language)), sample.texts)
            columns = OLD_ENGLISH_COLUMNS if given else {"theme": "slug"}
            texts.append(RawRow(row.line, text, THEMES, columns))
    return {THEMES: themes, THEME_TEXTS: texts}


def _upgraded_text(slug, language, given: dict, stored, sample_texts) -> dict[str, str]:
    """A theme's text in one language: what the old file gives, else what is stored, else
    the sample's; the sample's search words added to them."""
    from_sample = sample_texts.get((slug, language), {})
    stored_words = stored.search_word_list if stored else []
    words = split_list(given["search_words"]) if given else stored_words
    name = given.get("name", "") or (stored.name if stored else "")
    description = stored.description if stored else ""
    return {
        "theme": slug,
        "language": language,
        "name": name or from_sample.get("name", ""),
        "description": description or from_sample.get("description", ""),
        "search_words": _joined(
            merged_list(words, split_list(from_sample.get("search_words", "")))
        ),
    }


def _joined(words: list[str]) -> str:
    return LIST_SEPARATOR.join(words)


# organisations.csv and services.csv got their last column, search_words, in 2026-12
# (issue 13); a file without it still imports.
SEARCH_WORDS = "search_words"
OLD_ORGANISATIONS_HEADER = (
    "slug", "name", "kind", "themes", "target_groups", "summary", "description", "website",
    "phone", "email", "street", "postcode", "city", "districts", "cost", "languages",
    "last_verified",
)  # fmt: skip
OLD_SERVICES_HEADER = ("slug", "organisation", "name", "themes", "description", "cost", "locations")


def rows_without_search_words(file_name: str, model):
    """The upgrade of an organisations.csv or services.csv without ``search_words``.

    Such a file says nothing about the words: an item keeps the words the database holds.
    An item without words whose slug is in the sample set gets the sample's words (the
    original sample set has this layout), so an upgraded installation finds its items by
    residents' words too. Words are only added, never overwritten.
    """

    def upgrade(rows: list[RawRow]) -> dict[str, list[RawRow]]:
        sample = sample_search_words(file_name)
        stored = dict(
            model.objects.filter(locale=Locale.get_default())
            .exclude(search_words="")
            .values_list("slug", SEARCH_WORDS)
        )
        upgraded = []
        for row in rows:
            slug = row.cells["slug"].strip()
            words = stored.get(slug) or sample.get(slug, "")
            upgraded.append(RawRow(row.line, {**row.cells, SEARCH_WORDS: words}))
        return {file_name: upgraded}

    return upgrade


class OrganisationsFile(SpreadsheetFile):
    def dependents(self, pks):
        """A service is found by its organisation's name."""
        return {
            Service: set(
                Service.objects.filter(organisation_id__in=pks).values_list("pk", flat=True)
            )
        }


themes_file = spreadsheet_files.register(
    ThemesFile(
        THEMES,
        Theme,
        order=10,
        published=False,
        keeps_file_order=True,
        columns=(
            Column("name", required=True),
            Values("synonyms", joined="\n", read=lambda theme: theme.synonym_list),
            MultiLine("description"),
        ),
        old_layouts={OLD_THEMES_HEADER: rows_from_old_themes},
    )
)

# A theme's name, description and search words in each site language other than Dutch
# (Dutch is in themes.csv). Optional: a set without it leaves the texts as they are.
theme_texts_file = spreadsheet_files.register(
    ThemeTextsFile(
        THEME_TEXTS,
        ThemeText,
        order=15,
        published=False,
        key=("theme", "language"),
        optional=True,
        select_related=("theme",),
        columns=(
            Reference("theme", THEMES, "thema", required=True),
            Column("language", required=True),
            Column("name", required=True),
            MultiLine("description"),
            Values("search_words", joined="\n", read=lambda text: text.search_word_list),
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
            # Free text as editors keep it: words and short phrases, commas between them.
            MultiLine(SEARCH_WORDS),
        ),
        old_layouts={
            OLD_ORGANISATIONS_HEADER: rows_without_search_words(ORGANISATIONS, Organisation)
        },
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
            MultiLine(SEARCH_WORDS),
        ),
        old_layouts={OLD_SERVICES_HEADER: rows_without_search_words(SERVICES, Service)},
    )
)
