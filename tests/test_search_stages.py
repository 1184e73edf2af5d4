"""The search pipeline's new stages on their own, without a database: places, names,
spelling, informativeness, per-language theme words, fusion and the sentence encoder."""

from dataclasses import dataclass, field

import numpy as np
import pytest

from search import fusion, places, ranking, semantic, spelling
from search import query as query_module
from search.catalogue import ItemRecord
from search.engine import Hit
from search.names import NameIndex
from search.query import QueryTerm, ThemeMatch, analyse
from search.vocabulary import ThemeTerms
from tests.search_helpers import FakeTheme, vocabulary_from


@dataclass
class FakeDistrict:
    pk: int
    slug: str
    name: str
    neighbourhood_list: list[str] = field(default_factory=list)


DISTRICTS = [
    FakeDistrict(1, "noord-boven-a1", "Noord boven de A1", ["Hasselo", "Hasseler Es", "Woolde"]),
    FakeDistrict(2, "midden", "Midden", ["Binnenstad", "Groot Driene", "Klein Driene"]),
    FakeDistrict(3, "zuid", "Zuid", ["Slangenbeek", "'t Lansink", "Wilderinck", "Boekelo"]),
    FakeDistrict(
        4, "noord-onder-a1", "Noord onder de A1", ["Tuindorp", "Berflo Es", "Hengelose Es"]
    ),
]
POSTCODES = {"7559": 1, "7558": 1, "7551": 2, "7555": 3, "7552": 4}


@pytest.mark.parametrize(
    "query, slug, by",
    [
        ("taalles 7555", "zuid", "postcode"),
        ("wijkentree 7555BT", "zuid", "postcode"),
        ("7559 bh", "noord-boven-a1", "postcode"),
        ("buurthuis hasseler es", "noord-boven-a1", "neighbourhood"),
        ("hulp in de binnenstad", "midden", "neighbourhood"),
        ("'t lansink", "zuid", "neighbourhood"),
        ("lansink", "zuid", "neighbourhood"),
        ("voedselbank zuid", "zuid", "district"),
        # a district's name of only common words, whole or a part no other district has
        ("noord onder de a1", "noord-onder-a1", "district"),
        ("hulp noord onder a1", "noord-onder-a1", "district"),
        ("boven de a1", "noord-boven-a1", "district"),
        # typed apart, together or with a letter wrong
        ("tuin dorp", "noord-onder-a1", "neighbourhood"),
        ("taalles kleindriene", "midden", "neighbourhood"),
        ("berfloes", "noord-onder-a1", "neighbourhood"),
        ("wilderink", "zuid", "neighbourhood"),
        ("slangebeek buurthuis", "zuid", "neighbourhood"),
        ("klien driene", "midden", "neighbourhood"),  # apart and a letter wrong
        # a telling word of a longer name that only one district's names hold
        ("driene", "midden", "neighbourhood"),
        ("koffie berflo", "noord-onder-a1", "neighbourhood"),
    ],
)
def test_places_in_a_query_map_to_their_district(query, slug, by):
    place = places.find_place(query, DISTRICTS, POSTCODES)
    assert place is not None and (place.slug, place.by) == (slug, by)


@pytest.mark.parametrize(
    "query",
    # "boekel" is a Dutch word (no misspelled Boekelo), "lanse" too short to be a typo
    # "es" is in three districts' names, "hengelose" is said of anything in town
    [
        *["schulden", "1234", "75+ activiteiten", "noord", "de a1", "onder", "boekel", "lanse"],
        *["es", "hengelose vereniging", "wijk hengelo"],
    ],
)
def test_no_place_where_none_is_named(query):
    assert places.find_place(query, DISTRICTS, POSTCODES) is None


