"""Interface text produced by Python code (opening hours, filters, errors, the report form)
comes out of the gettext catalogues: Dutch as written, English as before the conversion, and
the Dutch text (never a key or an empty string) in a language without a translation."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.http import QueryDict
from django.utils import translation

from locations import statuses
from locations.hours import WeekSchedule, format_date, status_at, week_rows
from locations.postcode import PostcodeResult
from portal.core.pagination import _notice
from portal.editorial.texts import rate_limited_message, texts
from portal.pages.directory_pages import ThemeFilterForm
from portal.pages.templatetags.portal_tags import cost_label, kind_label

AMS = ZoneInfo("Europe/Amsterdam")
# Open on Mondays only, closed on Monday 30 November 2026: on Monday 23 November after
# closing time the next opening is two weeks ahead, so the line names the date.
MONDAYS = WeekSchedule(
    windows={0: [(dt.time(9), dt.time(12))]},
    closed_dates={dt.date(2026, 11, 30): ""},
    closed_on_public_holidays=False,
)
AFTER_CLOSING = dt.datetime(2026, 11, 23, 13, tzinfo=AMS)
# A language Django itself speaks but this site has no catalogue for.
UNTRANSLATED = "de"


@pytest.fixture(autouse=True)
def untranslated_language_is_not_shipped():
    assert UNTRANSLATED not in dict(settings.LANGUAGES)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("nl", "Gesloten — opent maandag 7 december om 09:00"),
        ("en", "Closed — opens on Monday 7 December at 09:00"),
        (UNTRANSLATED, None),  # Dutch sentence, German date: checked below
    ],
)
def test_opening_line_names_a_date_more_than_a_week_ahead(language, text):
    line = status_at(MONDAYS, AFTER_CLOSING, language).text
    if text is not None:
        assert line == text
    else:
        # Our sentence falls back to the Dutch message id; the weekday and month are
        # Django's own names in that language.
        assert line == "Gesloten — opent Montag 7 Dezember om 09:00"


def test_status_line_follows_the_active_language_without_an_argument():
    with translation.override("en"):
        assert status_at(MONDAYS, AFTER_CLOSING).text.startswith("Closed — opens on Monday")
    with translation.override("nl"):
        assert status_at(MONDAYS, AFTER_CLOSING).text.startswith("Gesloten — opent maandag")


def test_closed_date_without_a_reason_and_public_holiday_names_are_translated():
    assert status_at(MONDAYS, dt.datetime(2026, 11, 30, 10, tzinfo=AMS), "en").text == (
        "Closed today (closed) — opens on Monday 7 December at 09:00"
    )
    assert status_at(MONDAYS, dt.datetime(2026, 11, 30, 10, tzinfo=AMS), "nl").text == (
        "Vandaag gesloten (gesloten) — opent maandag 7 december om 09:00"
    )
    christmas = WeekSchedule(windows={4: [(dt.time(9), dt.time(12))]})
    friday = dt.datetime(2026, 12, 25, 10, tzinfo=AMS)
    assert status_at(christmas, friday, "en").closed_today_reason == "Christmas Day"
    assert status_at(christmas, friday, "nl").closed_today_reason == "Eerste kerstdag"
    # The holidays package has no German names for Dutch holidays: Dutch, not empty.
    assert status_at(christmas, friday, UNTRANSLATED).closed_today_reason == "Eerste kerstdag"


def test_week_table_and_dates_use_djangos_names():
    assert [row.name for row in week_rows(MONDAYS, AFTER_CLOSING, "nl")][:2] == [
        "maandag",
        "dinsdag",
    ]
    assert [row.name for row in week_rows(MONDAYS, AFTER_CLOSING, "en")][:2] == [
        "Monday",
        "Tuesday",
    ]
    assert format_date(dt.date(2026, 12, 25), "nl") == "vrijdag 25 december"
    assert format_date(dt.date(2026, 12, 25), "en") == "Friday 25 December"


@pytest.mark.parametrize(
    ("language", "one", "five"),
    [
        ("nl", "Probeer het over 1 minuut opnieuw.", "Probeer het over 5 minuten opnieuw."),
        ("en", "Please try again in 1 minute.", "Please try again in 5 minutes."),
        (UNTRANSLATED, "Probeer het over 1 minuut opnieuw.", "Probeer het over 5 minuten opnieuw."),
    ],
)
def test_rate_limit_message_has_plural_forms(language, one, five):
    with translation.override(language):
        assert one in rate_limited_message(1)
        assert five in rate_limited_message(5)
        assert rate_limited_message(5).endswith("14 074.")


def _flat_texts() -> dict[str, str]:
    flat = {name: str(text) for name, text in texts().items() if name != "problems"}
    flat |= {f"problem {value}": str(label) for value, label in texts()["problems"].items()}
    return flat


def test_report_form_texts_in_dutch_english_and_an_untranslated_language():
    with translation.override("nl"):
        dutch = _flat_texts()
    with translation.override("en"):
        english = _flat_texts()
    with translation.override(UNTRANSLATED):
        fallback = _flat_texts()
    assert dutch["heading"] == "Klopt er iets niet?"
    assert english["heading"] == "Is something wrong?"
    assert english["problem iets-anders"] == "Something else"
    assert all(english[name] and english[name] != dutch[name] for name in dutch)
    assert fallback == dutch
    assert all(fallback.values())


def test_errors_in_each_language():
    bad = QueryDict("open=misschien")
    with translation.override("en"):
        english_page = _notice("x", 2)
    assert english_page == "Page “x” does not exist. You are seeing page 2."
    for language, open_now, postcode, page in [
        ("nl", "Deze keuze kennen we niet.", "Postcode 1234 ligt niet in Hengelo.", "Pagina ‘x’"),
        ("en", "We do not know this choice.", "Postcode 1234 is not in Hengelo.", "Page “x”"),
        (UNTRANSLATED, "Deze keuze kennen we niet.", "Postcode 1234 ligt niet", "Pagina ‘x’"),
    ]:
        with pytest.raises(statuses.OpenNowChoiceError) as error:
            statuses.open_now_requested(bad, language)
        assert str(error.value).startswith(open_now)
        assert (
            PostcodeResult("1234", "1234", error="unknown").message(language).startswith(postcode)
        )
        with translation.override(language):
            assert _notice("x", 2).startswith(page)


def test_open_now_value_is_translated_and_every_value_works_everywhere():
    assert statuses.open_now_value("nl") == "nu"
    assert statuses.open_now_value("en") == "now"
    assert statuses.open_now_value(UNTRANSLATED) == "nu"
    for value in ("nu", "now", "NU "):
        assert statuses.open_now_requested(QueryDict(f"open={value}"), "nl")


def test_labels_and_theme_filters_in_dutch_and_english():
    with translation.override("en"):
        form = ThemeFilterForm(None, [], [])
        assert cost_label("eigen-bijdrage") == "Own contribution"
        assert kind_label("wijkteam") == "Neighbourhood team"
        assert form.fields["doelgroep"].label == "For whom"
        assert [label for _value, label in form.fields["kosten"].choices] == [
            "All",
            "Free",
            "Own contribution",
            "Paid",
        ]
    with translation.override("nl"):
        form = ThemeFilterForm(None, [], [])
        assert cost_label("eigen-bijdrage") == "Eigen bijdrage"
        assert kind_label("onderaannemer") == "Werkt samen met Wijkracht"
        assert form.fields["kosten"].label == "Kosten"
        assert form.fields["kosten"].choices[0] == ("", "Alle")
    with translation.override(UNTRANSLATED):
        assert kind_label("gemeente") == "Gemeente"
        assert kind_label("onbekend") == "onbekend"  # an unknown code shows as itself
