"""Query understanding without a database: normalisation, compounds, spelling, themes."""

import csv
import datetime

import pytest

from search import ranking
from search.compounds import split_compound
from search.query import QueryTerm, _cognate, _theme_word_scores, _word_match, analyse
from search.text import fold, normalise, stem
from tests.search_helpers import SAMPLE, FakeTheme, vocabulary_from

THEMES = [
    FakeTheme(
        1, "geldzaken", "Geldzaken", "Money matters", ["schulden", "geldproblemen"], ["debt"]
    ),
    FakeTheme(
        2, "eenzaamheid-en-ontmoeting", "Eenzaamheid en ontmoeting", "Loneliness", ["alleen"], []
    ),
    FakeTheme(3, "vrijwilligerswerk", "Vrijwilligerswerk", "Volunteering", ["vrijwilliger"], []),
    FakeTheme(
        4,
        "taal",
        "Taal en digitale vaardigheden",
        "Language",
        ["taal", "computer"],
        ["dutch lessons"],
    ),
    FakeTheme(5, "mantelzorg", "Mantelzorg", "Informal care", ["zorgen voor"], []),
    FakeTheme(6, "opvoeden", "Opvoeden", "Parenting", ["ouders"], []),
    FakeTheme(7, "ouder-worden", "Ouder worden", "Growing older", ["ouderen"], []),
    FakeTheme(8, "psychisch", "Psychische gezondheid", "Mental health", ["stress"], ["depression"]),
    FakeTheme(9, "verslaving", "Verslaving", "Addiction", ["alcohol"], []),
]
TEXT = [
    "schuldhulpverlening voor mensen met schulden",
    "hulp bij administratie en problemen met geld",
    "zorg thuis en zorg voor ouderen",
    "zorg in de wijk",
    "zorgboerderij met dagbesteding",
    "eenzaamheid en ontmoeting in de buurt",
    "vrijwilliger worden bij de hulpdienst",
    "les op de computer",
    "werk en zorg",
    "café en koffie",
    "praten over depressie en stress",
    "een verslag van de avond",
    *(["informatie en advies over wonen"] * 15),
]


@pytest.fixture(scope="module")
def vocabulary():
    return vocabulary_from(TEXT, THEMES)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  Schulden  ", "schulden"),
        ("a & b | !c:*(d) \"e' ~f^", "a b c d e f"),
        ("eenzaam\x00heid\x07", "eenzaam heid"),
        ("café 😀 hulp", "café hulp"),
        ("((((", ""),
        ("مرحبا עזרה", "مرحبا עזרה"),
        ("\ud800broken", "broken"),
        (None, ""),
    ],
)
def test_normalise_removes_operators_and_control_characters(raw, expected):
    assert normalise(raw) == expected


def test_normalise_caps_length():
    assert len(normalise("a" * 10_000)) <= 200


def test_fold_removes_accents():
    assert fold("Coöperatie Café") == "cooperatie cafe"


def test_stem_matches_postgres_dutch_stemmer():
    # Same Snowball algorithm as PostgreSQL's dutch_stem (dutch_porter).
    assert stem("eenzaamheid") == stem("eenzaam") == "eenzam"
    assert stem("schulden") == stem("schuld")


@pytest.mark.parametrize(
    "word, parts",
    [
        ("schuldhulpverlening", ["schuld", "hulp", "verlening"]),
        ("vrijwilligerswerk", ["vrijwilliger", "werk"]),
        ("geldzorgen", ["geld", "zorgen"]),
        ("hulp", []),
        ("verlening", []),
    ],
)
def test_split_compound(word, parts):
    known = {"schuld", "hulp", "verlening", "vrijwilliger", "werk", "geld", "zorgen"}
    assert split_compound(word, known) == parts


def test_split_compound_does_not_split_a_stem_plus_ending():
    # "geldzorg" + "en" is the word itself, not a compound.
    assert split_compound("geldzorgen", {"geldzorg"}) == []


@pytest.mark.parametrize(
    "typed, corrected", [("eenzaamhied", "eenzaamheid"), ("vrijwiliger", "vrijwilliger")]
)
def test_spelling_correction(vocabulary, typed, corrected):
    assert vocabulary.correct(typed) == corrected


def test_known_words_are_not_corrected(vocabulary):
    assert vocabulary.correct("schulden") is None