def test_a_place_names_the_typed_words_and_the_place_they_mean():
    place = places.find_place("hulp kleindriene", DISTRICTS, POSTCODES)
    assert (place.words, place.area) == (("kleindriene",), "Klein Driene")
    place = places.find_place("7555 BT", DISTRICTS, POSTCODES)
    assert (place.words, place.postcode) == (("7555", "bt"), "7555BT")
    place = places.find_place("postcode 7555bt", DISTRICTS, POSTCODES)
    assert (place.words, place.postcode) == (("7555bt",), "7555BT")
    place = places.find_place("klien driene", DISTRICTS, POSTCODES)
    assert (place.words, place.area) == (("klien", "driene"), "Klein Driene")


@pytest.mark.parametrize(
    "text, context, meant",
    [
        ("postcode 7558", ("postcode",), ""),
        ("wijk wilderink", ("wijk",), ""),
        ("lansink hengelo", ("hengelo",), ""),
        ("hulp bij geld in de wijk hasselo", ("wijk",), "hulp bij geld in de"),
        ("hulp bij geld hasselo", (), "hulp bij geld"),
    ],
)
def test_words_that_only_say_where_are_no_need(vocabulary, text, context, meant):
    query = analyse(text, vocabulary)
    query.place = places.find_place(text, DISTRICTS, POSTCODES)
    assert query.place.context == context
    assert fusion.semantic_text(query) == meant


def test_words_that_say_where_are_no_place_on_their_own():
    assert places.find_place("postcode", DISTRICTS, POSTCODES) is None
    assert places.find_place("7558 postcode", DISTRICTS, POSTCODES).context == ("postcode",)


def _location(title, postcode, kind, district="zuid"):
    record = ItemRecord(1, "slug", title, "", True, 1, None, "x")
    record.postcode, record.kind = postcode, kind
    return Hit("location", record, districts=frozenset([district]))


@pytest.mark.parametrize("query", ["7555", "7555 bt", "hulp in slangenbeek", "zuid"])
def test_locations_at_the_place_typed_come_before_the_districts_entry_points(query):
    at_place = {
        "7555": _location("De Sterrentuin", "7555 BT", "activiteit"),
        "7555 bt": _location("De Sterrentuin", "7555 BT", "activiteit"),
        "hulp in slangenbeek": _location("Buurthuis Slangenbeek", "7556 NH", "inloop"),
        "zuid": _location("Wijkteam Zuid", "7557 CH", "wijkteam"),
    }[query]
    entry_point = _location("Wijkentree Elders", "7557 AA", "wijkentree")
    other = _location("Sporthal", "7557 AB", "activiteit")
    service = Hit("service", None, districts=frozenset(["zuid"]))
    place = places.find_place(query, DISTRICTS, POSTCODES)
    features = [
        places.place_feature(h, place, len(DISTRICTS))
        for h in (at_place, entry_point, other, service)
    ]
    assert features == sorted(features, reverse=True) and len(set(features)) == 4


def test_a_place_counts_most_for_locations_and_nothing_for_citywide_items():
    place = places.find_place("7555", DISTRICTS, POSTCODES)
    location = _location("Sporthal", "7557 AB", "activiteit")
    service = Hit("service", None, districts=frozenset(["zuid"]))
    citywide = Hit("organisation", None, districts=frozenset(d.slug for d in DISTRICTS))
    elsewhere = Hit("location", None, districts=frozenset(["midden"]))
    count = len(DISTRICTS)
    features = [places.place_feature(h, place, count) for h in (location, service, citywide)]
    assert features[0] > features[1] > features[2] == 0.0
    assert places.place_feature(elsewhere, place, count) == 0.0


def _records(names):
    return {
        pk: ItemRecord(pk, f"slug-{pk}", name, "", True, 1, None, "x")
        for pk, name in enumerate(names, start=1)
    }


@pytest.fixture(scope="module")
def name_index():
    organisations = _records(
        ["Carintreggeland", "Aveleijn", "WOPIT", "Tactus Verslavingszorg", "Respijtzorg Twente"]
    )
    return NameIndex.build({"organisation": organisations, "location": {}})


