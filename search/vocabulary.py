"""The search vocabulary: every word residents can find, and the themes' everyday words.

Built from the database (theme names and the search words editors keep per theme and
language, Dutch on the theme and every other language in its ThemeText rows, plus the
words of everything published), it drives spelling correction, compound
splitting and theme detection. Building it reads all text, so it is cached: the version
number lives in the shared cache (a Theme save or an import bumps it, see ``invalidate``)
and each process keeps its own copy for at most ``MAX_AGE`` seconds so that new words
from ordinary edits arrive without a signal per save.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from directory.models import Theme, ThemeText
from portal.core.invalidation import VOCABULARY_VERSION
from portal.core.kinds import item_kinds

from . import spelling
from .compounds import MIN_PART, split_compound
from .kinds import PAGE_VOCABULARY_FIELDS, page_model
from .memo import ProcessMemo
from .text import content_words, is_stopword, stem, stem_en, words

VERSION_KEY = VOCABULARY_VERSION
MAX_AGE = 600
_TAG_RE = re.compile(r"<[^>]+>")

NAME_WEIGHT = 1.0
# Length of a known word at the start of an unknown one that counts as its modifier.
LONG_PREFIX = 6
NAME_WORD_WEIGHT = 0.8
# Languages whose words take case and possessive endings that no stemmer here removes.
SUFFIXING_LANGUAGES = ("tr", "pl", "uk")
# A search word or phrase an editor keeps on a theme (Theme.synonyms, ThemeText.search_words).
THEME_WORD_WEIGHT = 1.0


@dataclass(frozen=True)
class ThemePhrase:
    words: tuple[str, ...]
    weight: float
    language: str = "nl"
    # Small words the query must hold as well (at least half of them), for a phrase that
    # has one word left without them: "geen eten" must not make every "eten" a money
    # question, nor "nie pamięta" ("does not remember") every "pamięta", nor "iets doen
    # voor een ander" every "ander".
    required: frozenset[str] = frozenset()


@dataclass
class ThemeTerms:
    id: int
    slug: str
    name: str
    phrases: list[ThemePhrase]
    # The theme's name per language other than Dutch (its ThemeText rows).
    names: dict[str, str] = field(default_factory=dict)

    def display_name(self, language: str) -> str:
        """The name in ``language``, else the Dutch one (as ``Theme.display_name``)."""
        return self.names.get(language) or self.name

    @classmethod
    def of(cls, theme) -> ThemeTerms:
        """From a Theme whose ``texts`` are loaded (``prefetch_related("texts")``)."""
        names = {text.language: text.name for text in theme.texts.all() if text.name}
        return cls(theme.pk, theme.slug, theme.name, _phrases_for(theme), names)


@dataclass
class Vocabulary:
    word_df: dict[str, int] = field(default_factory=dict)
    stem_df: dict[str, int] = field(default_factory=dict)
    doc_count: int = 0
    themes: list[ThemeTerms] = field(default_factory=list)
    _by_length: dict[int, list[str]] = field(default_factory=dict, repr=False)
    _splits: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _parts: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    # search.query's per-word theme matches, remembered for as long as this vocabulary lives
    term_theme_scores: dict[tuple, dict[str, float]] = field(default_factory=dict, repr=False)
    # search.query's index of the theme words, built on first use
    theme_word_finder: object = field(default=None, repr=False)
    # search.engine's analysed result titles (their compound parts depend on this vocabulary)
    title_words_memo: dict[str, object] = field(default_factory=dict, repr=False)
    theme_words: frozenset[str] = field(default=frozenset(), repr=False)
    theme_stems: frozenset[str] = field(default=frozenset(), repr=False)
    english_theme_words: frozenset[str] = field(default=frozenset(), repr=False)
    # Theme words of the languages that inflect by suffixes and have no stemmer here
    # (Turkish, Polish, Ukrainian): "çocuk" is also "çocuğumla", "робота" also "роботою".
    suffixing_theme_words: frozenset[str] = field(default=frozenset(), repr=False)

    def __post_init__(self):
        words_by_language: dict[str, set[str]] = {"nl": set(), "en": set()}
        for theme in self.themes:
            for phrase in theme.phrases:
                words_by_language.setdefault(phrase.language, set()).update(phrase.words)
        self.theme_words = frozenset().union(*words_by_language.values())
        # Spelling corrections: the texts' words and the theme words of every language
        # ("lonley" -> "lonely", an Arabic word with a prefix -> the theme word).
        for word in self.word_df.keys() | self.theme_words:
            if len(word) >= 3 and word.isalpha():
                self._by_length.setdefault(len(word), []).append(word)
        self.theme_stems = frozenset(
            word_stem for word in self.theme_words for word_stem in (stem(word), stem_en(word))
        )
        # Words only the English names and synonyms use ("depression", not "alcohol").
        self.english_theme_words = frozenset(words_by_language["en"] - words_by_language["nl"])
        self.suffixing_theme_words = frozenset().union(
            *(words_by_language.get(language, set()) for language in SUFFIXING_LANGUAGES)
        ) - (words_by_language["nl"] | words_by_language["en"])

    def is_known(self, word: str) -> bool:
        """A word of the texts, or a theme word in any language (also by its Dutch or
        English stem: "depressed" for "depression")."""
        word_stem = stem(word)
        return (
            word in self.word_df
            or word_stem in self.stem_df
            or word in self.theme_words
            or word_stem in self.theme_stems
        )

    def is_part(self, text: str) -> bool:
        """May ``text`` be one part of a compound word?"""
        if len(text) < MIN_PART or is_stopword(text):
            return False
        return text in self.word_df or text in self.stem_df

    def split(self, word: str) -> list[str]:
        parts = self._splits.get(word)
        if parts is None:
            parts = split_compound(word, self.is_part)
            if len(self._splits) < 200_000:
                self._splits[word] = parts
        return parts

    def share(self, word: str) -> float:
        """Share of documents containing the word (by stem)."""
        df = max(self.stem_df.get(stem(word), 0), self.word_df.get(word, 0))
        return df / self.doc_count if self.doc_count else 0.0

    def split_deep(self, word: str, depth: int = 2) -> list[str]:
        """Parts, and the parts of parts ("schuldhulp|verlening" -> also schuld, hulp)."""
        found: dict[str, None] = {}
        for part in self.split(word):
            found.setdefault(part, None)
            if depth > 1:
                for sub in self.split_deep(part, depth - 1):
                    found.setdefault(sub, None)
        return list(found)

    def parts_of(self, word: str) -> list[str]:
        """Compound parts of a word; else its known start and that start's parts.

        The fallback covers compounds whose last part the corpus never uses alone
        ("schuldhulp|verlening" -> schuldhulp, schuld, hulp).
        """
        # Indexing asks for the same words over and over (every description repeats them):
        # decompound each distinct word once per vocabulary.
        parts = self._parts.get(word)
        if parts is None:
            parts = tuple(self._parts_of(word))
            if len(self._parts) < 200_000:
                self._parts[word] = parts
        return list(parts)

    def _parts_of(self, word: str) -> list[str]:
        parts = self.split_deep(word)
        if parts:
            return parts
        prefix = self.known_prefix(word)
        if not prefix:
            return []
        return [prefix, *[p for p in self.split_deep(prefix) if p != prefix]]

    def known_prefix(self, word: str) -> str | None:
        """The longest known word that starts an unknown word and covers half of it.

        "werkloos" -> "werk": Dutch compounds put the modifier first, so the start of an
        unknown compound usually says what it is about.
        """
        half = max(3, (len(word) + 1) // 2)
        # A word nobody used ("schuldsanering") may start with a long word the corpus knows
        # in another form ("schuld" from "schulden"), covering less than half of it: that
        # is still the best clue there is.
        unknown = not self.is_known(word)
        for end in range(len(word) - 1, min(half, LONG_PREFIX) - 1, -1):
            prefix = word[:end]
            if end >= half and self.is_part(prefix) and prefix in self.word_df:
                return prefix
            if unknown and end >= LONG_PREFIX and self.is_part(prefix):
                return prefix
        return None

    def idf(self, word: str) -> float:
        """Inverse document frequency of a word (by stem), for weighting query words."""
        df = self.stem_df.get(stem(word), 0) or self.word_df.get(word, 0)
        return math.log(1 + (self.doc_count + 1) / (df + 1))

    def correct(self, word: str) -> str | None:
        """The most frequent known word within a small edit distance, or None.

        Only corrects: a word of any language we serve (``search.spelling``) or of a name
        in the directory is what the resident meant, even if no text here uses it.
        """
        if len(word) < 4 or not word.isalpha() or self.is_known(word):
            return None
        if spelling.is_valid_word(word):
            return None
        max_distance = 1 if len(word) < 8 else 2
        choices = [
            candidate
            for length in range(len(word) - max_distance, len(word) + max_distance + 1)
            for candidate in self._by_length.get(length, ())
        ]
        if not choices:
            return None
        matches = process.extract(
            word, choices, scorer=OSA.distance, score_cutoff=max_distance, limit=20
        )
        if not matches:
            return None
        best = min(matches, key=lambda m: (m[1], -self.word_df.get(m[0], 0), m[0]))
        return best[0]


def _name_phrases(name: str, language: str) -> list[ThemePhrase]:
    name_words = tuple(content_words(name))
    if not name_words:
        return []
    phrases = [ThemePhrase(name_words, NAME_WEIGHT, language)]
    if len(name_words) > 1:
        phrases.extend(ThemePhrase((w,), NAME_WORD_WEIGHT, language) for w in name_words)
    return phrases


def _word_phrases(texts: list[str], language: str) -> list[ThemePhrase]:
    phrases = []
    for text in texts:
        phrase_words = tuple(content_words(text))
        if not phrase_words:
            continue
        typed = words(text)
        required = frozenset(typed) - set(phrase_words) if len(phrase_words) == 1 else frozenset()
        phrases.append(ThemePhrase(phrase_words, THEME_WORD_WEIGHT, language, required))
    return phrases


def _phrases_for(theme) -> list[ThemePhrase]:
    """A theme's names and search words in every language: Dutch from the theme itself,
    the others from its ThemeText rows (load them with ``prefetch_related("texts")``)."""
    texts = sorted(theme.texts.all(), key=lambda text: text.language)
    phrases = _name_phrases(theme.name, "nl")
    for text in texts:
        phrases.extend(_name_phrases(text.name, text.language))
    phrases.extend(_word_phrases(theme.synonym_list, "nl"))
    for text in texts:
        phrases.extend(_word_phrases(text.search_word_list, text.language))
    return phrases


def themes_with_texts():
    return Theme.objects.prefetch_related("texts")


def _documents():
    """Texts of everything that can be found, one string per document."""
    for kind in item_kinds:
        for values in kind.model.objects.live().values_list(*kind.vocabulary_fields):
            yield " ".join(values)
    for values in page_model().objects.live().values_list(*PAGE_VOCABULARY_FIELDS):
        yield " ".join(values)
    # A theme's Dutch words only: its search words in other languages are known (never
    # corrected, see ``Vocabulary.is_known``) and spelling corrections, but not parts of
    # Dutch compounds ("car" as the start of "carint").
    for theme in Theme.objects.only("name", "synonyms", "description"):
        yield " ".join([theme.name, theme.synonyms, theme.description])


def build_vocabulary() -> Vocabulary:
    word_df: Counter[str] = Counter()
    stem_df: Counter[str] = Counter()
    doc_count = 0
    for text in _documents():
        doc_count += 1
        doc_words = set(words(_TAG_RE.sub(" ", text)))
        word_df.update(doc_words)
        stem_df.update({stem(w) for w in doc_words})
    themes = [ThemeTerms.of(theme) for theme in themes_with_texts()]
    return Vocabulary(dict(word_df), dict(stem_df), doc_count, themes)


FINGERPRINT_INTERVAL = 10.0


def _fingerprint() -> tuple:
    """Row counts of what the vocabulary is built from: an import changes them."""
    return tuple(m.objects.count() for m in (Theme, ThemeText, *item_kinds.models()))


_memo = ProcessMemo(VERSION_KEY, build_vocabulary, _fingerprint, MAX_AGE, FINGERPRINT_INTERVAL)


def get_vocabulary() -> Vocabulary:
    return _memo.get()


def invalidate(**kwargs) -> None:
    """Rebuild the vocabulary on next use (connected to Theme saves; call after an import)."""
    _memo.invalidate()
