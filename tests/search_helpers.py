"""A search vocabulary built from a few texts and themes, without a database (for the
query-understanding tests)."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from search.text import stem, words
from search.vocabulary import ThemeTerms, Vocabulary

SAMPLE = Path(__file__).resolve().parent.parent / "portal" / "fixtures" / "sociale-kaart"


@cache
def sample_words(slug: str) -> tuple[list[str], dict[str, tuple[str, list[str]]]]:
    """The sample set's Dutch search words of a theme and its (name, words) per language."""
    with (SAMPLE / "themes.csv").open(encoding="utf-8") as handle:
        dutch = next((r["synonyms"] for r in csv.DictReader(handle) if r["slug"] == slug), "")
    with (SAMPLE / "theme_texts.csv").open(encoding="utf-8") as handle:
        texts = {
            r["language"]: (r["name"], r["search_words"].split(";"))
            for r in csv.DictReader(handle)
            if r["theme"] == slug
        }
    return [w for w in dutch.split(";") if w], texts


def _merged(*lists) -> list[str]:
    return list(dict.fromkeys(w for words_ in lists for w in words_ if w))


@dataclass
class FakeText:
    language: str
    name: str
    search_word_list: list[str] = field(default_factory=list)


class FakeTexts(list):
    def all(self):
        return self


class FakeTheme:
    """A theme as the vocabulary reads it, with the sample set's words for its slug added,
    as a database seeded from the sample set has them."""

    def __init__(self, pk, slug, name, name_en, synonyms, synonyms_en=()):
        dutch, texts = sample_words(slug)
        self.pk, self.slug, self.name = pk, slug, name
        self.synonym_list = _merged(synonyms, dutch)
        english = FakeText("en", name_en, _merged(synonyms_en, texts.get("en", ("", []))[1]))
        others = [FakeText(lang, n, list(w)) for lang, (n, w) in texts.items() if lang != "en"]
        self.texts = FakeTexts([english, *others] if name_en or synonyms_en else others)


def vocabulary_from(texts: list[str], themes) -> Vocabulary:
    """As the database vocabulary is built: document frequencies of words and stems of the
    texts and the themes' Dutch words (the vocabulary knows every theme word itself)."""
    word_df, stem_df = Counter(), Counter()
    dutch = [" ".join([t.name, *t.synonym_list]) for t in themes]
    for text in [*texts, *dutch]:
        doc = set(words(text))
        word_df.update(doc)
        stem_df.update({stem(w) for w in doc})
    terms = [ThemeTerms.of(t) for t in themes]
    return Vocabulary(dict(word_df), dict(stem_df), len(texts) + len(dutch), terms)
