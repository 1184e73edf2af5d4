"""Themes in every language (issue 14): ThemeText rows, the admin, the migration, the seed,
the theme pages and tags."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from directory.models import Theme, ThemeText, translation_languages
from directory.theme_seed import SAMPLE_DIR, seed_theme_texts
from portal.core.invalidation import VOCABULARY_VERSION, current_version
from tests import front_data
from tests.editorial_helpers import make_user
from tests.factories import ThemeFactory, theme_text

pytestmark = pytest.mark.django_db

SIX = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("pl", "Polski"),
    ("uk", "Українська"),
]
SAMPLE_SLUGS = [row["slug"] for row in csv.DictReader((SAMPLE_DIR / "themes.csv").open())]


def render(template: str, **context) -> str:
    return Template("{% load portal_tags %}" + template).render(Context(context))


# The model


def test_a_text_language_must_be_a_site_language_other_than_dutch():
    theme = ThemeFactory(name_en="")
    for language in ("nl", "de", "xx", ""):
        with pytest.raises(ValidationError):
            ThemeText(theme=theme, language=language, name="X").full_clean()
    ThemeText(theme=theme, language="en", name="Money").full_clean()


@override_settings(LANGUAGES=SIX)
def test_languages_come_from_settings():
    assert [code for code, _ in translation_languages()] == ["en", "tr", "ar", "pl", "uk"]
    ThemeText(theme=ThemeFactory(name_en=""), language="tr", name="Para").full_clean()


def test_one_text_per_theme_and_language():
    theme = ThemeFactory(name_en="Money")
    with pytest.raises(IntegrityError), transaction.atomic():
        ThemeText.objects.create(theme=theme, language="en", name="Money again")


def test_name_and_description_fall_back_to_dutch():
    theme = ThemeFactory(name="Geldzaken", description="Hulp bij geld.", name_en="")
    assert theme.display_name("en") == "Geldzaken"
    assert theme.description_in("en") == ("Hulp bij geld.", "nl")
    theme_text(theme, "en", "Money matters", description="Help with money.")
    theme = Theme.objects.get(pk=theme.pk)
    assert theme.display_name("en") == "Money matters"
    assert theme.display_name("nl") == "Geldzaken"
    assert theme.description_in("en") == ("Help with money.", "en")
    assert theme.description_in("nl") == ("Hulp bij geld.", "nl")


def test_for_language_loads_the_texts_in_one_query(django_assert_num_queries):
    for n in range(3):
        theme_text(ThemeFactory(name_en=""), "en", f"Theme {n}")
    with django_assert_num_queries(2):
        names = [theme.display_name("en") for theme in Theme.objects.for_language("en")]
    assert names == ["Theme 0", "Theme 1", "Theme 2"]
    with django_assert_num_queries(1):  # Dutch needs no texts
        [theme.display_name("nl") for theme in Theme.objects.for_language("nl")]


def test_saving_a_text_refreshes_the_search_vocabulary_version(
    django_capture_on_commit_callbacks,
):
    theme = ThemeFactory(name_en="")
    before = current_version(VOCABULARY_VERSION)
    with django_capture_on_commit_callbacks(execute=True):
        theme_text(theme, "en", "Money")
    assert current_version(VOCABULARY_VERSION) != before


# Template tags (theme pages)


@override_settings(LANGUAGES=SIX)
def test_tags_show_the_readers_language_else_dutch_marked_nl():
    theme = ThemeFactory(name="Geldzaken", description="Hulp bij geld.", name_en="")
    theme_text(theme, "tr", "Para işleri", description="Para konusunda yardım.")
    theme_text(theme, "pl", "Sprawy finansowe")  # no description
    template = (
        "<h1>{{ theme|display_name }}</h1>"
        "<p{% theme_description_lang theme %}>{{ theme|theme_description }}</p>"
    )
    with translation.override("tr"):
        assert render(template, theme=theme) == "<h1>Para işleri</h1><p>Para konusunda yardım.</p>"
    with translation.override("pl"):
        assert (
            render(template, theme=theme)
            == '<h1>Sprawy finansowe</h1><p lang="nl">Hulp bij geld.</p>'
        )
    with translation.override("uk"):
        assert render(template, theme=theme) == '<h1>Geldzaken</h1><p lang="nl">Hulp bij geld.</p>'
    with translation.override("nl"):
        assert render(template, theme=theme) == "<h1>Geldzaken</h1><p>Hulp bij geld.</p>"


def test_english_theme_page_shows_the_english_name_and_description(client):
    front_data.build()
    theme = Theme.objects.get(slug="geldzaken")
    theme_text(theme, "en", "Money matters", description="Help with money and debts.")
    html = client.get("/en/themes/geldzaken/").content.decode()
    assert "<h1" in html and "Money matters</h1>" in html
    assert '<p class="portal-lead">Help with money and debts.</p>' in html
    dutch = client.get("/themas/geldzaken/").content.decode()
    assert "Geldzaken</h1>" in dutch and "Money matters" not in dutch


def test_english_theme_page_marks_a_dutch_description(client):
    front_data.build()
    html = client.get("/en/themes/geldzaken/").content.decode()
    assert '<p class="portal-lead" lang="nl">Hulp bij geldzaken.</p>' in html


def test_english_theme_tiles_use_the_english_names(client):
    front_data.build()
    html = client.get("/en/themes/").content.decode()
    assert "Money matters" in html and "Carers" in html


# The admin form


def test_admin_saves_a_theme_with_its_texts(client):
    theme = ThemeFactory(slug="geldzaken", name="Geldzaken", name_en="")
    client.force_login(make_user("beheer-thema", superuser=True))
    url = reverse("wagtailsnippets_directory_theme:edit", args=[theme.pk])
    page = client.get(url).content.decode()
    assert "Andere talen" in page
    form = {
        "name": "Geldzaken",
        "slug": "geldzaken",
        "synonyms": "schulden",
        "description": "Hulp bij geld.",
        "parent": "",
        "icon": "",
        "sort_order": "0",
        "texts-TOTAL_FORMS": "1",
        "texts-INITIAL_FORMS": "0",
        "texts-MIN_NUM_FORMS": "0",
        "texts-MAX_NUM_FORMS": "1000",
        "texts-0-language": "en",
        "texts-0-name": "Money matters",
        "texts-0-description": "Help with money.",
        "texts-0-search_words": "debt\nbills",
        "texts-0-id": "",
        "texts-0-ORDER": "1",
        "texts-0-DELETE": "",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    text = ThemeText.objects.get(theme=theme)
    assert (text.language, text.name, text.search_word_list) == (
        "en",
        "Money matters",
        ["debt", "bills"],
    )

    # A language that is not a site language is refused with a message, nothing saved.
    form.update({"texts-0-language": "de", "texts-0-name": "Geld"})
    form.update({"texts-TOTAL_FORMS": "1", "texts-INITIAL_FORMS": "0"})
    ThemeText.objects.all().delete()
    response = client.post(url, form)
    assert response.status_code == 200
    assert not ThemeText.objects.exists()


# The seed (sample set) and the migration


def sample_themes():
    rows = csv.DictReader((SAMPLE_DIR / "themes.csv").open(encoding="utf-8"))
    return [Theme.objects.create(slug=r["slug"], name=r["name"]) for r in rows]


@override_settings(LANGUAGES=SIX)
def test_sample_set_has_every_theme_in_every_language():
    rows = list(csv.DictReader((SAMPLE_DIR / "theme_texts.csv").open(encoding="utf-8")))
    languages = [code for code, _ in translation_languages()]
    assert {(r["theme"], r["language"]) for r in rows} == {
        (slug, language) for slug in SAMPLE_SLUGS for language in languages
    }
    assert len(rows) == len(SAMPLE_SLUGS) * len(languages) == 80
    for row in rows:
        assert row["name"] and row["description"] and row["search_words"], row
        assert row["description"].endswith("."), row


@override_settings(LANGUAGES=SIX)
def test_seed_fills_every_language_and_running_it_again_changes_nothing():
    sample_themes()
    geld = Theme.objects.get(slug="geldzaken")
    theme_text(geld, "en", "Money (ours)", description="", search_words="our word")
    call_command("seed_theme_texts", stdout=io.StringIO())
    assert ThemeText.objects.count() == 16 * 5
    ours = ThemeText.objects.get(theme=geld, language="en")
    assert ours.name == "Money (ours)"  # what an editor wrote stays
    assert ours.description == "Help with money, bills, debts and letters from official bodies."
    assert ours.search_word_list[0] == "our word" and "bailiff" in ours.search_word_list
    assert "deurwaarder" in Theme.objects.get(slug="geldzaken").synonym_list
    assert ThemeText.objects.get(theme=geld, language="uk").name == "Гроші та фінанси"
    snapshot = list(ThemeText.objects.values_list("theme_id", "language", "name", "search_words"))
    synonyms = list(Theme.objects.values_list("synonyms", flat=True))
    result = seed_theme_texts(Theme, ThemeText, [code for code, _ in translation_languages()])
    assert (result.created, result.filled, result.dutch_words_added) == (0, 0, 0)
    assert snapshot == list(
        ThemeText.objects.values_list("theme_id", "language", "name", "search_words")
    )
    assert synonyms == list(Theme.objects.values_list("synonyms", flat=True))


def test_seed_adds_only_languages_the_site_has():
    sample_themes()
    seed_theme_texts(Theme, ThemeText, [code for code, _ in translation_languages()])
    assert set(ThemeText.objects.values_list("language", flat=True)) == {"en"}


@override_settings(LANGUAGES=SIX)
def test_migration_moves_english_columns_into_rows_and_seeds_the_rest():
    # `migrate` commits each migration; here they share the test's transaction, so the new
    # rows' foreign-key checks must not wait until its end (PostgreSQL refuses ALTER TABLE).
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    before = [("directory", "0006_mark_domestic_violence_urgent")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldTheme = old_apps.get_model("directory", "Theme")
    OldTheme.objects.create(
        slug="geldzaken",
        name="Geldzaken",
        name_en="Money (edited)",
        synonyms="schulden",
        synonyms_en="debt\nbills",
        description="Hulp bij geld.",
        description_en="Our English description.",
    )
    OldTheme.objects.create(slug="eigen-thema", name="Eigen thema", name_en="Own theme")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("directory"))

    geld = Theme.objects.get(slug="geldzaken")
    english = ThemeText.objects.get(theme=geld, language="en")
    assert english.name == "Money (edited)"
    assert english.description == "Our English description."
    assert english.search_word_list[:2] == ["debt", "bills"]
    assert "bailiff" in english.search_word_list  # from the former search/theme_words/en.json
    assert "deurwaarder" in geld.synonym_list  # from the former nl.json
    assert set(geld.texts.values_list("language", flat=True)) == {"en", "tr", "ar", "pl", "uk"}
    own = Theme.objects.get(slug="eigen-thema")
    assert list(own.texts.values_list("language", "name")) == [("en", "Own theme")]
    columns = {
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), "directory_theme"
        )
    }
    assert not {"name_en", "synonyms_en", "description_en"} & columns
    assert settings.LANGUAGE_CODE == "nl"
