"""Spreadsheet import and export: the valid sample, every class of invalid row, idempotence,
atomicity, dry run, search index and the export → import → export round trip."""

import csv
import shutil
from datetime import date, time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Revision
from wagtail.search.backends import get_search_backend

from directory.models import Organisation, Service, Theme, ThemeText, translation_languages
from faq.models import FAQAnswer
from locations.models import ClosedDate, District, DistrictPostcode, Location
from portal.core.exchange import (
    SpreadsheetImport,
    export_directory,
    import_directory,
    import_files,
    read_directory,
    rich_text_to_text,
    spreadsheet_files,
    text_to_rich_text,
)
from tests.factories import DistrictFactory, DistrictPostcodeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.BASE_DIR) / "portal" / "fixtures" / "sociale-kaart"
FILES = spreadsheet_files.names()
MODELS = [Theme, ThemeText, District, Organisation, Location, Service, FAQAnswer]


def sample_rows(name):
    with (SAMPLE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(folder: Path, name: str, rows: list[dict], header=None, bom=False):
    with (folder / name).open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header or spreadsheet_files.columns(name))
        for row in rows:
            writer.writerow([row[column] for column in spreadsheet_files.columns(name)])


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the sample set that a test may change."""
    folder = tmp_path / "set"
    shutil.copytree(SAMPLE, folder)
    return folder


def edit(folder: Path, file_name: str, index: int, **cells):
    """Change cells of row ``index`` (0 = first data row, on line 2) of one file."""
    with (folder / file_name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[index].update(cells)
    write_rows(folder, file_name, rows)
    return rows


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def problems_of(folder):
    result = import_directory(folder)
    assert not result.ok
    return [str(p) for p in result.problems]


# --- the valid sample ----------------------------------------------------------------------


def test_import_sample_creates_and_publishes_everything(client):
    result = import_directory(SAMPLE)
    assert result.ok, result.problems
    expected = {name: len(sample_rows(name)) for name in FILES}
    # Theme texts in languages the site does not serve are left out, and said so.
    served = {code for code, _ in translation_languages()}
    texts = sample_rows("theme_texts.csv")
    expected["theme_texts.csv"] = sum(row["language"] in served for row in texts)
    not_served = len(texts) - expected["theme_texts.csv"]
    assert sum(result.skipped.get("theme_texts.csv", {}).values()) == not_served
    assert {name: c.created for name, c in result.counts.items()} == expected
    assert Organisation.objects.filter(live=True).count() == expected["organisations.csv"]
    assert Service.objects.filter(live=True).count() == expected["services.csv"]

    wijkracht = Organisation.objects.get(slug="stichting-wijkracht")
    assert wijkracht.last_verified == date(2025, 9, 15)
    assert wijkracht.last_verified_by is None  # the file says when, not who
    assert wijkracht.languages == ["nl", "en", "tr", "ar"]
    assert wijkracht.description.startswith("<p>Wijkracht Hengelo doet het welzijnswerk")
    assert set(wijkracht.themes.values_list("slug", flat=True)) == {
        "eenzaamheid-en-ontmoeting",
        "vrijwilligerswerk",
        "geldzaken",
    }
    assert wijkracht.latest_revision is not None
    assert wijkracht.live_revision == wijkracht.latest_revision

    berflo = Location.objects.get(slug="wijkentree-berflo")
    assert berflo.closed_on_public_holidays is True
    assert berflo.latitude is not None and str(berflo.latitude) == "52.27810"
    windows = [
        (w.weekday, w.opens, w.closes) for w in berflo.opening_hours.order_by("weekday", "opens")
    ]
    assert windows == [
        (0, time(9), time(12)),
        (0, time(13), time(16)),
        (2, time(9), time(12)),
        (2, time(13), time(16)),
        (4, time(9), time(12)),
    ]
    assert District.objects.get(slug="noord-boven-a1").postcodes.count() == 2

    for url in [
        "/organisaties/stichting-wijkracht/",
        "/locaties/wijkentree-berflo/",
        "/vragen/wat-is-basisondersteuning/",
        f"/aanbod/{Service.objects.first().slug}/",
    ]:
        assert client.get(url).status_code == 200, url


def test_import_leaves_the_search_index_up_to_date(data_dir):
    assert import_directory(data_dir).ok
    backend = get_search_backend()
    assert "wijkentree-berflo" in {
        loc.slug for loc in backend.search("Berflo", Location.objects.filter(live=True))
    }
    edit(data_dir, "locations.csv", 0, name="Wijkentree Zonnebloemhuis")
    assert import_directory(data_dir).ok
    found = {loc.slug for loc in backend.search("Zonnebloemhuis", Location.objects.all())}
    assert found == {"wijkentree-berflo"}


def test_second_import_changes_nothing_and_duplicates_nothing():
    assert import_directory(SAMPLE).ok
    before = counts()
    revisions = Revision.objects.count()
    published = dict(Organisation.objects.values_list("slug", "last_published_at"))

    result = import_directory(SAMPLE)
    assert result.ok
    assert all(c.created == 0 and c.updated == 0 for c in result.counts.values())
    assert result.counts["services.csv"].unchanged == len(sample_rows("services.csv"))
    assert counts() == before
    assert Revision.objects.count() == revisions
    assert dict(Organisation.objects.values_list("slug", "last_published_at")) == published


def test_reimport_updates_by_slug_and_leaves_other_items_alone(data_dir):
    assert import_directory(data_dir).ok
    OrganisationFactory(slug="niet-in-het-bestand")
    closed = ClosedDate.objects.create(
        location=Location.objects.get(slug="wijkentree-berflo"), date=date(2026, 12, 24)
    )

    edit(data_dir, "locations.csv", 0, opening_hours="Mo-Fr 10:00-12:00")
    result = import_directory(data_dir)
    assert result.ok
    assert result.counts["locations.csv"].updated == 1
    assert result.updated["locations.csv"] == ["wijkentree-berflo"]

    berflo = Location.objects.get(slug="wijkentree-berflo")
    assert berflo.opening_hours.count() == 5
    assert berflo.closed_on_public_holidays is False
    assert ClosedDate.objects.filter(pk=closed.pk).exists()  # not in the format: kept
    assert Organisation.objects.filter(slug="niet-in-het-bestand").exists()
    assert Location.objects.filter(slug="wijkentree-berflo").count() == 1


def test_dry_run_counts_without_writing(data_dir):
    assert import_directory(data_dir).ok
    edit(data_dir, "faqs.csv", 0, question="Wat is basisondersteuning precies?")
    rows = sample_rows("themes.csv")
    rows.append({**rows[0], "slug": "nieuw-thema", "name": "Nieuw thema"})
    write_rows(data_dir, "themes.csv", rows)
    before = counts()

    result = import_directory(data_dir, dry_run=True)
    assert result.ok and result.dry_run
    assert result.counts["themes.csv"].created == 1
    assert result.created["themes.csv"] == ["nieuw-thema"]
    assert result.counts["faqs.csv"].updated == 1
    assert counts() == before
    assert not Theme.objects.filter(slug="nieuw-thema").exists()


def test_files_with_byte_order_mark_and_bytes_input(data_dir):
    for name in FILES:
        write_rows(data_dir, name, sample_rows(name), bom=True)
    assert (data_dir / "themes.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    result = import_files(read_directory(data_dir))
    assert result.ok, result.problems
    assert Theme.objects.filter(slug="gezondheid").exists()


# --- every class of invalid row ----------------------------------------------------------

TEXT_LANGUAGES = [code for code, _ in translation_languages()]

INVALID_ROWS = [
    # (file, row index, column, value, message)
    ("organisations.csv", 0, "themes", "geldzaken;toveren", "onbekend thema 'toveren'"),
    ("services.csv", 0, "themes", "toveren", "onbekend thema 'toveren'"),
    ("organisations.csv", 0, "districts", "zuid;oost", "onbekend stadsdeel 'oost'"),
    ("locations.csv", 0, "district", "oost", "onbekend stadsdeel 'oost'"),
    ("services.csv", 0, "organisation", "bestaat-niet", "onbekende organisatie 'bestaat-niet'"),
    ("locations.csv", 0, "organisation", "bestaat-niet", "onbekende organisatie 'bestaat-niet'"),
    ("services.csv", 0, "locations", "nergens", "onbekende locatie 'nergens'"),
    (
        "organisations.csv",
        0,
        "target_groups",
        "ouderen;bejaarden",
        "onbekende doelgroep 'bejaarden'",
    ),
    ("faqs.csv", 0, "category", "toeslagen", "onbekende categorie 'toeslagen'"),
    (
        "faqs.csv",
        1,
        "slug",
        "wat-is-basisondersteuning",
        "'wat-is-basisondersteuning' staat al op regel 2 van dit bestand",
    ),
    (
        "faqs.csv",
        0,
        "slug",
        "Wat_is-dit",
        "'Wat_is-dit' is geen geldige slug (alleen kleine letters a-z, cijfers en streepjes, "
        "zoals 'wijkentree-berflo')",
    ),
    (
        "organisations.csv",
        0,
        "postcode",
        "7551 dr",
        "'7551 dr' is geen geldige postcode (schrijf bijvoorbeeld 7551 DR)",
    ),
    (
        "locations.csv",
        0,
        "postcode",
        "0551 DR",
        "'0551 DR' is geen geldige postcode (schrijf bijvoorbeeld 7551 DR)",
    ),
    (
        "districts.csv",
        1,
        "postcodes",
        "7552;7553;7558",
        "postcodegebied 7558 hoort al bij stadsdeel 'noord-boven-a1' (regel 2)",
    ),
    (
        "districts.csv",
        0,
        "postcodes",
        "7558;75590",
        "'75590' is geen postcodegebied van vier cijfers (zoals 7552)",
    ),
    (
        "locations.csv",
        0,
        "latitude",
        "48.85661",
        "48.85661 ligt buiten Nederland (de breedtegraad moet tussen 50.70 en 53.60 liggen)",
    ),
    (
        "locations.csv",
        0,
        "longitude",
        "2.35222",
        "2.35222 ligt buiten Nederland (de lengtegraad moet tussen 3.30 en 7.25 liggen)",
    ),
    (
        "locations.csv",
        0,
        "latitude",
        "",
        "vul zowel de breedtegraad als de lengtegraad in, of geen van beide",
    ),
    (
        "locations.csv",
        0,
        "opening_hours",
        "Mo-Fr 09:00-17:00; Za 10:00-12:00",
        "openingstijden niet begrepen: onbekende dag 'Za' in 'Za 10:00-12:00' "
        "(gebruik Mo Tu We Th Fr Sa Su)",
    ),
    (
        "locations.csv",
        0,
        "opening_hours",
        "Mo 17:00-09:00",
        "openingstijden niet begrepen: in '17:00-09:00' ligt de sluitingstijd niet na de "
        "openingstijd",
    ),
    (
        "organisations.csv",
        0,
        "last_verified",
        "2025-02-30",
        "'2025-02-30' is geen geldige datum (schrijf JJJJ-MM-DD)",
    ),
    (
        "organisations.csv",
        0,
        "last_verified",
        "15-09-2025",
        "'15-09-2025' is geen geldige datum (schrijf JJJJ-MM-DD)",
    ),
    (
        "organisations.csv",
        0,
        "kind",
        "stichting",
        "'stichting' is geen geldige waarde (kies uit: alliantiepartner, onderaannemer, "
        "sociale-basis, gemeente)",
    ),
    (
        "locations.csv",
        0,
        "kind",
        "buurthuis",
        "'buurthuis' is geen geldige waarde (kies uit: wijkentree, wijkteam, inloop, activiteit)",
    ),
    (
        "services.csv",
        0,
        "cost",
        "duur",
        "'duur' is geen geldige waarde (kies uit: gratis, eigen-bijdrage, betaald)",
    ),
    (
        "faqs.csv",
        0,
        "audience",
        "ambtenaren",
        "'ambtenaren' is geen geldige waarde (kies uit: inwoners, zorgaanbieders, iedereen)",
    ),
    (
        "organisations.csv",
        0,
        "languages",
        "nl;xx",
        "'xx' is geen taalcode volgens ISO 639-1 (zoals nl)",
    ),
    ("organisations.csv", 0, "summary", "a" * 161, "te lang: 161 tekens (maximaal 160)"),
    ("organisations.csv", 0, "summary", "", "verplicht, maar leeg"),
    ("faqs.csv", 0, "question", " ", "verplicht, maar leeg"),
    ("faqs.csv", 0, "answer", "", "verplicht, maar leeg"),
    ("themes.csv", 0, "name", "", "verplicht, maar leeg"),
    ("theme_texts.csv", 0, "name", "", "verplicht, maar leeg"),
    ("theme_texts.csv", 0, "theme", "bestaat-niet", "onbekend thema 'bestaat-niet'"),
    (
        "theme_texts.csv",
        0,
        "language",
        "nl",
        f"Kies een taal van de site, behalve Nederlands: {', '.join(TEXT_LANGUAGES)}.",
    ),
    ("locations.csv", 0, "street", "", "verplicht, maar leeg"),
    (
        "organisations.csv",
        0,
        "website",
        "example.org",
        "'example.org' is geen geldig webadres (begin met https://)",
    ),
    ("organisations.csv", 0, "email", "info@", "'info@' is geen geldig e-mailadres"),
]


@pytest.mark.parametrize(
    ("name", "index", "column", "value", "message"),
    INVALID_ROWS,
    ids=[f"{case[0]}-{case[2]}-{case[3][:20]}" for case in INVALID_ROWS],
)
def test_each_invalid_row_is_reported_exactly(data_dir, name, index, column, value, message):
    edit(data_dir, name, index, **{column: value})
    before = counts()
    assert problems_of(data_dir) == [f"{name}:{index + 2}: {column}: {message}"]
    assert counts() == before


def test_wrong_header_is_reported_once(data_dir):
    write_rows(
        data_dir,
        "themes.csv",
        sample_rows("themes.csv"),
        header=["slug", "title", "synonyms", "description"],
    )
    assert problems_of(data_dir) == [
        "themes.csv:1: kopregel: verwacht 'slug,name,synonyms,description', "
        "gevonden 'slug,title,synonyms,description'"
    ]


def test_missing_file_is_reported(data_dir):
    (data_dir / "faqs.csv").unlink()
    assert problems_of(data_dir) == ["faqs.csv:0: bestand: het bestand ontbreekt"]


def test_row_with_wrong_number_of_cells(data_dir):
    with (data_dir / "themes.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("los-thema,Los thema\r\n")
    line = len(sample_rows("themes.csv")) + 2
    assert problems_of(data_dir) == [f"themes.csv:{line}: regel: 2 kolommen, verwacht 4"]


def test_postcode_of_a_district_in_the_database_only(data_dir):
    DistrictPostcodeFactory(district=DistrictFactory(slug="buitengebied"), postcode="7558")
    assert problems_of(data_dir) == [
        "districts.csv:2: postcodes: postcodegebied 7558 hoort al bij stadsdeel 'buitengebied' "
        "(in de database)"
    ]


def test_every_problem_is_listed_in_file_order(data_dir):
    edit(data_dir, "faqs.csv", 3, audience="niemand")
    edit(data_dir, "themes.csv", 2, name="")
    edit(data_dir, "organisations.csv", 1, kind="x", postcode="x")
    problems = problems_of(data_dir)
    assert [p.split(": ")[0] for p in problems] == [
        "themes.csv:4",
        "organisations.csv:3",
        "organisations.csv:3",
        "faqs.csv:5",
    ]
    assert problems[1].startswith("organisations.csv:3: kind:")
    assert problems[2].startswith("organisations.csv:3: postcode:")


def test_references_to_items_already_in_the_database_are_valid(data_dir):
    assert import_directory(data_dir).ok
    # A set with only new services may point at organisations imported earlier.
    for name in FILES:
        if name not in ("services.csv",):
            write_rows(data_dir, name, [])
    assert import_directory(data_dir).ok


# --- atomicity ----------------------------------------------------------------------------


def test_one_bad_row_changes_nothing_at_all(data_dir):
    assert import_directory(SAMPLE).ok
    before = counts()
    names = dict(Organisation.objects.values_list("slug", "name"))
    edit(data_dir, "organisations.csv", 0, name="Nieuwe naam")  # valid change …
    rows = sample_rows("themes.csv")
    rows.append({**rows[0], "slug": "nieuw-thema"})  # … a valid new row …
    write_rows(data_dir, "themes.csv", rows)
    edit(data_dir, "faqs.csv", 44, category="onbekend")  # … and one invalid row at the end

    assert problems_of(data_dir) == ["faqs.csv:46: category: onbekende categorie 'onbekend'"]
    assert counts() == before
    assert dict(Organisation.objects.values_list("slug", "name")) == names
    assert not Theme.objects.filter(slug="nieuw-thema").exists()


def test_failure_while_writing_rolls_everything_back(data_dir, monkeypatch):
    before = counts()

    def fail(self):
        raise RuntimeError("search index unavailable")

    monkeypatch.setattr(SpreadsheetImport, "_update_search_index", fail)
    with pytest.raises(RuntimeError):
        import_directory(data_dir)
    assert counts() == before
    assert DistrictPostcode.objects.filter(postcode="7558").count() == 0


# --- commands and round trip ---------------------------------------------------------------


def test_import_command_lists_problems_and_fails(data_dir, capsys):
    edit(data_dir, "locations.csv", 1, postcode="1234")
    edit(data_dir, "faqs.csv", 0, category="x")
    with pytest.raises(CommandError, match="2 probleem"):
        call_command("import_sociale_kaart", str(data_dir))
    err = capsys.readouterr().err
    assert "locations.csv:3: postcode: '1234' is geen geldige postcode" in err
    assert "faqs.csv:2: category: onbekende categorie 'x'" in err


def test_import_command_prints_counts_and_time(capsys):
    call_command("import_sociale_kaart", str(SAMPLE))
    out = capsys.readouterr().out
    assert f"organisations.csv: {len(sample_rows('organisations.csv'))} nieuw" in out
    assert "Import klaar in" in out


def delete_imported():
    FAQAnswer.objects.all().delete()
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organisation.objects.all().delete()
    District.objects.all().delete()
    Theme.objects.all().delete()


def test_export_import_export_is_byte_identical(tmp_path):
    assert import_directory(SAMPLE).ok
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_sociale_kaart", str(first))
    delete_imported()
    assert counts() == dict.fromkeys(counts(), 0)

    result = import_directory(first)
    assert result.ok, result.problems
    export_directory(second)
    for name in FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    # Same rows as the sample (RFC 4180 line ends), apart from the order of rows and lists.
    exported = (first / "services.csv").read_bytes()
    assert exported.count(b"\r\n") - 1 == len(sample_rows("services.csv"))


def test_export_is_sorted_by_slug_and_only_dutch_and_live(tmp_path, locale_en):
    assert import_directory(SAMPLE).ok
    draft = Organisation.objects.get(slug="aveleijn")
    draft.live = False
    draft.save()
    translated = Organisation.objects.get(slug="stichting-wijkracht").copy_for_translation(
        locale_en
    )
    translated.save()
    export_directory(tmp_path)
    with (tmp_path / "organisations.csv").open(encoding="utf-8", newline="") as handle:
        slugs = [row["slug"] for row in csv.DictReader(handle)]
    assert slugs == sorted(slugs)
    assert "aveleijn" not in slugs
    assert slugs.count("stichting-wijkracht") == 1


def test_rich_text_conversion_round_trips():
    text = "Eerste alinea met <b> & 'tekens'.\n\nTweede alinea."
    rich = text_to_rich_text(text)
    assert rich == "<p>Eerste alinea met &lt;b&gt; &amp; 'tekens'.</p><p>Tweede alinea.</p>"
    assert rich_text_to_text(rich) == text
    formatted = '<p data-block-key="a1">Met <b>vet</b></p>'
    assert rich_text_to_text(formatted) == formatted
    assert text_to_rich_text(formatted) == formatted
    assert text_to_rich_text("") == rich_text_to_text("") == ""


def test_generated_set_is_valid_deterministic_and_scaled(tmp_path):
    options = {"organisations": 30, "services": 60, "locations": 12, "faqs": 20, "seed": 3}
    call_command("generate_sociale_kaart", str(tmp_path / "a"), **options)
    call_command("generate_sociale_kaart", str(tmp_path / "b"), **options)
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    result = import_directory(tmp_path / "a", dry_run=True)
    assert result.ok, result.problems[:5]
    assert result.counts["organisations.csv"].created == 30
    assert result.counts["services.csv"].created == 60
    assert result.counts["locations.csv"].created == 12
    assert result.counts["faqs.csv"].created == 20

    call_command("generate_sociale_kaart", str(tmp_path / "scaled"), scale=2)
    with (tmp_path / "scaled" / "services.csv").open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 2 * len(sample_rows("services.csv"))


def sample_dates() -> list[date]:
    return sorted(
        date.fromisoformat(row["last_verified"])
        for row in sample_rows("organisations.csv")
        if row["last_verified"]
    )


def test_demo_dates_move_the_sample_to_the_import_day():
    """make run's sample import: the newest check is today, the spread stays the same."""
    from django.utils import timezone

    call_command("import_sociale_kaart", str(SAMPLE), "--demo-dates", verbosity=0)

    in_file = sample_dates()
    imported = sorted(
        Organisation.objects.exclude(last_verified=None).values_list("last_verified", flat=True)
    )
    today = timezone.localdate()
    assert imported[-1] == today
    assert imported[-1] - imported[0] == in_file[-1] - in_file[0]


def test_real_imports_keep_their_dates():
    call_command("import_sociale_kaart", str(SAMPLE), verbosity=0)
    imported = sorted(
        Organisation.objects.exclude(last_verified=None).values_list("last_verified", flat=True)
    )
    assert imported == sample_dates()


def test_make_run_uses_demo_dates_for_the_sample_only():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text(encoding="utf-8")
    imports = [line.strip() for line in makefile.splitlines() if "import_sociale_kaart" in line]
    assert imports == ["$(PY) manage.py import_sociale_kaart --demo-dates $(SAMPLE_DATA)"]