@pytest.mark.parametrize(
    "query_words, unknown, pk",
    [
        (["carint"], ["carint"], 1),  # the start of a name
        (["aveleyn"], ["aveleyn"], 2),  # misspelled
        (["wop", "it"], [], 3),  # typed apart
        (["tactsu"], ["tactsu"], 4),  # letters swapped
        (["karint", "reggeland"], ["karint"], 1),  # typed apart and misspelled
        (["bij", "karint", "regeland"], ["karint", "regeland"], 1),  # in a longer query
    ],
)
def test_partial_and_misspelled_names_find_their_item(name_index, query_words, unknown, pk):
    found, naming = name_index.match(query_words, unknown)
    assert ("organisation", pk) in found
    assert naming


def test_a_word_unlike_any_name_names_nothing(name_index):
    assert name_index.match(["schulden"], ["schulden"]) == ({}, set())


def test_words_that_exist_typed_apart_are_no_misspelled_name(name_index):
    """ "respijt zorg" is the need, not a misspelling of "Respijtzorg Twente"."""
    assert name_index.match(["respijt", "zorg"], []) == ({}, set())


@pytest.mark.parametrize(
    "word", ["verhuizen", "debt", "borç", "борги", "długi", "وحدة", "loneliness"]
)
def test_words_of_every_served_language_are_valid(word):
    assert spelling.is_valid_word(word)


@pytest.mark.parametrize("word", ["eenzaamhied", "schuldn", "vrijwiliger", "tactsu"])
def test_typos_are_not_words(word):
    assert not spelling.is_valid_word(word)


THEMES = [
    FakeTheme(1, "geldzaken", "Geldzaken", "Money matters", ["schulden"], ["debt"]),
    FakeTheme(
        2, "eenzaamheid-en-ontmoeting", "Eenzaamheid en ontmoeting", "Loneliness", ["alleen"]
    ),
    FakeTheme(3, "wonen-en-huishouden", "Wonen en huishouden", "Housing", ["thuis", "huis"]),
    FakeTheme(4, "opvoeden-en-opgroeien", "Opvoeden en opgroeien", "Parenting", ["puber"]),
    FakeTheme(5, "huiselijk-geweld", "Huiselijk geweld", "Domestic violence", []),
]
TEXT = [
    "schuldhulp bij schulden en rekeningen",
    "hulp bij u thuis in huis",
    "u kunt terecht met al uw vragen",
    "ontmoeting en koffie in de buurt",
    "opvoeden van kinderen, ook pubers",
    "de wachter van het gebouw helpt bij de ingang",
    *(["u kunt terecht met vragen over thuis en huis"] * 6),
]


@pytest.fixture(scope="module")
def vocabulary():
    return vocabulary_from(TEXT, THEMES)


def _themes(query, vocabulary):
    return [m.theme.slug for m in analyse(query, vocabulary).themes]


@pytest.mark.parametrize(
    "query", ["borç", "borçlarım var", "допомога з боргами", "pomoc w długach", "الديون"]
)
def test_foreign_words_find_their_theme(vocabulary, query):
    assert _themes(query, vocabulary)[0] == "geldzaken"


@pytest.mark.parametrize(
    "query, slug",
    [
        ("грошима", "geldzaken"),  # uk: with money (гроші)
        ("dayağı", "huiselijk-geweld"),  # tr: the beating (dayak)
    ],
)
def test_foreign_theme_words_match_with_other_endings(vocabulary, query, slug):
    assert _themes(query, vocabulary)[:1] == [slug]


def test_another_ending_needs_the_whole_stem():
    assert query_module._same_word_but_ending("оренду", "оренда")
    assert not query_module._same_word_but_ending("kim", "kira")  # too short to tell
    assert not query_module._same_word_but_ending("prawda", "praca")  # shares only "pra"