@pytest.mark.parametrize(
    "query, theme",
    [
        ("schulden", "geldzaken"),
        ("schuld", "geldzaken"),  # stem
        ("schuldhulp", "geldzaken"),  # compound part "schuld" ~ synonym "schulden"
        ("geldzorgen", "geldzaken"),  # shares "geld" with "geldproblemen"
        ("debt", "geldzaken"),  # English synonym on the Dutch site
        ("eenzaamhied", "eenzaamheid-en-ontmoeting"),  # typo
        ("ik ben alleen", "eenzaamheid-en-ontmoeting"),
        ("vrijwilligers", "vrijwilligerswerk"),
        ("taalles", "taal"),
    ],
)
def test_theme_detection(vocabulary, query, theme):
    analysed = analyse(query, vocabulary)
    assert analysed.themes, query
    assert analysed.themes[0].theme.slug == theme


def test_common_compound_part_does_not_trigger_a_theme(vocabulary):
    # "zorg" is in most documents: "zorgboerderij" is not about mantelzorg.
    analysed = analyse("zorgboerderij", vocabulary)
    assert "mantelzorg" not in [m.theme.slug for m in analysed.themes]


def test_engine_terms_use_or_semantics_with_weights(vocabulary):
    analysed = analyse("wat is schuldhulp", vocabulary)
    terms = dict(analysed.engine_terms())
    assert "wat" not in terms and "is" not in terms  # stop words
    assert {"schuldhulp", "schuld", "hulp"} <= set(terms)
    assert terms["schuld"] < terms["schuldhulp"]


def test_only_stop_words_still_searches_something(vocabulary):
    assert not analyse("wat is dat", vocabulary).is_empty
    assert analyse("!!!", vocabulary).is_empty


def test_ranking_prefers_theme_then_name_then_text():
    # All the query's words in a name come first after an exact name; then a theme item
    # the words also find (a little of its text); a bare theme tag counts less
    # (``ranking.TAG_ONLY_FACTOR``) but more than a text match alone.
    theme_and_text = ranking.score(ranking.Features(theme=1.0, text=0.2), "organisation")
    theme_only = ranking.score(ranking.Features(theme=1.0), "organisation")
    name_only = ranking.score(ranking.Features(title=1.0, text=1.0), "service")
    text_only = ranking.score(ranking.Features(text=1.0), "service")
    exact = ranking.score(ranking.Features(title=1.0, text=1.0, exact=True), "organisation")
    assert exact > name_only > theme_and_text > theme_only > text_only


def test_staleness_penalty_applies_from_the_long_overdue_cutoff():
    cutoff = datetime.date(2025, 5, 23)
    assert ranking.staleness_penalty(datetime.date(2025, 5, 23), cutoff) == ranking.STALE_PENALTY
    assert ranking.staleness_penalty(datetime.date(2025, 5, 24), cutoff) == 0.0
    assert ranking.staleness_penalty(None, cutoff) == 0.0  # never checked: not "long overdue"
    stale = ranking.score(ranking.Features(text=1.0), "faq", penalty=ranking.STALE_PENALTY)
    assert stale < ranking.score(ranking.Features(text=1.0), "faq")
    # A stale item with a better match (its name) still beats a fresh description-only hit.
    stale_name = ranking.score(
        ranking.Features(title=1.0, text=1.0), "service", penalty=ranking.STALE_PENALTY
    )
    assert stale_name > ranking.score(ranking.Features(text=1.0), "service")


def test_a_much_weaker_theme_match_is_dropped(vocabulary):
    # "ouders" (a synonym) shares only a stem with "ouderen": another sense of the word.
    assert [m.theme.slug for m in analyse("ouderen", vocabulary).themes] == ["ouder-worden"]
    assert [m.theme.slug for m in analyse("ouders", vocabulary).themes] == ["opvoeden"]


def test_very_common_words_are_left_out_of_the_engine_query(vocabulary):
    # "informatie" is in most test documents; "schulden" tells what the query is about.
    terms = dict(analyse("informatie schulden", vocabulary).engine_terms())
    assert "schulden" in terms and "informatie" not in terms
    # ... unless it is the only word
    assert "informatie" in dict(analyse("informatie", vocabulary).engine_terms())


def _themes(text, vocabulary):
    return [m.theme.slug for m in analyse(text, vocabulary).themes]


def test_an_unknown_compound_is_found_by_its_long_known_start(vocabulary):
    """'schuld' covers less than half of 'schuldsanering', yet it is the only clue."""
    query = analyse("schuldsanering", vocabulary)
    assert "schuld" in query.terms[0].parts
    assert _themes("schuldsanering", vocabulary) == ["geldzaken"]


