"""Themes in every language (issue 14): ThemeText rows, the admin, the migration, the seed,
the theme pages and tags."""

from __future__ import annotations

import csv
import io
import shutil

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
from portal.core.exchange import export_directory, import_directory
from portal.core.invalidation import CATALOGUE_VERSION, VOCABULARY_VERSION, current_version
from search import vocabulary
from search.query import analyse
from search.retrieval import forget_cached_lookups
from search.vocabulary import build_vocabulary
from tests import front_data
from tests.editorial_helpers import make_user
from tests.factories import OrganisationFactory, ServiceFactory, ThemeFactory, theme_text

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
        # Named here: the factory's sequence numbers ("Thema 9", "Thema 10") sort as text.
        theme = ThemeFactory(name=f"Thema {n}", slug=f"volgorde-{n}", name_en="")
        theme_text(theme, "en", f"Theme {n}")
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


@override_settings(LANGUAGES=SIX[:2], WAGTAIL_CONTENT_LANGUAGES=SIX[:2])
def test_seed_adds_only_languages_the_site_has():
    sample_themes()
    call_command("seed_theme_texts", stdout=io.StringIO())
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


# The spreadsheet exchange: theme_texts.csv


def write_csv(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def read_csv(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def sample_copy(tmp_path):
    folder = tmp_path / "set"
    shutil.copytree(SAMPLE_DIR, folder)
    return folder


@override_settings(LANGUAGES=SIX)
def test_sample_import_creates_every_text_and_the_round_trip_is_identical(tmp_path):
    result = import_directory(SAMPLE_DIR)
    assert result.ok, result.problems
    assert result.counts["theme_texts.csv"].created == 80 and not result.skipped
    geld = Theme.objects.get(slug="geldzaken")
    assert geld.display_name("tr") == "Para işleri"
    assert "borç" in geld.text_for("tr").search_word_list
    first, second = tmp_path / "first", tmp_path / "second"
    export_directory(first)
    assert len(read_csv(first / "theme_texts.csv")) == 80
    ThemeText.objects.all().delete()
    again = import_directory(first)
    assert again.ok and again.counts["theme_texts.csv"].created == 80
    export_directory(second)
    for name in ("themes.csv", "theme_texts.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    # Importing the same files once more changes nothing.
    assert import_directory(second).counts["theme_texts.csv"].unchanged == 80


@override_settings(LANGUAGES=SIX)
def test_a_changed_text_is_updated_and_shown_in_the_preview(sample_copy):
    assert import_directory(SAMPLE_DIR).ok
    rows = read_csv(sample_copy / "theme_texts.csv")
    for row in rows:
        if (row["theme"], row["language"]) == ("geldzaken", "pl"):
            row["name"] = "Pieniądze"
    write_csv(sample_copy / "theme_texts.csv", list(rows[0]), [list(r.values()) for r in rows])
    result = import_directory(sample_copy, dry_run=True)
    assert result.updated["theme_texts.csv"] == ["geldzaken/pl"]
    assert ("name", "Sprawy finansowe", "Pieniądze") in result.changes["theme_texts.csv"][
        "geldzaken/pl"
    ]
    assert import_directory(sample_copy).ok
    assert Theme.objects.get(slug="geldzaken").display_name("pl") == "Pieniądze"


def test_a_set_without_theme_texts_still_imports_and_keeps_the_texts(sample_copy):
    assert import_directory(SAMPLE_DIR).ok
    (sample_copy / "theme_texts.csv").unlink()
    result = import_directory(sample_copy)
    assert result.ok, result.problems
    assert "theme_texts.csv" not in result.counts
    assert Theme.objects.get(slug="geldzaken").display_name("en") == "Money matters"


def test_an_old_themes_file_with_english_columns_still_imports(sample_copy):
    """The layout before theme_texts.csv: name_en and synonyms_en in themes.csv."""
    assert import_directory(SAMPLE_DIR).ok
    (sample_copy / "theme_texts.csv").unlink()
    themes = read_csv(sample_copy / "themes.csv")
    old_header = ["slug", "name", "name_en", "synonyms", "synonyms_en", "description"]
    rows = [
        [
            t["slug"],
            t["name"],
            f"{t['slug']} (en)",
            t["synonyms"],
            "word one;word two",
            t["description"],
        ]
        for t in themes
    ]
    write_csv(sample_copy / "themes.csv", old_header, rows)
    result = import_directory(sample_copy)
    assert result.ok, result.problems
    assert result.counts["themes.csv"].updated == 0  # the Dutch columns did not change
    assert result.counts["theme_texts.csv"].updated == 16
    english = Theme.objects.get(slug="geldzaken").text_for("en")
    assert english.name == "geldzaken (en)"
    # The file's words first, then the sample's that it lacks (as seeding adds them).
    assert english.search_word_list[:3] == ["word one", "word two", "debt"]
    # The old layout had no English description: the one there was stays.
    assert english.description == "Help with money, bills, debts and letters from official bodies."


def test_an_old_themes_file_reports_a_bad_english_name_on_its_own_line(sample_copy):
    themes = read_csv(sample_copy / "themes.csv")
    old_header = ["slug", "name", "name_en", "synonyms", "synonyms_en", "description"]
    rows = [[t["slug"], t["name"], t["name"], "", "", t["description"]] for t in themes]
    rows[0][2] = "x" * 101
    write_csv(sample_copy / "themes.csv", old_header, rows)
    (sample_copy / "theme_texts.csv").unlink()
    result = import_directory(sample_copy)
    assert [str(p) for p in result.problems] == [
        "themes.csv:2: name_en: te lang: 101 tekens (maximaal 100)"
    ]
    assert not ThemeText.objects.exists() and not Theme.objects.exists()


def test_a_text_twice_for_one_theme_and_language_is_reported(sample_copy):
    rows = read_csv(sample_copy / "theme_texts.csv")
    english = [r for r in rows if r["language"] == "en"]
    write_csv(
        sample_copy / "theme_texts.csv",
        list(rows[0]),
        [list(r.values()) for r in [*english, english[0]]],
    )
    result = import_directory(sample_copy)
    line = len(english) + 2
    assert [str(p) for p in result.problems] == [
        f"theme_texts.csv:{line}: theme,language: 'gezondheid/en' staat al op regel 2 van dit"
        " bestand"
    ]
    assert not Theme.objects.exists()


@override_settings(LANGUAGES=SIX[:3], WAGTAIL_CONTENT_LANGUAGES=SIX[:3])
def test_texts_in_languages_the_site_does_not_serve_are_skipped_and_reported():
    result = import_directory(SAMPLE_DIR)
    assert result.ok, result.problems
    served = {code for code, _ in translation_languages()}
    skipped = sum(
        1 for r in read_csv(SAMPLE_DIR / "theme_texts.csv") if r["language"] not in served
    )
    assert sum(result.skipped["theme_texts.csv"].values()) == skipped > 0
    assert any("overgeslagen" in line for line in result.summary_lines())
    assert set(ThemeText.objects.values_list("language", flat=True)) == served


# Search: the vocabulary reads the texts of every language


def recognised(query: str) -> list[str]:
    return [match.theme.slug for match in analyse(query, build_vocabulary()).themes]


def test_search_words_and_names_of_every_language_name_their_theme():
    geld = ThemeFactory(slug="geldzaken", name="Geldzaken", synonyms="schulden", name_en="")
    ThemeFactory(slug="mantelzorg", name="Mantelzorg", name_en="")
    assert recognised("borçlarım") == []
    text = theme_text(geld, "tr", "Para işleri", search_words="borç\nborçlar")
    assert recognised("borçlarım") == ["geldzaken"]  # another ending of a Turkish word
    assert recognised("para işleri") == ["geldzaken"]  # the name in that language
    terms = next(t for t in build_vocabulary().themes if t.slug == "geldzaken")
    assert terms.display_name("tr") == "Para işleri" and terms.display_name("pl") == "Geldzaken"
    text.search_words = "kira"
    text.save()
    assert recognised("borçlarım") == [] and recognised("kira") == ["geldzaken"]


def test_search_api_names_a_recognised_theme_in_the_readers_language(client):
    geld = ThemeFactory(slug="geldzaken", name="Geldzaken", name_en="Money matters")
    geld.texts.filter(language="en").update(search_words="bailiff")
    vocabulary.invalidate()
    forget_cached_lookups()
    english = client.get("/api/v1/search/", {"q": "bailiff", "lang": "en"}).json()
    assert english["query"]["themes"][0]["name"] == "Money matters"
    dutch = client.get("/api/v1/search/", {"q": "bailiff"}).json()
    assert dutch["query"]["themes"][0]["name"] == "Geldzaken"


def test_an_import_of_theme_texts_alone_refreshes_the_cached_theme_names(sample_copy):
    assert import_directory(SAMPLE_DIR).ok
    rows = read_csv(sample_copy / "theme_texts.csv")
    rows[0]["name"] = "Health and wellbeing"  # gezondheid/en
    write_csv(sample_copy / "theme_texts.csv", list(rows[0]), [list(r.values()) for r in rows])
    catalogue_before = current_version(CATALOGUE_VERSION)
    vocabulary_before = current_version(VOCABULARY_VERSION)
    result = import_directory(sample_copy)
    assert result.updated["theme_texts.csv"] == ["gezondheid/en"]
    assert result.counts["organisations.csv"].updated == 0  # no revision to notice it by
    assert current_version(CATALOGUE_VERSION) != catalogue_before
    assert current_version(VOCABULARY_VERSION) != vocabulary_before


@pytest.mark.parametrize("factory", [OrganisationFactory, ServiceFactory])
def test_indexing_items_reads_their_theme_names_in_a_fixed_number_of_queries(
    factory, django_assert_num_queries
):
    """Each item indexed with its themes' names in every language: three queries (items,
    their themes, the themes' texts) however many items and themes there are."""
    themes = [ThemeFactory(name_en=f"Theme {n}") for n in range(3)]
    for theme in themes:
        theme_text(theme, "tr", f"Tema {theme.pk}")
    for _ in range(4):
        factory(themes=themes)
    model = factory._meta.model
    with django_assert_num_queries(3):
        names = [
            theme.names_in_other_languages()
            for item in model.get_indexed_objects()
            for theme in item.themes.all()
        ]
    assert len(names) == 12 and all("Theme" in name and "Tema" in name for name in names)


def test_search_words_in_other_languages_are_known_but_no_parts_of_dutch_compounds():
    ThemeFactory(
        name="Vervoer", synonyms="vervoer", name_en="Transport", name_en__search_words="car"
    )
    built = build_vocabulary()
    assert built.is_known("car") and built.is_part("vervoer")
    assert not built.is_part("car")


def test_the_original_sample_layout_gets_the_theme_texts_added_since(sample_copy):
    """The sample set as first published: themes.csv with English columns and a few Dutch
    search words, no theme_texts.csv. Imported into an empty database, its themes get the
    sample's texts in every language and its search words, as seeding gives an upgraded
    database."""
    (sample_copy / "theme_texts.csv").unlink()
    themes = read_csv(sample_copy / "themes.csv")
    old_header = ["slug", "name", "name_en", "synonyms", "synonyms_en", "description"]
    rows = [
        [t["slug"], t["name"], f"{t['name']} (en)", "eigen woord", "own word", t["description"]]
        for t in themes
    ]
    write_csv(sample_copy / "themes.csv", old_header, rows)
    result = import_directory(sample_copy)
    assert result.ok, result.problems
    assert result.counts["theme_texts.csv"].created == 16 * len(translation_languages())
    money = Theme.objects.get(slug="geldzaken")
    sample_dutch = next(t["synonyms"] for t in themes if t["slug"] == "geldzaken").split(";")
    assert money.synonym_list == ["eigen woord", *sample_dutch]
    english = money.text_for("en")
    assert english.name == "Geldzaken (en)" and english.search_word_list[:2] == ["own word", "debt"]
    assert english.description.startswith("Help with money")
    turkish = money.text_for("tr")
    assert turkish.name and "borç" in turkish.search_word_list
    assert analyse("borcum var", build_vocabulary()).themes[0].theme.slug == "geldzaken"