def test_a_valid_word_is_never_corrected(vocabulary):
    # "wachten" is one letter from "wachter" in the texts, but a Dutch word of its own.
    query = analyse("lang wachten borç", vocabulary)
    assert all(t.correction is None for t in query.terms)


@pytest.mark.parametrize(
    "query",
    [
        "schulden",
        "eenzaamhied",
        "my dad keeps forgetting",
        "yalnız hissediyorum",
        "самотність",
        "rijlesauto",  # a compound of two real words, though no word list holds it
    ],
)
def test_real_words_are_searched_by_meaning(vocabulary, query):
    assert fusion.has_meaning(analyse(query, vocabulary), vocabulary)


@pytest.mark.parametrize("query", ["asdfgh", "qqxzvw", "kjhkjh zxcvb", "zxcvb hjkl"])
def test_typing_noise_is_not_searched_by_meaning(vocabulary, query):
    # The encoder would rank some item first for any string; noise must find nothing.
    assert not fusion.has_meaning(analyse(query, vocabulary), vocabulary)


def test_everyday_words_do_not_decide_a_sentence(vocabulary):
    # "thuis" is a synonym of Wonen, but in a sentence about a teenager it is a side word.
    themes = _themes("waar kan ik terecht met vragen over mijn puber thuis", vocabulary)
    assert themes[0] == "opvoeden-en-opgroeien"
    assert "wonen-en-huishouden" not in themes


def _word_themes(query):
    return {m.theme.slug: m for m in query.themes if m.source == "words"}


def test_a_theme_named_only_by_an_everyday_word_of_a_sentence_leaves_room_for_meaning(
    vocabulary,
):
    # "alleen" (alone/only) is a theme word, but one of the most common Dutch words: in a
    # sentence about groceries it does not decide the need on its own.
    query = analyse("mijn moeder woont alleen en kan haar boodschappen niet doen", vocabulary)
    assert _word_themes(query)["eenzaamheid-en-ontmoeting"].everyday
    assert not fusion.words_decide(query)
    assert fusion.THEME_WORDS_FACTOR < fusion.EVERYDAY_WORDS_FACTOR < 1.0


@pytest.mark.parametrize(
    "text",
    [
        "mijn moeder woont alleen en kan haar boodschappen niet doen",
        "ik heb last van eenzaamheid en ben vaak alleen",  # even beside a telling theme word
    ],
)
def test_in_a_sentence_meaning_counts_fully(vocabulary, text):
    query = analyse(text, vocabulary)
    assert fusion.is_description(query)
    assert fusion.semantic_share(query, []) == fusion.SENTENCE_FACTOR == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "alleen",  # a word alone is what the resident asks for
        "alleen en eenzaam",  # a short query, no sentence
        "eenzaamheid alleen",
    ],
)
def test_a_theme_named_in_few_words_decides(vocabulary, text):
    query = analyse(text, vocabulary)
    assert not _word_themes(query)["eenzaamheid-en-ontmoeting"].everyday
    assert fusion.words_decide(query)
    assert fusion.semantic_share(query, []) == fusion.THEME_WORDS_FACTOR


def test_a_sentence_of_only_everyday_words_keeps_them_all():
    terms = [QueryTerm(w) for w in ("alleen", "people", "work")]
    assert not any(query_module._everyday_in_sentence(terms))
    terms.append(QueryTerm("boodschappen"))
    assert query_module._everyday_in_sentence(terms) == [True, True, True, False]


def test_everyday_frequency_tells_common_words_from_topical_ones():
    assert spelling.everyday_frequency("alleen") >= query_module.EVERYDAY_ZIPF
    assert spelling.everyday_frequency("schulden") < query_module.EVERYDAY_ZIPF
    assert spelling.everyday_frequency("boodschappen") < query_module.EVERYDAY_ZIPF
    assert spelling.everyday_frequency("") == 0.0