def test_cognates_across_languages_point_to_the_theme(vocabulary):
    # "depressie" is a known Dutch word; the theme only has the English "depression".
    assert _themes("depressie", vocabulary) == ["psychisch"]
    # A shared start alone is not enough across languages: "informatie" is not "informal".
    assert "mantelzorg" not in _themes("informatie", vocabulary)


def test_an_unknown_word_may_match_another_form_of_a_theme_word(vocabulary):
    assert _themes("verslaafd", vocabulary) == ["verslaving"]
    # "verslag" is a known word of its own: sharing a start with "verslaving" is no proof.
    assert _cognate("verslaafd", "verslaving", vocabulary)
    assert not _cognate("verslag", "verslaving", vocabulary)


def test_half_a_phrase_counts_only_when_nothing_matches_whole(vocabulary):
    weak = analyse("learn dutch", vocabulary).themes
    assert [m.theme.slug for m in weak] == ["taal"]
    assert weak[0].strength < 1.0
    # With a whole match, the half-matched phrase adds nothing.
    assert _themes("dutch schulden", vocabulary) == ["geldzaken"]


def _sample_themes_and_texts():
    with (SAMPLE / "themes.csv").open(encoding="utf-8") as handle:
        themes = [
            FakeTheme(pk, row["slug"], row["name"], "", [])
            for pk, row in enumerate(csv.DictReader(handle), start=1)
        ]
    texts = []
    for name in ("organisations.csv", "services.csv"):
        with (SAMPLE / name).open(encoding="utf-8") as handle:
            texts += [f"{r['name']} {r.get('description', '')}" for r in csv.DictReader(handle)]
    return themes, texts


def test_theme_words_found_through_the_indexes_are_those_every_comparison_finds():
    """The query words' theme matches come from indexes of the theme words; they must be
    exactly what comparing each query word with every theme word gives (typos, cognates,
    other endings, compound parts in six languages)."""
    themes, texts = _sample_themes_and_texts()
    vocabulary = vocabulary_from(texts, themes)
    query_words = sorted(vocabulary.theme_words | set(list(vocabulary.word_df)[:1500]))
    typos = [w[:-2] + w[-1] + w[-2] for w in query_words if len(w) >= 6][:400]
    endings = [w + suffix for w in query_words[:300] for suffix in ("umla", "ami", "ою")]
    checked = matched = 0
    for word in [*query_words, *typos, *endings]:
        term = QueryTerm(word, parts=vocabulary.parts_of(word))
        expected = {}
        for theme_word in vocabulary.theme_words:
            if score := _word_match(term, theme_word, vocabulary):
                expected[theme_word] = score
        assert _theme_word_scores(term, vocabulary) == expected, word
        checked += 1
        matched += bool(expected)
    assert checked > 2000 and matched > 1000


def test_theme_words_of_other_languages_are_known_and_corrected_to_but_no_compound_parts():
    themes = [
        *THEMES,
        FakeTheme(10, "vervoer", "Vervoer", "Transport", ["vervoer"], ["car", "lonely"]),
    ]
    vocabulary = vocabulary_from(TEXT, themes)
    assert vocabulary.is_known("car") and vocabulary.is_known("lonely")
    assert vocabulary.correct("lonley") == "lonely"
    # "car" is an English search word, not the start of a Dutch compound ("carint" is the
    # start of an organisation's name).
    assert not vocabulary.is_part("car")
    assert "car" not in vocabulary.parts_of("carint")
    # A Dutch search word still is ("vervoer" in "vervoerdienst").
    assert "vervoer" in vocabulary.parts_of("vervoerdienst")


def test_an_everyday_word_is_not_taken_for_a_theme_word_it_resembles():
    """A typo or another ending of a theme word matches it; a real Dutch or English word
    that only looks like one means itself ("schelden" is not "schulden", "prachtig" is
    not the Polish "praca")."""
    themes = [*THEMES, FakeTheme(10, "werk-en-dagbesteding", "Werk en dagbesteding", "Work", [])]
    vocabulary = vocabulary_from(TEXT, themes)
    assert "praca" in vocabulary.suffixing_theme_words
    assert _word_match(QueryTerm("prace"), "praca", vocabulary) > 0  # Polish, another ending
    assert _word_match(QueryTerm("prachtig"), "praca", vocabulary) == 0
    assert _word_match(QueryTerm("schuldden"), "schulden", vocabulary) > 0  # a typo
    assert _word_match(QueryTerm("schelden"), "schulden", vocabulary) == 0
    assert not analyse("prachtig", vocabulary).themes
