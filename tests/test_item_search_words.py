"""Search words on organisations and services (issue 13): residents' own words in any
language, kept by editors, searched and never shown, copied to translations, exchanged in
the last column of organisations.csv and services.csv."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from directory import theme_seed
from directory.models import Organisation, Service
from portal.core.exchange import export_directory, import_directory
from search import semantic
from search.retrieval import forget_cached_lookups
from search.vocabulary import build_vocabulary, invalidate
from tests.factories import OrganisationFactory, ServiceFactory, SuperUserFactory
from tests.localization_helpers import segment_paths, start_translation, translate

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.BASE_DIR) / "portal" / "fixtures" / "sociale-kaart"
API = "/api/v1/search/"
FRIDGE = "lege koelkast, geen eten, empty fridge, boş buzdolabı"


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def set_words(path: Path, words: dict[str, str]) -> None:
    header, rows = read_rows(path)
    for row in rows:
        row["search_words"] = words.get(row["slug"], row["search_words"])
    write_rows(path, header, rows)


def drop_words_column(path: Path) -> None:
    """The file in its layout before December 2026 (the original sample set's)."""
    header, rows = read_rows(path)
    write_rows(path, [name for name in header if name != "search_words"], rows)


@pytest.fixture
def sample_copy(tmp_path):
    folder = tmp_path / "set"
    shutil.copytree(SAMPLE, folder)
    return folder


def search_slugs(client, query: str) -> list[str]:
    response = client.get(API, {"q": query})
    assert response.status_code == 200, response.content
    return [f"{r['type']}:{r['slug']}" for r in response.json()["results"]]


def engine_pks(text: str) -> list[int]:
    """What the full-text engine itself finds (PostgreSQL, by its postings)."""
    results = get_search_backend().search(text, Organisation.objects.all(), operator="or")
    return [obj.pk for obj in results]


def refreshed():
    invalidate()
    forget_cached_lookups()


# --- model, migration and admin --------------------------------------------------------


def test_both_kinds_have_the_field_and_its_migration():
    for model in (Organisation, Service):
        field = model._meta.get_field("search_words")
        assert field.verbose_name == "zoekwoorden" and field.blank
        assert "komma" in field.help_text and "niet op de site" in field.help_text
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize("model_name", ["organisation", "service"])
def test_admin_edit_form_shows_the_field_with_the_findability_fields(client, model_name):
    item = (OrganisationFactory if model_name == "organisation" else ServiceFactory)(
        search_words=FRIDGE
    )
    client.force_login(SuperUserFactory())
    response = client.get(reverse(f"wagtailsnippets_directory_{model_name}:edit", args=[item.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="search_words"' in html and "boş buzdolabı" in html
    # With the other findability fields: after the description and themes, before cost.
    position = html.index('name="search_words"')
    assert html.index('name="description"') < position < html.index('name="cost"')


def test_admin_saves_the_words(client):
    service = ServiceFactory()
    client.force_login(SuperUserFactory())
    url = reverse("wagtailsnippets_directory_service:edit", args=[service.pk])
    page = client.get(url).content.decode()
    assert "Zoekwoorden" in page
    data = {
        "name": service.name,
        "slug": service.slug,
        "organisation": service.organisation_id,
        "description": service.description,
        "cost": service.cost,
        "search_words": "kraan druppelt, kleine klus",
        "action-publish": "action-publish",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    service.refresh_from_db()
    assert service.search_words == "kraan druppelt, kleine klus"


# --- search ----------------------------------------------------------------------------


def test_search_finds_an_item_by_a_word_only_its_search_words_hold(client):
    food_bank = OrganisationFactory(slug="voedselbank", name="Voedselbank Hengelo")
    OrganisationFactory(slug="buurthuis", name="Buurthuis", summary="Koffie en een praatje.")
    refreshed()
    assert engine_pks("koelkast") == []

    food_bank.search_words = FRIDGE
    food_bank.save_revision().publish()
    refreshed()
    assert engine_pks("koelkast") == [food_bank.pk]
    assert search_slugs(client, "lege koelkast")[0] == "organisation:voedselbank"
    assert search_slugs(client, "buzdolabı")[0] == "organisation:voedselbank"


def test_a_service_is_found_by_its_words_and_they_reach_the_postings():
    service = ServiceFactory(slug="kleine-klussen", name="Kleine klussen in huis")
    service.search_words = "kraan druppelt, lekkende kraan"
    service.save_revision().publish()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme FROM search_posting WHERE object_id = %s AND content_type_id = "
            "(SELECT id FROM django_content_type WHERE app_label = 'directory' AND model = "
            "'service')",
            [service.pk],
        )
        lexemes = {row[0] for row in cursor.fetchall()}
    assert "kran" in lexemes or "kraan" in lexemes, lexemes


def test_the_words_are_known_to_spelling():
    OrganisationFactory(search_words="koelkast leeg")
    assert build_vocabulary().is_known("koelkast")


def test_the_words_stay_out_of_the_meaning_text():
    """As measured (README): changing an item's words embeds nothing again."""
    organisation = OrganisationFactory(name="Voedselbank", search_words=FRIDGE)
    text = semantic._current_texts("organisation", [organisation.pk])[organisation.pk]
    assert text.startswith("Voedselbank.") and "koelkast" not in text


# --- translations ----------------------------------------------------------------------


def test_a_translation_copies_the_words_and_never_offers_them_for_translating():
    organisation = OrganisationFactory(search_words=FRIDGE)
    service = ServiceFactory(organisation=organisation, search_words="kraan druppelt")
    assert "search_words" not in segment_paths(start_translation(organisation, "en"))
    assert "search_words" not in segment_paths(start_translation(service, "tr"))
    english = translate(organisation, "en")
    assert english.search_words == FRIDGE
    assert translate(service, "tr").search_words == "kraan druppelt"

    organisation.search_words = "geen eten"
    with TestCase.captureOnCommitCallbacks(execute=True):
        organisation.save_revision().publish()
    english.refresh_from_db()
    assert english.search_words == "geen eten"


# --- spreadsheet exchange --------------------------------------------------------------


def test_export_writes_the_words_last_and_an_import_brings_them_back(tmp_path):
    assert import_directory(SAMPLE).ok
    Organisation.objects.filter(slug="stichting-wijkracht").update(search_words=FRIDGE)
    Service.objects.filter(slug="stichting-wijkracht-wijkentree").update(
        search_words="waar moet ik beginnen"
    )
    export_directory(tmp_path)
    header, organisations = read_rows(tmp_path / "organisations.csv")
    assert header[-1] == "search_words"
    by_slug = {row["slug"]: row["search_words"] for row in organisations}
    assert by_slug["stichting-wijkracht"] == FRIDGE
    header, rows = read_rows(tmp_path / "services.csv")
    assert header[-1] == "search_words"

    Organisation.objects.update(search_words="")
    Service.objects.update(search_words="")
    result = import_directory(tmp_path)
    assert result.ok, result.problems
    # every organisation with words in the file gets them back, and only those change
    assert result.counts["organisations.csv"].updated == sum(1 for w in by_slug.values() if w)
    assert Organisation.objects.get(slug="stichting-wijkracht").search_words == FRIDGE
    assert (
        Service.objects.get(slug="stichting-wijkracht-wijkentree").search_words
        == "waar moet ik beginnen"
    )


def test_a_changed_cell_changes_the_words(sample_copy):
    assert import_directory(SAMPLE).ok
    set_words(sample_copy / "organisations.csv", {"aveleijn": "hulp thuis, eigen plek"})
    result = import_directory(sample_copy)
    assert result.ok, result.problems
    assert result.counts["organisations.csv"].updated == 1
    assert Organisation.objects.get(slug="aveleijn").search_words == "hulp thuis, eigen plek"


def test_files_without_the_column_keep_the_stored_words(sample_copy):
    assert import_directory(SAMPLE).ok
    Organisation.objects.filter(slug="aveleijn").update(search_words=FRIDGE)
    Service.objects.filter(slug="stichting-wijkracht-wijkentree").update(search_words="inloop")
    drop_words_column(sample_copy / "organisations.csv")
    drop_words_column(sample_copy / "services.csv")
    edit = read_rows(sample_copy / "organisations.csv")
    for row in edit[1]:
        if row["slug"] == "aveleijn":
            row["phone"] = "074 999 9999"
    write_rows(sample_copy / "organisations.csv", edit[0], edit[1])

    result = import_directory(sample_copy)
    assert result.ok, result.problems
    assert result.counts["organisations.csv"].updated == 1  # the phone number only
    assert result.counts["services.csv"].updated == 0
    aveleijn = Organisation.objects.get(slug="aveleijn")
    assert (aveleijn.phone, aveleijn.search_words) == ("074 999 9999", FRIDGE)
    assert Service.objects.get(slug="stichting-wijkracht-wijkentree").search_words == "inloop"


def test_the_original_sample_layout_gets_the_sample_words_of_items_without_words(
    sample_copy, tmp_path, monkeypatch
):
    """The sample as first published has no search_words column: imported, its items get
    the bundled sample's words where they have none, as themes get the sample's words."""
    bundled = tmp_path / "bundled"
    shutil.copytree(SAMPLE, bundled)
    for name, words in (
        ("organisations.csv", {"aveleijn": FRIDGE, "mediant": "somber"}),
        ("services.csv", {"stichting-wijkracht-wijkentree": "inloop"}),
    ):
        _header, rows = read_rows(bundled / name)
        set_words(bundled / name, {row["slug"]: "" for row in rows} | words)
    monkeypatch.setattr(theme_seed, "SAMPLE_DIR", bundled)
    drop_words_column(sample_copy / "organisations.csv")
    drop_words_column(sample_copy / "services.csv")

    # An empty database: every item of the sample gets its words.
    result = import_directory(sample_copy)
    assert result.ok, result.problems
    assert Organisation.objects.get(slug="aveleijn").search_words == FRIDGE
    assert Service.objects.get(slug="stichting-wijkracht-wijkentree").search_words == "inloop"
    assert Organisation.objects.get(slug="stichting-wijkracht").search_words == ""

    # Words an editor wrote are never overwritten; again, nothing changes.
    Organisation.objects.filter(slug="mediant").update(search_words="eigen woorden")
    result = import_directory(sample_copy)
    assert result.ok, result.problems
    assert result.counts["organisations.csv"].updated == 0
    assert Organisation.objects.get(slug="mediant").search_words == "eigen woorden"


def test_the_import_command_reports_a_file_without_the_column_as_unchanged(sample_copy):
    call_command("import_sociale_kaart", str(SAMPLE), stdout=io.StringIO())
    Service.objects.filter(slug="stichting-wijkracht-wijkentree").update(search_words="inloop")
    drop_words_column(sample_copy / "services.csv")
    out = io.StringIO()
    call_command("import_sociale_kaart", str(sample_copy), stdout=out)
    assert "services.csv: 0 nieuw, 0 gewijzigd, 159 ongewijzigd" in out.getvalue()
    assert Service.objects.get(slug="stichting-wijkracht-wijkentree").search_words == "inloop"
