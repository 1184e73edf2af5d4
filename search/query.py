"""Query understanding: from what a resident typed to weighted terms and likely themes.

Pure Python over a ``Vocabulary`` (no database access here), so it is unit-tested on its
own and behaves the same whichever search engine runs the query.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import spelling
from .text import (
    MAX_QUERY_WORDS,
    WORD_RE,
    fold,
    is_stopword,
    is_vague,
    normalise,
    stem,
    stem_en,
    words,
)
from .vocabulary import ThemeTerms, Vocabulary

PART_WEIGHT = 0.5
THEME_THRESHOLD = 0.5
RELATIVE_THEME_CUTOFF = 0.7
# How much a query word counts towards a theme word, by how it matched.
EXACT, SAME_STEM, VIA_PART, FUZZY, SHARED_PART, INSIDE = 1.0, 0.65, 0.75, 0.7, 0.6, 0.4
COGNATE = 0.7
# A Turkish, Polish or Ukrainian theme word with another ending ("çocuğumla" for "çocuk",
# "pracę" for "praca"): the words share all of the theme word but its last letters.
SUFFIXED = 0.7
SUFFIX_STEM_MIN = 4
SUFFIX_DROPPED = 2
PARTIAL_PHRASE = 0.6
# A Dutch or English word at least this common (Zipf 3: once per million words) is the word
# the resident meant, not a typo or an inflected form of a theme word it resembles.
RESEMBLING_ZIPF = 3.0
# Cognates share the start of the word: at least this many letters, and this share of the
# shorter stem ("depressie"/"depression": "depressi", 8 of "depress").
COGNATE_PREFIX, COGNATE_SHARE = 6, 0.8
# A compound part only points to a theme if it is not an everyday word of this corpus:
# "taal" in "taalles" does, "zorg" in "zorgboerderij" does not.
MAX_PART_DOCUMENT_SHARE = 0.1


# A word in more than this share of documents ("hulp") adds little but costs the engine
# most: it is left out of the engine query when the query has a more telling word.
COMMON_SHARE = 0.25
# A sentence (this many telling words or more) is decided by its content words: everyday
# words ("terecht", "thuis", "dag") and words in many documents count this much.
LONG_QUERY = 3
VAGUE_FACTOR = 0.35
# In a sentence, a word this common in everyday language (Zipf, ``spelling``; 5.8 is about
# once in 1,600 words: "alleen", "people", "work") names a theme only weakly, even when it is
# a theme word ("mijn moeder woont alleen en ..."): the meaning of the sentence decides too.
EVERYDAY_ZIPF = 5.8
# Between the telling words of a query, the rarest counts fully, the most common this much.
IDF_BASE = 0.75


@dataclass
class QueryTerm:
    word: str
    correction: str | None = None
    parts: list[str] = field(default_factory=list)
    weight: float = 1.0
    common: bool = False
    names: bool = False  # names an organisation or location (``search.names``)

    @property
    def forms(self) -> list[str]:
        return [self.word, self.correction] if self.correction else [self.word]


@dataclass
class ThemeMatch:
    theme: ThemeTerms
    strength: float
    # "words": the query holds the theme's words; "meaning": the items most similar in
    # meaning share the theme (``search.fusion.themes_by_meaning``).
    source: str = "words"
    # The query words that matched (several needs are themes matched by different words).
    words: tuple[str, ...] = ()
    # Named only by everyday words of a sentence ("woont alleen"): the meaning of the whole
    # sentence may decide too (``search.fusion.words_decide``).
    everyday: bool = False


@dataclass
class AnalysedQuery:
    raw: str
    text: str
    terms: list[QueryTerm]
    themes: list[ThemeMatch]
    # The district the query names (``search.places.Place``), set by the engine.
    place: object = None

    @property
    def is_empty(self) -> bool:
        return not self.terms

    @property
    def telling_terms(self) -> list[QueryTerm]:
        """The words that are not in a large share of all texts (or vague in a sentence)."""
        return [t for t in self.terms if not t.common]

    @property
    def corrected_text(self) -> str | None:
        """The query with spelling corrections applied, if any word was corrected."""
        if not any(t.correction for t in self.terms):
            return None
        return " ".join(t.correction or t.word for t in self.terms)

    def engine_terms(self) -> list[tuple[str, float]]:
        """Words to send to the full-text engine with their weights (OR semantics)."""
        weighted: dict[str, float] = {}
        for term in self.telling_terms or self.terms:
            for form in term.forms:
                weighted[form] = max(weighted.get(form, 0), term.weight)
            for part in term.parts:
                weighted[part] = max(weighted.get(part, 0), term.weight * PART_WEIGHT)
        return list(weighted.items())

    def theme_strength(self, theme_id: int) -> float:
        return max((m.strength for m in self.themes if m.theme.id == theme_id), default=0.0)


@lru_cache(maxsize=20_000)
def _stems(word: str) -> tuple[str, str]:
    return stem(word), stem_en(word)


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    a_nl, a_en = _stems(a)
    b_nl, b_en = _stems(b)
    return a_nl == b_nl or a_en == b_en


def _may_resemble(form: str) -> bool:
    """May ``form`` match a theme word it only resembles (a typo, another ending)? Not
    when it is an everyday Dutch or English word itself: "gevonden" is no typo of
    "gezond", "prachtig" no form of the Polish "praca"."""
    return spelling.everyday_frequency(form) < RESEMBLING_ZIPF


def _word_match(term: QueryTerm, theme_word: str, vocabulary: Vocabulary) -> float:
    best = 0.0
    for form in term.forms:
        if form == theme_word:
            return EXACT
        if _same_word(form, theme_word):
            best = SAME_STEM
    if best:
        return best
    rare_parts = [p for p in term.parts if vocabulary.share(p) < MAX_PART_DOCUMENT_SHARE]
    if any(_same_word(part, theme_word) for part in rare_parts):
        return VIA_PART
    resembling = [form for form in term.forms if _may_resemble(form)]
    for form in resembling:
        long_enough = len(form) >= 6 and len(theme_word) >= 6
        if long_enough and OSA.distance(_stems(form)[0], _stems(theme_word)[0]) <= 1:
            return FUZZY
    if any(_cognate(form, theme_word, vocabulary) for form in term.forms):
        return COGNATE
    if theme_word in vocabulary.suffixing_theme_words and any(
        _same_word_but_ending(form, theme_word) for form in resembling
    ):
        return SUFFIXED
    theme_parts = vocabulary.split(theme_word)
    first_part_rare = bool(term.parts) and term.parts[0] in rare_parts
    if theme_parts and first_part_rare and _same_word(theme_parts[0], term.parts[0]):
        return SHARED_PART
    # "geld" is what "geldzaken" is about (the modifier comes first in Dutch compounds).
    if theme_parts and any(
        _same_word(f, theme_parts[0]) and vocabulary.share(f) < MAX_PART_DOCUMENT_SHARE
        for f in term.forms
    ):
        return SHARED_PART
    if theme_parts and any(_same_word(f, p) for f in term.forms for p in theme_parts):
        return INSIDE
    return 0.0


class _ThemeWordFinder:
    """The theme words a query word may match at all, found through indexes instead of
    comparing the word with every theme word (thousands, in six languages).

    Each index stands for one way ``_word_match`` can match: the same stem, a typo of a
    long stem, a shared start (cognates, other endings), a shared compound part. So the
    words it returns are a superset of those ``_word_match`` scores above zero, and only
    those are scored.
    """

    def __init__(self, vocabulary: Vocabulary):
        self.by_stem: dict[str, set[str]] = {}
        self.by_part_stem: dict[str, set[str]] = {}
        self.by_start: dict[str, set[str]] = {}
        long_stems: dict[str, set[str]] = {}
        for theme_word in vocabulary.theme_words:
            for word_stem in {theme_word, *_stems(theme_word)}:
                self.by_stem.setdefault(word_stem, set()).add(theme_word)
            for part in vocabulary.split(theme_word):
                for part_stem in {part, *_stems(part)}:
                    self.by_part_stem.setdefault(part_stem, set()).add(theme_word)
            self.by_start.setdefault(theme_word[:SUFFIX_STEM_MIN], set()).add(theme_word)
            if len(theme_word) >= 6:
                long_stems.setdefault(_stems(theme_word)[0], set()).add(theme_word)
        self.long_stems = long_stems
        self.long_stem_list = list(long_stems)

    def candidates(self, term: QueryTerm) -> set[str]:
        found: set[str] = set()
        for word in [*term.forms, *term.parts]:
            for word_stem in {word, *_stems(word)}:
                found.update(self.by_stem.get(word_stem, ()))
                found.update(self.by_part_stem.get(word_stem, ()))
        for form in term.forms:
            # Cognates and other endings share at least the first SUFFIX_STEM_MIN letters.
            found.update(self.by_start.get(form[:SUFFIX_STEM_MIN], ()))
            if len(form) >= 6:
                typos = process.extract(
                    _stems(form)[0],
                    self.long_stem_list,
                    scorer=OSA.distance,
                    score_cutoff=1,
                    limit=None,
                )
                for long_stem, _distance, _index in typos:
                    found.update(self.long_stems[long_stem])
        return found


def _theme_word_scores(term: QueryTerm, vocabulary: Vocabulary) -> dict[str, float]:
    """How well ``term`` matches each theme word (only words it matches at all).

    A pure function of the term and the vocabulary, so it is remembered per vocabulary:
    residents type the same words again and again.
    """
    key = (tuple(term.forms), tuple(term.parts))
    scores = vocabulary.term_theme_scores.get(key)
    if scores is None:
        if vocabulary.theme_word_finder is None:
            vocabulary.theme_word_finder = _ThemeWordFinder(vocabulary)
        scores = {}
        for theme_word in sorted(vocabulary.theme_word_finder.candidates(term)):
            score = _word_match(term, theme_word, vocabulary)
            if score:
                scores[theme_word] = score
        if len(vocabulary.term_theme_scores) > 50_000:
            vocabulary.term_theme_scores.clear()
        vocabulary.term_theme_scores[key] = scores
    return scores


def _same_word_but_ending(form: str, theme_word: str) -> bool:
    """``form`` is ``theme_word`` with another ending: they share at least
    ``SUFFIX_STEM_MIN`` letters and all of the theme word but its last ``SUFFIX_DROPPED``
    (Turkish agglutinates, Polish and Ukrainian decline; a mutated last consonant, as in
    "çocuk"/"çocuğ-", falls in the dropped part)."""
    shared = len(os.path.commonprefix([form, theme_word]))
    return shared >= max(SUFFIX_STEM_MIN, len(theme_word) - SUFFIX_DROPPED)


def _cognate(form: str, theme_word: str, vocabulary: Vocabulary) -> bool:
    """The same word in the other language ("depressie" for the English synonym
    "depression", "dementia" for "dementie"), or another form of a theme word for a word
    the corpus never uses ("verslaafd" for "verslaving"). Within one language a shared
    start alone is no proof ("verslag" is not "verslaving"), hence the conditions.
    """
    if len(form) < COGNATE_PREFIX or len(theme_word) < COGNATE_PREFIX or form == theme_word:
        return False
    shared = len(os.path.commonprefix([form, theme_word]))
    if shared < COGNATE_PREFIX:
        return False
    form_stem = min(len(s) for s in _stems(form))
    theme_stem = min(len(s) for s in _stems(theme_word))
    if not vocabulary.is_known(form):
        return shared >= COGNATE_SHARE * min(form_stem, theme_stem)
    across_languages = (theme_word in vocabulary.english_theme_words) != (
        form in vocabulary.english_theme_words
    )
    # Strict across languages: "informatie" is not "informal" (shares "informa").
    return across_languages and shared >= COGNATE_SHARE * max(form_stem, theme_stem)


def _phrase_score(phrase, term_scores: list[dict[str, float]], partial: bool) -> float:
    """How well the query matches a theme phrase: every word of it, or (``partial``) at
    least half of a longer phrase, which counts less ("learn dutch" ~ "dutch lessons")."""
    word_scores = [max((s.get(w, 0.0) for s in term_scores), default=0.0) for w in phrase.words]
    if not partial:
        return min(word_scores)
    matched = [score for score in word_scores if score]
    if len(phrase.words) < 2 or len(matched) * 2 < len(phrase.words):
        return 0.0
    return PARTIAL_PHRASE * min(matched)


def _everyday_in_sentence(terms: list[QueryTerm]) -> list[bool]:
    """Which words of a sentence are everyday words beside a word that is not one.

    When all are ("wat doe je als je alleen bent"), they are all the resident said."""
    if len(terms) < LONG_QUERY:
        return [False] * len(terms)
    everyday = [spelling.everyday_frequency(t.correction or t.word) >= EVERYDAY_ZIPF for t in terms]
    return everyday if not all(everyday) else [False] * len(terms)


def _informativeness(terms: list[QueryTerm], vocabulary: Vocabulary) -> list[float]:
    """How much each word may decide the query's theme: one word fully; with several, the
    rarer words (corpus idf) somewhat more, everyday words much less, and in a sentence
    very common words too ("hij slaat de kinderen": "slaat" says more than "kinderen")."""
    if len(terms) < 2:
        return [0.0 if t.names else 1.0 for t in terms]
    highest = max(t.weight for t in terms) or 1.0
    factors = []
    for term in terms:
        word = term.correction or term.word
        factor = IDF_BASE + (1 - IDF_BASE) * min(1.0, term.weight / highest)
        if is_vague(word) or (len(terms) >= LONG_QUERY and vocabulary.share(word) > COMMON_SHARE):
            factor = VAGUE_FACTOR
        if term.names:
            factor = 0.0
        factors.append(factor)
    return factors


def match_themes(
    terms: list[QueryTerm], vocabulary: Vocabulary, typed: frozenset[str] = frozenset()
) -> list[ThemeMatch]:
    """The themes the query's words name. ``typed``: every word of the query, stop words
    too: a phrase that requires small words needs at least half of them
    (``ThemePhrase.required``; "wat doen voor anderen" is "iets doen voor een ander")."""
    factors = _informativeness(terms, vocabulary)
    raw_scores = [_theme_word_scores(t, vocabulary) for t in terms]
    # A word alone is weighed by how informative it is; a whole phrase of a theme
    # ("iets doen voor een ander") says what it says, everyday words and all.
    weighed_scores = [
        {word: score * factor for word, score in scores.items()} if factor != 1.0 else scores
        for scores, factor in zip(raw_scores, factors, strict=True)
    ]
    term_scores = weighed_scores
    everyday = _everyday_in_sentence(terms)
    matches = []
    # Partly matched phrases only when nothing matches whole: a weak clue beats none.
    for partial in (False, True):
        for theme in vocabulary.themes:
            strength, best_phrase = 0.0, None
            for phrase in theme.phrases:
                if len(phrase.required & typed) * 2 < len(phrase.required):
                    continue
                scores = raw_scores if len(phrase.words) > 1 and not partial else weighed_scores
                score = phrase.weight * _phrase_score(phrase, scores, partial)
                if score > strength:
                    strength, best_phrase = score, phrase
            if strength >= THEME_THRESHOLD:
                matching = [
                    i
                    for i, scores in enumerate(term_scores)
                    if any(scores.get(w) for w in best_phrase.words)
                ]
                matched = tuple(terms[i].word for i in matching)
                # Everyday only if no other word of the query names this theme as well.
                naming = matching + [
                    i
                    for i, scores in enumerate(term_scores)
                    if any(
                        scores.get(w, 0.0) >= THEME_THRESHOLD
                        for p in theme.phrases
                        for w in p.words
                    )
                ]
                only_everyday = bool(naming) and all(everyday[i] for i in naming)
                matches.append(ThemeMatch(theme, strength, "words", matched, only_everyday))
        if matches:
            break
    matches.sort(key=lambda m: -m.strength)
    # A much weaker match is usually another sense of the word: "ouderen" is exactly a
    # word of "Ouder worden" and only shares a stem with "ouders" (Opvoeden).
    best = matches[0].strength if matches else 0.0
    return [m for m in matches if m.strength >= RELATIVE_THEME_CUTOFF * best]


def analyse(raw: str | None, vocabulary: Vocabulary, keep=frozenset()) -> AnalysedQuery:
    """``keep``: words never to correct (they name an organisation or location)."""
    text = normalise(raw)
    terms: list[QueryTerm] = []
    seen: set[str] = set()
    # As typed (accents kept): "borç" is a Turkish word, its folded form "borc" is not.
    typed = {fold(w): w for w in WORD_RE.findall(text)}
    text_words = words(text)
    content = [w for w in dict.fromkeys(text_words) if not is_stopword(w)]
    sentence = len(content) >= LONG_QUERY
    for word in text_words:
        if is_stopword(word) or word in seen:
            continue
        seen.add(word)
        if len(terms) >= MAX_QUERY_WORDS:
            break
        valid = word in keep or spelling.is_valid_word(typed.get(word, word))
        correction = None if valid else vocabulary.correct(word)
        parts = vocabulary.parts_of(correction or word)
        common = vocabulary.share(correction or word) > COMMON_SHARE
        weight = vocabulary.idf(correction or word)
        if sentence and is_vague(correction or word):
            weight *= VAGUE_FACTOR
            common = True
        terms.append(QueryTerm(word, correction, parts, weight, common, word in keep))
    if not terms:
        # A query of only stop words ("wat is dat") still means something to a resident.
        terms = [QueryTerm(w, None, [], 1.0) for w in dict.fromkeys(text_words)][:3]
    themes = match_themes(terms, vocabulary, frozenset(text_words))
    return AnalysedQuery(raw or "", text, terms, themes)