def test_semantic_feature_is_relative_and_ignores_the_far_tail():
    # E5's cosines: 0.88 is a close match, 0.80 a vague likeness.
    assert fusion.semantic_feature(0.88, 0.88) == 1.0
    assert 0 < fusion.semantic_feature(0.86, 0.88) < 1.0
    assert fusion.semantic_feature(0.80, 0.88) == 0.0
    assert fusion.semantic_feature(0.0, 0.0) == 0.0


def test_themes_by_meaning_follow_the_most_similar_items():
    themes = {
        1: ThemeTerms(1, "geldzaken", "Geldzaken", []),
        2: ThemeTerms(2, "x", "X", []),
    }
    # 21 is below the encoder's noise level: it does not vote.
    similar = {"organisation": {10: 0.88, 11: 0.86}, "service": {20: 0.84, 21: 0.6}}
    tags = {10: [1], 11: [1], 20: [1, 2], 21: [2]}
    found = fusion.themes_by_meaning(similar, lambda kind, pk: tags[pk], themes)
    assert [m.theme.slug for m in found][0] == "geldzaken"
    assert all(m.source == "meaning" for m in found)
    only_noise = {"service": {21: 0.6}}
    assert fusion.themes_by_meaning(only_noise, lambda kind, pk: tags[pk], themes) == []
    assert fusion.themes_by_meaning({}, lambda kind, pk: [], themes) == []


def test_several_needs_each_get_places_on_the_first_page():
    hits = [
        Hit("service", object(), title=f"geld {i}", theme_ids=frozenset([1])) for i in range(12)
    ]
    hits += [
        Hit("service", object(), title=f"eenzaam {i}", theme_ids=frozenset([2])) for i in range(5)
    ]
    page = fusion.interleave_needs(hits, [{1}, {2}])[: fusion.PAGE]
    assert sum(1 for h in page if 2 in h.theme_ids) >= fusion.PER_NEED
    assert page[0] is hits[0]  # the best match stays first
    assert fusion.interleave_needs(hits, [{1}]) == hits


def test_the_encoder_places_a_need_near_its_text_in_other_languages():
    texts = [
        "Schuldhulp. Een vrijwilliger helpt u met schulden en rekeningen.",
        "Taalcafé. Nederlands leren en oefenen met praten.",
        "Wandelclub. Samen wandelen in de buurt.",
    ]
    vectors = semantic.encode(texts)
    assert vectors.shape == (3, semantic.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    for query, expected in [("help with debt", 0), ("borç yardımı", 0), ("learn dutch", 1)]:
        assert int(np.argmax(vectors @ semantic.query_vectors.get(query))) == expected


def test_item_texts_are_embedded_once_per_process_and_as_passages():
    semantic.passage_vectors.clear()
    text = "Schuldhulp. Een vrijwilliger helpt u met schulden."
    first = semantic.passage_vectors.get_many({"hash-1": text})["hash-1"]
    assert semantic.passage_vectors.get_many({"hash-1": text})["hash-1"] is first
    # E5 embeds a search and an item text differently (query: / passage:).
    assert not np.allclose(first, semantic.query_vectors.get(text))


def test_query_vectors_are_cached():
    semantic.query_vectors.clear()
    first = semantic.query_vectors.get("eenzaam")
    assert semantic.query_vectors.get("eenzaam") is first


def test_the_semantic_index_keeps_only_allowed_and_similar_items():
    vectors = semantic.encode(["schulden en rekeningen", "wandelen in het bos"])
    index = semantic.SemanticIndex.from_vectors(
        vectors, np.array([1, 2]), {"organisation": np.array([0, 1], dtype=np.int32)}
    )
    query = semantic.query_vectors.get("hulp bij schulden")
    found = index.search(query, ["organisation", "service"], 5)
    assert list(found["organisation"])[0] == 1
    assert "service" not in found
    assert index.search(query, ["organisation"], 5, {"organisation": lambda pk: pk != 1}) == {
        "organisation": {k: v for k, v in found["organisation"].items() if k != 1}
    }


def test_theme_match_records_its_source():
    match = ThemeMatch(ThemeTerms(1, "x", "X", []), 0.6, "meaning")
    assert match.source == "meaning" and match.words == ()


def test_a_weak_theme_word_that_meaning_does_not_confirm_no_longer_decides():
    money = ThemeTerms(1, "geldzaken", "Geldzaken", [])
    language = ThemeTerms(2, "taal", "Taal", [])
    # "practice" names a theme only weakly; the most similar items are about language.
    weak = ThemeMatch(money, fusion.SURE_WORDS_STRENGTH - 0.1, "words", ("practice",))
    sure = ThemeMatch(language, 1.0, "words", ("dutch",))
    by_meaning = [ThemeMatch(language, 0.75, "meaning")]
    fusion.doubt_unconfirmed_themes([weak, sure], by_meaning)
    assert weak.everyday and not sure.everyday

    # The same weak word, confirmed by meaning, still decides.
    confirmed = ThemeMatch(money, fusion.SURE_WORDS_STRENGTH - 0.1, "words", ("free",))
    fusion.doubt_unconfirmed_themes([confirmed], [ThemeMatch(money, 0.75, "meaning")])
    assert not confirmed.everyday


def test_a_theme_tag_alone_ranks_below_the_theme_items_that_match_otherwise():
    tagged_only = ranking.Features(theme=1.0)
    # A weaker theme match with a little meaning or a word of the name says more about
    # which item fits than the tag of a stronger theme alone.
    weaker_and_meant = ranking.Features(theme=0.7, semantic=0.1)
    weaker_and_named = ranking.Features(theme=0.7, title=0.1)
    assert ranking.score(weaker_and_meant) > ranking.score(tagged_only)
    assert ranking.score(weaker_and_named) > ranking.score(tagged_only)
    # Still above an item the words match weakly without the theme.
    assert ranking.score(tagged_only) > ranking.score(ranking.Features(text=0.5))


def test_only_items_close_in_meaning_become_candidates():
    # E5: 0.90 the best, 0.89 close to it, 0.80 far below (a vague likeness any text has).
    similar = {"organisation": {1: 0.90, 2: 0.80}, "service": {3: 0.89}}
    assert fusion.close_in_meaning(similar) == {"organisation": [1], "service": [3]}
    assert fusion.close_in_meaning({}) == {}


@pytest.fixture(scope="module")
def small_word_vocabulary():
    themes = [
        FakeTheme(1, "geld-test", "Geld", "", ["geen eten", "nie pamięta", "schulden"]),
        FakeTheme(2, "vrije-tijd-test", "Vrije tijd", "", ["iets doen voor een ander"]),
    ]
    return vocabulary_from(["het eten is klaar", "een ander huis", "hij pamięta"], themes)


@pytest.mark.parametrize(
    "query, slug",
    [
        ("geen eten in huis", "geld-test"),
        ("kind wil niet eten", None),  # "geen eten" is no single word "eten"
        ("mama nie pamięta", "geld-test"),
        ("mama pamięta", None),  # "does not remember" needs its "not"
        ("wat doen voor anderen", "vrije-tijd-test"),  # half of the small words do
        ("een ander huis", None),
    ],
)
def test_a_phrase_of_one_word_and_small_words_needs_the_small_words(
    small_word_vocabulary, query, slug
):
    themes = _themes(query, small_word_vocabulary)
    assert (themes[0] if themes else None) == slug


@pytest.mark.parametrize("query", ["how do i sign up", "kto pomoże nad ranem"])
def test_function_words_name_no_theme(query):
    # "up" is a word of "Parenting and growing up", Polish "nad" of "Opieka nad bliskimi"
    themes = [
        FakeTheme(1, "opvoeden-en-opgroeien", "Opvoeden", "Parenting and growing up", []),
        FakeTheme(2, "mantelzorg", "Mantelzorg", "", []),
    ]
    assert _themes(query, vocabulary_from(["tekst"], themes)) == []
